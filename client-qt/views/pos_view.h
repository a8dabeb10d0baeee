#pragma once

#include "services/desk_services.h"
#include "services/signed_in_user.h"

#include <QWidget>

class PosCart;
class PosSale;
class QButtonGroup;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;
class QTextBrowser;

// The till for store staff: scan or type SKUs, look up the customer, choose
// carry out, pick up later or ship, take one or more tenders, place the sale
// (PlaceOrder, channel pos, totals computed by the OMS) and print or save
// the receipt. The running total is the till's estimate; the receipt shows
// the server's.
class PosView final : public QWidget
{
    Q_OBJECT

public:
    explicit PosView(const DeskServices &services, QWidget *parent = nullptr);
    ~PosView() override;

    PosSale *sale() const { return m_sale; }
    PosCart *cart() const;
    // Who sells: enables the till when the role may place orders and
    // chooses the user's store.
    void setUser(const SignedInUser &user);
    void setStore(const QString &storeId);

    // Adds a tender of `kind` (PosCart::TenderKind as int) for `amountMinor`,
    // or for what is still to be covered when 0.
    void addTender(int kind, qint64 amountMinor = 0, const QString &cardToken = {});
    bool saveReceiptPdf(const QString &path);
    QString errorText() const;
    QString reasonText() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildSalePage();
    QWidget *buildReceiptPage();
    void updateState();
    void updateTenderList();
    void showError(const QString &message, const QString &detail = {});
    void showReceipt();
    void printReceipt();
    void chooseReceiptFile();
    void takeAddress();

    DeskServices m_services;
    SignedInUser m_user;
    PosSale *m_sale;
    QString m_disabledReason;
    QStackedWidget *m_pages = nullptr;
    QComboBox *m_store = nullptr;
    QLineEdit *m_scanField = nullptr;
    QSpinBox *m_quantity = nullptr;
    QLabel *m_scanMessage = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_customerQuery = nullptr;
    QLabel *m_customerLabel = nullptr;
    QButtonGroup *m_fulfilment = nullptr;
    QGroupBox *m_addressBox = nullptr;
    QLineEdit *m_addrName = nullptr;
    QLineEdit *m_addrLine1 = nullptr;
    QLineEdit *m_addrCity = nullptr;
    QLineEdit *m_addrPostal = nullptr;
    QLineEdit *m_addrCountry = nullptr;
    QComboBox *m_tenderKind = nullptr;
    QDoubleSpinBox *m_tenderAmount = nullptr;
    QLineEdit *m_cardToken = nullptr;
    QListWidget *m_tenderList = nullptr;
    QLabel *m_totals = nullptr;
    QPushButton *m_place = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_error = nullptr;
    QTextBrowser *m_receiptView = nullptr;
    QLabel *m_receiptNote = nullptr;
};
