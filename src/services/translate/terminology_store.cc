// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/terminology_store.h"

#include <nlohmann/json.hpp>

namespace lathe::services::translate {
namespace {

using nlohmann::json;

constexpr std::string_view kKind = "translate_terminology";
constexpr std::string_view kIdPrefix = "term";

json ToBody(const TerminologyRecord& r) {
  return {{"description", r.description},
          {"format", r.format},
          {"size_bytes", r.size_bytes},
          {"created_at", r.created_at},
          {"languages", r.table.languages},
          {"rows", r.table.rows},
          {"directionality", r.table.directionality},
          {"skipped_rows", r.table.skipped_rows}};
}

Result<TerminologyRecord> FromResource(const store::ResourceRecord& res) {
  TerminologyRecord r;
  try {
    const json body = json::parse(res.body_json);
    r.table.name = res.name;
    r.table.languages = body.at("languages").get<std::vector<std::string>>();
    r.table.rows = body.at("rows").get<std::vector<std::vector<std::string>>>();
    r.table.directionality = body.value("directionality", "UNI");
    r.table.skipped_rows = body.value("skipped_rows", 0);
    r.description = body.value("description", "");
    r.format = body.value("format", "CSV");
    r.size_bytes = body.value("size_bytes", int64_t{0});
    r.created_at = body.value("created_at", res.created_at);
  } catch (const json::exception& e) {
    return DataLossError("terminology '" + res.name + "' (" + res.id +
                         "): stored document is unreadable: " + e.what());
  }
  if (r.created_at.empty()) r.created_at = res.created_at;
  r.updated_at = res.updated_at;
  return r;
}

store::ResourceListOptions ByName(std::string_view name, int limit) {
  store::ResourceListOptions options;
  options.name = std::string(name);
  options.limit = limit;
  return options;
}

store::ResourceListOptions Page(int offset) {
  store::ResourceListOptions options;
  options.limit = 1000;
  options.offset = offset;
  return options;
}

}  // namespace

bool IsValidTerminologyName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  bool prev_underscore = true;  // no leading underscore, none doubled
  for (char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c == '_') {
      if (prev_underscore) return false;
      prev_underscore = true;
    } else if (alnum || c == '-') {
      prev_underscore = false;
    } else {
      return false;
    }
  }
  return true;
}

Result<TerminologyRecord> TerminologyStore::Import(const TerminologyImport& request) {
  if (!IsValidTerminologyName(request.name)) {
    return InvalidArgumentError("Name: '" + request.name.substr(0, 140) +
                                "' is not a valid terminology name (1-128 characters from " +
                                "A-Z a-z 0-9 - and single underscores)")
        .WithDetail("field", "Name");
  }
  if (request.description.size() > 256) {
    return InvalidArgumentError("Description: " + std::to_string(request.description.size()) +
                                " bytes; the limit is 256")
        .WithDetail("field", "Description");
  }
  Result<TermTable> table = ParseTerminology(request.file, request.format, request.directionality);
  if (!table.ok()) return table.status().Annotate("TerminologyData.File");
  TerminologyRecord record;
  record.table = std::move(*table);
  record.table.name = request.name;
  record.description = request.description;
  record.format = request.format;
  record.size_bytes = static_cast<int64_t>(request.file.size());

  std::lock_guard<std::mutex> lock(mu_);
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> old,
                         metadata_.ListResources(kKind, ByName(request.name, 1000)));
  if (!old.empty()) {
    Result<TerminologyRecord> previous = FromResource(old.front());
    if (previous.ok()) record.created_at = previous->created_at;
  }
  store::ResourceRecord res;
  res.kind = std::string(kKind);
  res.name = request.name;
  res.state = "ACTIVE";
  res.body_json = ToBody(record).dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord saved, metadata_.CreateResource(res, kIdPrefix));
  // OVERWRITE: the new version is stored; now drop the replaced ones.
  for (const store::ResourceRecord& r : old) {
    LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kKind, r.id));
  }
  return FromResource(saved);
}

Result<TerminologyRecord> TerminologyStore::Get(std::string_view name) {
  if (!IsValidTerminologyName(name)) {
    return NotFoundError("terminology '" + std::string(name.substr(0, 140)) + "' not found");
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> found,
                         metadata_.ListResources(kKind, ByName(name, 1)));
  if (found.empty()) return NotFoundError("terminology '" + std::string(name) + "' not found");
  return FromResource(found.front());
}

Result<std::vector<TerminologyRecord>> TerminologyStore::List() {
  std::vector<TerminologyRecord> out;
  for (int offset = 0;; offset += 1000) {
    LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> page,
                           metadata_.ListResources(kKind, Page(offset)));
    for (const store::ResourceRecord& res : page) {
      LATHE_ASSIGN_OR_RETURN(TerminologyRecord r, FromResource(res));
      out.push_back(std::move(r));
    }
    if (page.size() < 1000) break;
  }
  return out;
}

Status TerminologyStore::Delete(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!IsValidTerminologyName(name)) {
    return NotFoundError("terminology '" + std::string(name.substr(0, 140)) + "' not found");
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> found,
                         metadata_.ListResources(kKind, ByName(name, 1000)));
  if (found.empty()) return NotFoundError("terminology '" + std::string(name) + "' not found");
  for (const store::ResourceRecord& r : found) {
    LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kKind, r.id));
  }
  return Status::Ok();
}

}  // namespace lathe::services::translate
