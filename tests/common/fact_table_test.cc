#include "common/fact_table.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

namespace district {
namespace {

std::vector<int> Rows(const FactTable<int>& table) {
  std::vector<int> rows;
  table.ForEach([&](int row) { rows.push_back(row); });
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(FactTable, PutReplacesAndEraseKeepsTheOthers) {
  FactTable<int> table;
  table.Put("a", 1);
  table.Put("b", 2);
  table.Put("c", 3);
  table.Put("b", 20);  // replaces
  EXPECT_EQ(Rows(table), (std::vector<int>{1, 3, 20}));
  table.Erase("a");  // the last row moves into the hole: its id must still find it
  EXPECT_EQ(Rows(table), (std::vector<int>{3, 20}));
  table.Modify("c", [](int& row) { row = 30; });
  table.Modify("a", [](int& row) { row = 99; });  // gone: nothing happens
  EXPECT_EQ(Rows(table), (std::vector<int>{20, 30}));
  table.Erase("c");
  table.Erase("nope");
  EXPECT_EQ(Rows(table), (std::vector<int>{20}));
  EXPECT_EQ(table.size(), 1u);
  EXPECT_EQ(table.Snapshot().at("b"), 20);
}

TEST(FactTable, ManyErasesInAnyOrder) {
  FactTable<int> table;
  for (int i = 0; i < 100; ++i) table.Put(std::to_string(i), i);
  for (int i = 0; i < 100; i += 3) table.Erase(std::to_string(i));
  for (int i = 1; i < 100; i += 3) table.Modify(std::to_string(i), [](int& row) { row += 1000; });
  int sum = 0, count = 0;
  table.ForEach([&](int row) {
    sum += row;
    ++count;
  });
  int expected = 0, expected_count = 0;
  for (int i = 0; i < 100; ++i) {
    if (i % 3 == 0) continue;
    expected += i % 3 == 1 ? i + 1000 : i;
    ++expected_count;
  }
  EXPECT_EQ(count, expected_count);
  EXPECT_EQ(sum, expected);
}

}  // namespace
}  // namespace district
