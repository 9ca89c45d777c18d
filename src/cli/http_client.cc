// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/http_client.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <mutex>
#include <system_error>

#include <curl/curl.h>

namespace lathe::cli {
namespace {

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// Errors raised before the server said anything: nothing is listening, DNS, connect timeout.
bool IsConnectPhaseError(CURLcode code) {
  return code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
         code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_URL_MALFORMAT ||
         code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_SSL_CONNECT_ERROR;
}

// Everything one request needs, shared with the libcurl callbacks.
struct Transfer {
  const HttpRequest* request = nullptr;  // Method, URL, body and headers.
  std::string url;                       // Absolute URL.
  std::FILE* upload = nullptr;           // Streamed body (PostFile), or null.
  int64_t upload_size = 0;               // Its size in bytes.
  const ProgressFn* progress = nullptr;  // Upload progress callback, or null.
  BodySink* sink = nullptr;              // Streams a successful body, or null.
  bool whole_request_timeout = true;     // Apply options_.timeout_seconds.

  CURL* curl = nullptr;
  HttpResponse response;
  bool sink_started = false;
  Status sink_status;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    transfer->response.headers.clear();  // A new response (after 100 Continue or a redirect).
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    transfer->response.headers.emplace_back(ToLower(Trim(line.substr(0, colon))),
                                            std::string(Trim(line.substr(colon + 1))));
  }
  return size * count;
}

Status StartSink(Transfer& transfer) {
  transfer.sink_started = true;
  curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  if (transfer.response.status >= 400) return Status::Ok();
  return transfer.sink->Begin(transfer.response);
}

size_t OnWrite(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->sink != nullptr) {
    if (!transfer->sink_started) transfer->sink_status = StartSink(*transfer);
    if (transfer->sink_status.ok() && transfer->response.status < 400) {
      transfer->sink_status = transfer->sink->Write(std::string_view(data, bytes));
      return transfer->sink_status.ok() ? bytes : 0;  // 0 aborts with CURLE_WRITE_ERROR.
    }
    if (!transfer->sink_status.ok()) return 0;
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t read = std::fread(buffer, 1, size * count, transfer->upload);
  if (read == 0 && std::ferror(transfer->upload)) return CURL_READFUNC_ABORT;
  return read;
}

int OnProgress(void* user, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/, curl_off_t ultotal,
               curl_off_t ulnow) {
  auto* transfer = static_cast<Transfer*>(user);
  (*transfer->progress)(static_cast<int64_t>(ulnow),
                        ultotal > 0 ? static_cast<int64_t>(ultotal) : transfer->upload_size);
  return 0;
}

Status TransportError(CURLcode code, const char* error_buffer, const std::string& base_url,
                      const std::string& url) {
  std::string reason = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  std::string message;
  if (IsConnectPhaseError(code)) {
    message = "cannot reach the Lathe server at " + base_url + ": " + reason +
              " (is `lathe serve` running?)";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    message = "request to " + url + " timed out: " + reason;
  } else {
    message = "request to " + url + " failed: " + reason;
  }
  return UnavailableError(std::move(message))
      .WithDetail("connection_error", true)
      .WithDetail("url", url);
}

// Request headers: content type, API key, caller's extras. Never fails (curl copies strings).
SlistPtr BuildHeaders(const HttpClientOptions& options, const HttpRequest& request) {
  // An empty "Expect:" stops libcurl from waiting for "100 Continue" on large bodies.
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  if (!request.content_type.empty()) {
    headers = curl_slist_append(headers, ("Content-Type: " + request.content_type).c_str());
  }
  if (!options.api_key.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + options.api_key).c_str());
  }
  for (const auto& header : request.headers) headers = curl_slist_append(headers, header.c_str());
  return SlistPtr(headers);
}

// Method and body: a streamed file (PostFile), an in-memory body, or none.
void SetMethodAndBody(CURL* handle, Transfer& transfer) {
  const HttpRequest& request = *transfer.request;
  if (transfer.upload != nullptr) {
    // POST with a read callback and a known size: streamed, with Content-Length.
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, OnRead);
    curl_easy_setopt(handle, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(transfer.upload_size));
    if (transfer.progress != nullptr) {
      curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, OnProgress);
      curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
    }
  } else if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (request.method != "GET" && request.method != "POST") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

Result<HttpResponse> Perform(const HttpClientOptions& options, Transfer& transfer) {
  CurlPtr curl(curl_easy_init());
  if (curl == nullptr) return InternalError("curl_easy_init failed");
  CURL* handle = curl.get();
  transfer.curl = handle;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  const SlistPtr headers = BuildHeaders(options, *transfer.request);
  curl_easy_setopt(handle, CURLOPT_URL, transfer.url.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
  if (transfer.whole_request_timeout) {
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, options.timeout_seconds);
  }
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, OnWrite);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  SetMethodAndBody(handle, transfer);

  const CURLcode code = curl_easy_perform(handle);
  if (!transfer.sink_status.ok()) return transfer.sink_status;
  if (code != CURLE_OK) return TransportError(code, error_buffer, options.base_url, transfer.url);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  if (transfer.sink != nullptr && !transfer.sink_started) {
    transfer.sink_started = true;  // Empty body: still let the sink create its output.
    if (transfer.response.status < 400) {
      LATHE_RETURN_IF_ERROR(transfer.sink->Begin(transfer.response));
    }
  }
  return std::move(transfer.response);
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  const std::string lower = ToLower(name);
  for (const auto& [key, value] : headers) {
    if (key == lower) return value;
  }
  return "";
}

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {
  GlobalInitOnce();
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
}

std::string HttpClient::ResolveUrl(const std::string& url) const {
  if (!url.empty() && url.front() == '/') return options_.base_url + url;
  return url;
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) const {
  Transfer transfer;
  transfer.request = &request;
  transfer.url = ResolveUrl(request.url);
  return Perform(options_, transfer);
}

Result<HttpResponse> HttpClient::Get(const std::string& url) const {
  return Send(HttpRequest{.method = "GET", .url = url});
}

Result<HttpResponse> HttpClient::Delete(const std::string& url) const {
  return Send(HttpRequest{.method = "DELETE", .url = url});
}

Result<HttpResponse> HttpClient::Post(const std::string& url, std::string body,
                                      std::string content_type) const {
  return Send(HttpRequest{.method = "POST",
                          .url = url,
                          .body = std::move(body),
                          .content_type = std::move(content_type)});
}

Result<HttpResponse> HttpClient::PostFile(const std::string& url, const std::filesystem::path& path,
                                          const std::string& content_type,
                                          const ProgressFn& progress) const {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    return NotFoundError("cannot read " + path.string() + ": " + error.message());
  }
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    return FailedPreconditionError("cannot open " + path.string() + ": " +
                                   std::generic_category().message(errno));
  }
  HttpRequest request{.method = "POST", .url = url, .content_type = content_type};
  Transfer transfer;
  transfer.request = &request;
  transfer.upload = file.get();
  transfer.upload_size = static_cast<int64_t>(size);
  transfer.progress = progress ? &progress : nullptr;
  transfer.whole_request_timeout = false;
  transfer.url = ResolveUrl(request.url);
  return Perform(options_, transfer);
}

Result<HttpResponse> HttpClient::GetToSink(const std::string& url, BodySink& sink) const {
  HttpRequest request{.method = "GET", .url = url};
  Transfer transfer;
  transfer.request = &request;
  transfer.sink = &sink;
  transfer.whole_request_timeout = false;
  transfer.url = ResolveUrl(request.url);
  return Perform(options_, transfer);
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 0xF]);
    }
  }
  return encoded;
}

bool IsConnectionError(const Status& status) {
  return !status.ok() && status.details().value("connection_error", false);
}

}  // namespace lathe::cli
