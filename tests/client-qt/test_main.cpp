// main() of every oms-desk test binary: offscreen Qt before the application
// exists (so gtest_discover_tests runs without a display), settings and the
// token file in QStandardPaths' test locations, then gtest.

#include "views/desk_theme.h"

#include <QApplication>
#include <QStandardPaths>

#include "oms/v1/session_service.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>

namespace {

QtMessageHandler g_defaultHandler = nullptr;

// The offscreen platform says this for every window; it is noise, not news.
void quietOffscreen(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("does not support propagateSizeHints")))
        return;
    g_defaultHandler(type, context, message);
}

// gRPC 1.51 runs callback-API completions on a shared queue that lives as
// long as some channel holds it. Tests open and close a connection each, so
// the last one to close shuts the queue down while a cancelled stream's
// OnDone may still be on its way, and grpc aborts in
// grpc_cq_internal_unref ("prior > 0"). One channel that has made a callback
// call and is never destroyed keeps the queue for the whole run.
void holdCallbackQueue()
{
    auto *channel = new std::shared_ptr<grpc::Channel>(
            grpc::CreateChannel("127.0.0.1:9", grpc::InsecureChannelCredentials()));
    auto *stub = oms::v1::SessionService::NewStub(*channel).release();
    auto *context = new grpc::ClientContext();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(50));
    auto *request = new oms::v1::WhoAmIRequest();
    auto *response = new oms::v1::WhoAmIResponse();
    std::promise<void> answered;
    stub->async()->WhoAmI(context, request, response,
                          [&answered](grpc::Status) { answered.set_value(); });
    answered.get_future().wait();
}

} // namespace

int main(int argc, char **argv)
{
    g_defaultHandler = qInstallMessageHandler(quietOffscreen);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("oms-test"));
    QApplication::setApplicationName(QStringLiteral("oms-desk-test"));
    DeskTheme::apply(app);
    holdCallbackQueue();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
