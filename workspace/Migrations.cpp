#include "Migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// Version 1: systems, canonical fields, mappings.
const QStringList kVersion1 = {
    u"CREATE TABLE systems ("
    " name VARCHAR(200) PRIMARY KEY,"
    " driver VARCHAR(20) NOT NULL,"
    " host VARCHAR(255) NOT NULL DEFAULT '',"
    " port INTEGER NOT NULL DEFAULT 0,"
    " database_name TEXT NOT NULL DEFAULT '',"
    " user_name VARCHAR(255) NOT NULL DEFAULT '',"
    " entity VARCHAR(255) NOT NULL,"
    " key_column VARCHAR(255) NOT NULL DEFAULT '',"
    " version_column VARCHAR(255) NOT NULL DEFAULT '',"
    " default_region VARCHAR(8) NOT NULL DEFAULT '',"
    " date_order VARCHAR(3) NOT NULL DEFAULT '',"
    " position INTEGER NOT NULL)"_s,
    u"CREATE TABLE canonical_fields ("
    " name VARCHAR(200) PRIMARY KEY,"
    " field_type VARCHAR(40) NOT NULL,"
    " description TEXT NOT NULL DEFAULT '',"
    " position INTEGER NOT NULL)"_s,
    u"CREATE TABLE field_mappings ("
    " system_name VARCHAR(200) NOT NULL REFERENCES systems(name) ON DELETE CASCADE,"
    " column_name VARCHAR(255) NOT NULL,"
    " field_name VARCHAR(200) NOT NULL REFERENCES canonical_fields(name),"
    " PRIMARY KEY (system_name, column_name))"_s,
};
} // namespace

Result<void> migrateWorkspace(QSqlDatabase& db, int from, int to)
{
    for (int version = from + 1; version <= to; ++version) {
        QStringList steps;
        if (version == 1)
            steps = kVersion1;
        else
            return makeError(u"no migration to workspace schema %1"_s.arg(version));
        QSqlQuery q(db);
        for (const QString& sql : std::as_const(steps)) {
            if (!q.exec(sql))
                return makeError(
                    u"migration to schema %1 failed: %2"_s.arg(version).arg(q.lastError().text()));
        }
        q.prepare(u"UPDATE concord_meta SET meta_value = ? WHERE meta_key = 'schema_version'"_s);
        q.addBindValue(QString::number(version));
        if (!q.exec())
            return makeError(u"migration to schema %1 failed: %2"_s.arg(version).arg(q.lastError().text()));
    }
    return {};
}

} // namespace concord
