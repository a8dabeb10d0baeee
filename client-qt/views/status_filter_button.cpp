#include "views/status_filter_button.h"

#include "models/display_text.h"

#include <QMenu>

StatusFilterButton::StatusFilterButton(QWidget *parent)
    : QToolButton(parent), m_menu(new QMenu(this))
{
    for (const auto &[status, label] : DisplayText::orderStatusChoices()) {
        QAction *action = m_menu->addAction(label);
        action->setCheckable(true);
        action->setData(status);
        connect(action, &QAction::toggled, this, [this] {
            updateText();
            Q_EMIT selectionChanged();
        });
    }
    setMenu(m_menu);
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(QStringLiteral("Order statuses to include; none ticked means any"));
    updateText();
}

QList<int> StatusFilterButton::selected() const
{
    QList<int> statuses;
    for (const QAction *action : m_menu->actions())
        if (action->isChecked())
            statuses.append(action->data().toInt());
    return statuses;
}

void StatusFilterButton::setSelected(const QList<int> &statuses)
{
    for (QAction *action : m_menu->actions()) {
        const QSignalBlocker blocker(action);
        action->setChecked(statuses.contains(action->data().toInt()));
    }
    updateText();
    Q_EMIT selectionChanged();
}

void StatusFilterButton::updateText()
{
    const QList<int> statuses = selected();
    if (statuses.isEmpty())
        setText(QStringLiteral("Any status"));
    else if (statuses.size() == 1)
        setText(DisplayText::orderStatus(statuses.front()));
    else
        setText(QStringLiteral("%1 statuses").arg(statuses.size()));
}
