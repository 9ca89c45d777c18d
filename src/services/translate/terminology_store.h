// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TerminologyStore: custom terminologies kept durable in the MetadataStore (kind
// "translate_terminology", one resource per name; ImportTerminology with MergeStrategy OVERWRITE
// stores a new version and drops the older ones), so they survive a restart. Thread-safe: the
// metadata store is, and a mutex orders imports and deletes of the same store.
//
//   TerminologyStore terms(*app.stores.metadata);
//   LATHE_ASSIGN_OR_RETURN(TerminologyRecord r, terms.Import({.name = "brands", .file = csv}));
//   LATHE_ASSIGN_OR_RETURN(TerminologyRecord again, terms.Get("brands"));
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "services/translate/terminology.h"
#include "store/metadata_store.h"

namespace lathe::services::translate {

struct TerminologyImport {
  std::string name;            // [A-Za-z0-9_-], 1-128 characters
  std::string description;     // up to 256 bytes
  std::string file;            // the CSV or TSV bytes
  std::string format = "CSV";  // "CSV" | "TSV"
  std::string directionality = "UNI";
};

struct TerminologyRecord {
  TermTable table;  // name, languages, rows
  std::string description;
  std::string format;      // as imported
  int64_t size_bytes = 0;  // of the imported file
  std::string created_at;  // first import (RFC 3339)
  std::string updated_at;  // last import
};

class TerminologyStore {
 public:
  explicit TerminologyStore(store::MetadataStore& metadata) : metadata_(metadata) {}
  TerminologyStore(const TerminologyStore&) = delete;
  TerminologyStore& operator=(const TerminologyStore&) = delete;

  // Parses and stores (replacing a terminology of the same name). InvalidArgument for a bad name,
  // description or file (the message names the line, see ParseTerminology).
  Result<TerminologyRecord> Import(const TerminologyImport& request);
  // NotFound "terminology 'x' not found".
  Result<TerminologyRecord> Get(std::string_view name);
  // Every terminology, newest first.
  Result<std::vector<TerminologyRecord>> List();
  // NotFound if absent.
  Status Delete(std::string_view name);

 private:
  store::MetadataStore& metadata_;
  std::mutex mu_;  // serialises Import and Delete
};

// True if `name` fits Amazon Translate's pattern ([A-Za-z0-9-] with single underscores) and
// Lathe's 128-character limit.
bool IsValidTerminologyName(std::string_view name);

}  // namespace lathe::services::translate
