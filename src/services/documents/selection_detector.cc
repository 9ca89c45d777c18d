// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/selection_detector.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "services/documents/word_groups.h"

namespace lathe::services::documents {
namespace {

constexpr int kDarkThreshold = 160;     // gray below this is ink (as table_detector.cc)
constexpr int kMinSide = 10;            // pixels: smaller marks are dots and accents
constexpr int kMaxSide = 150;           // pixels: larger squares are frames, not boxes
constexpr double kEdgeCover = 0.9;      // share of each edge a square box inks
constexpr double kSelectedInk = 0.12;   // interior ink above this: SELECTED
constexpr double kNeighbourGap = 0.25;  // closer neighbours (x side) make it a letter
constexpr double kPi = 3.14159265358979323846;

struct BoxaDeleter {
  void operator()(Boxa* boxa) const { boxaDestroy(&boxa); }
};
using BoxaPtr = std::unique_ptr<Boxa, BoxaDeleter>;

// Read access to a 1-bit page (1 = ink).
class Bits {
 public:
  explicit Bits(Pix* pix)
      : data_(pixGetData(pix)),
        wpl_(pixGetWpl(pix)),
        width_(pixGetWidth(pix)),
        height_(pixGetHeight(pix)) {}
  bool Ink(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) return false;
    return GET_DATA_BIT(data_ + y * wpl_, x) != 0;
  }
  // Share of inked pixels in [x0, x1) x [y0, y1).
  double InkRatio(int x0, int y0, int x1, int y1) const {
    int ink = 0, total = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        ink += Ink(x, y);
        ++total;
      }
    }
    return total == 0 ? 0.0 : double(ink) / total;
  }

 private:
  l_uint32* data_;
  int wpl_, width_, height_;
};

// Share of positions along one edge of `b` with ink within `band` pixels inside the edge.
double EdgeCover(const Bits& bits, const PixelBox& b, int band, int edge) {
  const bool horizontal = edge < 2;  // 0 top, 1 bottom, 2 left, 3 right
  const int length = horizontal ? b.width : b.height;
  int covered = 0, total = 0;
  for (int i = length / 10; i < length - length / 10; ++i) {
    bool ink = false;
    for (int d = 0; d < band && !ink; ++d) {
      int x = 0, y = 0;
      if (edge == 0) x = b.left + i, y = b.top + d;
      if (edge == 1) x = b.left + i, y = b.bottom() - 1 - d;
      if (edge == 2) x = b.left + d, y = b.top + i;
      if (edge == 3) x = b.right() - 1 - d, y = b.top + i;
      ink = bits.Ink(x, y);
    }
    covered += ink;
    ++total;
  }
  return total == 0 ? 0.0 : double(covered) / total;
}

// Share of 48 points around the circle inscribed in `b` with ink within `band` of the circle.
double RingCover(const Bits& bits, const PixelBox& b, int band) {
  const double cx = b.left + b.width / 2.0, cy = b.top + b.height / 2.0;
  const double r = (b.width + b.height) / 4.0 - band / 2.0;
  int covered = 0;
  for (int k = 0; k < 48; ++k) {
    const double a = 2 * kPi * k / 48;
    bool ink = false;
    for (double d = -band; d <= band && !ink; d += 1.0) {
      ink = bits.Ink(int(std::lround(cx + (r + d) * std::cos(a))),
                     int(std::lround(cy + (r + d) * std::sin(a))));
    }
    covered += ink;
  }
  return covered / 48.0;
}

// Ink share inside the disc of radius `r` (and outside radius `r0`) centred in `b`.
double DiscInk(const Bits& bits, const PixelBox& b, double r0, double r) {
  const double cx = b.left + b.width / 2.0, cy = b.top + b.height / 2.0;
  int ink = 0, total = 0;
  for (int y = b.top; y < b.bottom(); ++y) {
    for (int x = b.left; x < b.right(); ++x) {
      const double d = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (d > r || d < r0) continue;
      ink += bits.Ink(x, y);
      ++total;
    }
  }
  return total == 0 ? 0.0 : double(ink) / total;
}

// How far `value` is from `threshold`, as a confidence in [0.5, 1].
double Clarity(double value, double threshold, double scale) {
  return std::clamp(0.5 + std::abs(value - threshold) / scale, 0.5, 1.0);
}

// The element `b` is, if it is one.
std::optional<SelectionElement> Classify(const Bits& bits, const PixelBox& b) {
  const int side = std::max(b.width, b.height);
  if (std::min(b.width, b.height) < kMinSide || side > kMaxSide) return std::nullopt;
  if (std::min(b.width, b.height) * 4 < side * 3) return std::nullopt;  // not about square
  const int band = std::max(2, side / 8);
  double square = 1.0;
  for (int edge = 0; edge < 4; ++edge) square = std::min(square, EdgeCover(bits, b, band, edge));
  const int inset = std::max(band + 1, side / 5);
  const double interior =
      bits.InkRatio(b.left + inset, b.top + inset, b.right() - inset, b.bottom() - inset);
  if (square >= kEdgeCover) {
    const bool selected = interior > kSelectedInk;
    const double confidence =
        std::min(Clarity(square, kEdgeCover - 0.1, 0.2), Clarity(interior, kSelectedInk, 0.16));
    return SelectionElement{.box = b,
                            .selected = selected,
                            .round = false,
                            .confidence = float(std::round(confidence * 1000) / 10)};
  }
  // A ring: inked along the circle, empty corners, white between the ring and any dot inside.
  if (std::abs(b.width - b.height) * 10 > side) return std::nullopt;
  const double ring = RingCover(bits, b, band);
  const int corner = std::max(2, side / 8);
  const double corners =
      std::max({bits.InkRatio(b.left, b.top, b.left + corner, b.top + corner),
                bits.InkRatio(b.right() - corner, b.top, b.right(), b.top + corner),
                bits.InkRatio(b.left, b.bottom() - corner, b.left + corner, b.bottom()),
                bits.InkRatio(b.right() - corner, b.bottom() - corner, b.right(), b.bottom())});
  const double r = side / 2.0;
  const double gap = DiscInk(bits, b, r * 0.6, r - 1.5 * band);  // between dot and ring
  if (ring < kEdgeCover || corners > 0.1 || gap > 0.3) return std::nullopt;
  const double dot = DiscInk(bits, b, 0, r * 0.45);
  const bool selected = dot > 0.3;
  const double confidence = std::min(Clarity(ring, kEdgeCover - 0.1, 0.2), Clarity(dot, 0.3, 0.4));
  return SelectionElement{.box = b,
                          .selected = selected,
                          .round = true,
                          .confidence = float(std::round(confidence * 1000) / 10)};
}

bool Contains(const PixelBox& outer, const PixelBox& inner) {
  return inner.left >= outer.left && inner.top >= outer.top && inner.right() <= outer.right() &&
         inner.bottom() <= outer.bottom();
}

// A component of glyph height on the same band within a quarter side: `b` is a letter.
bool HasGlyphNeighbour(const PixelBox& b, const std::vector<PixelBox>& all) {
  const int side = std::max(b.width, b.height);
  for (const PixelBox& o : all) {
    if (Contains(b, o) || Contains(o, b)) continue;
    const int overlap = std::min(o.bottom(), b.bottom()) - std::max(o.top, b.top);
    if (overlap * 2 < std::min(o.height, b.height) || o.height * 5 < b.height * 2) continue;
    const int gap = std::max(o.left - b.right(), b.left - o.right());
    if (gap < side * kNeighbourGap) return true;
  }
  return false;
}

PixelBox Centre(const PixelBox& b) {
  return {.left = b.left + b.width / 2, .top = b.top + b.height / 2, .width = 0, .height = 0};
}

bool Holds(const PixelBox& cell, const PixelBox& point) {
  return point.left >= cell.left && point.left < cell.right() && point.top >= cell.top &&
         point.top < cell.bottom();
}

// Vertical overlap of `a` and `b` over half the smaller height.
bool SameBand(const PixelBox& a, const PixelBox& b) {
  const int overlap = std::min(a.bottom(), b.bottom()) - std::max(a.top, b.top);
  return overlap * 2 >= std::min(a.height, b.height);
}

// The words on `e`'s band right of it (or left when `right` is false), nearest first, up to the
// next element on that side or a gap wider than 3 word heights.
std::vector<WordRef> LabelWords(const OcrPage& text, const std::vector<SelectionElement>& all,
                                const PixelBox& e, bool right) {
  struct Candidate {
    WordRef ref;
    PixelBox box;
  };
  std::vector<Candidate> words;
  for (int l = 0; l < static_cast<int>(text.lines.size()); ++l) {
    for (int w = 0; w < static_cast<int>(text.lines[l].words.size()); ++w) {
      const PixelBox& b = text.lines[l].words[w].box;
      if (!SameBand(b, e)) continue;
      if (right ? b.left >= e.right() - 2 : b.right() <= e.left + 2) words.push_back({{l, w}, b});
    }
  }
  // The next element on that side bounds the label.
  int limit = right ? 1 << 30 : -1;
  for (const SelectionElement& o : all) {
    if (!SameBand(o.box, e) || o.box.left == e.left) continue;
    if (right && o.box.left >= e.right()) limit = std::min(limit, o.box.left);
    if (!right && o.box.right() <= e.left) limit = std::max(limit, o.box.right());
  }
  std::sort(words.begin(), words.end(), [right](const Candidate& a, const Candidate& b) {
    return right ? a.box.left < b.box.left : a.box.left > b.box.left;
  });
  std::vector<WordRef> out;
  int edge = right ? e.right() : e.left;
  for (const Candidate& c : words) {
    if (right ? c.box.right() > limit : c.box.left < limit) break;
    const int gap = right ? c.box.left - edge : edge - c.box.right();
    if (gap > 3 * std::max(c.box.height, e.height)) break;
    out.push_back(c.ref);
    edge = right ? c.box.right() : c.box.left;
  }
  if (!right) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

Result<std::vector<SelectionElement>> FindSelectionElements(const Pix& page) {
  SilenceLeptonica();
  Pix* source = const_cast<Pix*>(&page);  // Leptonica's API is not const-correct; read only
  PixPtr gray(pixConvertTo8(source, 0));
  if (gray == nullptr) return InternalError("could not convert the page to gray levels");
  PixPtr binary(pixThresholdToBinary(gray.get(), kDarkThreshold));
  if (binary == nullptr) return InternalError("could not binarise the page");
  BoxaPtr boxa(pixConnCompBB(binary.get(), 8));
  if (boxa == nullptr) return InternalError("could not label the page's connected components");
  std::vector<PixelBox> components;
  for (int i = 0; i < boxaGetCount(boxa.get()); ++i) {
    PixelBox b;
    boxaGetBoxGeometry(boxa.get(), i, &b.left, &b.top, &b.width, &b.height);
    components.push_back(b);
  }
  const Bits bits(binary.get());
  std::vector<SelectionElement> out;
  for (const PixelBox& b : components) {
    std::optional<SelectionElement> e = Classify(bits, b);
    if (!e || HasGlyphNeighbour(b, components)) continue;
    out.push_back(*e);
  }
  // A radio button's dot or a box's tick is not an element of its own.
  std::vector<SelectionElement> kept;
  for (const SelectionElement& e : out) {
    const bool nested = std::any_of(out.begin(), out.end(), [&e](const SelectionElement& o) {
      return &o != &e && Contains(o.box, e.box) && o.box.width > e.box.width;
    });
    if (!nested) kept.push_back(e);
  }
  std::sort(kept.begin(), kept.end(), [](const SelectionElement& a, const SelectionElement& b) {
    if (!SameBand(a.box, b.box)) return a.box.top < b.box.top;
    return a.box.left < b.box.left;
  });
  return kept;
}

PixPtr PaintOut(const Pix& page, const std::vector<SelectionElement>& elements) {
  PixPtr gray(pixConvertTo8(const_cast<Pix*>(&page), 0));
  if (gray == nullptr) return nullptr;
  for (const SelectionElement& e : elements) {
    pixRasterop(gray.get(), e.box.left - 3, e.box.top - 3, e.box.width + 6, e.box.height + 6,
                PIX_SET, nullptr, 0, 0);  // PIX_SET on 8 bpp: 255, white
  }
  return gray;
}

void AttachSelections(const OcrPage& text, const std::vector<SelectionElement>& elements,
                      std::vector<Table>* tables, std::vector<KeyValue>* pairs) {
  for (int i = 0; i < static_cast<int>(elements.size()); ++i) {
    const PixelBox centre = Centre(elements[i].box);
    bool in_table = false;
    for (Table& table : *tables) {
      for (TableCell& cell : table.cells) {
        if (Holds(cell.box, centre)) cell.selections.push_back(i), in_table = true;
      }
      for (TableCell& cell : table.merged_cells) {
        if (Holds(cell.box, centre)) cell.selections.push_back(i);
      }
    }
    if (in_table) continue;
    const PixelBox& e = elements[i].box;
    // "Married: [x]": the label's pair with nothing filled in takes the box.
    auto label = std::find_if(pairs->begin(), pairs->end(), [&e](const KeyValue& kv) {
      return kv.value.empty() && kv.selections.empty() && SameBand(kv.key_box, e) &&
             e.left >= kv.key_box.right() - 2 && e.left - kv.key_box.right() < 4 * e.height;
    });
    if (label != pairs->end()) {
      label->selections.push_back(i);
      label->value_box = e;
      label->confidence = (label->confidence + elements[i].confidence) / 2;
      continue;
    }
    std::vector<WordRef> key = LabelWords(text, elements, e, true);
    if (key.empty()) key = LabelWords(text, elements, e, false);
    if (key.empty()) continue;  // a lone box: a SELECTION_ELEMENT without a key
    const float sum = ConfidenceSum(text, key, elements[i].confidence);
    KeyValue kv;
    kv.key = std::move(key);
    kv.selections = {i};
    kv.key_box = WordsBox(text, kv.key);
    kv.value_box = e;
    kv.confidence = sum / float(kv.key.size() + 1);
    pairs->push_back(std::move(kv));
  }
}

}  // namespace lathe::services::documents
