#include "Migrations.h"

#include <QRegularExpression>
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
// Version 2: matching rules (as JSON settings) and the steward's match decisions.
const QStringList kVersion2 = {
    u"CREATE TABLE settings ("
    " setting_key VARCHAR(100) PRIMARY KEY,"
    " setting_value TEXT NOT NULL)"_s,
    u"CREATE TABLE match_decisions ("
    " system_a VARCHAR(200) NOT NULL,"
    " source_id_a TEXT NOT NULL,"
    " system_b VARCHAR(200) NOT NULL,"
    " source_id_b TEXT NOT NULL,"
    " decision VARCHAR(10) NOT NULL CHECK (decision IN ('same', 'different')),"
    " decided_by VARCHAR(200) NOT NULL,"
    " decided_at VARCHAR(40) NOT NULL,"
    " note TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (system_a, source_id_a, system_b, source_id_b))"_s,
};
// Version 3: the field-ownership matrix, per-field policies and the review queue.
const QStringList kVersion3 = {
    u"CREATE TABLE field_ownership ("
    " field_name VARCHAR(200) NOT NULL REFERENCES canonical_fields(name) ON DELETE CASCADE,"
    " system_name VARCHAR(200) NOT NULL REFERENCES systems(name) ON DELETE CASCADE,"
    " PRIMARY KEY (field_name, system_name))"_s,
    u"CREATE TABLE field_policies ("
    " field_name VARCHAR(200) PRIMARY KEY REFERENCES canonical_fields(name) ON DELETE CASCADE,"
    " resolution_rule VARCHAR(20) NOT NULL DEFAULT 'owner' CHECK (resolution_rule IN ('owner', 'priority', "
    "'recency')),"
    " priority_systems TEXT NOT NULL DEFAULT '',"
    " high_stakes INTEGER NOT NULL DEFAULT 0,"
    " sensitive INTEGER NOT NULL DEFAULT 0,"
    " anomaly_ratio DOUBLE PRECISION NOT NULL DEFAULT 10,"
    " anomaly_years INTEGER NOT NULL DEFAULT 2)"_s,
    u"CREATE TABLE review_items ("
    " item_id VARCHAR(64) PRIMARY KEY,"
    " kind VARCHAR(30) NOT NULL,"
    " state VARCHAR(20) NOT NULL CHECK (state IN ('open', 'approved', 'rejected', 'edited')),"
    " field_name VARCHAR(200) NOT NULL DEFAULT '',"
    " records TEXT NOT NULL,"
    " summary TEXT NOT NULL,"
    " detail TEXT NOT NULL DEFAULT '',"
    " fingerprint VARCHAR(64) NOT NULL,"
    " edited_value TEXT,"
    " decided_by VARCHAR(200) NOT NULL DEFAULT '',"
    " decided_at VARCHAR(40) NOT NULL DEFAULT '',"
    " note TEXT NOT NULL DEFAULT '',"
    " created_at VARCHAR(40) NOT NULL,"
    " updated_at VARCHAR(40) NOT NULL)"_s,
};
// Version 4: write-back. System write settings, merge choices, and the journal of every write
// (intent before, outcome after; its written entries are the audit trail).
const QStringList kVersion4 = {
    u"ALTER TABLE systems ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0"_s,
    u"ALTER TABLE systems ADD COLUMN soft_delete_column VARCHAR(255) NOT NULL DEFAULT ''"_s,
    u"ALTER TABLE systems ADD COLUMN soft_delete_value VARCHAR(255) NOT NULL DEFAULT ''"_s,
    u"ALTER TABLE systems ADD COLUMN hard_delete INTEGER NOT NULL DEFAULT 0"_s,
    u"ALTER TABLE systems ADD COLUMN stamp_version INTEGER NOT NULL DEFAULT 0"_s,
    u"ALTER TABLE review_items ADD COLUMN choice TEXT NOT NULL DEFAULT ''"_s,
    u"CREATE TABLE batches ("
    " batch_id VARCHAR(40) PRIMARY KEY,"
    " kind VARCHAR(20) NOT NULL CHECK (kind IN ('apply', 'rollback')),"
    " state VARCHAR(20) NOT NULL CHECK (state IN ('running', 'finished', 'recovered')),"
    " steward VARCHAR(200) NOT NULL,"
    " started_at VARCHAR(40) NOT NULL,"
    " finished_at VARCHAR(40) NOT NULL DEFAULT '',"
    " rolls_back VARCHAR(40) NOT NULL DEFAULT '',"
    " summary TEXT NOT NULL DEFAULT '')"_s,
    u"CREATE TABLE journal ("
    " batch_id VARCHAR(40) NOT NULL REFERENCES batches(batch_id),"
    " seq INTEGER NOT NULL,"
    " system_name VARCHAR(200) NOT NULL,"
    " table_name VARCHAR(255) NOT NULL,"
    " key_columns TEXT NOT NULL,"
    " row_id TEXT NOT NULL,"
    " field_name VARCHAR(200) NOT NULL DEFAULT '',"
    " column_name VARCHAR(255) NOT NULL DEFAULT '',"
    " operation VARCHAR(10) NOT NULL CHECK (operation IN ('update', 'delete', 'insert')),"
    " before_value TEXT,"
    " after_value TEXT,"
    " version_token TEXT NOT NULL DEFAULT '',"
    " rule VARCHAR(40) NOT NULL DEFAULT '',"
    " reason TEXT NOT NULL DEFAULT '',"
    " review_item VARCHAR(64) NOT NULL DEFAULT '',"
    " state VARCHAR(20) NOT NULL CHECK (state IN ('intended', 'written', 'changed_underneath',"
    " 'dead_letter', 'not_written', 'conflict')),"
    " error TEXT NOT NULL DEFAULT '',"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " settled_at VARCHAR(40) NOT NULL DEFAULT '',"
    " resolved_by VARCHAR(40) NOT NULL DEFAULT '',"
    " PRIMARY KEY (batch_id, seq))"_s,
    u"CREATE INDEX journal_state ON journal (state)"_s,
    u"CREATE INDEX journal_row ON journal (system_name, row_id)"_s,
};
// Version 5: review items as data, not only prose: the customer (a record of it), each record's
// current value of the field, and the value proposed.
const QStringList kVersion5 = {
    u"ALTER TABLE review_items ADD COLUMN entity_ref TEXT NOT NULL DEFAULT ''"_s,
    u"ALTER TABLE review_items ADD COLUMN current_values TEXT NOT NULL DEFAULT ''"_s,
    u"ALTER TABLE review_items ADD COLUMN proposed_value TEXT"_s,
};
// Version 6: the plans the steward reviewed, so that apply writes exactly what `plan` showed
// (before-values and versions as read then), once. The review queue's tables are not touched.
const QStringList kVersion6 = {
    u"CREATE TABLE plans ("
    " plan_id VARCHAR(40) PRIMARY KEY,"
    " created_at VARCHAR(40) NOT NULL,"
    " steward VARCHAR(200) NOT NULL DEFAULT '',"
    " decisions VARCHAR(64) NOT NULL,"
    " write_count INTEGER NOT NULL DEFAULT 0,"
    " body TEXT NOT NULL,"
    " applied_at VARCHAR(40) NOT NULL DEFAULT '',"
    " applied_batch VARCHAR(40) NOT NULL DEFAULT '')"_s,
};
} // namespace

Result<void> migrateWorkspace(QSqlDatabase& db, int from, int to)
{
    for (int version = from + 1; version <= to; ++version) {
        QStringList steps;
        if (version == 1)
            steps = kVersion1;
        else if (version == 2)
            steps = kVersion2;
        else if (version == 3)
            steps = kVersion3;
        else if (version == 4)
            steps = kVersion4;
        else if (version == 5)
            steps = kVersion5;
        else if (version == 6)
            steps = kVersion6;
        else
            return makeError(u"no migration to workspace schema %1"_s.arg(version));
        // A file whose schema_version is lower than its tables say (edited by hand, or damaged)
        // would fail here with "table ... already exists": name the contradiction instead.
        const QStringList existing = db.tables();
        for (const QString& sql : std::as_const(steps)) {
            static const QRegularExpression createTable(u"^CREATE TABLE (\\w+)"_s);
            const QString table = createTable.match(sql).captured(1);
            if (!table.isEmpty() && existing.contains(table))
                return makeError(
                    u"schema_version %1 is wrong or the file is damaged: table '%2', which schema %3 adds, "
                    "is already there"_s.arg(from)
                        .arg(table)
                        .arg(version));
        }
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
