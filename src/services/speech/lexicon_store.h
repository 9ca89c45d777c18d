// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Pronunciation lexicons kept durable in the MetadataStore (resource kind "speech_lexicon", one
// document per name: the PLS text plus its attributes), as Polly's PutLexicon / GetLexicon /
// ListLexicons / DeleteLexicon see them. Putting a name again replaces it. Thread-safe as the
// store is; a concurrent Put and Delete of one name may leave either.
//
//   LexiconStore lexicons(*app.stores.metadata);
//   LATHE_RETURN_IF_ERROR(lexicons.Put("w3c", pls));
//   LATHE_ASSIGN_OR_RETURN(std::vector<Lexicon> loaded, lexicons.Load({"w3c"}));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "services/speech/lexicon.h"
#include "store/metadata_store.h"

namespace lathe::services::speech {

// Polly's limit on stored lexicons.
inline constexpr size_t kMaxStoredLexicons = 100;

struct LexiconInfo {
  std::string name;
  std::string content;        // the PLS document as put
  std::string alphabet;       // "ipa" or "x-sampa"
  std::string language_code;  // the lexicon's xml:lang
  int64_t last_modified = 0;  // epoch seconds
  int64_t size = 0;           // characters
  int64_t lexemes_count = 0;
};

class LexiconStore {
 public:
  explicit LexiconStore(store::MetadataStore& metadata) : metadata_(metadata) {}

  // Validates (Lexicon::Parse errors; kInvalidInput for a name that is not [0-9A-Za-z]{1,20};
  // kTooManyLexicons past 100) and stores `content` under `name`, replacing an earlier one.
  Status Put(const std::string& name, const std::string& content);
  // kLexiconNotFound if absent.
  Result<LexiconInfo> Get(const std::string& name);
  // Every lexicon, by name.
  Result<std::vector<LexiconInfo>> List();
  // kLexiconNotFound if absent.
  Status Delete(const std::string& name);
  // The parsed lexicons, in the order given (at most 5, else kInvalidInput); kLexiconNotFound
  // naming the first missing one.
  Result<std::vector<Lexicon>> Load(const std::vector<std::string>& names);

 private:
  store::MetadataStore& metadata_;
};

}  // namespace lathe::services::speech
