#include "JsonConnector.h"

#include "JsonReader.h"
#include "Logging.h"
#include "RowAssembler.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>

using namespace Qt::StringLiterals;

namespace concord {

JsonConnector::JsonConnector(const ConnectionSpec& spec)
    : FileConnector(spec, u"JSON"_s)
{}

Result<QList<ColumnInfo>> JsonConnector::scanColumns() const
{
    QFile file(m_path);
    if (auto opened = openFile(file); !opened)
        return opened.error();
    JsonReader reader(file, m_path);
    QList<ColumnInfo> columns;
    QHash<QString, qsizetype> indexOf;
    QList<JsonMember> members;
    for (;;) {
        auto read = reader.readRecord(members);
        if (!read)
            return error(read.errorString());
        if (!*read)
            return columns;
        for (const JsonMember& member : std::as_const(members)) {
            const auto known = indexOf.constFind(member.key);
            if (known == indexOf.cend()) {
                indexOf.insert(member.key, columns.size());
                columns.append(ColumnInfo{member.key, jsonTypeName(member.type), false});
            } else if (member.type != JsonType::Null && columns[*known].type == u"null"_s) {
                columns[*known].type = jsonTypeName(member.type);
            }
        }
    }
}

Result<QList<ColumnInfo>> JsonConnector::columns(const QString& entity)
{
    if (auto known = checkEntity(entity); !known)
        return known.error();
    return scanColumns();
}

Result<qint64> JsonConnector::readRows(const ReadSpec& spec, RowReceiver& receiver)
{
    if (auto known = checkEntity(spec.entity); !known)
        return known.error();
    auto scanned = scanColumns(); // pass 1: columns, and the whole file validated
    if (!scanned)
        return scanned.error();
    const QList<ColumnInfo> columns = *scanned;
    auto assembler = RowAssembler::create(columns, spec.keyColumn, spec.versionColumn, m_path, m_system);
    if (!assembler)
        return assembler.error();
    QHash<QString, qsizetype> indexOf;
    for (qsizetype i = 0; i < columns.size(); ++i)
        indexOf.insert(columns[i].name, i);

    QFile file(m_path);
    if (auto opened = openFile(file); !opened)
        return opened.error();
    JsonReader reader(file, m_path);
    receiver.begin(columns, m_path);
    SourceRow row;
    QList<JsonMember> members;
    qint64 count = 0;
    for (;;) {
        auto read = reader.readRecord(members);
        if (!read)
            return error(read.errorString());
        if (!*read)
            break;
        row.values.fill(QString(), columns.size()); // absent keys read as null
        for (JsonMember& member : members) {
            const auto index = indexOf.constFind(member.key);
            if (index == indexOf.cend())
                return error(u"%1: line %2: key '%3' was not in the file when its columns were read; "
                             "the file changed while being read"_s.arg(m_path)
                                 .arg(reader.recordLine())
                                 .arg(member.key));
            row.values[*index] = std::move(member.value);
        }
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

Result<qint64> JsonConnector::countRows(const QString& entity)
{
    if (auto known = checkEntity(entity); !known)
        return known.error();
    QFile file(m_path);
    if (auto opened = openFile(file); !opened)
        return opened.error();
    JsonReader reader(file, m_path);
    QList<JsonMember> members;
    qint64 count = 0;
    for (;;) {
        auto read = reader.readRecord(members);
        if (!read)
            return error(read.errorString());
        if (!*read)
            return count;
        ++count;
    }
}

} // namespace concord
