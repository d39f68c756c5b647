#pragma once

// Where the private PostgreSQL and MariaDB test servers are, as started by tools/test-servers.sh and
// announced through CONCORD_TEST_PG_* / CONCORD_TEST_MYSQL_* environment variables
// (tools/run-tests.sh exports them). Header-only so any test can use it without linking anything.
//
// In CI (CI=true) a missing server is a test failure: the servers are part of the CI contract and a
// silently skipped test would hide a broken setup. Elsewhere it is a skip that says how to get one.

#include <QByteArray>
#include <QString>
#include <QTest>
#include <QtGlobal>
#include <optional>

namespace concord::test {

struct ServerInfo
{
    QString host;
    int port = 0;
    QString user, password, database;
};

// True when running under CI (the CI runner sets CI=true; "0"/"false" count as not CI).
inline bool inCi()
{
    const QByteArray ci = qgetenv("CI").trimmed().toLower();
    return !ci.isEmpty() && ci != "0" && ci != "false";
}

// Reads CONCORD_TEST_<prefix>_{HOST,PORT,USER,PASSWORD,DATABASE}; nullopt when any is missing or
// the port is not a number.
inline std::optional<ServerInfo> serverFromEnvironment(const char* prefix)
{
    const auto var = [prefix](const char* field) {
        QByteArray name("CONCORD_TEST_");
        name.append(prefix).append('_').append(field);
        return qEnvironmentVariable(name.constData());
    };
    ServerInfo info;
    info.host = var("HOST");
    info.user = var("USER");
    info.password = var("PASSWORD");
    info.database = var("DATABASE");
    bool portOk = false;
    info.port = var("PORT").toInt(&portOk);
    if (info.host.isEmpty() || !portOk || info.port <= 0 || info.user.isEmpty() || info.database.isEmpty())
        return std::nullopt;
    return info;
}

inline std::optional<ServerInfo> postgres()
{
    return serverFromEnvironment("PG");
}

inline std::optional<ServerInfo> mariadb()
{
    return serverFromEnvironment("MYSQL");
}

// The QFAIL/QSKIP text for a missing server, e.g. missingServerMessage("PostgreSQL").
inline QByteArray missingServerMessage(const char* serverName)
{
    QByteArray message(serverName);
    message.append(
        " test server not configured (CONCORD_TEST_* environment variables unset). Run "
        "tools/run-tests.sh, or: tools/test-servers.sh start && eval \"$(tools/test-servers.sh env)\"");
    return message;
}

} // namespace concord::test

// Use at the top of a test function: CONCORD_REQUIRE_SERVER(concord::test::postgres(), "PostgreSQL");
// or with a std::optional<ServerInfo> variable. Fails in CI, skips elsewhere, when no server is set up.
#define CONCORD_REQUIRE_SERVER(info, serverName)                                                             \
    do {                                                                                                     \
        if (!(info)) {                                                                                       \
            if (concord::test::inCi())                                                                       \
                QFAIL(concord::test::missingServerMessage(serverName).constData());                          \
            else                                                                                             \
                QSKIP(concord::test::missingServerMessage(serverName).constData());                          \
        }                                                                                                    \
    } while (false)
