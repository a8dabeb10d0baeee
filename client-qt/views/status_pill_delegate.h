#pragma once

#include <QStyledItemDelegate>

// Draws cells that have a ToneRole as a coloured pill around their text, so
// statuses read at a glance; other cells are drawn as usual.
class StatusPillDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
