#include "WriteStatements.h"

using namespace Qt::StringLiterals;

namespace concord {

QString WriteStatement::display() const
{
    QStringList shown;
    for (const QVariant& v : values) {
        if (v.isNull()) {
            shown << u"NULL"_s;
            continue;
        }
        QString text = v.toString();
        text.replace(u'\'', u"''"_s);
        shown << u"'"_s + text + u"'"_s;
    }
    return sql + u";  -- bound: ["_s + shown.join(u", "_s) + u"]"_s;
}

WriteStatements::WriteStatements(QString driver)
    : m_driver(std::move(driver))
{}

QString WriteStatements::quoteIdentifier(const QString& identifier) const
{
    // MariaDB quotes with backticks, SQLite and PostgreSQL with double quotes; a quote
    // character inside the name is doubled, so no name can end the identifier early.
    const QChar quote = m_driver == "mariadb"_L1 || m_driver == "mysql"_L1 ? u'`' : u'"';
    QString escaped = identifier;
    escaped.replace(quote, QString(2, quote));
    return quote + escaped + quote;
}

QString WriteStatements::where(const QStringList& keyColumns) const
{
    QStringList parts;
    for (const QString& k : keyColumns)
        parts << quoteIdentifier(k) + u" = ?"_s;
    return parts.join(u" AND "_s);
}

WriteStatement WriteStatements::update(const QString& table, const QString& column, const QVariant& value,
                                       const QStringList& keyColumns, const QStringList& keyValues) const
{
    WriteStatement s;
    s.sql = u"UPDATE %1 SET %2 = ? WHERE %3"_s.arg(quoteIdentifier(table), quoteIdentifier(column),
                                                   where(keyColumns));
    s.values << value;
    for (const QString& v : keyValues)
        s.values << v;
    return s;
}

WriteStatement WriteStatements::reread(const QString& table, const QStringList& columns,
                                       const QStringList& keyColumns, const QStringList& keyValues) const
{
    QStringList quoted;
    for (const QString& c : columns)
        quoted << quoteIdentifier(c);
    WriteStatement s;
    s.sql =
        u"SELECT %1 FROM %2 WHERE %3"_s.arg(quoted.join(u", "_s), quoteIdentifier(table), where(keyColumns));
    if (m_driver != "sqlite"_L1) // SQLite locks the whole file for the write transaction instead
        s.sql += u" FOR UPDATE"_s;
    for (const QString& v : keyValues)
        s.values << v;
    return s;
}

} // namespace concord
