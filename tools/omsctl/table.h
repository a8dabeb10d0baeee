#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace omsctl {

// A plain-text table for a terminal: a header row, then rows, columns padded
// to their widest cell (counted in UTF-8 characters) and separated by two
// spaces. Trailing spaces are trimmed. Short rows are padded with "".
class Table {
 public:
  explicit Table(std::vector<std::string> headers);

  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// "Label    value" lines with the values aligned, for one record. Fields
// whose value is empty are left out.
using Fields = std::vector<std::pair<std::string, std::string>>;
void PrintFields(const Fields& fields, std::ostream& out);

// Characters (not bytes) in a UTF-8 string, for alignment.
size_t DisplayWidth(const std::string& text);

}  // namespace omsctl
