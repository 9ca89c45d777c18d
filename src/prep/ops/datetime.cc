// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Date-time operations: parse_datetime (text to date or datetime with a strftime-style format,
// parsed by internal/date_format.h without locale) and extract_datetime (calendar parts as int64
// columns). Both are row-wise and learn nothing.
#include <algorithm>
#include <charconv>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "prep/internal/date_format.h"
#include "prep/internal/op_support.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using internal::OpBase;
using internal::Param;

constexpr int64_t kMicrosPerDay = 86400000000LL;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

class ParseDateTimeOp : public OpBase {
 public:
  ParseDateTimeOp(std::string path, std::string column, std::string format_text,
                  internal::DateFormat format, bool to_date, bool null_on_error)
      : OpBase("parse_datetime", std::move(path), true),
        column_(std::move(column)),
        format_text_(std::move(format_text)),
        format_(std::move(format)),
        to_date_(to_date),
        null_on_error_(null_on_error) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(size_t col, RequireColumn(input, column_, Field("column")));
    const Column& c = input.column(col);
    Column out = Column::Make(c.name, to_date_ ? DataType::kDate : DataType::kDateTime);
    out.valid = c.valid;
    out.ints.assign(c.size(), 0);
    switch (c.type) {
      case DataType::kText:
        for (size_t row = 0; row < c.size(); ++row) {
          if (c.valid[row]) LATHE_RETURN_IF_ERROR(ParseRow(c, row, c.StringAt(row), &out));
        }
        break;
      case DataType::kCategorical:
        LATHE_RETURN_IF_ERROR(ParseCategorical(c, &out));
        break;
      case DataType::kInt64: {
        char buf[24];
        for (size_t row = 0; row < c.size(); ++row) {
          if (!c.valid[row]) continue;
          auto res = std::to_chars(buf, buf + sizeof(buf), c.ints[row]);
          LATHE_RETURN_IF_ERROR(ParseRow(c, row, std::string_view(buf, res.ptr - buf), &out));
        }
        break;
      }
      case DataType::kDate:
      case DataType::kDateTime:
        // Already parsed: only the type changes (a datetime becomes its UTC calendar date).
        for (size_t row = 0; row < c.size(); ++row) {
          const int64_t v = c.ints[row];
          if (c.type == DataType::kDate) {
            out.ints[row] = to_date_ ? v : v * kMicrosPerDay;
          } else {
            out.ints[row] = to_date_ ? FloorDiv(v, kMicrosPerDay) : v;
          }
        }
        break;
      default:
        return internal::ColumnTypeError(Field("column"), c, name(),
                                         "a text, categorical or int64 column");
    }
    return Replaced(std::move(input), col, std::move(out));
  }

 private:
  static data::Table Replaced(data::Table input, size_t col, Column column) {
    input.mutable_column(col) = std::move(column);
    return input;
  }

  // Parses one value into out->ints[row]; on failure nulls it or returns the error.
  Status ParseRow(const Column& c, size_t row, std::string_view text, Column* out) const {
    int64_t v;
    std::string why;
    if (ParseValue(text, &v, &why)) {
      out->ints[row] = v;
      return Status::Ok();
    }
    if (null_on_error_) {
      out->valid[row] = 0;
      return Status::Ok();
    }
    return Error(c, row, text, why);
  }

  bool ParseValue(std::string_view text, int64_t* v, std::string* why) const {
    internal::ParsedDateTime t;
    if (!format_.Parse(text, &t, why)) return false;
    *v = to_date_ ? t.days : t.UtcMicros();
    return true;
  }

  Status Error(const Column& c, size_t row, std::string_view text, const std::string& why) const {
    return ParamError(Field("column"), "row " + std::to_string(row + 1) + " of column '" +
                                           c.name + "': cannot parse '" + std::string(text) +
                                           "' with format '" + format_text_ + "': " + why +
                                           " (on_error: \"null\" turns such values into nulls)")
        .WithDetail("column", c.name)
        .WithDetail("row", row + 1)
        .WithDetail("value", std::string(text));
  }

  // Each dictionary entry is parsed once, when a row first uses it.
  Status ParseCategorical(const Column& c, Column* out) const {
    enum : uint8_t { kUnseen, kGood, kBad };
    std::vector<uint8_t> status(c.dictionary.size(), kUnseen);
    std::vector<int64_t> values(c.dictionary.size(), 0);
    std::string why;
    for (size_t row = 0; row < c.size(); ++row) {
      if (!c.valid[row]) continue;
      const uint32_t code = c.codes[row];
      if (status[code] == kUnseen) {
        status[code] = ParseValue(c.dictionary[code], &values[code], &why) ? kGood : kBad;
        if (status[code] == kBad && !null_on_error_) {
          return Error(c, row, c.dictionary[code], why);
        }
      }
      if (status[code] == kGood) {
        out->ints[row] = values[code];
      } else {
        out->valid[row] = 0;
      }
    }
    return Status::Ok();
  }

  std::string column_;
  std::string format_text_;
  internal::DateFormat format_;
  bool to_date_;
  bool null_on_error_;
};

Result<std::unique_ptr<Operation>> MakeParseDateTime(const nlohmann::json& step,
                                                     std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string column, p.String("column"));
  LATHE_ASSIGN_OR_RETURN(std::string format_text, p.String("format"));
  LATHE_ASSIGN_OR_RETURN(std::string to, p.Enum("to", {"date", "datetime"}, "datetime"));
  LATHE_ASSIGN_OR_RETURN(std::string on_error, p.Enum("on_error", {"fail", "null"}, "fail"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  Result<internal::DateFormat> format = internal::DateFormat::Compile(format_text);
  if (!format.ok()) return ParamError(p.Field("format"), format.status().message());
  return std::unique_ptr<Operation>(new ParseDateTimeOp(std::move(path), std::move(column),
                                                        std::move(format_text),
                                                        std::move(*format), to == "date",
                                                        on_error == "null"));
}

enum class Part { kYear, kMonth, kDay, kWeekday, kHour, kMinute, kSecond, kDayOfYear, kQuarter,
                  kWeek };
const std::vector<std::string>& PartNames() {
  static const std::vector<std::string> kNames = {"year",   "month",  "day",       "weekday",
                                                  "hour",   "minute", "second",    "dayofyear",
                                                  "quarter", "week"};
  return kNames;
}

// ISO 8601 weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
int64_t IsoWeekday(int64_t days) { return ((days % 7 + 7) % 7 + 3) % 7 + 1; }

int64_t IsoWeeksInYear(int64_t year) {
  const int64_t jan1 = IsoWeekday(internal::DayNumberFromCivil(year, 1, 1));
  return (jan1 == 4 || (jan1 == 3 && internal::IsLeapYear(year))) ? 53 : 52;
}

// ISO 8601 week number (1..53); the week belongs to the year holding its Thursday.
int64_t IsoWeek(int64_t year, int64_t day_of_year, int64_t weekday) {
  const int64_t week = (day_of_year - weekday + 10) / 7;
  if (week < 1) return IsoWeeksInYear(year - 1);
  if (week > IsoWeeksInYear(year)) return 1;
  return week;
}

class ExtractDateTimeOp : public OpBase {
 public:
  ExtractDateTimeOp(std::string path, std::string column, std::vector<Part> parts,
                    std::string prefix)
      : OpBase("extract_datetime", std::move(path), true),
        column_(std::move(column)),
        parts_(std::move(parts)),
        prefix_(std::move(prefix)) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(size_t col, RequireColumn(input, column_, Field("column")));
    const Column& c = input.column(col);
    if (c.type != DataType::kDate && c.type != DataType::kDateTime) {
      return internal::ColumnTypeError(
          Field("column"), c, name(),
          "a date or datetime column (parse text first with parse_datetime)");
    }
    const std::string prefix = prefix_.empty() ? column_ + "_" : prefix_;
    std::vector<std::string> taken;
    std::vector<Column> outs;
    for (Part part : parts_) {
      const std::string out_name = prefix + PartNames()[static_cast<size_t>(part)];
      LATHE_RETURN_IF_ERROR(internal::RequireNewName(input, &taken, out_name, Field("parts")));
      Column o = Column::Make(out_name, DataType::kInt64);
      o.valid = c.valid;
      o.ints.assign(c.size(), 0);
      outs.push_back(std::move(o));
    }
    const bool is_datetime = c.type == DataType::kDateTime;
    for (size_t row = 0; row < c.size(); ++row) {
      if (!c.valid[row]) continue;
      int64_t days = c.ints[row], second_of_day = 0;
      if (is_datetime) {
        days = FloorDiv(c.ints[row], kMicrosPerDay);
        second_of_day = (c.ints[row] - days * kMicrosPerDay) / 1000000;
      }
      int64_t year;
      unsigned month, day;
      internal::CivilFromDayNumber(days, &year, &month, &day);
      for (size_t k = 0; k < parts_.size(); ++k) {
        outs[k].ints[row] = PartValue(parts_[k], days, year, month, day, second_of_day);
      }
    }
    data::Table t;
    for (size_t i = 0; i < input.num_columns(); ++i) {
      (void)t.AddColumn(std::move(input.mutable_column(i)));
      if (i == col) {
        for (Column& o : outs) (void)t.AddColumn(std::move(o));
      }
    }
    return t;
  }

 private:
  static int64_t PartValue(Part part, int64_t days, int64_t year, unsigned month, unsigned day,
                           int64_t second_of_day) {
    switch (part) {
      case Part::kYear: return year;
      case Part::kMonth: return month;
      case Part::kDay: return day;
      case Part::kWeekday: return IsoWeekday(days);
      case Part::kHour: return second_of_day / 3600;
      case Part::kMinute: return second_of_day / 60 % 60;
      case Part::kSecond: return second_of_day % 60;
      case Part::kDayOfYear: return days - internal::DayNumberFromCivil(year, 1, 1) + 1;
      case Part::kQuarter: return (month - 1) / 3 + 1;
      case Part::kWeek:
        return IsoWeek(year, days - internal::DayNumberFromCivil(year, 1, 1) + 1, IsoWeekday(days));
    }
    return 0;
  }

  std::string column_;
  std::vector<Part> parts_;
  std::string prefix_;
};

Result<std::unique_ptr<Operation>> MakeExtractDateTime(const nlohmann::json& step,
                                                       std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string column, p.String("column"));
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> names, p.Strings("parts"));
  LATHE_ASSIGN_OR_RETURN(std::string prefix, p.String("prefix", ""));
  LATHE_RETURN_IF_ERROR(p.Finish());
  std::vector<Part> parts;
  std::set<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string field = p.Field("parts") + "[" + std::to_string(i) + "]";
    const auto& all = PartNames();
    auto it = std::find(all.begin(), all.end(), names[i]);
    if (it == all.end()) {
      std::string list;
      for (const auto& n : all) list += (list.empty() ? "" : ", ") + n;
      return ParamError(field, "'" + names[i] + "' is not one of " + list);
    }
    if (!seen.insert(names[i]).second) return ParamError(field, "'" + names[i] + "' is repeated");
    parts.push_back(static_cast<Part>(it - all.begin()));
  }
  return std::unique_ptr<Operation>(new ExtractDateTimeOp(std::move(path), std::move(column),
                                                          std::move(parts), std::move(prefix)));
}

}  // namespace

std::vector<OperationSpec> DateTimeOperations() {
  std::vector<OperationSpec> specs;
  specs.push_back(
      {{"parse_datetime", "datetime",
        "Parse text into a date or datetime with a strftime-style format (no locale)", true,
        nlohmann::json::array(
            {Param("column", "column", true, nullptr,
                   "text, categorical or int64 column (int64 is read as its digits, e.g. "
                   "20240131 with %Y%m%d); a date/datetime column is only converted"),
             Param("format", "string", true, nullptr,
                   "%Y %y %m %d %H %I %p %M %S %f %j %b %B %z %% and literal characters; a space "
                   "matches any whitespace"),
             Param("to", "enum", false, "datetime",
                   "result type; datetime values with %z are converted to UTC, date keeps the "
                   "calendar date as written",
                   {"date", "datetime"}),
             Param("on_error", "enum", false, "fail",
                   "a value that does not match: fail the step, or make it null",
                   {"fail", "null"})})},
       MakeParseDateTime});
  specs.push_back(
      {{"extract_datetime", "datetime",
        "Add int64 columns with calendar parts of a date or datetime (weekday: ISO, 1 = Monday; "
        "week: ISO 8601)",
        true,
        nlohmann::json::array(
            {Param("column", "column", true, nullptr,
                   "date or datetime column (a date counts as midnight)"),
             Param("parts", "enum[]", true, nullptr,
                   "parts to add, each a column <prefix><part> after the source column",
                   PartNames()),
             Param("prefix", "string", false, nullptr,
                   "name prefix of the new columns (default: \"<column>_\")")})},
       MakeExtractDateTime});
  return specs;
}

}  // namespace lathe::prep
