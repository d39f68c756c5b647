#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>

namespace concord {

// The SQL Concord writes to a steward's systems, built in one place so that the dry run
// (`plan --sql`) shows exactly what apply executes. Values are always bound, never spliced;
// identifiers are always quoted in the system's own dialect.
struct WriteStatement
{
    QString sql;
    QVariantList values;

    // The statement with its bound values listed, for people, on one line: "... -- bound: ['x',
    // '1001']" (control characters in a value shown escaped, so a value cannot end the comment).
    QString display() const;
};

// A text value to bind: a null QString binds SQL NULL (Qt 6 binds QVariant(QString()) as '').
QVariant boundText(const QString& value);

class WriteStatements
{
public:
    // driver: sqlite, postgresql or mariadb.
    explicit WriteStatements(QString driver);

    QString quoteIdentifier(const QString& identifier) const;
    // A table name: on PostgreSQL "schema.table" (as Qt lists tables outside the search path) is
    // quoted as two identifiers.
    QString quoteTable(const QString& table) const;

    // UPDATE table SET column = ? WHERE key1 = ? AND key2 = ?
    WriteStatement update(const QString& table, const QString& column, const QVariant& value,
                          const QStringList& keyColumns, const QStringList& keyValues) const;
    // DELETE FROM table WHERE key1 = ? ...
    WriteStatement remove(const QString& table, const QStringList& keyColumns,
                          const QStringList& keyValues) const;
    // INSERT INTO table (c1, c2) VALUES (?, ?): a deleted row restored from its image.
    WriteStatement insert(const QString& table, const QStringList& columns, const QVariantList& values) const;
    // The row as it is now, read just before writing to compare its version token; locks it
    // on servers (FOR UPDATE) so nothing changes between the check and the write.
    WriteStatement reread(const QString& table, const QStringList& columns, const QStringList& keyColumns,
                          const QStringList& keyValues) const;

    // SELECT 1 ... WHERE keys = ? AND column is not distinct from ? (NULL-safe, compared by the
    // database in the column's own type).
    WriteStatement holds(const QString& table, const QStringList& keyColumns, const QStringList& keyValues,
                         const QString& column, const QVariant& value) const;
    // The same, with the SELECT list given as expressions already quoted (e.g. CAST("c" AS TEXT)).
    WriteStatement rereadExpressions(const QString& table, const QStringList& selectList,
                                     const QStringList& keyColumns, const QStringList& keyValues) const;

private:
    QString where(const QStringList& keyColumns) const;

    QString m_driver;
};

} // namespace concord
