#pragma once

#include "services/pending_call.h"

#include <QObject>
#include <QString>

#include <memory>

namespace oms::v1 {
class CreateReturnRequest;
class ReceiveReturnRequest;
class ReturnResponse;
class ReturnService;
} // namespace oms::v1

class GrpcConnection;
template <typename Service>
class StubCache;

// ReturnService for the GUI: create a return, receive it, cancel it. Each
// method starts one RPC and returns at once.
class ReturnClient final : public QObject
{
    Q_OBJECT

public:
    explicit ReturnClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~ReturnClient() override;

    // `request.request_id` is the intent's idempotency key.
    PendingReply<oms::v1::ReturnResponse> *createReturn(const oms::v1::CreateReturnRequest &request,
                                                       QObject *receiver);
    PendingReply<oms::v1::ReturnResponse> *receiveReturn(const oms::v1::ReceiveReturnRequest &request,
                                                        QObject *receiver);
    PendingReply<oms::v1::ReturnResponse> *cancelReturn(const QString &returnId, const QString &reason,
                                                       QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::ReturnService>> m_stubs;
};
