#include "services/call_error.h"

#include <grpcpp/support/status.h>

CallError::CallError(Kind kind, QString message, QString detail)
    : m_kind(kind), m_message(std::move(message)), m_detail(std::move(detail))
{
}

CallError CallError::fromStatus(const grpc::Status &status, const QString &server,
                                std::chrono::milliseconds deadline)
{
    const QString detail = QString::fromStdString(status.error_message());
    const QString said = detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail);
    switch (status.error_code()) {
    case grpc::StatusCode::OK:
        return {};
    case grpc::StatusCode::UNAVAILABLE:
        return {Kind::Unreachable,
                QStringLiteral("The server at %1 cannot be reached. Check that it is running "
                               "and the address is right; the client keeps trying.")
                        .arg(server),
                detail};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
        return {Kind::TimedOut,
                QStringLiteral("The server at %1 did not answer within %2 seconds. "
                               "Try again; if it keeps happening the server is overloaded.")
                        .arg(server)
                        .arg(std::chrono::duration_cast<std::chrono::seconds>(deadline).count()),
                detail};
    case grpc::StatusCode::UNAUTHENTICATED:
        return {Kind::SignedOut,
                QStringLiteral("The server did not accept your token, or your session has "
                               "ended. Sign in again (File > Sign in)."),
                detail};
    case grpc::StatusCode::PERMISSION_DENIED:
        return {Kind::NotAllowed,
                QStringLiteral("Your role may not do this%1. Sign in with another account "
                               "or ask a supervisor.")
                        .arg(said),
                detail};
    case grpc::StatusCode::NOT_FOUND:
        return {Kind::NotFound,
                detail.isEmpty() ? QStringLiteral("Not found, or not visible to your account.")
                                 : QStringLiteral("Not found: %1.").arg(detail),
                detail};
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::ALREADY_EXISTS:
        return {Kind::Rejected,
                detail.isEmpty() ? QStringLiteral("The server refused the request.")
                                 : QStringLiteral("The server refused the request: %1.").arg(detail),
                detail};
    case grpc::StatusCode::ABORTED:
        return {Kind::Conflict,
                QStringLiteral("Someone changed the same data at the same time; try again."),
                detail};
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
        return {Kind::Busy,
                QStringLiteral("The server is busy or a limit was reached%1. Try again shortly.")
                        .arg(said),
                detail};
    case grpc::StatusCode::CANCELLED:
        return {Kind::Cancelled, QStringLiteral("Cancelled."), detail};
    case grpc::StatusCode::UNIMPLEMENTED:
        return {Kind::ServerFault,
                QStringLiteral("The server at %1 does not offer this yet; it may be an older "
                               "version than this client.")
                        .arg(server),
                detail};
    default:
        return {Kind::ServerFault,
                QStringLiteral("The server failed while answering%1. Try again; if it keeps "
                               "happening, report it with the time it happened.")
                        .arg(said),
                detail};
    }
}

bool CallError::isTransient() const
{
    switch (m_kind) {
    case Kind::Unreachable:
    case Kind::TimedOut:
    case Kind::Conflict:
    case Kind::Busy:
        return true;
    default:
        return false;
    }
}

CallError CallError::notSignedIn()
{
    return CallError(Kind::NotSignedIn, QStringLiteral("Not signed in: choose a server and sign in first."));
}

CallError::WatchNext CallError::watchNext() const
{
    switch (m_kind) {
    case Kind::Rejected: return WatchNext::StartOver;
    case Kind::ServerFault:
    case Kind::NotAllowed:
    case Kind::SignedOut:
    case Kind::NotFound:
    case Kind::NotSignedIn: return WatchNext::GiveUp;
    default: return WatchNext::Resume;
    }
}
