// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Lathe's own REST API for text analytics (docs/api/text.md): POST /api/v1/text/detect-language,
// /detect-pii (?redact=true adds the redacted text), /contains-pii, /key-phrases, /sentiment, /syntax and /entities. JSON bodies
// {"text": "...", "language_code": "en"}; errors in Lathe's error JSON naming the field. The same
// analysis as the Comprehend adapter (comprehend_handlers.h), services/text underneath.
#pragma once

#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> DetectTextLanguage(HttpRequest& request, RequestContext& context);
Result<HttpResponse> DetectTextPii(HttpRequest& request, RequestContext& context);
Result<HttpResponse> ContainsTextPii(HttpRequest& request, RequestContext& context);
Result<HttpResponse> DetectTextKeyPhrases(HttpRequest& request, RequestContext& context);
// POST /api/v1/text/sentiment: {"sentiment": "POSITIVE", "scores": {"positive", "negative",
// "neutral", "mixed"}}; English only, 5,000 bytes at most (Comprehend's limit).
Result<HttpResponse> DetectTextSentiment(HttpRequest& request, RequestContext& context);
// POST /api/v1/text/syntax: {"tokens": [{"token_id", "text", "begin_offset", "end_offset", "tag",
// "score", "stem"}]}; en es fr de it pt, 5,000 bytes at most.
Result<HttpResponse> DetectTextSyntax(HttpRequest& request, RequestContext& context);
// POST /api/v1/text/entities: {"entities": [{"type", "text", "score", "begin_offset",
// "end_offset"}]}; en es fr de it pt, 100 KB at most.
Result<HttpResponse> DetectTextEntities(HttpRequest& request, RequestContext& context);

}  // namespace lathe::api
