// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/resampler.h"

#include <algorithm>
#include <cmath>

namespace lathe::services::speech {

Resampler::Resampler(int in_rate, int out_rate) : in_rate_(in_rate), out_rate_(out_rate) {
  if (in_rate_ == out_rate_) return;
  // Cut-off a little under the lower Nyquist frequency, in cycles per input sample.
  const double cutoff = 0.5 * std::min(1.0, static_cast<double>(out_rate) / in_rate) * 0.92;
  table_.resize(static_cast<size_t>(kPhases) * 2 * kHalfTaps);
  for (int phase = 0; phase < kPhases; ++phase) {
    const double frac = static_cast<double>(phase) / kPhases;
    double sum = 0;
    for (int tap = 0; tap < 2 * kHalfTaps; ++tap) {
      // Tap k sits at input index floor(t) - kHalfTaps + 1 + tap; its distance from t:
      const double x = (tap - kHalfTaps + 1) - frac;
      const double arg = 2 * cutoff * x;
      const double sinc = std::abs(arg) < 1e-9 ? 1.0 : std::sin(M_PI * arg) / (M_PI * arg);
      const double w = (x + kHalfTaps) / (2.0 * kHalfTaps);  // 0..1 across the window
      const double blackman = 0.42 - 0.5 * std::cos(2 * M_PI * w) + 0.08 * std::cos(4 * M_PI * w);
      const double h = 2 * cutoff * sinc * std::max(0.0, blackman);
      table_[static_cast<size_t>(phase) * 2 * kHalfTaps + tap] = static_cast<float>(h);
      sum += h;
    }
    for (int tap = 0; tap < 2 * kHalfTaps; ++tap) {  // unity gain at DC for every phase
      table_[static_cast<size_t>(phase) * 2 * kHalfTaps + tap] /= static_cast<float>(sum);
    }
  }
}

void Resampler::Process(const int16_t* samples, size_t count, std::vector<int16_t>* out) {
  if (in_rate_ == out_rate_) {
    out->insert(out->end(), samples, samples + count);
    input_count_ += static_cast<int64_t>(count);
    output_count_ = input_count_;
    return;
  }
  for (size_t i = 0; i < count; ++i) buffer_.push_back(samples[i]);
  input_count_ += static_cast<int64_t>(count);
  Emit(false, out);
}

void Resampler::Flush(std::vector<int16_t>* out) {
  if (in_rate_ == out_rate_) return;
  Emit(true, out);
}

void Resampler::Emit(bool final, std::vector<int16_t>* out) {
  const int64_t total = input_count_ * out_rate_ / in_rate_;  // outputs the input allows in all
  while (output_count_ < total) {
    // Input position of this output sample, as integer part and phase.
    const int64_t num = output_count_ * in_rate_;
    const int64_t base = num / out_rate_;
    const int phase = static_cast<int>((num % out_rate_) * kPhases / out_rate_);
    const int64_t last = base + kHalfTaps;  // the newest input sample the filter needs
    if (!final && last >= input_count_) break;
    const float* h = &table_[static_cast<size_t>(phase) * 2 * kHalfTaps];
    double acc = 0;
    for (int tap = 0; tap < 2 * kHalfTaps; ++tap) {
      const int64_t idx = base - kHalfTaps + 1 + tap;
      if (idx < buffer_start_ || idx >= input_count_) continue;  // before the start / past the end
      acc += h[tap] * buffer_[static_cast<size_t>(idx - buffer_start_)];
    }
    out->push_back(static_cast<int16_t>(std::clamp(std::lround(acc), -32768L, 32767L)));
    ++output_count_;
  }
  // Drop input no future output needs.
  const int64_t next_base = output_count_ * in_rate_ / out_rate_;
  const int64_t keep_from = std::max<int64_t>(buffer_start_, next_base - kHalfTaps);
  if (keep_from - buffer_start_ > 4096) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + (keep_from - buffer_start_));
    buffer_start_ = keep_from;
  }
}

}  // namespace lathe::services::speech
