#include "omsctl/table.h"

#include <sstream>

#include <gtest/gtest.h>

namespace omsctl {
namespace {

TEST(TableTest, PadsColumnsToTheWidestCell) {
  Table table({"SKU", "QTY", "NAME"});
  table.AddRow({"SKU-LONGER", "2", "T-Shirt"});
  table.AddRow({"A", "10", "Cap"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "SKU         QTY  NAME\n"
            "SKU-LONGER  2    T-Shirt\n"
            "A           10   Cap\n");
}

TEST(TableTest, CountsUtf8CharactersNotBytes) {
  Table table({"NAME", "CITY"});
  table.AddRow({"Jürgen", "Köln"});
  table.AddRow({"Anna", "Bonn"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME    CITY\n"
            "Jürgen  Köln\n"
            "Anna    Bonn\n");
}

TEST(TableTest, EmptyTrailingCellsLeaveNoTrailingSpaces) {
  Table table({"A", "B"});
  table.AddRow({"x"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(), "A  B\nx\n");
}

TEST(PrintFieldsTest, AlignsValuesAndSkipsEmptyOnes) {
  std::ostringstream out;
  PrintFields({{"Order", "EU1-7Q2M-K9XD"}, {"Rejected", ""}, {"Status", "OK"}},
              out);
  EXPECT_EQ(out.str(),
            "Order   EU1-7Q2M-K9XD\n"
            "Status  OK\n");
}

}  // namespace
}  // namespace omsctl
