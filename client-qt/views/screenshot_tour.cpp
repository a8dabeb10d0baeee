#include "views/screenshot_tour.h"

#include "models/customer_card.h"
#include "models/model_roles.h"
#include "models/order_document.h"
#include "models/order_event_model.h"
#include "models/order_line_model.h"
#include "models/order_search_model.h"
#include "models/shipment_board_model.h"
#include "models/stock_model.h"
#include "models/tender_model.h"
#include "views/customer_panel.h"
#include "views/desk_theme.h"
#include "views/main_window.h"
#include "views/order_detail_view.h"
#include "views/order_search_view.h"
#include "views/shipment_board_view.h"
#include "views/sign_in_dialog.h"
#include "views/stock_chart.h"
#include "views/stock_view.h"
#include "models/pos_cart.h"
#include "models/pos_sale.h"
#include "views/pos_view.h"
#include "models/refund_session.h"
#include "views/refund_dialog.h"

#include <QApplication>
#include <QLineSeries>
#include <QPixmap>
#include <QSortFilterProxyModel>
#include <QListView>
#include <QTableView>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {
constexpr int kPollMs = 50;
}

ScreenshotTour::ScreenshotTour(MainWindow *window, QString outputDir, QString address,
                               QString token, QObject *parent)
    : QObject(parent),
      m_window(window),
      m_dir(outputDir),
      m_address(std::move(address)),
      m_token(std::move(token))
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (m_ready && m_ready()) {
            m_poll.stop();
            m_ready = {};
            auto then = std::move(m_then);
            m_then = {};
            then();
        } else if (m_stepClock.elapsed() > m_stepTimeoutMs) {
            m_poll.stop();
            fail(QStringLiteral("timed out waiting for %1").arg(m_waitingFor));
        }
    });
}

void ScreenshotTour::start()
{
    if (!m_dir.exists() && !QDir().mkpath(m_dir.path())) {
        fail(QStringLiteral("cannot create %1").arg(m_dir.path()));
        return;
    }
    m_window->resize(1280, 800);
    m_window->show();
    signIn();
}

void ScreenshotTour::waitUntil(const QString &what, std::function<bool()> ready,
                               std::function<void()> then)
{
    m_waitingFor = what;
    m_ready = std::move(ready);
    m_then = std::move(then);
    m_stepClock.start();
    m_poll.start();
}

bool ScreenshotTour::save(QWidget *widget, const QString &name)
{
    const QString path = m_dir.filePath(name);
    if (!widget->grab().save(path)) {
        fail(QStringLiteral("cannot write %1").arg(path));
        return false;
    }
    std::fprintf(stderr, "oms-desk: wrote %s\n", qPrintable(path));
    return true;
}

void ScreenshotTour::fail(const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    std::fprintf(stderr, "oms-desk: screenshots failed: %s\n", qPrintable(message));
    Q_EMIT finished(1);
}

void ScreenshotTour::signIn()
{
    SignInDialog *dialog = m_window->showSignIn(m_address, m_token);
    waitUntil(QStringLiteral("the sign-in dialog"), [dialog] { return dialog->isVisible(); }, [this, dialog] {
        if (dialog->address().isEmpty())
            return fail(QStringLiteral("the sign-in dialog has no address"));
        // The picture shows the name-and-password form people use; the
        // tour itself signs in with its service token.
        const bool useToken = dialog->isUsingToken();
        dialog->setUserName(QStringLiteral("alice"));
        if (!save(dialog, QStringLiteral("sign-in.png")))
            return;
        dialog->setUsingToken(useToken);
        dialog->submit();
        waitUntil(
                QStringLiteral("signing in (is omsd running at %1?)").arg(m_address),
                [this, dialog = QPointer<SignInDialog>(dialog)] {
                    if (dialog && !dialog->errorText().isEmpty()) {
                        fail(QStringLiteral("sign-in failed: %1").arg(dialog->errorText()));
                        return false;
                    }
                    return m_window->isSignedIn();
                },
                [this] { orders(); });
    });
}

void ScreenshotTour::orders()
{
    OrderSearchModel *model = m_window->searchView()->model();
    auto sinceAsked = std::make_shared<QElapsedTimer>();
    sinceAsked->start();
    waitUntil(
            QStringLiteral("the first page of orders"),
            [model, sinceAsked] {
                // omsd may still be placing its demo orders: ask again.
                if (!model->isBusy() && model->rowCount() == 0 && sinceAsked->elapsed() > 1000) {
                    model->refresh();
                    sinceAsked->restart();
                }
                return !model->isBusy() && model->rowCount() > 0;
            },
            [this, model] {
                if (model->rowCount() == 0)
                    return fail(QStringLiteral("the order search is empty"));
                m_window->searchView()->table()->selectRow(0);
                if (!save(m_window, QStringLiteral("orders.png")))
                    return;
                // The order with the most lines shows the most.
                int best = 0;
                for (int row = 0; row < model->rowCount(); ++row)
                    if (model->index(row, OrderSearchModel::LinesColumn).data().toInt()
                        > model->index(best, OrderSearchModel::LinesColumn).data().toInt())
                        best = row;
                m_order = m_window->openOrder(model->orderId(best), model->orderNumber(best));
                orderDetail();
            });
}

void ScreenshotTour::orderDetail()
{
    OrderDocument *document = m_order->document();
    waitUntil(
            QStringLiteral("order %1").arg(document->orderRef()),
            [document] { return document->isLoaded() && !document->isBusy(); },
            [this, document] {
                if (document->lines()->rowCount() == 0)
                    return fail(QStringLiteral("order %1 shows no lines").arg(document->orderRef()));
                if (document->events()->rowCount() == 0)
                    return fail(QStringLiteral("order %1 shows no timeline").arg(document->orderRef()));
                if (!save(m_window, QStringLiteral("order-detail.png")))
                    return;
                customer();
            });
}

void ScreenshotTour::customer()
{
    m_order->showCustomer();
    CustomerCard *card = m_order->customerPanel()->card();
    waitUntil(
            QStringLiteral("the customer panel"), [card] { return card->isLoaded() && !card->isBusy(); },
            [this, card] {
                if (card->profile().name.isEmpty())
                    return fail(QStringLiteral("the customer panel is empty"));
                if (!save(m_window, QStringLiteral("customer.png")))
                    return;
                stock();
            });
}

void ScreenshotTour::stock()
{
    m_window->showStock();
    StockView *view = m_window->stockView();
    waitUntil(
            QStringLiteral("the stock table"),
            [view] { return view->model()->lastUpdated().isValid() && view->proxy()->rowCount() > 0; },
            [this, view] {
                if (view->proxy()->rowCount() == 0)
                    return fail(QStringLiteral("the stock table is empty"));
                if (!save(m_window, QStringLiteral("stock.png")))
                    return;
                inventoryDashboard();
            });
}

void ScreenshotTour::inventoryDashboard()
{
    // The SKU with the most reserved (the demo orders hold it), charted.
    StockView *view = m_window->stockView();
    QAbstractItemModel *rows = view->proxy();
    int chosen = 0;
    for (int row = 1; row < rows->rowCount(); ++row)
        if (rows->index(row, StockModel::ReservedColumn).data(RawValueRole).toLongLong()
            > rows->index(chosen, StockModel::ReservedColumn).data(RawValueRole).toLongLong())
            chosen = row;
    const QString sku = rows->index(chosen, StockModel::SkuColumn).data(RawValueRole).toString();
    if (!view->selectSku(sku))
        return fail(QStringLiteral("the inventory dashboard cannot select %1").arg(sku));
    StockChart *chart = view->chart();
    waitUntil(
            QStringLiteral("the chart of %1").arg(sku),
            // The level since the tab opened, drawn up to now: a line, not a dot.
            [chart, sku] {
                const QLineSeries *series = chart->availableSeries();
                return chart->sku() == sku && series->count() > 1
                        && series->at(series->count() - 1).x() - series->at(0).x() >= 3000;
            },
            [this, chart, sku] {
                if (!chart->isVisible() || chart->height() < 100)
                    return fail(QStringLiteral("the stock chart of %1 is not shown").arg(sku));
                if (!save(m_window, QStringLiteral("inventory-dashboard.png")))
                    return;
                shipmentsBoard();
            });
}

void ScreenshotTour::shipmentsBoard()
{
    m_window->showShipments();
    ShipmentBoardView *view = m_window->shipmentBoard();
    ShipmentBoardModel *model = view->model();
    waitUntil(
            QStringLiteral("the shipments board"),
            [model] { return model->lastUpdated().isValid() && model->rowCount() > 0; },
            [this, view, model] {
                // The first shipment of the leftmost column that has one, with
                // its details and ship-to beside the board.
                QString id;
                for (int g = 0; g < ShipmentBoardModel::GroupCount && id.isEmpty(); ++g) {
                    QAbstractItemModel *column = view->column(ShipmentBoardModel::Group(g))->model();
                    if (column->rowCount() > 0)
                        id = column->index(0, 0).data(ShipmentBoardModel::ShipmentIdRole).toString();
                }
                if (id.isEmpty() || !view->selectShipment(id))
                    return fail(QStringLiteral("the shipments board is empty"));
                const QString orderId = model->shipment(id)->orderId;
                waitUntil(
                        QStringLiteral("the ship-to of shipment %1").arg(id),
                        [model, orderId] { return !model->shipTo(orderId).isEmpty(); },
                        [this] {
                            if (!save(m_window, QStringLiteral("shipments-board.png")))
                                return;
                            pointOfSale();
                        });
            });
}

void ScreenshotTour::splitShipments()
{
    // The order already open first, then the others as listed.
    OrderSearchModel *model = m_window->searchView()->model();
    m_splitCandidates = {m_order->document()->orderId()};
    for (int row = 0; row < model->rowCount(); ++row)
        if (!m_splitCandidates.contains(model->orderId(row)))
            m_splitCandidates.append(model->orderId(row));
    tryNextSplitCandidate();
}

void ScreenshotTour::tryNextSplitCandidate()
{
    if (m_splitCandidates.isEmpty()) {
        std::fprintf(stderr,
                     "oms-desk: no listed order has two or more shipments; order-shipments.png "
                     "not written (does this omsd route orders to shipments yet?)\n");
        dark();
        return;
    }
    const QString orderId = m_splitCandidates.takeFirst();
    OrderDetailView *view = m_window->openOrder(orderId);
    OrderDocument *document = view->document();
    waitUntil(
            QStringLiteral("order %1 (looking for split shipments)").arg(orderId),
            [document] { return document->isLoaded() && !document->isBusy(); },
            [this, view, document] {
                if (document->shipments().size() >= 2) {
                    if (!save(m_window, QStringLiteral("order-shipments.png")))
                        return;
                    dark();
                    return;
                }
                if (view != m_order)
                    m_window->closeCurrentOrder();
                tryNextSplitCandidate();
            });
}

void ScreenshotTour::dark()
{
    // As on a system with a dark palette: the theme follows the palette.
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        DeskTheme::setPalette(*app, DeskTheme::darkPalette());
    m_window->openOrder(m_order->document()->orderId());
    OrderDocument *document = m_order->document();
    waitUntil(
            QStringLiteral("order %1 in the dark palette").arg(document->orderRef()),
            [document] { return document->isLoaded() && !document->isBusy(); },
            [this, document] {
                if (document->lines()->rowCount() == 0)
                    return fail(QStringLiteral("order %1 shows no lines").arg(document->orderRef()));
                if (!save(m_window, QStringLiteral("order-detail-dark.png")))
                    return;
                refundDialog();
            });
}

void ScreenshotTour::refundDialog()
{
    // Back to the light palette the other pictures have.
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        DeskTheme::setPalette(*app, app->style()->standardPalette());
    OrderSearchModel *model = m_window->searchView()->model();
    m_refundCandidates.clear();
    for (int row = 0; row < model->rowCount(); ++row)
        m_refundCandidates.append(model->orderId(row));
    tryNextRefundCandidate();
}

void ScreenshotTour::tryNextRefundCandidate()
{
    if (m_refundCandidates.isEmpty())
        return fail(QStringLiteral("no listed order has money to refund for refund-dialog.png "
                                   "(is the card gateway simulator running?)"));
    const QString orderId = m_refundCandidates.takeFirst();
    const DeskServices &services = m_window->services();
    auto *dialog = new RefundDialog(services.orders, services.payments, services.intents, m_window->user(),
                                    orderId, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    const QPointer<RefundDialog> guard(dialog);
    waitUntil(
            QStringLiteral("the refund dialog of order %1").arg(orderId),
            [guard] { return !guard || guard->session()->isLoaded() || !guard->errorText().isEmpty(); },
            [this, guard] {
                if (!guard || !guard->session()->isLoaded()) {
                    if (guard)
                        guard->close();
                    return tryNextRefundCandidate();
                }
                // A unit that shipped if there is one, else a goodwill amount.
                bool line = false;
                for (const RefundableLine &l : guard->session()->draft().lines) {
                    if (l.refundable > 0) {
                        if (auto *spin = guard->findChild<QSpinBox *>(QStringLiteral("refundQuantity-%1").arg(l.lineNo)))
                            spin->setValue(1);
                        line = true;
                        break;
                    }
                }
                if (!line)
                    guard->findChild<QDoubleSpinBox *>(QStringLiteral("refundGoodwill"))->setValue(5.00);
                guard->findChild<QLineEdit *>(QStringLiteral("refundReason"))
                        ->setText(line ? QStringLiteral("Arrived damaged") : QStringLiteral("Late delivery"));
                waitUntil(
                        QStringLiteral("the refund preview"),
                        [guard] { return !guard || guard->session()->hasPreview() || !guard->errorText().isEmpty(); },
                        [this, guard] {
                            auto *tenders = guard ? guard->findChild<QTableWidget *>(QStringLiteral("refundPreviewTenders"))
                                                  : nullptr;
                            if (!tenders || !guard->session()->hasPreview() || tenders->rowCount() == 0) {
                                if (guard)
                                    guard->close();
                                return tryNextRefundCandidate();
                            }
                            if (!save(guard, QStringLiteral("refund-dialog.png")))
                                return;
                            guard->close();
                            Q_EMIT finished(0);
                        });
            });
}

void ScreenshotTour::pointOfSale()
{
    // A sale at the Paris store, not placed: two lines (one scanned twice),
    // a customer with store credit, store credit plus card for the rest.
    m_window->showPos();
    PosView *view = m_window->posView();
    view->setStore(QStringLiteral("EU1-ST-PAR"));
    view->sale()->scan(QStringLiteral("TEE-ORG-BLK-L"));
    view->sale()->scan(QStringLiteral("2*BOOK-KIDS-MOON"));
    view->sale()->scan(QStringLiteral("TEE-ORG-BLK-L"));
    view->sale()->findCustomer(QStringLiteral("lena.fischer@example.de"));
    PosCart *cart = view->cart();
    waitUntil(
            QStringLiteral("the point of sale's lines and customer"),
            [view, cart] {
                return view->sale()->pendingLookups() == 0 && cart->rowCount() == 2
                        && cart->hasCustomer();
            },
            [this, view, cart] {
                // Her store credit as far as it goes (demo orders may have spent
                // some), else cash; the card takes the rest.
                const qint64 credit = std::min<qint64>(cart->customer().storeCreditMinor, 1500);
                if (credit > 0)
                    view->addTender(int(PosCart::TenderKind::StoreCredit), credit);
                else
                    view->addTender(int(PosCart::TenderKind::Cash), 2000);
                view->addTender(int(PosCart::TenderKind::Card), 0, QStringLiteral("tok_visa"));
                if (cart->rowCount() == 0 || cart->tenders().size() != 2)
                    return fail(QStringLiteral("the point of sale shows no sale"));
                if (!save(m_window, QStringLiteral("pos.png")))
                    return;
                splitShipments();
            });
}
