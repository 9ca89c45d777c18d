// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/polly_handlers.h"

#include <chrono>
#include <fstream>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

#include "api/errors.h"
#include "api/json_body.h"
#include "services/speech/lexicon_store.h"
#include "services/speech/speech_errors.h"
#include "services/speech/synthesis_tasks.h"
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
constexpr std::string_view kReasonInvalidNextToken = "InvalidNextToken";

struct PollyError {
  int status;
  std::string_view type;
};

// The one table from speech errors to Polly's exceptions (polly/2016-06-10).
PollyError PollyErrorFor(const Status& status) {
  // The task operations' own exceptions (synthesis_tasks.h reasons; all HTTP 400 in the model).
  if (auto reason = status.details().find("reason"); reason != status.details().end()) {
    for (const auto& [name, type] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {speech::kReasonInvalidBucket, "InvalidS3BucketException"},
             {speech::kReasonInvalidKey, "InvalidS3KeyException"},
             {speech::kReasonInvalidTopic, "InvalidSnsTopicArnException"},
             {speech::kReasonInvalidTaskId, "InvalidTaskIdException"},
             {speech::kReasonTaskNotFound, "SynthesisTaskNotFoundException"},
             {kReasonInvalidNextToken, "InvalidNextTokenException"}}) {
      if (*reason == name) return {400, type};
    }
  }
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

// The member names of a synthesis request in one frontend: Polly's (PascalCase, Text, VoiceId
// and OutputFormat required) or Lathe's native ones (snake_case, defaults for voice and format).
struct SpeechFields {
  const char* text;
  const char* voice;
  const char* format;
  const char* text_type;
  const char* engine;
  const char* language_code;
  const char* sample_rate;
  const char* marks;
  const char* lexicons;
  bool polly;  // Polly's rules: the three members required, no defaults
};

constexpr SpeechFields kPollyFields = {"Text",         "VoiceId",    "OutputFormat",
                                       "TextType",     "Engine",     "LanguageCode",
                                       "SampleRate",   "SpeechMarkTypes", "LexiconNames",
                                       true};
constexpr SpeechFields kNativeFields = {"text",        "voice",        "format",
                                        "text_type",   "engine",       "language_code",
                                        "sample_rate", "speech_marks", "lexicons",
                                        false};

// A synthesis request and the lexicons it names, read from `body` with `f`'s member names.
struct ParsedSpeech {
  speech::SpeechRequest request;
  std::vector<std::string> lexicons;
};

Result<ParsedSpeech> ReadSpeechRequest(const json& body, const SpeechFields& f) {
  ParsedSpeech out;
  speech::SpeechRequest& req = out.request;
  LATHE_ASSIGN_OR_RETURN(req.text, OptionalString(body, f.text));
  LATHE_ASSIGN_OR_RETURN(req.voice_id, OptionalString(body, f.voice));
  LATHE_ASSIGN_OR_RETURN(req.output_format, OptionalString(body, f.format));
  LATHE_ASSIGN_OR_RETURN(std::string text_type, OptionalString(body, f.text_type));
  LATHE_ASSIGN_OR_RETURN(req.engine, OptionalString(body, f.engine));
  LATHE_ASSIGN_OR_RETURN(req.language_code, OptionalString(body, f.language_code));
  LATHE_ASSIGN_OR_RETURN(req.sample_rate, SampleRate(body, f.sample_rate));
  LATHE_ASSIGN_OR_RETURN(req.speech_mark_types, OptionalStringList(body, f.marks));
  LATHE_ASSIGN_OR_RETURN(out.lexicons, OptionalStringList(body, f.lexicons));
  for (const char* required : {f.text, f.voice, f.format}) {
    if (!body.contains(required) && (f.polly || required == f.text)) {
      return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                                 std::string(required) + ": a required member is missing")
          .WithDetail("field", required);
    }
  }
  if (!f.polly) {
    if (req.voice_id.empty()) req.voice_id = "Joanna";
    if (req.output_format.empty()) {
      req.output_format = req.speech_mark_types.empty() ? "mp3" : "json";
    }
  }
  if (!text_type.empty() && text_type != "text" && text_type != "ssml") {
    return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                               std::string(f.text_type) + " '" + text_type +
                                   "': expected text or ssml")
        .WithDetail("field", f.text_type);
  }
  req.ssml = text_type == "ssml";
  return out;
}

// Reads, checks and renders a synthesis request of either frontend.
Result<HttpResponse> Synthesize(App& app, HttpRequest& request, RequestContext& ctx,
                                const SpeechFields& fields, std::string_view characters_header) {
  LATHE_ASSIGN_OR_RETURN(json body, JsonBody(request));
  LATHE_ASSIGN_OR_RETURN(ParsedSpeech parsed, ReadSpeechRequest(body, fields));
  LATHE_ASSIGN_OR_RETURN(speech::PreparedSpeech prepared,
                         Prepare(app, parsed.request, parsed.lexicons));
  return RenderResponse(std::move(prepared), ctx, characters_header);
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

// --- asynchronous synthesis tasks ---

// OutputUri: the native download route, absolute on the host the client called (AWS gives the
// S3 object's https URL).
std::string OutputUri(const HttpRequest& request, const speech::SynthesisTask& t) {
  return AbsoluteUrl(request.headers.Get("Host").value_or(""),
                     "/api/v1/speech/tasks/" + t.id + "/output");
}

json PollyTaskJson(const HttpRequest& request, const speech::SynthesisTask& t) {
  json out = {{"Engine", t.engine},
              {"TaskId", t.id},
              {"TaskStatus", t.status},
              {"OutputUri", OutputUri(request, t)},
              {"CreationTime", t.creation_time},
              {"RequestCharacters", t.request_characters},
              {"OutputFormat", t.output_format},
              {"SampleRate", std::to_string(t.sample_rate)},
              {"TextType", t.text_type},
              {"VoiceId", t.voice_id}};
  if (!t.status_reason.empty()) out["TaskStatusReason"] = t.status_reason;
  if (!t.sns_topic_arn.empty()) out["SnsTopicArn"] = t.sns_topic_arn;
  if (!t.lexicon_names.empty()) out["LexiconNames"] = t.lexicon_names;
  if (!t.speech_mark_types.empty()) out["SpeechMarkTypes"] = t.speech_mark_types;
  if (!t.language_code.empty()) out["LanguageCode"] = t.language_code;
  return out;
}

Status TasksReady(const SpeechTasks& tasks) {
  if (tasks.runner == nullptr) return tasks.unavailable;
  return Status::Ok();
}

Result<HttpResponse> StartTask(SpeechTasks& tasks, HttpRequest& request, RequestContext& ctx) {
  LATHE_RETURN_IF_ERROR(TasksReady(tasks));
  LATHE_ASSIGN_OR_RETURN(json body, JsonBody(request));
  LATHE_ASSIGN_OR_RETURN(ParsedSpeech parsed, ReadSpeechRequest(body, kPollyFields));
  speech::SynthesisTaskSpec spec;
  spec.request = std::move(parsed.request);
  spec.lexicon_names = std::move(parsed.lexicons);
  if (!body.contains("OutputS3BucketName")) {
    return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                               "OutputS3BucketName: a required member is missing")
        .WithDetail("field", "OutputS3BucketName");
  }
  LATHE_ASSIGN_OR_RETURN(spec.bucket, OptionalString(body, "OutputS3BucketName"));
  LATHE_ASSIGN_OR_RETURN(spec.key_prefix, OptionalString(body, "OutputS3KeyPrefix"));
  LATHE_ASSIGN_OR_RETURN(spec.sns_topic_arn, OptionalString(body, "SnsTopicArn"));
  LATHE_ASSIGN_OR_RETURN(speech::SynthesisTask task, tasks.runner->Start(std::move(spec)));
  return PollyJson({{"SynthesisTask", PollyTaskJson(request, task)}}, ctx);
}

Result<HttpResponse> GetTask(SpeechTasks& tasks, HttpRequest& request, RequestContext& ctx) {
  LATHE_RETURN_IF_ERROR(TasksReady(tasks));
  LATHE_ASSIGN_OR_RETURN(speech::SynthesisTask task,
                         tasks.runner->Get(request.path_params["TaskId"]));
  return PollyJson({{"SynthesisTask", PollyTaskJson(request, task)}}, ctx);
}

// NextToken is the decimal offset into the list (newest first); MaxResults 1..100.
Result<HttpResponse> ListTasks(SpeechTasks& tasks, HttpRequest& request, RequestContext& ctx) {
  LATHE_RETURN_IF_ERROR(TasksReady(tasks));
  const std::string status(request.Query("Status").value_or(""));
  if (!status.empty() && status != "scheduled" && status != "inProgress" &&
      status != "completed" && status != "failed") {
    return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                               "Status '" + status +
                                   "': expected scheduled, inProgress, completed or failed")
        .WithDetail("field", "Status");
  }
  int limit = 100;
  if (auto m = request.Query("MaxResults")) {
    const std::string v(*m);
    if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(v) < 1 || std::stoi(v) > 100) {
      return speech::SpeechError(SpeechErrorKind::kInvalidInput,
                                 "MaxResults '" + v + "': expected an integer from 1 to 100")
          .WithDetail("field", "MaxResults");
    }
    limit = std::stoi(v);
  }
  int offset = 0;
  if (auto t = request.Query("NextToken")) {
    const std::string v(*t);
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgumentError("NextToken '" + v + "': not a token this server gave")
          .WithDetail("reason", std::string(kReasonInvalidNextToken));
    }
    offset = std::stoi(v);
  }
  // One more than asked tells whether a next page exists.
  LATHE_ASSIGN_OR_RETURN(std::vector<speech::SynthesisTask> page,
                         tasks.runner->List(status, offset, std::min(limit + 1, 1000)));
  json list = json::array();
  for (size_t i = 0; i < page.size() && i < static_cast<size_t>(limit); ++i) {
    list.push_back(PollyTaskJson(request, page[i]));
  }
  json out = {{"SynthesisTasks", list}};
  if (page.size() > static_cast<size_t>(limit)) out["NextToken"] = std::to_string(offset + limit);
  return PollyJson(out, ctx);
}

std::string_view ContentTypeOf(const std::string& output_format) {
  if (output_format == "mp3") return "audio/mpeg";
  if (output_format == "ogg_vorbis") return "audio/ogg";
  if (output_format == "pcm") return "audio/pcm";
  return "application/x-json-stream";
}

Result<HttpResponse> TaskOutput(SpeechTasks& tasks, HttpRequest& request, RequestContext&) {
  LATHE_RETURN_IF_ERROR(TasksReady(tasks));
  LATHE_ASSIGN_OR_RETURN(speech::SynthesisTask task, tasks.runner->Get(request.path_params["id"]));
  if (task.status != "completed") {
    return FailedPreconditionError("synthesis task '" + task.id + "' is " + task.status +
                                   (task.status_reason.empty() ? "" : ": " + task.status_reason) +
                                   "; its output exists once it is completed")
        .WithDetail("task_status", task.status);
  }
  const std::filesystem::path path = tasks.runner->OutputPath(task);
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("the output of synthesis task '" + task.id + "' is gone");
  HttpResponse response;
  response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  response.headers.Set("Content-Type", std::string(ContentTypeOf(task.output_format)));
  const std::string file_name = path.filename().string();
  response.headers.Set("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return response;
}

}  // namespace

Result<HttpResponse> PollySynthesizeSpeech(App& app, HttpRequest& request, RequestContext& ctx) {
  return AsPolly(ctx, [&] {
    return Synthesize(app, request, ctx, kPollyFields, "x-amzn-RequestCharacters");
  });
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
  return AsNative(ctx, Synthesize(app, request, ctx, kNativeFields, "X-Request-Characters"));
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

namespace lathe::api {

std::shared_ptr<SpeechTasks> OpenSpeechTasks(App& app) {
  auto tasks = std::make_shared<SpeechTasks>();
  const std::filesystem::path root = std::filesystem::path(app.config.data_dir) / "speech-tasks";
  Result<std::unique_ptr<speech::SynthesisTaskRunner>> runner =
      speech::SynthesisTaskRunner::Open(
          *app.stores.metadata, root,
          {.retention_seconds = app.config.task_retention_seconds,
           .check_interval_seconds = 600,
           .now = {}});
  if (runner.ok()) {
    tasks->runner = std::move(*runner);
  } else {
    tasks->unavailable = runner.status();
  }
  return tasks;
}

Handler PollyStartSpeechSynthesisTask(std::shared_ptr<SpeechTasks> tasks) {
  return [tasks](HttpRequest& q, RequestContext& c) {
    return AsPolly(c, [&] { return StartTask(*tasks, q, c); });
  };
}

Handler PollyGetSpeechSynthesisTask(std::shared_ptr<SpeechTasks> tasks) {
  return [tasks](HttpRequest& q, RequestContext& c) {
    return AsPolly(c, [&] { return GetTask(*tasks, q, c); });
  };
}

Handler PollyListSpeechSynthesisTasks(std::shared_ptr<SpeechTasks> tasks) {
  return [tasks](HttpRequest& q, RequestContext& c) {
    return AsPolly(c, [&] { return ListTasks(*tasks, q, c); });
  };
}

Handler SpeechTaskOutput(std::shared_ptr<SpeechTasks> tasks) {
  return [tasks](HttpRequest& q, RequestContext& c) {
    return AsNative(c, TaskOutput(*tasks, q, c));
  };
}

}  // namespace lathe::api
