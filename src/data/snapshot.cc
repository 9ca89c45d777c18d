// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/snapshot.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <bit>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "data/internal/crc32c.h"

namespace lathe::data {
namespace {

static_assert(std::endian::native == std::endian::little, "snapshot format is little-endian");

constexpr char kMagic[8] = {'L', 'A', 'T', 'H', 'E', 'S', 'N', 'P'};
constexpr char kEndMagic[8] = {'L', 'A', 'T', 'H', 'E', 'E', 'N', 'D'};
constexpr size_t kHeaderBytes = 32;
constexpr size_t kBlockHeaderBytes = 24;
constexpr uint32_t kMaxNameBytes = 1 << 20;

Status ErrnoError(const std::string& op, const std::string& path, int err) {
  std::string msg = op + " " + path + ": " + std::strerror(err);
  if (err == ENOENT) return NotFoundError(msg).WithDetail("file", path);
  if (err == EACCES || err == EPERM) return PermissionDeniedError(msg).WithDetail("file", path);
  return InternalError(msg).WithDetail("file", path);
}

// Buffered writer over a file descriptor.
class FdWriter {
 public:
  FdWriter(int fd, std::string path) : fd_(fd), path_(std::move(path)) { buf_.reserve(kCap); }
  Status Write(const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    if (buf_.size() + n > kCap) LATHE_RETURN_IF_ERROR(Flush());
    if (n >= kCap) return WriteAll(p, n);
    buf_.append(p, n);
    return Status::Ok();
  }
  Status Flush() {
    Status s = WriteAll(buf_.data(), buf_.size());
    buf_.clear();
    return s;
  }

 private:
  static constexpr size_t kCap = 1 << 20;
  Status WriteAll(const char* p, size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoError("write", path_, errno);
      }
      p += w;
      n -= static_cast<size_t>(w);
    }
    return Status::Ok();
  }
  int fd_;
  std::string path_;
  std::string buf_;
};

template <typename T>
void PutLe(std::string* out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out->append(b, sizeof(T));
}

// The payload of one column, as a list of byte ranges (no copies of the big vectors).
struct Payload {
  std::string small;  // dictionary bytes for categorical columns
  std::vector<std::string_view> parts;
  uint64_t size() const {
    uint64_t n = 0;
    for (auto p : parts) n += p.size();
    return n;
  }
};

template <typename T>
std::string_view Bytes(const std::vector<T>& v) {
  return std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

void BuildPayload(const Column& c, Payload* p) {
  p->parts.push_back(Bytes(c.valid));
  switch (c.type) {
    case DataType::kFloat64: p->parts.push_back(Bytes(c.doubles)); break;
    case DataType::kCategorical:
      PutLe<uint32_t>(&p->small, static_cast<uint32_t>(c.dictionary.size()));
      for (const auto& d : c.dictionary) {
        PutLe<uint32_t>(&p->small, static_cast<uint32_t>(d.size()));
        p->small += d;
      }
      p->parts.push_back(p->small);
      p->parts.push_back(Bytes(c.codes));
      break;
    case DataType::kText:
      p->parts.push_back(Bytes(c.offsets));
      p->parts.push_back(c.chars);
      break;
    default: p->parts.push_back(Bytes(c.ints)); break;
  }
}

Status WriteBody(const Table& table, FdWriter* w) {
  std::string header(kMagic, 8);
  PutLe<uint32_t>(&header, kSnapshotFormatVersion);
  PutLe<uint32_t>(&header, static_cast<uint32_t>(table.num_columns()));
  PutLe<uint64_t>(&header, table.num_rows());
  PutLe<uint32_t>(&header, 0);  // flags
  PutLe<uint32_t>(&header, internal::Crc32c(header.data(), header.size()));
  LATHE_RETURN_IF_ERROR(w->Write(header.data(), header.size()));
  for (const Column& c : table.columns()) {
    Payload p;
    BuildPayload(c, &p);
    std::string bh;
    PutLe<uint32_t>(&bh, static_cast<uint32_t>(c.name.size()));
    PutLe<uint8_t>(&bh, static_cast<uint8_t>(c.type));
    bh.append(3, '\0');
    PutLe<uint64_t>(&bh, p.size());
    uint32_t crc = internal::Crc32c(bh.data(), bh.size());
    crc = internal::Crc32cExtend(crc, c.name.data(), c.name.size());
    for (auto part : p.parts) crc = internal::Crc32cExtend(crc, part.data(), part.size());
    PutLe<uint32_t>(&bh, crc);
    PutLe<uint32_t>(&bh, 0);
    LATHE_RETURN_IF_ERROR(w->Write(bh.data(), bh.size()));
    LATHE_RETURN_IF_ERROR(w->Write(c.name.data(), c.name.size()));
    for (auto part : p.parts) LATHE_RETURN_IF_ERROR(w->Write(part.data(), part.size()));
  }
  std::string end(kEndMagic, 8);
  PutLe<uint64_t>(&end, table.num_columns());
  LATHE_RETURN_IF_ERROR(w->Write(end.data(), end.size()));
  return w->Flush();
}

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Cursor over the snapshot bytes with bounds checks.
class Reader {
 public:
  Reader(std::string_view data, std::string path) : data_(data), path_(std::move(path)) {}
  bool Has(uint64_t n) const { return n <= data_.size() - pos_; }
  template <typename T>
  T Get() {
    T v;
    std::memcpy(&v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view Take(size_t n) {
    std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  size_t pos() const { return pos_; }
  Status Loss(const std::string& block, const std::string& what) const {
    return DataLossError("snapshot " + path_ + ": " + block + ": " + what)
        .WithDetail("file", path_)
        .WithDetail("block", block);
  }

 private:
  std::string_view data_;
  std::string path_;
  size_t pos_ = 0;
};

template <typename T>
bool CopyArray(std::string_view* payload, size_t n, std::vector<T>* out) {
  if (n > payload->size() / sizeof(T)) return false;
  out->resize(n);
  std::memcpy(out->data(), payload->data(), n * sizeof(T));
  payload->remove_prefix(n * sizeof(T));
  return true;
}

// Decodes and validates one column payload; returns an error text or "".
std::string DecodePayload(std::string_view payload, uint64_t rows, Column* c) {
  if (!CopyArray(&payload, rows, &c->valid)) return "truncated validity";
  for (uint8_t v : c->valid) {
    if (v > 1) return "bad validity byte";
  }
  switch (c->type) {
    case DataType::kFloat64:
      if (!CopyArray(&payload, rows, &c->doubles)) return "truncated values";
      break;
    case DataType::kCategorical: {
      if (payload.size() < 4) return "truncated dictionary";
      uint32_t n;
      std::memcpy(&n, payload.data(), 4);
      payload.remove_prefix(4);
      if (n > payload.size() / 4) return "bad dictionary size";
      c->dictionary.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        if (payload.size() < 4) return "truncated dictionary";
        uint32_t len;
        std::memcpy(&len, payload.data(), 4);
        payload.remove_prefix(4);
        if (len > payload.size()) return "truncated dictionary";
        c->dictionary.emplace_back(payload.substr(0, len));
        payload.remove_prefix(len);
      }
      if (!CopyArray(&payload, rows, &c->codes)) return "truncated codes";
      for (size_t r = 0; r < rows; ++r) {
        if (c->valid[r] && c->codes[r] >= n) return "dictionary code out of range";
      }
      break;
    }
    case DataType::kText: {
      if (!CopyArray(&payload, rows + 1, &c->offsets)) return "truncated offsets";
      if (c->offsets[0] != 0) return "bad offsets";
      for (size_t r = 0; r < rows; ++r) {
        if (c->offsets[r + 1] < c->offsets[r]) return "bad offsets";
      }
      if (c->offsets[rows] != payload.size()) return "text size mismatch";
      c->chars.assign(payload.data(), payload.size());
      payload = {};
      break;
    }
    default:
      if (!CopyArray(&payload, rows, &c->ints)) return "truncated values";
      break;
  }
  if (!payload.empty()) return "trailing bytes in payload";
  return "";
}

}  // namespace

Status WriteSnapshot(const Table& table, const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" +
                    std::to_string(counter.fetch_add(1));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("create", tmp, errno);
  FdWriter writer(fd, tmp);
  Status s = WriteBody(table, &writer);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoError("fsync", tmp, errno);
  if (::close(fd) != 0 && s.ok()) s = ErrnoError("close", tmp, errno);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = ErrnoError("rename", path, errno);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  std::string dir = DirOf(path);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return ErrnoError("open", dir, errno);
  int rc = ::fsync(dfd);
  int err = errno;
  ::close(dfd);
  if (rc != 0) return ErrnoError("fsync", dir, err);
  return Status::Ok();
}

Result<Table> ReadSnapshot(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoError("stat", path, err);
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < data.size()) {
    ssize_t r = ::read(fd, data.data() + got, data.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<size_t>(r);
  }
  ::close(fd);
  data.resize(got);

  Reader rd(data, path);
  if (!rd.Has(kHeaderBytes)) return rd.Loss("header", "file too short");
  std::string_view header = rd.Take(kHeaderBytes);
  if (header.substr(0, 8) != std::string_view(kMagic, 8)) {
    return rd.Loss("header", "bad magic (not a Lathe snapshot)");
  }
  uint32_t version, ncols, flags, crc;
  uint64_t rows;
  std::memcpy(&version, header.data() + 8, 4);
  std::memcpy(&ncols, header.data() + 12, 4);
  std::memcpy(&rows, header.data() + 16, 8);
  std::memcpy(&flags, header.data() + 24, 4);
  std::memcpy(&crc, header.data() + 28, 4);
  if (internal::Crc32c(header.data(), 28) != crc) return rd.Loss("header", "checksum mismatch");
  if (version != kSnapshotFormatVersion) {
    return rd.Loss("header", "unsupported format version " + std::to_string(version) +
                                 " (this build reads " +
                                 std::to_string(kSnapshotFormatVersion) + ")");
  }
  if (flags != 0) return rd.Loss("header", "unknown flags");
  if (rows > data.size()) return rd.Loss("header", "row count larger than the file");
  Table table;
  for (uint32_t i = 0; i < ncols; ++i) {
    std::string block = "column block " + std::to_string(i + 1);
    if (!rd.Has(kBlockHeaderBytes)) return rd.Loss(block, "truncated");
    std::string_view bh = rd.Take(kBlockHeaderBytes);
    uint32_t name_len, stored_crc;
    uint8_t type;
    uint64_t payload_len;
    std::memcpy(&name_len, bh.data(), 4);
    std::memcpy(&type, bh.data() + 4, 1);
    std::memcpy(&payload_len, bh.data() + 8, 8);
    std::memcpy(&stored_crc, bh.data() + 16, 4);
    if (name_len > kMaxNameBytes || !rd.Has(name_len)) return rd.Loss(block, "truncated");
    std::string_view name = rd.Take(name_len);
    block += " ('" + std::string(name) + "')";
    if (!rd.Has(payload_len)) return rd.Loss(block, "truncated");
    std::string_view payload = rd.Take(payload_len);
    uint32_t c = internal::Crc32c(bh.data(), 16);
    c = internal::Crc32cExtend(c, name.data(), name.size());
    c = internal::Crc32cExtend(c, payload.data(), payload.size());
    if (c != stored_crc) return rd.Loss(block, "checksum mismatch");
    if (type > static_cast<uint8_t>(DataType::kText)) return rd.Loss(block, "unknown data type");
    Column col = Column::Make(std::string(name), static_cast<DataType>(type));
    std::string problem = DecodePayload(payload, rows, &col);
    if (!problem.empty()) return rd.Loss(block, problem);
    if (!table.AddColumn(std::move(col)).ok()) return rd.Loss(block, "row count mismatch");
  }
  if (!rd.Has(16)) return rd.Loss("end marker", "truncated (file not completely written)");
  std::string_view end = rd.Take(16);
  uint64_t end_cols;
  std::memcpy(&end_cols, end.data() + 8, 8);
  if (end.substr(0, 8) != std::string_view(kEndMagic, 8) || end_cols != ncols) {
    return rd.Loss("end marker", "bad end marker");
  }
  if (rd.Has(1)) return rd.Loss("end marker", "trailing bytes after the end marker");
  return table;
}

}  // namespace lathe::data
