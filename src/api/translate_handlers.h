// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Translate (service model translate/2017-07-01, AWS JSON 1.1, target prefix
// AWSShineFrontendService_20170701) and Lathe's own translation REST API (docs/api/translate.md),
// both over services/translate: TranslateText, TranslateDocument, ListLanguages and the custom
// terminology operations, with the model's member names, limits and exception names. The
// TranslateBackend (the Translator and the TerminologyStore) is shared by both frontends and
// lives as long as the routes that hold it. Thread-safe.
//
//   auto translate = OpenTranslateBackend(app);  // starts no process: pipelines start on first use
//   dispatcher.Register(TranslateService(translate));
//   router.Add("POST", "/api/v1/translate", TranslateTextHandler(translate), {...});
#pragma once

#include <memory>

#include "api/app.h"
#include "api/aws_json_dispatch.h"
#include "api/http_types.h"
#include "services/translate/terminology_store.h"
#include "services/translate/translator.h"

namespace lathe::api {

struct TranslateBackend {
  // nullptr when Apertium is not installed; `unavailable` then says why (every call answers it).
  std::unique_ptr<services::translate::Translator> translator;
  std::unique_ptr<services::translate::TerminologyStore> terminologies;
  Status unavailable;
};

// Discovers the installed Apertium modes and opens the terminology store over app's metadata.
std::shared_ptr<TranslateBackend> OpenTranslateBackend(App& app);

// AWS JSON 1.1: TranslateText, TranslateDocument, ListLanguages, ImportTerminology,
// GetTerminology, ListTerminologies, DeleteTerminology.
AwsJsonService TranslateService(std::shared_ptr<TranslateBackend> backend);

// Native REST (docs/api/translate.md).
Handler TranslateTextHandler(std::shared_ptr<TranslateBackend> backend);  // POST /api/v1/translate
Handler TranslateLanguagesHandler(std::shared_ptr<TranslateBackend> backend);  // GET  .../languages
Handler ImportTerminologyHandler(
    std::shared_ptr<TranslateBackend> backend);  // POST .../terminologies
Handler ListTerminologiesHandler(
    std::shared_ptr<TranslateBackend> backend);                            // GET  .../terminologies
Handler GetTerminologyHandler(std::shared_ptr<TranslateBackend> backend);  // GET  .../{name}
Handler GetTerminologyDataHandler(
    std::shared_ptr<TranslateBackend> backend);  // GET  .../{name}/data
Handler DeleteTerminologyHandler(std::shared_ptr<TranslateBackend> backend);  // DELETE .../{name}

}  // namespace lathe::api
