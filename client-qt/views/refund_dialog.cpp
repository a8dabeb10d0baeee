#include "views/refund_dialog.h"

#include "models/display_text.h"
#include "models/refund_session.h"
#include "views/desk_theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

enum LineColumn { SkuColumn, NameColumn, RefundableColumn, UnitColumn, QuantityColumn, RestockColumn, LineColumnCount };
enum TenderColumn { TenderColumn, HowColumn, AmountColumn, StatusColumn, TenderColumnCount };

QTableWidgetItem *readOnly(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled);
    return item;
}

} // namespace

RefundDialog::RefundDialog(OrderClient *orders, PaymentClient *payments, IntentKeys *intents,
                           const SignedInUser &user, const QString &order, QWidget *parent)
    : QDialog(parent),
      m_session(new RefundSession(orders, payments, intents, order, this)),
      m_notAllowed(user.whyNot(QStringLiteral("PaymentService/RefundOrder"), QStringLiteral("refund orders"))),
      m_title(new QLabel(QStringLiteral("Refund order %1").arg(order), this)),
      m_lines(new QTableWidget(0, LineColumnCount, this)),
      m_shipping(new QCheckBox(QStringLiteral("Refund the shipping charge"), this)),
      m_goodwill(new QDoubleSpinBox(this)),
      m_policy(new QComboBox(this)),
      m_reason(new QLineEdit(this)),
      m_total(new QLabel(this)),
      m_tenders(new QTableWidget(0, TenderColumnCount, this)),
      m_approval(new QLabel(this)),
      m_result(new QLabel(this)),
      m_error(new QLabel(this)),
      m_confirm(new QPushButton(QStringLiteral("&Confirm refund"), this))
{
    setObjectName(QStringLiteral("refundDialog"));
    setWindowTitle(QStringLiteral("Refund"));
    resize(760, 600);
    DeskTheme::setRole(m_title, "heading");

    m_lines->setObjectName(QStringLiteral("refundLines"));
    m_lines->setHorizontalHeaderLabels({QStringLiteral("SKU"), QStringLiteral("Name"), QStringLiteral("Refundable"),
                                        QStringLiteral("Unit price"), QStringLiteral("Refund"), QStringLiteral("Restock")});
    m_lines->verticalHeader()->hide();
    m_lines->horizontalHeader()->setStretchLastSection(true);
    m_lines->setColumnWidth(SkuColumn, 130);
    m_lines->setColumnWidth(NameColumn, 200);
    m_lines->setSelectionMode(QAbstractItemView::NoSelection);
    m_lines->setToolTip(QStringLiteral("Units that shipped and were not refunded yet can be refunded; "
                                       "restocked units go back into the stock of the node that shipped them"));

    m_shipping->setObjectName(QStringLiteral("refundShipping"));
    m_shipping->setEnabled(false);
    m_goodwill->setObjectName(QStringLiteral("refundGoodwill"));
    m_goodwill->setDecimals(2);
    m_goodwill->setRange(0, 1000000);
    m_goodwill->setSingleStep(1);
    m_goodwill->setToolTip(QStringLiteral("An amount tied to no item, e.g. for a late delivery"));
    m_policy->setObjectName(QStringLiteral("refundPolicy"));
    m_policy->addItem(QStringLiteral("Back to the original payments"), 1);
    m_policy->addItem(QStringLiteral("As store credit"), 2);
    m_policy->addItem(QStringLiteral("In proportion over the payments"), 3);
    m_reason->setObjectName(QStringLiteral("refundReason"));
    m_reason->setPlaceholderText(QStringLiteral("Why, in a few words (shown to the supervisor and in the timeline)"));

    auto *choice = new QFormLayout;
    choice->addRow(QStringLiteral("Shipping"), m_shipping);
    choice->addRow(QStringLiteral("Goodwill"), m_goodwill);
    choice->addRow(QStringLiteral("Pay back"), m_policy);
    choice->addRow(QStringLiteral("Reason"), m_reason);

    auto *preview = new QGroupBox(QStringLiteral("Preview"), this);
    preview->setObjectName(QStringLiteral("refundPreview"));
    m_total->setObjectName(QStringLiteral("refundPreviewTotal"));
    DeskTheme::setRole(m_total, "total");
    m_tenders->setObjectName(QStringLiteral("refundPreviewTenders"));
    m_tenders->setHorizontalHeaderLabels({QStringLiteral("Payment"), QStringLiteral("How"), QStringLiteral("Amount"),
                                          QStringLiteral("Status")});
    m_tenders->verticalHeader()->hide();
    m_tenders->horizontalHeader()->setStretchLastSection(true);
    m_tenders->setColumnWidth(TenderColumn, 180);
    m_tenders->setColumnWidth(HowColumn, 180);
    m_tenders->setColumnWidth(AmountColumn, 110);
    m_tenders->setSelectionMode(QAbstractItemView::NoSelection);
    m_tenders->setMinimumHeight(110);
    m_approval->setObjectName(QStringLiteral("refundApproval"));
    m_approval->setWordWrap(true);
    auto *previewLayout = new QVBoxLayout(preview);
    previewLayout->addWidget(m_total);
    previewLayout->addWidget(m_tenders, 1);
    previewLayout->addWidget(m_approval);

    m_result->setObjectName(QStringLiteral("refundResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    m_error->setObjectName(QStringLiteral("refundError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    m_confirm->setObjectName(QStringLiteral("refundConfirm"));
    m_confirm->setDefault(true);
    m_confirm->setEnabled(false);
    auto *close = new QPushButton(QStringLiteral("Close"), this);
    close->setObjectName(QStringLiteral("refundClose"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_error, 1);
    bottom->addWidget(m_confirm);
    bottom->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_lines, 2);
    layout->addLayout(choice);
    layout->addWidget(preview, 2);
    layout->addWidget(m_result);
    layout->addLayout(bottom);

    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        m_error->hide();
        m_confirm->setEnabled(false);
        m_confirm->setText(QStringLiteral("Refunding…"));
        m_session->commit();
    });
    connect(m_shipping, &QCheckBox::toggled, m_session, &RefundSession::setShipping);
    connect(m_goodwill, &QDoubleSpinBox::valueChanged, this,
            [this](double value) { m_session->setGoodwillMinor(qRound64(value * 100)); });
    connect(m_policy, &QComboBox::currentIndexChanged, this,
            [this] { m_session->setPolicy(m_policy->currentData().toInt()); });
    connect(m_reason, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_session->setReason(text);
        updateConfirm();
    });
    connect(m_session, &RefundSession::loaded, this, &RefundDialog::fillLines);
    connect(m_session, &RefundSession::loadFailed, this, &RefundDialog::showError);
    connect(m_session, &RefundSession::previewPending, this, &RefundDialog::showPreviewPending);
    connect(m_session, &RefundSession::previewChanged, this, &RefundDialog::showPreview);
    connect(m_session, &RefundSession::previewFailed, this, [this](const QString &message) {
        m_total->setText(QStringLiteral("No preview"));
        m_tenders->setRowCount(0);
        m_approval->clear();
        showError(message);
        updateConfirm();
    });
    connect(m_session, &RefundSession::committed, this, &RefundDialog::showCommitted);
    connect(m_session, &RefundSession::commitFailed, this, [this](const QString &message) {
        m_confirm->setText(QStringLiteral("&Confirm refund"));
        showError(message);
        updateConfirm();
    });

    m_total->setText(QStringLiteral("Loading the order…"));
    m_session->load();
    updateConfirm();
}

QString RefundDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void RefundDialog::fillLines()
{
    const RefundDraft &draft = m_session->draft();
    m_title->setText(QStringLiteral("Refund order %1").arg(draft.orderNumber));
    m_lines->setRowCount(int(draft.lines.size()));
    for (int row = 0; row < draft.lines.size(); ++row) {
        const RefundableLine &line = draft.lines[row];
        m_lines->setItem(row, SkuColumn, readOnly(line.sku));
        m_lines->setItem(row, NameColumn, readOnly(line.name));
        m_lines->setItem(row, RefundableColumn, readOnly(QString::number(line.refundable)));
        m_lines->setItem(row, UnitColumn, readOnly(DisplayText::money(line.unitMinor, draft.currency)));
        auto *quantity = new QSpinBox(m_lines);
        quantity->setObjectName(QStringLiteral("refundQuantity-%1").arg(line.lineNo));
        quantity->setRange(0, int(line.refundable));
        quantity->setValue(int(line.quantity));
        quantity->setEnabled(line.refundable > 0);
        if (line.refundable == 0)
            quantity->setToolTip(QStringLiteral("Nothing to refund: no unit of this line shipped, or every shipped unit was refunded"));
        const int lineNo = line.lineNo;
        connect(quantity, &QSpinBox::valueChanged, this,
                [this, lineNo](int value) { m_session->setQuantity(lineNo, value); });
        m_lines->setCellWidget(row, QuantityColumn, quantity);
        auto *restock = new QCheckBox(m_lines);
        restock->setObjectName(QStringLiteral("refundRestock-%1").arg(line.lineNo));
        restock->setChecked(line.restock);
        restock->setEnabled(line.refundable > 0);
        connect(restock, &QCheckBox::toggled, this,
                [this, lineNo](bool on) { m_session->setRestock(lineNo, on); });
        m_lines->setCellWidget(row, RestockColumn, restock);
    }
    m_shipping->setText(draft.shippingRefundable
                                ? QStringLiteral("Refund the shipping charge (%1)")
                                          .arg(DisplayText::money(draft.shippingMinor, draft.currency))
                                : QStringLiteral("No shipping charge to refund"));
    m_shipping->setEnabled(draft.shippingRefundable);
    if (!draft.shippingRefundable)
        m_shipping->setChecked(false);
    m_goodwill->setSuffix(QLatin1Char(' ') + draft.currency);
    if (draft.isEmpty())
        m_total->setText(QStringLiteral("Choose units, the shipping charge or a goodwill amount"));
    updateConfirm();
}

void RefundDialog::showPreviewPending()
{
    m_error->hide();
    m_total->setText(QStringLiteral("Working out the split…"));
    updateConfirm();
}

void RefundDialog::showPreview(const RefundOutcome &preview)
{
    m_total->setText(QStringLiteral("Refund %1").arg(preview.amount));
    m_tenders->setRowCount(int(preview.shares.size()));
    for (int row = 0; row < preview.shares.size(); ++row) {
        const RefundShare &share = preview.shares[row];
        m_tenders->setItem(row, TenderColumn, readOnly(share.tender));
        m_tenders->setItem(row, HowColumn, readOnly(share.kind));
        auto *amount = readOnly(share.amount);
        amount->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_tenders->setItem(row, AmountColumn, amount);
        m_tenders->setItem(row, StatusColumn, readOnly(share.status));
    }
    DeskTheme::setTone(m_approval, preview.needsApproval ? Tone::Warning : Tone::Good);
    m_approval->setText(preview.needsApproval
                                ? QStringLiteral("Above your refund limit: this refund will wait for a "
                                                 "supervisor's approval before any money moves.")
                                : QStringLiteral("Within your refund limit: the money goes back at once."));
    updateConfirm();
}

void RefundDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void RefundDialog::showCommitted(const RefundOutcome &refund, bool replayed)
{
    m_confirm->setText(QStringLiteral("&Confirm refund"));
    QString text = QStringLiteral("Refund %1 of %2: %3.").arg(refund.refundId, refund.amount, refund.statusText());
    if (replayed)
        text += QStringLiteral(" (The server had this refund already; nothing was paid twice.)");
    m_result->setText(text);
    m_result->show();
    // The session cleared the choice; the boxes follow without asking again.
    {
        const QSignalBlocker goodwill(m_goodwill);
        const QSignalBlocker shipping(m_shipping);
        m_goodwill->setValue(0);
        m_shipping->setChecked(false);
    }
    showPreview(refund);
    Q_EMIT refunded(refund.refundId);
    // Fresh quantities: what was just refunded is no longer refundable.
    m_session->load();
}

void RefundDialog::updateConfirm()
{
    if (!m_notAllowed.isEmpty()) {
        m_confirm->setEnabled(false);
        m_confirm->setToolTip(m_notAllowed);
        return;
    }
    QString why;
    if (!m_session->isLoaded())
        why = QStringLiteral("Loading the order…");
    else if (m_session->draft().isEmpty())
        why = QStringLiteral("Choose units, the shipping charge or a goodwill amount");
    else if (m_reason->text().trimmed().isEmpty())
        why = QStringLiteral("Say why in Reason");
    else if (!m_session->hasPreview())
        why = QStringLiteral("Waiting for the preview");
    else if (m_session->isCommitting())
        why = QStringLiteral("Refunding…");
    m_confirm->setEnabled(why.isEmpty());
    m_confirm->setToolTip(why.isEmpty() ? QStringLiteral("Refund %1").arg(m_session->preview().amount) : why);
}
