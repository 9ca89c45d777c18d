// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/polly_handlers.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

#include "api/errors.h"
#include "api/json_body.h"
#include "services/speech/lexicon_store.h"
#include "services/speech/speech_errors.h"
#include "services/speech/synthesizer.h"
#include "services/speech/voices.h"

namespace lathe::api {
namespace {

using nlohmann::json;
namespace speech = services::speech;
using speech::SpeechErrorKind;

// How long a request waits for its synthesis before answering: within it, short texts are
// answered in one piece (with Content-Length); longer ones are streamed from what exists then.
constexpr auto kFirstBytesWait = std::chrono::milliseconds(40);

struct PollyError {
  int status;
  std::string_view type;
};

// The one table from speech errors to Polly's exceptions (polly/2016-06-10).
PollyError PollyErrorFor(const Status& status) {
  std::optional<SpeechErrorKind> kind = speech::SpeechErrorKindOf(status);
  if (!kind) {
    if (status.code() == StatusCode::kInvalidArgument) return {400, "ValidationException"};
    return {500, "ServiceFailureException"};
  }
  switch (*kind) {
    case SpeechErrorKind::kInvalidInput:
    case SpeechErrorKind::kUnknownVoice:
      return {400, "ValidationException"};
    case SpeechErrorKind::kTextTooLong:
      return {400, "TextLengthExceededException"};
    case SpeechErrorKind::kInvalidSsml:
      return {400, "InvalidSsmlException"};
    case SpeechErrorKind::kInvalidSampleRate:
      return {400, "InvalidSampleRateException"};
    case SpeechErrorKind::kLexiconNotFound:
      return {404, "LexiconNotFoundException"};
    case SpeechErrorKind::kInvalidLexicon:
      return {400, "InvalidLexiconException"};
    case SpeechErrorKind::kLexiconTooLarge:
      return {400, "LexiconSizeExceededException"};
    case SpeechErrorKind::kLexemeTooLong:
      return {400, "MaxLexemeLengthExceededException"};
    case SpeechErrorKind::kTooManyLexicons:
      return {400, "MaxLexiconsNumberExceededException"};
    case SpeechErrorKind::kUnsupportedAlphabet:
      return {400, "UnsupportedPlsAlphabetException"};
    case SpeechErrorKind::kMarksNotForFormat:
      return {400, "MarksNotSupportedForFormatException"};
    case SpeechErrorKind::kSsmlMarksNotForText:
      return {400, "SsmlMarksNotSupportedForTextTypeException"};
    case SpeechErrorKind::kEngineNotSupported:
      return {400, "EngineNotSupportedException"};
    case SpeechErrorKind::kLanguageNotSupported:
      return {400, "LanguageNotSupportedException"};
    case SpeechErrorKind::kSynthesisFailed:
      return {500, "ServiceFailureException"};
  }
  return {500, "ServiceFailureException"};
}

// A rest-json error: the exception in X-Amzn-ErrorType (and __type), the message in the body.
HttpResponse PollyErrorResponse(const Status& status, const RequestContext& ctx) {
  const PollyError error = PollyErrorFor(status);
  HttpResponse response = HttpResponse::Json(
      error.status,
      {{"__type", error.type}, {"message", status.message()}, {"Message", status.message()}});
  response.headers.Set("X-Amzn-ErrorType", std::string(error.type));
  response.headers.Set("x-amzn-RequestId", ctx.request_id);
  return response;
}

HttpResponse PollyJson(const json& body, const RequestContext& ctx) {
  HttpResponse response = HttpResponse::Json(200, body);
  response.headers.Set("x-amzn-RequestId", ctx.request_id);
  return response;
}

// --- the streamed synthesis ---

// Shared by the synthesis thread and the response body.
struct StreamState {
  std::mutex mu;
  std::condition_variable cv;
  std::string pending;     // bytes not yet handed to the server
  bool done = false;       // the synthesis ended (status says how)
  bool abandoned = false;  // the response went away: stop synthesising
  Status status;
};

class SpeechBody : public BodyStream {
 public:
  explicit SpeechBody(std::shared_ptr<StreamState> state) : state_(std::move(state)) {}
  SpeechBody(const SpeechBody&) = delete;
  SpeechBody& operator=(const SpeechBody&) = delete;
  ~SpeechBody() override {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->abandoned = true;
  }

  bool Poll(std::string* out) override {
    std::lock_guard<std::mutex> lock(state_->mu);
    out->append(state_->pending);
    state_->pending.clear();
    // A failure after the first bytes cannot change the status line; the stream just ends.
    return !state_->done;
  }

 private:
  std::shared_ptr<StreamState> state_;
};

// Starts rendering on a thread of its own (detached: it owns its state through shared_ptrs and
// stops at the next audio block once the response is abandoned).
std::shared_ptr<StreamState> StartRender(speech::PreparedSpeech prepared) {
  auto state = std::make_shared<StreamState>();
  std::thread([state, prepared = std::move(prepared)] {
    Status status = speech::RenderSpeech(prepared, [&state](std::string_view bytes) {
      std::lock_guard<std::mutex> lock(state->mu);
      if (state->abandoned) return false;
      state->pending.append(bytes);
      state->cv.notify_all();
      return true;
    });
    std::lock_guard<std::mutex> lock(state->mu);
    state->done = true;
    state->status = std::move(status);
    state->cv.notify_all();
  }).detach();
  return state;
}

// Renders `prepared` into a response: one piece if it finishes within kFirstBytesWait (a failure
// then is an error status), else a stream (a failure then just ends it early).
Result<HttpResponse> RenderResponse(speech::PreparedSpeech prepared, RequestContext& ctx,
                                    std::string_view characters_header) {
  const std::string content_type = prepared.content_type;
  const size_t billed = prepared.text.billed_characters;
  std::shared_ptr<StreamState> state = StartRender(std::move(prepared));
  HttpResponse response;
  {
    std::unique_lock<std::mutex> lock(state->mu);
    // Bounded: a request queued behind another synthesis (espeak-ng runs one at a time) must
    // not hold a worker thread; its stream simply starts empty.
    state->cv.wait_for(lock, kFirstBytesWait, [&state] { return state->done; });
    if (state->done) {
      if (!state->status.ok()) return state->status;
      response.body = std::move(state->pending);
    } else {
      response.stream = std::make_shared<SpeechBody>(state);
    }
  }
  response.headers.Set("Content-Type", content_type);
  response.headers.Set(characters_header, std::to_string(billed));
  response.headers.Set("x-amzn-RequestId", ctx.request_id);
  return response;
}

// --- request parsing ---

Result<std::string> OptionalString(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                               std::string(field) + ": expected a string, got " + it->type_name());
  }
  return it->get<std::string>();
}

Result<std::vector<std::string>> OptionalStringList(const json& body, const char* field) {
  std::vector<std::string> out;
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                               std::string(field) + ": expected a list of strings");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return speech::SpeechError(
          SpeechErrorKind::kInvalidInput,
          std::string(field) + "[" + std::to_string(i) + "]: expected a string");
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

Result<json> JsonBody(const HttpRequest& request) {
  Result<json> body = ParseJsonObjectBody(request);
  if (!body.ok()) {
    return speech::SpeechError(SpeechErrorKind::kInvalidInput, body.status().message());
  }
  return body;
}

Result<int> SampleRate(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return 0;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) {  // Polly sends it as a string: "16000"
    const std::string& s = it->get_ref<const std::string&>();
    if (!s.empty() && s.size() <= 6 && s.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoi(s);
    }
  }
  return speech::SpeechError(SpeechErrorKind::kInvalidSampleRate,
                             std::string(field) + ": '" + it->dump() +
                                 "' is not a sample rate (8000, 16000, 22050 or 24000)");
}

// Prepares a request whose lexicons come from the store.
Result<speech::PreparedSpeech> Prepare(App& app, const speech::SpeechRequest& request,
                                       const std::vector<std::string>& lexicon_names) {
  speech::LexiconStore store(*app.stores.metadata);
  LATHE_ASSIGN_OR_RETURN(std::vector<speech::Lexicon> lexicons, store.Load(lexicon_names));
  std::vector<const speech::Lexicon*> pointers;
  for (const speech::Lexicon& l : lexicons) pointers.push_back(&l);
  return speech::PrepareSpeech(request, pointers);
}

Result<HttpResponse> PollySynthesize(App& app, HttpRequest& request, RequestContext& ctx) {
  LATHE_ASSIGN_OR_RETURN(json body, JsonBody(request));
  speech::SpeechRequest req;
  LATHE_ASSIGN_OR_RETURN(req.text, OptionalString(body, "Text"));
  LATHE_ASSIGN_OR_RETURN(req.voice_id, OptionalString(body, "VoiceId"));
  LATHE_ASSIGN_OR_RETURN(req.output_format, OptionalString(body, "OutputFormat"));
  LATHE_ASSIGN_OR_RETURN(std::string text_type, OptionalString(body, "TextType"));
  LATHE_ASSIGN_OR_RETURN(req.engine, OptionalString(body, "Engine"));
  LATHE_ASSIGN_OR_RETURN(req.language_code, OptionalString(body, "LanguageCode"));
  LATHE_ASSIGN_OR_RETURN(req.sample_rate, SampleRate(body, "SampleRate"));
  LATHE_ASSIGN_OR_RETURN(req.speech_mark_types, OptionalStringList(body, "SpeechMarkTypes"));
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> lexicons,
                         OptionalStringList(body, "LexiconNames"));
  for (const char* required : {"Text", "VoiceId", "OutputFormat"}) {
    if (!body.contains(required)) {
      return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                                 std::string(required) + ": a required member is missing");
    }
  }
  if (!text_type.empty() && text_type != "text" && text_type != "ssml") {
    return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                               "TextType '" + text_type + "': expected text or ssml");
  }
  req.ssml = text_type == "ssml";
  LATHE_ASSIGN_OR_RETURN(speech::PreparedSpeech prepared, Prepare(app, req, lexicons));
  return RenderResponse(std::move(prepared), ctx, "x-amzn-RequestCharacters");
}

json PollyVoiceJson(const speech::Voice& v) {
  json out = {{"Gender", v.gender},
              {"Id", v.id},
              {"LanguageCode", v.language_code},
              {"LanguageName", v.language_name},
              {"Name", v.id},
              {"SupportedEngines", json::array({"standard"})}};
  if (!v.additional_language.empty()) {
    out["AdditionalLanguageCodes"] = json::array({v.additional_language});
  }
  return out;
}

json LexiconAttributesJson(const speech::LexiconInfo& info) {
  return {{"Alphabet", info.alphabet},
          {"LanguageCode", info.language_code},
          {"LastModified", info.last_modified},
          {"LexiconArn", "arn:aws:polly:local:000000000000:lexicon/" + info.name},
          {"LexemesCount", info.lexemes_count},
          {"Size", info.size}};
}

json NativeLexiconJson(const speech::LexiconInfo& info, bool with_content) {
  json out = {{"name", info.name},
              {"alphabet", info.alphabet},
              {"language_code", info.language_code},
              {"last_modified", info.last_modified},
              {"lexemes_count", info.lexemes_count},
              {"size", info.size}};
  if (with_content) out["content"] = info.content;
  return out;
}

// Runs a Polly operation: any failing status becomes the modeled exception.
template <typename Fn>
Result<HttpResponse> AsPolly(RequestContext& ctx, Fn&& fn) {
  Result<HttpResponse> response = fn();
  if (!response.ok()) return PollyErrorResponse(response.status(), ctx);
  return response;
}

// Lathe's error JSON for the native routes, with the speech error kind in details.
Result<HttpResponse> AsNative(RequestContext& ctx, Result<HttpResponse> response) {
  if (response.ok()) return response;
  return ErrorResponse(response.status(), ctx.request_id);
}

}  // namespace

Result<HttpResponse> PollySynthesizeSpeech(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsPolly(ctx, [&] { return PollySynthesize(app, request, ctx); });
}

Result<HttpResponse> PollyDescribeVoices(App&, HttpRequest& request, RequestContext& ctx) {
  const std::string language(request.Query("LanguageCode").value_or(""));
  const std::string engine(request.Query("Engine").value_or(""));
  const bool additional = request.Query("IncludeAdditionalLanguageCodes").value_or("") == "true";
  json voices = json::array();
  if (engine.empty() || engine == "standard") {
    for (const speech::Voice* v : speech::ListVoices(language)) {
      if (!language.empty() && v->language_code != language && !additional) continue;
      voices.push_back(PollyVoiceJson(*v));
    }
  }
  return PollyJson({{"Voices", voices}}, ctx);
}

Result<HttpResponse> PollyPutLexicon(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsPolly(ctx, [&]() -> Result<HttpResponse> {
    LATHE_ASSIGN_OR_RETURN(json body, JsonBody(request));
    auto content = body.find("Content");
    if (content == body.end() || !content->is_string()) {
      return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                                 "Content: required, the PLS document as a string");
    }
    speech::LexiconStore store(*app.stores.metadata);
    LATHE_RETURN_IF_ERROR(
        store.Put(request.path_params["LexiconName"], content->get<std::string>()));
    return PollyJson(json::object(), ctx);
  });
}

Result<HttpResponse> PollyGetLexicon(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsPolly(ctx, [&]() -> Result<HttpResponse> {
    speech::LexiconStore store(*app.stores.metadata);
    LATHE_ASSIGN_OR_RETURN(speech::LexiconInfo info, store.Get(request.path_params["LexiconName"]));
    return PollyJson({{"Lexicon", {{"Content", info.content}, {"Name", info.name}}},
                      {"LexiconAttributes", LexiconAttributesJson(info)}},
                     ctx);
  });
}

Result<HttpResponse> PollyDeleteLexicon(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsPolly(ctx, [&]() -> Result<HttpResponse> {
    speech::LexiconStore store(*app.stores.metadata);
    LATHE_RETURN_IF_ERROR(store.Delete(request.path_params["LexiconName"]));
    return PollyJson(json::object(), ctx);
  });
}

Result<HttpResponse> PollyListLexicons(App& app, HttpRequest&, RequestContext& ctx) {
  return AsPolly(ctx, [&]() -> Result<HttpResponse> {
    speech::LexiconStore store(*app.stores.metadata);
    LATHE_ASSIGN_OR_RETURN(std::vector<speech::LexiconInfo> all, store.List());
    json lexicons = json::array();
    for (const speech::LexiconInfo& info : all) {
      lexicons.push_back({{"Name", info.name}, {"Attributes", LexiconAttributesJson(info)}});
    }
    return PollyJson({{"Lexicons", lexicons}}, ctx);
  });
}

Result<HttpResponse> SynthesizeSpeech(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsNative(ctx, [&]() -> Result<HttpResponse> {
    LATHE_ASSIGN_OR_RETURN(json body, JsonBody(request));
    speech::SpeechRequest req;
    LATHE_ASSIGN_OR_RETURN(req.text, OptionalString(body, "text"));
    LATHE_ASSIGN_OR_RETURN(req.voice_id, OptionalString(body, "voice"));
    LATHE_ASSIGN_OR_RETURN(req.output_format, OptionalString(body, "format"));
    LATHE_ASSIGN_OR_RETURN(std::string text_type, OptionalString(body, "text_type"));
    LATHE_ASSIGN_OR_RETURN(req.engine, OptionalString(body, "engine"));
    LATHE_ASSIGN_OR_RETURN(req.sample_rate, SampleRate(body, "sample_rate"));
    LATHE_ASSIGN_OR_RETURN(req.speech_mark_types, OptionalStringList(body, "speech_marks"));
    LATHE_ASSIGN_OR_RETURN(std::vector<std::string> lexicons, OptionalStringList(body, "lexicons"));
    if (!body.contains("text")) {
      return speech::SpeechError(SpeechErrorKind::kInvalidInput, "text: required")
          .WithDetail("field", "text");
    }
    if (req.voice_id.empty()) req.voice_id = "Joanna";
    if (req.output_format.empty())
      req.output_format = req.speech_mark_types.empty() ? "mp3" : "json";
    if (!text_type.empty() && text_type != "text" && text_type != "ssml") {
      return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                                 "text_type '" + text_type + "': expected text or ssml")
          .WithDetail("field", "text_type");
    }
    req.ssml = text_type == "ssml";
    LATHE_ASSIGN_OR_RETURN(speech::PreparedSpeech prepared, Prepare(app, req, lexicons));
    return RenderResponse(std::move(prepared), ctx, "X-Request-Characters");
  }());
}

Result<HttpResponse> ListSpeechVoices(App&, HttpRequest& request, RequestContext&) {
  const std::string language(request.Query("language").value_or(""));
  json voices = json::array();
  for (const speech::Voice* v : speech::ListVoices(language)) {
    json additional = json::array();
    if (!v->additional_language.empty()) additional.push_back(v->additional_language);
    voices.push_back({{"id", v->id},
                      {"language_code", v->language_code},
                      {"language_name", v->language_name},
                      {"gender", v->gender},
                      {"espeak_voice", v->espeak_voice},
                      {"additional_language_codes", additional}});
  }
  return HttpResponse::Json(200, {{"voices", voices}});
}

Result<HttpResponse> PutSpeechLexicon(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsNative(ctx, [&]() -> Result<HttpResponse> {
    speech::LexiconStore store(*app.stores.metadata);
    const std::string name = request.path_params["name"];
    LATHE_RETURN_IF_ERROR(store.Put(name, request.body));  // the body is the PLS document
    LATHE_ASSIGN_OR_RETURN(speech::LexiconInfo info, store.Get(name));
    return HttpResponse::Json(200, NativeLexiconJson(info, false));
  }());
}

Result<HttpResponse> GetSpeechLexicon(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsNative(ctx, [&]() -> Result<HttpResponse> {
    speech::LexiconStore store(*app.stores.metadata);
    LATHE_ASSIGN_OR_RETURN(speech::LexiconInfo info, store.Get(request.path_params["name"]));
    return HttpResponse::Json(200, NativeLexiconJson(info, true));
  }());
}

Result<HttpResponse> DeleteSpeechLexicon(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsNative(ctx, [&]() -> Result<HttpResponse> {
    speech::LexiconStore store(*app.stores.metadata);
    LATHE_RETURN_IF_ERROR(store.Delete(request.path_params["name"]));
    return HttpResponse::NoContent();
  }());
}

Result<HttpResponse> ListSpeechLexicons(App& app, HttpRequest&, RequestContext& ctx) {
  return AsNative(ctx, [&]() -> Result<HttpResponse> {
    speech::LexiconStore store(*app.stores.metadata);
    LATHE_ASSIGN_OR_RETURN(std::vector<speech::LexiconInfo> all, store.List());
    json lexicons = json::array();
    for (const speech::LexiconInfo& info : all) lexicons.push_back(NativeLexiconJson(info, false));
    return HttpResponse::Json(200, {{"lexicons", lexicons}});
  }());
}

}  // namespace lathe::api
