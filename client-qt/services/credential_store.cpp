#include "services/credential_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>

namespace {

const QString kServerKey = QStringLiteral("connection/server");
const QString kUserKey = QStringLiteral("connection/user");

} // namespace

CredentialStore::CredentialStore(QString tokenFile)
    : m_tokenFile(tokenFile.isEmpty() ? defaultTokenFile() : std::move(tokenFile))
{
}

QString CredentialStore::defaultTokenFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
            + QStringLiteral("/token");
}

QString CredentialStore::serverAddress() const
{
    return QSettings().value(kServerKey).toString();
}

QString CredentialStore::token() const
{
    QFile file(m_tokenFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

bool CredentialStore::remember(const QString &serverAddress, const QString &token,
                               QString *error)
{
    QSettings().setValue(kServerKey, serverAddress.trimmed());
    forgetUserName();

    const QFileInfo info(m_tokenFile);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("Cannot create the folder %1 for the token.")
                             .arg(info.absolutePath());
        return false;
    }
    // Create the new file with owner-only permissions from the first byte,
    // then rename it over the old one, so the token is never readable by
    // others, not even for a moment.
    const QString staging = m_tokenFile + QStringLiteral(".new");
    QFile::remove(staging);
    QFile file(staging);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(token.trimmed().toUtf8()) < 0 || !file.flush()) {
        if (error)
            *error = QStringLiteral("Cannot write the token to %1: %2.")
                             .arg(staging, file.errorString());
        file.close();
        QFile::remove(staging);
        return false;
    }
    file.close();
    if (std::rename(QFile::encodeName(staging).constData(),
                    QFile::encodeName(m_tokenFile).constData())
        != 0) {
        if (error)
            *error = QStringLiteral("Cannot replace %1.").arg(m_tokenFile);
        QFile::remove(staging);
        return false;
    }
    return true;
}

void CredentialStore::forgetToken()
{
    QFile::remove(m_tokenFile);
}

QString CredentialStore::userName() const
{
    return QSettings().value(kUserKey).toString();
}

void CredentialStore::rememberUser(const QString &serverAddress, const QString &userName)
{
    QSettings settings;
    settings.setValue(kServerKey, serverAddress.trimmed());
    settings.setValue(kUserKey, userName.trimmed());
    forgetToken();
}

void CredentialStore::forgetUserName()
{
    QSettings().remove(kUserKey);
}
