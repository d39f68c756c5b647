// concord-cli: the headless Concord engine for scheduled checks and scripting.
#include "Cli.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace concord::cli;

namespace {
const char* const kUsage = R"(Usage: concord-cli COMMAND [ARGS] [--help]

Concord reconciles customer records across the systems that hold them.

Commands:
  generate   Write demo systems with realistic drift, a ground-truth file and a workspace
  init       Create an empty workspace file (*.concord)
  systems    add | list | set | remove | test | password: the systems a workspace reads
  fields     add | list: the canonical fields records are compared on
  mapping    show | set: which system column feeds which canonical field
  snapshot   Load every system and report record counts, mapped and unmapped fields
  config     export | import: the whole configuration as JSON (no secrets)
  match      Which records are one entity: keys, fuzzy scores, review pairs, duplicates (--explain)
  diff       Where matched records disagree, field by field and system by system
  evaluate   Score matching against a ground-truth file (precision, recall, F1)
  decide     Record a steward's decision: two records are the same, or different
  ownership  show | set | validate | record-owner: who owns each field, how conflicts are settled
  plan       The writes that would settle every disagreement (--sql: the exact statements, a dry run)
  review     list | show | approve | reject | edit: what a person must decide
  apply      Write the planned and approved changes, journaled, never over newer data
  audit      The audit trail of every changed field (--batches: the batches), as CSV or JSON
  rollback   Undo a batch where the rows still hold what it wrote
  dead-letters  Writes that kept failing, with their errors

Run 'concord-cli COMMAND --help' for a command's options.

Exit codes:
  0  success
  1  the command ran and failed (a system could not be read, a file is invalid)
  2  usage error (unknown command, missing or wrong arguments)
  3  the workspace is missing, is a folder, is damaged or not a Concord workspace, or is from a
     newer Concord
  4  apply or rollback finished, but some writes were dead-lettered, changed underneath (back in
     review) or in conflict: a person must look
)";
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"concord-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION));

    QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    if (args.size() < 2 || args[1] == "--help"_L1 || args[1] == "-h"_L1 || args[1] == "help"_L1) {
        out << QString::fromUtf8(kUsage);
        return args.size() < 2 ? ExitUsage : ExitOk;
    }
    if (args[1] == "--version"_L1) {
        out << "concord-cli " << QCoreApplication::applicationVersion() << Qt::endl;
        return ExitOk;
    }
    const QString command = args.takeAt(1); // args is now: program, then the command's own arguments
    if (command == "generate"_L1)
        return runGenerate(args);
    if (command == "init"_L1)
        return runInit(args);
    if (command == "systems"_L1)
        return runSystems(args);
    if (command == "fields"_L1)
        return runFields(args);
    if (command == "mapping"_L1)
        return runMapping(args);
    if (command == "snapshot"_L1)
        return runSnapshot(args);
    if (command == "config"_L1)
        return runConfig(args);
    if (command == "match"_L1)
        return runMatch(args);
    if (command == "diff"_L1)
        return runDiff(args);
    if (command == "evaluate"_L1)
        return runEvaluate(args);
    if (command == "decide"_L1)
        return runDecide(args);
    if (command == "ownership"_L1)
        return runOwnership(args);
    if (command == "plan"_L1)
        return runPlan(args);
    if (command == "review"_L1)
        return runReview(args);
    if (command == "apply"_L1)
        return runApply(args);
    if (command == "rollback"_L1)
        return runRollback(args);
    if (command == "audit"_L1)
        return runAudit(args);
    if (command == "dead-letters"_L1)
        return runDeadLetters(args);
    QTextStream(stderr) << "concord-cli: unknown command '" << command << "'; run 'concord-cli --help'."
                        << Qt::endl;
    return ExitUsage;
}
