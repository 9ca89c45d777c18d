// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Chunk-local column builders of the CSV reader. Each parse chunk owns one ChunkColumn per
// column; a ChunkColumn is a list of typed Segments (a new segment starts only when the column
// is promoted to string, so earlier rows stay typed and are re-read from the input later if the
// final type turns out to be string). The current lattice type of every column is shared between
// chunks (monotonic, lock-free) so that later chunks start at the right type.
// A ChunkColumn is used by one thread at a time; SharedColumnState is thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/table.h"
#include "data/type_inference.h"

namespace lathe::data::internal {

// The input buffer a chunk parses; text values that are verbatim slices of it are stored as
// references (offset, length) and copied only once, into the final column.
struct InputSpan {
  const char* base = nullptr;
  size_t size = 0;
};

// String values of one segment: dictionary-encoded while the distinct count stays within a cap,
// then text: references into the input, or into a side buffer for values that are not verbatim
// input bytes (unescaped quotes, former dictionary entries). Nulls are kNullCode / empty refs.
class StringStore {
 public:
  static constexpr uint32_t kNullCode = 0xFFFFFFFFu;

  // `reserve_rows`: expected number of values.
  StringStore(size_t dict_cap, bool text_mode, size_t reserve_rows, InputSpan input);

  void AppendNull();
  // Returns false when the store just switched to text mode.
  bool Append(std::string_view v);
  size_t size() const { return dict_mode_ ? codes_.size() : lens_.size(); }
  bool dict_mode() const { return dict_mode_; }
  size_t dict_size() const { return dict_offsets_.size() - 1; }
  std::string_view DictValue(uint32_t code) const {
    return std::string_view(dict_chars_).substr(dict_offsets_[code],
                                                dict_offsets_[code + 1] - dict_offsets_[code]);
  }
  const std::vector<uint32_t>& codes() const { return codes_; }
  // Text mode: value i (empty for nulls) and the total bytes of all values.
  std::string_view TextValue(size_t i) const {
    uint64_t off = offs_[i];
    const char* p = (off & kSideBit) ? side_.data() + (off & ~kSideBit) : input_.base + off;
    return std::string_view(p, lens_[i]);
  }
  size_t text_bytes() const { return text_bytes_; }
  // Text mode: input offset of value i, or kNotInput if it is not an input slice.
  static constexpr size_t kNotInput = static_cast<size_t>(-1);
  size_t InputOffset(size_t i) const { return (offs_[i] & kSideBit) ? kNotInput : offs_[i]; }
  // Text mode: [lo, hi) input bytes referenced (lo > hi if none).
  size_t input_lo() const { return input_lo_; }
  size_t input_hi() const { return input_hi_; }
  void SwitchToText();
  // Text mode: whether side() holds every value, back to back in row order (then value i is
  // side()[sum of lens before i, + len(i)) and the buffer can be adopted or block-copied).
  bool side_in_order() const { return !dict_mode_ && side_in_order_; }
  uint32_t len(size_t i) const { return lens_[i]; }
  std::string& side() { return side_; }

 private:
  static constexpr uint64_t kSideBit = uint64_t{1} << 63;
  // After this many values, a store whose values are mostly longer than kShortValueBytes
  // switches to text mode (such a column cannot be categorical).
  static constexpr size_t kLongProbeRows = 1000;
  // Dictionary offsets are 32-bit: past this many bytes the store switches to text mode.
  static constexpr size_t kMaxDictBytes = size_t{1} << 31;

  uint32_t Intern(std::string_view v);
  void Rehash(size_t new_slots);
  void AppendText(std::string_view v);

  bool dict_mode_;
  size_t dict_cap_;
  size_t long_values_ = 0;
  size_t reserve_rows_ = 0;
  InputSpan input_;
  std::vector<uint32_t> codes_;
  std::string dict_chars_;
  std::vector<uint32_t> dict_offsets_ = {0};
  std::vector<uint32_t> dict_hashes_;
  std::vector<uint32_t> slots_;  // code + 1, 0 = empty; open addressing, power of two
  std::vector<uint64_t> offs_;   // text mode: input offset, or side offset | kSideBit
  std::vector<uint32_t> lens_;
  std::string side_;
  size_t side_reserve_ = 0;  // bytes of address space to reserve for side_ in text mode
  bool side_in_order_ = true;
  size_t text_bytes_ = 0;
  size_t input_lo_ = static_cast<size_t>(-1);
  size_t input_hi_ = 0;
};

// Rows of one column from one chunk that share a storage type.
struct Segment {
  InferredType type = InferredType::kNull;
  size_t byte_offset = 0;  // offset in the input of the record holding the first row
  std::vector<uint8_t> valid;
  std::vector<int64_t> ints;     // kBool, kInt64, kDate, kDateTime
  std::vector<double> doubles;   // kFloat64
  std::unique_ptr<StringStore> strings;  // kString

  size_t size() const { return valid.size(); }
};

struct ChunkColumn {
  std::vector<Segment> done;  // closed segments, in row order
  Segment cur;                // the open segment
};

// Column types shared across chunks (monotonic joins).
class SharedColumnState {
 public:
  explicit SharedColumnState(size_t ncols);
  InferredType type(size_t col) const {
    return static_cast<InferredType>(types_[col].load(std::memory_order_relaxed));
  }
  bool text_mode(size_t col) const { return text_[col].load(std::memory_order_relaxed); }
  void Join(size_t col, InferredType t);
  void SetTextMode(size_t col) { text_[col].store(true, std::memory_order_relaxed); }

 private:
  std::unique_ptr<std::atomic<uint8_t>[]> types_;
  std::unique_ptr<std::atomic<bool>[]> text_;
};

// Starts a segment of `type` for rows beginning at record `byte_offset`.
Segment MakeSegment(InferredType type, size_t byte_offset, size_t dict_cap, bool text_mode,
                    size_t reserve_rows, InputSpan input);
void PushNull(Segment* seg);
// Converts `seg` in place to the wider non-string type `to` (from kNull, int->float,
// date->datetime).
void WidenSegment(Segment* seg, InferredType to, size_t dict_cap, bool text_mode,
                  InputSpan input);
// Parses trimmed `t` (or keeps raw `v` for strings) into `seg`, whose type accepts it.
// Returns false only when a string store overflowed its dictionary (now text mode).
bool StoreValue(Segment* seg, std::string_view t, std::string_view v);

// Re-reads `rows` records starting at `byte_offset` and returns the values of one column as a
// string segment.
using RescanFn = std::function<Segment(size_t byte_offset, size_t rows)>;

// Called with input byte ranges that are no longer needed (may be null).
using ReleaseFn = std::function<void(size_t begin, size_t end)>;

// Builds the final Column from the column's segments of all chunks (in row order), freeing the
// segments as it goes. `rows` is the total row count.
Column MergeSegments(std::string name, std::vector<Segment*> segs, size_t rows,
                     const RescanFn& rescan, const ReleaseFn& release);

}  // namespace lathe::data::internal
