// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Personally identifiable information in text (Comprehend's DetectPiiEntities and
// ContainsPiiEntities): RE2 patterns only (linear time, no backtracking) find candidates, then
// checksums (Luhn, IBAN mod 97, ABA, NHS mod 11, Verhoeff, VIN), range rules (SSN, IPv4 octets),
// libphonenumber validation and context words decide and score them. A checksum-validated match
// scores higher than a pattern-only one; overlapping candidates resolve to the higher score.
// Construction compiles the patterns once; Detect is const and thread-safe.
//
//   const PiiDetector& pii = PiiDetector::Default();
//   for (const PiiEntity& e : pii.Detect("Mail an@example.com", {})) { e.type; e.begin_offset; }
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::services::text {

struct PiiEntity {
  std::string type;         // Comprehend's PiiEntityType: "EMAIL", "CREDIT_DEBIT_NUMBER", ...
  double score = 0.0;       // confidence in [0, 1]
  size_t begin_offset = 0;  // in characters (Unicode code points), as Comprehend counts
  size_t end_offset = 0;    // one past the last character
  size_t begin_byte = 0;    // the same span in bytes of the UTF-8 input
  size_t end_byte = 0;
};

struct PiiOptions {
  std::string language_code = "en";  // "en" or "es": picks phone regions and context words
};

class PiiDetector {
 public:
  PiiDetector();
  ~PiiDetector();
  PiiDetector(const PiiDetector&) = delete;
  PiiDetector& operator=(const PiiDetector&) = delete;

  // The process-wide detector (built on first use).
  static const PiiDetector& Default();

  // The PII entities of valid UTF-8 `text`, ordered by position, never overlapping.
  std::vector<PiiEntity> Detect(std::string_view text, const PiiOptions& options) const;

  // The types present with the highest score of each (ContainsPiiEntities' labels).
  static std::map<std::string, double> Labels(const std::vector<PiiEntity>& entities);

  // `text` with every entity replaced by "[TYPE]" (entities as returned by Detect).
  static std::string Redact(std::string_view text, const std::vector<PiiEntity>& entities);

  // Every type this detector can report.
  static std::vector<std::string> SupportedTypes();

 private:
  struct Rule;
  std::vector<std::unique_ptr<Rule>> rules_;
};

}  // namespace lathe::services::text
