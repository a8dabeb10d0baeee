#pragma once

#include "services/session_client.h"

#include <QDialog>
#include <QPointer>

class BusyIndicator;
class CredentialStore;
class PendingCall;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Asks for the server address and a token, checks them with WhoAmI (the
// dialog stays open and says what is wrong if that fails), and remembers
// them when asked to. Emits signedIn() and closes on success.
class SignInDialog final : public QDialog
{
    Q_OBJECT

public:
    SignInDialog(SessionClient *session, CredentialStore *credentials, QWidget *parent = nullptr);

    void setAddress(const QString &address);
    void setToken(const QString &token);
    QString address() const;
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

    SessionClient *m_session;
    CredentialStore *m_credentials;
    QLineEdit *m_address;
    QLineEdit *m_token;
    QCheckBox *m_remember;
    QLabel *m_error;
    BusyIndicator *m_busy;
    QPushButton *m_signIn;
    QPointer<PendingCall> m_pending;
};
