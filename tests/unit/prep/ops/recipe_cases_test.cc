// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Data-driven recipe cases: every directory under tests/data/prep/cases/ that holds input.csv and
// recipe.json is one test (RecipeCases/RecipeCaseTest.Run/<dir>). Files of a case:
//   input.csv             the input table (header row required; a header-only file is an empty
//                         table of text columns)
//   recipe.json           {"description": "...", "steps": [...]} (ParseRecipe's format)
//   expected.csv          the expected result: same column names in order, same row count,
//                         compatible types (see TypesCompatible), equal values as text
//                         (Column::ToString; floats within a 1e-9 relative tolerance; nulls match
//                         nulls). A header-only file expects zero rows.
//   expected_error.json   instead of expected.csv: {"code": "INVALID_ARGUMENT",
//                         "message_contains": "..." or [...]} (both optional); parse or apply
//                         must fail that way.
//   expected_types.json   optional {"column": "float64", ...}: exact result types.
//   other_<alias>.csv     tables served to ApplyContext::load_dataset under <alias> (joins).
//   replay_input.csv      optional: the fitted recipe (with its learned state) is applied to
//   replay_expected.csv   this table and must give replay_expected.csv (or fail as described
//   replay_expected_error.json  by replay_expected_error.json).
// Every successful case is also checked for determinism (a second run gives the same CSV) and
// for replay: the fitted recipe, serialized with its state and parsed again, reproduces the
// result on the input.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/csv_reader.h"
#include "data/csv_writer.h"
#include "data/table.h"
#include "data/type_inference.h"
#include "prep/recipe.h"

namespace lathe::prep {
namespace {

namespace fs = std::filesystem;

fs::path CasesRoot() { return fs::path(LATHE_SOURCE_DIR) / "tests/data/prep/cases"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Splits one CSV header line (no quoting support needed for case files' header-only tables).
std::vector<std::string> SplitHeader(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  std::vector<std::string> out;
  std::string cell;
  for (char ch : line) {
    if (ch == ',') {
      out.push_back(cell);
      cell.clear();
    } else if (ch != '"') {
      cell += ch;
    }
  }
  out.push_back(cell);
  return out;
}

// Reads a case CSV (header present). A header-only file gives a zero-row table of text columns.
Result<data::Table> LoadCaseCsv(const fs::path& path) {
  std::string text = ReadFile(path);
  data::CsvOptions options;
  options.header = data::CsvOptions::Header::kPresent;
  options.delimiter = ',';
  options.num_threads = 1;
  options.source_name = path.filename().string();
  Result<data::Table> table = data::ReadCsvBuffer(text, options);
  if (table.ok()) return table;
  if (table.status().message().find("header only") == std::string::npos) return table.status();
  data::Table empty;
  std::string first_line = text.substr(0, text.find('\n'));
  for (const std::string& name : SplitHeader(first_line)) {
    LATHE_RETURN_IF_ERROR(empty.AddColumn(data::Column::Make(name, data::DataType::kText)));
  }
  return empty;
}

nlohmann::json LoadJson(const fs::path& path) {
  return nlohmann::json::parse(ReadFile(path), nullptr, /*allow_exceptions=*/false);
}

// Type families that a CSV round trip cannot tell apart: an expected column whose values are all
// whole numbers reads back as int64 even if the result is float64; string columns may be
// categorical or text. An all-null expected column matches any type.
int TypeFamily(data::DataType type) {
  switch (type) {
    case data::DataType::kInt64:
    case data::DataType::kFloat64: return 0;
    case data::DataType::kBool: return 1;
    case data::DataType::kDate: return 2;
    case data::DataType::kDateTime: return 3;
    case data::DataType::kCategorical:
    case data::DataType::kText: return 4;
  }
  return -1;
}

bool TypesCompatible(const data::Column& expected, const data::Column& actual) {
  if (expected.NullCount() == expected.size()) return true;
  return TypeFamily(expected.type) == TypeFamily(actual.type);
}

bool ValuesEqual(const data::Column& expected, size_t exp_row, const data::Column& actual,
                 size_t act_row) {
  const bool exp_null = expected.IsNull(exp_row);
  const bool act_null = actual.IsNull(act_row);
  if (exp_null || act_null) {
    // A CSV cannot write an empty non-null string; accept it for an expected null.
    if (exp_null && !act_null) {
      return (actual.type == data::DataType::kText ||
              actual.type == data::DataType::kCategorical) &&
             actual.StringAt(act_row).empty();
    }
    return exp_null && act_null;
  }
  std::string e = expected.ToString(exp_row);
  std::string a = actual.ToString(act_row);
  if (e == a) return true;
  if (actual.type == data::DataType::kFloat64 || expected.type == data::DataType::kFloat64) {
    double ev, av;
    if (data::ParseFloat64(e, &ev) && data::ParseFloat64(a, &av)) {
      if (std::isnan(ev) && std::isnan(av)) return true;
      if (std::isinf(ev) || std::isinf(av)) return ev == av;
      return std::fabs(ev - av) <= 1e-9 * std::max({1.0, std::fabs(ev), std::fabs(av)});
    }
  }
  return false;
}

// Empty string if `actual` matches `expected`; otherwise what differs.
std::string CompareTables(const data::Table& expected, const data::Table& actual,
                          const nlohmann::json& expected_types) {
  std::ostringstream diff;
  std::vector<std::string> exp_names, act_names;
  for (const auto& c : expected.columns()) exp_names.push_back(c.name);
  for (const auto& c : actual.columns()) act_names.push_back(c.name);
  if (exp_names != act_names) {
    diff << "columns differ: expected [";
    for (const auto& n : exp_names) diff << n << ";";
    diff << "] got [";
    for (const auto& n : act_names) diff << n << ";";
    diff << "]";
    return diff.str();
  }
  if (expected.num_rows() != actual.num_rows()) {
    diff << "expected " << expected.num_rows() << " rows, got " << actual.num_rows()
         << "\nactual:\n"
         << data::ToCsv(actual);
    return diff.str();
  }
  for (size_t col_idx = 0; col_idx < expected.num_columns(); ++col_idx) {
    const data::Column& e = expected.column(col_idx);
    const data::Column& a = actual.column(col_idx);
    if (expected_types.is_object() && expected_types.contains(e.name)) {
      std::string want = expected_types[e.name].get<std::string>();
      if (data::DataTypeName(a.type) != want) {
        diff << "column '" << e.name << "': expected type " << want << ", got "
             << data::DataTypeName(a.type);
        return diff.str();
      }
    } else if (!TypesCompatible(e, a)) {
      diff << "column '" << e.name << "': expected a type like " << data::DataTypeName(e.type)
           << ", got " << data::DataTypeName(a.type);
      return diff.str();
    }
    for (size_t row_idx = 0; row_idx < expected.num_rows(); ++row_idx) {
      if (!ValuesEqual(e, row_idx, a, row_idx)) {
        diff << "column '" << e.name << "' row " << row_idx << ": expected "
             << (e.IsNull(row_idx) ? "null" : "'" + e.ToString(row_idx) + "'") << ", got "
             << (a.IsNull(row_idx) ? "null" : "'" + a.ToString(row_idx) + "'")
             << "\nactual:\n"
             << data::ToCsv(actual);
        return diff.str();
      }
    }
  }
  return "";
}

// Checks a failed status against expected_error.json; empty string if it matches.
std::string CompareError(const Status& status, const nlohmann::json& want) {
  if (want.contains("code")) {
    std::string code = want["code"].get<std::string>();
    if (StatusCodeName(status.code()) != code) {
      return "expected code " + code + ", got " + status.ToString();
    }
  }
  if (want.contains("message_contains")) {
    nlohmann::json parts = want["message_contains"];
    if (!parts.is_array()) parts = nlohmann::json::array({parts});
    for (const auto& part : parts) {
      if (status.message().find(part.get<std::string>()) == std::string::npos) {
        return "expected the message to contain '" + part.get<std::string>() + "', got " +
               status.ToString();
      }
    }
  }
  return "";
}

// Parses and applies; the status of whichever step failed.
Result<RecipeRun> ParseAndApply(const nlohmann::json& recipe_json, const data::Table& input,
                      const ApplyContext& ctx) {
  LATHE_ASSIGN_OR_RETURN(Recipe recipe, ParseRecipe(recipe_json));
  return ApplyRecipe(recipe, input, ctx);
}

// The case directories (those with input.csv and recipe.json), sorted.
std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(CasesRoot(), ec)) {
    if (!entry.is_directory()) continue;
    if (fs::exists(entry.path() / "input.csv") && fs::exists(entry.path() / "recipe.json")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string out;
  for (char ch : info.param) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out;
}

// Serves other_<alias>.csv files of the case directory.
ApplyContext MakeContext(const fs::path& dir) {
  auto others = std::make_shared<std::map<std::string, std::shared_ptr<const data::Table>>>();
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string file = entry.path().filename().string();
    if (file.rfind("other_", 0) != 0 || entry.path().extension() != ".csv") continue;
    std::string alias = file.substr(6, file.size() - 6 - 4);
    Result<data::Table> table = LoadCaseCsv(entry.path());
    EXPECT_TRUE(table.ok()) << file << ": " << table.status().ToString();
    if (table.ok()) (*others)[alias] = std::make_shared<const data::Table>(std::move(*table));
  }
  ApplyContext ctx;
  ctx.load_dataset = [others](std::string_view id) -> Result<std::shared_ptr<const data::Table>> {
    auto it = others->find(std::string(id));
    if (it == others->end()) return NotFoundError("dataset '" + std::string(id) + "' not found");
    return it->second;
  };
  return ctx;
}

// Checks one outcome against <prefix>expected.csv / <prefix>expected_error.json.
void CheckOutcome(const fs::path& dir, const std::string& prefix, const Result<RecipeRun>& run) {
  const fs::path expected_csv = dir / (prefix + "expected.csv");
  const fs::path expected_error = dir / (prefix + "expected_error.json");
  if (fs::exists(expected_error)) {
    nlohmann::json want = LoadJson(expected_error);
    ASSERT_TRUE(want.is_object()) << expected_error << " is not a JSON object";
    ASSERT_FALSE(run.ok()) << "expected an error, got a table:\n" << data::ToCsv(run->table);
    std::string diff = CompareError(run.status(), want);
    EXPECT_TRUE(diff.empty()) << diff;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_csv)) << "case has neither " << prefix << "expected.csv nor "
                                        << prefix << "expected_error.json";
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Result<data::Table> expected = LoadCaseCsv(expected_csv);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  nlohmann::json types;
  if (fs::exists(dir / "expected_types.json")) types = LoadJson(dir / "expected_types.json");
  std::string diff = CompareTables(*expected, run->table, types);
  EXPECT_TRUE(diff.empty()) << prefix << "expected.csv: " << diff;
}

class RecipeCaseTest : public ::testing::TestWithParam<std::string> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RecipeCaseTest);

TEST_P(RecipeCaseTest, Run) {
  const fs::path dir = CasesRoot() / GetParam();
  Result<data::Table> input = LoadCaseCsv(dir / "input.csv");
  ASSERT_TRUE(input.ok()) << "input.csv: " << input.status().ToString();
  nlohmann::json recipe_json = LoadJson(dir / "recipe.json");
  ASSERT_FALSE(recipe_json.is_discarded()) << "recipe.json is not valid JSON";
  if (recipe_json.is_object()) {
    recipe_json.erase("description");
    recipe_json.erase("name");
  }
  const ApplyContext ctx = MakeContext(dir);

  Result<RecipeRun> run = ParseAndApply(recipe_json, *input, ctx);
  CheckOutcome(dir, "", run);
  if (!run.ok() || HasFatalFailure()) return;

  // Deterministic: a second run gives the same CSV.
  Result<RecipeRun> again = ParseAndApply(recipe_json, *input, ctx);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(data::ToCsv(again->table), data::ToCsv(run->table)) << "second run differs";

  // Replay: the fitted recipe, through JSON, reproduces the result on the same input.
  nlohmann::json fitted_json = run->fitted.ToJson(/*with_state=*/true);
  Result<RecipeRun> replay = ParseAndApply(fitted_json, *input, ctx);
  ASSERT_TRUE(replay.ok()) << "replaying the fitted recipe failed: " << replay.status().ToString()
                           << "\nfitted: " << fitted_json.dump();
  EXPECT_EQ(data::ToCsv(replay->table), data::ToCsv(run->table))
      << "replaying the fitted recipe differs; fitted: " << fitted_json.dump();

  // Replay on other data, if the case has it.
  if (fs::exists(dir / "replay_input.csv")) {
    Result<data::Table> replay_input = LoadCaseCsv(dir / "replay_input.csv");
    ASSERT_TRUE(replay_input.ok()) << "replay_input.csv: " << replay_input.status().ToString();
    Result<RecipeRun> replayed = ParseAndApply(fitted_json, *replay_input, ctx);
    CheckOutcome(dir, "replay_", replayed);
  }
}

INSTANTIATE_TEST_SUITE_P(RecipeCases, RecipeCaseTest, ::testing::ValuesIn(CaseNames()), TestName);

// Guards against the runner silently finding nothing (a moved folder would pass vacuously).
TEST(RecipeCasesTest, FindsCases) {
  EXPECT_FALSE(CaseNames().empty()) << "no cases under " << CasesRoot();
}

}  // namespace
}  // namespace lathe::prep
