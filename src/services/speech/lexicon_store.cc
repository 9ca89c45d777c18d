// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/lexicon_store.h"

#include <algorithm>
#include <chrono>
#include <map>

#include <nlohmann/json.hpp>

#include "services/speech/speech_errors.h"

namespace lathe::services::speech {
namespace {

constexpr char kKind[] = "speech_lexicon";

bool IsValidLexiconName(const std::string& name) {
  if (name.empty() || name.size() > 20) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

Status CheckName(const std::string& name) {
  if (IsValidLexiconName(name)) return Status::Ok();
  return SpeechError(SpeechErrorKind::kInvalidInput,
                     "LexiconName '" + name + "': 1 to 20 letters and digits ([0-9A-Za-z])");
}

Status NotFound(const std::string& name) {
  return SpeechError(SpeechErrorKind::kLexiconNotFound, "lexicon '" + name + "' does not exist");
}

LexiconInfo InfoFrom(const store::ResourceRecord& record) {
  const nlohmann::json body = nlohmann::json::parse(record.body_json, nullptr, false);
  LexiconInfo info;
  info.name = record.name;
  if (!body.is_object()) return info;
  info.content = body.value("content", "");
  info.alphabet = body.value("alphabet", "");
  info.language_code = body.value("language_code", "");
  info.last_modified = body.value("last_modified", int64_t{0});
  info.size = body.value("size", int64_t{0});
  info.lexemes_count = body.value("lexemes_count", int64_t{0});
  return info;
}

// Every stored version of `name`, newest first.
Result<std::vector<store::ResourceRecord>> Versions(store::MetadataStore& metadata,
                                                    const std::string& name) {
  return metadata.ListResources(kKind, {.name = name, .state = "", .limit = 1000, .offset = 0});
}

}  // namespace

Status LexiconStore::Put(const std::string& name, const std::string& content) {
  LATHE_RETURN_IF_ERROR(CheckName(name));
  LATHE_ASSIGN_OR_RETURN(Lexicon lexicon, Lexicon::Parse(name, content));
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> old, Versions(metadata_, name));
  if (old.empty()) {
    LATHE_ASSIGN_OR_RETURN(std::vector<LexiconInfo> all, List());
    if (all.size() >= kMaxStoredLexicons) {
      return SpeechError(SpeechErrorKind::kTooManyLexicons,
                         "there are already " + std::to_string(all.size()) +
                             " lexicons; the limit is " + std::to_string(kMaxStoredLexicons));
    }
  }
  size_t characters = 0;
  for (unsigned char c : content) characters += (c & 0xC0) != 0x80;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  nlohmann::json body = {{"content", content},
                         {"alphabet", lexicon.alphabet()},
                         {"language_code", lexicon.language_code()},
                         {"last_modified", now},
                         {"size", characters},
                         {"lexemes_count", lexicon.lexemes().size()}};
  store::ResourceRecord record;
  record.kind = kKind;
  record.name = name;
  record.body_json = body.dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored,
                         metadata_.CreateResource(std::move(record), "lex"));
  for (const store::ResourceRecord& r : old) {  // the new version replaces the old ones
    if (r.id != stored.id) LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kKind, r.id));
  }
  return Status::Ok();
}

Result<LexiconInfo> LexiconStore::Get(const std::string& name) {
  LATHE_RETURN_IF_ERROR(CheckName(name));
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> versions, Versions(metadata_, name));
  if (versions.empty()) return NotFound(name);
  return InfoFrom(versions.front());
}

Result<std::vector<LexiconInfo>> LexiconStore::List() {
  LATHE_ASSIGN_OR_RETURN(
      std::vector<store::ResourceRecord> records,
      metadata_.ListResources(kKind, {.name = "", .state = "", .limit = 1000, .offset = 0}));
  std::map<std::string, LexiconInfo> newest;  // records come newest first
  for (const store::ResourceRecord& r : records) newest.try_emplace(r.name, InfoFrom(r));
  std::vector<LexiconInfo> out;
  for (auto& [name, info] : newest) out.push_back(std::move(info));
  return out;
}

Status LexiconStore::Delete(const std::string& name) {
  LATHE_RETURN_IF_ERROR(CheckName(name));
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> versions, Versions(metadata_, name));
  if (versions.empty()) return NotFound(name);
  for (const store::ResourceRecord& r : versions) {
    LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kKind, r.id));
  }
  return Status::Ok();
}

Result<std::vector<Lexicon>> LexiconStore::Load(const std::vector<std::string>& names) {
  if (names.size() > kMaxLexiconsPerRequest) {
    return SpeechError(SpeechErrorKind::kInvalidInput,
                       "LexiconNames has " + std::to_string(names.size()) + " names; at most " +
                           std::to_string(kMaxLexiconsPerRequest));
  }
  std::vector<Lexicon> out;
  for (const std::string& name : names) {
    Result<LexiconInfo> info = Get(name);
    if (!info.ok()) return info.status();
    LATHE_ASSIGN_OR_RETURN(Lexicon lexicon, Lexicon::Parse(name, info->content));
    out.push_back(std::move(lexicon));
  }
  return out;
}

}  // namespace lathe::services::speech
