#include "models/saved_searches.h"

#include <QCollator>
#include <QSettings>
#include <QUrl>

#include <algorithm>

namespace {
const QString kGroup = QStringLiteral("savedSearches");
constexpr int kMaxName = 80;

// QSettings keys treat '/' and '\' specially: names are stored percent-encoded.
QString keyOf(const QString &name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}
} // namespace

SavedSearches::SavedSearches(QObject *parent) : QObject(parent)
{
}

QStringList SavedSearches::names() const
{
    QSettings settings;
    settings.beginGroup(kGroup);
    QStringList names;
    for (const QString &key : settings.childKeys())
        names.append(QUrl::fromPercentEncoding(key.toLatin1()));
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(names.begin(), names.end(), collator);
    return names;
}

bool SavedSearches::contains(const QString &name) const
{
    QSettings settings;
    return settings.contains(kGroup + QLatin1Char('/') + keyOf(name));
}

OrderSearchFilter SavedSearches::filter(const QString &name) const
{
    QSettings settings;
    return fromVariant(settings.value(kGroup + QLatin1Char('/') + keyOf(name)).toMap());
}

QString SavedSearches::save(const QString &name, const OrderSearchFilter &filter)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("Give the search a name.");
    if (trimmed.size() > kMaxName)
        return QStringLiteral("A name has at most %1 characters.").arg(kMaxName);
    if (filter == OrderSearchFilter())
        return QStringLiteral("Fill in at least one filter: a search for everything needs no name.");
    QSettings settings;
    settings.setValue(kGroup + QLatin1Char('/') + keyOf(trimmed), toVariant(filter));
    Q_EMIT changed();
    return {};
}

void SavedSearches::remove(const QString &name)
{
    QSettings settings;
    settings.remove(kGroup + QLatin1Char('/') + keyOf(name));
    Q_EMIT changed();
}

QVariantMap SavedSearches::toVariant(const OrderSearchFilter &f)
{
    QVariantList statuses;
    for (int status : f.statuses)
        statuses.append(status);
    QVariantMap map;
    auto put = [&map](const char *key, const QString &value) {
        if (!value.trimmed().isEmpty())
            map.insert(QString::fromLatin1(key), value.trimmed());
    };
    put("orderNumber", f.orderNumber);
    put("email", f.email);
    put("phone", f.phone);
    put("customerName", f.customerName);
    put("sku", f.sku);
    put("channel", f.channel);
    put("nodeId", f.nodeId);
    put("region", f.region);
    if (!statuses.isEmpty())
        map.insert(QStringLiteral("statuses"), statuses);
    if (f.createdFrom.isValid())
        map.insert(QStringLiteral("createdFrom"), f.createdFrom.toString(Qt::ISODate));
    if (f.createdTo.isValid())
        map.insert(QStringLiteral("createdTo"), f.createdTo.toString(Qt::ISODate));
    return map;
}

OrderSearchFilter SavedSearches::fromVariant(const QVariantMap &map)
{
    OrderSearchFilter f;
    auto get = [&map](const char *key) { return map.value(QString::fromLatin1(key)).toString(); };
    f.orderNumber = get("orderNumber");
    f.email = get("email");
    f.phone = get("phone");
    f.customerName = get("customerName");
    f.sku = get("sku");
    f.channel = get("channel");
    f.nodeId = get("nodeId");
    f.region = get("region");
    for (const QVariant &status : map.value(QStringLiteral("statuses")).toList())
        f.statuses.append(status.toInt());
    f.createdFrom = QDate::fromString(get("createdFrom"), Qt::ISODate);
    f.createdTo = QDate::fromString(get("createdTo"), Qt::ISODate);
    return f;
}
