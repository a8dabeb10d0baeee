#include "models/order_search_model.h"

#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/proto_text.h"
#include "models/retry_schedule.h"
#include "services/order_client.h"
#include "services/pending_call.h"

#include "oms/v1/order_service.pb.h"

#include <algorithm>
#include <numeric>

using ProtoText::str;

OrderSearchModel::OrderSearchModel(OrderClient *client, QObject *parent)
    : QAbstractTableModel(parent),
      m_client(client),
      m_retry(new RetrySchedule(client->connection(), this))
{
    connect(m_retry, &RetrySchedule::due, this, &OrderSearchModel::requestPage);
}

OrderSearchModel::~OrderSearchModel() = default;

void OrderSearchModel::search(const OrderSearchFilter &filter)
{
    dropPending();
    m_retry->reset();
    ++m_generation;
    m_filter = filter;
    m_searched = true;
    m_fetchingAll = false;
    beginResetModel();
    m_rows.clear();
    m_nextPageToken.clear();
    endResetModel();
    requestPage();
}

void OrderSearchModel::refresh()
{
    if (m_searched)
        search(m_filter);
}

void OrderSearchModel::fetchAll()
{
    if (!m_searched || (!hasMore() && !m_pending)) {
        Q_EMIT allFetched();
        return;
    }
    m_fetchingAll = true;
    if (!m_pending && !m_retry->isPending())
        requestPage();
}

void OrderSearchModel::requestPage()
{
    dropPending();
    oms::v1::SearchOrdersRequest request;
    m_filter.fillRequest(&request);
    request.set_sort(m_oldestFirst ? oms::v1::SORT_ORDER_OLDEST_FIRST
                                   : oms::v1::SORT_ORDER_NEWEST_FIRST);
    request.mutable_page()->set_page_size(m_pageSize);
    request.mutable_page()->set_page_token(m_nextPageToken.toStdString());
    auto *reply = m_client->searchOrders(request, this);
    m_pending = reply;
    const quint64 generation = m_generation;
    connect(reply, &PendingCall::finished, this,
            [this, reply, generation] { takePage(reply, generation); });
    Q_EMIT busyChanged(true);
}

void OrderSearchModel::takePage(PendingReply<oms::v1::SearchOrdersResponse> *reply,
                                quint64 generation)
{
    if (reply != m_pending || generation != m_generation)
        return;
    m_pending = nullptr;
    Q_EMIT busyChanged(false);
    if (reply->error().isError()) {
        setError(reply->error());
        if (reply->error().isTransient())
            m_retry->schedule();
        else
            m_fetchingAll = false;
        return;
    }
    m_retry->reset();
    setError({});
    const auto &page = reply->result();
    // The token first: views (and QAbstractItemModelTester) ask canFetchMore
    // from within rowsInserted, and must see the next page's token, not this one's.
    m_nextPageToken = str(page.next_page_token());
    if (page.orders_size() > 0) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + page.orders_size() - 1);
        m_rows.insert(m_rows.end(), page.orders().begin(), page.orders().end());
        endInsertRows();
        if (m_localSortColumn >= 0)
            sortLoadedRows();
    }
    Q_EMIT pageLoaded();
    if (m_fetchingAll) {
        if (hasMore() && m_rows.size() < size_t(kMaxExportRows)) {
            requestPage();
        } else {
            m_fetchingAll = false;
            Q_EMIT allFetched();
        }
    }
}

void OrderSearchModel::dropPending()
{
    if (m_pending) {
        m_pending->abandon();
        m_pending = nullptr;
        Q_EMIT busyChanged(false);
    }
}

void OrderSearchModel::setError(const CallError &error)
{
    const bool changed = error.message() != m_error.message();
    m_error = error;
    if (changed)
        Q_EMIT errorChanged(error.message());
}

QString OrderSearchModel::orderId(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? str(m_rows[size_t(row)].order_id()) : QString();
}

QString OrderSearchModel::orderNumber(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? str(m_rows[size_t(row)].order_number())
                                                : QString();
}

int OrderSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrderSearchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderSearchModel::rawValue(const oms::v1::OrderSummary &order, int column) const
{
    switch (column) {
    case NumberColumn: return str(order.order_number());
    case CreatedColumn: return ProtoText::dateTime(order.created_at());
    case CustomerColumn: return str(order.customer().name());
    case EmailColumn: return str(order.customer().email());
    case ChannelColumn: return str(order.channel());
    case RegionColumn: return str(order.region());
    case StatusColumn: return int(order.status());
    case PaymentColumn: return int(order.payment_status());
    case FulfillmentColumn: return int(order.fulfillment_status());
    case HoldsColumn: return order.holds_size();
    case LinesColumn: return order.line_count();
    case TotalColumn: return qint64(order.total().amount_minor());
    default: return {};
    }
}

QVariant OrderSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &order = m_rows[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case CreatedColumn: return DisplayText::dateTime(ProtoText::dateTime(order.created_at()));
        case StatusColumn: return DisplayText::orderStatus(order.status());
        case PaymentColumn: return DisplayText::paymentStatus(order.payment_status());
        case FulfillmentColumn: return DisplayText::fulfillmentStatus(order.fulfillment_status());
        case HoldsColumn: {
            QStringList holds;
            for (int reason : order.holds())
                holds.append(DisplayText::holdReason(reason));
            return holds.join(QStringLiteral(", "));
        }
        case TotalColumn: return ProtoText::money(order.total());
        default: return rawValue(order, column);
        }
    case RawValueRole: return rawValue(order, column);
    case KeyRole: return str(order.order_id());
    case ToneRole:
        switch (column) {
        case StatusColumn: return int(DisplayText::orderStatusTone(order.status()));
        case PaymentColumn: return int(DisplayText::paymentStatusTone(order.payment_status()));
        case FulfillmentColumn:
            return int(DisplayText::fulfillmentStatusTone(order.fulfillment_status()));
        case HoldsColumn: return int(order.holds_size() > 0 ? Tone::Warning : Tone::Neutral);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        if (column == LinesColumn || column == TotalColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (column == NumberColumn)
            return QStringLiteral("Order id %1").arg(str(order.order_id()));
        return {};
    default: return {};
    }
}

QVariant OrderSearchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        static const char *const titles[ColumnCount] = {
                "Order", "Created", "Customer", "Email", "Channel", "Region", "Status",
                "Payment", "Fulfillment", "Holds", "Lines", "Total"};
        return QString::fromLatin1(titles[section]);
    }
    if (role == Qt::ToolTipRole) {
        return section == CreatedColumn
                ? QStringLiteral("Sorted by the server, over every result")
                : QStringLiteral("Sorts the rows loaded so far");
    }
    return {};
}

bool OrderSearchModel::canFetchMore(const QModelIndex &parent) const
{
    // While a retry is scheduled the schedule decides when to ask again, so a
    // view scrolled to the end does not hammer a server that is down.
    return !parent.isValid() && m_searched && hasMore() && !m_pending && !m_retry->isPending();
}

void OrderSearchModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage();
}

void OrderSearchModel::sort(int column, Qt::SortOrder order)
{
    if (column == CreatedColumn) {
        const bool oldestFirst = order == Qt::AscendingOrder;
        const bool wasLocal = m_localSortColumn >= 0;
        m_localSortColumn = -1;
        if (oldestFirst != m_oldestFirst || wasLocal) {
            m_oldestFirst = oldestFirst;
            refresh();
        }
        return;
    }
    if (column < 0 || column >= ColumnCount)
        return;
    m_localSortColumn = column;
    m_localSortOrder = order;
    sortLoadedRows();
}

void OrderSearchModel::sortLoadedRows()
{
    if (m_rows.size() < 2)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    std::vector<int> order(m_rows.size());
    std::iota(order.begin(), order.end(), 0);
    const int column = m_localSortColumn;
    const bool descending = m_localSortOrder == Qt::DescendingOrder;
    std::vector<QVariant> keys(m_rows.size());
    for (size_t i = 0; i < m_rows.size(); ++i)
        keys[i] = rawValue(m_rows[i], column);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const auto cmp = QVariant::compare(keys[size_t(a)], keys[size_t(b)]);
        return descending ? cmp == QPartialOrdering::Greater : cmp == QPartialOrdering::Less;
    });
    std::vector<int> newRowOf(m_rows.size());
    std::vector<oms::v1::OrderSummary> sorted;
    sorted.reserve(m_rows.size());
    for (size_t i = 0; i < order.size(); ++i) {
        newRowOf[size_t(order[i])] = int(i);
        sorted.push_back(std::move(m_rows[size_t(order[i])]));
    }
    m_rows = std::move(sorted);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from)
        to.append(this->index(newRowOf[size_t(index.row())], index.column()));
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}
