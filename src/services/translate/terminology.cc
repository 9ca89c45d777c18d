// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/terminology.h"

#include <algorithm>

namespace lathe::services::translate {
namespace {

Status LineError(int line, const std::string& message) {
  return InvalidArgumentError("line " + std::to_string(line) + ": " + message)
      .WithDetail("line", line);
}

bool IsLanguageCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 5) return false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !(c == '-' && i >= 2 && i + 1 < code.size())) return false;
  }
  return true;
}

// Offset of the first byte that is not valid UTF-8, or npos.
size_t BadUtf8At(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

// Splits the file into records of fields; CSV honours quotes (a record may span lines).
Result<std::vector<Record>> SplitRecords(std::string_view file, char delimiter, bool quoting) {
  std::vector<Record> records;
  Record current{.line = 1, .fields = {}};
  std::string field;
  int line = 1;
  bool in_quotes = false;
  int quote_line = 0;
  bool any = false;  // the current record has content
  auto end_record = [&]() {
    current.fields.push_back(field);
    field.clear();
    if (any) records.push_back(std::move(current));
    current = Record{.line = line + 1, .fields = {}};
    any = false;
  };
  for (size_t i = 0; i < file.size(); ++i) {
    const char c = file[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < file.size() && file[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (quoting && c == '"' && field.empty()) {
      in_quotes = true;
      quote_line = line;
      any = true;
    } else if (c == delimiter) {
      current.fields.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n' || (c == '\r' && i + 1 < file.size() && file[i + 1] == '\n')) {
      if (c == '\r') ++i;
      end_record();
      ++line;
    } else {
      field.push_back(c);
      any = true;
    }
  }
  if (in_quotes) return LineError(quote_line, "a quoted field is not closed");
  if (any || !field.empty()) {
    current.fields.push_back(field);
    records.push_back(std::move(current));
  }
  return records;
}

bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

Result<TermTable> ParseTerminology(std::string_view file, std::string_view format,
                                   std::string_view directionality) {
  if (format != "CSV" && format != "TSV") {
    return InvalidArgumentError("Format: '" + std::string(format) +
                                "' is not supported; use CSV or TSV")
        .WithDetail("field", "Format");
  }
  if (directionality != "UNI" && directionality != "MULTI") {
    return InvalidArgumentError("Directionality: '" + std::string(directionality) +
                                "'; use UNI or MULTI")
        .WithDetail("field", "Directionality");
  }
  if (file.substr(0, 3) == "\xEF\xBB\xBF") file.remove_prefix(3);
  if (const size_t bad = BadUtf8At(file); bad != std::string_view::npos) {
    const int line = 1 + static_cast<int>(std::count(file.begin(), file.begin() + bad, '\n'));
    return LineError(line, "not UTF-8 (byte offset " + std::to_string(bad) + ")");
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<Record> records,
                         SplitRecords(file, format == "CSV" ? ',' : '\t', format == "CSV"));
  if (records.empty()) return InvalidArgumentError("the terminology file is empty");
  TermTable table;
  table.directionality = std::string(directionality);
  for (const std::string& raw : records[0].fields) {
    const std::string code = Trim(raw);
    if (!IsLanguageCode(code)) {
      return LineError(records[0].line, "'" + code +
                                            "' is not a language code (the header row names the " +
                                            "language of each column, such as en,es,fr)");
    }
    if (std::find(table.languages.begin(), table.languages.end(), code) != table.languages.end()) {
      return LineError(records[0].line, "language '" + code + "' appears twice in the header");
    }
    table.languages.push_back(code);
  }
  if (table.languages.size() < 2) {
    return LineError(records[0].line, "the header needs a source and at least one target " +
                                          std::string("language, found ") +
                                          std::to_string(table.languages.size()));
  }
  for (size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    if (rec.fields.size() != table.languages.size()) {
      return LineError(rec.line, "expected " + std::to_string(table.languages.size()) +
                                     " fields (one per language in the header), found " +
                                     std::to_string(rec.fields.size()));
    }
    std::vector<std::string> row;
    for (const std::string& f : rec.fields) row.push_back(Trim(f));
    if (row[0].empty() && table.directionality == "UNI") {
      ++table.skipped_rows;
      continue;
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string TermTableToCsv(const TermTable& table) {
  auto cell = [](const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) {
      if (c == '"') q.push_back('"');
      q.push_back(c);
    }
    return q + "\"";
  };
  std::string out;
  auto add_row = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + cell(row[i]);
    out += "\n";
  };
  add_row(table.languages);
  for (const auto& row : table.rows) add_row(row);
  return out;
}

std::vector<TermMatch> FindTerms(const std::vector<const TermTable*>& tables, std::string_view text,
                                 std::string_view source, std::string_view target) {
  struct Candidate {
    std::string_view source_text;
    std::string_view target_text;
    std::string_view terminology;
  };
  std::vector<Candidate> terms;
  for (const TermTable* table : tables) {
    const auto& langs = table->languages;
    const auto src = std::find(langs.begin(), langs.end(), source);
    const auto tgt = std::find(langs.begin(), langs.end(), target);
    if (src == langs.end() || tgt == langs.end() || src == tgt) continue;
    if (table->directionality == "UNI" && src != langs.begin()) continue;
    const size_t s = static_cast<size_t>(src - langs.begin());
    const size_t t = static_cast<size_t>(tgt - langs.begin());
    for (const auto& row : table->rows) {
      if (!row[s].empty() && !row[t].empty()) terms.push_back({row[s], row[t], table->name});
    }
  }
  std::stable_sort(terms.begin(), terms.end(), [](const Candidate& a, const Candidate& b) {
    return a.source_text.size() > b.source_text.size();
  });
  std::vector<TermMatch> matches;
  for (size_t pos = 0; pos < text.size() && !terms.empty();) {
    const bool boundary_before = pos == 0 || !IsWordByte(text[pos - 1]);
    const Candidate* found = nullptr;
    if (boundary_before) {
      for (const Candidate& c : terms) {
        const size_t end = pos + c.source_text.size();
        if (text.compare(pos, c.source_text.size(), c.source_text) == 0 &&
            (end == text.size() || !IsWordByte(text[end]) || !IsWordByte(text[end - 1]))) {
          found = &c;
          break;
        }
      }
    }
    if (found == nullptr) {
      ++pos;
      continue;
    }
    const size_t end = pos + found->source_text.size();
    matches.push_back({.begin = pos,
                       .end = end,
                       .terminology = std::string(found->terminology),
                       .source_text = std::string(found->source_text),
                       .target_text = std::string(found->target_text)});
    pos = end;
  }
  return matches;
}

}  // namespace lathe::services::translate
