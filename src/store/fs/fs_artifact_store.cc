// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/fs/fs_artifact_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <utility>

#include "core/clock.h"
#include "core/file_util.h"
#include "core/ids.h"
#include "core/sha256.h"

namespace lathe::store {
namespace {

constexpr std::string_view kTmpDir = "tmp";

Status ValidateHash(std::string_view sha) {
  if (IsSha256Hex(sha)) return Status::Ok();
  return InvalidArgumentError("invalid artifact hash '" + std::string(sha.substr(0, 80)) +
                              "': expected 64 lowercase hex characters");
}

bool IsHexString(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Creates `path` exclusively and writes `data` durably (fsync before close).
Status WriteNewFile(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", path, errno);
  Status st;
  while (st.ok() && !data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno != EINTR) st = ErrnoStatus("write", path, errno);
      continue;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoStatus("fsync", path, errno);
  if (::close(fd) != 0 && st.ok()) st = ErrnoStatus("close", path, errno);
  return st;
}

// Copies `from` to the new file `to` in chunks and fsyncs it (for a spool on another file system).
Status CopyFileDurable(const std::string& from, const std::string& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return ErrnoStatus("open", from, errno);
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    int err = errno;
    ::close(in);
    return ErrnoStatus("create", to, err);
  }
  Status st;
  std::string buf(1 << 16, '\0');
  while (st.ok()) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) st = ErrnoStatus("read", from, errno);
    if (n <= 0) break;
    std::string_view chunk(buf.data(), static_cast<size_t>(n));
    while (st.ok() && !chunk.empty()) {
      ssize_t w = ::write(out, chunk.data(), chunk.size());
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) st = ErrnoStatus("write", to, errno);
      if (w > 0) chunk.remove_prefix(static_cast<size_t>(w));
    }
  }
  if (st.ok() && ::fsync(out) != 0) st = ErrnoStatus("fsync", to, errno);
  ::close(in);
  if (::close(out) != 0 && st.ok()) st = ErrnoStatus("close", to, errno);
  return st;
}

// Age in seconds of a file's last modification, or the stat error.
Result<int64_t> AgeSeconds(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("stat", path, errno);
  return NowMicros() / 1000000 - static_cast<int64_t>(st.st_mtim.tv_sec);
}

// Sets a file's modification time to now. Re-storing an existing blob refreshes it, so that
// CollectGarbage's grace period protects it until the caller has referenced it.
Status Touch(const std::string& path) {
  if (::utimensat(AT_FDCWD, path.c_str(), nullptr, 0) != 0) {
    return ErrnoStatus("touch", path, errno);
  }
  return Status::Ok();
}

// Names in directory `dir` (without . and ..). NotFound if it does not exist.
Result<std::vector<std::string>> ListDir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return ErrnoStatus("opendir", dir, errno);
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(d);
  return names;
}

}  // namespace

Result<std::unique_ptr<ArtifactStore>> OpenFsArtifactStore(const std::string& root) {
  return OpenFsArtifactStore(root, FsArtifactStoreOptions{});
}

Result<std::unique_ptr<ArtifactStore>> OpenFsArtifactStore(const std::string& root,
                                                           FsArtifactStoreOptions options) {
  LATHE_ASSIGN_OR_RETURN(auto store, FsArtifactStore::Open(root, options));
  return std::unique_ptr<ArtifactStore>(std::move(store));
}

Result<std::unique_ptr<FsArtifactStore>> FsArtifactStore::Open(const std::string& root,
                                                               FsArtifactStoreOptions options) {
  if (root.empty()) return InvalidArgumentError("artifact store root is empty");
  std::string clean = root;
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  LATHE_RETURN_IF_ERROR(EnsureDir(clean + "/" + std::string(kTmpDir)));
  return std::unique_ptr<FsArtifactStore>(new FsArtifactStore(std::move(clean), options));
}

FsArtifactStore::FsArtifactStore(std::string root, FsArtifactStoreOptions options)
    : root_(std::move(root)), options_(options) {}

std::string FsArtifactStore::BlobPath(std::string_view sha) const {
  return root_ + "/" + std::string(sha.substr(0, 2)) + "/" + std::string(sha.substr(2));
}

std::string FsArtifactStore::NewTempPath() const {
  return root_ + "/" + std::string(kTmpDir) + "/" + NewId("put") + ".tmp";
}

Status FsArtifactStore::Install(const std::string& tmp, std::string_view sha) {
  std::string fanout = root_ + "/" + std::string(sha.substr(0, 2));
  if (::mkdir(fanout.c_str(), 0755) == 0) {
    LATHE_RETURN_IF_ERROR(FsyncDir(root_));  // make the new fan-out directory itself durable
  } else if (errno != EEXIST) {
    return ErrnoStatus("mkdir", fanout, errno);
  }
  // rename(2) replaces atomically; a concurrent Put of the same bytes installs identical content.
  LATHE_RETURN_IF_ERROR(RenameFile(tmp, BlobPath(sha)));
  return FsyncDir(fanout);
}

Result<std::string> FsArtifactStore::Put(std::string_view bytes) {
  std::string sha = Sha256Hex(bytes);
  LATHE_ASSIGN_OR_RETURN(bool exists, Exists(sha));
  if (exists) {
    LATHE_RETURN_IF_ERROR(Touch(BlobPath(sha)));
    return sha;
  }
  std::string tmp = NewTempPath();
  Status st = WriteNewFile(tmp, bytes);
  if (st.ok()) st = Install(tmp, sha);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return sha;
}

Result<std::string> FsArtifactStore::PutFile(const std::string& local_path,
                                             const std::string& sha256_hex) {
  LATHE_RETURN_IF_ERROR(ValidateHash(sha256_hex));
  struct stat src {};
  if (::stat(local_path.c_str(), &src) != 0) return ErrnoStatus("stat", local_path, errno);
  if (!S_ISREG(src.st_mode)) {
    return InvalidArgumentError("PutFile " + local_path + ": not a regular file");
  }
  LATHE_ASSIGN_OR_RETURN(bool exists, Exists(sha256_hex));
  if (exists) {
    LATHE_RETURN_IF_ERROR(Touch(BlobPath(sha256_hex)));
    if (::unlink(local_path.c_str()) != 0) return ErrnoStatus("unlink", local_path, errno);
    return sha256_hex;
  }
  std::string tmp = NewTempPath();
  if (::rename(local_path.c_str(), tmp.c_str()) == 0) {
    // The spool may not have fsynced its writes.
    Status st = FsyncFile(tmp);
    if (st.ok()) st = Install(tmp, sha256_hex);
    if (!st.ok() && ::rename(tmp.c_str(), local_path.c_str()) != 0) {
      ::unlink(tmp.c_str());  // could not give the file back; do not leak it in tmp/
    }
    if (!st.ok()) return st;
    return sha256_hex;
  }
  if (errno != EXDEV) return ErrnoStatus("rename " + local_path + " ->", tmp, errno);
  // The source is on another file system: copy, install, then delete the source.
  Status st = CopyFileDurable(local_path, tmp);
  if (st.ok()) st = Install(tmp, sha256_hex);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  if (::unlink(local_path.c_str()) != 0) return ErrnoStatus("unlink", local_path, errno);
  return sha256_hex;
}

Result<std::string> FsArtifactStore::Get(std::string_view sha256_hex) {
  LATHE_RETURN_IF_ERROR(ValidateHash(sha256_hex));
  Result<std::string> data = ReadFile(BlobPath(sha256_hex));
  if (!data.ok()) {
    if (data.status().code() == StatusCode::kNotFound) {
      return NotFoundError("artifact " + std::string(sha256_hex) + " not found");
    }
    return data.status();
  }
  std::string actual = Sha256Hex(*data);
  if (actual != sha256_hex) {
    return DataLossError("artifact " + std::string(sha256_hex) +
                         " is corrupt: its content hashes to " + actual);
  }
  return std::move(data).value();
}

Result<std::string> FsArtifactStore::LocalPath(std::string_view sha256_hex) {
  LATHE_ASSIGN_OR_RETURN(bool exists, Exists(sha256_hex));
  if (!exists) return NotFoundError("artifact " + std::string(sha256_hex) + " not found");
  return BlobPath(sha256_hex);
}

Result<bool> FsArtifactStore::Exists(std::string_view sha256_hex) {
  LATHE_RETURN_IF_ERROR(ValidateHash(sha256_hex));
  std::string path = BlobPath(sha256_hex);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return S_ISREG(st.st_mode);
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return ErrnoStatus("stat", path, errno);
}

Status FsArtifactStore::Remove(std::string_view sha256_hex) {
  LATHE_RETURN_IF_ERROR(ValidateHash(sha256_hex));
  std::string path = BlobPath(sha256_hex);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return NotFoundError("artifact " + std::string(sha256_hex) + " not found");
    }
    return ErrnoStatus("unlink", path, errno);
  }
  // Not fsyncing the directory: a removal lost to power failure is redone by CollectGarbage.
  return Status::Ok();
}

Result<std::vector<std::string>> FsArtifactStore::List() {
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> fanouts, ListDir(root_));
  std::vector<std::string> out;
  for (const std::string& dir : fanouts) {
    if (dir.size() != 2 || !IsHexString(dir)) continue;  // tmp/ and anything foreign
    LATHE_ASSIGN_OR_RETURN(std::vector<std::string> files, ListDir(root_ + "/" + dir));
    for (const std::string& file : files) {
      std::string sha = dir + file;
      if (IsSha256Hex(sha)) out.push_back(std::move(sha));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<size_t> FsArtifactStore::CollectGarbage(const std::vector<std::string>& keep) {
  const int64_t min_age = options_.gc_min_age.count();
  std::set<std::string, std::less<>> keep_set(keep.begin(), keep.end());
  size_t removed = 0;
  // Unlinks `path` if old enough; a file that vanished meanwhile is not an error.
  auto remove_if_old = [&](const std::string& path) -> Status {
    Result<int64_t> age = AgeSeconds(path);
    if (!age.ok()) {
      return age.status().code() == StatusCode::kNotFound ? Status::Ok() : age.status();
    }
    if (*age < min_age) return Status::Ok();
    if (::unlink(path.c_str()) == 0) {
      ++removed;
    } else if (errno != ENOENT) {
      return ErrnoStatus("unlink", path, errno);
    }
    return Status::Ok();
  };
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> stored, List());
  for (const std::string& sha : stored) {
    if (keep_set.count(sha) == 0) LATHE_RETURN_IF_ERROR(remove_if_old(BlobPath(sha)));
  }
  std::string tmp_dir = root_ + "/" + std::string(kTmpDir);
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> temps, ListDir(tmp_dir));
  for (const std::string& name : temps) {
    LATHE_RETURN_IF_ERROR(remove_if_old(tmp_dir + "/" + name));
  }
  return removed;
}

}  // namespace lathe::store
