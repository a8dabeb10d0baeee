#pragma once

#include "services/call_error.h"

#include <QObject>

#include <functional>
#include <utility>

// One RPC in flight, in the manner of QNetworkReply. Lives on the GUI thread.
//
// finished() is emitted exactly once, on the GUI thread, when the answer or
// the failure arrives; the object deletes itself (deleteLater) right after.
// Deleting it earlier, or deleting its parent, cancels the RPC and nothing is
// delivered: give it the object that wants the answer as parent, and a closed
// window or a dropped model cannot be reached by a late answer.
class PendingCall : public QObject
{
    Q_OBJECT

public:
    ~PendingCall() override;

    bool isFinished() const { return m_finished; }
    // Valid once finished() was emitted.
    const CallError &error() const { return m_error; }

    // Asks the server to stop (best effort); finished() still follows, with
    // CallError::Kind::Cancelled unless the answer was already on its way.
    void cancel();
    // Cancels and forgets: no signal is emitted any more; the object goes away.
    void abandon();

Q_SIGNALS:
    void finished();

protected:
    explicit PendingCall(QObject *parent);
    void setCanceller(std::function<void()> canceller) { m_canceller = std::move(canceller); }
    void finish(CallError error);

private:
    friend class GrpcConnection;

    std::function<void()> m_canceller;
    CallError m_error;
    bool m_finished = false;
};

// A PendingCall whose answer is a value of type Result (a generated protobuf
// message or a Qt value type converted on the gRPC thread).
template <typename Result>
class PendingReply final : public PendingCall
{
public:
    explicit PendingReply(QObject *parent) : PendingCall(parent) {}

    // Valid once finished() was emitted without an error.
    const Result &result() const { return m_result; }

private:
    friend class GrpcConnection;

    void complete(CallError error, Result result)
    {
        m_result = std::move(result);
        finish(std::move(error));
    }

    Result m_result{};
};
