// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Lathe's own REST API for text analytics (docs/api/text.md): POST /api/v1/text/detect-language,
// /detect-pii (?redact=true adds the redacted text), /contains-pii and /key-phrases. JSON bodies
// {"text": "...", "language_code": "en"}; errors in Lathe's error JSON naming the field. The same
// analysis as the Comprehend adapter (comprehend_handlers.h), services/text underneath.
#pragma once

#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> DetectTextLanguage(HttpRequest& request, RequestContext& context);
Result<HttpResponse> DetectTextPii(HttpRequest& request, RequestContext& context);
Result<HttpResponse> ContainsTextPii(HttpRequest& request, RequestContext& context);
Result<HttpResponse> DetectTextKeyPhrases(HttpRequest& request, RequestContext& context);

}  // namespace lathe::api
