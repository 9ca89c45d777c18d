// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Streaming sample-rate conversion of mono int16 PCM with a windowed-sinc (Blackman, 32 taps)
// low-pass filter, so 22050 Hz speech becomes 8000, 16000 or 24000 Hz without aliasing. Feed it
// blocks as they come; Flush emits the tail. Output length is floor(input * out_rate / in_rate).
// Not thread-safe (one per stream).
//
//   Resampler r(22050, 16000);
//   r.Process(block.data(), block.size(), &out);  // appends what is ready
//   r.Flush(&out);
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lathe::services::speech {

class Resampler {
 public:
  Resampler(int in_rate, int out_rate);

  // Appends the output samples that `samples` completes to *out.
  void Process(const int16_t* samples, size_t count, std::vector<int16_t>* out);
  // Appends the remaining output samples (the input's end padded with silence).
  void Flush(std::vector<int16_t>* out);

 private:
  void Emit(bool final, std::vector<int16_t>* out);

  static constexpr int kHalfTaps = 16;
  static constexpr int kPhases = 256;
  int in_rate_;
  int out_rate_;
  std::vector<float> table_;   // kPhases x (2 * kHalfTaps) filter coefficients
  std::vector<float> buffer_;  // input samples from index buffer_start_ on
  int64_t buffer_start_ = 0;   // input index of buffer_[0]
  int64_t input_count_ = 0;    // input samples seen
  int64_t output_count_ = 0;   // output samples emitted
};

}  // namespace lathe::services::speech
