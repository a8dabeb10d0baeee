#include "views/cancel_dialog.h"

#include "models/cancellation.h"
#include "models/display_text.h"
#include "views/desk_theme.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

constexpr int kUnitsColumn = 4;

QTableWidget *makeTable(const char *name, const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(QString::fromLatin1(name));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QTableWidgetItem *cell(const QString &text)
{
    return new QTableWidgetItem(text);
}

} // namespace

CancelDialog::CancelDialog(Cancellation *cancellation, const QString &orderNumber, QWidget *parent)
    : QDialog(parent),
      m_cancellation(cancellation),
      m_whole(new QRadioButton(QStringLiteral("The &whole order"), this)),
      m_some(new QRadioButton(QStringLiteral("&Some units"), this)),
      m_lines(makeTable("cancelLines", {QStringLiteral("Line"), QStringLiteral("SKU"), QStringLiteral("Name"),
                                        QStringLiteral("Open"), QStringLiteral("Cancel")},
                        this)),
      m_reason(new QComboBox(this)),
      m_initiator(new QComboBox(this)),
      m_note(new QLineEdit(this)),
      m_previewState(new QLabel(this)),
      m_parts(makeTable("cancelParts", {QStringLiteral("Line"), QStringLiteral("SKU"), QStringLiteral("Units"),
                                        QStringLiteral("Where"), QStringLiteral("What happens"),
                                        QStringLiteral("Why")},
                        this)),
      m_money(makeTable("cancelMoney", {QStringLiteral("Tender"), QStringLiteral("Released"),
                                        QStringLiteral("Refunded")},
                        this)),
      m_summary(new QLabel(this)),
      m_error(new QLabel(this)),
      m_confirm(new QPushButton(this))
{
    setObjectName(QStringLiteral("cancelDialog"));
    setWindowTitle(QStringLiteral("Cancel %1").arg(orderNumber));
    cancellation->setParent(this);
    m_whole->setObjectName(QStringLiteral("wholeOrder"));
    m_some->setObjectName(QStringLiteral("someUnits"));
    auto *scope = new QButtonGroup(this);
    scope->addButton(m_whole);
    scope->addButton(m_some);
    m_whole->setChecked(true);

    const QList<CancellableLine> &lines = cancellation->lines();
    m_lines->setRowCount(int(lines.size()));
    for (int row = 0; row < lines.size(); ++row) {
        const CancellableLine &line = lines[row];
        m_lines->setItem(row, 0, cell(QString::number(line.lineNo)));
        m_lines->setItem(row, 1, cell(line.sku));
        m_lines->setItem(row, 2, cell(line.name));
        m_lines->setItem(row, 3, cell(QString::number(line.open)));
        auto *units = new QSpinBox(m_lines);
        units->setObjectName(QStringLiteral("units%1").arg(line.lineNo));
        units->setRange(0, int(qMin<qint64>(line.open, 1000000)));
        units->setEnabled(line.open > 0);
        units->setToolTip(line.open > 0 ? QStringLiteral("Units of line %1 to cancel").arg(line.lineNo)
                                        : QStringLiteral("Nothing left to cancel on this line"));
        m_lines->setCellWidget(row, kUnitsColumn, units);
        connect(units, &QSpinBox::valueChanged, this, [this] {
            if (m_filling)
                return;
            m_filling = true;
            m_some->setChecked(true);
            m_filling = false;
            choiceEdited();
        });
    }
    m_lines->resizeColumnsToContents();

    m_reason->setObjectName(QStringLiteral("cancelReason"));
    for (int reason = 1; reason <= 6; ++reason)
        m_reason->addItem(DisplayText::cancelReason(reason), reason);
    m_initiator->setObjectName(QStringLiteral("cancelInitiator"));
    m_initiator->addItem(QStringLiteral("The customer asked"), 1);
    m_initiator->addItem(QStringLiteral("Our decision (fraud, duplicate…)"), 2);
    m_note->setObjectName(QStringLiteral("cancelNote"));
    m_note->setPlaceholderText(QStringLiteral("Kept on the order's timeline"));
    m_note->setMaxLength(500);

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Reason"), m_reason);
    form->addRow(QStringLiteral("Asked &by"), m_initiator);
    form->addRow(QStringLiteral("&Note"), m_note);

    m_previewState->setObjectName(QStringLiteral("previewState"));
    DeskTheme::setRole(m_previewState, "caption");
    m_summary->setObjectName(QStringLiteral("cancelSummary"));
    m_summary->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("cancelError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    m_confirm->setObjectName(QStringLiteral("confirmCancel"));
    m_confirm->setDefault(false);
    m_confirm->setAutoDefault(false);
    auto *keep = new QPushButton(QStringLiteral("&Keep the order"), this);
    keep->setObjectName(QStringLiteral("keepOrder"));
    keep->setAutoDefault(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_error, 1);
    buttons->addWidget(keep);
    buttons->addWidget(m_confirm);

    auto *layout = new QVBoxLayout(this);
    auto *scopeRow = new QHBoxLayout;
    scopeRow->addWidget(m_whole);
    scopeRow->addWidget(m_some);
    scopeRow->addStretch();
    layout->addLayout(scopeRow);
    layout->addWidget(m_lines, 2);
    layout->addLayout(form);
    auto *previewCaption = new QLabel(QStringLiteral("What would happen"), this);
    DeskTheme::setRole(previewCaption, "section");
    auto *previewRow = new QHBoxLayout;
    previewRow->addWidget(previewCaption);
    previewRow->addStretch();
    previewRow->addWidget(m_previewState);
    layout->addLayout(previewRow);
    layout->addWidget(m_parts, 2);
    layout->addWidget(m_money, 1);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    resize(760, 620);

    connect(m_whole, &QRadioButton::toggled, this, [this] {
        if (!m_filling)
            choiceEdited();
    });
    connect(m_reason, &QComboBox::currentIndexChanged, this, &CancelDialog::choiceEdited);
    connect(m_initiator, &QComboBox::currentIndexChanged, this, &CancelDialog::choiceEdited);
    connect(m_note, &QLineEdit::textChanged, this, &CancelDialog::choiceEdited);
    connect(keep, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        m_error->hide();
        m_cancellation->confirm();
    });
    connect(m_cancellation, &Cancellation::previewChanged, this, &CancelDialog::showPreview);
    connect(m_cancellation, &Cancellation::previewFailed, this, &CancelDialog::showError);
    connect(m_cancellation, &Cancellation::confirmFailed, this, &CancelDialog::showError);
    connect(m_cancellation, &Cancellation::busyChanged, this, &CancelDialog::updateButtons);
    connect(m_cancellation, &Cancellation::confirmed, this,
            [this](const CancelOutcome &applied, bool replayed) {
                qint64 units = 0;
                for (const CancelOutcome::Part &part : applied.parts)
                    if (part.effect == 1)
                        units += part.quantity;
                QString summary = applied.orderCancelled
                        ? QStringLiteral("The order is cancelled.")
                        : QStringLiteral("%1 unit(s) cancelled.").arg(units);
                if (replayed)
                    summary += QStringLiteral(" (An earlier attempt had already done it.)");
                Q_EMIT cancelled(summary);
                accept();
            });
    choiceEdited();
}

void CancelDialog::chooseUnits(int lineNo, qint64 units)
{
    if (auto *spin = m_lines->findChild<QSpinBox *>(QStringLiteral("units%1").arg(lineNo)))
        spin->setValue(int(units));
}

void CancelDialog::chooseWholeOrder()
{
    m_whole->setChecked(true);
}

QString CancelDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void CancelDialog::choiceEdited()
{
    CancelChoice choice;
    choice.reason = m_reason->currentData().toInt();
    choice.initiator = m_initiator->currentData().toInt();
    choice.note = m_note->text().trimmed();
    if (m_some->isChecked()) {
        for (const CancellableLine &line : m_cancellation->lines()) {
            auto *spin = m_lines->findChild<QSpinBox *>(QStringLiteral("units%1").arg(line.lineNo));
            choice.lines.insert(line.lineNo, spin ? spin->value() : 0);
        }
    }
    m_error->hide();
    m_cancellation->setChoice(choice);
    const QString problem = m_cancellation->problem();
    if (!problem.isEmpty())
        m_previewState->setText(problem);
    updateButtons();
}

void CancelDialog::showPreview()
{
    const bool valid = m_cancellation->hasPreview();
    const CancelOutcome &preview = m_cancellation->preview();
    m_parts->setRowCount(valid ? int(preview.parts.size()) : 0);
    m_money->setRowCount(valid ? int(preview.money.size()) : 0);
    if (valid) {
        for (int row = 0; row < preview.parts.size(); ++row) {
            const CancelOutcome::Part &part = preview.parts[row];
            QString where = part.unitState;
            if (!part.nodeId.isEmpty())
                where += QStringLiteral(" at ") + part.nodeId;
            m_parts->setItem(row, 0, cell(QString::number(part.lineNo)));
            m_parts->setItem(row, 1, cell(part.sku));
            m_parts->setItem(row, 2, cell(QString::number(part.quantity)));
            m_parts->setItem(row, 3, cell(where));
            m_parts->setItem(row, 4, cell(DisplayText::cancelEffect(part.effect)));
            m_parts->setItem(row, 5, cell(part.why));
            m_parts->item(row, 5)->setToolTip(part.why);
        }
        for (int row = 0; row < preview.money.size(); ++row) {
            const CancelOutcome::Money &money = preview.money[row];
            m_money->setItem(row, 0, cell(money.tender));
            m_money->setItem(row, 1, cell(money.voided));
            m_money->setItem(row, 2, cell(money.refunded));
        }
        m_parts->resizeColumnsToContents();
        QString summary = QStringLiteral("Worth %1.").arg(preview.value);
        if (!preview.unsettled.isEmpty())
            summary += QStringLiteral(" %1 could not be given back to any tender here; a refund "
                                      "is needed.")
                               .arg(preview.unsettled);
        if (preview.orderCancelled)
            summary += QStringLiteral(" The order becomes Cancelled.");
        m_summary->setText(summary);
        m_previewState->setText(QStringLiteral("as of now"));
    } else {
        m_summary->clear();
        if (m_cancellation->problem().isEmpty())
            m_previewState->setText(QStringLiteral("Asking the server…"));
    }
    updateButtons();
}

void CancelDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
    if (!m_cancellation->hasPreview())
        m_previewState->setText(QStringLiteral("No preview"));
    updateButtons();
}

void CancelDialog::updateButtons()
{
    const bool whole = m_whole->isChecked();
    m_confirm->setText(whole ? QStringLiteral("&Cancel the order") : QStringLiteral("&Cancel these units"));
    const QString problem = m_cancellation->problem();
    const bool ready = problem.isEmpty() && m_cancellation->hasPreview()
            && !m_cancellation->isPreviewing() && !m_cancellation->isConfirming();
    m_confirm->setEnabled(ready);
    m_confirm->setToolTip(!problem.isEmpty()                       ? problem
                                  : m_cancellation->isConfirming() ? QStringLiteral("Sending…")
                                  : !m_cancellation->hasPreview()
                                  ? QStringLiteral("Waiting for the preview: read what would happen first")
                                  : QString());
}
