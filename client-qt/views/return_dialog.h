#pragma once

#include "services/signed_in_user.h"

#include <QDialog>

class IntentKeys;
class OrderClient;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class ReturnClient;
class ReturnSession;

// Returns of one order: create a return (delivered units, quantities, a
// reason and a note) and receive an expected one (every unit back into the
// stock of the node that shipped it, or written off as damaged). Each
// action carries one idempotency key per intent. What the role may not do
// is disabled with the reason (agents create, warehouse and store staff,
// supervisors and admins receive); the server still decides.
class ReturnDialog final : public QDialog
{
    Q_OBJECT

public:
    ReturnDialog(OrderClient *orders, ReturnClient *returns, IntentKeys *intents,
                 const SignedInUser &user, const QString &order, QWidget *parent = nullptr);

    ReturnSession *session() const { return m_session; }
    QString errorText() const;
    // Selects the return `returnId` in the list; false when not there.
    bool selectReturn(const QString &returnId);

Q_SIGNALS:
    // A return was created or received: the order changed.
    void orderChanged();

private:
    void fill();
    void updateButtons();
    void showError(const QString &message);
    int selectedReturn() const;

    ReturnSession *m_session;
    QString m_mayNotCreate;
    QString m_mayNotReceive;
    QLabel *m_title;
    QTableWidget *m_lines;
    QComboBox *m_reason;
    QLineEdit *m_note;
    QPushButton *m_create;
    QTableWidget *m_returns;
    QCheckBox *m_damaged;
    QPushButton *m_receive;
    QLabel *m_result;
    QLabel *m_error;
};
