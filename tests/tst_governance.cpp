// The governance layer: the field-ownership matrix, per-field policies and the system of
// record (schema 3), ownership in the configuration JSON, the review queue, and the SQL
// Concord writes back with (identifiers quoted in the system's dialect, values bound).
#include "ConfigJson.h"
#include "Workspace.h"
#include "WriteStatements.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace concord;

Q_DECLARE_METATYPE(concord::FieldGovernance)
Q_DECLARE_METATYPE(concord::ReviewState)

namespace {

SystemConfig fileSystem(const QString& name, const QString& entity, const QString& key)
{
    SystemConfig s;
    s.name = name;
    s.driver = u"sqlite"_s;
    s.database = name + u".sqlite"_s;
    s.entity = entity;
    s.keyColumn = key;
    return s;
}

// Three systems and four fields, mapped; no ownership yet.
WorkspaceConfig baseConfig()
{
    WorkspaceConfig c;
    c.systems = {fileSystem(u"crm"_s, u"contacts"_s, u"contact_id"_s),
                 fileSystem(u"quoting"_s, u"customers"_s, u"customer_ref"_s),
                 fileSystem(u"accounting"_s, u"customer_accounts"_s, u"account_no"_s)};
    c.fields = {CanonicalField{u"phone"_s, u"phone"_s, QString()},
                CanonicalField{u"email"_s, u"email"_s, QString()},
                CanonicalField{u"credit_limit"_s, u"money"_s, QString()},
                CanonicalField{u"bank_account"_s, u"text"_s, QString()}};
    c.mappings = {FieldMapping{u"crm"_s, u"phone"_s, u"phone"_s},
                  FieldMapping{u"crm"_s, u"email"_s, u"email"_s},
                  FieldMapping{u"quoting"_s, u"phone"_s, u"phone"_s},
                  FieldMapping{u"quoting"_s, u"email_address"_s, u"email"_s},
                  FieldMapping{u"accounting"_s, u"phone"_s, u"phone"_s},
                  FieldMapping{u"accounting"_s, u"credit_limit"_s, u"credit_limit"_s},
                  FieldMapping{u"accounting"_s, u"bank_account"_s, u"bank_account"_s}};
    return c;
}

FieldGovernance owned(const QString& field, const QStringList& owners)
{
    FieldGovernance g;
    g.field = field;
    g.owners = owners;
    return g;
}

// The demo's matrix over baseConfig: every field with exactly one owner.
QList<FieldGovernance> validMatrix()
{
    FieldGovernance credit = owned(u"credit_limit"_s, {u"accounting"_s});
    credit.highStakes = true;
    FieldGovernance bank = owned(u"bank_account"_s, {u"accounting"_s});
    bank.highStakes = true;
    bank.sensitive = true;
    return {owned(u"phone"_s, {u"crm"_s}), owned(u"email"_s, {u"crm"_s}), credit, bank};
}

QString dump(const FieldGovernance& g)
{
    return u"%1 owners=%2 rule=%3 priority=%4 highStakes=%5 sensitive=%6 ratio=%7 years=%8"_s.arg(
        g.field, g.owners.join(u','), g.rule, g.priority.join(u','), QString::number(g.highStakes),
        QString::number(g.sensitive), QString::number(g.anomalyRatio), QString::number(g.anomalyYears));
}

QString dump(const Result<QList<FieldGovernance>>& list)
{
    if (!list)
        return u"error: "_s + list.errorString();
    QStringList lines;
    for (const FieldGovernance& g : *list)
        lines << dump(g);
    return lines.join(u'\n');
}

QString dumpItem(const ReviewItem& i)
{
    return QStringList{i.id,
                       reviewItemKindName(i.kind),
                       reviewStateName(i.state),
                       i.field,
                       i.records.join(u','),
                       i.summary,
                       i.detail,
                       i.fingerprint,
                       i.editedValue.value_or(u"<none>"_s),
                       i.decidedBy,
                       i.note}
        .join(u'|');
}

Result<std::unique_ptr<Workspace>> configuredWorkspace(const QString& path, const WorkspaceConfig& config)
{
    auto ws = Workspace::create(path);
    if (!ws)
        return ws;
    if (auto ok = (*ws)->replaceConfig(config); !ok)
        return ok.error();
    return ws;
}

// Runs statements on an SQLite file through a private connection; the first error or "".
QString runSql(const QString& path, const QStringList& statements)
{
    static int counter = 0;
    const QString name = u"tst-governance-raw-%1"_s.arg(++counter);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            for (const QString& sql : statements) {
                if (!q.exec(sql)) {
                    error = sql + u": "_s + q.lastError().text();
                    break;
                }
            }
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

// The first column of a query's rows, joined by '|'; "<error: ...>" on failure.
QString queryColumn(const QString& path, const QString& sql)
{
    static int counter = 0;
    const QString name = u"tst-governance-query-%1"_s.arg(++counter);
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            result = u"<error: "_s + db.lastError().text() + u">"_s;
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                result = u"<error: "_s + q.lastError().text() + u">"_s;
            } else {
                QStringList values;
                while (q.next())
                    values << q.value(0).toString();
                result = values.join(u'|');
            }
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

// baseConfig as JSON with the given "ownership" member (and "recordOwner" when not empty).
QByteArray configWithOwnership(const QJsonValue& ownership,
                               const QJsonValue& recordOwner = QJsonValue(QJsonValue::Undefined))
{
    QJsonObject root = ConfigJson::toJson(baseConfig());
    if (!ownership.isUndefined())
        root.insert(u"ownership"_s, ownership);
    if (!recordOwner.isUndefined())
        root.insert(u"recordOwner"_s, recordOwner);
    return QJsonDocument(root).toJson();
}

QJsonObject owner(const QJsonValue& who)
{
    return QJsonObject{{u"owner"_s, who}};
}

ReviewItem makeItem(ReviewItemKind kind, const QString& field, const QStringList& records,
                    const QStringList& values)
{
    ReviewItem i;
    i.kind = kind;
    i.field = field;
    i.records = records;
    i.id = ReviewItem::makeId(kind, field, records);
    i.summary = reviewItemKindName(kind) + u" about "_s + records.join(u", "_s);
    i.detail = u"because"_s;
    i.fingerprint = ReviewItem::makeFingerprint(values);
    return i;
}

QString syncText(const ReviewSync& s)
{
    return u"added %1 reopened %2 unchanged %3 dropped %4"_s.arg(s.added)
        .arg(s.reopened)
        .arg(s.unchanged)
        .arg(s.dropped);
}

QString syncText(const Result<ReviewSync>& s)
{
    return s ? syncText(*s) : u"error: "_s + s.errorString();
}

// SQL split into tokens the way the dialect reads it: a quoted identifier (its quote
// character doubled inside) is one token "ident:<name>", a string literal one token
// "<string>", words and punctuation one token each.
QStringList sqlTokens(const QString& sql, QChar quote)
{
    QStringList out;
    qsizetype i = 0;
    while (i < sql.size()) {
        const QChar c = sql[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == quote || c == u'\'') {
            QString text;
            ++i;
            for (;;) {
                if (i >= sql.size())
                    return {u"<unterminated>"_s};
                if (sql[i] == c) {
                    if (i + 1 < sql.size() && sql[i + 1] == c) {
                        text += c;
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                text += sql[i++];
            }
            out << (c == quote ? u"ident:"_s + text : u"<string>"_s);
            continue;
        }
        if (c.isLetterOrNumber() || c == u'_') {
            QString word;
            while (i < sql.size() && (sql[i].isLetterOrNumber() || sql[i] == u'_'))
                word += sql[i++];
            out << word;
            continue;
        }
        out << QString(c);
        ++i;
    }
    return out;
}

QStringList whereTokens(const QStringList& keys)
{
    QStringList t{u"WHERE"_s};
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i > 0)
            t << u"AND"_s;
        t << u"ident:"_s + keys[i] << u"="_s << u"?"_s;
    }
    return t;
}

// Names a steward's systems really have, and names written to break out of an identifier.
const QStringList kIdentifiers{u"customers"_s,
                               u"we\"ird"_s,
                               u"back`tick"_s,
                               u"with space"_s,
                               u"semi;colon"_s,
                               u"it's"_s,
                               u"%1 %2"_s,
                               u"'); DROP TABLE x; --"_s,
                               u"\"; DROP TABLE x; --"_s,
                               u"`; DROP TABLE x; --"_s,
                               u"Kunden-Ümläut"_s};

} // namespace

class TestGovernance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newWorkspaceHasNoOwners();
    void setOwnershipAndRecordOwner();
    void setGovernanceRefuses_data();
    void setGovernanceRefuses();
    void ownershipProblems_data();
    void ownershipProblems();
    void policiesStoredAndReadBack();
    void migratesSchema2Workspace();
    void removingASystemKeepsGovernanceValid();

    void configRoundTripWithOwnership();
    void configOwnershipErrors_data();
    void configOwnershipErrors();

    void reviewSyncSemantics();
    void decideReviewItem_data();
    void decideReviewItem();
    void reviewItemIdIsStable();
    void reviewFingerprint();

    void writeStatementsQuoting_data();
    void writeStatementsQuoting();
    void writeStatementsRunOnSqlite();
    void writeStatementDisplay_data();
    void writeStatementDisplay();

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString nextPath() { return m_dir.filePath(u"ws-%1.concord"_s.arg(++m_counter)); }
};

void TestGovernance::newWorkspaceHasNoOwners()
{
    auto ws = configuredWorkspace(nextPath(), baseConfig());
    QVERIFY2(ws, qPrintable(ws.errorString()));
    // Every canonical field is listed, in field order, with the default policy and no owner.
    QCOMPARE(dump((*ws)->governance()),
             dump(QList<FieldGovernance>{owned(u"phone"_s, {}), owned(u"email"_s, {}),
                                         owned(u"credit_limit"_s, {}), owned(u"bank_account"_s, {})}));
    QCOMPARE(*(*ws)->recordOwner(), QString());
    QCOMPARE(*(*ws)->validateOwnership(),
             (QStringList{u"field 'phone' has no owner"_s, u"field 'email' has no owner"_s,
                          u"field 'credit_limit' has no owner"_s, u"field 'bank_account' has no owner"_s,
                          u"no system of record is set (the system whose deletions count)"_s}));
    QVERIFY((*ws)->config()->governance.isEmpty()); // nothing configured, nothing exported
}

void TestGovernance::setOwnershipAndRecordOwner()
{
    const QString path = nextPath();
    {
        auto ws = configuredWorkspace(path, baseConfig());
        QVERIFY2(ws, qPrintable(ws.errorString()));
        for (const FieldGovernance& g : validMatrix()) {
            auto set = (*ws)->setGovernance(g);
            QVERIFY2(set, qPrintable(set.errorString()));
        }
        QCOMPARE(*(*ws)->validateOwnership(),
                 QStringList{u"no system of record is set (the system whose deletions count)"_s});

        // An unknown system is refused when it is set, naming it, and nothing changes.
        const QString before = dump((*ws)->governance());
        auto refused = (*ws)->setGovernance(owned(u"phone"_s, {u"nope"_s}));
        QVERIFY(!refused);
        QCOMPARE(refused.errorString(), u"ownership: field 'phone' names unknown system 'nope'"_s);
        QCOMPARE(dump((*ws)->governance()), before);

        auto badOwner = (*ws)->setRecordOwner(u"nope"_s);
        QVERIFY(!badOwner);
        QVERIFY2(badOwner.errorString().contains(u"no system named 'nope'"_s),
                 qPrintable(badOwner.errorString()));
        QCOMPARE(*(*ws)->recordOwner(), QString());

        auto recordOwner = (*ws)->setRecordOwner(u"crm"_s);
        QVERIFY2(recordOwner, qPrintable(recordOwner.errorString()));
        QCOMPARE(*(*ws)->validateOwnership(), QStringList());

        // Setting a field again replaces its owner, it does not add a second one.
        QVERIFY((*ws)->setGovernance(owned(u"phone"_s, {u"quoting"_s})));
        QCOMPARE((*ws)->governance()->first().owners, QStringList{u"quoting"_s});
        QVERIFY((*ws)->setGovernance(owned(u"phone"_s, {u"crm"_s})));
    }
    // All of it is in the file.
    auto reopened = Workspace::open(path);
    QVERIFY2(reopened, qPrintable(reopened.errorString()));
    QCOMPARE(dump((*reopened)->governance()), dump(validMatrix()));
    QCOMPARE(*(*reopened)->recordOwner(), u"crm"_s);
    QCOMPARE(*(*reopened)->validateOwnership(), QStringList());
}

void TestGovernance::setGovernanceRefuses_data()
{
    QTest::addColumn<FieldGovernance>("governance");
    QTest::addColumn<QString>("error");

    QTest::newRow("unknown field") << owned(u"fax"_s, {u"crm"_s})
                                   << u"ownership: 'fax' is not a canonical field"_s;
    QTest::newRow("unknown owner") << owned(u"email"_s, {u"crm"_s, u"erp"_s})
                                   << u"ownership: field 'email' names unknown system 'erp'"_s;
    QTest::newRow("same owner twice")
        << owned(u"email"_s, {u"crm"_s, u"crm"_s}) << u"ownership: field 'email' names system 'crm' twice"_s;
    FieldGovernance g = owned(u"email"_s, {u"crm"_s});
    g.rule = u"majority"_s;
    QTest::newRow("unknown rule") << g
                                  << u"ownership: field 'email': rule 'majority' must be one of owner, "
                                     "priority, recency"_s;
    g.rule = u"priority"_s;
    QTest::newRow("priority without systems")
        << g << u"ownership: field 'email' uses rule 'priority' but lists no systems"_s;
    g.priority = {u"quoting"_s, u"erp"_s};
    QTest::newRow("priority names unknown system")
        << g << u"ownership: field 'email': priority names unknown system 'erp'"_s;
    g = owned(u"credit_limit"_s, {u"accounting"_s});
    g.anomalyRatio = 0.5;
    QTest::newRow("anomaly ratio below 1")
        << g << u"ownership: field 'credit_limit': the anomaly ratio must be 0 (off) or above 1"_s;
    g.anomalyRatio = 1;
    QTest::newRow("anomaly ratio of 1")
        << g << u"ownership: field 'credit_limit': the anomaly ratio must be 0 (off) or above 1"_s;
    g.anomalyRatio = -3;
    QTest::newRow("negative anomaly ratio")
        << g << u"ownership: field 'credit_limit': the anomaly ratio must be 0 (off) or above 1"_s;
    g.anomalyRatio = 10;
    g.anomalyYears = -1;
    QTest::newRow("negative anomaly years")
        << g << u"ownership: field 'credit_limit': anomaly years cannot be negative"_s;
}

void TestGovernance::setGovernanceRefuses()
{
    QFETCH(FieldGovernance, governance);
    QFETCH(QString, error);
    auto ws = configuredWorkspace(nextPath(), baseConfig());
    QVERIFY2(ws, qPrintable(ws.errorString()));
    QVERIFY((*ws)->setGovernance(owned(u"email"_s, {u"quoting"_s})));
    const QString before = dump((*ws)->governance());
    auto set = (*ws)->setGovernance(governance);
    QVERIFY(!set);
    QCOMPARE(set.errorString(), error);
    QCOMPARE(dump((*ws)->governance()), before);
}

void TestGovernance::ownershipProblems_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("problems");

    const QJsonObject valid{{u"phone"_s, owner(u"crm"_s)},
                            {u"email"_s, owner(u"crm"_s)},
                            {u"credit_limit"_s, owner(u"accounting"_s)},
                            {u"bank_account"_s, owner(u"accounting"_s)}};
    QTest::newRow("valid") << configWithOwnership(valid, u"crm"_s) << QStringList();
    QJsonObject o = valid;
    o.insert(u"phone"_s, owner(QJsonArray{u"crm"_s}));
    QTest::newRow("a list of one owner") << configWithOwnership(o, u"crm"_s) << QStringList();
    o.insert(u"phone"_s, owner(QJsonArray{u"quoting"_s, u"crm"_s}));
    QTest::newRow("two owners") << configWithOwnership(o, u"crm"_s)
                                << QStringList{u"field 'phone' is owned by crm and quoting"_s};
    o.insert(u"email"_s, owner(QJsonArray{u"accounting"_s, u"crm"_s, u"quoting"_s}));
    QTest::newRow("two and three owners")
        << configWithOwnership(o, u"crm"_s)
        << QStringList{u"field 'phone' is owned by crm and quoting"_s,
                       u"field 'email' is owned by crm, quoting and accounting"_s};
    o = valid;
    o.remove(u"credit_limit"_s);
    o.insert(u"email"_s, QJsonObject{{u"rule"_s, u"recency"_s}});
    QTest::newRow("no owner") << configWithOwnership(o, u"crm"_s)
                              << QStringList{u"field 'email' has no owner"_s,
                                             u"field 'credit_limit' has no owner"_s};
    QTest::newRow("no system of record")
        << configWithOwnership(valid)
        << QStringList{u"no system of record is set (the system whose deletions count)"_s};
}

void TestGovernance::ownershipProblems()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, problems);
    // A matrix in progress (no owner, two owners) imports: it is how a steward finds the
    // fields two teams both think they own. Validation names each one.
    auto config = ConfigJson::fromBytes(json, u"matrix.json"_s);
    QVERIFY2(config, qPrintable(config.errorString()));
    // Before it is stored, owners are named in the file's order; once stored, in system order.
    QCOMPARE(concord::ownershipProblems(*config).size(), problems.size());
    auto ws = configuredWorkspace(nextPath(), *config);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    QCOMPARE(*(*ws)->validateOwnership(), problems);
}

void TestGovernance::policiesStoredAndReadBack()
{
    const QString path = nextPath();
    FieldGovernance phone = owned(u"phone"_s, {u"crm"_s});
    phone.rule = u"priority"_s;
    phone.priority = {u"quoting"_s, u"accounting"_s};
    FieldGovernance email = owned(u"email"_s, {u"quoting"_s});
    email.rule = u"recency"_s;
    email.anomalyRatio = 0;
    email.anomalyYears = 0;
    FieldGovernance credit = owned(u"credit_limit"_s, {u"accounting"_s});
    credit.highStakes = true;
    credit.anomalyRatio = 2.5;
    credit.anomalyYears = 7;
    FieldGovernance bank = owned(u"bank_account"_s, {u"accounting"_s});
    bank.highStakes = true;
    bank.sensitive = true;
    const QList<FieldGovernance> expected{phone, email, credit, bank};
    {
        auto ws = configuredWorkspace(path, baseConfig());
        QVERIFY2(ws, qPrintable(ws.errorString()));
        for (const FieldGovernance& g : {bank, credit, email, phone}) { // any order: read back in field order
            auto set = (*ws)->setGovernance(g);
            QVERIFY2(set, qPrintable(set.errorString()));
        }
        QCOMPARE(dump((*ws)->governance()), dump(expected));
        QCOMPARE(dump((*ws)->config()->governance), dump(expected));
    }
    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    QCOMPARE(dump((*ws)->governance()), dump(expected));
}

void TestGovernance::migratesSchema2Workspace()
{
    // A schema-2 file as Concord wrote it before governance: made with today's code, then
    // with the schema-3 and schema-4 tables and columns taken away again.
    const QString path = nextPath();
    WorkspaceConfig config = baseConfig();
    config.matching = MatchConfig::suggestFor(config.matchFields());
    config.matching->review = config.matching->review - 1;
    {
        auto ws = configuredWorkspace(path, config);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        QVERIFY((*ws)->recordMatchDecision(MatchDecision{u"crm"_s, u"1"_s, u"quoting"_s, u"Q-1"_s, true},
                                           u"ann"_s, u"same phone"_s));
    }
    QCOMPARE(
        runSql(path, {u"DROP TABLE plans"_s, u"DROP TABLE journal"_s, u"DROP TABLE batches"_s,
                      u"ALTER TABLE systems DROP COLUMN read_only"_s,
                      u"ALTER TABLE systems DROP COLUMN soft_delete_column"_s,
                      u"ALTER TABLE systems DROP COLUMN soft_delete_value"_s,
                      u"ALTER TABLE systems DROP COLUMN hard_delete"_s,
                      u"ALTER TABLE systems DROP COLUMN stamp_version"_s, u"DROP TABLE field_ownership"_s,
                      u"DROP TABLE field_policies"_s, u"DROP TABLE review_items"_s,
                      u"UPDATE concord_meta SET meta_value = '2' WHERE meta_key = 'schema_version'"_s}),
        QString());
    const QString rules =
        queryColumn(path, u"SELECT setting_value FROM settings WHERE setting_key = 'matching'"_s);
    QVERIFY(!rules.isEmpty());
    {
        auto ws = Workspace::open(path);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        auto migrated = (*ws)->config();
        QVERIFY2(migrated, qPrintable(migrated.errorString()));
        QCOMPARE(ConfigJson::toBytes(*migrated),
                 ConfigJson::toBytes(config)); // systems, fields, mappings, rules
        QCOMPARE((*ws)->matchDecisions()->size(), 1);
        // The new tables are there and empty: no owners, default policies, an empty queue.
        QCOMPARE(dump((*ws)->governance()),
                 dump(QList<FieldGovernance>{owned(u"phone"_s, {}), owned(u"email"_s, {}),
                                             owned(u"credit_limit"_s, {}), owned(u"bank_account"_s, {})}));
        QCOMPARE((*ws)->validateOwnership()->size(), 5);
        QVERIFY((*ws)->reviewItems()->isEmpty());
        for (const FieldGovernance& g : validMatrix())
            QVERIFY((*ws)->setGovernance(g));
        QVERIFY((*ws)->setRecordOwner(u"crm"_s));
        QVERIFY(
            (*ws)->syncReviewItems({makeItem(ReviewItemKind::Conflict, u"phone"_s, {u"crm:1"_s}, {u"a"_s})}));
    }
    QCOMPARE(queryColumn(path, u"SELECT meta_value FROM concord_meta WHERE meta_key = 'schema_version'"_s),
             QString::number(Workspace::SchemaVersion));
    QCOMPARE(queryColumn(path, u"SELECT COUNT(*) FROM match_decisions"_s), u"1"_s);
    QCOMPARE(queryColumn(path, u"SELECT setting_value FROM settings WHERE setting_key = 'matching'"_s),
             rules);
    auto again = Workspace::open(path);
    QVERIFY2(again, qPrintable(again.errorString()));
    QCOMPARE(dump((*again)->governance()), dump(validMatrix()));
    QCOMPARE((*again)->reviewItems()->size(), 1);
}

void TestGovernance::removingASystemKeepsGovernanceValid()
{
    // The removed system owned a field, was the system of record and was named in a priority
    // order: the workspace must stay editable, and validation names what is now missing.
    WorkspaceConfig config = baseConfig();
    config.governance = validMatrix();
    config.governance[0].rule = u"priority"_s;
    config.governance[0].priority = {u"accounting"_s, u"quoting"_s};
    config.recordOwner = u"accounting"_s;
    auto ws = configuredWorkspace(nextPath(), config);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    auto removed = (*ws)->removeSystem(u"accounting"_s);
    QVERIFY2(removed, qPrintable(removed.errorString()));
    auto current = (*ws)->config();
    QVERIFY2(current, qPrintable(current.errorString()));
    auto valid = validateConfig(*current);
    QVERIFY2(valid, qPrintable(valid.errorString()));
    QCOMPARE((*ws)->governance()->first().priority, QStringList{u"quoting"_s});
    QCOMPARE(*(*ws)->validateOwnership(),
             (QStringList{u"field 'credit_limit' has no owner"_s, u"field 'bank_account' has no owner"_s,
                          u"no system of record is set (the system whose deletions count)"_s}));
    auto added = (*ws)->addField(CanonicalField{u"state"_s, u"state"_s, QString()});
    QVERIFY2(added, qPrintable(added.errorString()));

    // A field whose priority order named only that system cannot lose it silently.
    config.governance[0].priority = {u"accounting"_s};
    auto other = configuredWorkspace(nextPath(), config);
    QVERIFY2(other, qPrintable(other.errorString()));
    auto refused = (*other)->removeSystem(u"accounting"_s);
    QVERIFY(!refused);
    QCOMPARE(refused.errorString(), u"system 'accounting' is the only system in the priority order of field "
                                    "'phone'; change that field's rule first"_s);
    QCOMPARE((*other)->systems()->size(), 3);
}

void TestGovernance::configRoundTripWithOwnership()
{
    WorkspaceConfig config = baseConfig();
    FieldGovernance phone = owned(u"phone"_s, {u"quoting"_s, u"crm"_s}); // an unfinished matrix
    phone.rule = u"priority"_s;
    phone.priority = {u"accounting"_s, u"crm"_s};
    FieldGovernance email = owned(u"email"_s, {});
    email.anomalyYears = 0; // a policy on a field nobody owns yet
    FieldGovernance credit = owned(u"credit_limit"_s, {u"accounting"_s});
    credit.highStakes = true;
    credit.anomalyRatio = 3.5;
    FieldGovernance bank = owned(u"bank_account"_s, {});
    bank.sensitive = true;
    config.governance = {phone, email, credit, bank};
    config.recordOwner = u"crm"_s;

    auto first = configuredWorkspace(nextPath(), config);
    QVERIFY2(first, qPrintable(first.errorString()));
    auto firstConfig = (*first)->config();
    QVERIFY2(firstConfig, qPrintable(firstConfig.errorString()));
    const QByteArray exported = ConfigJson::toBytes(*firstConfig);

    const QJsonObject ownership = QJsonDocument::fromJson(exported).object().value(u"ownership"_s).toObject();
    // Owners come back in system order; a field with one owner is a plain name.
    QCOMPARE(ownership.value(u"phone"_s).toObject().value(u"owner"_s).toArray(),
             (QJsonArray{u"crm"_s, u"quoting"_s}));
    QCOMPARE(ownership.value(u"credit_limit"_s).toObject().value(u"owner"_s).toString(), u"accounting"_s);
    QCOMPARE(ownership.value(u"bank_account"_s).toObject().value(u"sensitive"_s).toBool(), true);
    QCOMPARE(ownership.value(u"email"_s).toObject().value(u"anomalyYears"_s).toInt(-1), 0);
    QCOMPARE(QJsonDocument::fromJson(exported).object().value(u"recordOwner"_s).toString(), u"crm"_s);

    auto parsed = ConfigJson::fromBytes(exported, u"exported.json"_s);
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    auto second = configuredWorkspace(nextPath(), *parsed);
    QVERIFY2(second, qPrintable(second.errorString()));
    QCOMPARE(dump((*second)->governance()), dump((*first)->governance()));
    QCOMPARE(*(*second)->recordOwner(), u"crm"_s);
    QCOMPARE(*(*second)->validateOwnership(),
             (QStringList{u"field 'phone' is owned by crm and quoting"_s, u"field 'email' has no owner"_s,
                          u"field 'bank_account' has no owner"_s}));
    QCOMPARE(ConfigJson::toBytes(*(*second)->config()), exported); // bytes identical after a second export
}

void TestGovernance::configOwnershipErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    auto with = [](const QJsonObject& policy) {
        return configWithOwnership(QJsonObject{{u"phone"_s, policy}});
    };
    QTest::newRow("ownership not an object")
        << configWithOwnership(QJsonArray{u"phone"_s}) << u"\"ownership\" must be an object of fields"_s;
    QTest::newRow("policy not an object") << configWithOwnership(QJsonObject{{u"phone"_s, u"crm"_s}})
                                          << u"ownership.phone: must be an object"_s;
    QTest::newRow("unknown key") << with(QJsonObject{{u"owners"_s, u"crm"_s}})
                                 << u"ownership.phone: unknown key \"owners\""_s;
    QTest::newRow("owner a number") << with(owner(5))
                                    << u"ownership.phone: \"owner\" must be a system name"_s;
    QTest::newRow("owner list with a number")
        << with(owner(QJsonArray{u"crm"_s, 5})) << u"ownership.phone: \"owner\" must be a system name"_s;
    QTest::newRow("unknown owner") << with(owner(u"erp"_s))
                                   << u"ownership: field 'phone' names unknown system 'erp'"_s;
    QTest::newRow("unknown field") << configWithOwnership(QJsonObject{{u"fax"_s, owner(u"crm"_s)}})
                                   << u"ownership: 'fax' is not a canonical field"_s;
    QTest::newRow("rule not a name") << with(QJsonObject{{u"rule"_s, 1}})
                                     << u"ownership.phone: \"rule\" must be owner, priority or recency"_s;
    QTest::newRow("unknown rule") << with(QJsonObject{{u"rule"_s, u"majority"_s}})
                                  << u"ownership: field 'phone': rule 'majority' must be one of"_s;
    QTest::newRow("priority not a list")
        << with(QJsonObject{{u"rule"_s, u"priority"_s}, {u"priority"_s, u"crm"_s}})
        << u"ownership.phone: \"priority\" must be a list of system names"_s;
    QTest::newRow("highStakes a string") << with(QJsonObject{{u"highStakes"_s, u"yes"_s}})
                                         << u"ownership.phone: \"highStakes\" must be true or false"_s;
    QTest::newRow("sensitive a number") << with(QJsonObject{{u"sensitive"_s, 1}})
                                        << u"ownership.phone: \"sensitive\" must be true or false"_s;
    QTest::newRow("anomalyRatio a string") << with(QJsonObject{{u"anomalyRatio"_s, u"10"_s}})
                                           << u"ownership.phone: \"anomalyRatio\" must be a number"_s;
    QTest::newRow("anomalyYears not whole") << with(QJsonObject{{u"anomalyYears"_s, 2.5}})
                                            << u"ownership.phone: \"anomalyYears\" must be a whole number"_s;
    QTest::newRow("recordOwner a number") << configWithOwnership(QJsonValue(QJsonValue::Undefined), 3)
                                          << u"\"recordOwner\" must be a system name"_s;
    QTest::newRow("recordOwner unknown") << configWithOwnership(QJsonValue(QJsonValue::Undefined), u"erp"_s)
                                         << u"the system of record 'erp' is not a system"_s;
}

void TestGovernance::configOwnershipErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    auto parsed = ConfigJson::fromBytes(json, u"bad.json"_s);
    QVERIFY2(!parsed, json.constData());
    QVERIFY2(parsed.errorString().startsWith(u"bad.json: "_s), qPrintable(parsed.errorString()));
    QVERIFY2(parsed.errorString().contains(error), qPrintable(parsed.errorString()));
}

void TestGovernance::reviewSyncSemantics()
{
    const QString path = nextPath();
    auto ws = configuredWorkspace(path, baseConfig());
    QVERIFY2(ws, qPrintable(ws.errorString()));
    Workspace& w = **ws;

    const ReviewItem approved =
        makeItem(ReviewItemKind::Conflict, u"phone"_s, {u"quoting:Q-1"_s}, {u"v1"_s, u"a"_s, u"b"_s});
    const ReviewItem rejected = makeItem(ReviewItemKind::HighStakes, u"credit_limit"_s, {u"accounting:7"_s},
                                         {u"v1"_s, u"100"_s, u"900"_s});
    const ReviewItem vanishing =
        makeItem(ReviewItemKind::Duplicate, QString(), {u"crm:2"_s, u"crm:3"_s}, {u"v1"_s, u"v2"_s});
    const ReviewItem edited = makeItem(ReviewItemKind::Anomaly, u"credit_limit"_s, {u"accounting:8"_s},
                                       {u"v1"_s, u"10"_s, u"10000"_s});
    const ReviewItem openChanging =
        makeItem(ReviewItemKind::PartialUpdate, u"email"_s, {u"crm:4"_s}, {u"v1"_s});
    QCOMPARE(syncText(w.syncReviewItems({approved, rejected, vanishing, edited, openChanging})),
             u"added 5 reopened 0 unchanged 0 dropped 0"_s);
    const auto opened = w.reviewItems();
    QVERIFY(opened);
    for (const ReviewItem& i : *opened) {
        QCOMPARE(i.state, ReviewState::Open);
        QVERIFY(!i.createdAt.isEmpty());
    }
    QVERIFY(w.decideReviewItem(approved.id, ReviewState::Approved, u"ann"_s, u"checked with sales"_s));
    QVERIFY(w.decideReviewItem(rejected.id, ReviewState::Rejected, u"bob"_s, QString()));
    QVERIFY(w.decideReviewItem(edited.id, ReviewState::Edited, u"ann"_s, u"typo"_s, u"1000"_s));

    // The next run: one unchanged, one whose values changed, one new; two no longer produced.
    ReviewItem rejectedChanged = makeItem(ReviewItemKind::HighStakes, u"credit_limit"_s, {u"accounting:7"_s},
                                          {u"v2"_s, u"100"_s, u"950"_s});
    rejectedChanged.summary = u"now 950"_s;
    const ReviewItem added = makeItem(ReviewItemKind::Deletion, QString(), {u"quoting:Q-9"_s}, {u"v1"_s});
    ReviewItem openChanged = makeItem(ReviewItemKind::PartialUpdate, u"email"_s, {u"crm:4"_s}, {u"v2"_s});
    QCOMPARE(syncText(w.syncReviewItems({approved, rejectedChanged, added, openChanged})),
             u"added 1 reopened 1 unchanged 2 dropped 1"_s);

    auto a = w.reviewItem(approved.id);
    QVERIFY2(a, qPrintable(a.errorString()));
    QCOMPARE(a->state, ReviewState::Approved); // same fingerprint: the decision stands
    QCOMPARE(a->decidedBy, u"ann"_s);
    QCOMPARE(a->note, u"checked with sales"_s);
    QVERIFY(!a->decidedAt.isEmpty());

    auto r = w.reviewItem(rejected.id);
    QCOMPARE(r->state, ReviewState::Open); // values changed: the decision no longer stands
    QCOMPARE(r->fingerprint, rejectedChanged.fingerprint);
    QCOMPARE(r->summary, u"now 950"_s);
    QCOMPARE(r->decidedBy, QString());
    QVERIFY2(r->note.startsWith(u"reopened "_s) && r->note.endsWith(u": the values changed since it was "
                                                                    "rejected by bob"_s),
             qPrintable(r->note));

    auto gone = w.reviewItem(vanishing.id); // open and no longer produced: dropped
    QVERIFY(!gone);
    QCOMPARE(gone.errorString(), u"no review item '%1'"_s.arg(vanishing.id));

    auto e = w.reviewItem(edited.id); // decided and no longer produced: kept, with the steward's value
    QCOMPARE(e->state, ReviewState::Edited);
    QCOMPARE(e->editedValue.value_or(u"<none>"_s), u"1000"_s);

    auto o = w.reviewItem(openChanging.id); // open, values changed: still open, new fingerprint, no note
    QCOMPARE(o->state, ReviewState::Open);
    QCOMPARE(o->fingerprint, openChanged.fingerprint);
    QCOMPARE(o->note, QString());

    QCOMPARE(w.reviewItem(added.id)->state, ReviewState::Open);

    // The same run again changes nothing, and adds no second note.
    const QString noteBefore = r->note;
    QCOMPARE(syncText(w.syncReviewItems({approved, rejectedChanged, added, openChanged})),
             u"added 0 reopened 0 unchanged 4 dropped 0"_s);
    QCOMPARE(w.reviewItem(rejected.id)->note, noteBefore);

    // Filters by state; everything is in the file.
    QStringList approvedIds;
    const auto approvedOnly = w.reviewItems(ReviewState::Approved);
    QVERIFY(approvedOnly);
    for (const ReviewItem& i : *approvedOnly)
        approvedIds << i.id;
    QCOMPARE(approvedIds, QStringList{approved.id});
    QStringList before;
    const auto all = w.reviewItems();
    QVERIFY(all);
    for (const ReviewItem& i : *all)
        before << dumpItem(i);
    QCOMPARE(before.size(), 5);
    ws->reset();
    auto reopened = Workspace::open(path);
    QVERIFY2(reopened, qPrintable(reopened.errorString()));
    QStringList after;
    const auto allAgain = (*reopened)->reviewItems();
    QVERIFY(allAgain);
    for (const ReviewItem& i : *allAgain)
        after << dumpItem(i);
    QCOMPARE(after, before);
}

void TestGovernance::decideReviewItem_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<ReviewState>("state");
    QTest::addColumn<bool>("hasValue");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error");

    const QString id = ReviewItem::makeId(ReviewItemKind::Conflict, u"phone"_s, {u"crm:1"_s});
    QTest::newRow("approved") << id << ReviewState::Approved << false << QString() << QString();
    QTest::newRow("rejected") << id << ReviewState::Rejected << false << QString() << QString();
    QTest::newRow("edited with a value")
        << id << ReviewState::Edited << true << u"(555) 010-0199"_s << QString();
    QTest::newRow("edited without a value")
        << id << ReviewState::Edited << false << QString() << u"an edit needs the value to use"_s;
    QTest::newRow("approved with a value")
        << id << ReviewState::Approved << true << u"x"_s << u"only an edit carries a value"_s;
    QTest::newRow("open is no decision")
        << id << ReviewState::Open << false << QString()
        << u"a review decision is approved, rejected or edited, not 'open'"_s;
    QTest::newRow("unknown id") << u"0123456789abcdef"_s << ReviewState::Approved << false << QString()
                                << u"no review item '0123456789abcdef'"_s;
}

void TestGovernance::decideReviewItem()
{
    QFETCH(QString, id);
    QFETCH(ReviewState, state);
    QFETCH(bool, hasValue);
    QFETCH(QString, value);
    QFETCH(QString, error);
    auto ws = configuredWorkspace(nextPath(), baseConfig());
    QVERIFY2(ws, qPrintable(ws.errorString()));
    const ReviewItem item = makeItem(ReviewItemKind::Conflict, u"phone"_s, {u"crm:1"_s}, {u"v1"_s});
    QVERIFY((*ws)->syncReviewItems({item}));
    const QString before = dumpItem(*(*ws)->reviewItem(item.id));

    auto decided = (*ws)->decideReviewItem(id, state, u"ann"_s, u"why"_s,
                                           hasValue ? std::optional<QString>(value) : std::nullopt);
    auto stored = (*ws)->reviewItem(item.id);
    QVERIFY2(stored, qPrintable(stored.errorString()));
    if (!error.isEmpty()) {
        QVERIFY(!decided);
        QCOMPARE(decided.errorString(), error);
        QCOMPARE(dumpItem(*stored), before); // a refused decision changes nothing
        return;
    }
    QVERIFY2(decided, qPrintable(decided.errorString()));
    QCOMPARE(stored->state, state);
    QCOMPARE(stored->decidedBy, u"ann"_s);
    QCOMPARE(stored->note, u"why"_s);
    QVERIFY(!stored->decidedAt.isEmpty());
    QCOMPARE(stored->editedValue.value_or(u"<none>"_s), hasValue ? value : u"<none>"_s);

    // Deciding again replaces the decision; an approval after an edit drops the edited value.
    QVERIFY((*ws)->decideReviewItem(item.id, ReviewState::Approved, u"bob"_s, QString()));
    QVERIFY(!(*ws)->reviewItem(item.id)->editedValue.has_value());
    QCOMPARE((*ws)->reviewItem(item.id)->decidedBy, u"bob"_s);
}

void TestGovernance::reviewItemIdIsStable()
{
    const QStringList records{u"quoting:Q-000007"_s, u"crm:1001"_s, u"accounting:100001"_s};
    const QString id = ReviewItem::makeId(ReviewItemKind::Conflict, u"phone"_s, records);
    // Decisions stored in workspaces refer to these ids: the recipe must never change.
    QCOMPARE(id, u"18a7b018b952c441"_s);
    QCOMPARE(ReviewItem::makeId(ReviewItemKind::Duplicate, QString(), {u"crm:1588"_s, u"crm:1553"_s}),
             u"02e9d22f5a57d3bc"_s);
    // The records' order does not matter.
    QStringList permuted = records;
    std::sort(permuted.begin(), permuted.end());
    do {
        QCOMPARE(ReviewItem::makeId(ReviewItemKind::Conflict, u"phone"_s, permuted), id);
    } while (std::next_permutation(permuted.begin(), permuted.end()));
    // Kind, field and records all count.
    QSet<QString> ids{id};
    for (const QString& other : {ReviewItem::makeId(ReviewItemKind::Anomaly, u"phone"_s, records),
                                 ReviewItem::makeId(ReviewItemKind::Conflict, u"email"_s, records),
                                 ReviewItem::makeId(ReviewItemKind::Conflict, u"phone"_s, records.mid(1)),
                                 ReviewItem::makeId(ReviewItemKind::Conflict, QString(), records)}) {
        QCOMPARE(other.size(), 16);
        ids.insert(other);
    }
    QCOMPARE(ids.size(), 5);
}

void TestGovernance::reviewFingerprint()
{
    const QString f = ReviewItem::makeFingerprint({u"v:2026-05-03"_s, u"a"_s, u"b"_s});
    QCOMPARE(f, ReviewItem::makeFingerprint({u"v:2026-05-03"_s, u"a"_s, u"b"_s}));
    QCOMPARE(f.size(), 40);
    QVERIFY(f != ReviewItem::makeFingerprint({u"v:2026-05-03"_s, u"b"_s, u"a"_s})); // before/after swapped
    QVERIFY(ReviewItem::makeFingerprint({u"ab"_s, u""_s}) != ReviewItem::makeFingerprint({u"a"_s, u"b"_s}));
    QVERIFY(ReviewItem::makeFingerprint({QString()}) != ReviewItem::makeFingerprint({u""_s}));
}

void TestGovernance::writeStatementsQuoting_data()
{
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QStringList>("keys");
    for (const QString& driver : {u"sqlite"_s, u"postgresql"_s, u"mariadb"_s}) {
        for (const QString& name : kIdentifiers) {
            QTest::addRow("%s %s", qPrintable(driver), qPrintable(name))
                << driver << name << name + u" col"_s << QStringList{name};
        }
        QTest::addRow("%s composite key", qPrintable(driver))
            << driver << u"customer_accounts"_s << u"phone"_s
            << QStringList{u"region"_s, u"'); DROP TABLE x; --"_s, u"account no"_s};
    }
}

void TestGovernance::writeStatementsQuoting()
{
    QFETCH(QString, driver);
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(QStringList, keys);
    const QChar quote = driver == "mariadb"_L1 ? u'`' : u'"';
    const QString value = u"x'); DROP TABLE customers; --"_s;
    QStringList keyValues;
    for (qsizetype i = 0; i < keys.size(); ++i)
        keyValues << u"1' OR '1'='%1"_s.arg(i);
    const WriteStatements statements(driver);

    // Each name stays one identifier however it is spelt: the dialect reads back exactly the
    // tokens below, and the name inside each identifier is the name given.
    const WriteStatement update = statements.update(table, column, value, keys, keyValues);
    QCOMPARE(sqlTokens(update.sql, quote),
             QStringList({u"UPDATE"_s, u"ident:"_s + table, u"SET"_s, u"ident:"_s + column, u"="_s, u"?"_s}) +
                 whereTokens(keys));
    QVariantList expectedValues{value};
    for (const QString& k : keyValues)
        expectedValues << k;
    QCOMPARE(update.values, expectedValues);
    // Values are only ever bound: the SQL never holds them.
    QVERIFY(!update.sql.contains(value));
    for (const QString& k : keyValues)
        QVERIFY(!update.sql.contains(k));

    const QStringList columns{u"id"_s, column};
    const WriteStatement reread = statements.reread(table, columns, keys, keyValues);
    QStringList expected{u"SELECT"_s,          u"ident:id"_s, u","_s,
                         u"ident:"_s + column, u"FROM"_s,     u"ident:"_s + table};
    expected += whereTokens(keys);
    if (driver != "sqlite"_L1) // servers lock the row between the version check and the write
        expected += QStringList{u"FOR"_s, u"UPDATE"_s};
    QCOMPARE(sqlTokens(reread.sql, quote), expected);
    QVariantList expectedKeys;
    for (const QString& k : keyValues)
        expectedKeys << k;
    QCOMPARE(reread.values, expectedKeys);
    for (const QString& k : keyValues)
        QVERIFY(!reread.sql.contains(k));

    QCOMPARE(statements.quoteIdentifier(table).front(), quote);
    QCOMPARE(sqlTokens(statements.quoteIdentifier(table), quote), QStringList{u"ident:"_s + table});
}

void TestGovernance::writeStatementsRunOnSqlite()
{
    // The statements run as they are on a real SQLite table whose names are hostile, and do
    // exactly what they say: one row changed, the other table untouched.
    const QString path = m_dir.filePath(u"hostile.sqlite"_s);
    QCOMPARE(runSql(path, {u"CREATE TABLE x (a TEXT)"_s, u"INSERT INTO x VALUES ('still here')"_s,
                           u"CREATE TABLE \"'); DROP TABLE x; --\" (\"we\"\"ird\" TEXT, \"semi;colon\" TEXT,"
                           " \"with space\" TEXT, PRIMARY KEY (\"we\"\"ird\", \"semi;colon\"))"_s,
                           u"INSERT INTO \"'); DROP TABLE x; --\" VALUES ('1', 'EU', 'old')"_s,
                           u"INSERT INTO \"'); DROP TABLE x; --\" VALUES ('1', 'US', 'other')"_s}),
             QString());
    const WriteStatements statements(u"sqlite"_s);
    const QString table = u"'); DROP TABLE x; --"_s;
    const QStringList keys{u"we\"ird"_s, u"semi;colon"_s};
    const QStringList keyValues{u"1"_s, u"EU"_s};
    const QString value = u"new'); DROP TABLE x; --"_s;
    const QString connection = u"tst-governance-hostile"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        auto run = [&](const WriteStatement& s, QSqlQuery& q) {
            if (!q.prepare(s.sql))
                return false;
            for (const QVariant& v : s.values)
                q.addBindValue(v);
            return q.exec();
        };
        QSqlQuery q(db);
        QVERIFY2(run(statements.reread(table, {u"with space"_s}, keys, keyValues), q),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), u"old"_s);
        QVERIFY(!q.next());
        QVERIFY2(run(statements.update(table, u"with space"_s, value, keys, keyValues), q),
                 qPrintable(q.lastError().text()));
        QCOMPARE(q.numRowsAffected(), 1);
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    QCOMPARE(
        queryColumn(path, u"SELECT \"with space\" FROM \"'); DROP TABLE x; --\" ORDER BY \"semi;colon\""_s),
        value + u"|other"_s);
    QCOMPARE(queryColumn(path, u"SELECT a FROM x"_s), u"still here"_s);
}

void TestGovernance::writeStatementDisplay_data()
{
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QStringList>("keyValues");
    QTest::addColumn<QString>("update");
    QTest::addColumn<QString>("reread");

    QTest::newRow("sqlite")
        << u"sqlite"_s << QVariant(u"(555) 123-4567"_s) << QStringList{u"contact_id"_s}
        << QStringList{u"1001"_s}
        << u"UPDATE \"contacts\" SET \"phone\" = ? WHERE \"contact_id\" = ?;  -- bound: ['(555) 123-4567', "
           "'1001']"_s
        << u"SELECT \"contact_id\", \"phone\" FROM \"contacts\" WHERE \"contact_id\" = ?;  -- bound: ['1001']"_s;
    QTest::newRow("postgresql quote in value")
        << u"postgresql"_s << QVariant(u"O'Brien"_s) << QStringList{u"region"_s, u"id"_s}
        << QStringList{u"EU"_s, u"7"_s}
        << u"UPDATE \"contacts\" SET \"phone\" = ? WHERE \"region\" = ? AND \"id\" = ?;  -- bound: "
           u"['O''Brien', "
           "'EU', '7']"_s
        << u"SELECT \"contact_id\", \"phone\" FROM \"contacts\" WHERE \"region\" = ? AND \"id\" = ? FOR "
           u"UPDATE;  "
           "-- bound: ['EU', '7']"_s;
    QTest::newRow("mariadb null")
        << u"mariadb"_s << QVariant(QMetaType::fromType<QString>()) << QStringList{u"contact_id"_s}
        << QStringList{u"1001"_s}
        << u"UPDATE `contacts` SET `phone` = ? WHERE `contact_id` = ?;  -- bound: [NULL, '1001']"_s
        << u"SELECT `contact_id`, `phone` FROM `contacts` WHERE `contact_id` = ? FOR UPDATE;  -- bound: "
           "['1001']"_s;
    // A line break in a value must not end the comment: the rest of the value would be read
    // as SQL by anyone running the dry run as a script.
    QTest::newRow("line break in value")
        << u"sqlite"_s << QVariant(u"a\nDROP TABLE contacts; --\r\tz"_s) << QStringList{u"contact_id"_s}
        << QStringList{u"10\n01"_s}
        << u"UPDATE \"contacts\" SET \"phone\" = ? WHERE \"contact_id\" = ?;  -- bound: ['a\\nDROP TABLE "
           "contacts; --\\r\\tz', '10\\n01']"_s
        << u"SELECT \"contact_id\", \"phone\" FROM \"contacts\" WHERE \"contact_id\" = ?;  -- bound: "
           "['10\\n01']"_s;
}

void TestGovernance::writeStatementDisplay()
{
    QFETCH(QString, driver);
    QFETCH(QVariant, value);
    QFETCH(QStringList, keys);
    QFETCH(QStringList, keyValues);
    QFETCH(QString, update);
    QFETCH(QString, reread);
    const WriteStatements statements(driver);
    const WriteStatement u = statements.update(u"contacts"_s, u"phone"_s, value, keys, keyValues);
    QCOMPARE(u.display(), update);
    QCOMPARE(statements.reread(u"contacts"_s, {u"contact_id"_s, u"phone"_s}, keys, keyValues).display(),
             reread);
    QVERIFY(!u.display().contains(u'\n'));
    QVERIFY(!u.display().contains(u'\r'));
}

QTEST_GUILESS_MAIN(TestGovernance)
#include "tst_governance.moc"
