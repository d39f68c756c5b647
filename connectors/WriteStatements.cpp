#include "WriteStatements.h"

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// A bound value as people read it, on one line: the list follows "--", so a line break in a
// value would end the comment and leave the rest of the value to be read as SQL by anyone
// who runs the dry run as a script. Control characters are shown escaped (\n, \r, \t, \xNN).
QString shownValue(const QVariant& v)
{
    if (v.isNull())
        return u"NULL"_s;
    QString shown = u"'"_s;
    const QString text = v.toString();
    for (const QChar c : text) {
        if (c == u'\'')
            shown += u"''"_s;
        else if (c == u'\n')
            shown += u"\\n"_s;
        else if (c == u'\r')
            shown += u"\\r"_s;
        else if (c == u'\t')
            shown += u"\\t"_s;
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == QChar::LineSeparator ||
                 c == QChar::ParagraphSeparator)
            shown += u"\\x"_s + QString::number(c.unicode(), 16).rightJustified(2, u'0');
        else
            shown += c;
    }
    return shown + u"'"_s;
}
} // namespace

QString WriteStatement::display() const
{
    QStringList shown;
    for (const QVariant& v : values)
        shown << shownValue(v);
    return sql + u";  -- bound: ["_s + shown.join(u", "_s) + u"]"_s;
}

QVariant boundText(const QString& value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
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

QString WriteStatements::quoteTable(const QString& table) const
{
    const qsizetype dot = table.indexOf(u'.');
    if (m_driver == "postgresql"_L1 && dot > 0 && dot < table.size() - 1)
        return quoteIdentifier(table.left(dot)) + u'.' + quoteIdentifier(table.mid(dot + 1));
    return quoteIdentifier(table);
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
    s.sql =
        u"UPDATE %1 SET %2 = ? WHERE %3"_s.arg(quoteTable(table), quoteIdentifier(column), where(keyColumns));
    s.values << value;
    for (const QString& v : keyValues)
        s.values << v;
    return s;
}

WriteStatement WriteStatements::remove(const QString& table, const QStringList& keyColumns,
                                       const QStringList& keyValues) const
{
    WriteStatement s;
    s.sql = u"DELETE FROM %1 WHERE %2"_s.arg(quoteTable(table), where(keyColumns));
    for (const QString& v : keyValues)
        s.values << v;
    return s;
}

WriteStatement WriteStatements::insert(const QString& table, const QStringList& columns,
                                       const QVariantList& values) const
{
    QStringList quoted;
    for (const QString& c : columns)
        quoted << quoteIdentifier(c);
    WriteStatement s;
    s.sql = u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(quoteTable(table), quoted.join(u", "_s),
                                                     QStringList(columns.size(), u"?"_s).join(u", "_s));
    s.values = values;
    return s;
}

WriteStatement WriteStatements::holds(const QString& table, const QStringList& keyColumns,
                                      const QStringList& keyValues, const QString& column,
                                      const QVariant& value) const
{
    QString same = u"IS NOT DISTINCT FROM"_s; // PostgreSQL
    if (m_driver == "mariadb"_L1 || m_driver == "mysql"_L1)
        same = u"<=>"_s;
    else if (m_driver == "sqlite"_L1)
        same = u"IS"_s;
    WriteStatement s;
    s.sql = u"SELECT 1 FROM %1 WHERE %2 AND %3 %4 ?"_s.arg(quoteTable(table), where(keyColumns),
                                                           quoteIdentifier(column), same);
    for (const QString& v : keyValues)
        s.values << v;
    s.values << value;
    return s;
}

WriteStatement WriteStatements::reread(const QString& table, const QStringList& columns,
                                       const QStringList& keyColumns, const QStringList& keyValues) const
{
    QStringList quoted;
    for (const QString& c : columns)
        quoted << quoteIdentifier(c);
    return rereadExpressions(table, quoted, keyColumns, keyValues);
}

WriteStatement WriteStatements::rereadExpressions(const QString& table, const QStringList& selectList,
                                                  const QStringList& keyColumns,
                                                  const QStringList& keyValues) const
{
    WriteStatement s;
    s.sql =
        u"SELECT %1 FROM %2 WHERE %3"_s.arg(selectList.join(u", "_s), quoteTable(table), where(keyColumns));
    if (m_driver != "sqlite"_L1) // SQLite locks the whole file for the write transaction instead
        s.sql += u" FOR UPDATE"_s;
    for (const QString& v : keyValues)
        s.values << v;
    return s;
}

} // namespace concord
