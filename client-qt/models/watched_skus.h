#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

// The SKUs a person keeps an eye on, remembered in QSettings
// ("inventory/watchedSkus"), and the alert when one runs out: observe()
// hears a SKU's available (summed over the dashboard's nodes) and emits
// ranOut once when a watched SKU reaches 0, then not again until it came
// back above 0 (cameBack).
class WatchedSkus final : public QObject
{
    Q_OBJECT

public:
    // Reads the list from QSettings.
    explicit WatchedSkus(QObject *parent = nullptr);

    bool isWatched(const QString &sku) const { return m_watched.contains(sku); }
    void setWatched(const QString &sku, bool watched);
    QStringList skus() const;
    // Watched SKUs that ran out and have not come back, in the order they ran out.
    QStringList outOfStock() const { return m_out; }

    // The current available of `sku`; anything but a watched SKU is ignored.
    void observe(const QString &sku, qint64 available);

Q_SIGNALS:
    void watchedChanged(const QString &sku, bool watched);
    void ranOut(const QString &sku);
    void cameBack(const QString &sku);

private:
    void save() const;

    QSet<QString> m_watched;
    QStringList m_out;
};
