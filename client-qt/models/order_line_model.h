#pragma once

#include "models/flat_table_model.h"

#include <vector>

namespace oms::v1 {
class Order;
class OrderLine;
} // namespace oms::v1

// The lines of one order with the quantity breakdown the server keeps (the
// quantities are the truth, statuses are derived from them), where the
// units are allocated and why there (the routing reasons, and the nodes the
// line may not go back to). Fed by OrderDocument.
class OrderLineModel final : public FlatTableModel
{
    Q_OBJECT

public:
    enum Column {
        LineColumn,
        SkuColumn,
        NameColumn,
        UnitPriceColumn,
        OrderedColumn,
        ReservedColumn,
        BackorderedColumn,
        PreorderedColumn,
        AllocatedColumn,
        ShippedColumn,
        DeliveredColumn,
        CancelledColumn,
        ReturnedColumn,
        RefundedColumn,
        LineTotalColumn,
        AllocationsColumn,
        RoutingColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit OrderLineModel(QObject *parent = nullptr);
    ~OrderLineModel() override;

    // Replaces the rows with the order's lines. Same line numbers as before
    // update in place (selection and scroll position stay).
    void setOrder(const oms::v1::Order &order);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant rawValue(const oms::v1::OrderLine &line, int column) const;
    // One line per allocation, "EU1-WH1 × 2 — reason", then the exclusions.
    static QString routingDetails(const oms::v1::OrderLine &line);

    std::vector<oms::v1::OrderLine> m_lines;
};
