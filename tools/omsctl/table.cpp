#include "omsctl/table.h"

#include <algorithm>

namespace omsctl {
namespace {

void PrintPadded(const std::string& text, size_t width, std::ostream& out) {
  out << text;
  for (size_t i = DisplayWidth(text); i < width; ++i) out << ' ';
}

void PrintRow(const std::vector<std::string>& cells,
              const std::vector<size_t>& widths, std::ostream& out) {
  // The last non-empty cell ends the line, so no trailing spaces.
  size_t last = cells.size();
  while (last > 0 && cells[last - 1].empty()) --last;
  for (size_t i = 0; i < last; ++i) {
    if (i > 0) out << "  ";
    if (i + 1 == last) {
      out << cells[i];
    } else {
      PrintPadded(cells[i], widths[i], out);
    }
  }
  out << '\n';
}

}  // namespace

size_t DisplayWidth(const std::string& text) {
  // Count every byte that does not continue a multi-byte sequence.
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(headers_.size());
  for (size_t i = 0; i < headers_.size(); ++i) {
    widths[i] = DisplayWidth(headers_[i]);
    for (const auto& row : rows_) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  PrintRow(headers_, widths, out);
  for (const auto& row : rows_) PrintRow(row, widths, out);
}

void PrintFields(const Fields& fields, std::ostream& out) {
  size_t width = 0;
  for (const auto& [label, value] : fields) {
    if (!value.empty()) width = std::max(width, DisplayWidth(label));
  }
  for (const auto& [label, value] : fields) {
    if (value.empty()) continue;
    PrintPadded(label, width + 2, out);
    out << value << '\n';
  }
}

}  // namespace omsctl
