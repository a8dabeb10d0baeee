#pragma once

#include <QStyledItemDelegate>

class StatusPillDelegate;

// The stock table's cells: a low or out-of-stock row (StockModel's
// StockStateRole) is tinted amber or red across every column, and tone cells
// are drawn as pills by StatusPillDelegate.
class StockLevelDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit StockLevelDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    StatusPillDelegate *m_pills;
};
