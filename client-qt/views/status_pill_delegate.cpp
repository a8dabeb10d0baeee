#include "views/status_pill_delegate.h"

#include "models/display_text.h"
#include "models/model_roles.h"
#include "views/desk_theme.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace {
constexpr int kPadX = 8;
constexpr int kMargin = 4;
} // namespace

void StatusPillDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    const QVariant tone = index.data(ToneRole);
    const QString text = index.data(Qt::DisplayRole).toString();
    if (!tone.isValid() || text.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QFontMetrics metrics(opt.font);
    const int height = qMin(metrics.height() + 4, opt.rect.height() - 2);
    // +2: horizontalAdvance rounds, the eliding below measures exactly.
    const int width = qMin(metrics.horizontalAdvance(text) + 2 * kPadX + 2, opt.rect.width() - 2 * kMargin);
    const bool right = index.data(Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignRight;
    const int left = right ? opt.rect.right() - kMargin - width : opt.rect.left() + kMargin;
    const QRect pill(left, opt.rect.center().y() - height / 2 + 1, width, height);
    const Tone t = static_cast<Tone>(tone.toInt());
    const QPalette &palette = opt.palette;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(pill), height / 2.0, height / 2.0);
    painter->fillPath(path, DeskTheme::toneBackground(t, palette));
    painter->setPen(DeskTheme::toneText(t, palette));
    painter->setFont(opt.font);
    painter->drawText(pill.adjusted(kPadX, 0, -kPadX, 0), Qt::AlignVCenter | Qt::AlignLeft,
                      metrics.elidedText(text, Qt::ElideRight, pill.width() - 2 * kPadX));
    painter->restore();
}

QSize StatusPillDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(ToneRole).isValid())
        size.rwidth() += 2 * kPadX + kMargin;
    return size;
}
