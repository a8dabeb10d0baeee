#pragma once

#include "models/shipment_details.h"

#include <QDialog>
#include <QList>
#include <QPair>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QSpinBox;

// Ship…: carrier, service and tracking id. The tracking field takes a
// barcode scanner: it types the code and presses Enter, which submits.
class ShipDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ShipDialog(const QString &shipmentLabel, QWidget *parent = nullptr);

    QString carrier() const;
    QString service() const;
    QString trackingId() const;

private:
    void updateOk();

    QComboBox *m_carrier;
    QLineEdit *m_service;
    QLineEdit *m_tracking;
    QDialogButtonBox *m_buttons;
};

// Short pick…: which line and how many units could not be found, and why.
class ShortPickDialog final : public QDialog
{
    Q_OBJECT

public:
    ShortPickDialog(const QList<ShipmentDetails::Line> &lines, QWidget *parent = nullptr);

    // (order line, units missing)
    QList<QPair<int, qint64>> missing() const;
    QString reason() const;

private:
    void lineChanged();

    QList<ShipmentDetails::Line> m_lines;
    QComboBox *m_line;
    QSpinBox *m_units;
    QLineEdit *m_reason;
};

// Reject…: the node declines the whole shipment; the reason is required.
class RejectDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit RejectDialog(QWidget *parent = nullptr);
    QString reason() const;

private:
    QLineEdit *m_reason;
    QDialogButtonBox *m_buttons;
};
