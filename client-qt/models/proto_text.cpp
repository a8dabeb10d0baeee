#include "models/proto_text.h"

#include "models/display_text.h"

#include "oms/v1/common.pb.h"
#include "oms/v1/order.pb.h"

#include <google/protobuf/timestamp.pb.h>

namespace ProtoText {

QDateTime dateTime(const google::protobuf::Timestamp &timestamp)
{
    if (timestamp.seconds() == 0 && timestamp.nanos() == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(timestamp.seconds() * 1000 + timestamp.nanos() / 1000000,
                                          Qt::UTC);
}

void setTimestamp(google::protobuf::Timestamp *timestamp, const QDateTime &value)
{
    const qint64 ms = value.toMSecsSinceEpoch();
    timestamp->set_seconds(ms / 1000);
    timestamp->set_nanos(int(ms % 1000) * 1000000);
}

QString money(const oms::v1::Money &money)
{
    return DisplayText::money(money.amount_minor(), QString::fromStdString(money.currency()));
}

QString hold(const oms::v1::Hold &hold)
{
    QString text = DisplayText::holdReason(hold.reason());
    if (!hold.note().empty())
        text += QStringLiteral(" — ") + str(hold.note());
    const QDateTime since = dateTime(hold.placed_at());
    if (since.isValid())
        text += QStringLiteral(" (since %1)").arg(DisplayText::dateTime(since));
    return text;
}

} // namespace ProtoText
