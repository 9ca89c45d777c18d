// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "services/speech/audio_encoder.h"
#include "services/speech/resampler.h"

namespace lathe::services::speech {
namespace {

std::vector<int16_t> Tone(double hz, int rate, int samples, double amplitude = 10000) {
  std::vector<int16_t> out(static_cast<size_t>(samples));
  for (int i = 0; i < samples; ++i) {
    out[static_cast<size_t>(i)] =
        static_cast<int16_t>(amplitude * std::sin(2 * M_PI * hz * i / rate));
  }
  return out;
}

double Rms(const std::vector<int16_t>& s, size_t from, size_t to) {
  double sum = 0;
  for (size_t i = from; i < to; ++i) sum += static_cast<double>(s[i]) * s[i];
  return std::sqrt(sum / static_cast<double>(to - from));
}

// Resamples in uneven blocks, as espeak-ng delivers them.
std::vector<int16_t> Resample(const std::vector<int16_t>& in, int from, int to) {
  Resampler r(from, to);
  std::vector<int16_t> out;
  for (size_t i = 0; i < in.size(); i += 1237) {
    r.Process(in.data() + i, std::min<size_t>(1237, in.size() - i), &out);
  }
  r.Flush(&out);
  return out;
}

TEST(ResamplerTest, OutputLengthFollowsTheRateRatio) {
  const std::vector<int16_t> second = Tone(440, 22050, 22050);
  EXPECT_EQ(Resample(second, 22050, 16000).size(), 16000u);
  EXPECT_EQ(Resample(second, 22050, 8000).size(), 8000u);
  EXPECT_EQ(Resample(second, 22050, 24000).size(), 24000u);
  EXPECT_EQ(Resample(second, 22050, 22050), second);
}

TEST(ResamplerTest, KeepsInBandTonesAndRemovesWhatWouldAlias) {
  const double in_band = Rms(Resample(Tone(1000, 22050, 22050), 22050, 8000), 1000, 7000);
  EXPECT_NEAR(in_band, 10000 / std::sqrt(2.0), 300);  // 1 kHz passes at 8 kHz
  // 6 kHz is above the 4 kHz Nyquist of 8000 Hz: it must not fold back as a 2 kHz tone.
  const double aliased = Rms(Resample(Tone(6000, 22050, 22050), 22050, 8000), 1000, 7000);
  EXPECT_LT(aliased, 100);
}

TEST(AudioEncoderTest, Mp3AndOggAndPcmHaveTheirFormats) {
  const std::vector<int16_t> tone = Tone(440, 16000, 16000);
  for (AudioFormat format : {AudioFormat::kPcm, AudioFormat::kMp3, AudioFormat::kOggVorbis}) {
    Result<std::unique_ptr<AudioEncoder>> enc = MakeAudioEncoder(format, 16000);
    ASSERT_TRUE(enc.ok()) << enc.status().ToString();
    std::string bytes;
    ASSERT_TRUE((*enc)->Encode(tone.data(), tone.size(), &bytes).ok());
    ASSERT_TRUE((*enc)->Finish(&bytes).ok());
    ASSERT_GT(bytes.size(), 100u);
    if (format == AudioFormat::kPcm) {
      ASSERT_EQ(bytes.size(), tone.size() * 2);
      EXPECT_EQ(static_cast<int16_t>(static_cast<uint8_t>(bytes[2]) |
                                     (static_cast<uint8_t>(bytes[3]) << 8)),
                tone[1]);  // little-endian
    } else if (format == AudioFormat::kMp3) {
      EXPECT_EQ(static_cast<uint8_t>(bytes[0]), 0xFF);  // MPEG frame sync
      EXPECT_EQ(static_cast<uint8_t>(bytes[1]) & 0xE0, 0xE0);
      EXPECT_LT(bytes.size(), 8000u);  // 32 kbps for one second, not raw PCM
    } else {
      EXPECT_EQ(bytes.substr(0, 4), "OggS");
      EXPECT_NE(bytes.find("\x01vorbis"), std::string::npos);
    }
  }
}

TEST(AudioEncoderTest, EveryPollyRateEncodes) {
  for (int rate : {8000, 16000, 22050, 24000}) {
    for (AudioFormat format : {AudioFormat::kMp3, AudioFormat::kOggVorbis}) {
      EXPECT_TRUE(MakeAudioEncoder(format, rate).ok()) << rate;
    }
  }
}

}  // namespace
}  // namespace lathe::services::speech
