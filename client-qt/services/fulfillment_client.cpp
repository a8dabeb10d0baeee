#include "services/fulfillment_client.h"

#include "services/stub_cache.h"

#include "oms/v1/fulfillment_service.grpc.pb.h"

namespace {

oms::v1::ShipmentActionRequest actionRequest(const QString &shipmentId, const QString &requestId)
{
    oms::v1::ShipmentActionRequest request;
    request.set_request_id(requestId.toStdString());
    request.set_shipment_id(shipmentId.toStdString());
    return request;
}

} // namespace

FulfillmentClient::FulfillmentClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::FulfillmentService>>(connection))
{
}

FulfillmentClient::~FulfillmentClient() = default;

PendingReply<oms::v1::ListShipmentsResponse> *
FulfillmentClient::listShipments(const oms::v1::ListShipmentsRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ListShipmentsResponse>(
            request, m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, ListShipments));
}

PendingReply<oms::v1::Shipment> *FulfillmentClient::getShipment(const QString &shipmentId,
                                                                QObject *receiver)
{
    oms::v1::GetShipmentRequest request;
    request.set_shipment_id(shipmentId.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::Shipment>(std::move(request), m_connection->defaultDeadline(),
                                                 receiver, OMS_DESK_ASYNC_START(stub, GetShipment));
}

FulfillmentClient::ActionReply *FulfillmentClient::startPicking(const QString &shipmentId,
                                                                const QString &requestId,
                                                                QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ShipmentActionResponse>(
            actionRequest(shipmentId, requestId), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, StartPicking));
}

FulfillmentClient::ActionReply *FulfillmentClient::packShipment(const QString &shipmentId,
                                                                const QString &requestId,
                                                                QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ShipmentActionResponse>(
            actionRequest(shipmentId, requestId), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, PackShipment));
}

FulfillmentClient::ActionReply *
FulfillmentClient::shipShipment(const QString &shipmentId, const QString &carrier,
                                const QString &service, const QString &trackingId,
                                const QString &requestId, QObject *receiver)
{
    oms::v1::ShipShipmentRequest request;
    request.set_request_id(requestId.toStdString());
    request.set_shipment_id(shipmentId.toStdString());
    request.set_carrier(carrier.toStdString());
    request.set_service(service.toStdString());
    request.set_tracking_id(trackingId.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ShipmentActionResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, ShipShipment));
}

FulfillmentClient::ActionReply *
FulfillmentClient::reportShortPick(const QString &shipmentId,
                                   const QList<QPair<int, qint64>> &missing, const QString &reason,
                                   const QString &requestId, QObject *receiver)
{
    oms::v1::ReportShortPickRequest request;
    request.set_request_id(requestId.toStdString());
    request.set_shipment_id(shipmentId.toStdString());
    for (const auto &[lineNo, units] : missing) {
        auto *line = request.add_lines();
        line->set_line_no(lineNo);
        line->set_missing(units);
    }
    request.set_reason(reason.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ShipmentActionResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, ReportShortPick));
}

FulfillmentClient::ActionReply *FulfillmentClient::rejectShipment(const QString &shipmentId,
                                                                  const QString &reason,
                                                                  const QString &requestId,
                                                                  QObject *receiver)
{
    oms::v1::RejectShipmentRequest request;
    request.set_request_id(requestId.toStdString());
    request.set_shipment_id(shipmentId.toStdString());
    request.set_reason(reason.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ShipmentActionResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, RejectShipment));
}

FulfillmentClient::ActionReply *FulfillmentClient::markReadyForPickup(const QString &shipmentId,
                                                                      const QString &requestId,
                                                                      QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ShipmentActionResponse>(
            actionRequest(shipmentId, requestId), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, MarkReadyForPickup));
}

FulfillmentClient::ActionReply *FulfillmentClient::completePickup(const QString &shipmentId,
                                                                  const QString &requestId,
                                                                  QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ShipmentActionResponse>(
            actionRequest(shipmentId, requestId), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, CompletePickup));
}
