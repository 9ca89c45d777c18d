// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/ids.h"

namespace fs = std::filesystem;

namespace lathe {
namespace {

// Closes an fd on scope exit unless released.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  // Closes now and reports the close(2) error (it can carry a delayed write error).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status FromErrorCode(std::string_view op, const fs::path& path, const std::error_code& ec) {
  if (ec.category() == std::system_category() || ec.category() == std::generic_category()) {
    return ErrnoStatus(op, path, ec.value());
  }
  return InternalError(std::string(op) + " " + path.string() + ": " + ec.message());
}

}  // namespace

Status ErrnoStatus(std::string_view op, const fs::path& path, int err) {
  std::string msg = std::string(op) + " " + path.string() + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return NotFoundError(std::move(msg));
    case EACCES:
    case EPERM:
    case EROFS:
      return PermissionDeniedError(std::move(msg));
    case ENOSPC:
    case EDQUOT:
    case EMFILE:
    case ENFILE:
      return ResourceExhaustedError(std::move(msg));
    case EEXIST:
      return AlreadyExistsError(std::move(msg));
    default:
      return InternalError(std::move(msg));
  }
}

Status WriteFileAtomic(const fs::path& path, std::string_view data) {
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  // Hidden temp name next to the target; a random suffix avoids clashes between writers.
  fs::path tmp = dir / ("." + path.filename().string() + ".tmp-" + NewId("w").substr(2));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", tmp, errno);
  FdCloser closer(fd);
  Status st = WriteAll(fd, data, tmp);
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoStatus("fsync", tmp, errno);
  if (st.ok() && closer.Close() != 0) st = ErrnoStatus("close", tmp, errno);
  if (st.ok()) st = RenameFile(tmp, path);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return FsyncDir(dir);
}

Result<std::string> ReadFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  FdCloser closer(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return ErrnoStatus("stat", path, errno);
  if (S_ISDIR(st.st_mode))
    return FailedPreconditionError("read " + path.string() + ": is a directory");
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Status EnsureDir(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return FromErrorCode("mkdir", path, ec);
  if (!fs::is_directory(path, ec)) {
    return FailedPreconditionError("mkdir " + path.string() + ": exists and is not a directory");
  }
  return Status::Ok();
}

Status FsyncDir(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open dir", path, errno);
  FdCloser closer(fd);
  if (::fsync(fd) != 0) return ErrnoStatus("fsync dir", path, errno);
  return Status::Ok();
}

Status FsyncFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  FdCloser closer(fd);
  if (::fsync(fd) != 0) return ErrnoStatus("fsync", path, errno);
  return Status::Ok();
}

Status RenameFile(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoStatus("rename " + from.string() + " ->", to, errno);
  }
  return Status::Ok();
}

Status RemoveAll(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) return FromErrorCode("remove", path, ec);
  return Status::Ok();
}

}  // namespace lathe
