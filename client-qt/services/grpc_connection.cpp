#include "services/grpc_connection.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "common/endpoints.h"

namespace {

// Short reconnect backoff: a desk client talks to one server, and after a
// restart the user should not wait long for the next attempt. The minimum
// (GRPC_ARG_MIN_RECONNECT_BACKOFF_MS) is left at gRPC's 20 s on purpose: it
// is also how long one connection attempt may take to get the server's HTTP/2
// SETTINGS, and a small value fails every attempt on a slow link.
constexpr int kInitialReconnectBackoffMs = 300;
constexpr int kMaxReconnectBackoffMs = 3000;
constexpr int kStatePollMs = 500;

} // namespace

GrpcConnection::GrpcConnection(QObject *parent) : QObject(parent)
{
    m_pollTimer.setInterval(kStatePollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &GrpcConnection::pollState);
}

GrpcConnection::~GrpcConnection()
{
    m_pollTimer.stop();
    m_registry->cancelAll();
    // Cancelled calls complete promptly; their callbacks post to `this`, so
    // wait until the last one has done so. The posted functors are discarded
    // by ~QObject, on this thread.
    m_registry->waitUntilIdle();
}

void GrpcConnection::open(const QString &address, const QString &token)
{
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, kInitialReconnectBackoffMs);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
    args.SetString(GRPC_ARG_PRIMARY_USER_AGENT_STRING, "oms-desk/0.1");
    m_address = address.trimmed();
    m_token = token.trimmed().toStdString();
    // Creating a channel only records the target; resolving and connecting
    // happen on gRPC's threads.
    // Several region servers, nearest first: gRPC connects to the first that
    // answers and fails over in that order (docs/REGIONS.md, Front door).
    const absl::StatusOr<std::string> target = oms::ChannelTarget(m_address.toStdString());
    m_channel = grpc::CreateCustomChannel(target.ok() ? *target : m_address.toStdString(),
                                          grpc::InsecureChannelCredentials(), args);
    ++m_generation;
    m_lostServer = false;
    setState(State::Idle);
    pollState();
    m_pollTimer.start();
}

void GrpcConnection::setToken(const QString &token)
{
    m_token = token.trimmed().toStdString();
}

void GrpcConnection::prepareContext(grpc::ClientContext &context,
                                    std::chrono::milliseconds deadline) const
{
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    context.set_wait_for_ready(false);
    if (!m_token.empty())
        context.AddMetadata("authorization", "Bearer " + m_token);
}

void GrpcConnection::prepareStreamContext(grpc::ClientContext &context) const
{
    context.set_wait_for_ready(false);
    if (!m_token.empty())
        context.AddMetadata("authorization", "Bearer " + m_token);
}

void GrpcConnection::noteCallStarted()
{
    ++m_callsInFlight;
    Q_EMIT callsInFlightChanged(m_callsInFlight);
}

void GrpcConnection::noteCallFinished(const CallError &error)
{
    --m_callsInFlight;
    Q_EMIT callsInFlightChanged(m_callsInFlight);
    switch (error.kind()) {
    case CallError::Kind::Unreachable:
        m_lostServer = true;
        setState(State::Unreachable);
        break;
    case CallError::Kind::TimedOut:
    case CallError::Kind::Cancelled:
    case CallError::Kind::NotSignedIn:
        break;
    default:
        // The server answered (even with an error): it is reachable.
        setState(State::Ready);
        break;
    }
}

void GrpcConnection::pollState()
{
    if (!m_channel)
        return;
    // GetState only reads the state (and asks an idle channel to connect);
    // it never waits.
    switch (m_channel->GetState(true)) {
    case GRPC_CHANNEL_IDLE:
        if (m_state != State::Unreachable)
            setState(State::Idle);
        break;
    case GRPC_CHANNEL_CONNECTING:
        if (m_state != State::Unreachable)
            setState(State::Connecting);
        break;
    case GRPC_CHANNEL_READY:
        setState(State::Ready);
        break;
    case GRPC_CHANNEL_TRANSIENT_FAILURE:
    case GRPC_CHANNEL_SHUTDOWN:
        m_lostServer = true;
        setState(State::Unreachable);
        break;
    }
}

void GrpcConnection::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
    if (state == State::Ready && m_lostServer) {
        m_lostServer = false;
        Q_EMIT reconnected();
    }
}
