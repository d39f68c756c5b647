#include "CsvConnector.h"

#include "CsvReader.h"
#include "Logging.h"
#include "RowAssembler.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace concord {

CsvConnector::CsvConnector(const ConnectionSpec& spec)
    : m_path(spec.database)
    , m_system(spec.name)
    , m_entity(QFileInfo(spec.database).completeBaseName())
{}

Error CsvConnector::error(const QString& message) const
{
    return makeError(m_system.isEmpty() ? message : u"system '%1': %2"_s.arg(m_system, message));
}

Result<void> CsvConnector::open()
{
    const QFileInfo info(m_path);
    if (m_path.isEmpty())
        return error(u"no CSV file path is configured"_s);
    if (!info.exists())
        return error(u"CSV file '%1' does not exist"_s.arg(m_path));
    if (!info.isFile())
        return error(u"'%1' is not a file"_s.arg(m_path));
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return error(u"cannot open CSV file '%1': %2"_s.arg(m_path, file.errorString()));
    return {};
}

void CsvConnector::close() {}

Result<QStringList> CsvConnector::entities()
{
    if (auto opened = open(); !opened)
        return opened.error();
    return QStringList{m_entity};
}

Result<void> CsvConnector::checkEntity(const QString& entity) const
{
    // The entity may be named by the base name entities() lists or by the file path.
    if (entity.isEmpty() || entity == m_entity || entity == m_path ||
        QFileInfo(entity).absoluteFilePath() == QFileInfo(m_path).absoluteFilePath())
        return {};
    return error(
        u"CSV file '%1' has one entity, '%2'; there is no entity '%3'"_s.arg(m_path, m_entity, entity));
}

namespace {
Result<void> openFile(QFile& file, const QString& path)
{
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"cannot open CSV file '%1': %2"_s.arg(path, file.errorString()));
    return {};
}

QList<ColumnInfo> textColumns(const QStringList& header)
{
    QList<ColumnInfo> columns;
    columns.reserve(header.size());
    for (const QString& name : header)
        columns.append(ColumnInfo{name, u"text"_s, false});
    return columns;
}
} // namespace

Result<QList<ColumnInfo>> CsvConnector::columns(const QString& entity)
{
    if (auto known = checkEntity(entity); !known)
        return known.error();
    QFile file(m_path);
    if (auto opened = openFile(file, m_path); !opened)
        return error(opened.errorString());
    CsvReader reader(file, m_path);
    if (auto header = reader.readHeader(); !header)
        return error(header.errorString());
    return textColumns(reader.header());
}

Result<qint64> CsvConnector::readRows(const ReadSpec& spec, RowReceiver& receiver)
{
    if (auto known = checkEntity(spec.entity); !known)
        return known.error();
    QFile file(m_path);
    if (auto opened = openFile(file, m_path); !opened)
        return error(opened.errorString());
    CsvReader reader(file, m_path);
    if (auto header = reader.readHeader(); !header)
        return error(header.errorString());
    const QList<ColumnInfo> columns = textColumns(reader.header());
    auto assembler = RowAssembler::create(columns, spec.keyColumn, spec.versionColumn, m_path, m_system);
    if (!assembler)
        return assembler.error();

    receiver.begin(columns, m_path);
    SourceRow row; // reused: its value list keeps its capacity from row to row
    qint64 count = 0;
    for (;;) {
        auto read = reader.readRecord(row.values);
        if (!read)
            return error(read.errorString());
        if (!*read)
            break;
        row.ordinal = reader.recordNumber();
        row.line = reader.recordLine();
        assembler->assemble(row);
        if (!receiver.row(row))
            return error(
                u"%1: reading stopped at line %2: the receiver refused the row"_s.arg(m_path).arg(row.line));
        ++count;
    }
    receiver.end();
    qCDebug(lcConnectors) << "read" << count << "rows from" << m_path;
    return count;
}

Result<qint64> CsvConnector::countRows(const QString& entity)
{
    if (auto known = checkEntity(entity); !known)
        return known.error();
    QFile file(m_path);
    if (auto opened = openFile(file, m_path); !opened)
        return error(opened.errorString());
    CsvReader reader(file, m_path);
    if (auto header = reader.readHeader(); !header)
        return error(header.errorString());
    qint64 count = 0;
    for (;;) {
        auto read = reader.skipRecord();
        if (!read)
            return error(read.errorString());
        if (!*read)
            return count;
        ++count;
    }
}

} // namespace concord
