// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/internal/csv_chunk.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "core/huge_pages.h"

namespace lathe::data::internal {
namespace {

inline uint32_t HashBytes(std::string_view v) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ v.size();
  const char* p = v.data();
  size_t n = v.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = (h ^ tail) * 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 29;
  return static_cast<uint32_t>(h);
}

}  // namespace

StringStore::StringStore(size_t dict_cap, bool text_mode, size_t reserve_rows, InputSpan input)
    : dict_mode_(!text_mode), dict_cap_(dict_cap), reserve_rows_(reserve_rows), input_(input) {
  // No input base: values are always copied; `input.size` bounds their bytes (address space only,
  // pages are touched as values arrive), so the side buffer never reallocates.
  if (input_.base == nullptr) side_reserve_ = input_.size;
  if (dict_mode_) {
    slots_.assign(64, 0);
    ReserveHuge(&codes_, reserve_rows);
  } else {
    ReserveHuge(&offs_, reserve_rows);
    ReserveHuge(&lens_, reserve_rows);
    ReserveHuge(&side_, side_reserve_);
  }
}

void StringStore::AppendNull() {
  if (dict_mode_) {
    codes_.push_back(kNullCode);
  } else {
    offs_.push_back(0);
    lens_.push_back(0);
  }
}

void StringStore::AppendText(std::string_view v) {
  const char* p = v.data();
  if (input_.base != nullptr && p >= input_.base && p + v.size() <= input_.base + input_.size) {
    size_t off = static_cast<size_t>(p - input_.base);
    offs_.push_back(off);
    input_lo_ = std::min(input_lo_, off);
    input_hi_ = std::max(input_hi_, off + v.size());
    side_in_order_ = false;
  } else {
    offs_.push_back(side_.size() | kSideBit);
    side_.append(v);
  }
  lens_.push_back(static_cast<uint32_t>(v.size()));
  text_bytes_ += v.size();
}

bool StringStore::Append(std::string_view v) {
  if (!dict_mode_) {
    AppendText(v);
    return true;
  }
  if (v.size() > kShortValueBytes) ++long_values_;
  if ((codes_.size() == kLongProbeRows && long_values_ * 2 > kLongProbeRows) ||
      dict_size() >= dict_cap_ || dict_chars_.size() + v.size() > kMaxDictBytes) {
    // Mostly long values (cannot be categorical) or too many distinct ones: plain text.
    SwitchToText();
    AppendText(v);
    return false;
  }
  codes_.push_back(Intern(v));
  return true;
}

uint32_t StringStore::Intern(std::string_view v) {
  uint32_t h = HashBytes(v);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t s = slots_[i];
    if (s == 0) break;
    uint32_t code = s - 1;
    if (dict_hashes_[code] == h && DictValue(code) == v) return code;
  }
  uint32_t code = static_cast<uint32_t>(dict_size());
  dict_chars_.append(v);
  dict_offsets_.push_back(static_cast<uint32_t>(dict_chars_.size()));
  dict_hashes_.push_back(h);
  if ((dict_size()) * 2 > slots_.size()) {
    Rehash(slots_.size() * 2);
  } else {
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) {
        slots_[i] = code + 1;
        break;
      }
    }
  }
  return code;
}

void StringStore::Rehash(size_t new_slots) {
  slots_.assign(new_slots, 0);
  size_t mask = new_slots - 1;
  for (uint32_t code = 0; code < dict_size(); ++code) {
    for (size_t i = dict_hashes_[code] & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) {
        slots_[i] = code + 1;
        break;
      }
    }
  }
}

void StringStore::SwitchToText() {
  if (!dict_mode_) return;
  ReserveHuge(&offs_, std::max(codes_.size() + 1, reserve_rows_));
  ReserveHuge(&lens_, std::max(codes_.size() + 1, reserve_rows_));
  if (side_reserve_ > 0) {
    // Values are copied anyway: lay the rows so far out back to back, in row order, so that
    // the merge can adopt or block-copy the side buffer.
    size_t bytes = 0;
    for (uint32_t code : codes_) {
      if (code != kNullCode) bytes += dict_offsets_[code + 1] - dict_offsets_[code];
    }
    ReserveHuge(&side_, std::max(side_reserve_, bytes));
    for (uint32_t code : codes_) {
      offs_.push_back(side_.size() | kSideBit);
      if (code == kNullCode) {
        lens_.push_back(0);
      } else {
        side_.append(DictValue(code));
        lens_.push_back(dict_offsets_[code + 1] - dict_offsets_[code]);
        text_bytes_ += lens_.back();
      }
    }
    side_in_order_ = true;
  } else {
    // The dictionary bytes become the side buffer; rows reference them, nothing is copied.
    side_ = std::move(dict_chars_);
    side_in_order_ = codes_.empty();
    for (uint32_t code : codes_) {
      if (code == kNullCode) {
        offs_.push_back(0);
        lens_.push_back(0);
      } else {
        offs_.push_back(dict_offsets_[code] | kSideBit);
        lens_.push_back(dict_offsets_[code + 1] - dict_offsets_[code]);
        text_bytes_ += lens_.back();
      }
    }
  }
  dict_mode_ = false;
  std::vector<uint32_t>().swap(codes_);
  std::string().swap(dict_chars_);
  std::vector<uint32_t>().swap(dict_offsets_);
  dict_offsets_.push_back(0);
  std::vector<uint32_t>().swap(dict_hashes_);
  std::vector<uint32_t>().swap(slots_);
}

SharedColumnState::SharedColumnState(size_t ncols)
    : types_(new std::atomic<uint8_t>[ncols]), text_(new std::atomic<bool>[ncols]) {
  for (size_t i = 0; i < ncols; ++i) {
    types_[i].store(0);
    text_[i].store(false);
  }
}

void SharedColumnState::Join(size_t col, InferredType t) {
  uint8_t cur = types_[col].load(std::memory_order_relaxed);
  for (;;) {
    uint8_t want = static_cast<uint8_t>(JoinTypes(static_cast<InferredType>(cur), t));
    if (want == cur) return;
    if (types_[col].compare_exchange_weak(cur, want, std::memory_order_relaxed)) return;
  }
}

Segment MakeSegment(InferredType type, size_t byte_offset, size_t dict_cap, bool text_mode,
                    size_t reserve_rows, InputSpan input) {
  Segment seg;
  seg.type = type;
  seg.byte_offset = byte_offset;
  ReserveHuge(&seg.valid, reserve_rows);
  switch (type) {
    case InferredType::kNull: break;
    case InferredType::kFloat64: ReserveHuge(&seg.doubles, reserve_rows); break;
    case InferredType::kString:
      seg.strings = std::make_unique<StringStore>(dict_cap, text_mode, reserve_rows, input);
      break;
    default: ReserveHuge(&seg.ints, reserve_rows); break;
  }
  return seg;
}

void PushNull(Segment* seg) {
  seg->valid.push_back(0);
  switch (seg->type) {
    case InferredType::kNull: break;
    case InferredType::kFloat64:
      seg->doubles.push_back(std::numeric_limits<double>::quiet_NaN());
      break;
    case InferredType::kString: seg->strings->AppendNull(); break;
    default: seg->ints.push_back(0); break;
  }
}

void WidenSegment(Segment* seg, InferredType to, size_t dict_cap, bool text_mode,
                  InputSpan input) {
  const size_t n = seg->size();
  const size_t cap = std::max(n, seg->valid.capacity());  // the chunk's row estimate
  if (seg->type == InferredType::kNull) {
    seg->type = to;
    if (to == InferredType::kFloat64) {
      ReserveHuge(&seg->doubles, cap);
      seg->doubles.assign(n, std::numeric_limits<double>::quiet_NaN());
    } else if (to == InferredType::kString) {
      seg->strings = std::make_unique<StringStore>(dict_cap, text_mode, cap, input);
      for (size_t i = 0; i < n; ++i) seg->strings->AppendNull();
    } else {
      ReserveHuge(&seg->ints, cap);
      seg->ints.assign(n, 0);
    }
    return;
  }
  if (seg->type == InferredType::kInt64 && to == InferredType::kFloat64) {
    ReserveHuge(&seg->doubles, cap);
    seg->doubles.resize(n);
    for (size_t i = 0; i < n; ++i) {
      seg->doubles[i] = seg->valid[i] ? static_cast<double>(seg->ints[i])
                                      : std::numeric_limits<double>::quiet_NaN();
    }
    std::vector<int64_t>().swap(seg->ints);
  } else if (seg->type == InferredType::kDate && to == InferredType::kDateTime) {
    for (auto& v : seg->ints) v *= int64_t{86400} * 1000000;
  }
  seg->type = to;
}

bool StoreValue(Segment* seg, std::string_view t, std::string_view v) {
  int64_t i = 0;
  double d = 0;
  bool b = false;
  switch (seg->type) {
    case InferredType::kBool: ParseBool(t, &b); seg->ints.push_back(b ? 1 : 0); break;
    case InferredType::kInt64: ParseInt64(t, &i); seg->ints.push_back(i); break;
    case InferredType::kFloat64: ParseFloat64(t, &d); seg->doubles.push_back(d); break;
    case InferredType::kDate: ParseDate(t, &i); seg->ints.push_back(i); break;
    case InferredType::kDateTime: ParseDateTime(t, &i); seg->ints.push_back(i); break;
    case InferredType::kString:
      seg->valid.push_back(1);
      return seg->strings->Append(v);
    case InferredType::kNull: break;  // not reached: callers widen first
  }
  seg->valid.push_back(1);
  return true;
}

namespace {

void AppendNumeric(Column* col, Segment* seg, InferredType final_type) {
  const size_t n = seg->size();
  col->valid.insert(col->valid.end(), seg->valid.begin(), seg->valid.end());
  if (final_type == InferredType::kFloat64) {
    if (seg->type == InferredType::kFloat64) {
      col->doubles.insert(col->doubles.end(), seg->doubles.begin(), seg->doubles.end());
    } else if (seg->type == InferredType::kInt64) {
      for (size_t i = 0; i < n; ++i) {
        col->doubles.push_back(seg->valid[i] ? static_cast<double>(seg->ints[i])
                                             : std::numeric_limits<double>::quiet_NaN());
      }
    } else {
      col->doubles.insert(col->doubles.end(), n, std::numeric_limits<double>::quiet_NaN());
    }
    return;
  }
  if (seg->type == InferredType::kNull) {
    col->ints.insert(col->ints.end(), n, 0);
  } else if (final_type == InferredType::kDateTime && seg->type == InferredType::kDate) {
    for (size_t i = 0; i < n; ++i) col->ints.push_back(seg->ints[i] * int64_t{86400} * 1000000);
  } else {
    col->ints.insert(col->ints.end(), seg->ints.begin(), seg->ints.end());
  }
}

void FreeSegment(Segment* seg) { *seg = Segment(); }

// Tries to build a categorical column from dictionary-mode string segments; false if the
// distinct values are too many or too long.
bool TryCategorical(Column* col, const std::vector<Segment*>& segs, size_t rows) {
  const size_t limit = MaxCategoricalDistinct(rows);
  std::unordered_map<std::string_view, uint32_t> index;
  size_t short_distinct = 0;
  for (Segment* seg : segs) {
    if (seg->type != InferredType::kString) continue;
    const StringStore& st = *seg->strings;
    if (!st.dict_mode()) return false;
    for (uint32_t code = 0; code < st.dict_size(); ++code) {
      std::string_view v = st.DictValue(code);
      if (index.emplace(v, static_cast<uint32_t>(index.size())).second) {
        if (v.size() <= kShortValueBytes) ++short_distinct;
        if (index.size() > limit) return false;
      }
    }
  }
  if (!IsCategoricalColumn(index.size(), short_distinct, rows)) return false;
  col->type = DataType::kCategorical;
  col->dictionary.resize(index.size());
  for (const auto& [v, code] : index) col->dictionary[code] = std::string(v);
  // Re-key on the column's own strings: segments (and their bytes) are freed below.
  index.clear();
  for (uint32_t code = 0; code < col->dictionary.size(); ++code) {
    index.emplace(col->dictionary[code], code);
  }
  ReserveHuge(&col->codes, rows);
  ReserveHuge(&col->valid, rows);
  for (Segment* seg : segs) {
    col->valid.insert(col->valid.end(), seg->valid.begin(), seg->valid.end());
    if (seg->type != InferredType::kString) {
      col->codes.insert(col->codes.end(), seg->size(), 0);
    } else {
      const StringStore& st = *seg->strings;
      std::vector<uint32_t> remap(st.dict_size());
      for (uint32_t code = 0; code < st.dict_size(); ++code) {
        remap[code] = index.at(st.DictValue(code));
      }
      for (uint32_t code : st.codes()) {
        col->codes.push_back(code == StringStore::kNullCode ? 0 : remap[code]);
      }
    }
    FreeSegment(seg);
  }
  return true;
}

void BuildText(Column* col, const std::vector<Segment*>& segs, size_t rows,
               const ReleaseFn& release) {
  col->type = DataType::kText;
  size_t total_chars = 0;
  for (Segment* seg : segs) {
    if (seg->type != InferredType::kString) continue;
    const StringStore& st = *seg->strings;
    if (st.dict_mode()) {
      for (uint32_t code : st.codes()) {
        if (code != StringStore::kNullCode) total_chars += st.DictValue(code).size();
      }
    } else {
      total_chars += st.text_bytes();
    }
  }
  ReserveHuge(&col->offsets, rows + 1);
  ReserveHuge(&col->valid, rows);
  for (Segment* seg : segs) {
    col->valid.insert(col->valid.end(), seg->valid.begin(), seg->valid.end());
    if (seg->type != InferredType::kString) {
      col->offsets.insert(col->offsets.end(), seg->size(), col->chars.size());
    } else if (seg->strings->dict_mode()) {
      const StringStore& st = *seg->strings;
      ReserveHuge(&col->chars, total_chars);
      for (uint32_t code : st.codes()) {
        if (code != StringStore::kNullCode) col->chars.append(st.DictValue(code));
        col->offsets.push_back(col->chars.size());
      }
    } else if (seg->strings->side_in_order()) {
      // Values are back to back in the side buffer: the first segment's buffer becomes the
      // column's (if it has room for all), later ones are appended as one block.
      StringStore& st = *seg->strings;
      const size_t base = col->chars.size();
      if (base == 0 && st.side().capacity() >= total_chars) {
        col->chars = std::move(st.side());
      } else {
        ReserveHuge(&col->chars, total_chars);
        col->chars.append(st.side());
      }
      uint64_t at = base;
      for (size_t i = 0; i < st.size(); ++i) {
        at += st.len(i);
        col->offsets.push_back(at);
      }
    } else {
      ReserveHuge(&col->chars, total_chars);
      const StringStore& st = *seg->strings;
      constexpr size_t kReleaseBytes = 8 << 20;
      size_t released = st.input_lo();
      for (size_t i = 0; i < st.size(); ++i) {
        std::string_view v = st.TextValue(i);
        col->chars.append(v);
        col->offsets.push_back(col->chars.size());
        if (release && (i & 1023) == 0 && st.input_lo() < st.input_hi()) {
          // Input pages behind the values copied so far are not needed by this column again.
          size_t at = st.InputOffset(i);
          if (at != StringStore::kNotInput && at > released + kReleaseBytes) {
            release(released, at);
            released = at;
          }
        }
      }
      if (release && st.input_lo() < st.input_hi()) release(released, st.input_hi());
    }
    FreeSegment(seg);
  }
}

}  // namespace

Column MergeSegments(std::string name, std::vector<Segment*> segs, size_t rows,
                     const RescanFn& rescan, const ReleaseFn& release) {
  InferredType final_type = InferredType::kNull;
  for (Segment* seg : segs) final_type = JoinTypes(final_type, seg->type);
  Column col = Column::Make(std::move(name), ToDataType(final_type, false));
  if (final_type == InferredType::kNull) {
    col.type = DataType::kText;
    col.valid.assign(rows, 0);
    col.offsets.assign(rows + 1, 0);
    for (Segment* seg : segs) FreeSegment(seg);
    return col;
  }
  if (final_type != InferredType::kString) {
    for (size_t i = 0; i < segs.size(); ++i) {
      Segment* seg = segs[i];
      if (i == 0 && seg->type == final_type) {  // adopt the first segment's storage: no copy
        ReserveHuge(&seg->valid, rows);
        col.valid = std::move(seg->valid);
        auto& dst_ints = col.ints;
        auto& dst_doubles = col.doubles;
        if (final_type == InferredType::kFloat64) {
          ReserveHuge(&seg->doubles, rows);
          dst_doubles = std::move(seg->doubles);
        } else {
          ReserveHuge(&seg->ints, rows);
          dst_ints = std::move(seg->ints);
        }
      } else {
        if (i == 0) {
          ReserveHuge(&col.valid, rows);
          ReserveHuge(&col.doubles, final_type == InferredType::kFloat64 ? rows : 0);
          ReserveHuge(&col.ints, final_type == InferredType::kFloat64 ? 0 : rows);
        }
        AppendNumeric(&col, seg, final_type);
      }
      FreeSegment(seg);
    }
    return col;
  }
  // String column: typed segments are re-read from the input as text.
  std::vector<Segment> rescanned;
  ReserveHuge(&rescanned, segs.size());
  for (Segment*& seg : segs) {
    if (seg->type != InferredType::kString && seg->type != InferredType::kNull) {
      rescanned.push_back(rescan(seg->byte_offset, seg->size()));
      FreeSegment(seg);
      seg = &rescanned.back();
    }
  }
  if (!TryCategorical(&col, segs, rows)) BuildText(&col, segs, rows, release);
  return col;
}

}  // namespace lathe::data::internal
