#pragma once

#include "models/order_search_filter.h"

#include <QObject>
#include <QStringList>
#include <QVariantMap>

// Order searches kept by name on this computer (QSettings, group
// "savedSearches"), e.g. "Fraud holds in EU1" or "Today's express orders".
// A name saved again replaces the search it had. Dates are kept as
// written: a search saved for "from 1 March" stays so.
class SavedSearches final : public QObject
{
    Q_OBJECT

public:
    explicit SavedSearches(QObject *parent = nullptr);

    QStringList names() const; // sorted, case-insensitive
    bool contains(const QString &name) const;
    OrderSearchFilter filter(const QString &name) const;
    // Empty on success; else why not (an empty name, a filter with nothing in it).
    QString save(const QString &name, const OrderSearchFilter &filter);
    void remove(const QString &name);

    static QVariantMap toVariant(const OrderSearchFilter &filter);
    static OrderSearchFilter fromVariant(const QVariantMap &map);

Q_SIGNALS:
    void changed();
};
