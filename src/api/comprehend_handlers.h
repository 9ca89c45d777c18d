// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Comprehend (service model comprehend/2017-11-27) over the AWS JSON 1.1 protocol: the
// operations Lathe implements, with the model's member names, request limits and exception names
// (InvalidRequestException, TextSizeLimitExceededException, UnsupportedLanguageException,
// BatchSizeLimitExceededException). The analysis itself is services/text. Thread-safe.
//
//   dispatcher.Register(ComprehendService());  // then: aws comprehend detect-dominant-language ...
#pragma once

#include "api/aws_json_dispatch.h"

namespace lathe::api {

// Target prefix Comprehend_20171127 with DetectDominantLanguage, BatchDetectDominantLanguage,
// DetectPiiEntities, ContainsPiiEntities, DetectKeyPhrases, BatchDetectKeyPhrases,
// DetectSentiment, BatchDetectSentiment, DetectSyntax, BatchDetectSyntax, DetectEntities and
// BatchDetectEntities.
AwsJsonService ComprehendService();

}  // namespace lathe::api
