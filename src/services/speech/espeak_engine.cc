// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/espeak_engine.h"

#include <cstring>
#include <mutex>

#include <espeak-ng/speak_lib.h>

namespace lathe::services::speech {
namespace {

// Everything espeak-ng touches is global, hence one lock for initialisation and synthesis.
std::mutex& EngineMutex() {
  static std::mutex mu;
  return mu;
}

bool initialised = false;  // guarded by EngineMutex()
int init_result = 0;       // the sample rate, or < 0; guarded by EngineMutex()

// The synthesis in progress (the callback finds it through espeak's user_data).
struct SynthesisContext {
  EngineOutput* output;
  const AudioCallback* on_audio;
  bool cancelled = false;
};

int OnSynth(short* wav, int count, espeak_EVENT* events) {
  auto* ctx = static_cast<SynthesisContext*>(events->user_data);
  if (ctx == nullptr) return 0;
  if (wav != nullptr && count > 0) {
    if (ctx->on_audio != nullptr && *ctx->on_audio) {
      if (!(*ctx->on_audio)(wav, static_cast<size_t>(count))) {
        ctx->cancelled = true;
        return 1;  // abort the synthesis
      }
    } else {
      ctx->output->samples.insert(ctx->output->samples.end(), wav, wav + count);
    }
  }
  for (espeak_EVENT* e = events; e->type != espeakEVENT_LIST_TERMINATED; ++e) {
    EngineEvent event;
    event.position = e->text_position > 0 ? static_cast<size_t>(e->text_position - 1) : 0;
    event.length = e->length > 0 ? static_cast<size_t>(e->length) : 0;
    event.time_ms = e->audio_position;
    switch (e->type) {
      case espeakEVENT_WORD:
        event.type = EngineEventType::kWord;
        break;
      case espeakEVENT_SENTENCE:
        event.type = EngineEventType::kSentence;
        break;
      case espeakEVENT_MARK:
        event.type = EngineEventType::kMark;
        event.name = e->id.name != nullptr ? e->id.name : "";
        break;
      case espeakEVENT_PHONEME: {
        event.type = EngineEventType::kPhoneme;
        char mnemonic[9] = {};
        std::memcpy(mnemonic, e->id.string, 8);
        event.name = mnemonic;
        break;
      }
      default:
        continue;
    }
    ctx->output->events.push_back(std::move(event));
  }
  return 0;
}

// Initialises espeak-ng once. Caller holds EngineMutex().
Status EnsureInitialised() {
  if (!initialised) {
    initialised = true;
    // DONT_EXIT: a missing data directory must be an error, not the end of the server.
    init_result = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr,
                                    espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_DONT_EXIT);
    if (init_result > 0) espeak_SetSynthCallback(OnSynth);
  }
  if (init_result != kEspeakSampleRate) {
    return InternalError("espeak-ng did not start (espeak_Initialize returned " +
                         std::to_string(init_result) +
                         "); is the espeak-ng-data package installed?");
  }
  return Status::Ok();
}

}  // namespace

Result<EngineOutput> EspeakEngine::Synthesize(std::string_view markup, std::string_view voice,
                                              const AudioCallback& on_audio) {
  std::lock_guard<std::mutex> lock(EngineMutex());
  LATHE_RETURN_IF_ERROR(EnsureInitialised());
  const std::string voice_name(voice);
  if (espeak_SetVoiceByName(voice_name.c_str()) != EE_OK) {
    return NotFoundError("espeak-ng has no voice '" + voice_name + "'");
  }
  espeak_SetParameter(espeakRATE, espeakRATE_NORMAL, 0);
  espeak_SetParameter(espeakVOLUME, 100, 0);
  EngineOutput output;
  SynthesisContext ctx{.output = &output, .on_audio = &on_audio};
  const std::string text(markup);
  const espeak_ERROR error =
      espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                   espeakCHARS_UTF8 | espeakSSML | espeakPHONEMES, nullptr, &ctx);
  if (ctx.cancelled) return Status(StatusCode::kCancelled, "synthesis stopped by the reader");
  if (error != EE_OK) {
    return InternalError("espeak_Synth failed with code " + std::to_string(error));
  }
  return output;
}

std::string EspeakEngine::Version() {
  std::lock_guard<std::mutex> lock(EngineMutex());
  if (!EnsureInitialised().ok()) return "";
  const char* path = nullptr;
  const char* version = espeak_Info(&path);
  return version != nullptr ? version : "";
}

}  // namespace lathe::services::speech
