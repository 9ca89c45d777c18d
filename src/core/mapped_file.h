// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// MappedFile: a read-only memory map of a whole regular file, unmapped on destruction. Lets
// parsers work on multi-gigabyte uploads without copying them into memory. Move-only; the view
// is safe to read from many threads.
//
//   MappedFile file;
//   LATHE_RETURN_IF_ERROR(file.Open(path));
//   std::string_view bytes = file.view();
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps `path`. NotFound if it does not exist, InvalidArgument if it is not a regular file,
  // Internal for other system errors; the message names the path. An empty file maps to an
  // empty view.
  Status Open(const std::string& path);
  std::string_view view() const { return {data_ == nullptr ? "" : data_, size_}; }
  size_t size() const { return size_; }

 private:
  void Reset();

  char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace lathe
