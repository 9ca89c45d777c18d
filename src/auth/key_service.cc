// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/key_service.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "core/logging.h"

namespace lathe::auth {
namespace {

using nlohmann::json;

constexpr char kKind[] = "api_key";
constexpr char kUpperAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr size_t kIdRandomChars = 18;
constexpr size_t kSecretChars = 40;
constexpr double kMaxRate = 1e6;
constexpr int64_t kMaxBurst = 1000000;
constexpr size_t kMaxDescription = 1024;

Status ValidateOptions(const KeyOptions& o) {
  if (o.scope == Scope::kPublic) {
    return InvalidArgumentError("scope: a key's scope must be 'admin' or 'invoke'")
        .WithDetail("field", "scope");
  }
  if (!std::isfinite(o.rate_per_second) || o.rate_per_second < 0 ||
      o.rate_per_second > kMaxRate) {
    return InvalidArgumentError("rate_per_second: must be 0 (no limit) or a number in (0, 1e6]")
        .WithDetail("field", "rate_per_second");
  }
  if (o.burst < 0 || o.burst > kMaxBurst) {
    return InvalidArgumentError("burst: must be between 1 and 1000000").WithDetail("field", "burst");
  }
  if (o.burst > 0 && o.rate_per_second == 0) {
    return InvalidArgumentError("burst: only meaningful with a rate_per_second above 0")
        .WithDetail("field", "burst");
  }
  if (o.description.size() > kMaxDescription) {
    return InvalidArgumentError("description: at most 1024 bytes, got " +
                                std::to_string(o.description.size()))
        .WithDetail("field", "description");
  }
  return Status::Ok();
}

json InfoBody(const KeyInfo& info) {
  return {{"access_key_id", info.access_key_id},
          {"scope", ScopeName(info.scope)},
          {"rate_per_second", info.rate_per_second},
          {"burst", info.burst},
          {"description", info.description}};
}

// Parses a stored record; the stored document is ours, so a bad one is DataLoss.
Result<ActiveKey> ParseRecord(const store::ResourceRecord& record) {
  json body = json::parse(record.body_json, nullptr, false);
  if (!body.is_object()) return DataLossError("api_key " + record.name + ": body is not JSON");
  ActiveKey key;
  key.info.access_key_id = record.name;
  key.info.id = record.id;
  key.info.created_at = record.created_at;
  std::optional<Scope> scope = ParseScope(body.value("scope", ""));
  if (!scope) return DataLossError("api_key " + record.name + ": unknown scope");
  key.info.scope = *scope;
  key.info.rate_per_second = body.value("rate_per_second", 0.0);
  key.info.burst = body.value("burst", int64_t{0});
  key.info.description = body.value("description", "");
  Result<std::string> hash = Base64Decode(body.value("secret_sha256", ""));
  if (!hash.ok() || hash->size() != 32) {
    return DataLossError("api_key " + record.name + ": bad secret hash");
  }
  key.secret_sha256 = *hash;
  return key;
}

}  // namespace

bool IsAccessKeyId(std::string_view id) {
  if (id.size() != 2 + kIdRandomChars || !id.starts_with("LK")) return false;
  for (char c : id.substr(2)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

KeyService::KeyService(store::MetadataStore& metadata, std::string keys_dir)
    : metadata_(metadata), keys_dir_(std::move(keys_dir)) {
  snapshot_.store(std::make_shared<const Snapshot>());
}

Result<std::unique_ptr<KeyService>> KeyService::Open(store::MetadataStore& metadata,
                                                     std::string keys_dir) {
  std::unique_ptr<KeyService> service(new KeyService(metadata, std::move(keys_dir)));
  std::lock_guard lock(service->mutate_mu_);
  LATHE_RETURN_IF_ERROR(service->Reload());
  return service;
}

Result<const SecretBox*> KeyService::Box() {
  if (!box_) {
    LATHE_ASSIGN_OR_RETURN(SecretBox box, SecretBox::OpenOrCreate(keys_dir_ + "/master.key"));
    box_.emplace(std::move(box));
  }
  return &*box_;
}

Status KeyService::Reload() {
  std::vector<store::ResourceRecord> records;
  for (int offset = 0;; offset += 1000) {
    store::ResourceListOptions page;
    page.limit = 1000;
    page.offset = offset;
    LATHE_ASSIGN_OR_RETURN(auto batch, metadata_.ListResources(kKind, page));
    records.insert(records.end(), batch.begin(), batch.end());
    if (batch.size() < 1000) break;
  }
  std::shared_ptr<const Snapshot> old = snapshot_.load();
  auto next = std::make_shared<Snapshot>();
  for (const store::ResourceRecord& record : records) {
    Result<ActiveKey> parsed = ParseRecord(record);
    if (!parsed.ok()) {
      LogWarn("", "ignoring a damaged API key: " + parsed.status().message());
      continue;
    }
    ActiveKey key = std::move(parsed).value();
    json body = json::parse(record.body_json, nullptr, false);
    if (!box_) {
      Result<SecretBox> box = SecretBox::OpenExisting(keys_dir_ + "/master.key");
      if (box.ok()) box_.emplace(std::move(box).value());
    }
    Result<std::string> secret =
        box_ ? box_->Open(body.value("secret_sealed", ""), key.info.access_key_id)
             : Result<std::string>(NotFoundError("the master key " + keys_dir_ +
                                                 "/master.key is missing"));
    if (secret.ok()) {
      key.secret = std::move(secret).value();
    } else {
      key.unseal_error = secret.status().message();
      LogWarn("", "API key " + key.info.access_key_id + " cannot sign AWS requests: " +
                      key.unseal_error);
    }
    if (key.info.rate_per_second > 0) {
      auto previous = old->find(key.info.access_key_id);
      key.limiter = previous != old->end() && previous->second->limiter
                        ? previous->second->limiter
                        : std::make_shared<RateLimiter>(key.info.rate_per_second, key.info.burst);
    }
    std::string id = key.info.access_key_id;
    next->emplace(std::move(id), std::make_shared<const ActiveKey>(std::move(key)));
  }
  snapshot_.store(std::move(next));
  return Status::Ok();
}

Result<CreatedKey> KeyService::Create(const KeyOptions& options) {
  LATHE_RETURN_IF_ERROR(ValidateOptions(options));
  CreatedKey created;
  KeyInfo& info = created.info;
  info.scope = options.scope;
  info.rate_per_second = options.rate_per_second;
  info.burst = options.rate_per_second == 0 ? 0
               : options.burst > 0
                   ? options.burst
                   : std::max<int64_t>(1, static_cast<int64_t>(std::ceil(options.rate_per_second)));
  info.description = options.description;
  LATHE_ASSIGN_OR_RETURN(std::string random_id, RandomString(kIdRandomChars, kUpperAlnum));
  info.access_key_id = "LK" + random_id;
  LATHE_ASSIGN_OR_RETURN(created.secret_access_key, RandomString(kSecretChars, kAlnum));
  created.token = info.access_key_id + "." + created.secret_access_key;

  std::lock_guard lock(mutate_mu_);
  LATHE_ASSIGN_OR_RETURN(const SecretBox* box, Box());
  LATHE_ASSIGN_OR_RETURN(std::string sealed, box->Seal(created.secret_access_key,
                                                       info.access_key_id));
  json body = InfoBody(info);
  body["secret_sha256"] = Base64Encode(Sha256Raw(created.secret_access_key));
  body["secret_sealed"] = sealed;
  store::ResourceRecord record;
  record.kind = kKind;
  record.name = info.access_key_id;
  record.state = "Active";
  record.body_json = body.dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord saved,
                         metadata_.CreateResource(std::move(record), "key"));
  info.id = saved.id;
  info.created_at = saved.created_at;
  LATHE_RETURN_IF_ERROR(Reload());
  return created;
}

std::vector<KeyInfo> KeyService::List() const {
  std::shared_ptr<const Snapshot> snapshot = snapshot_.load();
  std::vector<KeyInfo> out;
  out.reserve(snapshot->size());
  for (const auto& [id, key] : *snapshot) out.push_back(key->info);
  std::sort(out.begin(), out.end(), [](const KeyInfo& a, const KeyInfo& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at
                                        : a.access_key_id < b.access_key_id;
  });
  return out;
}

Status KeyService::Delete(std::string_view access_key_id) {
  std::lock_guard lock(mutate_mu_);
  std::shared_ptr<const ActiveKey> key = Find(access_key_id);
  if (key == nullptr) {
    return NotFoundError("API key '" + std::string(access_key_id) + "' not found")
        .WithDetail("access_key_id", std::string(access_key_id));
  }
  LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kKind, key->info.id));
  return Reload();
}

bool KeyService::HasKeys() const { return !snapshot_.load()->empty(); }

std::shared_ptr<const ActiveKey> KeyService::Find(std::string_view access_key_id) const {
  std::shared_ptr<const Snapshot> snapshot = snapshot_.load();
  auto it = snapshot->find(std::string(access_key_id));
  return it == snapshot->end() ? nullptr : it->second;
}

Result<std::shared_ptr<const ActiveKey>> KeyService::VerifyToken(std::string_view token) const {
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos) {
    return PermissionDeniedError(
               "the Bearer token must be '<access_key_id>.<secret>' (no '.' found)")
        .WithDetail("reason", "malformed");
  }
  const std::string_view id = token.substr(0, dot);
  std::shared_ptr<const ActiveKey> key = Find(id);
  if (key == nullptr) {
    return PermissionDeniedError("the access key id '" + std::string(id.substr(0, 32)) +
                                 "' in the Bearer token is not a key of this server")
        .WithDetail("reason", "unknown_key");
  }
  if (!ConstantTimeEquals(Sha256Raw(token.substr(dot + 1)), key->secret_sha256)) {
    return PermissionDeniedError("the Bearer token's secret is wrong for access key id '" +
                                 key->info.access_key_id + "'")
        .WithDetail("reason", "bad_secret");
  }
  return key;
}

}  // namespace lathe::auth
