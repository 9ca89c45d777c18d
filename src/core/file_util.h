// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Small POSIX file helpers with crash-safe writes. Every error is a Status whose message names
// the path and the errno text ("open /x/y: Permission denied"); a missing file is NotFound,
// other failures Internal (PermissionDenied for EACCES/EPERM). Thread-safe (no shared state).
//
//   LATHE_RETURN_IF_ERROR(EnsureDir(dir));
//   LATHE_RETURN_IF_ERROR(WriteFileAtomic(dir / "manifest.json", text));
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe {

// Writes `data` to a temp file in the same directory as `path`, fsyncs it, renames it over
// `path` and fsyncs the directory. Readers see either the old or the new content, never a mix,
// and after return the new content survives power loss. The temp file is removed on failure.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data);

// Returns the whole content of `path`. NotFound if it does not exist.
Result<std::string> ReadFile(const std::filesystem::path& path);

// Creates `path` and missing parents (mkdir -p). OK if it already is a directory;
// FailedPrecondition if it exists as something else.
Status EnsureDir(const std::filesystem::path& path);

// fsyncs a directory so that renames / creations / deletions inside it are durable.
Status FsyncDir(const std::filesystem::path& path);

// fsyncs a regular file's content (opens it read-only; fine on Linux).
Status FsyncFile(const std::filesystem::path& path);

// rename(2): atomic replace within one file system. Does not fsync anything.
Status RenameFile(const std::filesystem::path& from, const std::filesystem::path& to);

// Removes `path` and, if it is a directory, everything below it. OK if it does not exist.
Status RemoveAll(const std::filesystem::path& path);

// Formats an errno failure as a Status: "<op> <path>: <strerror(err)>", code by errno.
Status ErrnoStatus(std::string_view op, const std::filesystem::path& path, int err);

}  // namespace lathe
