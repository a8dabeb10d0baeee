#pragma once

#include <QFrame>

class BusyIndicator;
class CustomerCard;
class CustomerClient;
class QLabel;

// The customer of an order: contact data and the balances of store credit
// and wallet (GetCustomer), with its own refresh, busy indicator and error.
class CustomerPanel final : public QFrame
{
    Q_OBJECT

public:
    explicit CustomerPanel(CustomerClient *customers, QWidget *parent = nullptr);

    CustomerCard *card() const { return m_card; }
    void showCustomer(const QString &customerId);

Q_SIGNALS:
    void closeRequested();

private:
    void updateFields();
    void showError(const QString &message);

    CustomerCard *m_card;
    QLabel *m_name;
    QLabel *m_email;
    QLabel *m_phone;
    QLabel *m_region;
    QLabel *m_id;
    QLabel *m_storeCredit;
    QLabel *m_wallet;
    QLabel *m_error;
    BusyIndicator *m_busy;
};
