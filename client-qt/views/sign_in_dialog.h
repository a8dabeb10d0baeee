#pragma once

#include "services/session_client.h"

#include <QDialog>
#include <QPointer>

class BusyIndicator;
class CredentialStore;
class PendingCall;
class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

// Asks for the server address, a user name and a password and signs in with
// SessionService.Login, then asks WhoAmI for the region; or, with "Use a
// service token instead" ticked, asks for a token and checks it with WhoAmI.
// The dialog stays open and says what is wrong if that fails. "Remember"
// keeps the address and the user name (never the password), or the token in
// its 0600 file. Emits signedIn() and closes on success.
class SignInDialog final : public QDialog
{
    Q_OBJECT

public:
    SignInDialog(SessionClient *session, CredentialStore *credentials, QWidget *parent = nullptr);

    void setAddress(const QString &address);
    // Also switches to the token sign-in.
    void setToken(const QString &token);
    void setUserName(const QString &userName);
    void setUsingToken(bool useToken);
    bool isUsingToken() const;
    // A sentence shown above the buttons before the user does anything,
    // e.g. why they must sign in again.
    void showMessage(const QString &message);
    QString address() const;
    QString userName() const;
    bool isBusy() const { return !m_pending.isNull(); }
    QString errorText() const;

    // What the Sign in button does.
    void submit();

Q_SIGNALS:
    void signedIn(const SignedInUser &user);
    // Something the user should know that is not an error of signing in.
    void notice(const QString &message);

protected:
    void reject() override;

private:
    void setBusy(bool busy);
    void showError(const QString &message, QWidget *field);
    void submitPassword(const QString &address);
    void submitToken(const QString &address);
    // Remembers what the user asked to, then closes and emits signedIn().
    void finishSignIn(const SignedInUser &user, const QString &address, const QString &token);

    SessionClient *m_session;
    CredentialStore *m_credentials;
    QLineEdit *m_address;
    QLineEdit *m_userName;
    QLineEdit *m_password;
    QLineEdit *m_token;
    QCheckBox *m_useToken;
    QCheckBox *m_remember;
    QFormLayout *m_form;
    QLabel *m_hint;
    QLabel *m_error;
    BusyIndicator *m_busy;
    QPushButton *m_signIn;
    QPointer<PendingCall> m_pending;
};
