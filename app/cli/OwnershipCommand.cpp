// ownership show | set | validate | record-owner: the field-ownership matrix.
#include "Cli.h"
#include "OpenWorkspace.h"
#include "OwnershipMatrix.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace concord::cli {

namespace {
Result<bool> parseYesNo(const QString& text, const QString& option)
{
    const QString t = text.toLower();
    if (t == "yes"_L1 || t == "true"_L1 || t == "on"_L1 || t == "1"_L1)
        return true;
    if (t == "no"_L1 || t == "false"_L1 || t == "off"_L1 || t == "0"_L1)
        return false;
    return makeError(u"--%1 takes yes or no, not '%2'"_s.arg(option, text));
}

int show(QStringList args)
{
    Command cmd(
        u"ownership show"_s,
        u"The field-ownership matrix: per canonical field, the owning system (O), the systems that only "
        "read it (r: mapped), the resolution rule and whether changes are high-stakes or sensitive."_s,
        args);
    cmd.addJsonOption();
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto matrix = ownershipMatrix(*ws);
    if (!matrix)
        return cmd.fail(ExitFailed, matrix.error());
    if (cmd.json()) {
        QJsonArray fields;
        for (const FieldOwnership& f : std::as_const(matrix->fields)) {
            const FieldGovernance& g = f.governance;
            fields.append(QJsonObject{{u"field"_s, g.field},
                                      {u"owners"_s, QJsonArray::fromStringList(g.owners)},
                                      {u"readers"_s, QJsonArray::fromStringList(f.readers)},
                                      {u"rule"_s, g.rule},
                                      {u"priority"_s, QJsonArray::fromStringList(g.priority)},
                                      {u"highStakes"_s, g.highStakes},
                                      {u"sensitive"_s, g.sensitive},
                                      {u"anomalyRatio"_s, g.anomalyRatio},
                                      {u"anomalyYears"_s, g.anomalyYears}});
        }
        return cmd.printJson(QJsonObject{{u"fields"_s, fields},
                                         {u"recordOwner"_s, matrix->recordOwner},
                                         {u"valid"_s, matrix->valid()},
                                         {u"problems"_s, QJsonArray::fromStringList(matrix->problems)}});
    }
    QTextStream& out = cmd.out();
    out << u"field"_s.leftJustified(20);
    for (const QString& system : std::as_const(matrix->systems))
        out << system.left(11).leftJustified(12);
    out << "rule      flags\n";
    for (const FieldOwnership& f : std::as_const(matrix->fields)) {
        out << f.governance.field.leftJustified(20);
        for (FieldAccess access : f.access)
            out << QString(access == FieldAccess::Owns    ? u"O"_s
                           : access == FieldAccess::Reads ? u"r"_s
                                                          : u"-"_s)
                       .leftJustified(12);
        out << f.governance.rule.leftJustified(10) << f.flags().join(u", "_s) << '\n';
    }
    out << "\nsystem of record: " << (matrix->recordOwner.isEmpty() ? u"(not set)"_s : matrix->recordOwner)
        << '\n';
    if (matrix->valid())
        out << "the matrix is valid: every field has exactly one owner\n";
    for (const QString& p : std::as_const(matrix->problems))
        out << "problem: " << p << '\n';
    out.flush();
    return ExitOk;
}

int set(QStringList args)
{
    Command cmd(
        u"ownership set"_s,
        u"Make SYSTEM the one owner of FIELD (the other systems only read it) and set the field's policy. "
        "Options left out keep their current value."_s,
        args);
    QCommandLineParser& p = cmd.parser();
    p.addOption({u"rule"_s, u"Who wins a conflict: owner, priority or recency."_s, u"RULE"_s});
    p.addOption(
        {u"priority"_s, u"Systems in order, for the priority rule (comma separated)."_s, u"SYSTEMS"_s});
    p.addOption({u"high-stakes"_s, u"yes: every change needs a person's approval."_s, u"yes|no"_s});
    p.addOption({u"sensitive"_s, u"yes: redacted in exported reports."_s, u"yes|no"_s});
    p.addOption(
        {u"anomaly-ratio"_s, u"Hold a number changing by more than this factor (0 = off)."_s, u"R"_s});
    p.addOption(
        {u"anomaly-years"_s, u"Hold a date jumping by more than this many years (0 = off)."_s, u"Y"_s});
    if (!cmd.parse(u"WORKSPACE FIELD SYSTEM"_s, 3, 3))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    const QString field = cmd.positional()[1];
    auto governance = ws->governance();
    if (!governance)
        return cmd.fail(ExitFailed, governance.error());
    FieldGovernance g;
    bool known = false;
    for (const FieldGovernance& existing : std::as_const(*governance)) {
        if (existing.field == field) {
            g = existing;
            known = true;
        }
    }
    if (!known)
        return cmd.fail(ExitFailed, u"no canonical field named '%1'"_s.arg(field));
    g.owners = QStringList{cmd.positional()[2]};
    if (p.isSet(u"rule"_s))
        g.rule = p.value(u"rule"_s);
    if (p.isSet(u"priority"_s))
        g.priority = p.value(u"priority"_s).split(u',', Qt::SkipEmptyParts);
    for (auto [option, target] :
         {std::pair{u"high-stakes"_s, &g.highStakes}, std::pair{u"sensitive"_s, &g.sensitive}}) {
        if (!p.isSet(option))
            continue;
        auto value = parseYesNo(p.value(option), option);
        if (!value)
            return cmd.fail(ExitUsage, value.error());
        *target = *value;
    }
    bool ok = true;
    if (p.isSet(u"anomaly-ratio"_s))
        g.anomalyRatio = p.value(u"anomaly-ratio"_s).toDouble(&ok);
    if (!ok)
        return cmd.fail(ExitUsage, u"--anomaly-ratio must be a number"_s);
    if (p.isSet(u"anomaly-years"_s))
        g.anomalyYears = p.value(u"anomaly-years"_s).toInt(&ok);
    if (!ok)
        return cmd.fail(ExitUsage, u"--anomaly-years must be a whole number"_s);
    if (auto r = ws->setGovernance(g); !r)
        return cmd.fail(ExitFailed, r.error());
    cmd.out() << field << " is owned by " << g.owners.first() << " (rule " << g.rule << ")" << Qt::endl;
    return ExitOk;
}

int validate(QStringList args)
{
    Command cmd(
        u"ownership validate"_s,
        u"Check that every field has exactly one owner and that the system of record is set; exit code 1 "
        "with one line per problem otherwise."_s,
        args);
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto problems = ws->validateOwnership();
    if (!problems)
        return cmd.fail(ExitFailed, problems.error());
    if (problems->isEmpty()) {
        cmd.out() << "the ownership matrix is valid" << Qt::endl;
        return ExitOk;
    }
    return cmd.fail(ExitFailed, u"the ownership matrix is not valid:\n  "_s + problems->join(u"\n  "_s));
}

int recordOwner(QStringList args)
{
    Command cmd(
        u"ownership record-owner"_s,
        u"Set the system of record: a customer missing there counts as deleted, and its records elsewhere "
        "are listed as ghosts."_s,
        args);
    if (!cmd.parse(u"WORKSPACE SYSTEM"_s, 2, 2))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    if (auto r = ws->setRecordOwner(cmd.positional()[1]); !r)
        return cmd.fail(ExitFailed, r.error());
    cmd.out() << "system of record: " << cmd.positional()[1] << Qt::endl;
    return ExitOk;
}
} // namespace

int runOwnership(const QStringList& argsIn)
{
    QStringList args = argsIn;
    const QString action = takeAction(args);
    if (action == "show"_L1)
        return show(args);
    if (action == "set"_L1)
        return set(args);
    if (action == "validate"_L1)
        return validate(args);
    if (action == "record-owner"_L1)
        return recordOwner(args);
    Command cmd(u"ownership"_s,
                u"The ownership matrix: ownership show|set|validate|record-owner WORKSPACE ..."_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(
        ExitUsage,
        u"expected show, set, validate or record-owner; run 'concord-cli ownership show --help'"_s);
}

} // namespace concord::cli
