#include "models/stock_history.h"

#include <QTime>

#include <algorithm>

namespace {

struct Sums
{
    qint64 onHand = 0;
    qint64 available = 0;
};

template <typename Nodes>
Sums sumOf(const Nodes &nodes)
{
    Sums sums;
    for (const auto &level : nodes) {
        sums.onHand += level.onHand;
        sums.available += std::max<qint64>(level.available, 0);
    }
    return sums;
}

QDateTime minuteOf(const QDateTime &at)
{
    const QTime time = at.time();
    return QDateTime(at.date(), QTime(time.hour(), time.minute()), at.timeSpec());
}

} // namespace

StockHistory::StockHistory(QObject *parent) : QObject(parent) {}

void StockHistory::record(const QString &sku, const QString &nodeId, qint64 onHand, qint64 available)
{
    SkuHistory &history = m_skus[sku];
    auto it = history.nodes.find(nodeId);
    if (it != history.nodes.end() && it->onHand == onHand && it->available == available)
        return;
    history.nodes.insert(nodeId, {onHand, available});
    if (!history.dirty) {
        history.dirty = true;
        m_dirty.append(sku);
    }
}

void StockHistory::forget(const QString &sku, const QString &nodeId)
{
    auto it = m_skus.find(sku);
    if (it == m_skus.end() || !it->nodes.remove(nodeId))
        return;
    if (!it->dirty) {
        it->dirty = true;
        m_dirty.append(sku);
    }
}

void StockHistory::commit(const QDateTime &at)
{
    const QList<QString> dirty = std::exchange(m_dirty, {});
    for (const QString &sku : dirty) {
        auto it = m_skus.find(sku);
        if (it == m_skus.end())
            continue;
        it->dirty = false;
        const Sums sums = sumOf(it->nodes);
        auto &points = it->points;
        if (!points.empty() && points.back().onHand == sums.onHand
            && points.back().available == sums.available)
            continue;
        points.push_back({at, sums.onHand, sums.available});
        ++m_totalPoints;
        if (points.size() > 1
            && (points.size() > size_t(kMaxPointsPerSku) || m_totalPoints > kMaxPoints)) {
            points.pop_front();
            --m_totalPoints;
        }
        Q_EMIT totalsChanged(sku, sums.onHand, sums.available);
        Q_EMIT changed(sku);
    }
}

void StockHistory::addReserved(const QString &sku, qint64 units, const QDateTime &at)
{
    if (units <= 0)
        return;
    auto &minutes = m_skus[sku].minutes;
    const QDateTime minute = minuteOf(at);
    if (!minutes.empty() && minutes.back().minute == minute)
        minutes.back().units += units;
    else
        minutes.push_back({minute, units});
    const QDateTime oldest = minute.addSecs(-60 * (kMaxMinutes - 1));
    while (minutes.front().minute < oldest)
        minutes.pop_front();
    Q_EMIT changed(sku);
}

void StockHistory::clear()
{
    m_skus.clear();
    m_dirty.clear();
    m_totalPoints = 0;
}

std::deque<StockHistory::Point> StockHistory::points(const QString &sku) const
{
    auto it = m_skus.constFind(sku);
    return it == m_skus.constEnd() ? std::deque<Point>{} : it->points;
}

std::deque<StockHistory::MinuteCount> StockHistory::reservationsPerMinute(const QString &sku) const
{
    auto it = m_skus.constFind(sku);
    return it == m_skus.constEnd() ? std::deque<MinuteCount>{} : it->minutes;
}

qint64 StockHistory::available(const QString &sku) const
{
    auto it = m_skus.constFind(sku);
    return it == m_skus.constEnd() ? 0 : sumOf(it->nodes).available;
}

qint64 StockHistory::onHand(const QString &sku) const
{
    auto it = m_skus.constFind(sku);
    return it == m_skus.constEnd() ? 0 : sumOf(it->nodes).onHand;
}
