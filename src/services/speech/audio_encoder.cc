// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/audio_encoder.h"

#include <cstring>
#include <random>
#include <vector>

#include <lame/lame.h>
#include <vorbis/vorbisenc.h>

namespace lathe::services::speech {
namespace {

class PcmEncoder : public AudioEncoder {
 public:
  Status Encode(const int16_t* samples, size_t count, std::string* out) override {
    for (size_t i = 0; i < count; ++i) {
      const uint16_t s = static_cast<uint16_t>(samples[i]);
      out->push_back(static_cast<char>(s & 0xFF));
      out->push_back(static_cast<char>(s >> 8));
    }
    return Status::Ok();
  }
  Status Finish(std::string*) override { return Status::Ok(); }
};

struct LameDeleter {
  void operator()(lame_global_flags* gfp) const { lame_close(gfp); }
};

class Mp3Encoder : public AudioEncoder {
 public:
  static Result<std::unique_ptr<AudioEncoder>> Make(int sample_rate) {
    auto enc = std::make_unique<Mp3Encoder>();
    enc->lame_.reset(lame_init());
    lame_global_flags* gfp = enc->lame_.get();
    if (gfp == nullptr) return InternalError("lame_init failed");
    lame_set_in_samplerate(gfp, sample_rate);
    lame_set_out_samplerate(gfp, sample_rate);
    lame_set_num_channels(gfp, 1);
    lame_set_mode(gfp, MONO);
    // Polly's standard voices: 48 kbps at 22050/24000 Hz; lower rates take less.
    lame_set_brate(gfp, sample_rate >= 22050 ? 48 : sample_rate >= 16000 ? 32 : 16);
    lame_set_quality(gfp, 7);
    lame_set_bWriteVbrTag(gfp, 0);  // streamed: no header to rewrite at the end
    if (lame_init_params(gfp) < 0) {
      return InternalError("lame_init_params refused " + std::to_string(sample_rate) + " Hz mono");
    }
    return std::unique_ptr<AudioEncoder>(std::move(enc));
  }

  Status Encode(const int16_t* samples, size_t count, std::string* out) override {
    size_t done = 0;
    while (done < count) {
      const size_t n = std::min<size_t>(count - done, 8192);
      buffer_.resize(n * 5 / 4 + 7200);
      // lame's API takes non-const pointers but does not write through them.
      int bytes =
          lame_encode_buffer(lame_.get(), const_cast<int16_t*>(samples + done), nullptr,
                             static_cast<int>(n), buffer_.data(), static_cast<int>(buffer_.size()));
      if (bytes < 0) return InternalError("lame_encode_buffer failed: " + std::to_string(bytes));
      out->append(reinterpret_cast<const char*>(buffer_.data()), static_cast<size_t>(bytes));
      done += n;
    }
    return Status::Ok();
  }

  Status Finish(std::string* out) override {
    buffer_.resize(7200);
    int bytes = lame_encode_flush(lame_.get(), buffer_.data(), static_cast<int>(buffer_.size()));
    if (bytes < 0) return InternalError("lame_encode_flush failed: " + std::to_string(bytes));
    out->append(reinterpret_cast<const char*>(buffer_.data()), static_cast<size_t>(bytes));
    return Status::Ok();
  }

 private:
  std::unique_ptr<lame_global_flags, LameDeleter> lame_;
  std::vector<unsigned char> buffer_;
};

class VorbisEncoder : public AudioEncoder {
 public:
  VorbisEncoder() = default;
  VorbisEncoder(const VorbisEncoder&) = delete;
  VorbisEncoder& operator=(const VorbisEncoder&) = delete;
  ~VorbisEncoder() override {
    if (started_) {
      ogg_stream_clear(&stream_);
      vorbis_block_clear(&block_);
      vorbis_dsp_clear(&dsp_);
      vorbis_comment_clear(&comment_);
    }
    vorbis_info_clear(&info_);
  }

  static Result<std::unique_ptr<AudioEncoder>> Make(int sample_rate) {
    auto enc = std::make_unique<VorbisEncoder>();
    vorbis_info_init(&enc->info_);
    if (vorbis_encode_init_vbr(&enc->info_, 1, sample_rate, 0.3f) != 0) {
      return InternalError("libvorbis refused " + std::to_string(sample_rate) + " Hz mono");
    }
    vorbis_comment_init(&enc->comment_);
    vorbis_comment_add_tag(&enc->comment_, "ENCODER", "Lathe speech");
    vorbis_analysis_init(&enc->dsp_, &enc->info_);
    vorbis_block_init(&enc->dsp_, &enc->block_);
    ogg_stream_init(&enc->stream_, static_cast<int>(std::random_device()() & 0x7FFFFFFF));
    enc->started_ = true;
    ogg_packet header, comments, codebooks;
    vorbis_analysis_headerout(&enc->dsp_, &enc->comment_, &header, &comments, &codebooks);
    ogg_stream_packetin(&enc->stream_, &header);
    ogg_stream_packetin(&enc->stream_, &comments);
    ogg_stream_packetin(&enc->stream_, &codebooks);
    enc->header_pending_ = true;
    return std::unique_ptr<AudioEncoder>(std::move(enc));
  }

  Status Encode(const int16_t* samples, size_t count, std::string* out) override {
    FlushHeader(out);
    size_t done = 0;
    while (done < count) {
      const int n = static_cast<int>(std::min<size_t>(count - done, 4096));
      float** buffer = vorbis_analysis_buffer(&dsp_, n);
      for (int i = 0; i < n; ++i) buffer[0][i] = samples[done + i] / 32768.0f;
      vorbis_analysis_wrote(&dsp_, n);
      Drain(out);
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  Status Finish(std::string* out) override {
    FlushHeader(out);
    vorbis_analysis_wrote(&dsp_, 0);
    Drain(out);
    return Status::Ok();
  }

 private:
  void Append(const ogg_page& page, std::string* out) {
    out->append(reinterpret_cast<const char*>(page.header), static_cast<size_t>(page.header_len));
    out->append(reinterpret_cast<const char*>(page.body), static_cast<size_t>(page.body_len));
  }

  // The three header packets go out on pages of their own, before any audio.
  void FlushHeader(std::string* out) {
    if (!header_pending_) return;
    header_pending_ = false;
    ogg_page page;
    while (ogg_stream_flush(&stream_, &page) != 0) Append(page, out);
  }

  void Drain(std::string* out) {
    while (vorbis_analysis_blockout(&dsp_, &block_) == 1) {
      vorbis_analysis(&block_, nullptr);
      vorbis_bitrate_addblock(&block_);
      ogg_packet packet;
      while (vorbis_bitrate_flushpacket(&dsp_, &packet) == 1) {
        ogg_stream_packetin(&stream_, &packet);
        ogg_page page;
        while (ogg_stream_pageout(&stream_, &page) != 0) Append(page, out);
      }
    }
    if (ogg_page_eos_pending()) {
      ogg_page page;
      while (ogg_stream_flush(&stream_, &page) != 0) Append(page, out);
    }
  }

  bool ogg_page_eos_pending() const { return stream_.e_o_s != 0; }

  vorbis_info info_{};
  vorbis_comment comment_{};
  vorbis_dsp_state dsp_{};
  vorbis_block block_{};
  ogg_stream_state stream_{};
  bool started_ = false;
  bool header_pending_ = false;
};

}  // namespace

std::string_view AudioContentType(AudioFormat format) {
  switch (format) {
    case AudioFormat::kPcm:
      return "audio/pcm";
    case AudioFormat::kMp3:
      return "audio/mpeg";
    case AudioFormat::kOggVorbis:
      return "audio/ogg";
  }
  return "application/octet-stream";
}

Result<std::unique_ptr<AudioEncoder>> MakeAudioEncoder(AudioFormat format, int sample_rate) {
  switch (format) {
    case AudioFormat::kPcm:
      return std::unique_ptr<AudioEncoder>(std::make_unique<PcmEncoder>());
    case AudioFormat::kMp3:
      return Mp3Encoder::Make(sample_rate);
    case AudioFormat::kOggVorbis:
      return VorbisEncoder::Make(sample_rate);
  }
  return InvalidArgumentError("unknown audio format");
}

}  // namespace lathe::services::speech
