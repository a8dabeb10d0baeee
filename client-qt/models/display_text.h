#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <utility>

// How a status reads at a glance; views pick the colour.
enum class Tone { Neutral, Good, Progress, Warning, Bad };

// Words and formats for the values the server sends, shared by models and
// views. Enum values are the oms.v1 proto numbers, taken as int so that views
// need no generated headers.
namespace DisplayText {

QString orderStatus(int status);
Tone orderStatusTone(int status);
QString paymentStatus(int status);
Tone paymentStatusTone(int status);
QString fulfillmentStatus(int status);
Tone fulfillmentStatusTone(int status);
QString holdReason(int reason);
// oms.v1.CancelReason and oms.v1.CancelEffect.
QString cancelReason(int reason);
QString cancelEffect(int effect);
QString tenderType(int type);
QString tenderStatus(int status);
Tone tenderStatusTone(int status);
QString shipmentStatus(int status);
Tone shipmentStatusTone(int status);
// Ship (a parcel), Pickup (click and collect), Carry-out (handed over at the till).
QString shipmentKind(int kind);

// (proto value, label) of every order status a search can filter on.
QList<std::pair<int, QString>> orderStatusChoices();
// Channels the server knows today, for the search form's suggestions.
QStringList knownChannels();

// 123456 EUR -> "€1,234.56" in the user's locale; currencies without minor
// units (JPY) have no decimals. An empty currency shows the bare number.
QString money(qint64 amountMinor, const QString &currency);
// Local time, minutes precision: "2024-11-24 17:05". Empty for an invalid value.
QString dateTime(const QDateTime &value);

} // namespace DisplayText
