#include "Credentials.h"

#include "Logging.h"

#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace concord::Credentials {

namespace {
const QString kService = u"concord"_s;

bool keyringAvailable()
{
    return qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS") &&
           !qEnvironmentVariableIsSet("CONCORD_NO_KEYRING");
}

// Runs a qtkeychain job to completion with a timeout (the keyring daemon may be absent).
bool runJob(QKeychain::Job& job)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    if (!finished)
        loop.exec();
    return finished;
}
} // namespace

QString environmentVariable(const QString& systemName)
{
    QString name = systemName.toUpper();
    for (QChar& c : name) {
        if (!c.isLetterOrNumber())
            c = u'_';
    }
    return u"CONCORD_PASSWORD_"_s + name;
}

QString keyringKey(const SystemConfig& system)
{
    return u"%1@%2:%3/%4"_s.arg(system.name, system.host).arg(system.port).arg(system.database);
}

Result<QString> password(const SystemConfig& system)
{
    const QByteArray variable = environmentVariable(system.name).toLocal8Bit();
    if (qEnvironmentVariableIsSet(variable.constData()))
        return qEnvironmentVariable(variable.constData());
    if (!system.isServer() || !keyringAvailable())
        return QString();
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(keyringKey(system));
    if (!runJob(job)) {
        qCWarning(lcWorkspace) << "keyring did not answer for system" << system.name;
        return QString();
    }
    if (job.error() == QKeychain::EntryNotFound)
        return QString();
    if (job.error() != QKeychain::NoError) {
        qCWarning(lcWorkspace) << "keyring error for system" << system.name << job.errorString();
        return QString();
    }
    return job.textData();
}

Result<void> storeInKeyring(const SystemConfig& system, const QString& password)
{
    if (!keyringAvailable())
        return makeError(
            u"no desktop keyring is reachable (no session bus); set %1 in the environment instead"_s.arg(
                environmentVariable(system.name)));
    QKeychain::WritePasswordJob job(kService);
    job.setKey(keyringKey(system));
    job.setTextData(password);
    if (!runJob(job))
        return makeError(u"the keyring did not answer within 10 seconds"_s);
    if (job.error() != QKeychain::NoError)
        return makeError(u"cannot store the password of system '%1' in the keyring: %2"_s.arg(
            system.name, job.errorString()));
    return {};
}

} // namespace concord::Credentials
