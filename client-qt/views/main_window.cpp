#include "views/main_window.h"

#include "models/node_list_model.h"
#include "models/order_document.h"
#include "models/order_search_model.h"
#include "services/grpc_connection.h"
#include "services/intent_keys.h"
#include "views/busy_indicator.h"
#include "views/desk_theme.h"
#include "views/order_detail_view.h"
#include "views/order_search_view.h"
#include "views/shipment_board_view.h"
#include "views/sign_in_dialog.h"
#include "views/stock_view.h"
#include "views/pos_view.h"
#include "views/approval_queue_view.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>

namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
constexpr int kOrdersTab = 0;
} // namespace

struct MainWindow::Actions
{
    QAction *signIn;
    QAction *signOut;
    QAction *exportCsv;
    QAction *quit;
    QAction *find;
    QAction *orders;
    QAction *stock;
    QAction *refresh;
    QAction *closeTab;
    QAction *pos = nullptr;
    QAction *shipments;
};

MainWindow::MainWindow(const DeskServices &services, QWidget *parent)
    : QMainWindow(parent),
      m_services(services),
      m_nodes(new NodeListModel(services.nodes, this)),
      m_tabs(new QTabWidget(this)),
      m_search(nullptr),
      m_stock(nullptr),
      m_connectionIcon(new QLabel(this)),
      m_connection(new QLabel(this)),
      m_signedInAs(new QLabel(this)),
      m_busy(new BusyIndicator(this)),
      m_actions(new Actions{})
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(QStringLiteral("oms-desk"));
    setWindowIcon(DeskTheme::appIcon());
    m_nodes->setAnyRowText(QStringLiteral("any"));

    m_search = new OrderSearchView(services.orders, m_nodes, m_tabs);
    m_stock = new StockView(services.inventory, m_nodes, m_tabs);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(false);
    addWorkspace(m_search, QStringLiteral("Orders"), QStringLiteral("orders"));
    addWorkspace(m_stock, QStringLiteral("Stock"), QStringLiteral("stock"));
    m_pos = new PosView(services, m_tabs);
    addWorkspace(m_pos, QStringLiteral("Point of sale"), QStringLiteral("pos"));
    connect(this, &MainWindow::signedIn, m_pos, &PosView::setUser);
    if (services.fulfillment) {
        m_board = new ShipmentBoardView(services, m_nodes, m_tabs);
        addWorkspace(m_board, QStringLiteral("Shipments"), QStringLiteral("shipments"));
        connect(this, &MainWindow::signedIn, m_board, &ShipmentBoardView::setUser);
    }
    setCentralWidget(m_tabs);

    m_connection->setObjectName(QStringLiteral("connectionState"));
    DeskTheme::setRole(m_connection, "connection");
    m_signedInAs->setObjectName(QStringLiteral("signedInAs"));
    DeskTheme::setRole(m_signedInAs, "signedIn");
    m_busy->setObjectName(QStringLiteral("globalBusy"));
    statusBar()->addWidget(m_connectionIcon);
    statusBar()->addWidget(m_connection);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_signedInAs);

    createActions();
    applyIcons();

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeOrderTab);
    connect(m_search, &OrderSearchView::openOrderRequested, this, &MainWindow::openOrder);
    connect(m_search, &OrderSearchView::exportFinished, this,
            [this](bool, const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(services.connection, &GrpcConnection::stateChanged, this, &MainWindow::updateConnectionState);
    connect(services.session, &SessionClient::sessionExpired, this, &MainWindow::signInAgain);
    connect(services.connection, &GrpcConnection::callsInFlightChanged, this,
            [this](int calls) { m_busy->setRunning(calls > 0); });
    updateConnectionState();
    m_signedInAs->setText(QStringLiteral("Not signed in"));

    resize(1280, 800);
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());

    // Refunds waiting for a supervisor (views/approval_queue_view.h); it
    // shows the reason to roles that may not decide.
    if (services.payments) {
        m_approvals = new ApprovalQueueView(services.payments, services.intents, m_tabs);
        addWorkspace(m_approvals, QStringLiteral("Approvals"), QStringLiteral("approvals"));
        connect(this, &MainWindow::signedIn, m_approvals, &ApprovalQueueView::setUser);
        connect(m_approvals, &ApprovalQueueView::openOrderRequested, this,
                [this](const QString &orderId, const QString &number) { openOrder(orderId, number); });
    }
}

MainWindow::~MainWindow()
{
    delete m_actions;
}

int MainWindow::addWorkspace(QWidget *view, const QString &title, const QString &iconName)
{
    const int index = firstOrderTab();
    m_tabs->insertTab(index, view, DeskTheme::icon(iconName, palette()), title);
    m_tabs->tabBar()->setTabButton(index, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(index, QTabBar::LeftSide, nullptr);
    m_workspaceIcons.append(iconName);
    return index;
}

void MainWindow::createActions()
{
    auto *a = m_actions;
    a->signIn = new QAction(QStringLiteral("&Sign in…"), this);
    a->signIn->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    a->signIn->setToolTip(QStringLiteral("Sign in to a server, or as someone else"));
    a->signOut = new QAction(QStringLiteral("Sign &out"), this);
    a->signOut->setToolTip(QStringLiteral("End the session on the server and sign in again"));
    a->signOut->setEnabled(false);
    a->exportCsv = new QAction(QStringLiteral("&Export results as CSV…"), this);
    a->exportCsv->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    a->quit = new QAction(QStringLiteral("&Quit"), this);
    a->quit->setShortcut(QKeySequence::Quit);
    a->find = new QAction(QStringLiteral("&Find orders"), this);
    a->find->setShortcut(QKeySequence::Find);
    a->find->setToolTip(QStringLiteral("Find orders (Ctrl+F)"));
    a->orders = new QAction(QStringLiteral("&Orders"), this);
    a->orders->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    a->stock = new QAction(QStringLiteral("S&tock"), this);
    a->stock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    a->stock->setToolTip(QStringLiteral("Stock per SKU and node (Ctrl+2)"));
    a->refresh = new QAction(QStringLiteral("&Refresh"), this);
    a->refresh->setShortcut(QKeySequence::Refresh);
    a->refresh->setToolTip(QStringLiteral("Reload what this tab shows (F5)"));
    a->closeTab = new QAction(QStringLiteral("&Close order"), this);
    a->closeTab->setShortcut(QKeySequence::Close);
    a->shipments = new QAction(QStringLiteral("S&hipments"), this);
    a->shipments->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    a->shipments->setToolTip(QStringLiteral("The shipments board of your nodes (Ctrl+3)"));
    connect(a->shipments, &QAction::triggered, this, &MainWindow::showShipments);

    connect(a->signIn, &QAction::triggered, this, [this] { showSignIn(); });
    connect(a->signOut, &QAction::triggered, this, &MainWindow::signOut);
    connect(a->exportCsv, &QAction::triggered, this, [this] {
        showOrders();
        m_search->chooseExportFile();
    });
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->find, &QAction::triggered, this, &MainWindow::focusSearch);
    connect(a->orders, &QAction::triggered, this, &MainWindow::showOrders);
    connect(a->stock, &QAction::triggered, this, &MainWindow::showStock);
    connect(a->refresh, &QAction::triggered, this, &MainWindow::refreshCurrent);
    connect(a->closeTab, &QAction::triggered, this, &MainWindow::closeCurrentOrder);

    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(a->signIn);
    file->addAction(a->signOut);
    file->addAction(a->exportCsv);
    file->addSeparator();
    file->addAction(a->quit);
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(a->find);
    view->addAction(a->orders);
    view->addAction(a->stock);
    a->pos = view->addAction(QStringLiteral("&Point of sale"), this, &MainWindow::showPos);
    a->pos->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    a->pos->setToolTip(QStringLiteral("The till: scan, take payment, print the receipt (Ctrl+4)"));
    view->addAction(a->shipments);
    view->addSeparator();
    view->addAction(a->refresh);
    view->addAction(a->closeTab);
    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About oms-desk"), this, [this] {
        QMessageBox::about(this, QStringLiteral("About oms-desk"),
                           QStringLiteral("<b>oms-desk</b> 0.1<br>The desktop client of the order "
                                          "management system."));
    });

    QToolBar *tools = addToolBar(QStringLiteral("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setMovable(false);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(a->find);
    tools->addAction(a->stock);
    tools->addAction(a->refresh);
    tools->addAction(a->exportCsv);
    tools->addSeparator();
    tools->addAction(a->signIn);
}

void MainWindow::applyIcons()
{
    const QPalette p = palette();
    m_actions->signIn->setIcon(DeskTheme::icon(QStringLiteral("sign-in"), p));
    m_actions->exportCsv->setIcon(DeskTheme::icon(QStringLiteral("export"), p));
    m_actions->quit->setIcon(DeskTheme::icon(QStringLiteral("quit"), p));
    m_actions->find->setIcon(DeskTheme::icon(QStringLiteral("search"), p));
    m_actions->orders->setIcon(DeskTheme::icon(QStringLiteral("orders"), p));
    m_actions->stock->setIcon(DeskTheme::icon(QStringLiteral("stock"), p));
    if (m_actions->pos)
        m_actions->pos->setIcon(DeskTheme::icon(QStringLiteral("pos"), p));
    m_actions->shipments->setIcon(DeskTheme::icon(QStringLiteral("shipments"), p));
    m_actions->refresh->setIcon(DeskTheme::icon(QStringLiteral("refresh"), p));
    for (int i = 0; i < m_workspaceIcons.size(); ++i)
        m_tabs->setTabIcon(i, DeskTheme::icon(m_workspaceIcons.at(i), p));
    for (int i = firstOrderTab(); i < m_tabs->count(); ++i)
        m_tabs->setTabIcon(i, DeskTheme::icon(QStringLiteral("order"), p));
}

SignInDialog *MainWindow::signInDialog() const
{
    return m_signIn;
}

SignInDialog *MainWindow::showSignIn(const QString &address, const QString &token)
{
    // A dialog that was just accepted is hidden and about to delete itself.
    if (m_signIn && m_signIn->isVisible()) {
        m_signIn->raise();
        m_signIn->activateWindow();
        return m_signIn;
    }
    auto *dialog = new SignInDialog(m_services.session, m_services.credentials, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!address.isEmpty())
        dialog->setAddress(address);
    if (!token.isEmpty())
        dialog->setToken(token);
    connect(dialog, &SignInDialog::signedIn, this, &MainWindow::onSignedIn);
    connect(dialog, &SignInDialog::notice, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });
    m_signIn = dialog;
    dialog->open();
    return dialog;
}

void MainWindow::signInAgain(const QString &reason)
{
    m_signedInAs->setText(QStringLiteral("Session ended: sign in again"));
    // The same user at the same server keeps the open tabs (onSignedIn).
    const QString address = m_services.connection->address();
    SignInDialog *dialog = showSignIn(address);
    const QString staff = QStringLiteral("staff:");
    if (m_user.principalId.startsWith(staff))
        dialog->setUserName(m_user.principalId.mid(staff.size()));
    dialog->showMessage(reason);
}

void MainWindow::signOut()
{
    if (!m_signedIn)
        return;
    // Fire and forget: the session ends here whatever the server answers.
    // A service token is not ours to revoke (a kiosk keeps using it): only
    // forgotten here.
    if (m_services.session->hasPasswordSession())
        m_services.session->logout(m_services.session);
    else
        m_services.connection->setToken(QString());
    m_signedIn = false;
    m_user = {};
    if (m_approvals)
        m_approvals->setUser(m_user);
    m_signedInAs->setText(QStringLiteral("Not signed in"));
    m_signedInAs->setToolTip(QString());
    m_actions->signOut->setEnabled(false);
    setWindowTitle(QStringLiteral("oms-desk"));
    while (m_tabs->count() > firstOrderTab())
        closeOrderTab(m_tabs->count() - 1);
    showSignIn();
}

void MainWindow::onSignedIn(const SignedInUser &user)
{
    // Signing in again as the same user at the same server (after the
    // session ended) keeps the open order tabs; anyone else may not see them.
    const bool sameSession = m_signedIn && user.principalId == m_user.principalId
            && m_signedInAddress == m_services.connection->address();
    const bool otherSession = m_signedIn && !sameSession;
    m_user = user;
    m_signedIn = true;
    m_signedInAddress = m_services.connection->address();
    if (m_services.intents)
        m_services.intents->setScope(m_signedInAddress + QLatin1Char('|') + user.principalId);
    m_actions->signOut->setEnabled(true);
    m_signedInAs->setText(QStringLiteral("Signed in as <b>%1</b> · %2 · %3")
                                  .arg(user.displayName.toHtmlEscaped(), user.role.toHtmlEscaped(),
                                       user.region.toHtmlEscaped()));
    m_signedInAs->setToolTip(user.principalId);
    setWindowTitle(QStringLiteral("oms-desk — %1 (%2) on %3")
                           .arg(user.displayName, user.role, m_services.connection->address()));
    if (otherSession) {
        while (m_tabs->count() > firstOrderTab())
            closeOrderTab(m_tabs->count() - 1);
    }
    // Their last calls may have been refused while signed out.
    for (OrderDetailView *view : orderViews())
        view->refresh();
    m_nodes->refresh();
    m_search->refresh();
    if (m_tabs->currentWidget() == m_stock)
        m_stock->refresh();
    Q_EMIT signedIn(user);
}

OrderDetailView *MainWindow::openOrder(const QString &orderId, const QString &orderNumber)
{
    for (int i = firstOrderTab(); i < m_tabs->count(); ++i) {
        auto *view = qobject_cast<OrderDetailView *>(m_tabs->widget(i));
        if (view && (view->document()->orderRef() == orderId || view->document()->orderId() == orderId)) {
            m_tabs->setCurrentIndex(i);
            view->refresh();
            return view;
        }
    }
    auto *view = new OrderDetailView(m_services, m_user, orderId, m_tabs);
    const int index = m_tabs->addTab(view, DeskTheme::icon(QStringLiteral("order"), palette()),
                                     orderNumber.isEmpty() ? orderId : orderNumber);
    m_tabs->setTabToolTip(index, orderId);
    connect(view, &OrderDetailView::titleChanged, this, [this, view](const QString &title) {
        const int i = m_tabs->indexOf(view);
        if (i >= 0)
            m_tabs->setTabText(i, title);
    });
    m_tabs->setCurrentIndex(index);
    return view;
}

QList<OrderDetailView *> MainWindow::orderViews() const
{
    QList<OrderDetailView *> views;
    for (int i = firstOrderTab(); i < m_tabs->count(); ++i)
        if (auto *view = qobject_cast<OrderDetailView *>(m_tabs->widget(i)))
            views.append(view);
    return views;
}

OrderDetailView *MainWindow::currentOrderView() const
{
    return qobject_cast<OrderDetailView *>(m_tabs->currentWidget());
}

void MainWindow::showOrders()
{
    m_tabs->setCurrentIndex(kOrdersTab);
}

void MainWindow::showStock()
{
    m_tabs->setCurrentWidget(m_stock);
}

void MainWindow::showShipments()
{
    if (m_board)
        m_tabs->setCurrentWidget(m_board);
}

void MainWindow::focusSearch()
{
    showOrders();
    m_search->focusSearch();
}

void MainWindow::refreshCurrent()
{
    if (auto *order = currentOrderView())
        order->refresh();
    else if (m_tabs->currentWidget() == m_stock)
        m_stock->refresh();
    else
        m_search->refresh();
}

void MainWindow::closeCurrentOrder()
{
    if (m_tabs->currentIndex() >= firstOrderTab())
        closeOrderTab(m_tabs->currentIndex());
}

void MainWindow::closeOrderTab(int index)
{
    if (index < firstOrderTab())
        return;
    QWidget *view = m_tabs->widget(index);
    m_tabs->removeTab(index);
    // Its document's calls are children of it: deleting cancels them.
    view->deleteLater();
}

void MainWindow::updateConnectionState()
{
    const GrpcConnection *connection = m_services.connection;
    QString text;
    bool connected = false;
    switch (connection->state()) {
    case GrpcConnection::State::NotConfigured: text = QStringLiteral("Not connected"); break;
    case GrpcConnection::State::Idle:
    case GrpcConnection::State::Connecting:
        text = QStringLiteral("Connecting to %1…").arg(connection->address());
        break;
    case GrpcConnection::State::Ready:
        text = QStringLiteral("Connected to %1").arg(connection->address());
        connected = true;
        break;
    case GrpcConnection::State::Unreachable:
        text = QStringLiteral("Cannot reach %1 — retrying").arg(connection->address());
        break;
    }
    const int side = m_connection->fontMetrics().height();
    m_connectionIcon->setPixmap(
            DeskTheme::icon(connected ? QStringLiteral("connected") : QStringLiteral("disconnected"), palette())
                    .pixmap(side, side));
    m_connection->setText(text);
    m_connection->setToolTip(text);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // The system switched between light and dark: recolour the style sheet
    // and the icons from the new palette.
    if (event->type() == QEvent::ApplicationPaletteChange && !m_applyingTheme) {
        m_applyingTheme = true;
        if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
            DeskTheme::apply(*app);
        applyIcons();
        updateConnectionState();
        m_applyingTheme = false;
    }
}

void MainWindow::showPos()
{
    m_tabs->setCurrentWidget(m_pos);
}
