#pragma once

#include "services/call_error.h"
#include "services/call_registry.h"
#include "services/grpc_connection.h"

#include <QMetaObject>

#include <grpcpp/support/client_callback.h>

#include <functional>
#include <memory>

// One server stream (a Watch* RPC) on gRPC's callback API, for the GUI.
// Each message and the end are posted through the connection to the GUI
// thread, as GrpcConnection::call() posts a unary answer; the stream is
// registered with the connection's CallRegistry, so the connection's
// destructor cancels it and waits for its last callback. `onMessage` and
// `onEnd` run on the GUI thread and must check themselves that their owner
// still wants them (capture a QPointer and a generation).
template <typename Response>
struct ReadStream final : CallStateBase, grpc::ClientReadReactor<Response>
{
    std::shared_ptr<void> stub; // keeps the stub (and its channel) alive
    std::shared_ptr<void> request;
    Response response;
    GrpcConnection *connection = nullptr;
    std::shared_ptr<CallRegistry> registry;
    std::uint64_t id = 0;
    QString server;
    std::function<void(const Response &)> onMessage;
    std::function<void(const CallError &)> onEnd;
    std::shared_ptr<ReadStream> self; // keeps the reactor alive until OnDone

    void OnReadDone(bool ok) override
    {
        if (!ok)
            return; // OnDone follows with the status
        QMetaObject::invokeMethod(
                connection, [deliver = onMessage, message = response] { deliver(message); },
                Qt::QueuedConnection);
        this->StartRead(&response);
    }

    void OnDone(const grpc::Status &status) override
    {
        QMetaObject::invokeMethod(
                connection,
                [end = onEnd, error = CallError::fromStatus(status, server, std::chrono::milliseconds(0))] {
                    end(error);
                },
                Qt::QueuedConnection);
        // After the last post: from here the connection may be destroyed.
        auto registryRef = registry;
        const auto last = std::move(self);
        registryRef->remove(id);
    }
};

// Opens `Method` of `stub` with `request`: start(stub, context, request, reactor)
// calls stub->async()->Method(...). Returns the stream (weakly: it owns
// itself until gRPC is done with it); cancel it with context.TryCancel().
template <typename Response, typename Stub, typename Request, typename Start>
std::weak_ptr<ReadStream<Response>>
openReadStream(GrpcConnection *connection, std::shared_ptr<Stub> stub, const Request &request,
               Start start, std::function<void(const Response &)> onMessage,
               std::function<void(const CallError &)> onEnd)
{
    auto stream = std::make_shared<ReadStream<Response>>();
    auto ownRequest = std::make_shared<Request>(request);
    stream->stub = stub;
    stream->request = ownRequest;
    stream->connection = connection;
    stream->registry = connection->registry();
    stream->server = connection->address();
    stream->onMessage = std::move(onMessage);
    stream->onEnd = std::move(onEnd);
    connection->prepareStreamContext(stream->context);
    stream->id = stream->registry->add(stream);
    stream->self = stream;
    start(*stub, &stream->context, ownRequest.get(), stream.get());
    stream->StartRead(&stream->response);
    stream->StartCall();
    return stream;
}
