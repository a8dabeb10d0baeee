#pragma once

#include <QDate>
#include <QList>
#include <QString>

namespace oms::v1 {
class SearchOrdersRequest;
}

// What the user asked the order search for: every filter SearchOrders has.
// Empty fields do not filter. Dates are whole local days, both inclusive.
struct OrderSearchFilter
{
    QString orderNumber; // exact, or a prefix of at least 5 characters
    QString email;       // exact, case-insensitive
    QString phone;       // digits compared
    QString customerName;
    QString sku;
    QList<int> statuses; // oms.v1.OrderStatus values; empty means any
    QString channel;
    QString nodeId;
    QString region;
    QDate createdFrom;
    QDate createdTo;

    bool operator==(const OrderSearchFilter &other) const = default;

    // Fills the filter fields of `request` (not sort and paging). Text is
    // trimmed; createdTo becomes the start of the following day (exclusive).
    void fillRequest(oms::v1::SearchOrdersRequest *request) const;
};
