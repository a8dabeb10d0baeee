#pragma once

#include "models/order_search_filter.h"
#include "services/call_error.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <vector>

namespace oms::v1 {
class OrderSummary;
class SearchOrdersResponse;
} // namespace oms::v1

class OrderClient;
class PendingCall;
template <typename Result>
class PendingReply;
class RetrySchedule;

// The results of an order search, one row per order, fetched from the server
// a page at a time as the view scrolls (canFetchMore/fetchMore).
//
// Sorting by Created asks the server (newest or oldest first, over all
// results); sorting by any other column sorts the rows loaded so far by
// RawValueRole and keeps later pages in that order.
//
// A transient failure (server unreachable, timeout) keeps the rows and the
// filter, reports errorChanged(), and retries by itself.
class OrderSearchModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        CreatedColumn,
        CustomerColumn,
        EmailColumn,
        ChannelColumn,
        RegionColumn,
        StatusColumn,
        PaymentColumn,
        FulfillmentColumn,
        HoldsColumn,
        LinesColumn,
        TotalColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    static constexpr int kDefaultPageSize = 100;
    static constexpr int kMaxExportRows = 100000;

    explicit OrderSearchModel(OrderClient *client, QObject *parent = nullptr);
    ~OrderSearchModel() override;

    // Starts a new search from the first page; answers to earlier searches
    // that are still on their way are dropped.
    void search(const OrderSearchFilter &filter);
    // The last search again, from the first page.
    void refresh();
    OrderSearchFilter filter() const { return m_filter; }
    bool hasSearched() const { return m_searched; }

    // Keeps fetching pages until the last one (or kMaxExportRows), then
    // emits allFetched(). For export.
    void fetchAll();

    bool isBusy() const { return !m_pending.isNull(); }
    bool hasMore() const { return !m_nextPageToken.isEmpty(); }
    // The last failure, cleared by the next success.
    const CallError &lastError() const { return m_error; }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows) { m_pageSize = rows; }
    RetrySchedule *retrySchedule() const { return m_retry; }

    QString orderId(int row) const;
    QString orderNumber(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void busyChanged(bool busy);
    // Empty when the last call succeeded.
    void errorChanged(const QString &message);
    void pageLoaded();
    void allFetched();

private:
    void requestPage();
    void takePage(PendingReply<oms::v1::SearchOrdersResponse> *reply, quint64 generation);
    void dropPending();
    void setError(const CallError &error);
    QVariant rawValue(const oms::v1::OrderSummary &order, int column) const;
    void sortLoadedRows();

    OrderClient *m_client;
    RetrySchedule *m_retry;
    OrderSearchFilter m_filter;
    bool m_searched = false;
    std::vector<oms::v1::OrderSummary> m_rows;
    QString m_nextPageToken;
    QPointer<PendingCall> m_pending;
    quint64 m_generation = 0;
    bool m_fetchingAll = false;
    CallError m_error;
    int m_pageSize = kDefaultPageSize;
    bool m_oldestFirst = false;
    int m_localSortColumn = -1;
    Qt::SortOrder m_localSortOrder = Qt::AscendingOrder;
};
