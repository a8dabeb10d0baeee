#pragma once

#include "models/flat_table_model.h"

#include <vector>

namespace oms::v1 {
class Order;
class Tender;
} // namespace oms::v1

// The tenders (payment instruments) of one order with what was authorized,
// captured, refunded and voided on each. Fed by OrderDocument.
class TenderModel final : public FlatTableModel
{
    Q_OBJECT

public:
    enum Column {
        TypeColumn,
        AmountColumn,
        StatusColumn,
        AuthorizedColumn,
        CapturedColumn,
        RefundedColumn,
        VoidedColumn,
        GatewayColumn,
        CardColumn,
        PaymentRefColumn,
        DeclineReasonColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit TenderModel(QObject *parent = nullptr);
    ~TenderModel() override;

    void setOrder(const oms::v1::Order &order);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant rawValue(const oms::v1::Tender &tender, int column) const;

    std::vector<oms::v1::Tender> m_tenders;
};
