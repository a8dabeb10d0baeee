// Small pieces: error wording, money, CSV, the remembered token.

#include "models/csv_export.h"
#include "models/display_text.h"
#include "services/call_error.h"
#include "services/credential_store.h"
#include "models/saved_searches.h"
#include "services/intent_keys.h"
#include "services/signed_in_user.h"

#include "oms/v1/order.pb.h"

#include <QBuffer>
#include <QFile>
#include <QSettings>
#include <QStandardItemModel>
#include <QTemporaryDir>

#include <grpcpp/support/status.h>

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace std::chrono_literals;

TEST(CallErrorTest, UnauthenticatedTellsTheUserToSignInAgain)
{
    const auto error = CallError::fromStatus(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "bad token"),
                                             QStringLiteral("h:1"), 10s);
    EXPECT_EQ(error.kind(), CallError::Kind::SignedOut);
    EXPECT_TRUE(error.message().contains(QStringLiteral("Sign in again")));
    EXPECT_FALSE(error.isTransient());
    EXPECT_EQ(error.detail(), QStringLiteral("bad token"));
}

TEST(CallErrorTest, OnlyFailuresThatMayPassByThemselvesAreTransient)
{
    auto kindOf = [](grpc::StatusCode code) {
        return CallError::fromStatus(grpc::Status(code, "x"), QStringLiteral("h:1"), 10s);
    };
    EXPECT_TRUE(kindOf(grpc::StatusCode::UNAVAILABLE).isTransient());
    EXPECT_TRUE(kindOf(grpc::StatusCode::DEADLINE_EXCEEDED).isTransient());
    EXPECT_TRUE(kindOf(grpc::StatusCode::ABORTED).isTransient());
    EXPECT_FALSE(kindOf(grpc::StatusCode::INVALID_ARGUMENT).isTransient());
    EXPECT_FALSE(kindOf(grpc::StatusCode::NOT_FOUND).isTransient());
    EXPECT_FALSE(kindOf(grpc::StatusCode::PERMISSION_DENIED).isTransient());
    EXPECT_FALSE(CallError::fromStatus(grpc::Status::OK, QStringLiteral("h:1"), 10s).isError());
}

TEST(CallErrorTest, ARefusedRequestQuotesTheServersSentence)
{
    const auto error = CallError::fromStatus(
            grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "line 2 has shipped"), QStringLiteral("h:1"), 10s);
    EXPECT_EQ(error.kind(), CallError::Kind::Rejected);
    EXPECT_TRUE(error.message().contains(QStringLiteral("line 2 has shipped")));
}

TEST(DisplayTextTest, EveryShipmentStatusHasWordsAndAFailedOneLooksBad)
{
    for (int status = oms::v1::SHIPMENT_STATUS_CREATED; status <= oms::v1::SHIPMENT_STATUS_EXCEPTION; ++status)
        EXPECT_NE(DisplayText::shipmentStatus(status), QStringLiteral("Unknown")) << status;
    EXPECT_EQ(DisplayText::shipmentStatus(oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP),
              QStringLiteral("Ready for pickup"));
    EXPECT_EQ(DisplayText::shipmentStatusTone(oms::v1::SHIPMENT_STATUS_REJECTED), Tone::Bad);
    EXPECT_EQ(DisplayText::shipmentStatusTone(oms::v1::SHIPMENT_STATUS_EXCEPTION), Tone::Bad);
    EXPECT_EQ(DisplayText::shipmentStatusTone(oms::v1::SHIPMENT_STATUS_DELIVERED), Tone::Good);
    EXPECT_EQ(DisplayText::shipmentStatusTone(oms::v1::SHIPMENT_STATUS_SHIPPED), Tone::Progress);
    EXPECT_EQ(DisplayText::shipmentKind(oms::v1::SHIPMENT_KIND_PICKUP), QStringLiteral("Pickup"));
    EXPECT_EQ(DisplayText::shipmentKind(oms::v1::SHIPMENT_KIND_CARRY_OUT), QStringLiteral("Carry-out"));
}

TEST(DisplayTextTest, MoneyUsesTheMinorUnitsOfItsCurrency)
{
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    EXPECT_EQ(DisplayText::money(123456, QStringLiteral("EUR")), QStringLiteral("€1,234.56"));
    EXPECT_EQ(DisplayText::money(-505, QStringLiteral("USD")), QStringLiteral("-$5.05"));
    EXPECT_EQ(DisplayText::money(1500, QStringLiteral("JPY")), QStringLiteral("¥1,500"));
    EXPECT_EQ(DisplayText::money(1234, QStringLiteral("KWD")), QStringLiteral("1.234 KWD"));
    EXPECT_EQ(DisplayText::money(9223372036854775807LL, QStringLiteral("CHF")),
              QStringLiteral("92,233,720,368,547,758.07 CHF"));
    QLocale::setDefault(previous);
}

TEST(CsvExportTest, QuotesFieldsWithCommasQuotesAndLineBreaks)
{
    QStandardItemModel model(2, 2);
    model.setHorizontalHeaderLabels({QStringLiteral("Order"), QStringLiteral("Customer")});
    model.setItem(0, 0, new QStandardItem(QStringLiteral("EU1-1")));
    model.setItem(0, 1, new QStandardItem(QStringLiteral("Doe, \"Jo\"")));
    model.setItem(1, 0, new QStandardItem(QStringLiteral("EU1-2")));
    model.setItem(1, 1, new QStandardItem(QStringLiteral("two\nlines")));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    ASSERT_TRUE(writeCsv(model, &buffer));
    EXPECT_EQ(QString::fromUtf8(buffer.data()),
              QStringLiteral("Order,Customer\r\nEU1-1,\"Doe, \"\"Jo\"\"\"\r\nEU1-2,\"two\nlines\"\r\n"));
}

TEST(CsvExportTest, CellsThatLookLikeFormulasAreDefused)
{
    QStandardItemModel model(1, 2);
    model.setItem(0, 0, new QStandardItem(QStringLiteral("=HYPERLINK(\"x\")")));
    model.setItem(0, 1, new QStandardItem(QStringLiteral("-12.50")));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    ASSERT_TRUE(writeCsv(model, &buffer));
    const QStringList lines = QString::fromUtf8(buffer.data()).split(QStringLiteral("\r\n"));
    EXPECT_EQ(lines.at(1), QStringLiteral("\"'=HYPERLINK(\"\"x\"\")\",-12.50"));
}

TEST(CredentialStoreTest, TheTokenFileIsReadableOnlyByTheUser)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/token"));
    CredentialStore store(path);
    ASSERT_TRUE(store.remember(QStringLiteral("127.0.0.1:5000"), QStringLiteral("secret-token")));
    struct stat info {};
    ASSERT_EQ(::stat(QFile::encodeName(path).constData(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_FALSE(QSettings().allKeys().join(QLatin1Char(' ')).contains(QStringLiteral("token")))
            << "the token stays out of the settings file";
}

TEST(CredentialStoreTest, RemembersTheAddressAndTheTokenBetweenRuns)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("token"));
    CredentialStore(path).remember(QStringLiteral("10.0.0.5:7000"), QStringLiteral(" abc \n"));
    const CredentialStore again(path);
    EXPECT_EQ(again.serverAddress(), QStringLiteral("10.0.0.5:7000"));
    EXPECT_EQ(again.token(), QStringLiteral("abc"));
}

TEST(CredentialStoreTest, RememberingAUserNameKeepsNoTokenAndATokenKeepsNoUserName)
{
    QTemporaryDir dir;
    CredentialStore store(dir.filePath(QStringLiteral("token")));
    store.remember(QStringLiteral("h:1"), QStringLiteral("abc"));
    store.rememberUser(QStringLiteral("h:2"), QStringLiteral(" alice "));
    EXPECT_EQ(store.userName(), QStringLiteral("alice"));
    EXPECT_EQ(store.serverAddress(), QStringLiteral("h:2"));
    EXPECT_FALSE(store.hasToken()) << "the next start offers the password sign-in";
    store.remember(QStringLiteral("h:3"), QStringLiteral("abc"));
    EXPECT_TRUE(store.userName().isEmpty()) << "the next start offers the token sign-in";
}

TEST(CredentialStoreTest, ForgettingDeletesTheTokenButKeepsTheAddress)
{
    QTemporaryDir dir;
    CredentialStore store(dir.filePath(QStringLiteral("token")));
    store.remember(QStringLiteral("h:1"), QStringLiteral("abc"));
    store.forgetToken();
    EXPECT_FALSE(store.hasToken());
    EXPECT_EQ(store.serverAddress(), QStringLiteral("h:1"));
}

TEST(IntentKeysTest, OneKeyPerIntentAcrossRetriesAndRestartsUntilSettled)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("intents.json"));
    const QString refund = QStringLiteral("refund|EU1-01J|goodwill:500|reason:late");
    QString first;
    {
        IntentKeys keys(path);
        keys.setScope(QStringLiteral("127.0.0.1:50051|staff:alice"));
        first = keys.keyFor(refund);
        EXPECT_TRUE(first.startsWith(QStringLiteral("desk-")));
        EXPECT_EQ(keys.keyFor(refund), first); // a retry
        EXPECT_NE(keys.keyFor(refund + QStringLiteral("x")), first); // another intent
    }
    IntentKeys restarted(path); // the client started again
    restarted.setScope(QStringLiteral("127.0.0.1:50051|staff:alice"));
    EXPECT_TRUE(restarted.isOpen(refund));
    EXPECT_EQ(restarted.keyFor(refund), first);

    restarted.setScope(QStringLiteral("127.0.0.1:50051|staff:sam"));
    EXPECT_NE(restarted.keyFor(refund), first) << "another user never shares a key";

    restarted.setScope(QStringLiteral("127.0.0.1:50051|staff:alice"));
    restarted.settle(refund);
    EXPECT_FALSE(restarted.isOpen(refund));
    const QString second = restarted.keyFor(refund);
    EXPECT_NE(second, first) << "after a final answer the same action is a new intent";

    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_FALSE(file.readAll().contains("EU1-01J")) << "the file keeps no order ids in clear";
}

TEST(SignedInUserTest, WhatTheRoleMayNotDoIsExplained)
{
    SignedInUser store;
    store.role = QStringLiteral("store");
    EXPECT_TRUE(store.may(QStringLiteral("PaymentService/RefundOrder")))
            << "a server that did not say lets the user try";
    store.allowedMethods = {QStringLiteral("oms.v1.OrderService/PlaceOrder")};
    EXPECT_TRUE(store.may(QStringLiteral("OrderService/PlaceOrder")));
    EXPECT_TRUE(store.may(QStringLiteral("oms.v1.OrderService/PlaceOrder")));
    EXPECT_FALSE(store.may(QStringLiteral("PaymentService/RefundOrder")));
    EXPECT_EQ(store.whyNot(QStringLiteral("PaymentService/RefundOrder"), QStringLiteral("refund orders")),
              QStringLiteral("Your role (store) may not refund orders; a supervisor can."));
    EXPECT_TRUE(store.whyNot(QStringLiteral("OrderService/PlaceOrder"), QStringLiteral("sell")).isEmpty());
}

TEST(SavedSearchesTest, ASearchIsKeptByNameWithEveryFilterAndCanBeReplacedAndDeleted)
{
    SavedSearches saved;
    for (const QString &name : saved.names())
        saved.remove(name);
    OrderSearchFilter fraud;
    fraud.statuses = {2, 3};
    fraud.region = QStringLiteral("EU1");
    fraud.sku = QStringLiteral(" TEE-ORG ");
    fraud.createdFrom = QDate(2026, 3, 1);
    EXPECT_EQ(saved.save(QStringLiteral("Open EU1 tees / March"), fraud), QString());
    EXPECT_FALSE(saved.save(QStringLiteral("  "), fraud).isEmpty());
    EXPECT_FALSE(saved.save(QStringLiteral("Everything"), OrderSearchFilter()).isEmpty());

    SavedSearches reopened; // another window, or the next start
    ASSERT_EQ(reopened.names(), QStringList{QStringLiteral("Open EU1 tees / March")});
    OrderSearchFilter back = reopened.filter(QStringLiteral("Open EU1 tees / March"));
    EXPECT_EQ(back.statuses, (QList<int>{2, 3}));
    EXPECT_EQ(back.region, QStringLiteral("EU1"));
    EXPECT_EQ(back.sku, QStringLiteral("TEE-ORG"));
    EXPECT_EQ(back.createdFrom, QDate(2026, 3, 1));
    EXPECT_FALSE(back.createdTo.isValid());

    OrderSearchFilter other;
    other.email = QStringLiteral("lena.fischer@example.de");
    EXPECT_EQ(reopened.save(QStringLiteral("Open EU1 tees / March"), other), QString());
    EXPECT_EQ(saved.filter(QStringLiteral("Open EU1 tees / March")).email, other.email);
    EXPECT_TRUE(saved.filter(QStringLiteral("Open EU1 tees / March")).statuses.isEmpty());
    saved.remove(QStringLiteral("Open EU1 tees / March"));
    EXPECT_TRUE(reopened.names().isEmpty());
}

TEST(IntentKeysTest, ATransientFailureKeepsTheKeyAndAnyOtherAnswerSettlesIt)
{
    QTemporaryDir dir;
    IntentKeys keys(dir.filePath(QStringLiteral("intents.json")));
    const QString intent = QStringLiteral("hold|EU1-01J|4|moving house");
    const QString key = keys.keyFor(intent);
    keys.settleIfFinal(intent, CallError::fromStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"),
                                                     QStringLiteral("h:1"), 10s));
    EXPECT_EQ(keys.keyFor(intent), key) << "it may have reached the server: retry with the same key";
    keys.settleIfFinal(intent, CallError::fromStatus(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "no"),
                                                     QStringLiteral("h:1"), 10s));
    EXPECT_FALSE(keys.isOpen(intent)) << "a refusal is final";
    const QString next = keys.keyFor(intent);
    keys.settleIfFinal(intent, CallError());
    EXPECT_FALSE(keys.isOpen(intent)) << "success is final";
    EXPECT_NE(next, key);
}

TEST(CallErrorTest, NotSignedInSaysWhatToDo)
{
    const CallError error = CallError::notSignedIn();
    EXPECT_EQ(error.kind(), CallError::Kind::NotSignedIn);
    EXPECT_TRUE(error.message().contains(QStringLiteral("sign in")));
    EXPECT_FALSE(error.isTransient());
}

TEST(CallErrorTest, AWatchResumesAfterAnOutageStartsOverOnAnUnknownPointAndGivesUpWhenRefused)
{
    auto next = [](grpc::StatusCode code) {
        return CallError::fromStatus(grpc::Status(code, "x"), QStringLiteral("h:1"), 10s).watchNext();
    };
    EXPECT_EQ(next(grpc::StatusCode::UNAVAILABLE), CallError::WatchNext::Resume);
    EXPECT_EQ(next(grpc::StatusCode::RESOURCE_EXHAUSTED), CallError::WatchNext::Resume);
    EXPECT_EQ(next(grpc::StatusCode::FAILED_PRECONDITION), CallError::WatchNext::StartOver);
    EXPECT_EQ(next(grpc::StatusCode::PERMISSION_DENIED), CallError::WatchNext::GiveUp);
    EXPECT_EQ(next(grpc::StatusCode::UNAUTHENTICATED), CallError::WatchNext::GiveUp);
    EXPECT_EQ(CallError::notSignedIn().watchNext(), CallError::WatchNext::GiveUp);
}
