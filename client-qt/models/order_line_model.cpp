#include "models/order_line_model.h"

#include "models/model_roles.h"
#include "models/proto_text.h"

#include "oms/v1/order.pb.h"

#include <QStringList>

using ProtoText::str;

OrderLineModel::OrderLineModel(QObject *parent) : FlatTableModel(parent) {}

OrderLineModel::~OrderLineModel() = default;

void OrderLineModel::setOrder(const oms::v1::Order &order)
{
    replaceRows(m_lines,
                std::vector<oms::v1::OrderLine>(order.lines().begin(), order.lines().end()),
                [](const oms::v1::OrderLine &a, const oms::v1::OrderLine &b) {
                    return a.line_no() == b.line_no();
                });
}

void OrderLineModel::clear()
{
    replaceRows(m_lines, {}, [](const auto &, const auto &) { return false; });
}

int OrderLineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int OrderLineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderLineModel::rawValue(const oms::v1::OrderLine &line, int column) const
{
    switch (column) {
    case LineColumn: return line.line_no();
    case SkuColumn: return str(line.sku());
    case NameColumn: return str(line.name());
    case UnitPriceColumn: return qint64(line.unit_price().amount_minor());
    case OrderedColumn: return qint64(line.ordered());
    case ReservedColumn: return qint64(line.reserved());
    case BackorderedColumn: return qint64(line.backordered());
    case PreorderedColumn: return qint64(line.preordered());
    case AllocatedColumn: return qint64(line.allocated());
    case ShippedColumn: return qint64(line.shipped());
    case DeliveredColumn: return qint64(line.delivered());
    case CancelledColumn: return qint64(line.cancelled());
    case ReturnedColumn: return qint64(line.returned());
    case RefundedColumn: return qint64(line.refunded());
    case LineTotalColumn: return qint64(line.line_total().amount_minor());
    case AllocationsColumn: {
        QStringList parts;
        for (const auto &allocation : line.allocations())
            parts.append(QStringLiteral("%1 × %2").arg(str(allocation.node_id())).arg(allocation.quantity()));
        return parts.join(QStringLiteral(", "));
    }
    case RoutingColumn: {
        QStringList parts;
        for (const auto &allocation : line.allocations())
            if (!allocation.reason().empty())
                parts.append(QStringLiteral("%1: %2").arg(str(allocation.node_id()), str(allocation.reason())));
        for (const auto &node : line.excluded_nodes())
            parts.append(QStringLiteral("not %1 again").arg(str(node)));
        return parts.join(QStringLiteral("; "));
    }
    default: return {};
    }
}

QString OrderLineModel::routingDetails(const oms::v1::OrderLine &line)
{
    QStringList rows;
    for (const auto &allocation : line.allocations()) {
        QString row = QStringLiteral("%1 × %2").arg(str(allocation.node_id())).arg(allocation.quantity());
        if (!allocation.reason().empty())
            row += QStringLiteral(" — ") + str(allocation.reason());
        rows.append(row);
    }
    for (const auto &node : line.excluded_nodes())
        rows.append(QStringLiteral("Never %1 again: it rejected or short-picked this line").arg(str(node)));
    return rows.join(QLatin1Char('\n'));
}

QVariant OrderLineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &line = m_lines[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        if (column == UnitPriceColumn)
            return ProtoText::money(line.unit_price());
        if (column == LineTotalColumn)
            return ProtoText::money(line.line_total());
        if (column >= OrderedColumn && column <= RefundedColumn) {
            // A zero says nothing; an empty cell lets the non-zero ones stand out.
            const qint64 quantity = rawValue(line, column).toLongLong();
            return quantity == 0 && column != OrderedColumn ? QVariant(QString())
                                                            : QVariant(quantity);
        }
        return rawValue(line, column);
    case RawValueRole: return rawValue(line, column);
    case KeyRole: return line.line_no();
    case Qt::ToolTipRole:
        if (column == AllocationsColumn || column == RoutingColumn) {
            const QString details = routingDetails(line);
            return details.isEmpty() ? QVariant() : QVariant(details);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column != SkuColumn && column != NameColumn && column != AllocationsColumn
            && column != RoutingColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant OrderLineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[ColumnCount] = {
            "#", "SKU", "Name", "Unit price", "Ordered", "Reserved", "Backordered",
            "Preordered", "Allocated", "Shipped", "Delivered", "Cancelled", "Returned",
            "Refunded", "Line total", "Allocations", "Routing"};
    if (role == Qt::DisplayRole)
        return QString::fromLatin1(titles[section]);
    if (role == Qt::ToolTipRole && section == AllocationsColumn)
        return QStringLiteral("Where the units are reserved: node × quantity");
    if (role == Qt::ToolTipRole && section == RoutingColumn)
        return QStringLiteral("Why each node was chosen, and nodes this line may not go back to");
    return {};
}
