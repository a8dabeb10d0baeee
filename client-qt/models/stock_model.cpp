#include "models/stock_model.h"

#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/proto_text.h"
#include "models/retry_schedule.h"
#include "models/stock_history.h"
#include "models/watched_skus.h"
#include "services/inventory_client.h"
#include "services/pending_call.h"
#include "services/stock_watch.h"

#include "oms/v1/inventory_service.pb.h"


#include <algorithm>
#include <tuple>

using ProtoText::str;

namespace {

constexpr size_t kMaxRows = 100000;

auto keyOf(const oms::v1::StockLevel &level)
{
    return std::tie(level.sku(), level.node_id());
}

bool sameNumbers(const oms::v1::StockLevel &a, const oms::v1::StockLevel &b)
{
    return a.on_hand() == b.on_hand() && a.reserved() == b.reserved()
            && a.safety_stock() == b.safety_stock() && a.available() == b.available()
            && a.region() == b.region();
}

} // namespace

StockModel::StockModel(InventoryClient *client, QObject *parent)
    : QAbstractTableModel(parent),
      m_client(client),
      m_retry(new RetrySchedule(client->connection(), this)),
      m_watch(new StockWatch(client, this)),
      m_watchRetry(new RetrySchedule(client->connection(), this)),
      m_history(new StockHistory(this))
{
    m_autoTimer.setInterval(kDefaultIntervalMs);
    connect(&m_autoTimer, &QTimer::timeout, this, [this] {
        // A refresh still on its way (a slow server) is not started twice.
        if (!isBusy() && !m_retry->isPending())
            refresh();
    });
    connect(m_retry, &RetrySchedule::due, this, &StockModel::refresh);
    connect(m_watch, &StockWatch::message, this, &StockModel::takeWatchMessage);
    connect(m_watch, &StockWatch::ended, this, &StockModel::watchEnded);
    connect(m_watchRetry, &RetrySchedule::due, this, &StockModel::startWatch);
}

StockModel::~StockModel() = default;

void StockModel::setFilter(const QString &nodeId, const QString &region)
{
    if (nodeId == m_nodeId && region == m_region)
        return;
    m_nodeId = nodeId;
    m_region = region;
    // Sums over other nodes are another story, begun by the next reload.
    m_history->clear();
    m_historyReady = false;
    if (m_autoRefresh) {
        // Another filter is another stream; its resume point means nothing here.
        m_watchSequence = 0;
        setLive(false);
        startWatch();
    }
    refresh();
}

void StockModel::refresh()
{
    if (m_pending)
        m_pending->abandon();
    m_retry->reset();
    ++m_generation;
    m_buffer.clear();
    requestPage({});
    Q_EMIT busyChanged(true);
}

void StockModel::setAutoRefresh(bool on)
{
    if (on == m_autoRefresh)
        return;
    m_autoRefresh = on;
    if (on) {
        // Reloads until the watch answers, and whenever it is down.
        m_autoTimer.start();
        startWatch();
    } else {
        m_autoTimer.stop();
        m_watch->stop();
        m_watchRetry->reset();
        setLive(false);
    }
}

void StockModel::startWatch()
{
    if (!m_autoRefresh)
        return;
    oms::v1::WatchInventoryRequest request;
    request.set_node_id(m_nodeId.toStdString());
    request.set_region(m_region.toStdString());
    request.set_after_sequence(m_watchSequence);
    m_watchFromNow = m_watchSequence == 0;
    m_watch->start(request);
}

void StockModel::takeWatchMessage(const oms::v1::WatchInventoryResponse &message)
{
    m_watchSequence = message.sequence();
    if (!m_live) {
        m_watchRetry->reset();
        setLive(true);
        // From now: what changed before the stream opened comes from one
        // reload. Resumed: the stream itself brings everything missed.
        if (m_watchFromNow)
            refresh();
    }
    if (!message.has_change())
        return;
    const auto &change = message.change();
    // Before the first reload of this filter the model does not know the
    // SKU's other nodes: that reload brings this change along with them.
    if (!applyLevel(change.level()) || !m_historyReady)
        return;
    const QDateTime now = QDateTime::currentDateTime();
    const QString sku = str(change.level().sku());
    m_history->record(sku, str(change.level().node_id()), change.level().on_hand(),
                      change.level().available());
    m_history->commit(now);
    if (change.delta_reserved() > 0)
        m_history->addReserved(sku, change.delta_reserved(), now);
}

void StockModel::watchEnded(const CallError &error)
{
    if (!m_autoRefresh)
        return;
    setLive(false);
    switch (error.watchNext()) {
    case CallError::WatchNext::StartOver:
        // The server does not know our resume point (another server, a
        // restored store): start again from now, with a reload.
        m_watchSequence = 0;
        m_watchRetry->schedule();
        break;
    case CallError::WatchNext::GiveUp:
        // No watch to be had (an older server, a role without it): keep
        // reloading on the timer.
        break;
    case CallError::WatchNext::Resume:
        m_watchRetry->schedule();
        break;
    }
}

void StockModel::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    if (m_autoRefresh) {
        if (live)
            m_autoTimer.stop();
        else
            m_autoTimer.start();
    }
    Q_EMIT liveChanged(live);
}

bool StockModel::applyLevel(const oms::v1::StockLevel &level)
{
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), keyOf(level),
                               [](const auto &row, const auto &key) { return keyOf(row) < key; });
    const int row = int(it - m_rows.begin());
    if (it != m_rows.end() && keyOf(*it) == keyOf(level)) {
        if (level.version() < it->version() || sameNumbers(*it, level))
            return false;
        *it = level;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        beginInsertRows({}, row, row);
        m_rows.insert(it, level);
        endInsertRows();
    }
    m_lastUpdated = QDateTime::currentDateTime();
    Q_EMIT refreshed();
    return true;
}

void StockModel::requestPage(const QString &pageToken)
{
    oms::v1::ListStockRequest request;
    request.set_node_id(m_nodeId.toStdString());
    request.set_region(m_region.toStdString());
    request.mutable_page()->set_page_size(kPageSize);
    request.mutable_page()->set_page_token(pageToken.toStdString());
    auto *reply = m_client->listStock(request, this);
    m_pending = reply;
    const quint64 generation = m_generation;
    connect(reply, &PendingCall::finished, this,
            [this, reply, generation] { takePage(reply, generation); });
}

void StockModel::takePage(PendingReply<oms::v1::ListStockResponse> *reply, quint64 generation)
{
    if (generation != m_generation)
        return;
    m_pending = nullptr;
    if (reply->error().isError()) {
        m_buffer.clear();
        setError(reply->error());
        Q_EMIT busyChanged(false);
        if (reply->error().isTransient())
            m_retry->schedule();
        return;
    }
    const auto &page = reply->result();
    m_buffer.insert(m_buffer.end(), page.levels().begin(), page.levels().end());
    const QString next = str(page.next_page_token());
    if (!next.isEmpty() && m_buffer.size() < kMaxRows) {
        requestPage(next);
        return;
    }
    m_retry->reset();
    setError({});
    setLevels(std::move(m_buffer));
    m_buffer.clear();
    m_lastUpdated = QDateTime::currentDateTime();
    Q_EMIT busyChanged(false);
    Q_EMIT refreshed();
}

void StockModel::setLevels(std::vector<oms::v1::StockLevel> next)
{
    std::sort(next.begin(), next.end(),
              [](const auto &a, const auto &b) { return keyOf(a) < keyOf(b); });
    next.erase(std::unique(next.begin(), next.end(),
                           [](const auto &a, const auto &b) { return keyOf(a) == keyOf(b); }),
               next.end());

    // Count the structural changes first: many of them (a new filter) are
    // one reset, a few (a periodic refresh) are applied one by one.
    int structural = 0;
    for (size_t i = 0, j = 0; i < m_rows.size() || j < next.size();) {
        if (j == next.size() || (i < m_rows.size() && keyOf(m_rows[i]) < keyOf(next[j]))) {
            ++structural;
            m_history->forget(str(m_rows[i].sku()), str(m_rows[i].node_id()));
            ++i;
        } else if (i == m_rows.size() || keyOf(next[j]) < keyOf(m_rows[i])) {
            ++structural;
            ++j;
        } else {
            ++i;
            ++j;
        }
    }
    for (const auto &level : next)
        m_history->record(str(level.sku()), str(level.node_id()), level.on_hand(), level.available());
    m_history->commit(QDateTime::currentDateTime());
    m_historyReady = true;
    if (structural > kMaxIncrementalChanges) {
        beginResetModel();
        m_rows = std::move(next);
        endResetModel();
        return;
    }

    size_t i = 0;
    size_t j = 0;
    while (i < m_rows.size() || j < next.size()) {
        if (j == next.size() || (i < m_rows.size() && keyOf(m_rows[i]) < keyOf(next[j]))) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.erase(m_rows.begin() + qsizetype(i));
            endRemoveRows();
        } else if (i == m_rows.size() || keyOf(next[j]) < keyOf(m_rows[i])) {
            beginInsertRows({}, int(i), int(i));
            m_rows.insert(m_rows.begin() + qsizetype(i), std::move(next[j]));
            endInsertRows();
            ++i;
            ++j;
        } else {
            if (!sameNumbers(m_rows[i], next[j])) {
                m_rows[i] = std::move(next[j]);
                Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
            ++i;
            ++j;
        }
    }
}

void StockModel::setLowThreshold(qint64 units)
{
    if (units == m_lowThreshold)
        return;
    m_lowThreshold = units;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

StockModel::StockState StockModel::stateOf(qint64 available, qint64 safetyStock) const
{
    if (available <= 0)
        return StockState::Out;
    if (available <= std::max(safetyStock, m_lowThreshold))
        return StockState::Low;
    return StockState::Enough;
}

void StockModel::setWatchedSkus(WatchedSkus *watched)
{
    if (m_watched)
        disconnect(m_watched, nullptr, this, nullptr);
    m_watched = watched;
    if (watched)
        connect(watched, &WatchedSkus::watchedChanged, this, &StockModel::watchedChanged);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, WatchColumn), index(rowCount() - 1, WatchColumn));
}

void StockModel::watchedChanged(const QString &sku)
{
    const std::string key = sku.toStdString();
    auto first = std::lower_bound(m_rows.begin(), m_rows.end(), key,
                                  [](const auto &row, const std::string &k) { return row.sku() < k; });
    auto last = first;
    while (last != m_rows.end() && last->sku() == key)
        ++last;
    if (first != last)
        Q_EMIT dataChanged(index(int(first - m_rows.begin()), WatchColumn),
                           index(int(last - m_rows.begin()) - 1, WatchColumn));
}

QString StockModel::skuAt(int row) const
{
    return row >= 0 && row < rowCount() ? str(m_rows[size_t(row)].sku()) : QString();
}

void StockModel::setNodeNames(const QHash<QString, QString> &names)
{
    m_nodeNames = names;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, NodeColumn), index(rowCount() - 1, NodeColumn), {Qt::DisplayRole});
}

void StockModel::setError(const CallError &error)
{
    const bool changed = error.message() != m_error.message();
    m_error = error;
    if (changed)
        Q_EMIT errorChanged(error.message());
}

int StockModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StockModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StockModel::rawValue(const oms::v1::StockLevel &level, int column) const
{
    switch (column) {
    case SkuColumn: return str(level.sku());
    case NodeColumn: return str(level.node_id());
    case RegionColumn: return str(level.region());
    case OnHandColumn: return qint64(level.on_hand());
    case ReservedColumn: return qint64(level.reserved());
    case SafetyStockColumn: return qint64(level.safety_stock());
    case AvailableColumn: return qint64(level.available());
    case WatchColumn: return m_watched && m_watched->isWatched(str(level.sku()));
    default: return {};
    }
}

QVariant StockModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &level = m_rows[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        if (column == WatchColumn)
            return {};
        if (column == NodeColumn) {
            const QString id = str(level.node_id());
            const QString name = m_nodeNames.value(id);
            return name.isEmpty() ? id : QStringLiteral("%1 — %2").arg(id, name);
        }
        return rawValue(level, column);
    case RawValueRole: return rawValue(level, column);
    case KeyRole: return QStringList{str(level.sku()), str(level.node_id())};
    case ToneRole:
        // Only what needs attention stands out: nothing or little left to sell.
        if (column == AvailableColumn) {
            switch (stateOf(level.available(), level.safety_stock())) {
            case StockState::Out: return int(Tone::Bad);
            case StockState::Low: return int(Tone::Warning);
            case StockState::Enough: return {};
            }
        }
        return {};
    case StockStateRole: {
        const StockState state = stateOf(level.available(), level.safety_stock());
        return state == StockState::Enough ? QVariant() : QVariant(int(state));
    }
    case Qt::CheckStateRole:
        if (column == WatchColumn && m_watched)
            return m_watched->isWatched(str(level.sku())) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        if (column == WatchColumn)
            return QStringLiteral("Watch %1: alert when it runs out").arg(str(level.sku()));
        return {};
    case Qt::TextAlignmentRole:
        if (column >= OnHandColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant StockModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[ColumnCount] = {"SKU",      "Node",         "Region",
                                                    "On hand",  "Reserved",     "Safety stock",
                                                    "Available", "Watch"};
    if (role == Qt::DisplayRole)
        return QString::fromLatin1(titles[section]);
    if (role == Qt::ToolTipRole && section == AvailableColumn)
        return QStringLiteral("On hand − reserved − safety stock");
    if (role == Qt::ToolTipRole && section == WatchColumn)
        return QStringLiteral("Watched SKUs raise an alert when they run out at the nodes shown");
    return {};
}

Qt::ItemFlags StockModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == WatchColumn && m_watched)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool StockModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || index.column() != WatchColumn || role != Qt::CheckStateRole || !m_watched)
        return false;
    // WatchedSkus tells every row of the SKU (watchedChanged).
    m_watched->setWatched(skuAt(index.row()), value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}
