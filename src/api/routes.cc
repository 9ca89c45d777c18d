// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/routes.h"

#include <algorithm>
#include <memory>

#include "api/aws_json_dispatch.h"
#include "api/comprehend_classifiers.h"
#include "api/comprehend_handlers.h"
#include "api/datasets_handlers.h"
#include "api/keys_handlers.h"
#include "api/endpoints_handlers.h"
#include "api/models_handlers.h"
#include "api/pipelines_handlers.h"
#include "api/polly_handlers.h"
#include "api/prep_handlers.h"
#include "api/rekognition_handlers.h"
#include "api/system_handlers.h"
#include "api/textract_handlers.h"
#include "api/text_handlers.h"
#include "api/training_handlers.h"
#include "api/transform_handlers.h"
#include "api/translate_handlers.h"
#include "api/vision_handlers.h"

namespace lathe::api {
namespace {

// Binds an App-taking handler to the app.
Handler With(App& app, Result<HttpResponse> (*fn)(App&, HttpRequest&, RequestContext&)) {
  return [&app, fn](HttpRequest& req, RequestContext& ctx) { return fn(app, req, ctx); };
}

}  // namespace

void RegisterRoutes(App& app, Router& r) {
  const uint64_t kUpload = app.config.max_upload_bytes;
  const uint64_t kSmall = 1 << 20;
  const uint64_t kInvoke = 6 << 20;        // SageMaker's payload limit
  const uint64_t kInlineInvoke = 16 << 10;  // a few rows: answered on the I/O thread
  // Model files are validated in memory (every learner is loaded before anything is stored).
  const uint64_t kModelFile = std::min<uint64_t>(kUpload, uint64_t{512} << 20);
  // AWS JSON 1.1 services on POST / by X-Amz-Target (Comprehend now); GET / stays the studio.
  // Bodies: 25 documents of 5 KB or one of 100 KB, JSON-escaped; the operations check the limits.
  const uint64_t kAwsJson = 2 << 20;
  // POST / also carries images (Rekognition's 5 MB, Textract's 10 MB) as base64: 4/3 larger.
  // Never inline: a small image still means 0.1-1 s of OCR or face detection, which must not
  // hold an I/O thread (Comprehend's microsecond calls pay one hop to the worker pool).
  const uint64_t kAwsJsonImages = 14 << 20;
  const uint64_t kImage = 15 << 20;  // native vision and document uploads
  auto aws_json = std::make_shared<AwsJsonDispatcher>();
  AwsJsonService comprehend = ComprehendService();
  AddDocumentClassifierOperations(comprehend, app);  // custom classifiers on training + endpoints
  aws_json->Register(std::move(comprehend));
  auto translate = OpenTranslateBackend(app);  // Apertium pipelines start on first use
  auto speech_tasks = OpenSpeechTasks(app);    // Polly's synthesis tasks: one worker thread
  aws_json->Register(TranslateService(translate));
  aws_json->Register(TextractService(app));  // async jobs over the app's stores
  aws_json->Register(RekognitionService());
  Handler aws_json_handler = [aws_json](HttpRequest& q, RequestContext& c) {
    return aws_json->Handle(q, c);
  };
  // clang-format off
  r.Add("GET",    "/healthz",                         Healthz,                              {.inline_handler = true, .summary = "Liveness", .scope = "public"});
  r.Add("GET",    "/readyz",                          With(app, Readyz),                    {.inline_handler = true, .summary = "Readiness: stores open", .scope = "public"});
  r.Add("GET",    "/metrics",                         Metrics,                              {.inline_handler = true, .summary = "Prometheus metrics", .scope = "public"});
  r.Add("GET",    "/api/openapi.json",                [&r](HttpRequest& q, RequestContext& c) { return OpenApi(r, q, c); },
                                                                                            {.inline_handler = true, .summary = "This API as OpenAPI 3", .scope = "public"});
  r.Add("POST",   "/api/v1/datasets",                 With(app, UploadDataset),             {.max_body_bytes = kUpload, .spool_body = true, .summary = "Upload a CSV or JSON Lines file as a new dataset version"});
  r.Add("GET",    "/api/v1/datasets",                 With(app, ListDatasets),              {.summary = "List datasets, newest first"});
  r.Add("GET",    "/api/v1/datasets/{id}",            With(app, GetDataset),                {.summary = "A dataset's schema and metadata"});
  r.Add("DELETE", "/api/v1/datasets/{id}",            With(app, DeleteDataset),             {.summary = "Delete one dataset version"});
  r.Add("GET",    "/api/v1/datasets/{id}/rows",       With(app, GetDatasetRows),            {.summary = "A page of rows"});
  r.Add("GET",    "/api/v1/datasets/{id}/profile",    With(app, GetDatasetProfile),         {.summary = "Column profiles and data-quality summary"});
  r.Add("POST",   "/api/v1/datasets/{id}/profile",    With(app, PostDatasetProfile),        {.max_body_bytes = kSmall, .summary = "Profile with options in a JSON body"});
  r.Add("GET",    "/api/v1/datasets/{id}/download",   With(app, DownloadDataset),           {.summary = "The uploaded bytes"});
  r.Add("GET",    "/api/v1/datasets/{id}/insights",   With(app, GetDatasetInsights),        {.summary = "Data-quality and insights report (optional target)"});
  r.Add("POST",   "/api/v1/datasets/{id}/transform",  With(app, TransformDataset),          {.max_body_bytes = kSmall, .summary = "Apply a recipe: a new dataset version with lineage"});
  r.Add("GET",    "/api/v1/prep/operations",          With(app, ListPrepOperations),        {.inline_handler = true, .summary = "The recipe operations and their parameters"});
  r.Add("POST",   "/api/v1/prep/preview",             With(app, PreviewRecipe),             {.max_body_bytes = kSmall, .summary = "Apply a recipe to the first rows (or a sample)"});
  r.Add("POST",   "/api/v1/query",                    With(app, RunQuery),                  {.max_body_bytes = kSmall, .summary = "Read-only SQL over datasets; save_as stores the result"});
  r.Add("POST",   "/api/v1/recipes",                  With(app, CreateRecipe),              {.max_body_bytes = kSmall, .summary = "Save a recipe (versioned by name)"});
  r.Add("GET",    "/api/v1/recipes",                  With(app, ListRecipes),               {.summary = "Saved recipes, newest first"});
  r.Add("GET",    "/api/v1/recipes/{id}",             With(app, GetRecipe),                 {.summary = "A saved recipe"});
  r.Add("DELETE", "/api/v1/recipes/{id}",             With(app, DeleteRecipe),              {.summary = "Delete a saved recipe"});
  r.Add("POST",   "/api/v1/training-jobs",            With(app, CreateTrainingJob),         {.max_body_bytes = kSmall, .summary = "Start an AutoML training job (202 + Location)"});
  r.Add("GET",    "/api/v1/training-jobs",            With(app, ListTrainingJobs),          {.summary = "Training jobs, newest first"});
  r.Add("GET",    "/api/v1/training-jobs/{id}",       With(app, GetTrainingJob),            {.summary = "A training job: state, progress, test metrics"});
  r.Add("GET",    "/api/v1/training-jobs/{id}/events", With(app, GetTrainingJobEvents),     {.summary = "The job's events as Server-Sent Events (live, resumable)"});
  r.Add("GET",    "/api/v1/training-jobs/{id}/leaderboard", With(app, GetTrainingJobLeaderboard), {.summary = "Trials ranked by validation score"});
  r.Add("DELETE", "/api/v1/training-jobs/{id}",       With(app, StopTrainingJob),           {.summary = "Stop a training job (202)"});
  r.Add("GET",    "/api/v1/models",                   With(app, ListModels),                {.summary = "Trained models, newest first"});
  r.Add("GET",    "/api/v1/models/{id}",              With(app, GetModel),                  {.summary = "A model: manifest, evaluation report, input schema"});
  r.Add("POST",   "/api/v1/models/{id}/predict",      With(app, PredictModel),              {.max_body_bytes = 16 << 20, .summary = "Predict JSON rows"});
  r.Add("POST",   "/api/v1/models/{id}/explain",      With(app, ExplainModel),              {.max_body_bytes = 16 << 20, .summary = "Per-row feature contributions (TreeSHAP)"});
  r.Add("GET",    "/api/v1/models/{id}/download",     With(app, DownloadModel),             {.summary = "The model bundle bytes"});
  r.Add("DELETE", "/api/v1/models/{id}",              With(app, DeleteModel),               {.summary = "Delete a model"});
  r.Add("POST",   "/api/v1/keys",                     With(app, CreateKey),                 {.max_body_bytes = kSmall, .summary = "Create an API key (the secret is in this answer only)"});
  r.Add("GET",    "/api/v1/keys",                     With(app, ListKeys),                  {.summary = "API keys, without secrets"});
  r.Add("DELETE", "/api/v1/keys/{access_key_id}",     With(app, DeleteKey),                 {.summary = "Delete an API key"});
  r.Add("POST",   "/api/v1/models",                   With(app, UploadModel),               {.max_body_bytes = kModelFile, .summary = "Upload a Lathe model file as a new version of ?name="});
  r.Add("PATCH",  "/api/v1/models/{id}",              With(app, PatchModel),                {.max_body_bytes = kSmall, .summary = "Change a model's description and tags"});
  r.Add("POST",   "/api/v1/models/{id}/approve",      With(app, ApproveModel),              {.max_body_bytes = kSmall, .summary = "Approve a model version (optional reason)"});
  r.Add("POST",   "/api/v1/models/{id}/reject",       With(app, RejectModel),               {.max_body_bytes = kSmall, .summary = "Reject a model version (optional reason)"});
  r.Add("GET",    "/api/v1/model-groups",             With(app, ListModelGroups),           {.summary = "Model groups (names) with version counts and the approved version"});
  r.Add("POST",   "/api/v1/transform-jobs",           With(app, CreateTransformJob),        {.max_body_bytes = kSmall, .summary = "Start a batch transform: predictions over a dataset into a new dataset (202 + Location)"});
  r.Add("GET",    "/api/v1/transform-jobs",           With(app, ListTransformJobs),         {.summary = "Batch transform jobs, newest first"});
  r.Add("GET",    "/api/v1/transform-jobs/{id}",      With(app, GetTransformJob),           {.summary = "A batch transform job: state, progress, output dataset"});
  r.Add("DELETE", "/api/v1/transform-jobs/{id}",      With(app, StopTransformJob),          {.summary = "Stop a batch transform job (202)"});
  r.Add("GET",    "/api/v1/pipeline-step-types",      With(app, ListPipelineStepTypes),     {.inline_handler = true, .summary = "Pipeline step types: ports and property schemas (the designer's palette)"});
  r.Add("POST",   "/api/v1/pipelines",                With(app, CreatePipeline),            {.max_body_bytes = kSmall, .summary = "Store a pipeline document (JSON or YAML) as a new version of its name"});
  r.Add("POST",   "/api/v1/pipelines/validate",       With(app, ValidatePipelineDocument),  {.max_body_bytes = kSmall, .summary = "Check a pipeline document: every error with its path"});
  r.Add("GET",    "/api/v1/pipelines",                With(app, ListPipelines),             {.summary = "Pipelines (latest versions) with their last run"});
  r.Add("GET",    "/api/v1/pipelines/{id}",           With(app, GetPipeline),               {.summary = "A pipeline version; ?format=yaml for the document as YAML"});
  r.Add("DELETE", "/api/v1/pipelines/{id}",           With(app, DeletePipeline),            {.summary = "Delete every version of a pipeline (runs stay)"});
  r.Add("POST",   "/api/v1/pipelines/{id}/runs",      With(app, StartPipelineRun),          {.max_body_bytes = kSmall, .summary = "Start a run with parameter values (201 + Location)"});
  r.Add("GET",    "/api/v1/pipeline-runs",            With(app, ListPipelineRuns),          {.summary = "Pipeline runs, newest first (?pipeline=, ?state=)"});
  r.Add("GET",    "/api/v1/pipeline-runs/{id}",       With(app, GetPipelineRun),            {.summary = "A run: state, steps with their states, outputs and progress"});
  r.Add("POST",   "/api/v1/pipeline-runs/{id}/stop",  With(app, StopPipelineRun),           {.summary = "Stop a run (202)"});
  r.Add("POST",   "/api/v1/pipeline-runs/{id}/retry", With(app, RetryPipelineRun),          {.summary = "Run a Failed or Stopped run again from where it ended (202)"});
  r.Add("GET",    "/api/v1/pipeline-runs/{id}/events", With(app, GetPipelineRunEvents),     {.summary = "Run events as Server-Sent Events: a snapshot, then step, log, progress and run events"});
  r.Add("GET",    "/api/v1/pipeline-runs/{id}/steps/{step}/logs", With(app, GetPipelineStepLogs), {.summary = "A step's log as text"});
  r.Add("POST",   "/api/v1/endpoints",                With(app, CreateEndpoint),            {.max_body_bytes = kSmall, .summary = "Deploy models to a new real-time endpoint (202)"});
  r.Add("GET",    "/api/v1/endpoints",                With(app, ListEndpoints),             {.summary = "Endpoints, newest first"});
  r.Add("GET",    "/api/v1/endpoints/{name}",         With(app, GetEndpoint),               {.summary = "An endpoint: state, variants"});
  r.Add("PUT",    "/api/v1/endpoints/{name}",         With(app, UpdateEndpoint),            {.max_body_bytes = kSmall, .summary = "Replace an endpoint's variants (loaded first, then switched atomically)"});
  r.Add("DELETE", "/api/v1/endpoints/{name}",         With(app, DeleteEndpoint),            {.summary = "Delete an endpoint"});
  r.Add("GET",    "/api/v1/endpoints/{name}/metrics", With(app, GetEndpointMetrics),        {.summary = "Per-second invocations, errors and latencies per variant"});
  r.Add("GET",    "/api/v1/endpoints/{name}/capture", With(app, GetEndpointCapture),        {.summary = "Data-capture files"});
  r.Add("POST",   "/api/v1/endpoints/{name}/invocations", With(app, InvokeEndpoint),        {.max_body_bytes = kInvoke, .inline_max_body_bytes = kInlineInvoke, .summary = "InvokeEndpoint (same as /endpoints/{name}/invocations)", .scope = "invoke", .aws_errors = true});
  r.Add("POST",   "/endpoints/{name}/invocations",    With(app, InvokeEndpoint),            {.max_body_bytes = kInvoke, .inline_max_body_bytes = kInlineInvoke, .summary = "SageMaker Runtime InvokeEndpoint", .scope = "invoke", .aws_errors = true});
  r.Add("POST",   "/",                                aws_json_handler,                     {.max_body_bytes = kAwsJsonImages, .summary = "AWS JSON 1.1 (X-Amz-Target): Comprehend_20171127.*, RekognitionService.*, Textract.*", .scope = "invoke", .aws_errors = true});
  r.Add("GET",    "/",                                With(app, StudioAsset),               {.inline_handler = true, .summary = "Studio", .scope = "public"});
  r.Add("HEAD",   "/",                                With(app, StudioAsset),               {.inline_handler = true, .summary = "Studio", .scope = "public"});
  r.Add("POST",   "/api/v1/vision/faces",             DetectVisionFaces,                    {.max_body_bytes = kImage, .summary = "Faces of a PNG or JPEG body: boxes, landmarks, pose, quality", .scope = "invoke"});
  r.Add("POST",   "/api/v1/documents/analyze",        AnalyzeDocumentUpload,                {.max_body_bytes = 64 << 20, .spool_body = true, .summary = "Text, tables and key-values of an image or PDF (?features=tables,forms)", .scope = "invoke"});
  r.Add("POST",   "/api/v1/text/detect-language",     DetectTextLanguage,                   {.max_body_bytes = kAwsJson, .inline_max_body_bytes = kInlineInvoke, .summary = "Dominant languages of a text", .scope = "invoke"});
  r.Add("POST",   "/api/v1/text/detect-pii",          DetectTextPii,                        {.max_body_bytes = kAwsJson, .inline_max_body_bytes = kInlineInvoke, .summary = "PII entities with offsets (?redact=true adds the redacted text)", .scope = "invoke"});
  r.Add("POST",   "/api/v1/text/contains-pii",        ContainsTextPii,                      {.max_body_bytes = kAwsJson, .inline_max_body_bytes = kInlineInvoke, .summary = "PII types present in a text", .scope = "invoke"});
  r.Add("POST",   "/api/v1/text/key-phrases",         DetectTextKeyPhrases,                 {.max_body_bytes = kAwsJson, .inline_max_body_bytes = kInlineInvoke, .summary = "Key phrases with offsets", .scope = "invoke"});
  r.Add("POST",   "/api/v1/text/sentiment",           DetectTextSentiment,                  {.max_body_bytes = kAwsJson, .inline_max_body_bytes = kInlineInvoke, .summary = "Sentiment (POSITIVE, NEGATIVE, NEUTRAL, MIXED) with four scores", .scope = "invoke"});
  r.Add("POST",   "/api/v1/text/syntax",              DetectTextSyntax,                     {.max_body_bytes = kAwsJson, .inline_max_body_bytes = kInlineInvoke, .summary = "Tokens with offsets, part-of-speech tags and stems", .scope = "invoke"});
  r.Add("POST",   "/api/v1/text/entities",            DetectTextEntities,                   {.max_body_bytes = kAwsJson, .inline_max_body_bytes = kInlineInvoke, .summary = "Named entities (PERSON, LOCATION, ORGANIZATION, DATE, QUANTITY...) with offsets", .scope = "invoke"});
  r.Add("GET",    "/api/v1/text/classifiers/{name}",  With(app, GetClassifierTraining),     {.summary = "A Comprehend document classifier's Lathe training jobs (one per label for MULTI_LABEL)"});
  r.Add("POST",   "/v1/speech",                       With(app, PollySynthesizeSpeech),     {.max_body_bytes = 1 << 20, .summary = "Polly SynthesizeSpeech: audio (streamed) or speech marks", .scope = "invoke", .aws_errors = true});
  r.Add("GET",    "/v1/voices",                       With(app, PollyDescribeVoices),       {.inline_handler = true, .summary = "Polly DescribeVoices (?LanguageCode=)", .scope = "invoke", .aws_errors = true});
  r.Add("GET",    "/v1/lexicons",                     With(app, PollyListLexicons),         {.summary = "Polly ListLexicons", .scope = "invoke", .aws_errors = true});
  r.Add("PUT",    "/v1/lexicons/{LexiconName}",       With(app, PollyPutLexicon),           {.max_body_bytes = 1 << 20, .summary = "Polly PutLexicon (PLS)", .scope = "invoke", .aws_errors = true});
  r.Add("GET",    "/v1/lexicons/{LexiconName}",       With(app, PollyGetLexicon),           {.summary = "Polly GetLexicon", .scope = "invoke", .aws_errors = true});
  r.Add("DELETE", "/v1/lexicons/{LexiconName}",       With(app, PollyDeleteLexicon),        {.summary = "Polly DeleteLexicon", .scope = "invoke", .aws_errors = true});
  r.Add("POST",   "/v1/synthesisTasks",               PollyStartSpeechSynthesisTask(speech_tasks), {.max_body_bytes = 4 << 20, .summary = "Polly StartSpeechSynthesisTask (output under <data dir>/speech-tasks)", .scope = "invoke", .aws_errors = true});
  r.Add("GET",    "/v1/synthesisTasks",               PollyListSpeechSynthesisTasks(speech_tasks), {.summary = "Polly ListSpeechSynthesisTasks", .scope = "invoke", .aws_errors = true});
  r.Add("GET",    "/v1/synthesisTasks/{TaskId}",      PollyGetSpeechSynthesisTask(speech_tasks), {.summary = "Polly GetSpeechSynthesisTask", .scope = "invoke", .aws_errors = true});
  r.Add("GET",    "/api/v1/speech/tasks/{id}/output", SpeechTaskOutput(speech_tasks),       {.summary = "A completed synthesis task's audio or speech marks (its OutputUri)", .scope = "invoke"});
  r.Add("POST",   "/api/v1/speech",                   With(app, SynthesizeSpeech),          {.max_body_bytes = 1 << 20, .summary = "Speech from text or SSML: audio (streamed) or speech marks", .scope = "invoke"});
  r.Add("GET",    "/api/v1/speech/voices",            With(app, ListSpeechVoices),          {.inline_handler = true, .summary = "Voices (?language=en-US) and their espeak-ng voices", .scope = "invoke"});
  r.Add("GET",    "/api/v1/speech/lexicons",          With(app, ListSpeechLexicons),        {.summary = "Pronunciation lexicons", .scope = "invoke"});
  r.Add("PUT",    "/api/v1/speech/lexicons/{name}",   With(app, PutSpeechLexicon),          {.max_body_bytes = 1 << 20, .summary = "Store a PLS lexicon (the body)", .scope = "invoke"});
  r.Add("GET",    "/api/v1/speech/lexicons/{name}",   With(app, GetSpeechLexicon),          {.summary = "A lexicon with its PLS content", .scope = "invoke"});
  r.Add("DELETE", "/api/v1/speech/lexicons/{name}",   With(app, DeleteSpeechLexicon),       {.summary = "Delete a lexicon", .scope = "invoke"});
  r.Add("POST",   "/api/v1/translate",                TranslateTextHandler(translate),      {.max_body_bytes = kSmall, .summary = "Translate text or HTML (Apertium; pivot through a third language when needed)", .scope = "invoke"});
  r.Add("GET",    "/api/v1/translate/languages",      TranslateLanguagesHandler(translate), {.summary = "Translation languages and direct pairs", .scope = "invoke"});
  r.Add("POST",   "/api/v1/translate/terminologies",  ImportTerminologyHandler(translate),  {.max_body_bytes = 10 << 20, .summary = "Import a CSV/TSV terminology (?name=, replaces one of that name)", .scope = "invoke"});
  r.Add("GET",    "/api/v1/translate/terminologies",  ListTerminologiesHandler(translate),  {.summary = "Custom terminologies", .scope = "invoke"});
  r.Add("GET",    "/api/v1/translate/terminologies/{name}", GetTerminologyHandler(translate), {.summary = "A terminology with its terms", .scope = "invoke"});
  r.Add("GET",    "/api/v1/translate/terminologies/{name}/data", GetTerminologyDataHandler(translate), {.summary = "A terminology as CSV (GetTerminology's data location)", .scope = "invoke"});
  r.Add("DELETE", "/api/v1/translate/terminologies/{name}", DeleteTerminologyHandler(translate), {.summary = "Delete a terminology", .scope = "invoke"});
  // clang-format on
  r.SetFallback(With(app, StudioAsset), {.inline_handler = true, .summary = "Studio", .scope = "public"});
}

}  // namespace lathe::api
