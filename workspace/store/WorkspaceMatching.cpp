// The workspace's matching rules and the steward's match decisions.
#include "Workspace.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace concord {

bool Workspace::hasStoredMatchConfig() const
{
    QSqlQuery q(m_db);
    return q.exec(u"SELECT COUNT(*) FROM settings WHERE setting_key = 'matching'"_s) && q.next() &&
           q.value(0).toInt() > 0;
}

Result<MatchConfig> Workspace::matchConfig() const
{
    auto fieldList = fields();
    if (!fieldList)
        return fieldList.error();
    QList<MatchField> matchFields;
    for (const CanonicalField& f : std::as_const(*fieldList))
        matchFields.append(MatchField{f.name, f.type});
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT setting_value FROM settings WHERE setting_key = 'matching'"_s))
        return makeError(u"%1: cannot read the matching rules: %2"_s.arg(m_path, q.lastError().text()));
    if (!q.next())
        return MatchConfig::suggestFor(matchFields);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(q.value(0).toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(
            u"%1: the stored matching rules are not valid JSON: %2"_s.arg(m_path, error.errorString()));
    auto config = MatchConfig::fromJson(doc.object(), m_path);
    if (!config)
        return config.error();
    if (auto ok = config->validate(matchFields); !ok)
        return makeError(u"%1: matching rules: %2"_s.arg(m_path, ok.errorString()));
    return config;
}

Result<void> Workspace::writeMatchConfig(const MatchConfig& config)
{
    const QString json = QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact));
    if (auto r = exec(u"DELETE FROM settings WHERE setting_key = 'matching'"_s); !r)
        return r;
    return exec(u"INSERT INTO settings (setting_key, setting_value) VALUES ('matching', ?)"_s, {json});
}

Result<void> Workspace::setMatchConfig(const MatchConfig& config)
{
    auto current = this->config();
    if (!current)
        return current.error();
    if (auto ok = config.validate(current->matchFields()); !ok)
        return makeError(u"matching rules: "_s + ok.errorString());
    return inTransaction(u"set matching rules"_s, [&]() { return writeMatchConfig(config); });
}

namespace {
// Decisions are stored with the two records in a fixed order, so (a, b) and (b, a) are one row.
MatchDecision ordered(MatchDecision d)
{
    if (std::tie(d.systemB, d.sourceIdB) < std::tie(d.systemA, d.sourceIdA)) {
        std::swap(d.systemA, d.systemB);
        std::swap(d.sourceIdA, d.sourceIdB);
    }
    return d;
}
} // namespace

Result<QList<MatchDecision>> Workspace::matchDecisions() const
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT system_a, source_id_a, system_b, source_id_b, decision FROM match_decisions"
                " ORDER BY decided_at, system_a, source_id_a"_s))
        return makeError(u"%1: cannot read match decisions: %2"_s.arg(m_path, q.lastError().text()));
    QList<MatchDecision> list;
    while (q.next())
        list.append(MatchDecision{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                  q.value(3).toString(), q.value(4).toString() == "same"_L1});
    return list;
}

Result<void> Workspace::recordMatchDecision(const MatchDecision& decision, const QString& steward,
                                            const QString& note)
{
    if (decision.systemA == decision.systemB && decision.sourceIdA == decision.sourceIdB)
        return makeError(u"a decision needs two different records (%1:%2 twice)"_s.arg(decision.systemA,
                                                                                       decision.sourceIdA));
    for (const QString& name : {decision.systemA, decision.systemB}) {
        if (auto s = system(name); !s)
            return s.error();
    }
    const MatchDecision d = ordered(decision);
    return inTransaction(u"record match decision"_s, [&]() -> Result<void> {
        if (auto r = exec(
                u"DELETE FROM match_decisions WHERE system_a = ? AND source_id_a = ? AND system_b = ? AND "
                "source_id_b = ?"_s,
                {d.systemA, d.sourceIdA, d.systemB, d.sourceIdB});
            !r)
            return r;
        return exec(u"INSERT INTO match_decisions (system_a, source_id_a, system_b, source_id_b, decision, "
                    u"decided_by,"
                    " decided_at, note) VALUES (?,?,?,?,?,?,?,?)"_s,
                    {d.systemA, d.sourceIdA, d.systemB, d.sourceIdB, d.same ? u"same"_s : u"different"_s,
                     steward, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), note});
    });
}

Result<void> Workspace::removeMatchDecision(const MatchDecision& decision)
{
    // The same order recordMatchDecision stored the pair in.
    const MatchDecision d = ordered(decision);
    return inTransaction(u"remove match decision"_s, [&]() -> Result<void> {
        return exec(
            u"DELETE FROM match_decisions WHERE system_a = ? AND source_id_a = ? AND system_b = ? AND "
            "source_id_b = ? AND decision = ?"_s,
            {d.systemA, d.sourceIdA, d.systemB, d.sourceIdB, d.same ? u"same"_s : u"different"_s});
    });
}

} // namespace concord
