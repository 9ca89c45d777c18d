// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The CSV record tokenizer (RFC 4180 plus common leniencies), shared by the parallel chunk
// parser, the column re-reader and the header sniffer. It hands each field to a Sink without
// copying (only fields with "" escapes are unescaped into a scratch buffer). Stateless apart from
// its arguments; safe to run on many threads over disjoint ranges.
//
// Leniencies: a quote inside an unquoted field is literal; text after a closing quote is kept
// with the raw field; blank lines are skipped when there is more than one column (with one
// column a blank line is a null value); a final CR before LF or end of input is dropped.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace lathe::data::internal {

enum class CsvErrorKind { kNone, kRagged, kUnterminatedQuote, kFieldTooLong, kInvalidUtf8 };

// The first problem found; offsets are absolute byte offsets in the input buffer.
struct CsvError {
  CsvErrorKind kind = CsvErrorKind::kNone;
  size_t record_offset = 0;  // start of the record
  size_t offset = 0;         // the offending byte (quote, field start, invalid byte)
  size_t field = 0;          // 1-based field number
  size_t found = 0;          // kRagged: fields found in the record
};

struct CsvDialect {
  CsvDialect(char delim, size_t ncols, size_t max_field_bytes);
  char delim;
  size_t ncols;
  size_t max_field_bytes;
  bool stop[256];  // bytes that end an unquoted field: delimiter and LF
};

// Counts the fields of the record that continues at `p` (quote-aware), up to its end.
size_t CountRemainingFields(const char* p, const char* end, char delim);

// Parses up to `max_records` records of [p, end) (p must be at a record start), calling
//   sink.BeginRecord(const char* record_start)
//   bool sink.Field(size_t col, std::string_view value, const char* raw_begin, const char* raw_end)
// for each field (raw_* include the quotes). A false return from Field stops parsing (the sink
// has set *err). Returns the number of complete records parsed; on a problem sets *err.
// `*next` (if given) receives the position where parsing stopped.
template <class Sink>
size_t TokenizeRecords(const char* base, const char* p, const char* end, const CsvDialect& d,
                       size_t max_records, Sink& sink, CsvError* err, std::string* scratch,
                       const char** next = nullptr) {
  const char delim = d.delim;
  size_t records = 0;
  struct SetNext {
    const char** next;
    const char*& p;
    ~SetNext() {
      if (next != nullptr) *next = p;
    }
  } set_next{next, p};
  while (p < end && records < max_records) {
    const char* rec = p;
    if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
      p += (*p == '\r') ? 2 : 1;
      if (d.ncols > 1) continue;
      sink.BeginRecord(rec);
      if (!sink.Field(0, std::string_view(), rec, rec)) return records;
      ++records;
      continue;
    }
    sink.BeginRecord(rec);
    size_t field = 0;
    for (;;) {
      const char* raw_b = p;
      std::string_view value;
      if (p < end && *p == '"') {
        const char* q = p + 1;
        bool escaped = false;
        const char* close;
        for (;;) {
          close = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
          if (close == nullptr) {
            *err = {CsvErrorKind::kUnterminatedQuote, static_cast<size_t>(rec - base),
                    static_cast<size_t>(raw_b - base), field + 1, 0};
            return records;
          }
          if (close + 1 < end && close[1] == '"') {
            escaped = true;
            q = close + 2;
            continue;
          }
          break;
        }
        p = close + 1;
        bool clean_end = p == end || *p == delim || *p == '\n' ||
                         (*p == '\r' && (p + 1 == end || p[1] == '\n'));
        if (!clean_end) {
          while (p < end && *p != delim && *p != '\n') ++p;
          const char* e = p;
          if (e > raw_b && e[-1] == '\r' && (p == end || *p == '\n')) --e;
          value = std::string_view(raw_b, static_cast<size_t>(e - raw_b));
        } else {
          if (p < end && *p == '\r') ++p;
          if (escaped) {
            scratch->clear();
            for (const char* c = raw_b + 1; c < close; ++c) {
              scratch->push_back(*c);
              if (*c == '"') ++c;  // skip the second quote of a pair
            }
            value = *scratch;
          } else {
            value = std::string_view(raw_b + 1, static_cast<size_t>(close - raw_b - 1));
          }
        }
      } else {
        const char* s = p;
        while (p < end && !d.stop[static_cast<unsigned char>(*p)]) ++p;
        const char* e = p;
        if (e > s && e[-1] == '\r' && (p == end || *p == '\n')) --e;
        value = std::string_view(s, static_cast<size_t>(e - s));
      }
      if (value.size() > d.max_field_bytes) {
        *err = {CsvErrorKind::kFieldTooLong, static_cast<size_t>(rec - base),
                static_cast<size_t>(raw_b - base), field + 1, 0};
        return records;
      }
      if (field >= d.ncols) {
        size_t found = field + 1;
        if (p < end && *p == delim) found += CountRemainingFields(p + 1, end, delim);
        *err = {CsvErrorKind::kRagged, static_cast<size_t>(rec - base),
                static_cast<size_t>(raw_b - base), d.ncols + 1, found};
        return records;
      }
      if (!sink.Field(field, value, raw_b, p)) return records;
      ++field;
      if (p >= end) break;
      if (*p == delim) {
        ++p;
        continue;
      }
      ++p;  // LF
      break;
    }
    if (field != d.ncols) {
      *err = {CsvErrorKind::kRagged, static_cast<size_t>(rec - base),
              static_cast<size_t>(rec - base), field + 1, field};
      return records;
    }
    ++records;
  }
  return records;
}

}  // namespace lathe::data::internal
