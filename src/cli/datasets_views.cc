// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/datasets_views.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/format.h"
#include "cli/table_printer.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr char kMissing[] = "-";

const json& Field(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string Text(const json& object, const char* key) {
  const json& value = Field(object, key);
  return value.is_null() ? kMissing : FormatJsonValue(value);
}

std::string Bytes(const json& object, const char* key) {
  const json& value = Field(object, key);
  return value.is_number() ? FormatBytes(value.get<int64_t>()) : kMissing;
}

std::string Timestamp(const json& object, const char* key) {
  const json& value = Field(object, key);
  return value.is_string() ? FormatTimestamp(value.get<std::string>()) : kMissing;
}

TablePrinter::Options TableOptions(const ViewStyle& style) {
  TablePrinter::Options options;
  options.bold_header = style.color;
  return options;
}

bool IsNumericType(const std::string& type) { return type == "int64" || type == "float64"; }

// Civil date from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil
// inverse, re-derived here).
std::string DateFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%04lld-%02lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day));
  return buffer;
}

// A statistic of a column: dates arrive as days and datetimes as microseconds since the epoch.
std::string Statistic(const json& column, const char* key) {
  const json& value = Field(column, key);
  if (!value.is_number()) return value.is_null() ? kMissing : FormatJsonValue(value);
  const std::string type =
      Field(column, "type").is_string() ? column["type"].get<std::string>() : "";
  const double number = value.get<double>();
  if (type == "date") return DateFromDays(static_cast<int64_t>(std::floor(number)));
  if (type == "datetime") {
    const auto micros = static_cast<int64_t>(std::floor(number));
    const int64_t seconds = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
    const int64_t day = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    const int64_t second_of_day = seconds - day * 86400;
    char clock[64];
    std::snprintf(clock, sizeof(clock), " %02lld:%02lld:%02lld",
                  static_cast<long long>(second_of_day / 3600),
                  static_cast<long long>(second_of_day / 60 % 60),
                  static_cast<long long>(second_of_day % 60));
    return DateFromDays(day) + clock;
  }
  return FormatNumber(number);
}

std::string MissingPercent(const json& column) {
  const json& fraction = Field(column, "missing_fraction");
  if (fraction.is_number()) return FormatPercent(fraction.get<double>());
  const json& missing = Field(column, "missing");
  const json& rows = Field(column, "rows");
  if (missing.is_number() && rows.is_number() && rows.get<double>() > 0) {
    return FormatPercent(missing.get<double>() / rows.get<double>());
  }
  return kMissing;
}

std::string Distinct(const json& column) {
  std::string text = Text(column, "distinct");
  if (Field(column, "distinct_approximate") == true) text = "~" + text;
  return text;
}

std::string TopValue(const json& column) {
  const json& top = Field(column, "top_values");
  if (!top.is_array() || top.empty()) return kMissing;
  const json& first = top.front();
  if (!first.is_object()) return FormatJsonValue(first);
  return Text(first, "value") + " (" + Text(first, "count") + ")";
}

void PrintWarnings(const json& quality, std::ostream& out) {
  const json& warnings = Field(quality, "warnings");
  if (!warnings.is_array() || warnings.empty()) {
    out << "\nNo quality warnings.\n";
    return;
  }
  out << "\nWarnings:\n";
  for (const json& warning : warnings) {
    const std::string column =
        Field(warning, "column").is_string() ? warning["column"].get<std::string>() : "";
    std::string message = Text(warning, "message");
    if (message == kMissing) message = Text(warning, "kind");
    out << "  - " << (column.empty() ? "" : column + ": ") << message << "\n";
  }
}

void PrintClassBalance(const json& balance, const ViewStyle& style, std::ostream& out) {
  if (!balance.is_object()) return;
  out << "\nClass balance of " << Text(balance, "target");
  const json& ratio = Field(balance, "imbalance_ratio");
  if (ratio.is_number()) out << " (imbalance ratio " << FormatNumber(ratio.get<double>(), 3) << ")";
  out << ":\n";
  TablePrinter::Options options = TableOptions(style);
  options.indent = "  ";
  TablePrinter table({{"CLASS"}, {"COUNT", Align::kRight}, {"SHARE", Align::kRight}}, options);
  for (const json& entry : Field(balance, "classes")) {
    const json& fraction = Field(entry, "fraction");
    table.AddRow({Text(entry, "value"), Text(entry, "count"),
                  fraction.is_number() ? FormatPercent(fraction.get<double>()) : kMissing});
  }
  table.Print(out);
  const json& missing = Field(balance, "missing");
  if (missing.is_number() && missing.get<double>() > 0) {
    out << "  (" << FormatJsonValue(missing) << " rows have no " << Text(balance, "target")
        << ")\n";
  }
}

}  // namespace

void PrintDataset(const json& dataset, const ViewStyle& style, std::ostream& out) {
  TablePrinter summary({{"NAME"},
                        {"VERSION", Align::kRight},
                        {"ID"},
                        {"ROWS", Align::kRight},
                        {"SIZE", Align::kRight},
                        {"CREATED"}},
                       TableOptions(style));
  summary.AddRow({Text(dataset, "name"), Text(dataset, "version"), Text(dataset, "id"),
                  Text(dataset, "rows"), Bytes(dataset, "bytes"),
                  Timestamp(dataset, "created_at")});
  summary.Print(out);
  out << "\n";
  TablePrinter columns({{"COLUMN"}, {"TYPE"}, {"NULLABLE"}}, TableOptions(style));
  for (const json& column : Field(dataset, "columns")) {
    const json& nullable = Field(column, "nullable");
    columns.AddRow({Text(column, "name"), Text(column, "type"),
                    nullable.is_boolean() ? (nullable.get<bool>() ? "yes" : "no") : kMissing});
  }
  columns.Print(out);
}

void PrintDatasetList(const json& list, const ViewStyle& style, std::ostream& out) {
  TablePrinter table({{"NAME"},
                      {"VERSION", Align::kRight},
                      {"ID"},
                      {"ROWS", Align::kRight},
                      {"COLUMNS", Align::kRight},
                      {"SIZE", Align::kRight},
                      {"CREATED"}},
                     TableOptions(style));
  for (const json& dataset : Field(list, "datasets")) {
    const json& columns = Field(dataset, "columns");
    table.AddRow(
        {Text(dataset, "name"), Text(dataset, "version"), Text(dataset, "id"),
         Text(dataset, "rows"),
         columns.is_array() ? std::to_string(columns.size()) : Text(dataset, "column_count"),
         Bytes(dataset, "bytes"), Timestamp(dataset, "created_at")});
  }
  table.Print(out);
}

void PrintProfile(const json& profile, const ViewStyle& style, std::ostream& out) {
  const json& columns = Field(profile, "columns");
  out << Text(profile, "rows") << " rows, " << (columns.is_array() ? columns.size() : 0)
      << " columns\n\n";
  TablePrinter table({{"COLUMN"},
                      {"TYPE"},
                      {"MISSING", Align::kRight},
                      {"DISTINCT", Align::kRight},
                      {"MIN", Align::kRight},
                      {"MEAN", Align::kRight},
                      {"MAX", Align::kRight},
                      {"TOP"}},
                     TableOptions(style));
  for (const json& column : columns) {
    table.AddRow({Text(column, "name"), Text(column, "type"), MissingPercent(column),
                  Distinct(column), Statistic(column, "min"), Statistic(column, "mean"),
                  Statistic(column, "max"), TopValue(column)});
  }
  table.Print(out);
  const json& quality = Field(profile, "quality");
  PrintWarnings(quality, out);
  PrintClassBalance(Field(quality, "class_balance"), style, out);
}

void PrintRows(const json& rows, const ViewStyle& style, std::ostream& out) {
  const json& names = Field(rows, "columns");
  const json& types = Field(rows, "types");
  std::vector<TableColumn> columns;
  for (size_t col_idx = 0; col_idx < names.size(); ++col_idx) {
    const bool numeric = types.is_array() && col_idx < types.size() && types[col_idx].is_string() &&
                         IsNumericType(types[col_idx].get<std::string>());
    columns.push_back({FormatJsonValue(names[col_idx]), numeric ? Align::kRight : Align::kLeft});
  }
  TablePrinter::Options options = TableOptions(style);
  options.max_cell_width = 32;
  TablePrinter table(std::move(columns), options);
  for (const json& row : Field(rows, "rows")) {
    std::vector<std::string> cells;
    if (row.is_array()) {
      for (const json& value : row) cells.push_back(FormatJsonValue(value));
    } else if (row.is_object()) {  // Tolerate rows keyed by column name.
      for (const json& name : names) cells.push_back(Text(row, name.get<std::string>().c_str()));
    }
    table.AddRow(std::move(cells));
  }
  table.Print(out);
}

}  // namespace lathe::cli
