#include "views/shipment_dialogs.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QDialogButtonBox *okCancel(QDialog *dialog, const QString &okText)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(okText);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("ok"));
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return buttons;
}

} // namespace

ShipDialog::ShipDialog(const QString &shipmentLabel, QWidget *parent)
    : QDialog(parent),
      m_carrier(new QComboBox(this)),
      m_service(new QLineEdit(this)),
      m_tracking(new QLineEdit(this)),
      m_buttons(okCancel(this, QStringLiteral("Ship")))
{
    setObjectName(QStringLiteral("shipDialog"));
    setWindowTitle(QStringLiteral("Ship %1").arg(shipmentLabel));
    m_carrier->setObjectName(QStringLiteral("carrier"));
    m_carrier->setEditable(true);
    m_carrier->addItems({QStringLiteral("DHL"), QStringLiteral("DPD"), QStringLiteral("UPS"),
                         QStringLiteral("GLS"), QStringLiteral("InPost"), QStringLiteral("PostNL")});
    m_service->setObjectName(QStringLiteral("service"));
    m_service->setPlaceholderText(QStringLiteral("e.g. express (optional)"));
    m_tracking->setObjectName(QStringLiteral("trackingId"));
    m_tracking->setPlaceholderText(QStringLiteral("scan or type the tracking id"));

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Carrier"), m_carrier);
    form->addRow(QStringLiteral("&Service"), m_service);
    form->addRow(QStringLiteral("&Tracking id"), m_tracking);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_carrier, &QComboBox::currentTextChanged, this, &ShipDialog::updateOk);
    connect(m_tracking, &QLineEdit::textChanged, this, &ShipDialog::updateOk);
    // A scanner ends the code with Enter: that submits once the form is complete.
    connect(m_tracking, &QLineEdit::returnPressed, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            accept();
    });
    updateOk();
    m_tracking->setFocus();
}

QString ShipDialog::carrier() const
{
    return m_carrier->currentText().trimmed();
}

QString ShipDialog::service() const
{
    return m_service->text().trimmed();
}

QString ShipDialog::trackingId() const
{
    return m_tracking->text().trimmed();
}

void ShipDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!carrier().isEmpty() && !trackingId().isEmpty());
}

ShortPickDialog::ShortPickDialog(const QList<ShipmentDetails::Line> &lines, QWidget *parent)
    : QDialog(parent),
      m_lines(lines),
      m_line(new QComboBox(this)),
      m_units(new QSpinBox(this)),
      m_reason(new QLineEdit(this))
{
    setObjectName(QStringLiteral("shortPickDialog"));
    setWindowTitle(QStringLiteral("Report a short pick"));
    m_line->setObjectName(QStringLiteral("shortLine"));
    for (const auto &line : lines)
        m_line->addItem(QStringLiteral("Line %1: %2 %3 (%4 in the shipment)")
                                .arg(line.lineNo)
                                .arg(line.sku, line.name)
                                .arg(line.quantity));
    m_units->setObjectName(QStringLiteral("shortUnits"));
    m_reason->setObjectName(QStringLiteral("shortReason"));
    m_reason->setPlaceholderText(QStringLiteral("e.g. bin empty"));

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Line"), m_line);
    form->addRow(QStringLiteral("&Missing units"), m_units);
    form->addRow(QStringLiteral("&Reason"), m_reason);
    auto *note = new QLabel(QStringLiteral("The missing units go to another node if one has them, "
                                           "else they are backordered or cancelled."),
                            this);
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(okCancel(this, QStringLiteral("Report short pick")));
    connect(m_line, &QComboBox::currentIndexChanged, this, &ShortPickDialog::lineChanged);
    lineChanged();
}

void ShortPickDialog::lineChanged()
{
    const int row = m_line->currentIndex();
    const qint64 quantity = row >= 0 && row < m_lines.size() ? m_lines.at(row).quantity : 1;
    m_units->setRange(1, int(qMax<qint64>(1, quantity)));
}

QList<QPair<int, qint64>> ShortPickDialog::missing() const
{
    const int row = m_line->currentIndex();
    if (row < 0 || row >= m_lines.size())
        return {};
    return {{m_lines.at(row).lineNo, qint64(m_units->value())}};
}

QString ShortPickDialog::reason() const
{
    return m_reason->text().trimmed();
}

RejectDialog::RejectDialog(QWidget *parent)
    : QDialog(parent),
      m_reason(new QLineEdit(this)),
      m_buttons(okCancel(this, QStringLiteral("Reject shipment")))
{
    setObjectName(QStringLiteral("rejectDialog"));
    setWindowTitle(QStringLiteral("Reject the shipment"));
    m_reason->setObjectName(QStringLiteral("rejectReason"));
    m_reason->setPlaceholderText(QStringLiteral("why this node cannot send it"));
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Reason"), m_reason);
    auto *note = new QLabel(QStringLiteral("Its units go to another node if one has them; this node "
                                           "is not asked again for them."),
                            this);
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_buttons);
    auto update = [this] {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
    };
    connect(m_reason, &QLineEdit::textChanged, this, update);
    update();
}

QString RejectDialog::reason() const
{
    return m_reason->text().trimmed();
}
