#pragma once

#include <QDialog>

class OrderChange;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// The three small changes to an order, each a short dialog: put it on hold
// (a reason and a note), release one of its holds, or add a note to its
// timeline. The dialog stays open with the server's words when it refuses,
// and closes when it is done. Each press sends the intent's one
// idempotency key (OrderChange).
class OrderChangeDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Hold, Release, Note };

    // Takes `change` (reparented to the dialog). For Release, `holdReasons`
    // are the order's holds (oms.v1.HoldReason) to choose from.
    OrderChangeDialog(Kind kind, OrderChange *change, const QString &orderNumber,
                      const QList<int> &holdReasons = {}, QWidget *parent = nullptr);

    QComboBox *reason() const { return m_reason; }
    QLineEdit *note() const { return m_note; }
    QPlainTextEdit *text() const { return m_text; }
    QPushButton *confirmButton() const { return m_confirm; }
    QString errorText() const;

Q_SIGNALS:
    void changed(const QString &summary);

private:
    void submit();
    void updateButton();

    Kind m_kind;
    OrderChange *m_change;
    QComboBox *m_reason = nullptr;
    QLineEdit *m_note = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_error;
    QPushButton *m_confirm;
};
