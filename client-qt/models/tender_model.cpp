#include "models/tender_model.h"

#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/proto_text.h"

#include "oms/v1/order.pb.h"

using ProtoText::str;

TenderModel::TenderModel(QObject *parent) : FlatTableModel(parent) {}

TenderModel::~TenderModel() = default;

void TenderModel::setOrder(const oms::v1::Order &order)
{
    replaceRows(m_tenders, std::vector<oms::v1::Tender>(order.tenders().begin(), order.tenders().end()),
                [](const oms::v1::Tender &a, const oms::v1::Tender &b) {
                    return a.tender_id() == b.tender_id();
                });
}

void TenderModel::clear()
{
    replaceRows(m_tenders, {}, [](const auto &, const auto &) { return false; });
}

int TenderModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tenders.size());
}

int TenderModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TenderModel::rawValue(const oms::v1::Tender &tender, int column) const
{
    switch (column) {
    case TypeColumn: return int(tender.type());
    case AmountColumn: return qint64(tender.amount().amount_minor());
    case StatusColumn: return int(tender.status());
    case AuthorizedColumn: return qint64(tender.authorized_minor());
    case CapturedColumn: return qint64(tender.captured_minor());
    case RefundedColumn: return qint64(tender.refunded_minor());
    case VoidedColumn: return qint64(tender.voided_minor());
    case GatewayColumn: return str(tender.gateway());
    case CardColumn: return str(tender.card_last4());
    case PaymentRefColumn: return str(tender.payment_ref());
    case DeclineReasonColumn: return str(tender.decline_reason());
    default: return {};
    }
}

QVariant TenderModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &tender = m_tenders[size_t(index.row())];
    const int column = index.column();
    const QString currency = str(tender.amount().currency());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TypeColumn: return DisplayText::tenderType(tender.type());
        case StatusColumn: return DisplayText::tenderStatus(tender.status());
        case AmountColumn:
        case AuthorizedColumn:
        case CapturedColumn:
        case RefundedColumn:
        case VoidedColumn:
            return DisplayText::money(rawValue(tender, column).toLongLong(), currency);
        case CardColumn:
            return tender.card_last4().empty() ? QString()
                                               : QStringLiteral("•••• %1").arg(str(tender.card_last4()));
        default: return rawValue(tender, column);
        }
    case RawValueRole: return rawValue(tender, column);
    case KeyRole: return str(tender.tender_id());
    case ToneRole:
        if (column == StatusColumn)
            return int(DisplayText::tenderStatusTone(tender.status()));
        return {};
    case Qt::TextAlignmentRole:
        if (column >= AmountColumn && column <= VoidedColumn && column != StatusColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant TenderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[ColumnCount] = {
            "Tender", "Amount", "Status", "Authorized", "Captured", "Refunded",
            "Voided", "Gateway", "Card", "Payment ref", "Decline reason"};
    if (role == Qt::DisplayRole)
        return QString::fromLatin1(titles[section]);
    return {};
}
