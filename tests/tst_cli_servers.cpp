// The demo through the CLI with the accounting system on a real PostgreSQL or MariaDB server:
// generate loads it there, the workspace points at it, snapshot reads it and its counts equal
// the truth file's; wrong credentials are a clear error from `systems test`.
#include "CliRunner.h"
#include "TestServers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord::test;

namespace {
// Runs concord-cli with the accounting system's password in the environment (no keyring).
Run runCli(const QStringList& args, const QString& password)
{
    return cli(args, {}, withEnvironment(u"CONCORD_PASSWORD_ACCOUNTING"_s, password));
}
} // namespace

class TestCliServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generateAndSnapshotOnServer_data();
    void generateAndSnapshotOnServer();
};

void TestCliServers::generateAndSnapshotOnServer_data()
{
    QTest::addColumn<QString>("driver");
    QTest::newRow("postgresql") << u"postgresql"_s;
    QTest::newRow("mariadb") << u"mariadb"_s;
}

void TestCliServers::generateAndSnapshotOnServer()
{
    QFETCH(QString, driver);
    const auto server = driver == "postgresql"_L1 ? concord::test::postgres() : concord::test::mariadb();
    CONCORD_REQUIRE_SERVER(server, driver == "postgresql"_L1 ? "PostgreSQL" : "MariaDB");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(u"demo"_s);
    const QStringList serverArgs{u"--accounting-driver"_s,   driver,
                                 u"--accounting-host"_s,     server->host,
                                 u"--accounting-port"_s,     QString::number(server->port),
                                 u"--accounting-database"_s, server->database,
                                 u"--accounting-user"_s,     server->user};
    Run generated =
        runCli(QStringList{u"generate"_s, u"--out"_s, out, u"--customers"_s, u"400"_s, u"--seed"_s, u"3"_s} +
                   serverArgs,
               server->password);
    QVERIFY2(generated.exitCode == 0, qPrintable(generated.err));

    Run snapshot = runCli({u"snapshot"_s, out + u"/demo.concord"_s, u"--json"_s}, server->password);
    QVERIFY2(snapshot.exitCode == 0, qPrintable(snapshot.err));
    const QJsonObject report = QJsonDocument::fromJson(snapshot.out.toUtf8()).object();
    const QHash<QString, qint64> truth = truthRecordCounts(out + u"/truth.csv"_s);
    QCOMPARE(truth.size(), 4);
    const QJsonArray systems = report.value(u"systems"_s).toArray();
    QCOMPARE(systems.size(), 4);
    for (const QJsonValue& value : systems) {
        const QJsonObject system = value.toObject();
        const QString name = system.value(u"system"_s).toString();
        QVERIFY2(system.value(u"ok"_s).toBool(), qPrintable(system.value(u"error"_s).toString()));
        QCOMPARE(system.value(u"records"_s).toInteger(), truth.value(name));
        if (name == "accounting"_L1) {
            QCOMPARE(system.value(u"driver"_s).toString(), driver);
            QVERIFY(system.value(u"location"_s).toString().contains(QString::number(server->port)));
        }
    }

    // Wrong password: `systems test` exits 1 and names the system, without printing the password.
    Run wrong =
        runCli({u"systems"_s, u"test"_s, out + u"/demo.concord"_s, u"accounting"_s}, u"not-the-password"_s);
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.err.contains("accounting"_L1), qPrintable(wrong.err));
    QVERIFY(!wrong.err.contains("not-the-password"_L1));
    QVERIFY(!wrong.out.contains("not-the-password"_L1));
}

QTEST_GUILESS_MAIN(TestCliServers)
#include "tst_cli_servers.moc"
