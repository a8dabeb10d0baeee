#pragma once

#include <grpcpp/client_context.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

// The gRPC-side state of one call: the context, request and response must
// outlive the call, so they live together and are shared by the callback.
struct CallStateBase
{
    virtual ~CallStateBase() = default;
    grpc::ClientContext context;
};

// Every call in flight on a connection. Thread-safe: add() runs on the GUI
// thread, remove() on gRPC callback threads.
//
// The connection's destructor calls cancelAll() and then waitUntilIdle(), so
// no callback can run after the connection is gone (the callbacks post their
// results to it).
class CallRegistry
{
public:
    std::uint64_t add(const std::shared_ptr<CallStateBase> &call);
    void remove(std::uint64_t id);
    void cancelAll();
    void waitUntilIdle();

private:
    std::mutex m_mutex;
    std::condition_variable m_idle;
    std::uint64_t m_nextId = 1;                                // guarded by m_mutex
    std::map<std::uint64_t, std::weak_ptr<CallStateBase>> m_calls; // guarded by m_mutex
};
