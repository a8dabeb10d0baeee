#include "models/order_search_filter.h"

#include "models/proto_text.h"

#include "oms/v1/order_service.pb.h"

#include <QDateTime>

void OrderSearchFilter::fillRequest(oms::v1::SearchOrdersRequest *request) const
{
    auto text = [](const QString &value) { return value.trimmed().toStdString(); };
    request->set_order_number(orderNumber.trimmed().toUpper().toStdString());
    request->set_email(text(email));
    request->set_phone(text(phone));
    request->set_customer_name(text(customerName));
    request->set_sku(text(sku));
    request->set_channel(text(channel));
    request->set_node_id(text(nodeId));
    request->set_region(text(region));
    request->clear_statuses();
    for (int status : statuses)
        request->add_statuses(static_cast<oms::v1::OrderStatus>(status));
    if (createdFrom.isValid())
        ProtoText::setTimestamp(request->mutable_created_from(), createdFrom.startOfDay());
    else
        request->clear_created_from();
    if (createdTo.isValid())
        ProtoText::setTimestamp(request->mutable_created_to(), createdTo.addDays(1).startOfDay());
    else
        request->clear_created_to();
}
