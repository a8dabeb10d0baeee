#pragma once

#include "models/flat_table_model.h"

#include <vector>

namespace oms::v1 {
class OrderEvent;
} // namespace oms::v1

// The event timeline of one order (ListOrderEvents), in sequence order.
// Fed by OrderDocument.
class OrderEventModel final : public FlatTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        EventColumn,
        SummaryColumn,
        PrincipalColumn,
        ActionColumn, // the RPC that made the change (the audit trail); empty for background work
        SequenceColumn,
        VersionColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit OrderEventModel(QObject *parent = nullptr);
    ~OrderEventModel() override;

    // Replaces the timeline; the events are sorted by sequence.
    void setEvents(std::vector<oms::v1::OrderEvent> events);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant rawValue(const oms::v1::OrderEvent &event, int column) const;

    std::vector<oms::v1::OrderEvent> m_events;
};
