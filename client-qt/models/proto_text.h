#pragma once

#include <QDateTime>
#include <QString>

#include <string>

namespace google::protobuf {
class Timestamp;
}
namespace oms::v1 {
class Hold;
class Money;
} // namespace oms::v1

// Conversions between generated protobuf types and Qt types, for the models
// and services only (views see Qt types).
namespace ProtoText {

inline QString str(const std::string &value) { return QString::fromStdString(value); }
// Invalid QDateTime for an unset timestamp.
QDateTime dateTime(const google::protobuf::Timestamp &timestamp);
void setTimestamp(google::protobuf::Timestamp *timestamp, const QDateTime &value);
QString money(const oms::v1::Money &money);
// "Fraud review — score 87 (since 2024-11-24 17:05)", parts left out when empty.
QString hold(const oms::v1::Hold &hold);

} // namespace ProtoText
