#include "models/watched_skus.h"

#include <QSettings>

#include <algorithm>

namespace {
const QString kSettingsKey = QStringLiteral("inventory/watchedSkus");
} // namespace

WatchedSkus::WatchedSkus(QObject *parent) : QObject(parent)
{
    const QStringList saved = QSettings().value(kSettingsKey).toStringList();
    m_watched = QSet<QString>(saved.begin(), saved.end());
}

void WatchedSkus::setWatched(const QString &sku, bool watched)
{
    if (sku.isEmpty() || watched == isWatched(sku))
        return;
    if (watched) {
        m_watched.insert(sku);
    } else {
        m_watched.remove(sku);
        if (m_out.removeOne(sku))
            Q_EMIT cameBack(sku);
    }
    save();
    Q_EMIT watchedChanged(sku, watched);
}

QStringList WatchedSkus::skus() const
{
    QStringList list(m_watched.begin(), m_watched.end());
    std::sort(list.begin(), list.end());
    return list;
}

void WatchedSkus::observe(const QString &sku, qint64 available)
{
    if (!isWatched(sku))
        return;
    const bool out = m_out.contains(sku);
    if (available <= 0 && !out) {
        m_out.append(sku);
        Q_EMIT ranOut(sku);
    } else if (available > 0 && out) {
        m_out.removeOne(sku);
        Q_EMIT cameBack(sku);
    }
}

void WatchedSkus::save() const
{
    QSettings().setValue(kSettingsKey, skus());
}
