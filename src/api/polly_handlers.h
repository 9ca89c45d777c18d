// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Polly (service model polly/2016-06-10, rest-json) over services/speech, plus Lathe's
// native speech routes. Polly: POST /v1/speech (SynthesizeSpeech), GET /v1/voices
// (DescribeVoices), PUT/GET/DELETE /v1/lexicons/{LexiconName}, GET /v1/lexicons; errors are the
// model's exceptions (X-Amzn-ErrorType header and {"message"} body, as botocore reads them).
// Native: POST /api/v1/speech, GET /api/v1/speech/voices, and /api/v1/speech/lexicons[/{name}].
// Audio is streamed: the synthesis runs on its own thread and the response is sent as chunks
// while it runs; a request that finishes within the first wait is answered in one piece.
// StartSpeechSynthesisTask (POST /v1/synthesisTasks), GetSpeechSynthesisTask and
// ListSpeechSynthesisTasks run on services/speech's SynthesisTaskRunner; a task's output is
// served natively at GET /api/v1/speech/tasks/{id}/output (its OutputUri). Thread-safe.
//
//   r.Add("POST", "/v1/speech", With(app, PollySynthesizeSpeech), {.scope = "invoke", .aws_errors =
//   true});
#pragma once

#include <memory>

#include "api/app.h"
#include "api/http_types.h"
#include "services/speech/synthesis_tasks.h"

namespace lathe::api {

// The synthesis task runner (one per server), or why it could not open.
struct SpeechTasks {
  std::unique_ptr<services::speech::SynthesisTaskRunner> runner;
  Status unavailable;
};

// Opens the runner over app's metadata store, outputs under <data dir>/speech-tasks; fails the
// tasks an earlier process left unfinished. Never fails: an error is kept in `unavailable`.
std::shared_ptr<SpeechTasks> OpenSpeechTasks(App& app);
Handler PollyStartSpeechSynthesisTask(std::shared_ptr<SpeechTasks> tasks);  // POST /v1/synthesisTasks
Handler PollyGetSpeechSynthesisTask(std::shared_ptr<SpeechTasks> tasks);    // GET .../{TaskId}
Handler PollyListSpeechSynthesisTasks(std::shared_ptr<SpeechTasks> tasks);  // GET /v1/synthesisTasks
Handler SpeechTaskOutput(std::shared_ptr<SpeechTasks> tasks);  // GET /api/v1/speech/tasks/{id}/output

Result<HttpResponse> PollySynthesizeSpeech(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> PollyDescribeVoices(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> PollyPutLexicon(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> PollyGetLexicon(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> PollyDeleteLexicon(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> PollyListLexicons(App& app, HttpRequest& request, RequestContext& ctx);

// Native: {"text", "voice", "format", "text_type", "sample_rate", "speech_marks", "lexicons",
// "engine"} -> audio bytes, or JSON Lines of speech marks.
Result<HttpResponse> SynthesizeSpeech(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> ListSpeechVoices(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> PutSpeechLexicon(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> GetSpeechLexicon(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> DeleteSpeechLexicon(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> ListSpeechLexicons(App& app, HttpRequest& request, RequestContext& ctx);

}  // namespace lathe::api
