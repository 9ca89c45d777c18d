// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/multipart.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <optional>

#include "core/file_util.h"
#include "core/mapped_file.h"

namespace lathe::api {
namespace {

std::string HeaderParam(std::string_view headers, std::string_view key) {
  std::string needle = std::string(key) + "=\"";
  size_t pos = headers.find(needle);
  if (pos == std::string_view::npos) return "";
  pos += needle.size();
  size_t end = headers.find('"', pos);
  if (end == std::string_view::npos) return "";
  return std::string(headers.substr(pos, end - pos));
}

Status Malformed(std::string_view what, size_t offset) {
  return InvalidArgumentError("malformed multipart body: " + std::string(what) +
                              " at byte offset " + std::to_string(offset))
      .WithDetail("offset", offset);
}

Status WriteAll(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", path, errno);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoStatus("write", path, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return ErrnoStatus("close", path, errno);
  return Status::Ok();
}

}  // namespace

Result<std::string> MultipartBoundary(std::string_view content_type) {
  size_t pos = content_type.find("boundary=");
  if (pos == std::string_view::npos) {
    return InvalidArgumentError("multipart/form-data without a boundary parameter")
        .WithDetail("field", "Content-Type");
  }
  std::string_view b = content_type.substr(pos + 9);
  b = b.substr(0, b.find(';'));
  if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
  if (b.empty() || b.size() > 70) {
    return InvalidArgumentError("invalid multipart boundary").WithDetail("field", "Content-Type");
  }
  return std::string(b);
}

Result<MultipartFile> ExtractMultipartFile(const std::string& body_path,
                                           std::string_view boundary,
                                           const std::string& out_path) {
  MappedFile file;
  LATHE_RETURN_IF_ERROR(file.Open(body_path));
  std::string_view body = file.view();
  const std::string delimiter = "--" + std::string(boundary);
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Malformed("no boundary line", 0);
  std::optional<MultipartFile> first;
  std::string_view first_content;
  while (true) {
    size_t line_end = body.find("\r\n", pos);
    if (line_end == std::string_view::npos) return Malformed("unterminated boundary line", pos);
    if (body.substr(pos + delimiter.size(), 2) == "--") break;  // closing delimiter
    size_t headers_start = line_end + 2;
    size_t headers_end = body.find("\r\n\r\n", headers_start);
    if (headers_end == std::string_view::npos) {
      return Malformed("part headers not terminated", headers_start);
    }
    std::string_view headers = body.substr(headers_start, headers_end - headers_start);
    size_t content_start = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) return Malformed("missing closing boundary", content_start);
    MultipartFile part;
    part.field_name = HeaderParam(headers, "name");
    part.file_name = HeaderParam(headers, "filename");
    size_t ct = headers.find("Content-Type:");
    if (ct == std::string_view::npos) ct = headers.find("content-type:");
    if (ct != std::string_view::npos) {
      std::string_view v = headers.substr(ct + 13);
      v = v.substr(0, v.find("\r\n"));
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      part.content_type = std::string(v);
    }
    std::string_view content = body.substr(content_start, next - content_start);
    if (!part.file_name.empty()) {
      LATHE_RETURN_IF_ERROR(WriteAll(out_path, content));
      return part;
    }
    if (!first) {
      first = part;
      first_content = content;
    }
    pos = next + 2;
  }
  if (!first) return Malformed("no parts", 0);
  LATHE_RETURN_IF_ERROR(WriteAll(out_path, first_content));
  return *first;
}

}  // namespace lathe::api
