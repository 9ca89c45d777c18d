// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Comprehend's request limits (service model comprehend/2017-11-27 and its quotas page)
// and the checks every text operation runs on a document before analysing it. Stateless.
//
//   LATHE_RETURN_IF_ERROR(CheckDocument(text, kMaxSyncDocumentBytes, "Text"));
#pragma once

#include <cstddef>
#include <string_view>

#include "core/status.h"

namespace lathe::services::text {

// Single-document operations: 100 KB of UTF-8 (Comprehend counts bytes, 100,000 of them).
inline constexpr size_t kMaxSyncDocumentBytes = 100000;
// DetectSentiment and DetectSyntax (single document): 5 KB, as the service model documents.
inline constexpr size_t kMaxSentimentSyntaxBytes = 5000;
// Each document of a Batch* operation: 5 KB.
inline constexpr size_t kMaxBatchDocumentBytes = 5000;
// Documents per Batch* request.
inline constexpr size_t kMaxBatchDocuments = 25;

// Checks one document. `field` names it in messages ("Text", "TextList[3]").
//   InvalidArgument: empty, or not UTF-8 (the message gives the byte offset of the bad byte);
//   ResourceExhausted: more than `max_bytes` bytes (the message gives both sizes).
Status CheckDocument(std::string_view text, size_t max_bytes, std::string_view field);

// Comprehend's LanguageCode enum: en es fr de it pt ar hi ja ko zh zh-TW.
bool IsComprehendLanguageCode(std::string_view code);
// Languages the PII detector supports (as Comprehend: "en" and "es"; the patterns and checksums
// do not depend on the language, the context words are English and Spanish).
bool IsPiiLanguage(std::string_view code);
// Languages the key-phrase extractor has stopword lists for.
bool IsKeyPhraseLanguage(std::string_view code);

}  // namespace lathe::services::text
