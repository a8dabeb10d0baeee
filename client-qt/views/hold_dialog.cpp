#include "views/hold_dialog.h"

#include "models/display_text.h"
#include "models/order_change.h"
#include "views/desk_theme.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
constexpr int kMaxNote = 2000;
// Holds staff may place by hand; the others are the server's own.
const int kManualHolds[] = {4 /* customer request */, 3 /* address check */, 2 /* fraud review */};
} // namespace

OrderChangeDialog::OrderChangeDialog(Kind kind, OrderChange *change, const QString &orderNumber,
                                     const QList<int> &holdReasons, QWidget *parent)
    : QDialog(parent), m_kind(kind), m_change(change), m_error(new QLabel(this)), m_confirm(new QPushButton(this))
{
    change->setParent(this);
    auto *form = new QFormLayout;
    switch (kind) {
    case Kind::Hold:
        setObjectName(QStringLiteral("holdDialog"));
        setWindowTitle(QStringLiteral("Hold %1").arg(orderNumber));
        m_reason = new QComboBox(this);
        for (int reason : kManualHolds)
            m_reason->addItem(DisplayText::holdReason(reason), reason);
        m_note = new QLineEdit(this);
        m_note->setMaxLength(500);
        m_note->setPlaceholderText(QStringLiteral("Why, for whoever releases it"));
        form->addRow(QStringLiteral("&Reason"), m_reason);
        form->addRow(QStringLiteral("&Note"), m_note);
        m_confirm->setText(QStringLiteral("&Hold the order"));
        break;
    case Kind::Release:
        setObjectName(QStringLiteral("releaseDialog"));
        setWindowTitle(QStringLiteral("Release %1").arg(orderNumber));
        m_reason = new QComboBox(this);
        for (int reason : holdReasons)
            if (m_reason->findData(reason) < 0)
                m_reason->addItem(DisplayText::holdReason(reason), reason);
        form->addRow(QStringLiteral("&Hold"), m_reason);
        m_confirm->setText(QStringLiteral("&Release"));
        break;
    case Kind::Note:
        setObjectName(QStringLiteral("noteDialog"));
        setWindowTitle(QStringLiteral("Note on %1").arg(orderNumber));
        m_text = new QPlainTextEdit(this);
        m_text->setPlaceholderText(QStringLiteral("What happened, for the next person to read"));
        form->addRow(QStringLiteral("&Note"), m_text);
        m_confirm->setText(QStringLiteral("&Add note"));
        break;
    }
    if (m_reason)
        m_reason->setObjectName(QStringLiteral("reason"));
    if (m_note)
        m_note->setObjectName(QStringLiteral("note"));
    if (m_text)
        m_text->setObjectName(QStringLiteral("text"));
    m_confirm->setObjectName(QStringLiteral("confirm"));
    m_error->setObjectName(QStringLiteral("changeError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    auto *close = new QPushButton(QStringLiteral("Close"), this);
    close->setAutoDefault(false);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(close);
    buttons->addWidget(m_confirm);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    resize(460, kind == Kind::Note ? 260 : 160);

    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_confirm, &QPushButton::clicked, this, &OrderChangeDialog::submit);
    if (m_text)
        connect(m_text, &QPlainTextEdit::textChanged, this, &OrderChangeDialog::updateButton);
    connect(m_change, &OrderChange::busyChanged, this, &OrderChangeDialog::updateButton);
    connect(m_change, &OrderChange::failed, this, [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
    });
    connect(m_change, &OrderChange::done, this, [this] {
        switch (m_kind) {
        case Kind::Hold: Q_EMIT changed(QStringLiteral("The order is on hold.")); break;
        case Kind::Release: Q_EMIT changed(QStringLiteral("The hold is released.")); break;
        case Kind::Note: Q_EMIT changed(QStringLiteral("The note is on the timeline.")); break;
        }
        accept();
    });
    updateButton();
}

QString OrderChangeDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void OrderChangeDialog::submit()
{
    m_error->hide();
    switch (m_kind) {
    case Kind::Hold: m_change->hold(m_reason->currentData().toInt(), m_note->text().trimmed()); break;
    case Kind::Release: m_change->release(m_reason->currentData().toInt()); break;
    case Kind::Note: m_change->addNote(m_text->toPlainText().trimmed()); break;
    }
}

void OrderChangeDialog::updateButton()
{
    QString problem;
    if (m_kind == Kind::Release && m_reason->count() == 0)
        problem = QStringLiteral("The order has no hold to release.");
    if (m_kind == Kind::Note) {
        const qsizetype length = m_text->toPlainText().trimmed().size();
        if (length == 0)
            problem = QStringLiteral("Write the note first.");
        else if (length > kMaxNote)
            problem = QStringLiteral("A note has at most %1 characters; this one has %2.").arg(kMaxNote).arg(length);
    }
    m_confirm->setEnabled(problem.isEmpty() && !m_change->isBusy());
    m_confirm->setToolTip(problem);
}
