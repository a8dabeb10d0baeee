#pragma once

#include <QDialog>

class Cancellation;
class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTableWidget;

// Cancel the order, or some units of some lines: choose, read what the
// server says it would do (which units are cancelled at once, which need
// the node's consent, which are too far along and must be returned, and
// the money released or given back per tender), then confirm. The preview
// follows every change of the choice; confirming sends one request with
// one idempotency key for this intent. Errors stay in the dialog, beside
// the button.
class CancelDialog final : public QDialog
{
    Q_OBJECT

public:
    // Takes `cancellation` (reparented to the dialog).
    CancelDialog(Cancellation *cancellation, const QString &orderNumber, QWidget *parent = nullptr);

    Cancellation *cancellation() const { return m_cancellation; }
    // Picks `units` of `lineNo` (switching to "some units"); for tests and
    // keyboard users alike it is what the spin box does.
    void chooseUnits(int lineNo, qint64 units);
    void chooseWholeOrder();
    QString errorText() const;
    QPushButton *confirmButton() const { return m_confirm; }

Q_SIGNALS:
    // The server cancelled (or had cancelled, for a replayed request).
    void cancelled(const QString &summary);

private:
    void choiceEdited();
    void showPreview();
    void showError(const QString &message);
    void updateButtons();

    Cancellation *m_cancellation;
    QRadioButton *m_whole;
    QRadioButton *m_some;
    QTableWidget *m_lines;
    QComboBox *m_reason;
    QComboBox *m_initiator;
    QLineEdit *m_note;
    QLabel *m_previewState;
    QTableWidget *m_parts;
    QTableWidget *m_money;
    QLabel *m_summary;
    QLabel *m_error;
    QPushButton *m_confirm;
    bool m_filling = false;
};
