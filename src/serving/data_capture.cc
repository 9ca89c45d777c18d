// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "serving/data_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/logging.h"
#include "data/internal/utf8.h"  // for FindInvalidUtf8

namespace lathe::serving {
namespace {

namespace fs = std::filesystem;

// xorshift64*: a cheap per-thread generator for the sampling draw.
uint64_t NextRandom() {
  thread_local uint64_t state = [] {
    std::random_device rd;
    uint64_t s = (static_cast<uint64_t>(rd()) << 32) ^ rd();
    return s == 0 ? 0x9E3779B97F4A7C15ULL : s;
  }();
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1DULL;
}

uint64_t Threshold(double percentage) {
  if (!(percentage > 0)) return 0;
  if (percentage >= 100) return UINT64_MAX;
  return static_cast<uint64_t>(std::ldexp(percentage / 100.0, 64));
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

nlohmann::json BodyJson(const std::string& content_type, const std::string& body) {
  const bool text = data::internal::FindInvalidUtf8(body) == std::string_view::npos;
  return {{"content_type", content_type},
          {"encoding", text ? "text" : "base64"},
          {"data", text ? body : Base64(body)}};
}

struct Hour {
  int64_t year;
  unsigned month, day, hour;
};

Hour HourOf(int64_t micros) {
  int64_t seconds = micros / 1000000;
  if (micros < 0 && seconds * 1000000 != micros) --seconds;
  int64_t days = seconds / 86400;
  if (seconds < 0 && days * 86400 != seconds) --days;
  const unsigned hour = static_cast<unsigned>((seconds - days * 86400) / 3600);
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (month <= 2), month, day, hour};
}

std::string Pad2(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string RelativePath(const Hour& h) {
  return std::to_string(h.year) + "/" + Pad2(h.month) + "/" + Pad2(h.day) + "/" + Pad2(h.hour) +
         ".jsonl";
}

bool AllDigits(const std::string& s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Appends `bytes` to `path` with one write() (O_APPEND); false on failure.
bool AppendToFile(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  bool ok = true;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    done += static_cast<size_t>(n);
  }
  return ::close(fd) == 0 && ok;
}

}  // namespace

DataCapture::DataCapture(std::string dir, double sampling_percentage, DataCaptureOptions options)
    : dir_(std::move(dir)),
      percentage_(std::clamp(std::isnan(sampling_percentage) ? 0.0 : sampling_percentage, 0.0,
                             100.0)),
      threshold_(Threshold(percentage_)),
      sample_all_(percentage_ >= 100),
      options_(std::move(options)) {
  writer_ = std::thread([this] { Run(); });
}

DataCapture::~DataCapture() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

int64_t DataCapture::NowMicros() const {
  return options_.clock_micros ? options_.clock_micros() : lathe::NowMicros();
}

void DataCapture::Offer(std::string_view endpoint, std::string_view variant,
                        std::string_view request_content_type, std::string_view request_body,
                        std::string_view response_content_type, std::string_view response_body,
                        int status, std::string_view request_id) {
  offered_.fetch_add(1, std::memory_order_relaxed);
  if (!sample_all_ && (threshold_ == 0 || NextRandom() >= threshold_)) return;
  sampled_.fetch_add(1, std::memory_order_relaxed);
  const size_t bytes = request_body.size() + response_body.size() + 256;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() >= options_.max_queue_records ||
        queued_bytes_ + bytes > options_.max_queue_bytes) {
      ++dropped_;
      return;
    }
    Record& r = queue_.emplace_back();
    r.micros = NowMicros();
    r.status = status;
    r.endpoint = endpoint;
    r.variant = variant;
    r.request_id = request_id;
    r.request_content_type = request_content_type;
    r.request_body = request_body;
    r.response_content_type = response_content_type;
    r.response_body = response_body;
    queued_bytes_ += bytes;
    ++enqueued_seq_;
  }
  wake_.notify_one();
}

void DataCapture::Run() {
  std::vector<Record> batch;
  while (true) {
    uint64_t batch_end = 0;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_ || !queue_.empty(); });
      batch.swap(queue_);
      queued_bytes_ = 0;
      batch_end = enqueued_seq_;
      stopping = stop_;
    }
    if (!batch.empty()) WriteBatch(batch);
    batch.clear();
    {
      std::lock_guard<std::mutex> lock(mu_);
      written_seq_ = batch_end;
    }
    progress_.notify_all();
    if (stopping) {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty()) return;  // records offered during the last write get one more pass
    }
  }
}

void DataCapture::WriteBatch(std::vector<Record>& batch) {
  // Records arrive in time order per thread, nearly in order overall: group runs by hour file.
  std::string path, buffer;
  uint64_t in_buffer = 0, written = 0, failed = 0;
  auto flush = [&] {
    if (in_buffer == 0) return;
    if (AppendToFile(fs::path(dir_) / path, buffer)) {
      written += in_buffer;
    } else {
      failed += in_buffer;
      LogWarn("", "data capture: cannot write " + (fs::path(dir_) / path).string() + ": " +
                      std::strerror(errno));
    }
    buffer.clear();
    in_buffer = 0;
  };
  for (Record& r : batch) {
    std::string record_path = RelativePath(HourOf(r.micros));
    if (record_path != path) {
      flush();
      path = std::move(record_path);
    }
    nlohmann::json line = {{"time", FormatRfc3339(r.micros)},
                           {"request_id", r.request_id},
                           {"endpoint", r.endpoint},
                           {"variant", r.variant},
                           {"status", r.status},
                           {"request", BodyJson(r.request_content_type, r.request_body)},
                           {"response", BodyJson(r.response_content_type, r.response_body)}};
    buffer += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    buffer += '\n';
    ++in_buffer;
  }
  flush();
  std::lock_guard<std::mutex> lock(mu_);
  written_ += written;
  write_errors_ += failed;
}

void DataCapture::Flush() {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t target = enqueued_seq_;
  wake_.notify_one();
  progress_.wait(lock, [&] { return written_seq_ >= target; });
}

DataCaptureStats DataCapture::stats() const {
  DataCaptureStats s;
  s.offered = offered_.load(std::memory_order_relaxed);
  s.sampled = sampled_.load(std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu_);
  s.dropped = dropped_;
  s.written = written_;
  s.write_errors = write_errors_;
  return s;
}

std::vector<CaptureFile> DataCapture::Files() const {
  std::vector<CaptureFile> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".jsonl") continue;
    const fs::path rel = it->path().lexically_relative(dir_);
    std::vector<std::string> parts;
    for (const fs::path& p : rel) parts.push_back(p.string());
    if (parts.size() != 4 || !AllDigits(parts[0], 4) || !AllDigits(parts[1], 2) ||
        !AllDigits(parts[2], 2) || parts[3].size() != 8 || !AllDigits(parts[3].substr(0, 2), 2)) {
      continue;
    }
    CaptureFile f;
    f.path = rel.generic_string();
    f.hour = parts[0] + "-" + parts[1] + "-" + parts[2] + "T" + parts[3].substr(0, 2) + ":00:00Z";
    std::ifstream in(it->path(), std::ios::binary);
    char buf[1 << 16];
    while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
      const std::streamsize n = in.gcount();
      f.bytes += static_cast<uint64_t>(n);
      f.records += static_cast<uint64_t>(std::count(buf, buf + n, '\n'));
    }
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const CaptureFile& a, const CaptureFile& b) { return a.hour < b.hour; });
  return files;
}

}  // namespace lathe::serving
