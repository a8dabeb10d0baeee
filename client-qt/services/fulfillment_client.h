#pragma once

#include "services/pending_call.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <memory>

namespace oms::v1 {
class FulfillmentService;
class ListShipmentsRequest;
class ListShipmentsResponse;
class Shipment;
class ShipmentActionResponse;
} // namespace oms::v1

class GrpcConnection;
template <typename Service>
class StubCache;

// FulfillmentService for the GUI: the shipments a node works (list, one
// shipment) and the node's actions on them. Every action takes the
// idempotency key of the user's intent (IntentKeys) as its request id.
class FulfillmentClient final : public QObject
{
    Q_OBJECT

public:
    explicit FulfillmentClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~FulfillmentClient() override;

    GrpcConnection *connection() const { return m_connection; }

    PendingReply<oms::v1::ListShipmentsResponse> *
    listShipments(const oms::v1::ListShipmentsRequest &request, QObject *receiver);
    PendingReply<oms::v1::Shipment> *getShipment(const QString &shipmentId, QObject *receiver);

    using ActionReply = PendingReply<oms::v1::ShipmentActionResponse>;
    ActionReply *startPicking(const QString &shipmentId, const QString &requestId, QObject *receiver);
    ActionReply *packShipment(const QString &shipmentId, const QString &requestId, QObject *receiver);
    ActionReply *shipShipment(const QString &shipmentId, const QString &carrier,
                              const QString &service, const QString &trackingId,
                              const QString &requestId, QObject *receiver);
    // `missing`: (order line number, units that could not be picked).
    ActionReply *reportShortPick(const QString &shipmentId, const QList<QPair<int, qint64>> &missing,
                                 const QString &reason, const QString &requestId, QObject *receiver);
    ActionReply *rejectShipment(const QString &shipmentId, const QString &reason,
                                const QString &requestId, QObject *receiver);
    ActionReply *markReadyForPickup(const QString &shipmentId, const QString &requestId,
                                    QObject *receiver);
    ActionReply *completePickup(const QString &shipmentId, const QString &requestId, QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::FulfillmentService>> m_stubs;
};
