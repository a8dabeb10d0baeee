#include "views/approval_queue_view.h"

#include "models/approval_queue_model.h"
#include "views/data_table.h"
#include "views/desk_theme.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int kPollMs = 5000;

} // namespace

ApprovalQueueView::ApprovalQueueView(PaymentClient *payments, IntentKeys *intents, QWidget *parent)
    : QWidget(parent),
      m_model(new ApprovalQueueModel(payments, intents, this)),
      m_table(new QTableView(this)),
      m_reason(new QLineEdit(this)),
      m_approve(new QPushButton(QStringLiteral("&Approve"), this)),
      m_reject(new QPushButton(QStringLiteral("Re&ject"), this)),
      m_notice(new QLabel(this)),
      m_error(new QLabel(this)),
      m_status(new QLabel(this)),
      m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("approvalQueue"));
    m_table->setObjectName(QStringLiteral("approvalsTable"));
    setUpDataTable(m_table);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(ApprovalQueueModel::OrderColumn, 150);
    m_table->setColumnWidth(ApprovalQueueModel::AmountColumn, 110);
    m_table->setColumnWidth(ApprovalQueueModel::RequestedByColumn, 150);
    m_table->setColumnWidth(ApprovalQueueModel::RequestedAtColumn, 150);
    m_reason->setObjectName(QStringLiteral("approvalReason"));
    m_reason->setPlaceholderText(QStringLiteral("Reason (required to reject; goes to the agent and the timeline)"));
    m_approve->setObjectName(QStringLiteral("approveRefund"));
    m_reject->setObjectName(QStringLiteral("rejectRefund"));
    DeskTheme::setRole(m_approve, "primary");
    m_notice->setObjectName(QStringLiteral("approvalNotice"));
    m_notice->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("approvalError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();
    m_status->setObjectName(QStringLiteral("approvalStatus"));
    DeskTheme::setRole(m_status, "caption");

    auto *caption = new QLabel(QStringLiteral("Refunds above an agent's limit, waiting for a supervisor (oldest first)"), this);
    DeskTheme::setRole(caption, "section");
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_reason, 1);
    actions->addWidget(m_approve);
    actions->addWidget(m_reject);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(caption);
    layout->addWidget(m_notice);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);
    layout->addWidget(m_status);

    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &ApprovalQueueView::refresh);
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_reason, &QLineEdit::textChanged, this, &ApprovalQueueView::updateButtons);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApprovalQueueView::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ApprovalQueueView::updateButtons);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const ApprovalQueueModel::Approval &a = m_model->approval(index.row());
        Q_EMIT openOrderRequested(a.orderId, a.orderNumber);
    });
    connect(m_model, &ApprovalQueueModel::errorChanged, this, [this](const QString &message) {
        m_error->setText(message);
        m_error->setVisible(!message.isEmpty());
    });
    connect(m_model, &ApprovalQueueModel::refreshed, this, [this] {
        const int count = m_model->rowCount();
        m_status->setText(QStringLiteral("%1 waiting · updated %2")
                                  .arg(count)
                                  .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    });
    connect(m_model, &ApprovalQueueModel::decided, this, [this](const QString &refundId, bool approved) {
        m_reason->clear();
        m_status->setText(approved ? QStringLiteral("Approved %1: paying out").arg(refundId)
                                   : QStringLiteral("Rejected %1: the money stays with the order").arg(refundId));
        updateButtons();
    });
    connect(m_model, &ApprovalQueueModel::decisionFailed, this, [this](const QString &, const QString &message) {
        m_error->setText(message);
        m_error->show();
        updateButtons();
    });
    setUser(SignedInUser{});
}

void ApprovalQueueView::setUser(const SignedInUser &user)
{
    const QString method = QStringLiteral("PaymentService/ApproveRefund");
    if (user.principalId.isEmpty())
        m_notAllowed = QStringLiteral("Sign in to see refunds waiting for approval.");
    else
        m_notAllowed = user.whyNot(method, QStringLiteral("approve refunds"));
    m_notice->setText(m_notAllowed);
    m_notice->setVisible(!m_notAllowed.isEmpty());
    m_table->setEnabled(isAllowed());
    m_reason->setEnabled(isAllowed());
    if (isAllowed() && isVisible()) {
        refresh();
        m_poll->start();
    } else if (!isAllowed()) {
        m_poll->stop();
    }
    updateButtons();
}

void ApprovalQueueView::refresh()
{
    if (isAllowed())
        m_model->refresh();
}

bool ApprovalQueueView::select(const QString &refundId)
{
    const int row = m_model->rowOf(refundId);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    return true;
}

void ApprovalQueueView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (isAllowed()) {
        refresh();
        m_poll->start();
    }
}

void ApprovalQueueView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_poll->stop();
}

QString ApprovalQueueView::selectedRefund() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_model->rowCount())
        return {};
    return m_model->approval(rows.first().row()).refundId;
}

void ApprovalQueueView::decide(bool approve)
{
    const QString refundId = selectedRefund();
    if (refundId.isEmpty())
        return;
    m_error->hide();
    if (approve)
        m_model->approve(refundId, m_reason->text());
    else
        m_model->reject(refundId, m_reason->text());
    updateButtons();
}

void ApprovalQueueView::updateButtons()
{
    QString why = m_notAllowed;
    if (why.isEmpty() && selectedRefund().isEmpty())
        why = QStringLiteral("Select a refund first");
    if (why.isEmpty() && m_model->isDeciding())
        why = QStringLiteral("Sending the decision…");
    m_approve->setEnabled(why.isEmpty());
    m_approve->setToolTip(why.isEmpty() ? QStringLiteral("Approve the selected refund: paying out starts") : why);
    QString whyNotReject = why;
    if (whyNotReject.isEmpty() && m_reason->text().trimmed().isEmpty())
        whyNotReject = QStringLiteral("Say why in the reason box to reject");
    m_reject->setEnabled(whyNotReject.isEmpty());
    m_reject->setToolTip(whyNotReject.isEmpty() ? QStringLiteral("Reject the selected refund: its money stays with the order")
                                                : whyNotReject);
}
