// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/references.h"

#include <string_view>

namespace lathe::pipelines {
namespace {

using nlohmann::json;

struct Piece {
  bool is_reference = false;
  std::string text;  // literal text, or the reference body ("parameters.x")
};

Result<std::vector<Piece>> Split(std::string_view s) {
  std::vector<Piece> pieces;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t open = s.find("${", pos);
    if (open == std::string_view::npos) {
      pieces.push_back({false, std::string(s.substr(pos))});
      break;
    }
    if (open > pos) pieces.push_back({false, std::string(s.substr(pos, open - pos))});
    const size_t close = s.find('}', open);
    if (close == std::string_view::npos) {
      return InvalidArgumentError("'" + std::string(s) + "': '${' at character " +
                                  std::to_string(open) + " has no closing '}'");
    }
    pieces.push_back({true, std::string(s.substr(open + 2, close - open - 2))});
    pos = close + 1;
  }
  return pieces;
}

Result<Reference> ParseReference(const std::string& body, std::string_view whole) {
  Reference ref;
  auto bad = [&](const std::string& why) {
    return InvalidArgumentError("'" + std::string(whole) + "': ${" + body + "}: " + why);
  };
  const size_t dot = body.find('.');
  const std::string root = body.substr(0, dot);
  if (dot == std::string::npos || dot + 1 >= body.size()) {
    return bad("expected ${parameters.<name>} or ${steps.<step id>.<output path>}");
  }
  const std::string rest = body.substr(dot + 1);
  if (root == "parameters") {
    ref.kind = Reference::Kind::kParameter;
    ref.name = rest;
    if (rest.find('.') != std::string::npos) return bad("a parameter reference has no path");
    return ref;
  }
  if (root == "steps") {
    ref.kind = Reference::Kind::kStep;
    const size_t dot2 = rest.find('.');
    ref.name = rest.substr(0, dot2);
    if (dot2 == std::string::npos || dot2 + 1 >= rest.size()) {
      return bad("a step reference needs an output path: ${steps." + ref.name + ".<path>}");
    }
    ref.path = rest.substr(dot2 + 1);
    return ref;
  }
  return bad("unknown root '" + root + "' (use parameters or steps)");
}

Status Collect(const json& value, std::vector<Reference>& out) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    LATHE_ASSIGN_OR_RETURN(std::vector<Piece> pieces, Split(s));
    for (const Piece& p : pieces) {
      if (!p.is_reference) continue;
      LATHE_ASSIGN_OR_RETURN(Reference ref, ParseReference(p.text, s));
      out.push_back(std::move(ref));
    }
  } else if (value.is_structured()) {
    for (const json& item : value) LATHE_RETURN_IF_ERROR(Collect(item, out));
  }
  return Status::Ok();
}

// Follows a dotted path into `root`; nullptr when a segment is missing.
const json* Walk(const json& root, std::string_view path) {
  const json* at = &root;
  size_t pos = 0;
  while (pos <= path.size()) {
    const size_t dot = path.find('.', pos);
    const std::string key(path.substr(pos, dot == std::string_view::npos ? std::string_view::npos
                                                                         : dot - pos));
    if (at->is_object()) {
      auto it = at->find(key);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array() && !key.empty() &&
               key.find_first_not_of("0123456789") == std::string::npos) {
      const size_t index = std::stoul(key);
      if (index >= at->size()) return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return at;
}

Result<json> Lookup(const Reference& ref, const ResolveScope& scope) {
  if (ref.kind == Reference::Kind::kParameter) {
    if (scope.parameters != nullptr && scope.parameters->contains(ref.name)) {
      return (*scope.parameters)[ref.name];
    }
    return NotFoundError("${parameters." + ref.name + "}: no such parameter");
  }
  const std::string text = "${steps." + ref.name + "." + ref.path + "}";
  if (scope.step_outputs == nullptr) return NotFoundError(text + ": step outputs unavailable");
  auto it = scope.step_outputs->find(ref.name);
  if (it == scope.step_outputs->end()) {
    return NotFoundError(text + ": step '" + ref.name + "' has no outputs (did it run?)");
  }
  if (const json* direct = Walk(it->second, ref.path)) return *direct;
  if (it->second.is_object()) {
    for (const auto& [name, artifact] : it->second.items()) {
      if (const json* inner = Walk(artifact, ref.path)) return *inner;
    }
  }
  return NotFoundError(text + ": step '" + ref.name + "' has no output field '" + ref.path + "'");
}

std::string AsText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace

Result<std::vector<Reference>> FindReferences(const json& value) {
  std::vector<Reference> out;
  LATHE_RETURN_IF_ERROR(Collect(value, out));
  return out;
}

Result<json> Resolve(const json& value, const ResolveScope& scope) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return value;
    LATHE_ASSIGN_OR_RETURN(std::vector<Piece> pieces, Split(s));
    if (pieces.size() == 1 && pieces[0].is_reference) {
      LATHE_ASSIGN_OR_RETURN(Reference ref, ParseReference(pieces[0].text, s));
      return Lookup(ref, scope);
    }
    std::string out;
    for (const Piece& p : pieces) {
      if (!p.is_reference) {
        out += p.text;
        continue;
      }
      LATHE_ASSIGN_OR_RETURN(Reference ref, ParseReference(p.text, s));
      LATHE_ASSIGN_OR_RETURN(json v, Lookup(ref, scope));
      out += AsText(v);
    }
    return json(out);
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : value.items()) {
      LATHE_ASSIGN_OR_RETURN(out[k], Resolve(v, scope));
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const json& v : value) {
      LATHE_ASSIGN_OR_RETURN(json r, Resolve(v, scope));
      out.push_back(std::move(r));
    }
    return out;
  }
  return value;
}

}  // namespace lathe::pipelines
