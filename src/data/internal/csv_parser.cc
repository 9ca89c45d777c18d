// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/internal/csv_parser.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "data/internal/csv_chunk.h"
#include "core/parallel_for.h"
#include "data/internal/utf8.h"
#include "data/type_inference.h"

namespace lathe::data::internal {

CsvDialect::CsvDialect(char delim_in, size_t ncols_in, size_t max_field_bytes_in)
    : delim(delim_in), ncols(ncols_in), max_field_bytes(max_field_bytes_in) {
  std::memset(stop, 0, sizeof(stop));
  stop[static_cast<unsigned char>(delim)] = true;
  stop[static_cast<unsigned char>('\n')] = true;
}

size_t CountRemainingFields(const char* p, const char* end, char delim) {
  size_t n = 1;
  bool in_quotes = false;
  for (; p < end; ++p) {
    if (*p == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes) {
      if (*p == delim) ++n;
      if (*p == '\n') break;
    }
  }
  return n;
}

namespace {

// Could `v` (non-empty) be a missing marker or padded with spaces? Cheap pre-check.
inline bool MaybeMissing(std::string_view v) {
  char c = v[0];
  return c == 'N' || c == 'n' || c == '#' || c == '?' || c == ' ' || c == '\t' ||
         v.back() == ' ' || v.back() == '\t';
}

// Sink that builds one chunk's columns with per-column type lattices.
class ChunkBuilder {
 public:
  ChunkBuilder(InputSpan input, size_t begin, size_t ncols, SharedColumnState* shared,
               size_t reserve_rows, size_t dict_cap, size_t text_reserve, CsvError* err)
      : base_(input.base), begin_(begin), input_(input), text_span_{nullptr, text_reserve}, shared_(shared), dict_cap_(dict_cap), err_(err),
        cols_(ncols) {
    for (size_t col = 0; col < ncols; ++col) {
      // Text values are copied into the segments (no InputSpan: nothing references the input),
      // so parsed input pages are released as we go and the merge never faults them back in.
      cols_[col].cur = MakeSegment(shared->type(col), begin, dict_cap, shared->text_mode(col),
                                   reserve_rows, text_span_);
    }
  }

  void BeginRecord(const char* rec) {
    rec_ = rec;
    if (release_ != nullptr && static_cast<size_t>(rec - released_) >= kReleaseBytes) {
      (*release_)(static_cast<size_t>(released_ - base_), static_cast<size_t>(rec - base_));
      released_ = rec;
    }
  }

  // Input bytes before `rec` may be dropped from memory from now on (every kReleaseBytes).
  void SetRelease(const std::function<void(size_t, size_t)>* release, size_t begin) {
    release_ = release && *release ? release : nullptr;
    released_ = base_ + begin;
  }

  bool Field(size_t col, std::string_view v, const char* rb, const char* re) {
    Segment& s = cols_[col].cur;
    switch (s.type) {
      case InferredType::kInt64: {
        int64_t x;
        if (ParseInt64(v, &x)) {
          s.valid.push_back(1);
          s.ints.push_back(x);
          return true;
        }
        break;
      }
      case InferredType::kFloat64: {
        double x;
        if (!v.empty() && v[0] != ' ' && ParseFloat64(v, &x)) {
          s.valid.push_back(1);
          s.doubles.push_back(x);
          return true;
        }
        break;
      }
      case InferredType::kString:
        if (!v.empty() && !MaybeMissing(v)) return AppendString(col, &s, v, rb, re);
        break;
      default: break;
    }
    return Slow(col, v, rb, re);
  }

  std::vector<ChunkColumn> Take() { return std::move(cols_); }

 private:
  bool AppendString(size_t col, Segment* s, std::string_view v, const char* rb, const char* re) {
    std::string_view raw(rb, static_cast<size_t>(re - rb));
    if (!IsAscii(raw)) {
      size_t bad = FindInvalidUtf8(raw);
      if (bad != std::string_view::npos) {
        *err_ = {CsvErrorKind::kInvalidUtf8, static_cast<size_t>(rec_ - base_),
                 static_cast<size_t>(rb - base_) + bad, col + 1, 0};
        return false;
      }
    }
    s->valid.push_back(1);
    if (!s->strings->Append(v)) shared_->SetTextMode(col);
    return true;
  }

  bool Slow(size_t col, std::string_view v, const char* rb, const char* re) {
    Segment* s = &cols_[col].cur;
    std::string_view t = TrimSpaces(v);
    if (IsMissingMarker(t)) {
      PushNull(s);
      return true;
    }
    InferredType vt = s->type == InferredType::kString ? InferredType::kString : ClassifyCell(t);
    InferredType joined = JoinTypes(s->type, vt);
    if (joined != s->type) {
      if (joined == InferredType::kString && s->type != InferredType::kNull) {
        size_t rec_off = static_cast<size_t>(rec_ - base_);
        cols_[col].done.push_back(std::move(*s));
        size_t left = cols_[col].done.back().valid.capacity() - cols_[col].done.back().size();
        *s = MakeSegment(InferredType::kString, rec_off, dict_cap_, shared_->text_mode(col), left,
                         text_span_);
      } else {
        WidenSegment(s, joined, dict_cap_, shared_->text_mode(col), text_span_);
      }
      shared_->Join(col, joined);
    }
    if (joined == InferredType::kString) return AppendString(col, s, v, rb, re);
    StoreValue(s, t, v);
    return true;
  }

  static constexpr size_t kReleaseBytes = 8 << 20;

  const char* base_;
  size_t begin_;
  InputSpan input_;
  InputSpan text_span_;  // no base (values are copied); size bounds a segment's text bytes
  const std::function<void(size_t, size_t)>* release_ = nullptr;
  const char* released_ = nullptr;
  SharedColumnState* shared_;
  size_t dict_cap_;
  CsvError* err_;
  std::vector<ChunkColumn> cols_;
  const char* rec_ = nullptr;
};

// Sink that re-reads one column as strings.
class RescanSink {
 public:
  RescanSink(size_t col, size_t dict_cap, InputSpan input)
      : col_(col), seg_(MakeSegment(InferredType::kString, 0, dict_cap, false, 0, input)) {}
  void BeginRecord(const char*) {}
  bool Field(size_t col, std::string_view v, const char*, const char*) {
    if (col != col_) return true;
    if (IsMissingMarker(v)) {
      PushNull(&seg_);
    } else {
      seg_.valid.push_back(1);
      seg_.strings->Append(v);
    }
    return true;
  }
  Segment Take() { return std::move(seg_); }

 private:
  size_t col_;
  Segment seg_;
};

struct ChunkResult {
  size_t begin = 0;
  size_t end = 0;
  size_t rows = 0;
  CsvError err;
  std::vector<ChunkColumn> cols;
};

// Chunk boundaries: nominal split points moved forward to the first LF preceded by an even
// number of quotes (i.e. outside quoted fields, if the file follows RFC 4180).
// Chunk 0 gets 1/threads of the input (its buffers become the final columns without a copy at
// the merge); the rest is split evenly into the other chunks, so a thread that gets less CPU
// still does not hold the others up.
std::vector<size_t> SplitPoints(const char* base, size_t begin, size_t end, size_t nchunks,
                                int threads) {
  std::vector<size_t> nominal(nchunks + 1);
  const size_t len = end - begin;
  const size_t first = nchunks > static_cast<size_t>(threads) && threads > 1
                           ? len / static_cast<size_t>(threads)
                           : len / nchunks;
  nominal[0] = begin;
  for (size_t i = 1; i <= nchunks; ++i) {
    nominal[i] = begin + first + (len - first) * (i - 1) / (nchunks - 1);
  }
  std::vector<uint8_t> parity(nchunks, 0);  // quotes in [nominal[i], nominal[i+1]) mod 2
  ParallelFor(nchunks, threads, [&](size_t i) {
    const char* p = base + nominal[i];
    const char* e = base + nominal[i + 1];
    size_t count = 0;
    while ((p = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(e - p))))) {
      ++count;
      ++p;
    }
    parity[i] = count & 1;
  });
  std::vector<size_t> splits(nchunks + 1, end);
  splits[0] = begin;
  for (size_t i = nchunks - 1; i >= 1; --i) {
    uint8_t odd = 0;
    for (size_t k = 0; k < i; ++k) odd ^= parity[k];
    size_t found = splits[i + 1];
    for (size_t pos = nominal[i]; pos < nominal[i + 1]; ++pos) {
      char c = base[pos];
      if (c == '"') {
        odd ^= 1;
      } else if (c == '\n' && !odd) {
        found = pos + 1;
        break;
      }
    }
    splits[i] = found;
  }
  return splits;
}

Segment Rescan(const char* base, size_t end, char delim, size_t ncols, size_t max_field_bytes,
               size_t col, size_t dict_cap, size_t offset, size_t rows) {
  CsvDialect d(delim, ncols, max_field_bytes);
  RescanSink sink(col, dict_cap, InputSpan{base, end});
  CsvError err;
  std::string scratch;
  TokenizeRecords(base, base + offset, base + end, d, rows, sink, &err, &scratch);
  return sink.Take();
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

bool ParseCsvBody(const CsvBodyOptions& o, const std::vector<std::string>& names, Table* table,
                  size_t* rows, CsvError* err) {
  const size_t ncols = names.size();
  const size_t len = o.end - o.begin;
  const int threads = std::max(1, o.num_threads);
  // A few chunks per thread so that a thread that gets less CPU (busy machine) does not hold
  // the others up; memory stays bounded because parsed input pages are released as we go.
  size_t nchunks = std::clamp<size_t>(len / (1 << 20), 1, static_cast<size_t>(threads) * 4);
  if (threads > 1 && len >= (1 << 19)) nchunks = std::max<size_t>(nchunks, 2);
  const double avg = std::max(1.0, o.avg_record_bytes);
  const size_t est_rows = static_cast<size_t>(static_cast<double>(len) / avg) + 1;
  const size_t dict_cap = std::max<size_t>(64, est_rows / 10);
  // Text lengths are stored in 32 bits: no field may be 4 GiB or longer.
  const size_t max_field = std::min<size_t>(o.max_field_bytes, 0xFFFFFFFFu);
  CsvDialect dialect(o.delimiter, ncols, max_field);

  const auto t0 = std::chrono::steady_clock::now();
  std::vector<ChunkResult> chunks;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::vector<size_t> splits = nchunks == 1 ? std::vector<size_t>{o.begin, o.end}
                                              : SplitPoints(o.base, o.begin, o.end, nchunks,
                                                            threads);
    chunks.clear();
    chunks.resize(splits.size() - 1);
    SharedColumnState shared(ncols);
    ParallelFor(chunks.size(), threads, [&](size_t i) {
      ChunkResult& c = chunks[i];
      c.begin = splits[i];
      c.end = splits[i + 1];
      size_t bytes = c.end - c.begin;
      size_t reserve = std::min(static_cast<size_t>(static_cast<double>(bytes) / avg * 1.1) + 16,
                                bytes / ncols + 1);
      // Chunk 0's buffers are adopted by the final columns: reserve (address space only; pages
      // are touched as rows arrive) for the whole input so that the adoption needs no realloc.
      if (i == 0 && chunks.size() > 1) {
        reserve = std::min(static_cast<size_t>(static_cast<double>(len) / avg * 1.1) + 16,
                           len / ncols + 1);
      }
      // Text bytes of a segment are bounded by its chunk's bytes; chunk 0's text buffer becomes
      // the column's at the merge, so it reserves (address space only) for the whole input.
      const size_t text_reserve = i == 0 && chunks.size() > 1 ? len : bytes;
      ChunkBuilder builder(InputSpan{o.base, o.end}, c.begin, ncols, &shared, reserve, dict_cap,
                           text_reserve, &c.err);
      builder.SetRelease(&o.release, c.begin);
      std::string scratch;
      c.rows = TokenizeRecords(o.base, o.base + c.begin, o.base + c.end, dialect,
                               std::numeric_limits<size_t>::max(), builder, &c.err, &scratch);
      c.cols = builder.Take();
      if (o.release) o.release(c.begin, c.end);
    });
    // Verify: every chunk but the last must end outside quotes; errors count in file order.
    bool mismatch = false;
    for (size_t i = 0; i < chunks.size(); ++i) {
      const CsvError& e = chunks[i].err;
      if (e.kind == CsvErrorKind::kNone) continue;
      bool last_nonempty = true;
      for (size_t k = i + 1; k < chunks.size(); ++k) last_nonempty &= chunks[k].begin == o.end;
      if (e.kind == CsvErrorKind::kUnterminatedQuote && !last_nonempty) {
        mismatch = true;
        break;
      }
      *err = e;
      return false;
    }
    if (!mismatch) break;
    nchunks = 1;  // a quote inside an unquoted field fooled the split: parse sequentially
  }

  if (std::getenv("LATHE_CSV_TRACE") != nullptr) {
    std::fprintf(stderr, "csv: parsed %zu chunks in %.3f s\n", chunks.size(), Since(t0));
  }
  size_t total = 0;
  for (const auto& c : chunks) total += c.rows;
  *rows = total;
  std::vector<Column> columns(ncols);
  const size_t rescan_cap = MaxCategoricalDistinct(total) + 1;
  // Merge the most expensive columns (string ones: most bytes) first, so the threads finish
  // together instead of one thread merging a big text column alone at the end.
  std::vector<size_t> order(ncols);
  for (size_t col = 0; col < ncols; ++col) order[col] = col;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    auto is_string = [&](size_t col) {
      for (const auto& c : chunks) {
        if (c.cols[col].cur.type == InferredType::kString || !c.cols[col].done.empty()) return true;
      }
      return false;
    };
    return is_string(a) && !is_string(b);
  });
  ParallelFor(ncols, threads, [&](size_t idx) {
    const size_t col = order[idx];
    std::vector<Segment*> segs;
    for (auto& c : chunks) {
      for (auto& s : c.cols[col].done) segs.push_back(&s);
      segs.push_back(&c.cols[col].cur);
    }
    RescanFn rescan = [&](size_t offset, size_t nrows) {
      return Rescan(o.base, o.end, o.delimiter, ncols, o.max_field_bytes, col, rescan_cap, offset,
                    nrows);
    };
    const auto tc = std::chrono::steady_clock::now();
    columns[col] = MergeSegments(names[col], std::move(segs), total, rescan, o.release);
    if (std::getenv("LATHE_CSV_TRACE") != nullptr) {
      std::fprintf(stderr, "csv: column %zu merged in %.3f s\n", col, Since(tc));
    }
  });
  chunks.clear();
  if (std::getenv("LATHE_CSV_TRACE") != nullptr) {
    std::fprintf(stderr, "csv: merged at %.3f s\n", Since(t0));
  }
  for (auto& c : columns) {
    Status s = table->AddColumn(std::move(c));
    (void)s;  // lengths match by construction
  }
  return true;
}

}  // namespace lathe::data::internal
