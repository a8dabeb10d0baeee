#include "views/sign_in_dialog.h"

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

SignInDialog::SignInDialog(SessionClient *session, CredentialStore *credentials, QWidget *parent)
    : QDialog(parent),
      m_session(session),
      m_credentials(credentials),
      m_address(new QLineEdit(this)),
      m_token(new QLineEdit(this)),
      m_remember(new QCheckBox(QStringLiteral("&Remember on this computer"), this)),
      m_error(new QLabel(this)),
      m_busy(new BusyIndicator(this)),
      m_signIn(new QPushButton(QStringLiteral("&Sign in"), this))
{
    setObjectName(QStringLiteral("SignInDialog"));
    setWindowTitle(QStringLiteral("Sign in to oms-desk"));
    setWindowIcon(DeskTheme::appIcon());

    auto *heading = new QLabel(QStringLiteral("Sign in"), this);
    DeskTheme::setRole(heading, "heading");
    auto *hint = new QLabel(QStringLiteral("The address of your region's omsd and your "
                                           "personal token."),
                            this);
    DeskTheme::setRole(hint, "caption");
    hint->setWordWrap(true);

    m_address->setObjectName(QStringLiteral("serverAddress"));
    m_address->setPlaceholderText(QStringLiteral("host:port, e.g. 127.0.0.1:50051"));
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(QStringLiteral("your token"));
    QAction *reveal = m_token->addAction(DeskTheme::icon(QStringLiteral("eye"), palette()),
                                         QLineEdit::TrailingPosition);
    reveal->setToolTip(QStringLiteral("Show or hide the token"));
    connect(reveal, &QAction::triggered, this, [this] {
        m_token->setEchoMode(m_token->echoMode() == QLineEdit::Password ? QLineEdit::Normal
                                                                         : QLineEdit::Password);
    });
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->setChecked(true);
    m_remember->setToolTip(QStringLiteral("The token is kept in a file only you can read"));

    m_error->setObjectName(QStringLiteral("signInError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Server &address"), m_address);
    form->addRow(QStringLiteral("&Token"), m_token);
    form->addRow(QString(), m_remember);

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
    layout->addWidget(hint);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addLayout(buttons);
    setMinimumWidth(440);

    connect(m_signIn, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(cancel, &QPushButton::clicked, this, &SignInDialog::reject);

    if (m_credentials) {
        m_address->setText(m_credentials->serverAddress());
        m_token->setText(m_credentials->token());
    }
    if (m_address->text().isEmpty())
        m_address->setText(QStringLiteral("127.0.0.1:50051"));
    (m_token->text().isEmpty() ? m_token : static_cast<QWidget *>(m_signIn))->setFocus();
}

void SignInDialog::setAddress(const QString &address)
{
    m_address->setText(address);
}

void SignInDialog::setToken(const QString &token)
{
    m_token->setText(token);
}

QString SignInDialog::address() const
{
    return m_address->text().trimmed();
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
    const QString token = m_token->text().trimmed();
    if (address.isEmpty()) {
        showError(QStringLiteral("Enter the server address, for example 127.0.0.1:50051."), m_address);
        return;
    }
    if (token.isEmpty()) {
        showError(QStringLiteral("Enter your token; your administrator gives it to you."), m_token);
        return;
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
        if (m_credentials) {
            QString problem;
            if (m_remember->isChecked() && !m_credentials->remember(address, token, &problem)) {
                // Signing in worked; only remembering failed. Say so, then go on.
                Q_EMIT notice(QStringLiteral("Signed in, but the token could not be "
                                             "remembered: %1").arg(problem));
            } else if (!m_remember->isChecked()) {
                m_credentials->forgetToken();
            }
        }
        const SignedInUser user = reply->result();
        accept();
        Q_EMIT signedIn(user);
    });
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
    m_token->setEnabled(!busy);
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
