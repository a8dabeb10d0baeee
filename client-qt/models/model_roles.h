#pragma once

#include <Qt>

// Roles every desk model answers besides the standard ones.
enum DeskRole : int {
    // The unformatted value of a cell (qint64 minor units, QDateTime, int
    // enum value, QString): what sorting compares, never the display text.
    RawValueRole = Qt::UserRole + 1,
    // A Tone (display_text.h) for status cells, drawn as a coloured pill.
    ToneRole,
    // The identity of the row (order id, node id...), the same in every column.
    KeyRole,
};
