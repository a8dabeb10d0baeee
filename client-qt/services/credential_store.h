#pragma once

#include <QString>

// Remembers how to sign in between runs: the server address and the user
// name in QSettings (never a password), and a service token in a file of its
// own that only the user can read (mode 0600), so the token is never in the
// settings file other tools read and copy around. The refresh token of a
// password session is not stored: the user types the password at each start.
// Not thread-safe; use from the GUI thread.
class CredentialStore final
{
public:
    // `tokenFile` empty means defaultTokenFile().
    explicit CredentialStore(QString tokenFile = {});

    // <AppConfigLocation>/token, e.g. ~/.config/oms/oms-desk/token.
    static QString defaultTokenFile();
    QString tokenFile() const { return m_tokenFile; }

    QString serverAddress() const;
    // Empty when none is remembered or the file cannot be read.
    QString token() const;
    bool hasToken() const { return !token().isEmpty(); }

    // Saves both. The token file is created 0600 and replaced atomically.
    // Returns false with a sentence in *error when the file cannot be written.
    bool remember(const QString &serverAddress, const QString &token, QString *error = nullptr);
    // Keeps the address, deletes the token file.
    void forgetToken();

    // The user name of the last password sign-in that was remembered.
    QString userName() const;
    // Saves the address and the user name and deletes the token file, so
    // the next start offers the password sign-in.
    void rememberUser(const QString &serverAddress, const QString &userName);
    void forgetUserName();

private:
    QString m_tokenFile;
};
