// match, diff, evaluate, decide: which records are one customer, and where they disagree.
#include "Cli.h"
#include "MatchExplanation.h"
#include "MatchPipeline.h"
#include "MatchSummary.h"
#include "OpenWorkspace.h"
#include "Planner.h"
#include "ResolutionEvaluation.h"
#include "TruthFile.h"
#include "diff/FieldDiff.h"
#include "match/Evaluation.h"

#include <QJsonArray>
#include <optional>

using namespace Qt::StringLiterals;

namespace concord::cli {

namespace {
using Record = NormalizedSnapshot::Record;

QString recordName(const NormalizedSnapshot& data, Record r)
{
    return data.system(data.systemOf(r)).system() + u':' + data.sourceId(r);
}

QJsonObject evidenceJson(const PairEvidence& e)
{
    QJsonArray fields;
    for (const FieldEvidence& f : e.fields)
        fields.append(QJsonObject{{u"field"_s, f.field},
                                  {u"method"_s, f.method},
                                  {u"a"_s, f.valueA},
                                  {u"b"_s, f.valueB},
                                  {u"similarity"_s, f.similarity},
                                  {u"weight"_s, f.weight}});
    return QJsonObject{{u"rule"_s, e.rule}, {u"score"_s, e.score}, {u"fields"_s, fields}};
}

void printEvidence(QTextStream& out, const PairEvidence& e, const QString& indent)
{
    out << indent << "rule: " << e.rule << ", score " << QString::number(e.score, 'f', 2) << '\n';
    for (const FieldEvidence& f : e.fields)
        out << indent << "  " << f.field.leftJustified(18) << ' ' << f.method.leftJustified(14) << ' '
            << QString::number(f.similarity, 'f', 3) << "  " << (f.weight >= 0 ? "+" : "")
            << QString::number(f.weight, 'f', 1) << "   '" << f.valueA << "' ~ '" << f.valueB << "'\n";
}

std::unique_ptr<MatchRun> match(Command& cmd, const Workspace& ws, int* code)
{
    auto run = runMatching(ws);
    if (!run) {
        *code = cmd.fail(ExitFailed, run.error());
        return nullptr;
    }
    return std::move(*run);
}

int explain(Command& cmd, const MatchRun& run, const QString& target)
{
    auto x = explainRecord(run, target);
    if (!x)
        return cmd.fail(ExitUsage, x.error());
    if (cmd.json()) {
        QJsonArray members;
        for (const MatchExplanation::Pair& m : std::as_const(x->members))
            members.append(QJsonObject{{u"record"_s, m.record}, {u"evidence"_s, evidenceJson(m.evidence)}});
        QJsonArray reviews;
        for (const MatchExplanation::Pair& m : std::as_const(x->reviews))
            reviews.append(QJsonObject{
                {u"record"_s, m.record}, {u"reason"_s, m.reason}, {u"evidence"_s, evidenceJson(m.evidence)}});
        QJsonArray fields;
        for (const MatchExplanation::Field& f : std::as_const(x->fields))
            fields.append(QJsonObject{{u"field"_s, f.name},
                                      {u"original"_s, f.original},
                                      {u"normalized"_s, f.normalized},
                                      {u"key"_s, f.key},
                                      {u"derived"_s, f.derived},
                                      {u"problem"_s, f.problem}});
        return cmd.printJson(QJsonObject{{u"record"_s, target},
                                         {u"entity"_s, static_cast<qint64>(x->entity)},
                                         {u"members"_s, members},
                                         {u"review"_s, reviews},
                                         {u"fields"_s, fields}});
    }
    QTextStream& out = cmd.out();
    out << x->record << " is in entity " << x->entity << '\n';
    for (const MatchExplanation::Pair& m : std::as_const(x->members)) {
        out << "  with " << m.record << '\n';
        printEvidence(out, m.evidence, u"    "_s);
    }
    for (const MatchExplanation::Pair& m : std::as_const(x->reviews)) {
        out << "  review with " << m.record << " (" << m.reason << ")\n";
        printEvidence(out, m.evidence, u"    "_s);
    }
    out << "  fields of " << x->record << ":\n";
    for (const MatchExplanation::Field& f : std::as_const(x->fields))
        out << "    " << f.name.leftJustified(18) << " '" << f.original << "' -> '" << f.normalized << "'"
            << (f.derived ? " (derived)" : "")
            << (f.problem.isEmpty() ? QString() : u"  PROBLEM: "_s + f.problem) << '\n';
    return ExitOk;
}
} // namespace

int runMatch(const QStringList& args)
{
    Command cmd(
        u"match"_s,
        u"Decide which records in which systems are the same entity: exact keys, then fuzzy scoring of "
        "blocked pairs. Prints entities, auto matches, review pairs, unmatched records per system, "
        "duplicate proposals and the time taken."_s,
        args);
    cmd.addJsonOption();
    cmd.parser().addOption({u"explain"_s, u"Show why SYSTEM:ID is matched the way it is."_s, u"SYSTEM:ID"_s});
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto run = match(cmd, *ws, &code);
    if (!run)
        return code;
    if (cmd.parser().isSet(u"explain"_s))
        return explain(cmd, *run, cmd.parser().value(u"explain"_s));

    const NormalizedSnapshot& data = *run->data;
    const MatchResult& result = run->result;
    const MatchSummary summary = summarizeMatch(*run);

    if (cmd.json()) {
        QJsonObject links;
        for (auto it = summary.autoLinksByRule.cbegin(); it != summary.autoLinksByRule.cend(); ++it)
            links.insert(it.key(), it.value());
        QJsonObject unmatchedJson;
        QJsonObject duplicatesJson;
        for (const SystemMatchCounts& s : summary.systems) {
            unmatchedJson.insert(s.system, s.unmatched);
            duplicatesJson.insert(s.system, s.duplicates);
        }
        QJsonArray review;
        for (const MatchEdge& e : result.reviewPairs)
            review.append(QJsonObject{{u"a"_s, recordName(data, e.a)},
                                      {u"b"_s, recordName(data, e.b)},
                                      {u"score"_s, e.score},
                                      {u"reason"_s, e.reason}});
        QJsonArray duplicates;
        for (const MatchEdge& e : result.duplicates)
            duplicates.append(QJsonObject{{u"a"_s, recordName(data, e.a)}, {u"b"_s, recordName(data, e.b)}});
        return cmd.printJson(
            QJsonObject{{u"records"_s, summary.records},
                        {u"entities"_s, summary.entities},
                        {u"autoLinks"_s, links},
                        {u"reviewPairs"_s, review},
                        {u"duplicateProposals"_s, duplicates},
                        {u"unmatched"_s, unmatchedJson},
                        {u"duplicatesBySystem"_s, duplicatesJson},
                        {u"candidatePairs"_s, summary.candidatePairs},
                        {u"warnings"_s, QJsonArray::fromStringList(result.warnings)},
                        {u"seconds"_s, QJsonObject{{u"load"_s, summary.loadSeconds},
                                                   {u"normalize"_s, summary.normalizeSeconds},
                                                   {u"keys"_s, summary.keySeconds},
                                                   {u"blocking"_s, summary.blockingSeconds},
                                                   {u"scoring"_s, summary.scoringSeconds},
                                                   {u"clustering"_s, summary.clusteringSeconds},
                                                   {u"total"_s, summary.totalSeconds}}}});
    }
    QTextStream& out = cmd.out();
    out << "records:             " << summary.records << " in " << summary.systems.size() << " systems\n";
    out << "entities:            " << summary.entities << '\n';
    out << "auto matches:        " << summary.autoLinks << " links";
    QStringList parts;
    for (auto it = summary.autoLinksByRule.cbegin(); it != summary.autoLinksByRule.cend(); ++it)
        parts << u"%1 %2"_s.arg(it.key()).arg(it.value());
    parts.sort();
    out << " (" << parts.join(u", "_s) << ")\n";
    out << "review pairs:        " << summary.reviewPairs << '\n';
    out << "duplicate proposals: " << summary.duplicateProposals;
    QStringList dupParts;
    QStringList unmatchedParts;
    for (const SystemMatchCounts& s : summary.systems) {
        dupParts << u"%1 %2"_s.arg(s.system).arg(s.duplicates);
        unmatchedParts << u"%1 %2"_s.arg(s.system).arg(s.unmatched);
    }
    out << " (" << dupParts.join(u", "_s) << ")\n";
    out << "unmatched records:   " << unmatchedParts.join(u", "_s) << '\n';
    out << "fuzzy comparisons:   " << summary.candidatePairs << " in " << summary.blocks << " blocks\n";
    out << "time:                " << QString::number(summary.totalSeconds, 'f', 2) << " s (load "
        << QString::number(summary.loadSeconds, 'f', 2) << ", normalize "
        << QString::number(summary.normalizeSeconds, 'f', 2) << ", keys "
        << QString::number(summary.keySeconds, 'f', 2) << ", blocking "
        << QString::number(summary.blockingSeconds, 'f', 2) << ", scoring "
        << QString::number(summary.scoringSeconds, 'f', 2) << ", clustering "
        << QString::number(summary.clusteringSeconds, 'f', 2) << ")\n";
    for (const QString& w : result.warnings)
        out << "warning: " << w << '\n';
    const int shown = std::min<int>(10, static_cast<int>(result.reviewPairs.size()));
    if (shown > 0) {
        out << "\nfirst review pairs:\n";
        for (int i = 0; i < shown; ++i) {
            const MatchEdge& e = result.reviewPairs[static_cast<std::size_t>(i)];
            out << "  " << recordName(data, e.a) << " ~ " << recordName(data, e.b) << "  score "
                << QString::number(e.score, 'f', 2) << "  (" << e.reason << ")\n";
        }
    }
    out.flush();
    return ExitOk;
}

int runDiff(const QStringList& args)
{
    Command cmd(
        u"diff"_s,
        u"After matching, compare every entity's records field by field: agree, differ or missing, per "
        "field and system, with samples."_s,
        args);
    cmd.addJsonOption();
    cmd.parser().addOption({u"field"_s, u"Only this canonical field."_s, u"FIELD"_s});
    cmd.parser().addOption({u"samples"_s, u"Samples per field (default 5)."_s, u"N"_s, u"5"_s});
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    DiffOptions options;
    options.field = cmd.parser().value(u"field"_s);
    bool ok = false;
    options.sampleLimit = cmd.parser().value(u"samples"_s).toInt(&ok);
    if (!ok || options.sampleLimit < 0)
        return cmd.fail(ExitUsage, u"--samples must be a whole number"_s);
    auto run = match(cmd, *ws, &code);
    if (!run)
        return code;
    if (!options.field.isEmpty() && run->data->fieldIndex(options.field) < 0)
        return cmd.fail(ExitUsage, u"no canonical field named '%1'"_s.arg(options.field));
    const DiffReport report = computeFieldDiff(*run->data, run->result, options);

    if (cmd.json()) {
        QJsonArray fields;
        for (const FieldDiffSummary& f : report.fields) {
            QJsonObject differ;
            for (auto it = f.differBySystem.cbegin(); it != f.differBySystem.cend(); ++it)
                differ.insert(it.key(), it.value());
            QJsonObject missing;
            for (auto it = f.missingBySystem.cbegin(); it != f.missingBySystem.cend(); ++it)
                missing.insert(it.key(), it.value());
            fields.append(QJsonObject{{u"field"_s, f.field},
                                      {u"compared"_s, f.compared},
                                      {u"agree"_s, f.agree},
                                      {u"differ"_s, f.differ},
                                      {u"missing"_s, f.missing},
                                      {u"differBySystem"_s, differ},
                                      {u"missingBySystem"_s, missing}});
        }
        QJsonArray samples;
        for (const EntityFieldDiff& d : report.samples) {
            QJsonArray cells;
            for (const DiffCell& c : d.cells)
                cells.append(QJsonObject{{u"system"_s, c.system},
                                         {u"sourceId"_s, c.sourceId},
                                         {u"original"_s, c.original},
                                         {u"normalized"_s, c.normalized},
                                         {u"problem"_s, c.problem}});
            samples.append(QJsonObject{{u"entity"_s, static_cast<qint64>(d.entity)},
                                       {u"field"_s, d.field},
                                       {u"status"_s, diffStatusName(d.status)},
                                       {u"values"_s, cells}});
        }
        return cmd.printJson(QJsonObject{{u"fields"_s, fields}, {u"samples"_s, samples}});
    }
    QTextStream& out = cmd.out();
    out << u"field"_s.leftJustified(20) << u"compared"_s.rightJustified(10) << u"agree"_s.rightJustified(10)
        << u"differ"_s.rightJustified(10) << u"missing"_s.rightJustified(10) << "   differ by system\n";
    for (const FieldDiffSummary& f : report.fields) {
        QStringList bySystem;
        for (auto it = f.differBySystem.cbegin(); it != f.differBySystem.cend(); ++it)
            bySystem << u"%1 %2"_s.arg(it.key()).arg(it.value());
        bySystem.sort();
        out << f.field.leftJustified(20) << QString::number(f.compared).rightJustified(10)
            << QString::number(f.agree).rightJustified(10) << QString::number(f.differ).rightJustified(10)
            << QString::number(f.missing).rightJustified(10) << "   " << bySystem.join(u", "_s) << '\n';
    }
    if (!report.samples.isEmpty())
        out << "\nsamples:\n";
    for (const EntityFieldDiff& d : report.samples) {
        out << "  entity " << d.entity << ' ' << d.field << " (" << diffStatusName(d.status) << ")\n";
        for (const DiffCell& c : d.cells)
            out << "    " << QString(c.system + u':' + c.sourceId).leftJustified(24) << " '" << c.original
                << "' -> '" << c.normalized << "'"
                << (c.problem.isEmpty() ? QString() : u"  PROBLEM: "_s + c.problem) << '\n';
    }
    out.flush();
    return ExitOk;
}

int runEvaluate(const QStringList& args)
{
    Command cmd(
        u"evaluate"_s,
        u"Score matching against a ground-truth file (docs/truth-format.md): pairwise precision, recall "
        "and F1 of the auto-match band, within-system duplicates, exact clusters."_s,
        args);
    cmd.addJsonOption();
    cmd.parser().addOption({u"truth"_s, u"The ground-truth CSV file."_s, u"FILE"_s});
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    if (!cmd.parser().isSet(u"truth"_s))
        return cmd.fail(ExitUsage, u"--truth FILE is required"_s);
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto run = match(cmd, *ws, &code);
    if (!run)
        return code;
    auto truth = readTruthFile(cmd.parser().value(u"truth"_s), *run->data);
    if (!truth)
        return cmd.fail(ExitFailed, truth.error());
    // The rest is scored; what was left out is said, so a partial truth is never read as whole.
    if (truth->unknownRecordCount > 0)
        cmd.warn(truth->unknownRecordsText(cmd.parser().value(u"truth"_s)));
    const MatchEvaluation e = evaluateMatch(*run->data, run->result, truth->labelOfRecord);
    // Resolution accuracy needs a valid ownership matrix; without one, matching is still scored.
    auto resolved = resolveWorkspace(*ws, *run);
    std::optional<ResolutionAccuracy> resolution;
    if (resolved)
        resolution = evaluateResolution(*run->data, run->result, resolved->resolution, *truth);
    // How far the systems themselves agree with the truth now (after an apply: what is left).
    std::optional<TruthAgreement> agreement;
    if (resolved) {
        auto items = ws->reviewItems();
        if (!items)
            return cmd.fail(ExitFailed, items.error());
        agreement = evaluateAgreement(*run->data, run->result, *truth, resolved->config, *items);
    }
    auto scores = [](const PairScores& s) {
        return QJsonObject{{u"precision"_s, s.precision()},
                           {u"recall"_s, s.recall()},
                           {u"f1"_s, s.f1()},
                           {u"true"_s, s.truePairs},
                           {u"predicted"_s, s.predictedPairs},
                           {u"correct"_s, s.correctPairs}};
    };
    if (cmd.json()) {
        QJsonObject report{
            {u"labelledRecords"_s, e.labelledRecords},
            {u"trueEntities"_s, e.trueEntities},
            {u"predictedEntities"_s, e.predictedEntities},
            {u"pairwise"_s, scores(e.pairs)},
            {u"withinSystem"_s, scores(e.withinSystem)},
            {u"clusters"_s, scores(e.clusters)},
            {u"duplicates"_s,
             QJsonObject{{u"true"_s, e.duplicatePairs},
                         {u"found"_s, e.duplicatesFound},
                         {u"inReview"_s, e.duplicatesInReview},
                         {u"missed"_s, e.duplicatePairs - e.duplicatesFound - e.duplicatesInReview}}},
            {u"reviewPairs"_s,
             QJsonObject{{u"total"_s, e.reviewPairs}, {u"sameCustomer"_s, e.reviewPairsTrue}}},
            {u"resolution"_s, resolution ? QJsonObject{{u"accuracy"_s, resolution->accuracy()},
                                                       {u"values"_s, resolution->values},
                                                       {u"correct"_s, resolution->correct},
                                                       {u"noProposal"_s, resolution->noProposal},
                                                       {u"deleted"_s, resolution->deleted},
                                                       {u"deletedFlagged"_s, resolution->deletedFlagged},
                                                       {u"reviewItems"_s, resolution->reviewItems}}
                                         : QJsonObject{{u"error"_s, resolved.errorString()}}},
            {u"agreement"_s, agreement
                                 ? QJsonObject{{u"share"_s, agreement->share()},
                                               {u"values"_s, agreement->values},
                                               {u"agree"_s, agreement->agree},
                                               {u"held"_s, agreement->held},
                                               {u"unexplained"_s, agreement->unexplained},
                                               {u"samples"_s, QJsonArray::fromStringList(agreement->samples)}}
                                 : QJsonObject{{u"error"_s, resolved.errorString()}}}};
        if (truth->unknownRecordCount > 0)
            report.insert(u"unknownRecords"_s,
                          QJsonObject{{u"count"_s, truth->unknownRecordCount},
                                      {u"listed"_s, QJsonArray::fromStringList(truth->unknownRecords)}});
        return cmd.printJson(report);
    }
    QTextStream& out = cmd.out();
    auto line = [&](const char* label, const PairScores& s) {
        out << label << "precision " << QString::number(s.precision(), 'f', 4) << "  recall "
            << QString::number(s.recall(), 'f', 4) << "  F1 " << QString::number(s.f1(), 'f', 4) << "  ("
            << s.correctPairs << " correct of " << s.predictedPairs << " predicted, " << s.truePairs
            << " true)\n";
    };
    out << "labelled records: " << e.labelledRecords << ", true entities " << e.trueEntities << ", predicted "
        << e.predictedEntities << '\n';
    line("pairwise (auto band):  ", e.pairs);
    line("within one system:     ", e.withinSystem);
    line("exact clusters:        ", e.clusters);
    out << "duplicates: " << e.duplicatePairs << " true, " << e.duplicatesFound << " found, "
        << e.duplicatesInReview << " in review, "
        << (e.duplicatePairs - e.duplicatesFound - e.duplicatesInReview) << " missed\n";
    out << "review pairs: " << e.reviewPairs << " (" << e.reviewPairsTrue << " are the same customer)\n";
    if (resolution) {
        out << "resolution accuracy: " << QString::number(resolution->accuracy(), 'f', 4) << " ("
            << resolution->correct << " of " << resolution->values << " true values; "
            << resolution->noProposal << " without a proposal), " << resolution->reviewItems
            << " review items; deleted customers flagged " << resolution->deletedFlagged << " of "
            << resolution->deleted << '\n';
        QStringList worst;
        for (auto it = resolution->byField.cbegin(); it != resolution->byField.cend(); ++it) {
            if (it.value().first < it.value().second)
                worst << u"%1 %2/%3"_s.arg(it.key()).arg(it.value().first).arg(it.value().second);
        }
        worst.sort();
        if (!worst.isEmpty())
            out << "  fields not all right: " << worst.join(u", "_s) << '\n';
    } else {
        out << "resolution accuracy: not evaluated: " << resolved.errorString() << '\n';
    }
    if (agreement) {
        out << "systems agree with the truth: " << QString::number(agreement->share(), 'f', 4) << " ("
            << agreement->agree << " of " << agreement->values
            << " owned values in writable systems); differing: " << agreement->held
            << " held for review (open or rejected items), " << agreement->unexplained
            << " with no review item\n";
        for (qsizetype i = 0; i < agreement->samples.size() && i < 5; ++i)
            out << "  " << agreement->samples[i] << '\n';
    }
    out.flush();
    return ExitOk;
}

int runDecide(const QStringList& args)
{
    Command cmd(
        u"decide"_s,
        u"Record a steward's decision about two records: 'same' (one entity) or 'different'. It overrides "
        "the scorer on every later run."_s,
        args);
    cmd.parser().addOption({u"note"_s, u"Why."_s, u"TEXT"_s});
    cmd.parser().addOption({u"by"_s, u"Who decides (default: $USER)."_s, u"NAME"_s});
    if (!cmd.parse(u"WORKSPACE SYSTEM:ID SYSTEM:ID same|different"_s, 4, 4))
        return cmd.exitCode();
    const QStringList p = cmd.positional();
    if (p[3] != "same"_L1 && p[3] != "different"_L1)
        return cmd.fail(ExitUsage, u"the decision must be 'same' or 'different', not '%1'"_s.arg(p[3]));
    int code = ExitOk;
    auto ws = openWorkspace(cmd, p[0], &code);
    if (!ws)
        return code;
    MatchDecision d;
    for (int i : {1, 2}) {
        const qsizetype colon = p[i].indexOf(u':');
        if (colon <= 0)
            return cmd.fail(ExitUsage, u"'%1' must be SYSTEM:SOURCE_ID"_s.arg(p[i]));
        (i == 1 ? d.systemA : d.systemB) = p[i].left(colon);
        (i == 1 ? d.sourceIdA : d.sourceIdB) = p[i].mid(colon + 1);
    }
    d.same = p[3] == "same"_L1;
    QString by = cmd.parser().value(u"by"_s);
    if (by.isEmpty())
        by = qEnvironmentVariable("USER", u"steward"_s);
    if (auto ok = ws->recordMatchDecision(d, by, cmd.parser().value(u"note"_s)); !ok)
        return cmd.fail(ExitFailed, ok.error());
    cmd.out() << "recorded: " << p[1] << " and " << p[2] << " are " << (d.same ? "the same" : "different")
              << Qt::endl;
    return ExitOk;
}

} // namespace concord::cli
