// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The rule for files that a request names inside a server folder: the pipelines' Dataset step
// reads <data dir>/imports/<path>, Textract's S3Object reads <data dir>/imports/<Bucket>/<Name>,
// Polly's tasks write <data dir>/speech-tasks/<bucket>/<key>. A requested path must be relative,
// made of non-empty segments other than "." and "..", without NUL bytes, and (once symbolic links
// are resolved) stay inside its folder. Thread-safe (no state).
//
//   LATHE_ASSIGN_OR_RETURN(std::string file,
//       ResolveImportPath(data_dir + "/imports/scans", name,
//                         {.field = "DocumentLocation.S3Object.Name", .place = "the bucket"}));
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe {

// How errors name the request's member and the folder it must stay in.
struct ImportPathNames {
  std::string_view field = "path";                // the member, e.g. "properties.path"
  std::string_view place = "the import directory";  // the folder, as a sentence ends it
};

// Checks `path` against the rule (no file system access). Errors, each starting "<field>: " and
// quoting the path: kPermissionDenied "... is outside <place>" for an absolute path or a ".."
// segment; kInvalidArgument for an empty path, one over 1,024 bytes, a NUL byte, an empty
// segment ("a//b", a trailing '/') or a "." segment (each with its byte position).
Status CheckRelativePath(std::string_view path, const ImportPathNames& names);

// The real path (symbolic links resolved) of the regular file `relative` names under `root`.
// CheckRelativePath's errors; kPermissionDenied when the file resolves outside `root` (a
// symbolic link); kNotFound when it does not exist or is not a regular file (a folder).
Result<std::string> ResolveImportPath(const std::filesystem::path& root, std::string_view relative,
                                      const ImportPathNames& names);

}  // namespace lathe
