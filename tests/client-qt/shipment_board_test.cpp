// The shipments board in the real window, offscreen, against a real omsd
// started with --demo: a warehouse user picks, packs and ships a shipment
// from the board, an agent sees the node's buttons disabled with the reason,
// and the packing slip is a PDF.

#include "desk_fixture.h"
#include "desk_widget_fixture.h"

#include "models/shipment_board_model.h"
#include "services/pending_call.h"
#include "views/shipment_board_view.h"
#include "views/shipment_dialogs.h"
#include "views/sign_in_dialog.h"

#include "oms/v1/order.pb.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace {

using Board = ShipmentBoardModel;

class ShipmentBoardTest : public DeskWidgetTest
{
protected:
    ShipmentBoardView *board() { return window().shipmentBoard(); }

    // The column of the board that shows the shipment; -1 for none.
    int columnOf(const QString &shipmentId)
    {
        for (int g = 0; g < Board::GroupCount; ++g) {
            QAbstractItemModel *column = board()->column(Board::Group(g))->model();
            for (int row = 0; row < column->rowCount(); ++row)
                if (column->index(row, 0).data(Board::ShipmentIdRole).toString() == shipmentId)
                    return g;
        }
        return -1;
    }

    // True when the shipment is the selected row of its column.
    bool isSelectedInColumn(const QString &shipmentId, Board::Group group)
    {
        const QModelIndexList selected = board()->column(group)->selectionModel()->selectedIndexes();
        return !selected.isEmpty() && selected.first().data(Board::ShipmentIdRole).toString() == shipmentId;
    }

    void click(QPushButton *button)
    {
        ASSERT_TRUE(button->isEnabled()) << qPrintable(button->objectName()) << ": "
                                         << qPrintable(button->toolTip());
        QTest::mouseClick(button, Qt::LeftButton);
    }

    // Waits for the shipment to reach `group`, still selected there.
    void expectMovedTo(const QString &shipmentId, Board::Group group)
    {
        ASSERT_TRUE(QTest::qWaitFor([&] { return columnOf(shipmentId) == group; }, kTimeoutMs))
                << qPrintable(shipmentId) << " stayed in column " << columnOf(shipmentId)
                << "; error: " << qPrintable(board()->actionError());
        EXPECT_TRUE(isSelectedInColumn(shipmentId, group));
        EXPECT_EQ(board()->selectedShipmentId(), shipmentId);
    }

};


} // namespace

TEST_F(ShipmentBoardTest, AShipmentPickedPackedAndShippedFromTheBoard)
{
    ASSERT_NO_FATAL_FAILURE(signIn(QStringLiteral("demo-warehouse-token")));
    window().showShipments();
    ASSERT_EQ(window().tabs()->currentWidget(), board());
    EXPECT_TRUE(board()->nodeChoices().value(0).contains(QStringLiteral("All my nodes")));

    // A parcel still to pick (the demo orders were released to their nodes).
    QListView *toPick = board()->column(Board::ToPick);
    QModelIndex parcel;
    ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                for (int row = 0; row < toPick->model()->rowCount(); ++row) {
                    const QModelIndex index = toPick->model()->index(row, 0);
                    const BoardShipment *s = board()->model()->shipment(
                            index.data(Board::ShipmentIdRole).toString());
                    if (s && s->details.kind == oms::v1::SHIPMENT_KIND_SHIP) {
                        parcel = index;
                        return true;
                    }
                }
                return false;
            },
            kTimeoutMs))
            << "no parcel to pick on the board; " << board()->model()->rowCount() << " shipments";
    const QString id = parcel.data(Board::ShipmentIdRole).toString();
    const int toPickBefore = toPick->model()->rowCount();
    auto *header = board()->findChild<QLabel *>(QStringLiteral("boardHeader0"));
    EXPECT_EQ(header->text(), QStringLiteral("To pick (%1)").arg(toPickBefore));

    toPick->scrollTo(parcel);
    QTest::mouseClick(toPick->viewport(), Qt::LeftButton, {}, toPick->visualRect(parcel).center());
    ASSERT_EQ(board()->selectedShipmentId(), id);
    const BoardShipment *shipment = board()->model()->shipment(id);
    ASSERT_NE(shipment, nullptr);
    EXPECT_TRUE(board()->findChild<QLabel *>(QStringLiteral("boardDetailTitle"))
                        ->text()
                        .contains(shipment->orderNumber));
    EXPECT_FALSE(board()->actionButton(ShipmentAction::Pack)->isEnabled());

    click(board()->actionButton(ShipmentAction::Pick));
    ASSERT_NO_FATAL_FAILURE(expectMovedTo(id, Board::Picking));
    EXPECT_TRUE(QTest::qWaitFor([&] { return header->text() == QStringLiteral("To pick (%1)").arg(toPickBefore - 1); },
                                kTimeoutMs))
            << qPrintable(header->text());

    ASSERT_TRUE(QTest::qWaitFor([&] { return board()->actionButton(ShipmentAction::Pack)->isEnabled(); }, kTimeoutMs));
    click(board()->actionButton(ShipmentAction::Pack));
    ASSERT_NO_FATAL_FAILURE(expectMovedTo(id, Board::Packed));

    // Ship…: the carrier is chosen, the tracking id comes from a scanner:
    // characters, then Enter, which submits the dialog.
    ASSERT_TRUE(QTest::qWaitFor([&] { return board()->actionButton(ShipmentAction::Ship)->isEnabled(); }, kTimeoutMs));
    click(board()->actionButton(ShipmentAction::Ship));
    ShipDialog *dialog = nullptr;
    ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                dialog = board()->findChild<ShipDialog *>();
                return dialog && dialog->isVisible();
            },
            kTimeoutMs));
    auto *carrier = dialog->findChild<QComboBox *>(QStringLiteral("carrier"));
    carrier->setCurrentText(QStringLiteral("DPD"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("service")), QStringLiteral("express"));
    auto *tracking = dialog->findChild<QLineEdit *>(QStringLiteral("trackingId"));
    const QString trackingId = QStringLiteral("01234567890123");
    QTest::keyClicks(tracking, trackingId);
    QTest::keyClick(tracking, Qt::Key_Return);
    ASSERT_NO_FATAL_FAILURE(expectMovedTo(id, Board::ShippedToday));
    EXPECT_TRUE(board()->actionError().isEmpty()) << qPrintable(board()->actionError());

    // The server agrees.
    QObject receiver;
    auto *reply = desk->fulfillment.getShipment(id, &receiver);
    QSignalSpy finished(reply, &PendingCall::finished);
    ASSERT_TRUE(finished.wait(kTimeoutMs));
    ASSERT_FALSE(reply->error().isError()) << qPrintable(reply->error().message());
    EXPECT_EQ(reply->result().status(), oms::v1::SHIPMENT_STATUS_SHIPPED);
    EXPECT_EQ(QString::fromStdString(reply->result().tracking_id()), trackingId);
    EXPECT_EQ(QString::fromStdString(reply->result().carrier()), QStringLiteral("DPD"));
    EXPECT_EQ(QString::fromStdString(reply->result().service()), QStringLiteral("express"));
    // Every intent got its final answer: no key is left open.
    EXPECT_EQ(desk->intents.openCount(), 0);

    // The packing slip of the shipped parcel, as a PDF.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("slip.pdf"));
    ASSERT_TRUE(board()->savePackingSlip(path)) << qPrintable(board()->actionError());
    QFile pdf(path);
    ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    EXPECT_TRUE(bytes.startsWith("%PDF"));
    EXPECT_GT(bytes.size(), 2000);
}

TEST_F(ShipmentBoardTest, ARoleWithoutFulfilmentRightsSeesTheButtonsDisabledWithTheReason)
{
    ASSERT_NO_FATAL_FAILURE(signIn(QStringLiteral("demo-agent-token")));
    window().showShipments();
    // An agent may look at the board (ListShipments) but not work it.
    ASSERT_TRUE(QTest::qWaitFor([&] { return board()->model()->lastUpdated().isValid(); }, kTimeoutMs))
            << qPrintable(board()->model()->lastError().message());
    ASSERT_TRUE(QTest::qWaitFor([&] { return board()->model()->rowCount() > 0; }, kTimeoutMs));
    board()->selectShipment(board()->model()->shipmentAt(0).details.shipmentId);
    for (auto kind : {ShipmentAction::Pick, ShipmentAction::Pack, ShipmentAction::Ship,
                      ShipmentAction::ShortPick, ShipmentAction::Reject,
                      ShipmentAction::ReadyForPickup, ShipmentAction::HandOver}) {
        QPushButton *button = board()->actionButton(kind);
        EXPECT_FALSE(button->isEnabled()) << qPrintable(button->objectName());
        EXPECT_TRUE(button->toolTip().contains(QStringLiteral("Your role (agent) may not")))
                << qPrintable(button->toolTip());
    }
    EXPECT_TRUE(board()->actionButton(ShipmentAction::Pick)->toolTip().contains(QStringLiteral("pick shipments")));
    // Printing a slip is not the server's business: it stays possible.
    EXPECT_TRUE(board()->findChild<QPushButton *>(QStringLiteral("savePackingSlip"))->isEnabled());
}
