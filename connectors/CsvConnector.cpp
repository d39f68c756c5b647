#include "CsvConnector.h"

#include "CsvReader.h"
#include "Logging.h"
#include "RowAssembler.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace concord {

CsvConnector::CsvConnector(const ConnectionSpec& spec)
    : FileConnector(spec, u"CSV"_s)
{}

namespace {
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
    if (auto opened = openFile(file); !opened)
        return opened.error();
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
    if (auto opened = openFile(file); !opened)
        return opened.error();
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
    if (auto opened = openFile(file); !opened)
        return opened.error();
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
