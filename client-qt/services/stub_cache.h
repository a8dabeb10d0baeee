#pragma once

#include "services/grpc_connection.h"

#include <memory>

// The stub of one generated service for the connection's current channel,
// rebuilt when the connection is opened anew. GUI thread only. Calls keep
// their own reference to the stub they started on.
template <typename Service>
class StubCache
{
public:
    using Stub = typename Service::Stub;

    explicit StubCache(const GrpcConnection *connection) : m_connection(connection) {}

    std::shared_ptr<Stub> get()
    {
        if (!m_stub || m_generation != m_connection->channelGeneration()) {
            m_generation = m_connection->channelGeneration();
            m_stub = m_connection->channel() ? std::shared_ptr<Stub>(Service::NewStub(m_connection->channel()))
                                             : nullptr;
        }
        return m_stub;
    }

private:
    const GrpcConnection *m_connection;
    std::shared_ptr<Stub> m_stub;
    int m_generation = -1;
};

// The start functor GrpcConnection::call() wants, for one method of a stub:
// OMS_DESK_ASYNC_START(stub, SearchOrders).
#define OMS_DESK_ASYNC_START(stub, Method)                                                      \
    [stub](grpc::ClientContext *context, const auto *request, auto *response,                   \
           std::function<void(grpc::Status)> done) {                                            \
        stub->async()->Method(context, request, response, std::move(done));                     \
    }
