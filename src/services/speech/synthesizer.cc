// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/synthesizer.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "services/speech/espeak_engine.h"
#include "services/speech/resampler.h"
#include "services/speech/speech_errors.h"

namespace lathe::services::speech {
namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Status CheckFormat(const SpeechRequest& request, PreparedSpeech* out) {
  const std::string& f = request.output_format;
  if (f == "json") {
    out->marks_only = true;
    out->content_type = "application/x-json-stream";
  } else if (f == "mp3") {
    out->format = AudioFormat::kMp3;
  } else if (f == "ogg_vorbis") {
    out->format = AudioFormat::kOggVorbis;
  } else if (f == "pcm") {
    out->format = AudioFormat::kPcm;
  } else {
    return SpeechError(SpeechErrorKind::kInvalidInput,
                       "OutputFormat '" + f + "': expected json, mp3, ogg_vorbis or pcm");
  }
  if (!out->marks_only) out->content_type = std::string(AudioContentType(out->format));
  const bool pcm = out->format == AudioFormat::kPcm && !out->marks_only;
  const std::vector<int> allowed =
      pcm ? std::vector<int>{8000, 16000} : std::vector<int>{8000, 16000, 22050, 24000};
  out->sample_rate = request.sample_rate == 0 ? (pcm ? 16000 : 22050) : request.sample_rate;
  if (!out->marks_only &&
      std::find(allowed.begin(), allowed.end(), out->sample_rate) == allowed.end()) {
    return SpeechError(SpeechErrorKind::kInvalidSampleRate,
                       "SampleRate " + std::to_string(request.sample_rate) +
                           " is not offered for " + f +
                           (pcm ? "; use 8000 or 16000" : "; use 8000, 16000, 22050 or 24000"));
  }
  return Status::Ok();
}

Status CheckMarks(const SpeechRequest& request, PreparedSpeech* out) {
  for (const std::string& type : request.speech_mark_types) {
    if (type == "sentence")
      out->mark_types.sentence = true;
    else if (type == "word")
      out->mark_types.word = true;
    else if (type == "ssml")
      out->mark_types.ssml = true;
    else if (type == "viseme")
      out->mark_types.viseme = true;
    else {
      return SpeechError(SpeechErrorKind::kInvalidInput,
                         "SpeechMarkTypes: '" + type + "' is not sentence, ssml, viseme or word");
    }
  }
  if (!request.speech_mark_types.empty() && !out->marks_only) {
    return SpeechError(
        SpeechErrorKind::kMarksNotForFormat,
        "SpeechMarkTypes need OutputFormat json; '" + request.output_format + "' is audio");
  }
  if (out->marks_only && request.speech_mark_types.empty()) {
    return SpeechError(SpeechErrorKind::kInvalidInput,
                       "OutputFormat json returns speech marks: give SpeechMarkTypes (sentence, "
                       "ssml, viseme, word)");
  }
  if (out->mark_types.ssml && !request.ssml) {
    return SpeechError(SpeechErrorKind::kSsmlMarksNotForText,
                       "SpeechMarkTypes ssml needs TextType ssml");
  }
  return Status::Ok();
}

Status CheckVoice(const SpeechRequest& request, PreparedSpeech* out) {
  out->voice = FindVoice(request.voice_id);
  if (out->voice == nullptr) {
    return SpeechError(SpeechErrorKind::kUnknownVoice,
                       "VoiceId '" + request.voice_id +
                           "' is not a voice here; available: " + std::string(VoiceIdList()));
  }
  if (!request.engine.empty() && request.engine != "standard") {
    if (request.engine == "neural" || request.engine == "long-form" ||
        request.engine == "generative") {
      return SpeechError(SpeechErrorKind::kEngineNotSupported,
                         "Engine '" + request.engine +
                             "' is not supported: voices here run on "
                             "espeak-ng, the standard engine");
    }
    return SpeechError(SpeechErrorKind::kInvalidInput,
                       "Engine '" + request.engine + "': expected standard");
  }
  if (!request.language_code.empty() && request.language_code != out->voice->language_code &&
      request.language_code != out->voice->additional_language) {
    return SpeechError(SpeechErrorKind::kLanguageNotSupported,
                       "LanguageCode '" + request.language_code + "' is not spoken by " +
                           request.voice_id + " (" + std::string(out->voice->language_code) + ")");
  }
  return Status::Ok();
}

// Resamples and encodes PCM blocks on its own thread (Run) while espeak-ng pushes them (Push).
class EncoderPipeline {
 public:
  EncoderPipeline(int sample_rate, AudioEncoder* encoder, const ByteSink& sink)
      : resampler_(kEspeakSampleRate, sample_rate), encoder_(encoder), sink_(sink) {}

  // From espeak-ng's callback: queues a copy. False once the pipeline stopped (tells espeak-ng
  // to stop).
  bool Push(const int16_t* samples, size_t count) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return false;
    blocks_.emplace_back(samples, samples + count);
    cv_.notify_one();
    return true;
  }

  // No more blocks: Run flushes the encoder and returns.
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    cv_.notify_one();
  }

  void Run() {
    std::vector<int16_t> pcm;
    std::string bytes;
    while (true) {
      std::vector<int16_t> block;
      bool last = false;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return closed_ || !blocks_.empty(); });
        if (stopped_) return;
        if (!blocks_.empty()) {
          block = std::move(blocks_.front());
          blocks_.pop_front();
        } else {
          last = true;
        }
      }
      pcm.clear();
      bytes.clear();
      Status status;
      if (last) {
        resampler_.Flush(&pcm);
        status = encoder_->Encode(pcm.data(), pcm.size(), &bytes);
        if (status.ok()) status = encoder_->Finish(&bytes);
      } else {
        resampler_.Process(block.data(), block.size(), &pcm);
        status = encoder_->Encode(pcm.data(), pcm.size(), &bytes);
      }
      if (!status.ok() || (!bytes.empty() && !sink_(bytes))) {
        std::lock_guard<std::mutex> lock(mu_);
        failure_ = status;
        stopped_ = true;
        return;
      }
      if (last) return;
    }
  }

  // After Run returned.
  const Status& failure() const { return failure_; }
  bool stopped() const { return stopped_; }

 private:
  Resampler resampler_;
  AudioEncoder* encoder_;
  const ByteSink& sink_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<int16_t>> blocks_;  // guarded by mu_
  bool closed_ = false;                      // guarded by mu_
  bool stopped_ = false;                     // guarded by mu_: the sink or the encoder gave up
  Status failure_;                           // guarded by mu_
};

}  // namespace

Result<PreparedSpeech> PrepareSpeech(const SpeechRequest& request,
                                     const std::vector<const Lexicon*>& lexicons) {
  PreparedSpeech out;
  LATHE_RETURN_IF_ERROR(CheckVoice(request, &out));
  LATHE_RETURN_IF_ERROR(CheckFormat(request, &out));
  LATHE_RETURN_IF_ERROR(CheckMarks(request, &out));
  const size_t max_total = request.task ? kMaxTaskTotalCharacters : kMaxTotalCharacters;
  const size_t max_billed = request.task ? kMaxTaskBilledCharacters : kMaxBilledCharacters;
  const size_t total = CodePoints(request.text);
  if (total > max_total) {
    return SpeechError(SpeechErrorKind::kTextTooLong,
                       "Text has " + std::to_string(total) + " characters; the limit is " +
                           std::to_string(max_total) + " in all (SSML tags included)");
  }
  if (request.ssml) {
    LATHE_ASSIGN_OR_RETURN(out.text, SsmlToSpoken(request.text, lexicons));
  } else {
    out.text = PlainToSpoken(request.text, lexicons);
  }
  if (out.text.billed_characters > max_billed) {
    return SpeechError(SpeechErrorKind::kTextTooLong,
                       "Text has " + std::to_string(out.text.billed_characters) +
                           " billed characters; the limit is " + std::to_string(max_billed) +
                           " (SSML tags not counted)");
  }
  out.input = request.text;
  return out;
}

Status RenderSpeech(const PreparedSpeech& speech, const ByteSink& sink) {
  const std::string& markup = speech.text.spoken.markup();
  const std::string espeak_voice(speech.voice->espeak_voice);
  if (speech.marks_only) {
    size_t samples = 0;
    AudioCallback count = [&samples](const int16_t*, size_t n) {
      samples += n;
      return true;
    };
    Result<EngineOutput> output = EspeakEngine::Synthesize(markup, espeak_voice, count);
    if (!output.ok()) {
      return SpeechError(SpeechErrorKind::kSynthesisFailed, output.status().message());
    }
    const int64_t duration_ms = static_cast<int64_t>(samples) * 1000 / kEspeakSampleRate;
    const std::vector<SpeechMark> marks =
        BuildSpeechMarks(speech.input, speech.text.spoken, *output, speech.mark_types, duration_ms);
    sink(SpeechMarksJsonLines(marks));
    return Status::Ok();
  }
  Result<std::unique_ptr<AudioEncoder>> encoder =
      MakeAudioEncoder(speech.format, speech.sample_rate);
  if (!encoder.ok())
    return SpeechError(SpeechErrorKind::kSynthesisFailed, encoder.status().message());
  // espeak-ng calls back with PCM blocks; another thread resamples, encodes and hands the bytes
  // on, so encoding overlaps synthesis (on a second core) instead of adding to it.
  EncoderPipeline pipeline(speech.sample_rate, encoder->get(), sink);
  std::thread encoding([&pipeline] { pipeline.Run(); });
  AudioCallback on_audio = [&pipeline](const int16_t* samples, size_t count) {
    return pipeline.Push(samples, count);
  };
  Result<EngineOutput> output = EspeakEngine::Synthesize(markup, espeak_voice, on_audio);
  pipeline.Close();
  encoding.join();
  if (!pipeline.failure().ok()) {
    return SpeechError(SpeechErrorKind::kSynthesisFailed, pipeline.failure().message());
  }
  if (pipeline.stopped()) return Status(StatusCode::kCancelled, "stopped by the reader");
  if (!output.ok()) {
    return SpeechError(SpeechErrorKind::kSynthesisFailed, output.status().message());
  }
  return Status::Ok();
}

Result<std::string> SynthesizeToString(const SpeechRequest& request,
                                       const std::vector<const Lexicon*>& lexicons) {
  LATHE_ASSIGN_OR_RETURN(PreparedSpeech speech, PrepareSpeech(request, lexicons));
  std::string out;
  LATHE_RETURN_IF_ERROR(RenderSpeech(speech, [&out](std::string_view bytes) {
    out.append(bytes);
    return true;
  }));
  return out;
}

}  // namespace lathe::services::speech
