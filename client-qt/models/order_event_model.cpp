#include "models/order_event_model.h"

#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/proto_text.h"

#include "oms/v1/order.pb.h"

#include <QJsonDocument>

#include <algorithm>

using ProtoText::str;

OrderEventModel::OrderEventModel(QObject *parent) : FlatTableModel(parent) {}

OrderEventModel::~OrderEventModel() = default;

void OrderEventModel::setEvents(std::vector<oms::v1::OrderEvent> events)
{
    std::stable_sort(events.begin(), events.end(), [](const auto &a, const auto &b) {
        return a.sequence() < b.sequence();
    });
    replaceRows(m_events, std::move(events),
                [](const oms::v1::OrderEvent &a, const oms::v1::OrderEvent &b) {
                    return a.event_id() == b.event_id();
                });
}

void OrderEventModel::clear()
{
    replaceRows(m_events, {}, [](const auto &, const auto &) { return false; });
}

int OrderEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int OrderEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderEventModel::rawValue(const oms::v1::OrderEvent &event, int column) const
{
    switch (column) {
    case TimeColumn: return ProtoText::dateTime(event.occurred_at());
    case EventColumn: return str(event.event_type());
    case SummaryColumn: return str(event.summary());
    case PrincipalColumn: return str(event.principal());
    case ActionColumn: {
        // "oms.v1.OrderService/CancelOrder" reads as "CancelOrder".
        const QString method = str(event.method());
        return method.mid(method.lastIndexOf(QLatin1Char('/')) + 1);
    }
    case SequenceColumn: return qint64(event.sequence());
    case VersionColumn: return qint64(event.aggregate_version());
    default: return {};
    }
}

QVariant OrderEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &event = m_events[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        if (column == TimeColumn)
            return ProtoText::dateTime(event.occurred_at())
                    .toLocalTime()
                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        return rawValue(event, column);
    case RawValueRole: return rawValue(event, column);
    case KeyRole: return str(event.event_id());
    case Qt::ToolTipRole: {
        // The payload, readable: what exactly changed.
        const QJsonDocument payload = QJsonDocument::fromJson(QByteArray::fromStdString(event.payload_json()));
        const QString body = payload.isNull() ? str(event.payload_json())
                                              : QString::fromUtf8(payload.toJson(QJsonDocument::Indented));
        const QString request = event.request_id().empty()
                ? QString()
                : QStringLiteral(", request %1").arg(str(event.request_id()));
        return QStringLiteral("%1 #%2 (trace %3%4)\n%5")
                .arg(str(event.event_type()))
                .arg(event.sequence())
                .arg(str(event.trace_id()), request, body);
    }
    case Qt::TextAlignmentRole:
        if (column == SequenceColumn || column == VersionColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant OrderEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[ColumnCount] = {"Time", "Event", "What happened",
                                                    "By", "Through", "Sequence", "Version"};
    if (role == Qt::DisplayRole)
        return QString::fromLatin1(titles[section]);
    return {};
}
