#include "SourceDiscovery.h"

#include "Credentials.h"
#include "CsvReader.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// Keeps the first rows a connector streams, then stops it.
class PreviewReceiver : public RowReceiver
{
public:
    explicit PreviewReceiver(int limit)
        : m_limit(limit)
    {}

    void begin(const QList<ColumnInfo>& columns, const QString&) override { m_columns = columns.size(); }
    bool row(const SourceRow& row) override
    {
        QStringList values;
        for (qsizetype c = 0; c < m_columns; ++c)
            values << row.values.value(c);
        rows.append(values);
        return rows.size() < m_limit;
    }

    QList<QStringList> rows;

private:
    int m_limit = 0;
    qsizetype m_columns = 0;
};

QString delimiterName(char delimiter)
{
    switch (delimiter) {
    case '\t':
        return u"tab"_s;
    case ',':
        return u"comma"_s;
    case ';':
        return u"semicolon"_s;
    case '|':
        return u"pipe"_s;
    }
    return QString(QLatin1Char(delimiter));
}

// How a CSV file was read: the delimiter the reader detected and the encoding it accepted.
QString csvFormat(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const bool bom = file.peek(3) == QByteArray("\xEF\xBB\xBF");
    CsvReader reader(file, path);
    if (!reader.readHeader())
        return QString();
    return u"CSV, %1-separated, UTF-8%2, header row of %3 columns"_s.arg(delimiterName(reader.delimiter()))
        .arg(bom ? u" with a byte-order mark"_s : QString())
        .arg(reader.header().size());
}

} // namespace

QStringList SourceSample::columnNames() const
{
    QStringList names;
    for (const ColumnInfo& c : columns)
        names << c.name;
    return names;
}

SourceSample sampleSource(const SystemConfig& draft, const QString& baseDir, const QString& password,
                          int previewRows)
{
    SourceSample sample;
    ConnectionSpec spec;
    spec.name = draft.name.isEmpty() ? u"the new system"_s : draft.name;
    spec.driver = draft.driver;
    spec.host = draft.host;
    spec.port = draft.port;
    spec.user = draft.user;
    spec.database = draft.isFile() && !draft.database.isEmpty()
                        ? QDir(baseDir).absoluteFilePath(draft.database)
                        : draft.database;
    if (password.isEmpty() && draft.isServer()) {
        auto stored = Credentials::password(draft);
        if (!stored) {
            sample.error = stored.errorString();
            return sample;
        }
        spec.password = *stored;
    } else {
        spec.password = password;
    }
    if (spec.database.isEmpty()) {
        sample.error = draft.isFile() ? u"no file chosen"_s : u"no database name given"_s;
        return sample;
    }
    auto connector = createConnector(spec);
    if (!connector) {
        sample.error = connector.errorString();
        return sample;
    }
    if (auto opened = (*connector)->open(); !opened) {
        sample.error = opened.errorString();
        return sample;
    }
    auto entities = (*connector)->entities();
    if (!entities) {
        sample.error = entities.errorString();
        return sample;
    }
    sample.entities = *entities;
    // A file has one entity: it is the one, whatever the draft says.
    sample.entity = draft.isFile() && draft.driver != "sqlite"_L1 ? sample.entities.value(0) : draft.entity;
    if (sample.entity.isEmpty())
        return sample;
    auto columns = (*connector)->columns(sample.entity);
    if (!columns) {
        sample.error = columns.errorString();
        return sample;
    }
    sample.columns = *columns;
    auto count = (*connector)->countRows(sample.entity);
    if (!count) {
        sample.error = count.errorString();
        return sample;
    }
    sample.rows = *count;
    if (draft.driver == "csv"_L1)
        sample.format = csvFormat(spec.database);
    else if (draft.driver == "json"_L1)
        sample.format = u"JSON, UTF-8, %1 fields"_s.arg(sample.columns.size());

    // The preview needs a row identity; before one is chosen, any column serves.
    ReadSpec read{sample.entity, draft.keyColumn, QString(), QString(), QString()};
    bool hasPrimaryKey = false;
    for (const ColumnInfo& c : std::as_const(sample.columns))
        hasPrimaryKey = hasPrimaryKey || c.primaryKey;
    if (!sample.columnNames().contains(read.keyColumn))
        read.keyColumn = hasPrimaryKey || sample.columns.isEmpty() ? QString() : sample.columns.first().name;
    PreviewReceiver receiver(previewRows);
    // The receiver stops the read after the preview's rows: that stop is not an error.
    if (auto read_ = (*connector)->readRows(read, receiver); !read_ && receiver.rows.size() < previewRows)
        sample.error = read_.errorString();
    sample.preview = receiver.rows;
    return sample;
}

} // namespace concord
