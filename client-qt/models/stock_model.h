#pragma once

#include "models/watched_skus.h"
#include "services/call_error.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <vector>

namespace oms::v1 {
class StockLevel;
class ListStockResponse;
class WatchInventoryResponse;
} // namespace oms::v1

class InventoryClient;
class PendingCall;
template <typename Result>
class PendingReply;
class RetrySchedule;
class StockHistory;
class StockWatch;

// Stock per SKU and node (on hand, reserved, safety stock, available), every
// page of ListStock for the node and region filter, kept sorted by SKU then
// node. A refresh updates rows in place (dataChanged, a few inserts and
// removals) so a view keeps its selection and scroll position while the
// numbers move.
//
// While auto-refresh is on the model follows WatchInventory (StockWatch) for
// its filter: each pushed change updates its row at once (a row's version
// only moves forward, so a change older than the last reload is ignored).
// A stream that ends for a transient reason is reopened with backoff from
// the last sequence seen, so nothing is missed; meanwhile, and against a
// server without watches, the model falls back to reloading every few
// seconds. isLive() says which.
class StockModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SkuColumn,
        NodeColumn,
        RegionColumn,
        OnHandColumn,
        ReservedColumn,
        SafetyStockColumn,
        AvailableColumn,
        WatchColumn, // checkable: the SKU is watched (WatchedSkus)
        ColumnCount
    };
    Q_ENUM(Column)

    // How much is left at a row, for highlighting.
    enum class StockState { Enough, Low, Out };
    // A StockState (int) in every column of a low or out-of-stock row.
    static constexpr int StockStateRole = Qt::UserRole + 40;
    // Available at or below this (or at or below the safety stock) is low.
    static constexpr qint64 kDefaultLowThreshold = 5;

    static constexpr int kPageSize = 500;
    static constexpr int kDefaultIntervalMs = 5000;
    // Beyond this many row insertions and removals one reset is cheaper.
    static constexpr int kMaxIncrementalChanges = 32;

    explicit StockModel(InventoryClient *client, QObject *parent = nullptr);
    ~StockModel() override;

    // Server-side filters; empty means all. Refreshes when they change.
    void setFilter(const QString &nodeId, const QString &region);
    QString nodeFilter() const { return m_nodeId; }
    QString regionFilter() const { return m_region; }

    void refresh();
    void setAutoRefresh(bool on);
    bool autoRefresh() const { return m_autoRefresh; }
    // Changes arrive as they happen (the watch is open and has answered).
    bool isLive() const { return m_live; }
    // The reconnect delays of the watch; tests shorten them.
    RetrySchedule *watchRetry() const { return m_watchRetry; }
    void setRefreshInterval(int ms) { m_autoTimer.setInterval(ms); }
    int refreshInterval() const { return m_autoTimer.interval(); }

    bool isBusy() const { return !m_pending.isNull(); }
    const CallError &lastError() const { return m_error; }
    // When the rows last matched the server; invalid before the first load.
    QDateTime lastUpdated() const { return m_lastUpdated; }

    void setLowThreshold(qint64 units);
    qint64 lowThreshold() const { return m_lowThreshold; }
    StockState stateOf(qint64 available, qint64 safetyStock) const;

    // What the levels did since the model was made (for the chart); cleared
    // when the filter changes.
    StockHistory *history() const { return m_history; }
    // The watched SKUs behind WatchColumn; null: the column is empty.
    void setWatchedSkus(WatchedSkus *watched);
    WatchedSkus *watchedSkus() const { return m_watched; }
    QString skuAt(int row) const;

    // Names shown beside node ids ("EU1-WH-BER — Berlin Warehouse").
    void setNodeNames(const QHash<QString, QString> &names);

    // Shows `levels` as if they were a complete answer from the server.
    void setLevels(std::vector<oms::v1::StockLevel> levels);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void busyChanged(bool busy);
    void errorChanged(const QString &message);
    void refreshed();
    void liveChanged(bool live);

private:
    void requestPage(const QString &pageToken);
    void takePage(PendingReply<oms::v1::ListStockResponse> *reply, quint64 generation);
    void setError(const CallError &error);
    QVariant rawValue(const oms::v1::StockLevel &level, int column) const;
    void startWatch();
    void takeWatchMessage(const oms::v1::WatchInventoryResponse &message);
    void watchEnded(const CallError &error);
    bool applyLevel(const oms::v1::StockLevel &level);
    void watchedChanged(const QString &sku);
    void setLive(bool live);

    InventoryClient *m_client;
    RetrySchedule *m_retry;
    QTimer m_autoTimer;
    StockWatch *m_watch;
    RetrySchedule *m_watchRetry;
    bool m_autoRefresh = false;
    bool m_live = false;
    bool m_watchFromNow = false; // the open watch started from now, not resumed
    qint64 m_watchSequence = 0;  // resume point: the last sequence the watch sent
    QString m_nodeId;
    QString m_region;
    std::vector<oms::v1::StockLevel> m_rows;
    std::vector<oms::v1::StockLevel> m_buffer;
    QPointer<PendingCall> m_pending;
    quint64 m_generation = 0;
    CallError m_error;
    QDateTime m_lastUpdated;
    QHash<QString, QString> m_nodeNames;
    StockHistory *m_history;
    bool m_historyReady = false; // the history holds a reload of this filter
    QPointer<WatchedSkus> m_watched;
    qint64 m_lowThreshold = kDefaultLowThreshold;
};
