#pragma once

#include <QString>

#include <chrono>

namespace grpc {
class Status;
}

// Why a call to the server failed, sorted into the few cases a person can act
// on differently, with a sentence that tells them what to do. Views show
// message(); detail() keeps the server's own words for the log and tooltips.
class CallError
{
public:
    enum class Kind {
        None,        // the call succeeded
        Unreachable, // no connection to the server (UNAVAILABLE)
        TimedOut,    // the deadline passed before an answer
        SignedOut,   // the token was not accepted (UNAUTHENTICATED)
        NotAllowed,  // the role may not do this (PERMISSION_DENIED)
        NotFound,    // missing or not visible to this principal
        Rejected,    // the request can never succeed, or not in this state
        Conflict,    // a concurrent change; the whole operation may be retried
        Busy,        // the server refused for load or limits
        ServerFault, // a bug or broken invariant on the server
        Cancelled,   // cancelled by the client itself
        NotSignedIn, // no server address yet
    };

    CallError() = default;
    CallError(Kind kind, QString message, QString detail = {});

    // Maps a gRPC status. `server` names the address in the sentence and
    // `deadline` is the deadline the call had.
    // No server chosen yet: the call or stream was never started.
    static CallError notSignedIn();
    static CallError fromStatus(const grpc::Status &status, const QString &server,
                                std::chrono::milliseconds deadline);

    bool isError() const { return m_kind != Kind::None; }
    Kind kind() const { return m_kind; }
    // True when the same request may succeed later without the user changing
    // anything: the client retries these by itself.
    bool isTransient() const;

    // What a watch stream (WatchOrders, WatchInventory) that ended with this
    // error does next: resume from the last sequence seen (the server
    // restarted, was busy or unreachable), start again from now (the server
    // does not know the resume point), or give up and leave reloading to
    // the user or a timer (no watch for this role or server, signed out).
    enum class WatchNext { Resume, StartOver, GiveUp };
    WatchNext watchNext() const;
    QString message() const { return m_message; }
    QString detail() const { return m_detail; }

private:
    Kind m_kind = Kind::None;
    QString m_message;
    QString m_detail;
};
