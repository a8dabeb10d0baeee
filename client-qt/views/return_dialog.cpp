#include "views/return_dialog.h"

#include "models/return_session.h"
#include "views/desk_theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QTableWidgetItem *readOnly(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QTableWidget *makeTable(const QStringList &headers, const char *name, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(QString::fromLatin1(name));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

} // namespace

ReturnDialog::ReturnDialog(OrderClient *orders, ReturnClient *returns, IntentKeys *intents,
                           const SignedInUser &user, const QString &order, QWidget *parent)
    : QDialog(parent),
      m_session(new ReturnSession(orders, returns, intents, order, this)),
      m_mayNotCreate(user.whyNot(QStringLiteral("ReturnService/CreateReturn"), QStringLiteral("create returns"))),
      m_mayNotReceive(user.whyNot(QStringLiteral("ReturnService/ReceiveReturn"), QStringLiteral("receive returns"))),
      m_title(new QLabel(QStringLiteral("Returns of order %1").arg(order), this)),
      m_lines(makeTable({QStringLiteral("SKU"), QStringLiteral("Name"), QStringLiteral("Returnable"),
                         QStringLiteral("Return")},
                        "returnLines", this)),
      m_reason(new QComboBox(this)),
      m_note(new QLineEdit(this)),
      m_create(new QPushButton(QStringLiteral("C&reate return"), this)),
      m_returns(makeTable({QStringLiteral("Return"), QStringLiteral("Status"), QStringLiteral("Value"),
                           QStringLiteral("Units")},
                          "returnsTable", this)),
      m_damaged(new QCheckBox(QStringLiteral("Damaged: write the units off instead of restocking them"), this)),
      m_receive(new QPushButton(QStringLiteral("Re&ceive"), this)),
      m_result(new QLabel(this)),
      m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("returnDialog"));
    setWindowTitle(QStringLiteral("Returns"));
    resize(720, 560);
    DeskTheme::setRole(m_title, "heading");
    m_lines->setSelectionMode(QAbstractItemView::NoSelection);
    m_lines->setColumnWidth(0, 140);
    m_lines->setColumnWidth(1, 220);
    m_returns->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_returns->setSelectionMode(QAbstractItemView::SingleSelection);
    m_returns->setColumnWidth(0, 260);
    m_reason->setObjectName(QStringLiteral("returnReason"));
    const QStringList reasons = ReturnDraft::reasonNames();
    for (int value = 1; value < reasons.size(); ++value)
        m_reason->addItem(reasons[value], value);
    m_note->setObjectName(QStringLiteral("returnNote"));
    m_note->setMaxLength(500);
    m_note->setPlaceholderText(QStringLiteral("What the customer said (optional)"));
    m_create->setObjectName(QStringLiteral("returnCreate"));
    m_damaged->setObjectName(QStringLiteral("returnDamaged"));
    m_receive->setObjectName(QStringLiteral("returnReceive"));
    m_result->setObjectName(QStringLiteral("returnResult"));
    m_result->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("returnError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    auto *create = new QGroupBox(QStringLiteral("New return (delivered units)"), this);
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Reason"), m_reason);
    form->addRow(QStringLiteral("Note"), m_note);
    auto *createLayout = new QVBoxLayout(create);
    createLayout->addWidget(m_lines, 1);
    createLayout->addLayout(form);
    auto *createRow = new QHBoxLayout;
    createRow->addStretch();
    createRow->addWidget(m_create);
    createLayout->addLayout(createRow);

    auto *existing = new QGroupBox(QStringLiteral("Returns of this order"), this);
    auto *existingLayout = new QVBoxLayout(existing);
    existingLayout->addWidget(m_returns, 1);
    auto *receiveRow = new QHBoxLayout;
    receiveRow->addWidget(m_damaged, 1);
    receiveRow->addWidget(m_receive);
    existingLayout->addLayout(receiveRow);

    auto *close = new QPushButton(QStringLiteral("Close"), this);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_error, 1);
    bottom->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(create, 3);
    layout->addWidget(existing, 2);
    layout->addWidget(m_result);
    layout->addLayout(bottom);

    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_reason, &QComboBox::currentIndexChanged, this,
            [this] { m_session->draft().reason = m_reason->currentData().toInt(); });
    m_session->draft().reason = m_reason->currentData().toInt();
    connect(m_note, &QLineEdit::textChanged, this, [this](const QString &text) { m_session->draft().note = text; });
    connect(m_create, &QPushButton::clicked, this, [this] {
        m_error->hide();
        m_session->create();
        updateButtons();
    });
    connect(m_receive, &QPushButton::clicked, this, [this] {
        const int row = selectedReturn();
        if (row < 0)
            return;
        ReturnSummary summary = m_session->draft().returns.at(row);
        for (ReturnedLine &line : summary.lines) {
            line.restocked = m_damaged->isChecked() ? 0 : line.quantity;
            line.damaged = m_damaged->isChecked() ? line.quantity : 0;
        }
        m_error->hide();
        m_session->receive(summary);
        updateButtons();
    });
    connect(m_returns->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ReturnDialog::updateButtons);
    connect(m_session, &ReturnSession::loaded, this, &ReturnDialog::fill);
    connect(m_session, &ReturnSession::failed, this, &ReturnDialog::showError);
    connect(m_session, &ReturnSession::created, this, [this](const QString &returnId, bool replayed) {
        m_result->setText(QStringLiteral("Return %1 created: the goods are expected back.%2")
                                  .arg(returnId, replayed ? QStringLiteral(" (The server had it already.)") : QString()));
        selectReturn(returnId);
        Q_EMIT orderChanged();
    });
    connect(m_session, &ReturnSession::received, this, [this](const QString &returnId) {
        m_result->setText(QStringLiteral("Return %1 received.").arg(returnId));
        selectReturn(returnId);
        Q_EMIT orderChanged();
    });
    m_session->load();
    updateButtons();
}

QString ReturnDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ReturnDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    updateButtons();
}

void ReturnDialog::fill()
{
    const ReturnDraft &draft = m_session->draft();
    m_title->setText(QStringLiteral("Returns of order %1").arg(draft.orderNumber));
    m_lines->setRowCount(int(draft.lines.size()));
    for (int row = 0; row < draft.lines.size(); ++row) {
        const ReturnableLine &line = draft.lines[row];
        m_lines->setItem(row, 0, readOnly(line.sku));
        m_lines->setItem(row, 1, readOnly(line.name));
        m_lines->setItem(row, 2, readOnly(QString::number(line.returnable)));
        auto *quantity = new QSpinBox(m_lines);
        quantity->setObjectName(QStringLiteral("returnQuantity-%1").arg(line.lineNo));
        quantity->setRange(0, int(line.returnable));
        quantity->setValue(int(line.quantity));
        quantity->setEnabled(line.returnable > 0);
        if (line.returnable == 0)
            quantity->setToolTip(QStringLiteral("Nothing to return: no unit delivered, or every delivered unit is refunded or coming back"));
        const int index = row;
        connect(quantity, &QSpinBox::valueChanged, this, [this, index](int value) {
            m_session->draft().lines[index].quantity = value;
            updateButtons();
        });
        m_lines->setCellWidget(row, 3, quantity);
    }
    const QString selected = selectedReturn() >= 0 ? m_returns->item(selectedReturn(), 0)->text() : QString();
    m_returns->setRowCount(int(draft.returns.size()));
    for (int row = 0; row < draft.returns.size(); ++row) {
        const ReturnSummary &r = draft.returns[row];
        QStringList units;
        for (const ReturnedLine &line : r.lines)
            units.append(QStringLiteral("%1 × %2 (%3)").arg(line.quantity).arg(line.sku, line.reason));
        m_returns->setItem(row, 0, readOnly(r.returnId));
        m_returns->setItem(row, 1, readOnly(r.statusText));
        m_returns->setItem(row, 2, readOnly(r.value));
        m_returns->setItem(row, 3, readOnly(units.join(QStringLiteral(", "))));
    }
    if (!selected.isEmpty())
        selectReturn(selected);
    else if (!draft.returns.isEmpty())
        m_returns->selectRow(int(draft.returns.size()) - 1);
    updateButtons();
}

bool ReturnDialog::selectReturn(const QString &returnId)
{
    const QList<ReturnSummary> &returns = m_session->draft().returns;
    for (int row = 0; row < returns.size(); ++row) {
        if (returns[row].returnId == returnId) {
            m_returns->selectRow(row);
            return true;
        }
    }
    return false;
}

int ReturnDialog::selectedReturn() const
{
    const QModelIndexList rows = m_returns->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_session->draft().returns.size())
        return -1;
    return rows.first().row();
}

void ReturnDialog::updateButtons()
{
    QString whyNotCreate = m_mayNotCreate;
    if (whyNotCreate.isEmpty() && !m_session->isLoaded())
        whyNotCreate = QStringLiteral("Loading the order…");
    if (whyNotCreate.isEmpty() && m_session->draft().isEmpty())
        whyNotCreate = QStringLiteral("Choose the units coming back");
    if (whyNotCreate.isEmpty() && m_session->isBusy())
        whyNotCreate = QStringLiteral("Sending…");
    m_create->setEnabled(whyNotCreate.isEmpty());
    m_create->setToolTip(whyNotCreate.isEmpty() ? QStringLiteral("Create the return: the goods are expected back")
                                                : whyNotCreate);

    QString whyNotReceive = m_mayNotReceive;
    const int row = selectedReturn();
    if (whyNotReceive.isEmpty() && row < 0)
        whyNotReceive = QStringLiteral("Select an expected return");
    if (whyNotReceive.isEmpty() && !m_session->draft().returns.at(row).awaitingReceipt)
        whyNotReceive = QStringLiteral("Only an expected return can be received; this one is %1")
                                .arg(m_session->draft().returns.at(row).statusText.toLower());
    if (whyNotReceive.isEmpty() && m_session->isBusy())
        whyNotReceive = QStringLiteral("Sending…");
    m_receive->setEnabled(whyNotReceive.isEmpty());
    m_receive->setToolTip(whyNotReceive.isEmpty()
                                  ? QStringLiteral("The goods arrived: restock them at the node that shipped them")
                                  : whyNotReceive);
    m_damaged->setEnabled(whyNotReceive.isEmpty());
}
