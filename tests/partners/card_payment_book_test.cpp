#include "partners/card_payment_book.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace oms::partners {
namespace {

AuthorizeCall Auth(std::string key, int64_t amount = 1000, std::string token = "tok_visa") {
  return AuthorizeCall{std::move(key), "EU1-ORDER", amount, "EUR", std::move(token)};
}

PaymentCall Op(MoneyOperation op, std::string key, std::string ref, int64_t amount) {
  return PaymentCall{op, std::move(key), std::move(ref), amount, "EUR"};
}

TEST(CardPaymentBookTest, ApprovesOrdinaryCardsAndDerivesLast4FromTheToken) {
  CardPaymentBook book;
  auto visa = book.Authorize(Auth("k1", 1000, "tok_visa"), 0);
  auto mastercard = book.Authorize(Auth("k2", 1000, "tok_mastercard"), 0);
  auto numbered = book.Authorize(Auth("k3", 1000, "tok_custom_1881"), 0);
  auto other = book.Authorize(Auth("k4", 1000, "tok_anything"), 0);
  ASSERT_TRUE(visa.ok() && mastercard.ok() && numbered.ok() && other.ok());
  EXPECT_EQ(visa->State(), "authorized");
  EXPECT_EQ(visa->authorized_minor, 1000);
  EXPECT_EQ(visa->card_last4, "4242");
  EXPECT_EQ(mastercard->card_last4, "4444");
  EXPECT_EQ(numbered->card_last4, "1881");
  EXPECT_EQ(other->card_last4, "4242");
}

TEST(CardPaymentBookTest, DeclinesByCardToken) {
  CardPaymentBook book;
  const std::pair<const char*, const char*> cases[] = {
      {"tok_decline", "card_declined"},
      {"tok_insufficient_funds", "insufficient_funds"},
      {"tok_expired", "expired_card"}};
  for (const auto& [token, reason] : cases) {
    auto p = book.Authorize(Auth(token, 1000, token), 0);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->State(), "declined") << token;
    EXPECT_EQ(p->decline_reason, reason);
    EXPECT_EQ(p->authorized_minor, 0);
  }
  EXPECT_EQ(book.counters().declines, 3);
  EXPECT_EQ(book.counters().authorizations, 0);
}

TEST(CardPaymentBookTest, SameKeyAndContentAnswersTheSamePaymentWithoutAuthorizingAgain) {
  CardPaymentBook book;
  auto first = book.Authorize(Auth("k"), 0);
  auto again = book.Authorize(Auth("k"), 0);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(again->payment_ref, first->payment_ref);
  EXPECT_EQ(book.counters().authorizations, 1);
  EXPECT_EQ(book.counters().replays, 1);
}

TEST(CardPaymentBookTest, SameKeyWithAnotherAmountIsAlreadyExists) {
  CardPaymentBook book;
  ASSERT_TRUE(book.Authorize(Auth("k", 1000), 0).ok());
  EXPECT_EQ(book.Authorize(Auth("k", 2000), 0).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(book.Authorize(Auth("k", 1000, "tok_mastercard"), 0).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(CardPaymentBookTest, MalformedAuthorizationIsInvalidArgument) {
  CardPaymentBook book;
  EXPECT_EQ(book.Authorize(Auth("k", 0), 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(book.Authorize(Auth("", 10), 0).status().code(), absl::StatusCode::kInvalidArgument);
  AuthorizeCall lower_currency = Auth("k", 10);
  lower_currency.currency = "eur";
  EXPECT_EQ(book.Authorize(lower_currency, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CardPaymentBookTest, CapturesAddUpToTheAuthorizedAmountAndNoFurther) {
  CardPaymentBook book;
  const std::string ref = book.Authorize(Auth("k", 1000), 0)->payment_ref;
  ASSERT_TRUE(book.Apply(Op(MoneyOperation::kCapture, "c1", ref, 600)).ok());
  auto over = book.Apply(Op(MoneyOperation::kCapture, "c2", ref, 401));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(over.status().message(), "capture_exceeds_authorized:"))
      << over.status();
  auto rest = book.Apply(Op(MoneyOperation::kCapture, "c3", ref, 400));
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->captured_minor, 1000);
  EXPECT_EQ(rest->State(), "captured");
}

TEST(CardPaymentBookTest, RefundsNeverExceedCapturedMinusRefunded) {
  CardPaymentBook book;
  const std::string ref = book.Authorize(Auth("k", 1000), 0)->payment_ref;
  ASSERT_TRUE(book.Apply(Op(MoneyOperation::kCapture, "c", ref, 700)).ok());
  ASSERT_TRUE(book.Apply(Op(MoneyOperation::kRefund, "r1", ref, 500)).ok());
  auto over = book.Apply(Op(MoneyOperation::kRefund, "r2", ref, 201));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(over.status().message(), "refund_exceeds_captured:"));
  auto rest = book.Apply(Op(MoneyOperation::kRefund, "r3", ref, 200));
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->State(), "refunded");
}

TEST(CardPaymentBookTest, VoidOnlyWhileNothingIsCaptured) {
  CardPaymentBook book;
  const std::string captured = book.Authorize(Auth("k1"), 0)->payment_ref;
  const std::string open = book.Authorize(Auth("k2"), 0)->payment_ref;
  ASSERT_TRUE(book.Apply(Op(MoneyOperation::kCapture, "c", captured, 10)).ok());
  EXPECT_EQ(book.Apply(Op(MoneyOperation::kVoid, "v1", captured, 0)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto voided = book.Apply(Op(MoneyOperation::kVoid, "v2", open, 0));
  ASSERT_TRUE(voided.ok());
  EXPECT_EQ(voided->State(), "voided");
  EXPECT_EQ(book.Apply(Op(MoneyOperation::kCapture, "c2", open, 10)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CardPaymentBookTest, DeclinedPaymentTakesNoCapture) {
  CardPaymentBook book;
  const std::string ref = book.Authorize(Auth("k", 1000, "tok_decline"), 0)->payment_ref;
  auto capture = book.Apply(Op(MoneyOperation::kCapture, "c", ref, 1));
  EXPECT_EQ(capture.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(capture.status().message(), "payment_declined:"));
}

TEST(CardPaymentBookTest, RepeatedOperationKeyMovesMoneyOnce) {
  CardPaymentBook book;
  const std::string ref = book.Authorize(Auth("k", 1000), 0)->payment_ref;
  ASSERT_TRUE(book.Apply(Op(MoneyOperation::kCapture, "c", ref, 300)).ok());
  auto again = book.Apply(Op(MoneyOperation::kCapture, "c", ref, 300));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->captured_minor, 300);
  EXPECT_EQ(book.counters().captures, 1);
  EXPECT_EQ(book.Apply(Op(MoneyOperation::kCapture, "c", ref, 400)).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(CardPaymentBookTest, CurrencyOtherThanThePaymentsIsInvalidArgument) {
  CardPaymentBook book;
  const std::string ref = book.Authorize(Auth("k"), 0)->payment_ref;
  PaymentCall usd = Op(MoneyOperation::kCapture, "c", ref, 10);
  usd.currency = "USD";
  EXPECT_EQ(book.Apply(usd).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CardPaymentBookTest, UnknownPaymentRefAndKeyAreNotFound) {
  CardPaymentBook book;
  EXPECT_EQ(book.Apply(Op(MoneyOperation::kCapture, "c", "pay_nope", 10)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(book.FindByKey("never").status().code(), absl::StatusCode::kNotFound);
}

TEST(CardPaymentBookTest, DeclineRateDeclinesThatShareOfApprovedCardsDeterministically) {
  CardPaymentBook book;
  int declined = 0;
  for (int i = 0; i < 10; ++i) {
    auto p = book.Authorize(Auth("k" + std::to_string(i)), 0.5);
    ASSERT_TRUE(p.ok());
    if (p->State() == "declined") {
      ++declined;
      EXPECT_EQ(p->decline_reason, "card_declined");
    }
  }
  EXPECT_EQ(declined, 5);
}

TEST(CardPaymentBookTest, ClearForgetsPaymentsButNeverReusesARef) {
  CardPaymentBook book;
  const std::string before = book.Authorize(Auth("k"), 0)->payment_ref;
  book.Clear();
  EXPECT_EQ(book.FindByKey("k").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(book.counters().authorizations, 0);
  EXPECT_NE(book.Authorize(Auth("k"), 0)->payment_ref, before);
}

}  // namespace
}  // namespace oms::partners
