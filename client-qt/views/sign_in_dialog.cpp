#include "views/sign_in_dialog.h"

#include "common/endpoints.h"
#include "services/credential_store.h"
#include "services/pending_call.h"
#include "views/busy_indicator.h"
#include "views/desk_theme.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

// A field that hides what is typed, with an eye to show it.
void makeSecret(QLineEdit *edit, const QString &what, const QPalette &palette)
{
    edit->setEchoMode(QLineEdit::Password);
    QAction *reveal = edit->addAction(DeskTheme::icon(QStringLiteral("eye"), palette),
                                      QLineEdit::TrailingPosition);
    reveal->setToolTip(QStringLiteral("Show or hide the %1").arg(what));
    QObject::connect(reveal, &QAction::triggered, edit, [edit] {
        edit->setEchoMode(edit->echoMode() == QLineEdit::Password ? QLineEdit::Normal
                                                                  : QLineEdit::Password);
    });
}

} // namespace

SignInDialog::SignInDialog(SessionClient *session, CredentialStore *credentials, QWidget *parent)
    : QDialog(parent),
      m_session(session),
      m_credentials(credentials),
      m_address(new QLineEdit(this)),
      m_userName(new QLineEdit(this)),
      m_password(new QLineEdit(this)),
      m_token(new QLineEdit(this)),
      m_useToken(new QCheckBox(QStringLiteral("Use a service to&ken instead"), this)),
      m_remember(new QCheckBox(QStringLiteral("&Remember on this computer"), this)),
      m_form(new QFormLayout),
      m_hint(new QLabel(this)),
      m_error(new QLabel(this)),
      m_busy(new BusyIndicator(this)),
      m_signIn(new QPushButton(QStringLiteral("&Sign in"), this))
{
    setObjectName(QStringLiteral("SignInDialog"));
    setWindowTitle(QStringLiteral("Sign in to oms-desk"));
    setWindowIcon(DeskTheme::appIcon());

    auto *heading = new QLabel(QStringLiteral("Sign in"), this);
    DeskTheme::setRole(heading, "heading");
    m_hint->setObjectName(QStringLiteral("signInHint"));
    DeskTheme::setRole(m_hint, "caption");
    m_hint->setWordWrap(true);

    m_address->setObjectName(QStringLiteral("serverAddress"));
    m_address->setPlaceholderText(QStringLiteral("host:port, e.g. 127.0.0.1:50051"));
    m_address->setToolTip(QStringLiteral("One server (host:port), or several regions nearest first, "
                                         "comma-separated: 10.0.1.5:50051,10.0.2.5:50051. The desk "
                                         "uses the first that answers and moves on when it goes down."));
    m_userName->setObjectName(QStringLiteral("userName"));
    m_userName->setPlaceholderText(QStringLiteral("e.g. alice"));
    m_password->setObjectName(QStringLiteral("password"));
    makeSecret(m_password, QStringLiteral("password"), palette());
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setPlaceholderText(QStringLiteral("a service token"));
    makeSecret(m_token, QStringLiteral("token"), palette());
    m_useToken->setObjectName(QStringLiteral("useToken"));
    m_useToken->setToolTip(QStringLiteral("For kiosks and tests that have a token of their own"));
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->setChecked(true);
    m_remember->setToolTip(QStringLiteral("Keeps the address and the user name, never the "
                                          "password; a token is kept in a file only you can read"));

    m_error->setObjectName(QStringLiteral("signInError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    m_form->addRow(QStringLiteral("Server &address"), m_address);
    m_form->addRow(QStringLiteral("&User name"), m_userName);
    m_form->addRow(QStringLiteral("&Password"), m_password);
    m_form->addRow(QStringLiteral("&Token"), m_token);
    m_form->addRow(QString(), m_useToken);
    m_form->addRow(QString(), m_remember);

    m_signIn->setObjectName(QStringLiteral("signIn"));
    m_signIn->setDefault(true);
    DeskTheme::setRole(m_signIn, "primary");
    auto *cancel = new QPushButton(QStringLiteral("Cancel"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_busy);
    buttons->addStretch();
    buttons->addWidget(cancel);
    buttons->addWidget(m_signIn);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_hint);
    layout->addSpacing(6);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addLayout(buttons);
    setMinimumWidth(440);

    connect(m_signIn, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(cancel, &QPushButton::clicked, this, &SignInDialog::reject);
    connect(m_useToken, &QCheckBox::toggled, this, &SignInDialog::setUsingToken);

    if (m_credentials) {
        m_address->setText(m_credentials->serverAddress());
        m_userName->setText(m_credentials->userName());
        m_token->setText(m_credentials->token());
    }
    if (m_address->text().isEmpty())
        m_address->setText(QStringLiteral("127.0.0.1:50051"));
    // A remembered token means this computer signs in with one (a kiosk).
    setUsingToken(!m_token->text().isEmpty() && m_userName->text().isEmpty());
}

void SignInDialog::setAddress(const QString &address)
{
    m_address->setText(address);
}

void SignInDialog::setToken(const QString &token)
{
    m_token->setText(token);
    setUsingToken(true);
}

void SignInDialog::setUserName(const QString &userName)
{
    m_userName->setText(userName);
    setUsingToken(false);
}

void SignInDialog::setUsingToken(bool useToken)
{
    if (m_useToken->isChecked() != useToken)
        m_useToken->setChecked(useToken); // comes back here through toggled()
    m_form->setRowVisible(m_userName, !useToken);
    m_form->setRowVisible(m_password, !useToken);
    m_form->setRowVisible(m_token, useToken);
    m_hint->setText(useToken ? QStringLiteral("The address of your region's omsd and the "
                                              "service token you were given.")
                             : QStringLiteral("The address of your region's omsd, your user "
                                              "name and your password."));
    QWidget *first = useToken ? m_token : m_userName->text().isEmpty() ? m_userName : m_password;
    if (auto *edit = qobject_cast<QLineEdit *>(first); edit && !edit->text().isEmpty())
        first = m_signIn;
    first->setFocus();
}

bool SignInDialog::isUsingToken() const
{
    return m_useToken->isChecked();
}

void SignInDialog::showMessage(const QString &message)
{
    showError(message, nullptr);
}

QString SignInDialog::address() const
{
    return m_address->text().trimmed();
}

QString SignInDialog::userName() const
{
    return m_userName->text().trimmed();
}

QString SignInDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SignInDialog::submit()
{
    if (isBusy())
        return;
    const QString address = m_address->text().trimmed();
    if (address.isEmpty()) {
        showError(QStringLiteral("Enter the server address, for example 127.0.0.1:50051."), m_address);
        return;
    }
    // Several regions must be numeric addresses; say so before trying.
    if (const absl::StatusOr<std::string> target = oms::ChannelTarget(address.toStdString()); !target.ok()) {
        showError(QString::fromStdString(std::string(target.status().message())), m_address);
        return;
    }
    if (isUsingToken())
        submitToken(address);
    else
        submitPassword(address);
}

void SignInDialog::submitPassword(const QString &address)
{
    const QString userName = m_userName->text().trimmed();
    const QString password = m_password->text();
    if (userName.isEmpty()) {
        showError(QStringLiteral("Enter your user name."), m_userName);
        return;
    }
    if (password.isEmpty()) {
        showError(QStringLiteral("Enter your password."), m_password);
        return;
    }
    m_error->hide();
    setBusy(true);
    auto *login = m_session->login(address, userName, password, this);
    m_pending = login;
    connect(login, &PendingCall::finished, this, [this, login, address] {
        const CallError &error = login->error();
        if (error.isError()) {
            m_pending = nullptr;
            setBusy(false);
            QWidget *field = error.kind() == CallError::Kind::Unreachable
                            || error.kind() == CallError::Kind::TimedOut
                    ? m_address
                    : m_password;
            showError(signInProblem(error), field);
            return;
        }
        // Login does not say which region answered; WhoAmI does, and it
        // proves the access token works.
        const SignedInUser fromLogin = login->result().user;
        auto *who = m_session->whoAmI(this);
        m_pending = who;
        connect(who, &PendingCall::finished, this, [this, who, fromLogin, address] {
            m_pending = nullptr;
            setBusy(false);
            if (who->error().isError()) {
                showError(who->error().message(), m_address);
                return;
            }
            SignedInUser user = who->result();
            if (user.displayName.isEmpty())
                user.displayName = fromLogin.displayName;
            m_password->clear();
            finishSignIn(user, address, QString());
        });
    });
}

void SignInDialog::submitToken(const QString &address)
{
    const QString token = m_token->text().trimmed();
    if (token.isEmpty()) {
        showError(QStringLiteral("Enter your token; your administrator gives it to you."), m_token);
        return;
    }
    // A request header cannot carry anything else (gRPC would refuse the call).
    for (const QChar c : token) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e) {
            showError(QStringLiteral("A token has letters, digits and punctuation only, without "
                                     "spaces; copy it again."),
                      m_token);
            return;
        }
    }
    m_error->hide();
    setBusy(true);
    auto *reply = m_session->signIn(address, token, this);
    m_pending = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, address, token] {
        m_pending = nullptr;
        setBusy(false);
        const CallError &error = reply->error();
        if (error.isError()) {
            QWidget *field = error.kind() == CallError::Kind::SignedOut ? m_token : m_address;
            showError(error.message(), field);
            return;
        }
        finishSignIn(reply->result(), address, token);
    });
}

void SignInDialog::finishSignIn(const SignedInUser &user, const QString &address,
                                const QString &token)
{
    if (m_credentials) {
        QString problem;
        if (!m_remember->isChecked()) {
            m_credentials->forgetToken();
            m_credentials->forgetUserName();
        } else if (token.isEmpty()) {
            m_credentials->rememberUser(address, m_userName->text());
        } else if (!m_credentials->remember(address, token, &problem)) {
            // Signing in worked; only remembering failed. Say so, then go on.
            Q_EMIT notice(QStringLiteral("Signed in, but the token could not be "
                                         "remembered: %1").arg(problem));
        }
    }
    accept();
    Q_EMIT signedIn(user);
}

void SignInDialog::reject()
{
    if (m_pending) {
        m_pending->abandon();
        m_pending = nullptr;
        setBusy(false);
    }
    QDialog::reject();
}

void SignInDialog::setBusy(bool busy)
{
    m_busy->setRunning(busy);
    m_address->setEnabled(!busy);
    m_userName->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_token->setEnabled(!busy);
    m_useToken->setEnabled(!busy);
    m_signIn->setEnabled(!busy);
    m_signIn->setText(busy ? QStringLiteral("Signing in…") : QStringLiteral("&Sign in"));
}

void SignInDialog::showError(const QString &message, QWidget *field)
{
    m_error->setText(message);
    m_error->show();
    if (field) {
        field->setFocus();
        if (auto *edit = qobject_cast<QLineEdit *>(field))
            edit->selectAll();
    }
}
