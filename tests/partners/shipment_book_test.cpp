#include "partners/shipment_book.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace oms::partners {
namespace {

using State = SimulatedShipment::State;

ShipmentCall Call(const std::string& shipment_id, const std::string& key,
                  const std::string& sku = "SKU-1") {
  ShipmentCall c;
  c.idempotency_key = key;
  c.shipment_id = shipment_id;
  c.node_id = "3PL-BER";
  c.order_id = "EU1-O1";
  c.lines = {{1, sku, "Mug", 1}};
  return c;
}

TEST(ShipmentBookTest, NewShipmentIsAcceptedWithAFreshPartnerRef) {
  ShipmentBook book;
  auto a = book.Request(Call("S-1", "k1"), {});
  auto b = book.Request(Call("S-2", "k2"), {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->accepted);
  EXPECT_NE(a->partner_ref, b->partner_ref);
  EXPECT_EQ(book.Find("S-1")->state, State::kAccepted);
}

TEST(ShipmentBookTest, RulesRejectWithAReason) {
  ShipmentBook book;
  auto by_sku = book.Request(Call("S-1", "k1", "SKU-X"), RejectionRules{false, {"SKU-X"}});
  auto all = book.Request(Call("S-2", "k2"), RejectionRules{true, {}});
  ASSERT_TRUE(by_sku.ok() && all.ok());
  EXPECT_FALSE(by_sku->accepted);
  EXPECT_EQ(by_sku->reason, "sku SKU-X is not stocked at this site");
  EXPECT_EQ(all->reason, "not accepting shipments");
  EXPECT_EQ(book.Find("S-1")->state, State::kRejected);
  EXPECT_EQ(book.counters().rejected, 2);
}

TEST(ShipmentBookTest, ReplayAnswersTheFirstAnswerEvenAfterTheShipmentMoved) {
  ShipmentBook book;
  const LogisticsAnswer first = *book.Request(Call("S-1", "k1"), {});
  ASSERT_TRUE(book.Cancel("c1", "3PL-BER", "S-1")->accepted);
  auto again = book.Request(Call("S-1", "k1"), RejectionRules{true, {}});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->accepted);
  EXPECT_EQ(again->partner_ref, first.partner_ref);
  EXPECT_EQ(book.counters().replays, 1);
  EXPECT_EQ(book.counters().shipments, 1);
}

TEST(ShipmentBookTest, KeyWithOtherContentOrShipmentUnderNewKeyIsAlreadyExists) {
  ShipmentBook book;
  ASSERT_TRUE(book.Request(Call("S-1", "k1"), {}).ok());
  EXPECT_EQ(book.Request(Call("S-1", "k1", "SKU-2"), {}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(book.Request(Call("S-1", "k2"), {}).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(ShipmentBookTest, MalformedCallsAreInvalidArgument) {
  ShipmentBook book;
  ShipmentCall no_lines = Call("S-1", "k1");
  no_lines.lines.clear();
  ShipmentCall zero = Call("S-1", "k1");
  zero.lines[0].quantity = 0;
  for (const ShipmentCall& c : {Call("", "k1"), Call("S-1", ""), no_lines, zero}) {
    EXPECT_EQ(book.Request(c, {}).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(ShipmentBookTest, CancellationIsTooLateOncePickingOrShipped) {
  ShipmentBook book;
  ASSERT_TRUE(book.Request(Call("S-1", "k1"), {}).ok());
  ASSERT_TRUE(book.Request(Call("S-2", "k2"), {}).ok());
  ASSERT_TRUE(book.StartPicking("S-1").ok());
  ASSERT_TRUE(book.Report("S-2", ReportKind::kShipped, "DHL", "parcel", "T2").ok());
  auto picking = book.Cancel("c1", "3PL-BER", "S-1");
  auto shipped = book.Cancel("c2", "3PL-BER", "S-2");
  ASSERT_TRUE(picking.ok() && shipped.ok());
  EXPECT_FALSE(picking->accepted);
  EXPECT_EQ(picking->reason, "too late: the shipment is being picked");
  EXPECT_FALSE(shipped->accepted);
  EXPECT_EQ(shipped->reason, "too late: shipped with DHL tracking T2");
}

TEST(ShipmentBookTest, CancellationOfAnotherNodesOrUnknownShipmentIsNotFound) {
  ShipmentBook book;
  ASSERT_TRUE(book.Request(Call("S-1", "k1"), {}).ok());
  EXPECT_EQ(book.Cancel("c1", "OTHER", "S-1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(book.Cancel("c2", "3PL-BER", "S-9").status().code(), absl::StatusCode::kNotFound);
}

TEST(ShipmentBookTest, CancellationKeyReusedForAnotherShipmentIsAlreadyExists) {
  ShipmentBook book;
  ASSERT_TRUE(book.Request(Call("S-1", "k1"), {}).ok());
  ASSERT_TRUE(book.Request(Call("S-2", "k2"), {}).ok());
  ASSERT_TRUE(book.Cancel("c", "3PL-BER", "S-1").ok());
  EXPECT_EQ(book.Cancel("c", "3PL-BER", "S-2").status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(ShipmentBookTest, ReportsFollowTheShipmentAndNumberItsMoves) {
  ShipmentBook book;
  ASSERT_TRUE(book.Request(Call("S-1", "k1"), {}).ok());
  EXPECT_EQ(book.Report("S-1", ReportKind::kDelivered, "", "", "").status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto shipped = book.Report("S-1", ReportKind::kShipped, "UPS", "express", "");
  ASSERT_TRUE(shipped.ok());
  EXPECT_EQ(shipped->last_sequence, 1);
  EXPECT_EQ(shipped->carrier, "UPS");
  EXPECT_FALSE(shipped->tracking_id.empty());  // made up
  auto delivered = book.Report("S-1", ReportKind::kDelivered, "", "", "");
  ASSERT_TRUE(delivered.ok());
  EXPECT_EQ(delivered->last_sequence, 2);
  EXPECT_EQ(delivered->state, State::kDelivered);
  EXPECT_EQ(delivered->carrier, "UPS");  // kept from the shipping
  EXPECT_EQ(book.Report("S-1", ReportKind::kShipped, "", "", "").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ShipmentBookTest, ARejectedOrCancelledShipmentCannotShip) {
  ShipmentBook book;
  ASSERT_TRUE(book.Request(Call("S-1", "k1"), RejectionRules{true, {}}).ok());
  ASSERT_TRUE(book.Request(Call("S-2", "k2"), {}).ok());
  ASSERT_TRUE(book.Cancel("c", "3PL-BER", "S-2").ok());
  for (const char* id : {"S-1", "S-2"}) {
    EXPECT_EQ(book.Report(id, ReportKind::kShipped, "DHL", "", "").status().code(),
              absl::StatusCode::kFailedPrecondition);
  }
}

TEST(ShipmentBookTest, ClearForgetsShipmentsButRefsKeepCounting) {
  ShipmentBook book;
  const std::string first = book.Request(Call("S-1", "k1"), {})->partner_ref;
  book.Clear();
  EXPECT_FALSE(book.Find("S-1").has_value());
  EXPECT_EQ(book.counters().shipments, 0);
  EXPECT_NE(book.Request(Call("S-1", "k1"), {})->partner_ref, first);
}

}  // namespace
}  // namespace oms::partners
