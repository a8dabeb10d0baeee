#pragma once

#include <QList>
#include <QToolButton>

class QMenu;

// A button with a menu of order statuses to tick; none ticked means any.
class StatusFilterButton final : public QToolButton
{
    Q_OBJECT

public:
    explicit StatusFilterButton(QWidget *parent = nullptr);

    // oms.v1.OrderStatus values, in menu order.
    QList<int> selected() const;
    void setSelected(const QList<int> &statuses);

Q_SIGNALS:
    void selectionChanged();

private:
    void updateText();

    QMenu *m_menu;
};
