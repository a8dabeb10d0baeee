#pragma once

#include <QAbstractTableModel>

#include <vector>

// Base of the small per-order tables (lines, tenders, events): rows replaced
// wholesale from each fresh copy of the order.
class FlatTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    // Replaces `rows` with `next` and tells the views: when every row keeps
    // its identity (`sameRow`) and the count is unchanged, one dataChanged
    // (selection and scroll position stay); otherwise a reset, which costs
    // nothing at a few dozen rows.
    template <typename Row, typename SameRow>
    void replaceRows(std::vector<Row> &rows, std::vector<Row> next, SameRow sameRow)
    {
        bool sameShape = rows.size() == next.size();
        for (size_t i = 0; sameShape && i < rows.size(); ++i)
            sameShape = sameRow(rows[i], next[i]);
        if (sameShape) {
            rows = std::move(next);
            if (!rows.empty())
                Q_EMIT dataChanged(index(0, 0), index(int(rows.size()) - 1, columnCount() - 1));
            return;
        }
        beginResetModel();
        rows = std::move(next);
        endResetModel();
    }
};
