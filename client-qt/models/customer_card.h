#pragma once

#include "services/call_error.h"

#include <QObject>
#include <QPointer>
#include <QString>

class CustomerClient;
class PendingCall;

// One customer's profile and balances (GetCustomer), formatted for a panel.
class CustomerCard final : public QObject
{
    Q_OBJECT

public:
    struct Profile
    {
        QString customerId;
        QString name;
        QString email;
        QString phone;
        QString homeRegion;
        QString storeCredit; // formatted balance
        QString wallet;      // formatted balance
        qint64 storeCreditMinor = 0;
        qint64 walletMinor = 0;
    };

    explicit CustomerCard(CustomerClient *client, QObject *parent = nullptr);
    ~CustomerCard() override;

    // Loads another customer; an answer for the previous one is dropped.
    void load(const QString &customerId);
    void refresh();

    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return !m_pending.isNull(); }
    const Profile &profile() const { return m_profile; }
    QString customerId() const { return m_customerId; }
    const CallError &lastError() const { return m_error; }

Q_SIGNALS:
    void loaded();
    void busyChanged(bool busy);
    void errorChanged(const QString &message);

private:
    CustomerClient *m_client;
    QString m_customerId;
    Profile m_profile;
    bool m_loaded = false;
    QPointer<PendingCall> m_pending;
    CallError m_error;
};
