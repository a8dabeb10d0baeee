#pragma once

class QTableView;

// The one look of every data table in oms-desk: status pills, whole-row
// selection, alternating rows, one line per row, no row numbers, compact
// row height. Views add their own selection mode, widths and stretch.
void setUpDataTable(QTableView *table);
