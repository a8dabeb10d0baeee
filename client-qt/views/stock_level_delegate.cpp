#include "views/stock_level_delegate.h"

#include "models/display_text.h"
#include "models/stock_model.h"
#include "views/desk_theme.h"
#include "views/status_pill_delegate.h"

#include <QPainter>

StockLevelDelegate::StockLevelDelegate(QObject *parent)
    : QStyledItemDelegate(parent), m_pills(new StatusPillDelegate(this))
{
}

void StockLevelDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    const QVariant state = index.data(StockModel::StockStateRole);
    if (state.isValid() && !(option.state & QStyle::State_Selected)) {
        const Tone tone = state.toInt() == int(StockModel::StockState::Out) ? Tone::Bad : Tone::Warning;
        QColor tint = DeskTheme::toneBackground(tone, option.palette);
        tint.setAlphaF(0.45f * tint.alphaF());
        painter->fillRect(option.rect, tint);
    }
    m_pills->paint(painter, option, index);
}

QSize StockLevelDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return m_pills->sizeHint(option, index);
}
