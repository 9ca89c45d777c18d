// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/jsonl_reader.h"

#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/internal/utf8.h"
#include "data/type_inference.h"

namespace lathe::data {
namespace {

struct CellColumn {
  std::string name;
  std::vector<std::string> cells;
  std::vector<uint8_t> present;
};

Status LineError(const JsonLinesOptions& options, size_t line, size_t column,
                 const std::string& what) {
  std::string prefix = options.source_name.empty() ? "" : options.source_name + ": ";
  return InvalidArgumentError(prefix + "line " + std::to_string(line) + ", byte " +
                              std::to_string(column) + ": " + what)
      .WithDetail("file", options.source_name)
      .WithDetail("line", line)
      .WithDetail("column", column)
      .WithDetail("column_unit", "byte");
}

// Text of one JSON value as a cell; false for JSON null.
bool CellText(const nlohmann::ordered_json& v, std::string* out) {
  switch (v.type()) {
    case nlohmann::ordered_json::value_t::null: return false;
    case nlohmann::ordered_json::value_t::string: *out = v.get<std::string>(); return true;
    case nlohmann::ordered_json::value_t::boolean: *out = v.get<bool>() ? "true" : "false"; return true;
    default: *out = v.dump(); return true;
  }
}

}  // namespace

Result<Table> ReadJsonLinesBuffer(std::string_view data, const JsonLinesOptions& options) {
  std::vector<CellColumn> cols;
  std::unordered_map<std::string, size_t> index;
  size_t rows = 0;
  size_t line_no = 0;
  size_t pos = 0;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimSpaces(line).empty()) continue;
    size_t bad = internal::FindInvalidUtf8(line);
    if (bad != std::string_view::npos) {
      return LineError(options, line_no, bad + 1, "invalid UTF-8");
    }
    nlohmann::ordered_json obj;
    try {
      obj = nlohmann::ordered_json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      size_t col = e.byte == 0 ? 1 : std::min<size_t>(e.byte, line.size() + 1);
      return LineError(options, line_no, col, std::string("malformed JSON: ") + e.what());
    } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
      return LineError(options, line_no, 1, std::string("invalid JSON value: ") + e.what());
    }
    if (!obj.is_object()) {
      size_t first = line.find_first_not_of(" \t");
      return LineError(options, line_no, first + 1, "expected a JSON object");
    }
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      auto [slot, inserted] = index.emplace(it.key(), cols.size());
      if (inserted) {
        if (cols.size() >= options.max_columns) {
          return LineError(options, line_no, 1,
                           "more than " + std::to_string(options.max_columns) +
                               " distinct keys (max_columns)");
        }
        CellColumn c;
        c.name = it.key();
        c.cells.resize(rows);
        c.present.resize(rows, 0);
        cols.push_back(std::move(c));
      }
      CellColumn& c = cols[slot->second];
      if (c.cells.size() > rows) {  // duplicate key in one object: last one wins
        c.cells.pop_back();
        c.present.pop_back();
      }
      std::string text;
      bool present = CellText(it.value(), &text);
      c.cells.push_back(std::move(text));
      c.present.push_back(present ? 1 : 0);
    }
    ++rows;
    for (auto& c : cols) {
      if (c.cells.size() < rows) {
        c.cells.emplace_back();
        c.present.push_back(0);
      }
    }
  }
  if (rows == 0) {
    std::string prefix = options.source_name.empty() ? "" : options.source_name + ": ";
    return InvalidArgumentError(prefix + "file is empty").WithDetail("file", options.source_name);
  }
  Table table;
  for (auto& c : cols) {
    LATHE_RETURN_IF_ERROR(table.AddColumn(BuildColumnFromCells(c.name, c.cells, c.present)));
    c = CellColumn();
  }
  return table;
}

Result<Table> ReadJsonLinesFile(const std::string& path, const JsonLinesOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("open " + path + ": cannot read file").WithDetail("file", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  JsonLinesOptions opts = options;
  if (opts.source_name.empty()) opts.source_name = path;
  return ReadJsonLinesBuffer(ss.str(), opts);
}

}  // namespace lathe::data
