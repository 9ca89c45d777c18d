// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/csv_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_set>

#include "data/internal/csv_parser.h"
#include "data/internal/csv_tokenizer.h"
#include "data/internal/utf8.h"
#include "data/type_inference.h"

namespace lathe::data {
namespace {

using internal::CsvDialect;
using internal::CsvError;
using internal::CsvErrorKind;

constexpr size_t kSampleRecords = 100;
constexpr size_t kSampleBytes = 1 << 20;
constexpr size_t kUnlimitedColumns = size_t{1} << 40;

// Counts the fields of each record.
struct CountSink {
  size_t fields = 0;
  void BeginRecord(const char*) { fields = 0; }
  bool Field(size_t, std::string_view, const char*, const char*) {
    ++fields;
    return true;
  }
};

// Collects the fields of each record as strings, checking UTF-8.
struct CollectSink {
  const char* base;
  CsvError* err;
  std::vector<std::string> fields;
  const char* rec = nullptr;
  void BeginRecord(const char* r) {
    rec = r;
    fields.clear();
  }
  bool Field(size_t col, std::string_view v, const char* rb, const char* re) {
    std::string_view raw(rb, static_cast<size_t>(re - rb));
    size_t bad = internal::FindInvalidUtf8(raw);
    if (bad != std::string_view::npos) {
      *err = {CsvErrorKind::kInvalidUtf8, static_cast<size_t>(rec - base),
              static_cast<size_t>(rb - base) + bad, col + 1, 0};
      return false;
    }
    fields.emplace_back(v);
    return true;
  }
};

// Walks the sample records of [begin, end) with `delim`, calling on_record(sink) for each.
// Returns false with *err on a syntax problem; *first_end receives the end of record 1.
template <class Sink, class OnRecord>
bool WalkSample(const char* base, size_t begin, size_t end, char delim, size_t max_field_bytes,
                Sink& sink, const OnRecord& on_record, CsvError* err, size_t* first_end) {
  CsvDialect d(delim, kUnlimitedColumns, max_field_bytes);
  std::string scratch;
  const char* p = base + begin;
  for (size_t n = 0; n < kSampleRecords && p < base + end; ++n) {
    if (n > 0 && static_cast<size_t>(p - base) - begin > kSampleBytes) break;
    CsvError e;
    const char* next = p;
    internal::TokenizeRecords(base, p, base + end, d, 1, sink, &e, &scratch, &next);
    if (e.kind != CsvErrorKind::kRagged) {  // ragged is how a record ends with unlimited columns
      if (e.kind != CsvErrorKind::kNone) {
        *err = e;
        return false;
      }
      break;  // only blank lines were left
    }
    if (n == 0 && first_end != nullptr) *first_end = static_cast<size_t>(next - base);
    on_record(sink);
    p = next;
  }
  return true;
}

char SniffDelimiter(const char* base, size_t begin, size_t end, size_t max_field_bytes,
                    CsvError* err) {
  char best = ',';
  size_t best_fields = 1;
  for (char cand : {',', ';', '\t', '|'}) {
    std::vector<size_t> counts;
    CountSink sink;
    if (!WalkSample(base, begin, end, cand, max_field_bytes, sink,
                    [&](const CountSink& s) { counts.push_back(s.fields); }, err, nullptr)) {
      if (err->kind == CsvErrorKind::kUnterminatedQuote) return 0;
      *err = CsvError();  // a long field only matters for the chosen delimiter
      continue;
    }
    if (counts.empty() || counts[0] <= 1) continue;
    bool consistent = std::all_of(counts.begin(), counts.end(),
                                  [&](size_t c) { return c == counts[0]; });
    if (consistent && counts[0] > best_fields) {
      best = cand;
      best_fields = counts[0];
    }
  }
  return best;
}

bool DetectHeader(const std::vector<std::vector<std::string>>& rows) {
  const std::vector<std::string>& first = rows[0];
  const size_t ncols = first.size();
  std::vector<InferredType> first_type(ncols);
  bool all_strings = true, all_nonempty = true;
  std::unordered_set<std::string> seen;
  for (size_t col = 0; col < ncols; ++col) {
    first_type[col] = ClassifyCell(first[col]);
    all_strings &= first_type[col] == InferredType::kString;
    all_nonempty &= !TrimSpaces(first[col]).empty();
    seen.insert(first[col]);
  }
  const bool distinct = seen.size() == ncols;
  if (rows.size() == 1) return all_strings;
  std::vector<InferredType> rest(ncols, InferredType::kNull);
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != ncols) continue;
    for (size_t col = 0; col < ncols; ++col) {
      rest[col] = JoinTypes(rest[col], ClassifyCell(rows[r][col]));
    }
  }
  bool some_typed = false, some_differs = false, all_string_cols = true;
  for (size_t col = 0; col < ncols; ++col) {
    bool typed = rest[col] != InferredType::kString && rest[col] != InferredType::kNull;
    some_typed |= typed;
    some_differs |= rest[col] != InferredType::kNull &&
                    JoinTypes(first_type[col], rest[col]) != rest[col];
    all_string_cols &= rest[col] == InferredType::kString || rest[col] == InferredType::kNull;
  }
  if (all_strings && some_typed) return true;                  // rule (a)
  if (all_nonempty && distinct && some_differs) return true;   // rule (b)
  if (all_strings && all_string_cols && all_nonempty && distinct) {  // rule (c)
    for (size_t r = 1; r < rows.size(); ++r) {
      if (rows[r].size() != ncols) continue;
      for (size_t col = 0; col < ncols; ++col) {
        if (rows[r][col] == first[col]) return false;
      }
    }
    return true;
  }
  return false;
}

std::vector<std::string> UniqueNames(const std::vector<std::string>* header, size_t ncols) {
  std::vector<std::string> names(ncols);
  std::unordered_set<std::string> used;
  for (size_t col = 0; col < ncols; ++col) {
    std::string base = header != nullptr ? (*header)[col] : std::string();
    if (base.empty()) base = "column_" + std::to_string(col + 1);
    std::string name = base;
    for (int k = 2; used.count(name) != 0; ++k) name = base + "_" + std::to_string(k);
    used.insert(name);
    names[col] = std::move(name);
  }
  return names;
}

struct Position {
  size_t line;
  size_t byte_column;
};

Position PositionOf(const char* base, size_t offset) {
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (base[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

Status ErrorStatus(const char* base, const CsvError& e, const CsvOptions& options,
                   size_t ncols) {
  std::string prefix = options.source_name.empty() ? "" : options.source_name + ": ";
  Status s;
  switch (e.kind) {
    case CsvErrorKind::kRagged: {
      Position pos = PositionOf(base, e.record_offset);
      s = InvalidArgumentError(prefix + "line " + std::to_string(pos.line) + ": expected " +
                               std::to_string(ncols) + " fields, found " +
                               std::to_string(e.found));
      s.WithDetail("line", pos.line).WithDetail("column", e.field);
      s.WithDetail("expected", ncols).WithDetail("found", e.found);
      break;
    }
    case CsvErrorKind::kUnterminatedQuote: {
      Position pos = PositionOf(base, e.offset);
      s = InvalidArgumentError(prefix + "line " + std::to_string(pos.line) + ", column " +
                               std::to_string(e.field) +
                               ": unterminated quoted field (the quote opened here is never "
                               "closed)");
      s.WithDetail("line", pos.line).WithDetail("column", e.field);
      s.WithDetail("byte_column", pos.byte_column);
      break;
    }
    case CsvErrorKind::kFieldTooLong: {
      Position pos = PositionOf(base, e.offset);
      s = ResourceExhaustedError(prefix + "line " + std::to_string(pos.line) + ", column " +
                                 std::to_string(e.field) + ": field longer than " +
                                 std::to_string(options.max_field_bytes) +
                                 " bytes (max_field_bytes)");
      s.WithDetail("line", pos.line).WithDetail("column", e.field);
      s.WithDetail("limit", options.max_field_bytes);
      break;
    }
    case CsvErrorKind::kInvalidUtf8:
    case CsvErrorKind::kNone: {
      Position pos = PositionOf(base, e.offset);
      s = InvalidArgumentError(prefix + "line " + std::to_string(pos.line) + ", byte " +
                               std::to_string(pos.byte_column) + " (field " +
                               std::to_string(e.field) + "): invalid UTF-8");
      s.WithDetail("line", pos.line).WithDetail("column", pos.byte_column);
      s.WithDetail("column_unit", "byte").WithDetail("field", e.field);
      break;
    }
  }
  s.WithDetail("file", options.source_name);
  return s;
}

Status SimpleError(const CsvOptions& options, const std::string& msg) {
  std::string prefix = options.source_name.empty() ? "" : options.source_name + ": ";
  return InvalidArgumentError(prefix + msg).WithDetail("file", options.source_name);
}

bool IsBlank(const char* p, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (p[i] != '\n' && p[i] != '\r') return false;
  }
  return true;
}

Result<Table> ReadCsvImpl(std::string_view data, const CsvOptions& options, CsvInfo* info,
                          const std::function<void(size_t, size_t)>& release) {
  const char* base = data.data();
  size_t begin = 0, end = data.size();
  if (end >= 3 && std::memcmp(base, "\xEF\xBB\xBF", 3) == 0) begin = 3;
  while (end > begin && (base[end - 1] == '\n' || base[end - 1] == '\r')) --end;
  while (begin < end && (base[begin] == '\n' || base[begin] == '\r')) ++begin;
  if (begin >= end) return SimpleError(options, "file is empty");

  CsvError err;
  char delim = options.delimiter;
  if (delim == 0) {
    delim = SniffDelimiter(base, begin, end, options.max_field_bytes, &err);
    if (err.kind != CsvErrorKind::kNone) return ErrorStatus(base, err, options, 0);
  }
  std::vector<std::vector<std::string>> sample;
  CollectSink collect{base, &err, {}};
  size_t first_end = end;
  if (!WalkSample(base, begin, end, delim, options.max_field_bytes, collect,
                  [&](const CollectSink& s) { sample.push_back(s.fields); }, &err,
                  &first_end)) {
    return ErrorStatus(base, err, options, 0);
  }
  if (sample.empty()) return SimpleError(options, "file is empty");
  const size_t ncols = sample[0].size();
  if (ncols > options.max_columns) {
    size_t line = PositionOf(base, begin).line;
    return InvalidArgumentError(
               (options.source_name.empty() ? "" : options.source_name + ": ") + "line " +
               std::to_string(line) + ": " + std::to_string(ncols) +
               " columns exceed the limit of " + std::to_string(options.max_columns) +
               " (max_columns)")
        .WithDetail("line", line)
        .WithDetail("columns", ncols)
        .WithDetail("limit", options.max_columns)
        .WithDetail("file", options.source_name);
  }
  bool has_header = options.header == CsvOptions::Header::kPresent ||
                    (options.header == CsvOptions::Header::kAuto && DetectHeader(sample));
  std::vector<std::string> names = UniqueNames(has_header ? &sample[0] : nullptr, ncols);
  size_t data_begin = has_header ? first_end : begin;
  if (IsBlank(base, data_begin, end)) {
    if (has_header) return SimpleError(options, "header only, no data rows");
    return SimpleError(options, "file is empty");
  }
  size_t sample_bytes = 0, sample_records = 0;
  if (sample.size() > 1) {
    sample_records = sample.size() - 1;
    sample_bytes = 0;
    for (size_t r = 1; r < sample.size(); ++r) {
      for (const auto& f : sample[r]) sample_bytes += f.size() + 1;
    }
  } else {
    sample_records = 1;
    sample_bytes = first_end - begin;
  }

  internal::CsvBodyOptions body;
  body.base = base;
  body.begin = data_begin;
  body.end = end;
  body.delimiter = delim;
  body.max_field_bytes = options.max_field_bytes;
  body.num_threads = options.num_threads;
  body.avg_record_bytes = static_cast<double>(std::max<size_t>(1, sample_bytes)) /
                          static_cast<double>(sample_records);
  body.release = release;
  Table table;
  size_t rows = 0;
  if (!internal::ParseCsvBody(body, names, &table, &rows, &err)) {
    return ErrorStatus(base, err, options, ncols);
  }
  if (info != nullptr) {
    info->delimiter = delim;
    info->has_header = has_header;
    info->rows = rows;
    info->bytes = data.size();
  }
  return table;
}

// A read-only private mapping of a whole file; unmapped on destruction.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }

  Status Open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int e = errno;
      Status s = e == ENOENT ? NotFoundError("open " + path + ": " + std::strerror(e))
                             : InternalError("open " + path + ": " + std::strerror(e));
      return s.WithDetail("file", path);
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return InvalidArgumentError(path + " is not a regular file").WithDetail("file", path);
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        int e = errno;
        ::close(fd);
        size_ = 0;
        return InternalError("mmap " + path + ": " + std::strerror(e)).WithDetail("file", path);
      }
      data_ = static_cast<char*>(p);
      madvise(data_, size_, MADV_SEQUENTIAL);
    }
    ::close(fd);
    return Status::Ok();
  }

  std::string_view view() const { return std::string_view(data_, size_); }

  // Drops the pages wholly inside [begin, end) from memory (they are re-read if touched).
  void Release(size_t begin, size_t end) const {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t b = (begin + page - 1) / page * page;
    size_t e = end / page * page;
    if (e > b) madvise(data_ + b, e - b, MADV_DONTNEED);
  }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace

Result<Table> ReadCsvBuffer(std::string_view data, const CsvOptions& options, CsvInfo* info) {
  return ReadCsvImpl(data, options, info, nullptr);
}

Result<Table> ReadCsvFile(const std::string& path, const CsvOptions& options, CsvInfo* info) {
  CsvOptions opts = options;
  if (opts.source_name.empty()) opts.source_name = path;
  MappedFile file;
  LATHE_RETURN_IF_ERROR(file.Open(path));
  return ReadCsvImpl(file.view(), opts, info,
                     [&file](size_t b, size_t e) { file.Release(b, e); });
}

}  // namespace lathe::data
