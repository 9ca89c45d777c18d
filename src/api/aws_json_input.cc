// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/aws_json_input.h"

#include "api/aws_json_dispatch.h"
#include "auth/crypto.h"

namespace lathe::api {
namespace {

Status Refuse(std::string_view exception, std::string_view path, std::string_view why) {
  return AwsException(exception, std::string(path) + ": " + std::string(why));
}

}  // namespace

Result<std::optional<std::string_view>> AwsOptionalString(const nlohmann::json& input,
                                                          std::string_view field,
                                                          std::string_view exception) {
  auto it = input.find(field);
  if (it == input.end() || it->is_null()) return std::optional<std::string_view>();
  if (!it->is_string()) {
    return Refuse(exception, field, std::string("expected a string, got ") + it->type_name());
  }
  return std::optional<std::string_view>(it->get_ref<const std::string&>());
}

Result<std::string_view> AwsRequiredString(const nlohmann::json& input, std::string_view field,
                                           std::string_view exception) {
  LATHE_ASSIGN_OR_RETURN(std::optional<std::string_view> value,
                         AwsOptionalString(input, field, exception));
  if (!value) return Refuse(exception, field, "a required member is missing");
  return *value;
}

Result<std::string> AwsRequiredBlob(const nlohmann::json& input, std::string_view parent,
                                    std::string_view field, std::string_view exception) {
  auto outer = input.find(parent);
  if (outer == input.end() || outer->is_null()) {
    return Refuse(exception, parent, "a required member is missing");
  }
  if (!outer->is_object()) {
    return Refuse(exception, parent, std::string("expected an object, got ") + outer->type_name());
  }
  const std::string path = std::string(parent) + "." + std::string(field);
  auto inner = outer->find(field);
  if (inner == outer->end() || inner->is_null()) {
    return Refuse(exception, path, "a required member is missing");
  }
  if (!inner->is_string()) {
    return Refuse(exception, path, std::string("expected base64 text, got ") + inner->type_name());
  }
  Result<std::string> bytes = auth::Base64Decode(inner->get_ref<const std::string&>());
  if (!bytes.ok()) return Refuse(exception, path, "not valid base64");
  if (bytes->empty()) return Refuse(exception, path, "the blob is empty");
  return bytes;
}

}  // namespace lathe::api
