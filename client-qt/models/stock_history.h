#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>

#include <deque>

// What the stock of each SKU did since the dashboard opened, summed over the
// nodes the stock model shows (its node and region filter): on hand and
// available after every change, and the units reserved per minute. Fed by
// StockModel from the levels it loads and the changes WatchInventory pushes;
// read by the chart of the selected SKU.
//
// Bounded: a SKU keeps its last kMaxPointsPerSku points and kMaxMinutes
// minutes of reservations; past kMaxPoints points in all, each new point
// drops its SKU's oldest, so the total stays near the larger of kMaxPoints
// and the number of SKUs.
class StockHistory final : public QObject
{
    Q_OBJECT

public:
    struct Point
    {
        QDateTime at;
        qint64 onHand = 0;
        qint64 available = 0; // sum of max(available, 0): what can be sold
    };
    struct MinuteCount
    {
        QDateTime minute; // the start of the minute
        qint64 units = 0;
    };

    static constexpr int kMaxPointsPerSku = 600;
    static constexpr int kMaxMinutes = 60;
    static constexpr int kMaxPoints = 200000;

    explicit StockHistory(QObject *parent = nullptr);

    // The level of `sku` at `nodeId` now. Takes effect at commit(), so a
    // reload of many nodes is one point per SKU, not one per node.
    void record(const QString &sku, const QString &nodeId, qint64 onHand, qint64 available);
    // The node no longer counts for the SKU (left the filter).
    void forget(const QString &sku, const QString &nodeId);
    // Adds a point at `at` for every SKU whose sums changed since the last
    // commit, and emits totalsChanged and changed for each.
    void commit(const QDateTime &at);
    // `units` more were reserved at `at` (a pushed StockReserved).
    void addReserved(const QString &sku, qint64 units, const QDateTime &at);
    // Forgets everything (another node or region filter: other sums).
    void clear();

    bool contains(const QString &sku) const { return m_skus.contains(sku); }
    // Empty for an unknown SKU.
    std::deque<Point> points(const QString &sku) const;
    std::deque<MinuteCount> reservationsPerMinute(const QString &sku) const;
    // The current sum over the nodes; 0 for an unknown SKU.
    qint64 available(const QString &sku) const;
    qint64 onHand(const QString &sku) const;
    int totalPoints() const { return m_totalPoints; }

Q_SIGNALS:
    // The points or the reservations of `sku` changed.
    void changed(const QString &sku);
    // After a commit, for each SKU whose sums changed (and the first time).
    void totalsChanged(const QString &sku, qint64 onHand, qint64 available);

private:
    struct NodeLevel
    {
        qint64 onHand = 0;
        qint64 available = 0;
    };
    struct SkuHistory
    {
        QHash<QString, NodeLevel> nodes;
        std::deque<Point> points;
        std::deque<MinuteCount> minutes;
        bool dirty = false;
    };

    QHash<QString, SkuHistory> m_skus;
    QList<QString> m_dirty;
    int m_totalPoints = 0;
};
