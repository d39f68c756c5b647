#include "Workspace.h"

#include "Logging.h"
#include "Migrations.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QAtomicInteger<quint64> s_workspaceCounter;
const QString kApplication = u"concord-workspace"_s;

bool isIdentifier(const QString& name)
{
    static const QRegularExpression re(u"^[A-Za-z][A-Za-z0-9_-]{0,63}$"_s);
    return re.match(name).hasMatch();
}

quint32 bigEndian(const QByteArray& bytes, qsizetype at, int size)
{
    quint32 value = 0;
    for (int i = 0; i < size; ++i)
        value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
    return value;
}

// What is wrong with a file that should be an SQLite database, from its size and its 100-byte
// header alone (https://sqlite.org/fileformat.html); empty when nothing is. SQLite itself only
// says "file is not a database", or reads a truncated file as far as it goes.
QString sqliteFileProblem(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"cannot be read: %1"_s.arg(file.errorString());
    const qint64 size = file.size();
    if (size == 0)
        return u"is empty (0 bytes)"_s;
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < magic.size() && magic.startsWith(header))
        return u"is truncated: %1 bytes, not even a whole SQLite header"_s.arg(size);
    if (!header.startsWith(magic))
        return u"is not an SQLite database (it does not start with \"SQLite format 3\")"_s;
    if (header.size() < 100)
        return u"is truncated: %1 bytes, not even a whole SQLite header"_s.arg(size);
    // After a crash SQLite repairs the file from its journal when it opens it: leave that to it.
    if (QFileInfo::exists(path + u"-journal"_s) || QFileInfo::exists(path + u"-wal"_s))
        return {};
    const quint32 rawPageSize = bigEndian(header, 16, 2);
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const qint64 pages = bigEndian(header, 28, 4);
    // The page count is only meaningful when the header says it is current (offset 92 equals
    // the change counter at 24).
    const bool pagesValid = bigEndian(header, 92, 4) == bigEndian(header, 24, 4);
    if (pagesValid && pages > 0 && size < pageSize * pages)
        return u"is truncated: its header promises %1 bytes (%2 pages of %3), the file has %4"_s
            .arg(pageSize * pages)
            .arg(pages)
            .arg(pageSize)
            .arg(size);
    return {};
}

// The schema version of an opened workspace file, or what is wrong with the file. Read inside
// a read transaction: its shared lock keeps a writer from changing the file under the header
// check (SQLite also settles a crashed writer's journal when it takes the lock).
Result<int> readSchemaVersion(QSqlDatabase& db, const QString& path)
{
    QSqlQuery q(db);
    db.transaction();
    const auto fail = [&](const QString& message) -> Result<int> {
        q.finish();
        db.rollback();
        return makeError(message);
    };
    if (!q.exec(u"SELECT COUNT(*) FROM sqlite_master"_s)) {
        const QString problem = sqliteFileProblem(path);
        return fail(problem.isEmpty() ? u"%1: not a Concord workspace: the file cannot be read (%2)"_s.arg(
                                            path, q.lastError().text())
                                      : u"%1: not a Concord workspace: the file %2"_s.arg(path, problem));
    }
    q.finish();
    if (const QString problem = sqliteFileProblem(path); !problem.isEmpty())
        return fail(u"%1: not a Concord workspace: the file %2"_s.arg(path, problem));
    if (!q.exec(u"SELECT meta_key, meta_value FROM concord_meta"_s)) {
        if (!db.tables().contains(u"concord_meta"_s))
            return fail(
                u"%1: not a Concord workspace (an SQLite database, but with no concord_meta table)"_s.arg(
                    path));
        return fail(
            u"%1: not a Concord workspace: the file cannot be read as one (it may be damaged): %2"_s.arg(
                path, q.lastError().text()));
    }
    QString application;
    QString versionText;
    bool hasVersion = false;
    while (q.next()) {
        if (q.value(0).toString() == "application"_L1) {
            application = q.value(1).toString();
        } else if (q.value(0).toString() == "schema_version"_L1) {
            versionText = q.value(1).toString();
            hasVersion = true;
        }
    }
    if (application != kApplication)
        return fail(
            application.isEmpty()
                ? u"%1: not a Concord workspace (its concord_meta names no application)"_s.arg(path)
                : u"%1: not a Concord workspace (its concord_meta names application '%2', not '%3')"_s.arg(
                      path, application, kApplication));
    if (!hasVersion)
        return fail(
            u"%1: not a Concord workspace: concord_meta has no schema_version; the file is damaged"_s.arg(
                path));
    bool isNumber = false;
    const int version = versionText.toInt(&isNumber);
    if (!isNumber || version < 0)
        return fail(u"%1: the workspace's schema_version '%2' is not a number; the file is damaged"_s.arg(
            path, versionText));
    q.finish();
    db.commit(); // only ends the read transaction
    return version;
}

// SQLite reports a refused write as SQLITE_READONLY (8), or one of its extended codes.
bool isReadOnlyError(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok && (code & 0xFF) == 8;
}
} // namespace

Result<void> validateSystem(const SystemConfig& s)
{
    if (!isIdentifier(s.name))
        return makeError(
            u"system name '%1' is invalid: use letters, digits, '_' or '-', starting with a letter"_s.arg(
                s.name));
    static const QStringList drivers{u"sqlite"_s, u"postgresql"_s, u"mariadb"_s, u"csv"_s, u"json"_s};
    if (!drivers.contains(s.driver))
        return makeError(
            u"system '%1': unknown driver '%2' (expected %3)"_s.arg(s.name, s.driver, drivers.join(u", "_s)));
    if (s.database.isEmpty())
        return makeError(s.isFile() ? u"system '%1': no file path given"_s.arg(s.name)
                                    : u"system '%1': no database name given"_s.arg(s.name));
    if (s.isServer() && s.host.isEmpty())
        return makeError(u"system '%1': no host given"_s.arg(s.name));
    if (s.port < 0 || s.port > 65535)
        return makeError(u"system '%1': port %2 is out of range"_s.arg(s.name).arg(s.port));
    if (s.entity.isEmpty())
        return makeError(u"system '%1': no entity (table or file) given"_s.arg(s.name));
    if (!s.dateOrder.isEmpty() && s.dateOrder != "MDY"_L1 && s.dateOrder != "DMY"_L1 &&
        s.dateOrder != "YMD"_L1)
        return makeError(u"system '%1': date order '%2' must be MDY, DMY or YMD"_s.arg(s.name, s.dateOrder));
    if (!s.isSqlDatabase() && (!s.softDeleteColumn.isEmpty() || s.hardDelete))
        return makeError(u"system '%1': a %2 export is never written, so it takes no delete settings"_s.arg(
            s.name, s.driver));
    if (s.stampVersion && s.versionColumn.isEmpty())
        return makeError(u"system '%1': stamping the version needs a version column"_s.arg(s.name));
    if (s.hardDelete && !s.softDeleteColumn.isEmpty())
        return makeError(u"system '%1': choose a soft-delete column or hard deletes, not both"_s.arg(s.name));
    if (!s.softDeleteValue.isEmpty() && s.softDeleteColumn.isEmpty())
        return makeError(u"system '%1': a soft-delete value needs a soft-delete column"_s.arg(s.name));
    return {};
}

Result<void> validateConfig(const WorkspaceConfig& config)
{
    QSet<QString> systems;
    for (const SystemConfig& s : config.systems) {
        if (auto ok = validateSystem(s); !ok)
            return ok;
        if (systems.contains(s.name))
            return makeError(u"system '%1' is defined twice"_s.arg(s.name));
        systems.insert(s.name);
    }
    QSet<QString> fields;
    for (const CanonicalField& f : config.fields) {
        if (!isIdentifier(f.name))
            return makeError(
                u"canonical field name '%1' is invalid: use letters, digits, '_' or '-'"_s.arg(f.name));
        if (f.type.isEmpty())
            return makeError(u"canonical field '%1' has no type"_s.arg(f.name));
        if (fields.contains(f.name))
            return makeError(u"canonical field '%1' is defined twice"_s.arg(f.name));
        fields.insert(f.name);
    }
    QSet<QString> mappedColumns;
    QSet<QString> mappedFields;
    for (const FieldMapping& m : config.mappings) {
        if (!systems.contains(m.system))
            return makeError(u"mapping %1.%2 -> %3: unknown system '%1'"_s.arg(m.system, m.column, m.field));
        if (!fields.contains(m.field))
            return makeError(
                u"mapping %1.%2 -> %3: unknown canonical field '%3'"_s.arg(m.system, m.column, m.field));
        if (m.column.isEmpty())
            return makeError(u"mapping to %1 in system '%2' names no column"_s.arg(m.field, m.system));
        const QString columnKey = m.system + u'\x1f' + m.column;
        if (mappedColumns.contains(columnKey))
            return makeError(u"column %1.%2 is mapped twice"_s.arg(m.system, m.column));
        mappedColumns.insert(columnKey);
        const QString fieldKey = m.system + u'\x1f' + m.field;
        if (mappedFields.contains(fieldKey))
            return makeError(
                u"canonical field '%1' is mapped from two columns of system '%2'"_s.arg(m.field, m.system));
        mappedFields.insert(fieldKey);
    }
    if (config.matching) {
        if (auto ok = config.matching->validate(config.matchFields()); !ok)
            return makeError(u"matching rules: "_s + ok.errorString());
    }
    if (auto ok = validateGovernance(config); !ok)
        return ok;
    return {};
}

Workspace::Workspace(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
{}

Workspace::~Workspace()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

Result<std::unique_ptr<Workspace>> Workspace::create(const QString& path)
{
    if (QFileInfo::exists(path))
        return makeError(u"%1: already exists; refusing to overwrite it"_s.arg(path));
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return makeError(u"%1: folder %2 does not exist"_s.arg(path, info.absolutePath()));
    auto ws = connect(path, true);
    if (!ws)
        QFile::remove(path); // never leave a half-made workspace behind
    return ws;
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(u"%1: no such workspace file"_s.arg(path));
    if (info.isDir())
        return makeError(u"%1: is a folder, not a workspace file (*.concord)"_s.arg(path));
    if (!info.isFile())
        return makeError(u"%1: is not a regular file, so not a workspace"_s.arg(path));
    return connect(path, false);
}

QString Workspace::unwritableReason(const QString& path)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isWritable())
        return u"the file is read-only for this user"_s;
    // SQLite writes its rollback journal beside the file.
    if (!QFileInfo(info.absolutePath()).isWritable())
        return u"its folder %1 is read-only for this user (SQLite keeps its journal there)"_s.arg(
            info.absolutePath());
    return {};
}

Error Workspace::readOnlyError(const QString& what) const
{
    return makeError(u"%1: cannot %2: %3, so nothing can be saved in it"_s.arg(
        m_path, what, m_readOnlyReason.isEmpty() ? u"SQLite refuses to write to it"_s : m_readOnlyReason));
}

Result<std::unique_ptr<Workspace>> Workspace::connect(const QString& path, bool creating)
{
    const QString name = u"concord-workspace-%1"_s.arg(s_workspaceCounter.fetchAndAddRelaxed(1));
    std::unique_ptr<Workspace> ws(new Workspace(QFileInfo(path).absoluteFilePath(), name));
    ws->m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    ws->m_db.setDatabaseName(path);
    // A workspace that cannot be written is opened read-only: everything that only reads it
    // works, and a change is refused up front with the reason (readOnlyError).
    ws->m_readOnlyReason = creating ? QString() : unwritableReason(path);
    ws->m_db.setConnectOptions(ws->m_readOnlyReason.isEmpty()
                                   ? u"QSQLITE_BUSY_TIMEOUT=5000"_s
                                   : u"QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY"_s);
    if (!ws->m_db.open())
        return makeError(u"%1: cannot open: %2"_s.arg(path, ws->m_db.lastError().text()));

    QSqlQuery q(ws->m_db);
    if (!q.exec(u"PRAGMA foreign_keys = ON"_s))
        return makeError(
            u"%1: not a Concord workspace (not an SQLite database: %2)"_s.arg(path, q.lastError().text()));

    if (creating) {
        auto made = ws->inTransaction(u"create workspace"_s, [&]() -> Result<void> {
            if (auto r = ws->exec(
                    u"CREATE TABLE concord_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value TEXT NOT NULL)"_s);
                !r)
                return r;
            if (auto r =
                    ws->exec(u"INSERT INTO concord_meta (meta_key, meta_value) VALUES ('application', ?)"_s,
                             {kApplication});
                !r)
                return r;
            if (auto r = ws->exec(
                    u"INSERT INTO concord_meta (meta_key, meta_value) VALUES ('schema_version', '0')"_s);
                !r)
                return r;
            return migrateWorkspace(ws->m_db, 0, SchemaVersion);
        });
        if (!made)
            return makeError(u"%1: %2"_s.arg(path, made.errorString()));
        return ws;
    }

    auto version = readSchemaVersion(ws->m_db, path);
    if (!version)
        return version.error();
    if (*version > SchemaVersion)
        return makeError(u"%1: workspace schema version %2 is newer than this Concord supports (%3); "
                         "upgrade Concord to open it"_s.arg(path)
                             .arg(*version)
                             .arg(SchemaVersion));
    if (*version < SchemaVersion) {
        if (!ws->m_readOnlyReason.isEmpty())
            return makeError(
                u"%1: the workspace has schema version %2 and must be upgraded to %3 before this "
                "Concord can use it, but %4"_s.arg(path)
                    .arg(*version)
                    .arg(SchemaVersion)
                    .arg(ws->m_readOnlyReason));
        auto migrated = ws->inTransaction(
            u"migrate workspace"_s, [&]() { return migrateWorkspace(ws->m_db, *version, SchemaVersion); });
        if (!migrated)
            return makeError(migrated.errorString().startsWith(ws->m_path)
                                 ? migrated.errorString()
                                 : u"%1: %2"_s.arg(path, migrated.errorString()));
        qCInfo(lcWorkspace) << "migrated" << path << "from schema" << *version << "to" << SchemaVersion;
    }
    return ws;
}

QString Workspace::resolvePath(const QString& stored) const
{
    if (stored.isEmpty() || QDir::isAbsolutePath(stored))
        return stored;
    return QFileInfo(m_path).absoluteDir().absoluteFilePath(stored);
}

QString Workspace::storablePath(const QString& path) const
{
    const QDir dir = QFileInfo(m_path).absoluteDir();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QString relative = dir.relativeFilePath(absolute);
    return relative.startsWith("../"_L1) ? absolute : relative;
}

Result<void> Workspace::exec(const QString& sql, const QVariantList& values) const
{
    QSqlQuery q(m_db);
    if (!q.prepare(sql))
        return makeError(q.lastError().text());
    for (const QVariant& v : values) {
        // Every configuration column is NOT NULL with '' meaning "not set"; a null QString
        // (an option the steward left out) is bound as '' rather than as SQL NULL.
        // (A QVariant of a type but no value, QVariant(QMetaType::fromType<QString>()), is SQL NULL.)
        if (v.metaType().id() == QMetaType::QString && !v.isNull() && v.toString().isNull())
            q.addBindValue(QString(u""_s));
        else
            q.addBindValue(v);
    }
    if (!q.exec())
        return makeError(q.lastError().text());
    return {};
}

Result<void> Workspace::transaction(const QString& what, const std::function<Result<void>()>& work)
{
    return inTransaction(what, work);
}

Result<void> Workspace::inTransaction(const QString& what, const std::function<Result<void>()>& work)
{
    // Nested inside a caller's transaction (many decisions as one): the outer one commits.
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Result<void> result = work();
        --m_transactionDepth;
        return result;
    }
    if (!m_readOnlyReason.isEmpty())
        return readOnlyError(what);
    struct Depth
    {
        int& depth;
        explicit Depth(int& d)
            : depth(d)
        {
            ++depth;
        }
        ~Depth() { --depth; }
    };
    if (!m_db.transaction()) {
        if (isReadOnlyError(m_db.lastError()))
            return readOnlyError(what);
        return makeError(
            u"%1: %2: cannot start a transaction: %3"_s.arg(m_path, what, m_db.lastError().text()));
    }
    Result<void> result = [&] {
        const Depth depth(m_transactionDepth);
        return work();
    }();
    if (!result) {
        // The file may have become read-only since it was opened (or be on a medium SQLite
        // cannot write): say that, not the statement's raw error.
        const bool refused = !unwritableReason(m_path).isEmpty() ||
                             result.errorString().contains("readonly database"_L1, Qt::CaseInsensitive);
        m_db.rollback();
        if (refused) {
            m_readOnlyReason = unwritableReason(m_path);
            return readOnlyError(what);
        }
        return result;
    }
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        m_db.rollback();
        if (isReadOnlyError(error))
            return readOnlyError(what);
        return makeError(u"%1: %2: commit failed: %3"_s.arg(m_path, what, error.text()));
    }
    return {};
}

Result<QList<SystemConfig>> Workspace::systems() const
{
    QSqlQuery q(m_db);
    if (!q.exec(
            u"SELECT name, driver, host, port, database_name, user_name, entity, key_column, version_column,"
            " default_region, date_order, read_only, soft_delete_column, soft_delete_value, hard_delete, "
            "stamp_version"
            " FROM systems ORDER BY position, name"_s))
        return makeError(u"%1: cannot read systems: %2"_s.arg(m_path, q.lastError().text()));
    QList<SystemConfig> list;
    while (q.next()) {
        SystemConfig s;
        s.name = q.value(0).toString();
        s.driver = q.value(1).toString();
        s.host = q.value(2).toString();
        s.port = q.value(3).toInt();
        s.database = q.value(4).toString();
        s.user = q.value(5).toString();
        s.entity = q.value(6).toString();
        s.keyColumn = q.value(7).toString();
        s.versionColumn = q.value(8).toString();
        s.defaultRegion = q.value(9).toString();
        s.dateOrder = q.value(10).toString();
        s.readOnly = q.value(11).toInt() != 0;
        s.softDeleteColumn = q.value(12).toString();
        s.softDeleteValue = q.value(13).toString();
        s.hardDelete = q.value(14).toInt() != 0;
        s.stampVersion = q.value(15).toInt() != 0;
        list.append(s);
    }
    return list;
}

Result<SystemConfig> Workspace::system(const QString& name) const
{
    auto all = systems();
    if (!all)
        return all.error();
    for (const SystemConfig& s : std::as_const(*all)) {
        if (s.name == name)
            return s;
    }
    return makeError(u"%1: no system named '%2'"_s.arg(m_path, name));
}

Result<void> Workspace::insertSystem(const SystemConfig& s)
{
    QSqlQuery count(m_db);
    if (!count.exec(u"SELECT COALESCE(MAX(position), 0) + 1 FROM systems"_s) || !count.next())
        return makeError(count.lastError().text());
    const int position = count.value(0).toInt();
    auto r =
        exec(u"INSERT INTO systems (name, driver, host, port, database_name, user_name, entity, key_column,"
             " version_column, default_region, date_order, read_only, soft_delete_column, soft_delete_value,"
             " hard_delete, stamp_version, position) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s,
             {s.name, s.driver, s.host, s.port, s.database, s.user, s.entity, s.keyColumn, s.versionColumn,
              s.defaultRegion, s.dateOrder, s.readOnly ? 1 : 0, s.softDeleteColumn, s.softDeleteValue,
              s.hardDelete ? 1 : 0, s.stampVersion ? 1 : 0, position});
    if (!r)
        return makeError(u"cannot add system '%1': %2"_s.arg(s.name, r.errorString()));
    return {};
}

Result<void> Workspace::addSystem(const SystemConfig& system)
{
    if (auto ok = validateSystem(system); !ok)
        return ok;
    return inTransaction(u"add system"_s, [&]() -> Result<void> {
        QSqlQuery q(m_db);
        q.prepare(u"SELECT COUNT(*) FROM systems WHERE name = ?"_s);
        q.addBindValue(system.name);
        if (!q.exec() || !q.next())
            return makeError(q.lastError().text());
        if (q.value(0).toInt() > 0)
            return makeError(u"a system named '%1' already exists"_s.arg(system.name));
        return insertSystem(system);
    });
}

Result<void> Workspace::setSystemWriteSettings(const SystemConfig& system)
{
    auto existing = this->system(system.name);
    if (!existing)
        return existing.error();
    SystemConfig changed = *existing;
    changed.readOnly = system.readOnly;
    changed.softDeleteColumn = system.softDeleteColumn;
    changed.softDeleteValue = system.softDeleteValue;
    changed.hardDelete = system.hardDelete;
    changed.stampVersion = system.stampVersion;
    if (auto ok = validateSystem(changed); !ok)
        return ok;
    return inTransaction(u"change system settings"_s, [&]() -> Result<void> {
        return exec(u"UPDATE systems SET read_only = ?, soft_delete_column = ?, soft_delete_value = ?,"
                    " hard_delete = ?, stamp_version = ? WHERE name = ?"_s,
                    {changed.readOnly ? 1 : 0, changed.softDeleteColumn, changed.softDeleteValue,
                     changed.hardDelete ? 1 : 0, changed.stampVersion ? 1 : 0, changed.name});
    });
}

Result<void> Workspace::updateSystem(const SystemConfig& s)
{
    if (auto existing = system(s.name); !existing)
        return existing.error();
    if (auto ok = validateSystem(s); !ok)
        return ok;
    return inTransaction(u"change system"_s, [&]() -> Result<void> {
        return exec(u"UPDATE systems SET driver = ?, host = ?, port = ?, database_name = ?, user_name = ?,"
                    " entity = ?, key_column = ?, version_column = ?, default_region = ?, date_order = ?,"
                    " read_only = ?, soft_delete_column = ?, soft_delete_value = ?, hard_delete = ?,"
                    " stamp_version = ? WHERE name = ?"_s,
                    {s.driver, s.host, s.port, s.database, s.user, s.entity, s.keyColumn, s.versionColumn,
                     s.defaultRegion, s.dateOrder, s.readOnly ? 1 : 0, s.softDeleteColumn, s.softDeleteValue,
                     s.hardDelete ? 1 : 0, s.stampVersion ? 1 : 0, s.name});
    });
}

Result<void> Workspace::removeSystem(const QString& name)
{
    if (auto existing = system(name); !existing)
        return existing.error();
    // Its ownership rows go with it (ON DELETE CASCADE); the names kept as text must go too, or
    // every later change would fail validation on a system that no longer exists. A priority
    // rule left with no system is the steward's to change, not ours to guess.
    auto governance = this->governance();
    if (!governance)
        return governance.error();
    QList<FieldGovernance> priorities;
    for (FieldGovernance g : std::as_const(*governance)) {
        if (!g.priority.contains(name))
            continue;
        g.priority.removeAll(name);
        if (g.rule == "priority"_L1 && g.priority.isEmpty())
            return makeError(u"system '%1' is the only system in the priority order of field '%2'; change "
                             "that field's rule first"_s.arg(name, g.field));
        priorities.append(g);
    }
    auto owner = recordOwner();
    if (!owner)
        return owner.error();
    return inTransaction(u"remove system"_s, [&]() -> Result<void> {
        if (auto r = exec(u"DELETE FROM field_mappings WHERE system_name = ?"_s, {name}); !r)
            return r;
        if (auto r = exec(u"DELETE FROM systems WHERE name = ?"_s, {name}); !r)
            return r;
        for (const FieldGovernance& g : std::as_const(priorities)) {
            if (auto r = exec(u"UPDATE field_policies SET priority_systems = ? WHERE field_name = ?"_s,
                              {g.priority.join(u','), g.field});
                !r)
                return r;
        }
        if (*owner == name)
            return writeSetting(u"record_owner"_s, QString());
        return {};
    });
}

Result<QList<CanonicalField>> Workspace::fields() const
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT name, field_type, description FROM canonical_fields ORDER BY position, name"_s))
        return makeError(u"%1: cannot read canonical fields: %2"_s.arg(m_path, q.lastError().text()));
    QList<CanonicalField> list;
    while (q.next())
        list.append(CanonicalField{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return list;
}

Result<void> Workspace::insertField(const CanonicalField& f)
{
    QSqlQuery count(m_db);
    if (!count.exec(u"SELECT COALESCE(MAX(position), 0) + 1 FROM canonical_fields"_s) || !count.next())
        return makeError(count.lastError().text());
    auto r =
        exec(u"INSERT INTO canonical_fields (name, field_type, description, position) VALUES (?,?,?,?)"_s,
             {f.name, f.type, f.description, count.value(0).toInt()});
    if (!r)
        return makeError(u"cannot add canonical field '%1': %2"_s.arg(f.name, r.errorString()));
    return {};
}

Result<void> Workspace::addField(const CanonicalField& field)
{
    auto current = config();
    if (!current)
        return current.error();
    current->fields.append(field);
    if (auto ok = validateConfig(*current); !ok)
        return ok;
    return inTransaction(u"add field"_s, [&]() { return insertField(field); });
}

Result<QList<FieldMapping>> Workspace::mappings(const QString& system) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT m.system_name, m.column_name, m.field_name FROM field_mappings m"
              " JOIN systems s ON s.name = m.system_name"
              " JOIN canonical_fields f ON f.name = m.field_name"
              " WHERE ? = '' OR m.system_name = ? ORDER BY s.position, f.position, m.column_name"_s);
    q.addBindValue(system.isNull() ? u""_s : system);
    q.addBindValue(system.isNull() ? u""_s : system);
    if (!q.exec())
        return makeError(u"%1: cannot read mappings: %2"_s.arg(m_path, q.lastError().text()));
    QList<FieldMapping> list;
    while (q.next())
        list.append(FieldMapping{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return list;
}

Result<void> Workspace::insertMapping(const FieldMapping& m)
{
    auto r = exec(u"INSERT INTO field_mappings (system_name, column_name, field_name) VALUES (?,?,?)"_s,
                  {m.system, m.column, m.field});
    if (!r)
        return makeError(u"cannot map %1.%2 -> %3: %4"_s.arg(m.system, m.column, m.field, r.errorString()));
    return {};
}

Result<void> Workspace::setMapping(const QString& system, const QString& column, const QString& field)
{
    auto current = config();
    if (!current)
        return current.error();
    QList<FieldMapping>& list = current->mappings;
    list.erase(
        std::remove_if(list.begin(), list.end(),
                       [&](const FieldMapping& m) { return m.system == system && m.column == column; }),
        list.end());
    if (!field.isEmpty())
        list.append(FieldMapping{system, column, field});
    else if (auto exists = this->system(system); !exists)
        return exists.error();
    if (auto ok = validateConfig(*current); !ok)
        return ok;
    return inTransaction(u"set mapping"_s, [&]() -> Result<void> {
        if (auto r = exec(u"DELETE FROM field_mappings WHERE system_name = ? AND column_name = ?"_s,
                          {system, column});
            !r)
            return r;
        if (field.isEmpty())
            return {};
        return insertMapping(FieldMapping{system, column, field});
    });
}

Result<WorkspaceConfig> Workspace::config() const
{
    WorkspaceConfig c;
    auto s = systems();
    if (!s)
        return s.error();
    auto f = fields();
    if (!f)
        return f.error();
    auto m = mappings();
    if (!m)
        return m.error();
    c.systems = *s;
    c.fields = *f;
    c.mappings = *m;
    auto governance = this->governance();
    if (!governance)
        return governance.error();
    for (const FieldGovernance& g : std::as_const(*governance)) {
        // Only fields the steward configured travel in the configuration (any member that
        // differs from the default policy: an anomaly setting on an unowned field counts).
        const FieldGovernance defaults;
        if (!g.owners.isEmpty() || g.rule != defaults.rule || !g.priority.isEmpty() ||
            g.highStakes != defaults.highStakes || g.sensitive != defaults.sensitive ||
            g.anomalyRatio != defaults.anomalyRatio || g.anomalyYears != defaults.anomalyYears)
            c.governance.append(g);
    }
    auto owner = recordOwner();
    if (!owner)
        return owner.error();
    c.recordOwner = *owner;
    if (hasStoredMatchConfig()) {
        auto matching = matchConfig();
        if (!matching)
            return matching.error();
        c.matching = *matching;
    }
    return c;
}

Result<void> Workspace::replaceConfig(const WorkspaceConfig& config)
{
    if (auto ok = validateConfig(config); !ok)
        return ok;
    return inTransaction(u"import configuration"_s, [&]() -> Result<void> {
        for (const QString& sql :
             {u"DELETE FROM field_ownership"_s, u"DELETE FROM field_policies"_s,
              u"DELETE FROM field_mappings"_s, u"DELETE FROM canonical_fields"_s, u"DELETE FROM systems"_s}) {
            if (auto r = exec(sql); !r)
                return r;
        }
        for (const SystemConfig& s : config.systems) {
            if (auto r = insertSystem(s); !r)
                return r;
        }
        for (const CanonicalField& f : config.fields) {
            if (auto r = insertField(f); !r)
                return r;
        }
        for (const FieldMapping& m : config.mappings) {
            if (auto r = insertMapping(m); !r)
                return r;
        }
        for (const FieldGovernance& g : config.governance) {
            if (auto r = writeGovernance(g); !r)
                return r;
        }
        if (auto r = writeSetting(u"record_owner"_s, config.recordOwner); !r)
            return r;
        if (config.matching)
            return writeMatchConfig(*config.matching);
        return exec(u"DELETE FROM settings WHERE setting_key = 'matching'"_s);
    });
}

} // namespace concord
