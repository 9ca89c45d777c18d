// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/import_path.h"

#include <algorithm>
#include <cstdio>
#include <system_error>

namespace lathe {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxPathBytes = 1024;

// The path in quotes for a message: at most 200 bytes, control bytes (NUL...) as \xNN.
std::string Quoted(std::string_view path) {
  std::string out = "'";
  for (char c : path.substr(0, 200)) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02x", static_cast<unsigned char>(c));
      out += hex;
    } else {
      out += c;
    }
  }
  if (path.size() > 200) out += "...";
  return out + "'";
}

std::string Prefix(std::string_view path, const ImportPathNames& names) {
  return std::string(names.field) + ": " + Quoted(path);
}

}  // namespace

Status CheckRelativePath(std::string_view path, const ImportPathNames& names) {
  if (path.empty()) return InvalidArgumentError(std::string(names.field) + ": the path is empty");
  if (path.size() > kMaxPathBytes) {
    return InvalidArgumentError(std::string(names.field) + ": the path is " +
                                std::to_string(path.size()) + " bytes; the limit is " +
                                std::to_string(kMaxPathBytes));
  }
  if (const size_t nul = path.find('\0'); nul != std::string_view::npos) {
    return InvalidArgumentError(Prefix(path, names) + " has a NUL byte at position " +
                                std::to_string(nul));
  }
  if (path.front() == '/') {
    return PermissionDeniedError(Prefix(path, names) + " is outside " + std::string(names.place) +
                                 " (an absolute path; give one relative to it)");
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      return PermissionDeniedError(Prefix(path, names) + " is outside " +
                                   std::string(names.place) + " (a '..' segment at position " +
                                   std::to_string(start) + ")");
    }
    if (segment.empty() || segment == ".") {
      return InvalidArgumentError(Prefix(path, names) + " has an " +
                                  (segment.empty() ? "empty" : "'.'") + " segment at position " +
                                  std::to_string(start));
    }
    start = end + 1;
  }
  return Status::Ok();
}

Result<std::string> ResolveImportPath(const fs::path& root, std::string_view relative,
                                      const ImportPathNames& names) {
  LATHE_RETURN_IF_ERROR(CheckRelativePath(relative, names));
  std::error_code ec;
  const fs::path real_root = fs::weakly_canonical(root, ec);
  if (ec) return NotFoundError(std::string(names.field) + ": " + root.string() + ": " + ec.message());
  const fs::path real = fs::weakly_canonical(root / fs::path(relative), ec);
  if (ec) return NotFoundError(Prefix(relative, names) + ": " + ec.message());
  // Symbolic links are resolved above, so a link out of the folder fails here.
  const auto [root_end, real_it] =
      std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
  (void)real_it;
  if (root_end != real_root.end()) {
    return PermissionDeniedError(Prefix(relative, names) + " is outside " +
                                 std::string(names.place) + " " + real_root.string() +
                                 " (a symbolic link leads out of it)");
  }
  if (!fs::is_regular_file(real, ec)) {
    return NotFoundError(Prefix(relative, names) + ": no such file in " + real_root.string());
  }
  return real.string();
}

}  // namespace lathe
