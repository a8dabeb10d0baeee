#pragma once

#include "services/call_error.h"
#include "services/call_registry.h"
#include "services/pending_call.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>

// The one channel to an omsd and every call on it. Lives on the GUI thread.
//
// call() starts an RPC with the gRPC callback API, so nothing here blocks: the
// GUI thread only builds the request. The callback runs on a gRPC thread,
// converts the response there, and posts the result back with
// QMetaObject::invokeMethod(this, ..., Qt::QueuedConnection). On the GUI
// thread the result is handed to the PendingReply if it still exists
// (QPointer); if its owner was destroyed meanwhile the result is dropped.
//
// Every call carries a deadline, the bearer token and wait_for_ready(false):
// while the server is down calls fail fast with Unreachable instead of
// hanging, and the channel reconnects by itself (short reconnect backoff); the
// models retry their refresh on reconnected().
//
// The destructor cancels every call in flight and waits for their callbacks,
// so no callback ever touches a destroyed connection.
class GrpcConnection final : public QObject
{
    Q_OBJECT

public:
    enum class State { NotConfigured, Idle, Connecting, Ready, Unreachable };
    Q_ENUM(State)

    static constexpr std::chrono::milliseconds kDefaultDeadline{10000};

    explicit GrpcConnection(QObject *parent = nullptr);
    ~GrpcConnection() override;

    // Points the client at a server. Calls already in flight finish on the
    // old channel; new calls use the new one. Does not block.
    void open(const QString &address, const QString &token);
    // Replaces the bearer token of calls started from now on (a refreshed
    // access token) and keeps the channel; calls in flight keep theirs.
    void setToken(const QString &token);
    bool hasToken() const { return !m_token.empty(); }
    QString address() const { return m_address; }
    bool isOpen() const { return m_channel != nullptr; }
    std::shared_ptr<grpc::Channel> channel() const { return m_channel; }
    // Changes whenever open() replaces the channel; services rebuild stubs.
    int channelGeneration() const { return m_generation; }

    State state() const { return m_state; }
    int callsInFlight() const { return m_callsInFlight; }

    std::chrono::milliseconds defaultDeadline() const { return m_defaultDeadline; }
    void setDefaultDeadline(std::chrono::milliseconds deadline) { m_defaultDeadline = deadline; }

    struct Identity
    {
        template <typename T>
        T operator()(T &&value) const
        {
            return std::move(value);
        }
    };

    // Starts one unary RPC. `start(context, request, response, done)` must
    // begin the call through a stub's async() interface; it is kept alive
    // (with whatever it captures, e.g. the stub) until the call is over.
    // `convert(Response&&) -> Result` runs on the gRPC thread.
    // The reply is a child of `parent`.
    // For long-lived streams (services/stock_watch.h), which cannot use
    // call(): the token and wait_for_ready(false) but no deadline, and the
    // registry the destructor cancels and waits for. A stream adds itself
    // and removes itself after its last post to this connection.
    void prepareStreamContext(grpc::ClientContext &context) const;
    const std::shared_ptr<CallRegistry> &registry() const { return m_registry; }

    template <typename Response, typename Result = Response, typename Request, typename Start,
              typename Convert = Identity>
    PendingReply<Result> *call(Request request, std::chrono::milliseconds deadline,
                               QObject *parent, Start start, Convert convert = {});

Q_SIGNALS:
    void stateChanged(GrpcConnection::State state);
    // The channel is ready again after the server could not be reached.
    void reconnected();
    void callsInFlightChanged(int count);

private:
    template <typename Request, typename Response, typename Result, typename Start>
    struct CallState final : CallStateBase
    {
        explicit CallState(Start s) : start(std::move(s)) {}
        Start start;
        Request request;
        Response response;
        Result result{};
        CallError error;
        QPointer<PendingReply<Result>> reply;
    };

    void prepareContext(grpc::ClientContext &context, std::chrono::milliseconds deadline) const;
    void noteCallStarted();
    void noteCallFinished(const CallError &error);
    void pollState();
    void setState(State state);

    QString m_address;
    std::string m_token;
    std::shared_ptr<grpc::Channel> m_channel;
    int m_generation = 0;
    std::shared_ptr<CallRegistry> m_registry = std::make_shared<CallRegistry>();
    std::chrono::milliseconds m_defaultDeadline = kDefaultDeadline;
    QTimer m_pollTimer;
    State m_state = State::NotConfigured;
    bool m_lostServer = false;
    int m_callsInFlight = 0;
};

template <typename Response, typename Result, typename Request, typename Start, typename Convert>
PendingReply<Result> *GrpcConnection::call(Request request, std::chrono::milliseconds deadline,
                                           QObject *parent, Start start, Convert convert)
{
    auto *reply = new PendingReply<Result>(parent);
    if (!m_channel) {
        QMetaObject::invokeMethod(
                this,
                [reply = QPointer<PendingReply<Result>>(reply)] {
                    if (reply)
                        reply->complete(CallError::notSignedIn(), Result{});
                },
                Qt::QueuedConnection);
        return reply;
    }

    using State = CallState<Request, Response, Result, Start>;
    auto state = std::make_shared<State>(std::move(start));
    state->request = std::move(request);
    state->reply = reply;
    prepareContext(state->context, deadline);
    std::weak_ptr<State> weak = state;
    reply->setCanceller([weak] {
        if (auto s = weak.lock())
            s->context.TryCancel();
    });
    const std::uint64_t id = m_registry->add(state);
    noteCallStarted();

    State &s = *state;
    s.start(&s.context, &s.request, &s.response,
            [this, state, id, registry = m_registry, server = m_address, deadline,
             convert = std::move(convert)](grpc::Status status) mutable {
                // A gRPC thread. Convert here, so the GUI thread only swaps
                // the result in.
                state->error = CallError::fromStatus(status, server, deadline);
                if (status.ok())
                    state->result = convert(std::move(state->response));
                // The state moves into the posted functor, so its last owner
                // (and with it the stub and maybe the channel) dies on the GUI
                // thread, never inside a gRPC callback.
                QMetaObject::invokeMethod(
                        this,
                        [this, state = std::move(state)]() mutable {
                            noteCallFinished(state->error);
                            if (state->reply)
                                state->reply->complete(std::move(state->error),
                                                       std::move(state->result));
                        },
                        Qt::QueuedConnection);
                registry->remove(id); // after this line `this` may be gone
            });
    return reply;
}
