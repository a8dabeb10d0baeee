#pragma once

class QAbstractItemModel;
class QIODevice;
class QString;

// Writes the rows of a flat model as CSV (RFC 4180: comma separated, fields
// with commas, quotes or line breaks quoted, CRLF line ends, UTF-8): one
// header line from headerData, then the display text of every cell.
// Returns false with a sentence in *error if the device fails.
bool writeCsv(const QAbstractItemModel &model, QIODevice *device, QString *error = nullptr);
