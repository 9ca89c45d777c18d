// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Encoders for Polly's audio formats, fed mono int16 PCM block by block so the first bytes can
// leave before the synthesis ends: pcm (raw 16-bit little-endian, as Polly sends it), mp3
// (libmp3lame, constant bit rate, no Xing header) and ogg_vorbis (libvorbis in an Ogg stream from
// libogg). Not thread-safe (one per stream).
//
//   LATHE_ASSIGN_OR_RETURN(auto enc, MakeAudioEncoder(AudioFormat::kMp3, 22050));
//   LATHE_RETURN_IF_ERROR(enc->Encode(pcm.data(), pcm.size(), &bytes));
//   LATHE_RETURN_IF_ERROR(enc->Finish(&bytes));
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::services::speech {

enum class AudioFormat { kPcm, kMp3, kOggVorbis };

// "audio/pcm", "audio/mpeg", "audio/ogg" (Polly's Content-Type values).
std::string_view AudioContentType(AudioFormat format);

class AudioEncoder {
 public:
  virtual ~AudioEncoder() = default;
  // Appends the encoded bytes ready so far to *out.
  virtual Status Encode(const int16_t* samples, size_t count, std::string* out) = 0;
  // Ends the stream (flushes the encoder) and appends the last bytes. Call once.
  virtual Status Finish(std::string* out) = 0;
};

// An encoder at `sample_rate` Hz. Internal if the codec library refuses the settings.
Result<std::unique_ptr<AudioEncoder>> MakeAudioEncoder(AudioFormat format, int sample_rate);

}  // namespace lathe::services::speech
