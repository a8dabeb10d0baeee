// The services layer: deadlines and tokens on every call, answers delivered
// on the GUI thread, and no answer ever reaching a destroyed receiver.

#include "fake_oms_server.h"
#include "test_support.h"

#include "services/call_error.h"
#include "services/grpc_connection.h"
#include "services/order_client.h"
#include "services/session_client.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <memory>

using namespace std::chrono_literals;

TEST(GrpcConnectionTest, EveryCallCarriesADeadlineAndTheBearerToken)
{
    FakeOmsServer server;
    GrpcConnection connection;
    connection.setDefaultDeadline(4000ms);
    SessionClient session(&connection);
    QObject receiver;
    auto *reply = session.signIn(server.address(), QString::fromLatin1(FakeOmsServer::kToken), &receiver);
    QSignalSpy finished(reply, &PendingCall::finished);
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_EQ(server.seen().authorization, std::string("Bearer ") + FakeOmsServer::kToken);
    EXPECT_GT(server.seen().deadlineLeft, 2000ms);
    // The deadline travels as a timeout header, rounded up a little.
    EXPECT_LE(server.seen().deadlineLeft, 4100ms);
}

TEST(GrpcConnectionTest, TheAnswerArrivesOnTheGuiThreadAndIsConverted)
{
    FakeOmsServer server;
    GrpcConnection connection;
    SessionClient session(&connection);
    QObject receiver;
    auto *reply = session.signIn(server.address(), QString::fromLatin1(FakeOmsServer::kToken), &receiver);
    QThread *deliveredOn = nullptr;
    SignedInUser user;
    QObject::connect(reply, &PendingCall::finished, &receiver, [&] {
        deliveredOn = QThread::currentThread();
        user = reply->result();
    });
    ASSERT_TRUE(QTest::qWaitFor([&] { return deliveredOn != nullptr; }, 10000));
    EXPECT_EQ(deliveredOn, QCoreApplication::instance()->thread());
    EXPECT_EQ(user.displayName, QStringLiteral("Tess Tester"));
    EXPECT_EQ(user.role, QStringLiteral("agent"));
}

TEST(GrpcConnectionTest, ACallBeforeSignInFailsWithNotSignedIn)
{
    GrpcConnection connection;
    OrderClient orders(&connection);
    QObject receiver;
    auto *reply = orders.getOrder(QStringLiteral("EU1-TEST-0001"), &receiver);
    QSignalSpy finished(reply, &PendingCall::finished);
    ASSERT_TRUE(finished.wait(5000));
    EXPECT_EQ(reply->error().kind(), CallError::Kind::NotSignedIn);
}

TEST(GrpcConnectionTest, DeletingTheReceiverCancelsTheCallAndDropsTheAnswer)
{
    FakeOmsServer server;
    server.delayMs = 500;
    GrpcConnection connection;
    connection.open(server.address(), QString::fromLatin1(FakeOmsServer::kToken));
    OrderClient orders(&connection);
    auto receiver = std::make_unique<QObject>();
    auto *reply = orders.getOrder(QStringLiteral("EU1-TEST-0001"), receiver.get());
    bool delivered = false;
    QObject::connect(reply, &PendingCall::finished, [&delivered] { delivered = true; });
    receiver.reset(); // a closed window: the reply goes with it
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.callsInFlight() == 0; }, 10000));
    EXPECT_FALSE(delivered);
}

TEST(GrpcConnectionTest, DestroyingTheConnectionWithCallsInFlightCancelsThemPromptly)
{
    FakeOmsServer server;
    server.delayMs = 3000;
    auto connection = std::make_unique<GrpcConnection>();
    connection->open(server.address(), QString::fromLatin1(FakeOmsServer::kToken));
    OrderClient orders(connection.get());
    QObject receiver;
    for (int i = 0; i < 5; ++i)
        orders.getOrder(QStringLiteral("EU1-TEST-0001"), &receiver);
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.seen().calls >= 5; }, 10000));
    QElapsedTimer clock;
    clock.start();
    connection.reset();
    EXPECT_LT(clock.elapsed(), 1500) << "cancelled calls must not wait for the slow server";
    // Nothing may run against the destroyed connection afterwards.
    QCoreApplication::processEvents();
}

TEST(GrpcConnectionTest, AnUnreachableServerFailsFastWithAnActionableMessage)
{
    const int port = freePort(); // nothing listens there
    GrpcConnection connection;
    connection.setDefaultDeadline(8000ms);
    OrderClient orders(&connection);
    connection.open(QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("t"));
    QObject receiver;
    QElapsedTimer clock;
    clock.start();
    auto *reply = orders.getOrder(QStringLiteral("EU1-TEST-0001"), &receiver);
    QSignalSpy finished(reply, &PendingCall::finished);
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_LT(clock.elapsed(), 4000) << "wait_for_ready(false): no waiting for the deadline";
    EXPECT_EQ(reply->error().kind(), CallError::Kind::Unreachable);
    EXPECT_TRUE(reply->error().message().contains(QStringLiteral("127.0.0.1:%1").arg(port)));
    EXPECT_TRUE(reply->error().isTransient());
}

TEST(GrpcConnectionTest, AnAnswerLaterThanTheDeadlineIsTimedOut)
{
    FakeOmsServer server;
    server.delayMs = 1500;
    GrpcConnection connection;
    connection.setDefaultDeadline(300ms);
    connection.open(server.address(), QString::fromLatin1(FakeOmsServer::kToken));
    OrderClient orders(&connection);
    QObject receiver;
    auto *reply = orders.getOrder(QStringLiteral("EU1-TEST-0001"), &receiver);
    QSignalSpy finished(reply, &PendingCall::finished);
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_EQ(reply->error().kind(), CallError::Kind::TimedOut);
}

TEST(GrpcConnectionTest, ReconnectedIsSignalledWhenTheServerComesBack)
{
    const int port = freePort();
    GrpcConnection connection;
    OrderClient orders(&connection);
    connection.open(QStringLiteral("127.0.0.1:%1").arg(port), QString::fromLatin1(FakeOmsServer::kToken));
    QObject receiver;
    auto *reply = orders.getOrder(QStringLiteral("EU1-TEST-0001"), &receiver);
    QSignalSpy failed(reply, &PendingCall::finished);
    ASSERT_TRUE(failed.wait(10000));
    ASSERT_EQ(connection.state(), GrpcConnection::State::Unreachable);

    // A server appears on that port (as after a restart).
    grpc::ServerBuilder builder;
    oms::v1::OrderService::Service service; // answers UNIMPLEMENTED: enough to be reachable
    builder.AddListeningPort(QStringLiteral("127.0.0.1:%1").arg(port).toStdString(),
                             grpc::InsecureServerCredentials());
    builder.RegisterService(&service);
    auto server = builder.BuildAndStart();
    ASSERT_TRUE(server);
    QSignalSpy reconnected(&connection, &GrpcConnection::reconnected);
    ASSERT_TRUE(reconnected.wait(15000));
    EXPECT_EQ(connection.state(), GrpcConnection::State::Ready);
    server->Shutdown();
}
