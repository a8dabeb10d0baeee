#pragma once

#include "services/desk_services.h"
#include "services/session_client.h"

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

class ApprovalQueueView;
class BusyIndicator;
class NodeListModel;
class OrderDetailView;
class OrderSearchView;
class QLabel;
class QTabWidget;
class ShipmentBoardView;
class SignInDialog;
class StockView;
class PosView;

// The desk: a tab for finding orders, a tab for stock, and a tab per open
// order. The status bar says who is signed in, with which role, and whether
// the server can be reached. Window geometry is remembered (QSettings).
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const DeskServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the sign-in dialog (window-modal), prefilled with what was
    // remembered, or with `address`/`token` when given.
    SignInDialog *showSignIn(const QString &address = {}, const QString &token = {});
    SignInDialog *signInDialog() const;
    bool isSignedIn() const { return m_signedIn; }
    const SignedInUser &user() const { return m_user; }

    OrderSearchView *searchView() const { return m_search; }
    StockView *stockView() const { return m_stock; }
    PosView *posView() const { return m_pos; }
    ShipmentBoardView *shipmentBoard() const { return m_board; }
    NodeListModel *nodes() const { return m_nodes; }
    // Opens the order in its own tab, or switches to its tab and refreshes it.
    OrderDetailView *openOrder(const QString &orderId, const QString &orderNumber = {});
    QList<OrderDetailView *> orderViews() const;
    OrderDetailView *currentOrderView() const;
    QTabWidget *tabs() const { return m_tabs; }
    // A fixed tab (a workspace, not an order): inserted after the other
    // workspaces and before the order tabs; it cannot be closed. Returns its
    // index. `iconName` is one of resources/desk/icons.
    int addWorkspace(QWidget *view, const QString &title, const QString &iconName);
    int firstOrderTab() const { return int(m_workspaceIcons.size()); }
    // The services the window was built with (dialogs opened from views use them).
    const DeskServices &services() const { return m_services; }
    // Refunds waiting for a supervisor; nullptr without a PaymentClient.
    ApprovalQueueView *approvalsView() const { return m_approvals; }

    void showOrders();
    void showStock();
    void showPos();
    void showShipments();
    // Ctrl+F: the orders tab, with the keyboard in the first filter.
    void focusSearch();
    // F5: reloads what the current tab shows.
    void refreshCurrent();
    void closeCurrentOrder();
    // Revokes a password session on the server (Logout; a service token is
    // only forgotten), closes the order tabs and opens the sign-in dialog.
    void signOut();
    // The session ended (a refused refresh): opens the sign-in dialog with
    // `reason`, prefilled with the server and user; the tabs stay open and
    // reload once the same user is signed in again.
    void signInAgain(const QString &reason);

Q_SIGNALS:
    void signedIn(const SignedInUser &user);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void onSignedIn(const SignedInUser &user);
    void updateConnectionState();
    void applyIcons();
    void closeOrderTab(int index);

    DeskServices m_services;
    NodeListModel *m_nodes;
    QTabWidget *m_tabs;
    OrderSearchView *m_search;
    StockView *m_stock;
    QLabel *m_connectionIcon;
    QLabel *m_connection;
    QLabel *m_signedInAs;
    BusyIndicator *m_busy;
    QStringList m_workspaceIcons;
    QPointer<SignInDialog> m_signIn;
    SignedInUser m_user;
    QString m_signedInAddress;
    bool m_signedIn = false;
    bool m_applyingTheme = false;
    struct Actions;
    Actions *m_actions;
    PosView *m_pos = nullptr;
    ShipmentBoardView *m_board = nullptr;
    ApprovalQueueView *m_approvals = nullptr;
};
