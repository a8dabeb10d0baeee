// Refunds through the real server: PaymentService, the card gateway
// simulator (with lost replies), wallet and store-credit ledgers, approvals.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "oms/v1/payment_service.grpc.pb.h"
#include "server/application/refunds.h"
#include "server/application/unit_of_work.h"
#include "server/domain/ledger.h"
#include "server/storage/store.h"
#include "tests/server/order_steps.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

using partners::GatewayFaults;
using partners::GatewayOperation;

constexpr char kSku[] = "MUG-STN-BLU";
constexpr char kCustomer[] = "C-EU1-0001";
constexpr char kAgent[] = "demo-agent-token";
constexpr char kSupervisor[] = "demo-supervisor-token";

absl::Status Err(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

class Payments {
 public:
  explicit Payments(TestRegion& region) : region_(region) {
    stub_ = v1::PaymentService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", region.server().port()), grpc::InsecureChannelCredentials()));
  }

  absl::StatusOr<v1::RefundOrderResponse> Refund(const v1::RefundOrderRequest& request,
                                                 const std::string& token = kSupervisor) {
    v1::RefundOrderResponse response;
    auto context = region_.Context(token);
    grpc::Status s = stub_->RefundOrder(context.get(), request, &response);
    if (!s.ok()) return Err(s);
    return response;
  }
  absl::StatusOr<v1::RefundOrderResponse> Decide(const std::string& refund_id, bool approve,
                                                 const std::string& token) {
    v1::DecideRefundRequest request;
    request.set_refund_id(refund_id);
    request.set_reason(approve ? "" : "no return label");
    v1::RefundOrderResponse response;
    auto context = region_.Context(token);
    grpc::Status s = approve ? stub_->ApproveRefund(context.get(), request, &response)
                             : stub_->RejectRefund(context.get(), request, &response);
    if (!s.ok()) return Err(s);
    return response;
  }
  absl::StatusOr<v1::ListPendingApprovalsResponse> Pending(const std::string& token) {
    v1::ListPendingApprovalsResponse response;
    auto context = region_.Context(token);
    grpc::Status s =
        stub_->ListPendingApprovals(context.get(), v1::ListPendingApprovalsRequest(), &response);
    if (!s.ok()) return Err(s);
    return response;
  }
  absl::StatusOr<v1::CustomerBalances> Balances(const std::string& customer_id) {
    v1::GetCustomerBalancesRequest request;
    request.set_customer_id(customer_id);
    v1::CustomerBalances response;
    auto context = region_.Context(kAgent);
    grpc::Status s = stub_->GetCustomerBalances(context.get(), request, &response);
    if (!s.ok()) return Err(s);
    return response;
  }
  absl::StatusOr<v1::AccountStatement> Statement(const std::string& customer_id,
                                                 v1::AccountKind kind) {
    v1::GetAccountStatementRequest request;
    request.set_customer_id(customer_id);
    request.set_account(kind);
    v1::AccountStatement response;
    auto context = region_.Context(kAgent);
    grpc::Status s = stub_->GetAccountStatement(context.get(), request, &response);
    if (!s.ok()) return Err(s);
    return response;
  }

 private:
  TestRegion& region_;
  std::unique_ptr<v1::PaymentService::Stub> stub_;
};

v1::RefundOrderRequest Goodwill(const std::string& order_id, int64_t minor,
                                const std::string& request_id = "") {
  v1::RefundOrderRequest r;
  r.set_order_id(order_id);
  r.mutable_goodwill()->set_amount_minor(minor);
  r.mutable_goodwill()->set_currency("EUR");
  r.set_reason("parcel arrived late");
  r.set_request_id(request_id);
  return r;
}

bool AllRefundsSettled(const v1::Order& o) {
  for (const auto& r : o.refunds()) {
    if (r.status() == v1::REFUND_STATUS_PENDING) return false;
  }
  return true;
}

TEST(RefundTest, FiftyConcurrentRefundsOfTenAgainstOneHundredCapturedExactlyTenSucceed) {
  TestRegion region;
  Payments payments(region);
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder(kSku, 10));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_EQ(order->tenders(0).captured_minor(), 10000);
  const std::string id = order->order_id();

  std::atomic<bool> running{true};
  std::atomic<int> violations{0};
  // Watches the order and the gateway while the refunds race: the money
  // given or promised back never exceeds the capture.
  std::thread watcher([&] {
    while (running) {
      auto now = region.Get(id);
      if (now.ok()) {
        int64_t promised = 0;
        for (const auto& r : now->refunds()) {
          if (r.status() != v1::REFUND_STATUS_REJECTED) promised += r.amount().amount_minor();
        }
        if (promised > 10000 || now->tenders(0).refunded_minor() > 10000) ++violations;
      }
      auto at_gateway = region.gateway().book().FindByKey(absl::StrCat(id, ":T1:authorize"));
      if (at_gateway.ok() && at_gateway->refunded_minor > at_gateway->captured_minor) {
        ++violations;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 50; ++i) {
    callers.emplace_back([&, i] {
      auto r = payments.Refund(Goodwill(id, 1000, absl::StrCat("race-", i)));
      if (r.ok()) {
        ++ok;
      } else if (r.status().code() == absl::StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (auto& t : callers) t.join();
  ASSERT_TRUE(region.AwaitOrder(id, AllRefundsSettled));
  running = false;
  watcher.join();

  EXPECT_EQ(ok, 10);
  EXPECT_EQ(refused, 40);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(violations, 0);
  auto done = region.Get(id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->refunds_size(), 10);
  EXPECT_EQ(done->tenders(0).refunded_minor(), 10000);
  EXPECT_EQ(done->payment_status(), v1::PAYMENT_STATUS_REFUNDED);
  // Goodwill returns no unit: the order stays FULFILLED.
  EXPECT_EQ(done->status(), v1::ORDER_STATUS_FULFILLED);
  auto at_gateway = region.gateway().book().FindByKey(absl::StrCat(id, ":T1:authorize"));
  ASSERT_TRUE(at_gateway.ok());
  EXPECT_EQ(at_gateway->refunded_minor, 10000);
  EXPECT_EQ(region.gateway().counters().book.refunds, 10);
}

TEST(RefundTest, OneRequestIdSentTwentyTimesMakesOneRefundAndOneGatewayCall) {
  TestRegion region;
  Payments payments(region);
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder(kSku, 3));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();

  std::vector<std::thread> callers;
  std::mutex mu;
  std::set<std::string> refund_ids;
  int replayed = 0;
  for (int i = 0; i < 20; ++i) {
    callers.emplace_back([&] {
      auto r = payments.Refund(Goodwill(id, 500, "one-refund-please"));
      ASSERT_TRUE(r.ok()) << r.status();
      std::lock_guard lock(mu);
      refund_ids.insert(r->refund().refund_id());
      replayed += r->replayed();
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(refund_ids.size(), 1u);
  EXPECT_EQ(replayed, 19);
  ASSERT_TRUE(region.AwaitOrder(id, [](const v1::Order& o) {
    return o.refunds_size() == 1 && o.refunds(0).status() == v1::REFUND_STATUS_SUCCEEDED;
  }));
  region.server().refunds().WaitIdle(absl::Seconds(5));
  EXPECT_EQ(region.gateway().counters().calls_of(GatewayOperation::kRefund), 1);
  EXPECT_EQ(region.Get(id)->tenders(0).refunded_minor(), 500);

  // The same key with other content is refused, not applied.
  auto other = payments.Refund(Goodwill(id, 700, "one-refund-please"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists) << other.status();
}

// Sums every posting of the accounts a refund touches, per entry and per
// account, straight from the ledger inside a unit of work.
struct LedgerCheck {
  std::map<std::string, int64_t> by_entry;
  std::map<std::string, int64_t> by_account;
  std::map<std::string, int64_t> balances;
};

LedgerCheck ReadLedger(TestRegion& region, const std::vector<std::string>& accounts,
                       const std::string& order_id) {
  LedgerCheck check;
  absl::Status s = region.server().store().unit_of_work().RunSync(
      [&](application::Transaction& tx) -> absl::Status {
        for (const auto& account : accounts) {
          auto lines = tx.refunds().Statement(account, 100000);
          if (!lines.ok()) return lines.status();
          for (const auto& l : *lines) {
            // Entries of this order move money only between these accounts.
            if (l.order_id == order_id) check.by_entry[l.entry_id] += l.amount_minor;
            check.by_account[account] += l.amount_minor;
          }
          auto balance = tx.ledger().Balance(account);
          if (!balance.ok()) return balance.status();
          check.balances[account] = *balance;
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(s.ok()) << s;
  return check;
}

TEST(RefundTest, ARefundSplitsOverCardWalletAndStoreCreditInReverseOrderOfCapture) {
  TestRegion region;
  Payments payments(region);
  auto before = payments.Balances(kCustomer);
  ASSERT_TRUE(before.ok()) << before.status();
  // 30.00: card 10.00 (T1), store credit 10.00 (T2), wallet 10.00 (T3).
  auto request = TestRegion::CardOrder(kSku, 3);
  request.mutable_tenders(0)->mutable_amount()->set_amount_minor(1000);
  for (auto type : {v1::TENDER_TYPE_STORE_CREDIT, v1::TENDER_TYPE_WALLET}) {
    auto* t = request.add_tenders();
    t->set_type(type);
    t->mutable_amount()->set_amount_minor(1000);
    t->mutable_amount()->set_currency("EUR");
  }
  auto order = PlacedShippedCaptured(region, request);
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();

  // 25.00: the card (captured last) 10.00, then the wallet 10.00, then 5.00
  // of the store credit.
  auto refund = payments.Refund(Goodwill(id, 2500, "split"));
  ASSERT_TRUE(refund.ok()) << refund.status();
  ASSERT_EQ(refund->refund().parts_size(), 3) << refund->refund().DebugString();
  EXPECT_EQ(refund->refund().parts(0).tender_id(), "T1");
  EXPECT_EQ(refund->refund().parts(0).amount().amount_minor(), 1000);
  EXPECT_EQ(refund->refund().parts(1).tender_id(), "T3");
  EXPECT_EQ(refund->refund().parts(1).amount().amount_minor(), 1000);
  EXPECT_EQ(refund->refund().parts(2).tender_id(), "T2");
  EXPECT_EQ(refund->refund().parts(2).amount().amount_minor(), 500);
  // Wallet and store credit settle in the same transaction as the request.
  EXPECT_EQ(refund->refund().parts(1).status(), v1::REFUND_PART_STATUS_SUCCEEDED);
  EXPECT_EQ(refund->refund().parts(2).status(), v1::REFUND_PART_STATUS_SUCCEEDED);
  ASSERT_TRUE(region.AwaitOrder(id, AllRefundsSettled));

  auto after = payments.Balances(kCustomer);
  ASSERT_TRUE(after.ok());
  // Placement took 10.00 from each; the refund gave 10.00 and 5.00 back.
  EXPECT_EQ(after->wallet_minor(), before->wallet_minor());
  EXPECT_EQ(after->store_credit_minor(), before->store_credit_minor() - 500);
  auto statement = payments.Statement(kCustomer, v1::ACCOUNT_KIND_STORE_CREDIT);
  ASSERT_TRUE(statement.ok()) << statement.status();
  ASSERT_GE(statement->lines_size(), 2);
  EXPECT_EQ(statement->lines(0).amount().amount_minor(), 500);  // newest first
  EXPECT_EQ(statement->lines(0).order_id(), id);
  EXPECT_EQ(statement->balance().amount_minor(), after->store_credit_minor());
  EXPECT_EQ(statement->balance().currency(), "EUR");
  auto at_gateway = region.gateway().book().FindByKey(absl::StrCat(id, ":T1:authorize"));
  ASSERT_TRUE(at_gateway.ok());
  EXPECT_EQ(at_gateway->refunded_minor, 1000);

  const std::vector<std::string> accounts = {
      domain::WalletAccount(kCustomer), domain::StoreCreditAccount(kCustomer),
      domain::kOrderClearingAccount, domain::kIssuanceAccount};
  const LedgerCheck ledger = ReadLedger(region, accounts, id);
  EXPECT_GE(ledger.by_entry.size(), 4u);  // two debits at placement, two refund credits
  for (const auto& [entry, sum] : ledger.by_entry) EXPECT_EQ(sum, 0) << entry;
  for (const auto& account : accounts) {
    const auto sum = ledger.by_account.find(account);
    EXPECT_EQ(ledger.balances.at(account), sum == ledger.by_account.end() ? 0 : sum->second)
        << account;
  }
  EXPECT_GE(ledger.balances.at(domain::WalletAccount(kCustomer)), 0);
  EXPECT_GE(ledger.balances.at(domain::StoreCreditAccount(kCustomer)), 0);
  EXPECT_GE(ledger.balances.at(domain::kOrderClearingAccount), 0);
}

TEST(RefundTest, ARefundWhoseGatewayReplyIsLostIsPaidExactlyOnce) {
  TestRegion region(absl::Minutes(15), absl::Milliseconds(500));
  Payments payments(region);
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder(kSku, 2));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();
  GatewayFaults faults;
  faults.lose_replies = 1;
  faults.hold = absl::Seconds(2);  // longer than the adapter's 500 ms timeout
  region.gateway().SetFaults(faults);

  auto refund = payments.Refund(Goodwill(id, 1500, "lost"));
  ASSERT_TRUE(refund.ok()) << refund.status();
  EXPECT_EQ(refund->refund().status(), v1::REFUND_STATUS_PENDING);
  ASSERT_TRUE(region.AwaitOrder(id, [](const v1::Order& o) {
    return o.refunds_size() == 1 && o.refunds(0).status() == v1::REFUND_STATUS_SUCCEEDED;
  }));
  const auto counters = region.gateway().counters();
  EXPECT_EQ(counters.replies_lost, 1);
  EXPECT_GE(counters.calls_of(GatewayOperation::kRefund), 2);  // asked again with the key
  EXPECT_EQ(counters.book.refunds, 1);                         // paid once
  auto at_gateway = region.gateway().book().FindByKey(absl::StrCat(id, ":T1:authorize"));
  ASSERT_TRUE(at_gateway.ok());
  EXPECT_EQ(at_gateway->refunded_minor, 1500);
  EXPECT_EQ(region.Get(id)->tenders(0).refunded_minor(), 1500);
}

TEST(RefundTest, AnAgentsRefundAboveTheLimitWaitsForASupervisor) {
  TestRegion region;
  Payments payments(region);
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder(kSku, 12));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();

  // Up to the limit (100.00) an agent refunds alone.
  auto small = payments.Refund(Goodwill(id, 1000, "small"), kAgent);
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_EQ(small->refund().status(), v1::REFUND_STATUS_PENDING);

  auto big = payments.Refund(Goodwill(id, 10500, "big"), kAgent);
  ASSERT_TRUE(big.ok()) << big.status();
  EXPECT_EQ(big->refund().status(), v1::REFUND_STATUS_PENDING_APPROVAL);
  const std::string big_id = big->refund().refund_id();
  // Its money is reserved: only 5.00 is left to refund now.
  EXPECT_EQ(payments.Refund(Goodwill(id, 600, "more"), kSupervisor).status().code(),
            absl::StatusCode::kFailedPrecondition);

  EXPECT_EQ(payments.Decide(big_id, true, kAgent).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(payments.Pending(kAgent).status().code(), absl::StatusCode::kPermissionDenied);
  auto pending = payments.Pending(kSupervisor);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_EQ(pending->approvals_size(), 1);
  EXPECT_EQ(pending->approvals(0).refund_id(), big_id);
  EXPECT_EQ(pending->approvals(0).requested_by(), "staff:alice");

  auto approved = payments.Decide(big_id, true, kSupervisor);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->refund().approved_by(), "staff:sam");
  EXPECT_EQ(payments.Pending(kSupervisor)->approvals_size(), 0);
  ASSERT_TRUE(region.AwaitOrder(id, AllRefundsSettled));
  EXPECT_EQ(region.Get(id)->tenders(0).refunded_minor(), 11500);
  EXPECT_EQ(payments.Decide(big_id, false, kSupervisor).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RefundTest, ReturningEveryUnitWithTheShippingRefundsTheOrderAndRestocks) {
  TestRegion region;
  Payments payments(region);
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder(kSku, 2));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();
  const std::string node = order->shipments(0).node_id();
  const int64_t on_hand = region.StockAt(kSku, node).on_hand();

  v1::RefundOrderRequest request;
  request.set_order_id(order->order_number());
  auto* line = request.add_lines();
  line->set_line_no(1);
  line->set_quantity(2);
  line->set_restock(true);
  request.set_reason("returned unopened");
  auto refund = payments.Refund(request, kAgent);
  ASSERT_TRUE(refund.ok()) << refund.status();
  EXPECT_EQ(refund->refund().amount().amount_minor(), 2000);
  EXPECT_EQ(region.StockAt(kSku, node).on_hand(), on_hand + 2);
  ASSERT_TRUE(region.AwaitOrder(
      id, [](const v1::Order& o) { return o.status() == v1::ORDER_STATUS_REFUNDED; }));
  auto done = region.Get(id);
  EXPECT_EQ(done->payment_status(), v1::PAYMENT_STATUS_REFUNDED);
  EXPECT_EQ(done->lines(0).returned(), 2);
  // Nothing is left to refund.
  EXPECT_EQ(payments.Refund(Goodwill(id, 1), kAgent).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RefundTest, APreviewShowsTheSplitAndStoreCreditPolicyCreditsTheCustomer) {
  TestRegion region;
  Payments payments(region);
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder(kSku, 2));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();
  auto before = payments.Balances(kCustomer);
  ASSERT_TRUE(before.ok()) << before.status();

  auto request = Goodwill(id, 1000, "credit-1");
  request.set_policy(v1::REFUND_POLICY_STORE_CREDIT);
  v1::Refund preview;
  {
    auto stub = v1::PaymentService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", region.server().port()), grpc::InsecureChannelCredentials()));
    auto context = region.Context(kAgent);
    grpc::Status s = stub->PreviewRefund(context.get(), request, &preview);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  ASSERT_EQ(preview.parts_size(), 1);
  EXPECT_EQ(preview.parts(0).kind(), v1::REFUND_PART_KIND_STORE_CREDIT);
  EXPECT_EQ(preview.amount().amount_minor(), 1000);
  EXPECT_EQ(preview.amount().currency(), "EUR");
  EXPECT_EQ(region.Get(id)->refunds_size(), 0);  // a preview changes nothing

  auto refund = payments.Refund(request, kAgent);
  ASSERT_TRUE(refund.ok()) << refund.status();
  EXPECT_EQ(refund->refund().status(), v1::REFUND_STATUS_SUCCEEDED);
  EXPECT_EQ(payments.Balances(kCustomer)->store_credit_minor(),
            before->store_credit_minor() + 1000);
  EXPECT_EQ(refund->order().tenders(0).refunded_minor(), 1000);
  // The card money stays with the merchant: no gateway refund.
  EXPECT_EQ(region.gateway().counters().calls_of(GatewayOperation::kRefund), 0);
}

TEST(RefundTest, ACardRefundDuringAnOutageStaysPendingAcrossARestartAndIsPaidOnce) {
  TestRegion region;
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder(kSku, 2));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();
  GatewayFaults outage;
  outage.outage = true;
  region.gateway().SetFaults(outage);
  {
    Payments payments(region);
    auto refund = payments.Refund(Goodwill(id, 800, "outage"));
    ASSERT_TRUE(refund.ok()) << refund.status();
    EXPECT_EQ(refund->refund().status(), v1::REFUND_STATUS_PENDING);
  }
  ASSERT_TRUE(region.gateway().AwaitCounters(
      [](const partners::GatewayCounters& c) { return c.outage_rejections >= 1; },
      absl::Seconds(10)));
  EXPECT_EQ(region.Get(id)->refunds(0).status(), v1::REFUND_STATUS_PENDING);

  // The job is stored: a restart loses nothing, and the refund is paid once
  // the gateway is back.
  region.Restart();
  region.gateway().SetFaults(GatewayFaults{});
  ASSERT_TRUE(region.AwaitOrder(id, [](const v1::Order& o) {
    return o.refunds_size() == 1 && o.refunds(0).status() == v1::REFUND_STATUS_SUCCEEDED;
  }));
  EXPECT_EQ(region.gateway().counters().book.refunds, 1);
  EXPECT_EQ(region.Get(id)->tenders(0).refunded_minor(), 800);
}

}  // namespace
}  // namespace oms::testing
