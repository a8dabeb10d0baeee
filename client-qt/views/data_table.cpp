#include "views/data_table.h"

#include "views/status_pill_delegate.h"

#include <QHeaderView>
#include <QTableView>

void setUpDataTable(QTableView *table)
{
    table->setItemDelegate(new StatusPillDelegate(table));
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    table->horizontalHeader()->setHighlightSections(false);
}
