// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// The only translation unit that includes Boost.Beast (it is slow to compile; keep it that way).
#include "api/http_server.h"

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <limits>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/dispatcher.h"
#include "api/errors.h"
#include "core/logging.h"

namespace lathe::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Per-connection buffers above this size are released after their request instead of kept.
constexpr size_t kKeepBufferBytes = 64 * 1024;

// Builds the handler-facing request from a parsed header. InvalidArgument for a bad target.
Status FillRequest(const http::request_parser<http::empty_body>::value_type& header,
                   HttpRequest* out) {
  out->method = std::string(header.method_string());
  out->target = std::string(header.target());
  std::string_view target = out->target;
  size_t q = target.find('?');
  LATHE_ASSIGN_OR_RETURN(out->path, PercentDecode(target.substr(0, q), false));
  if (out->path.empty() || out->path[0] != '/') {
    return InvalidArgumentError("request target must start with '/': " + out->target);
  }
  if (q != std::string_view::npos) {
    LATHE_ASSIGN_OR_RETURN(out->query, ParseQuery(target.substr(q + 1)));
  }
  for (const auto& field : header) {
    auto name = field.name_string();
    out->headers.Add(std::string_view(name.data(), name.size()), std::string(field.value()));
  }
  return Status::Ok();
}

bool ValidClientRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

class Session;

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, const Router& router)
      : options_(std::move(options)),
        dispatcher_(router),
        acceptor_(ioc_),
        workers_(static_cast<size_t>(std::max(1, options_.worker_threads))) {}

  Status Start();
  void Stop();
  uint16_t port() const { return bound_port_; }

  const HttpServerOptions& options() const { return options_; }
  const Dispatcher& dispatcher() const { return dispatcher_; }
  net::thread_pool& workers() { return workers_; }
  bool stopping() const { return stopping_.load(); }
  std::string NewSpoolPath();

  void Register(const std::shared_ptr<Session>& s);
  void Unregister(Session* s);
  // Wakes Stop() to re-check whether requests are still in flight.
  void NotifyIdle() {
    std::lock_guard lock(sessions_mu_);
    sessions_cv_.notify_all();
  }

 private:
  void Accept();

  // Declared first so they outlive the io_context: a session destroyed with it unregisters here.
  std::mutex sessions_mu_;
  std::condition_variable sessions_cv_;
  std::set<Session*> sessions_;                       // GUARDED_BY(sessions_mu_)
  std::vector<std::weak_ptr<Session>> session_refs_;  // GUARDED_BY(sessions_mu_)

  HttpServerOptions options_;
  Dispatcher dispatcher_;
  net::io_context ioc_;
  // Keeps the I/O threads running while a handler is away on the worker pool and nothing else is
  // pending (after Stop() closed the acceptor); released once the drain is over.
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_guard_;
  tcp::acceptor acceptor_;
  net::thread_pool workers_;
  std::vector<std::thread> io_threads_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  bool stopped_ = false;
  uint16_t bound_port_ = 0;
  std::atomic<uint64_t> spool_counter_{0};

};

// One connection: read header -> resolve route -> read body (string or spooled file) -> run the
// handler on the worker pool -> write -> repeat while keep-alive. All socket work on its strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    // The peer's address, once per connection: the access policy lets loopback clients in
    // without a key.
    boost::system::error_code peer_ec;
    auto peer = stream_.socket().remote_endpoint(peer_ec);
    if (!peer_ec) request_.remote_address = peer.address().to_string();
  }
  ~Session() {
    RemoveSpool();
    server_.Unregister(this);
  }

  bool idle() const { return idle_.load(); }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  // Called from Stop(): closes the connection if it is between requests.
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      LogDebug(self->context_.request_id, self->idle_ ? "stop: closing idle connection"
                                                      : "stop: connection busy, finishing it");
      if (self->idle_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void ReadHeader() {
    idle_ = true;
    if (server_.stopping()) {
      server_.NotifyIdle();
      return Close();
    }
    request_.Reset();  // keeps the connection's remote_address and the strings' capacity
    context_.request_id.clear();
    context_.route.clear();
    header_parser_.emplace();
    header_parser_->header_limit(server_.options().max_header_bytes);
    // Per-route limits are checked after routing. Not boost::none: Beast 1.74 compares
    // `len > body_limit_` against the optional, and a length is always greater than none.
    header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(server_.options().idle_timeout);
    http::async_read_header(stream_, buffer_, *header_parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              self->OnHeader(ec);
                            });
  }

  void OnHeader(beast::error_code ec) {
    idle_ = false;
    start_ = std::chrono::steady_clock::now();
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset) {
      return Close();
    }
    context_.request_id = NewRequestId();
    if (ec == http::error::header_limit) {
      context_.route = "(header too large)";
      return Refuse(ErrorResponseWith(
          {431, "HeaderTooLarge"},
          InvalidArgumentError("request header is over the limit of " +
                               std::to_string(server_.options().max_header_bytes) + " bytes"),
          context_.request_id));
    }
    if (ec) {
      context_.route = "(bad request)";
      return Refuse(ErrorResponse(InvalidArgumentError("malformed HTTP request: " + ec.message()),
                                  context_.request_id));
    }
    const auto& header = header_parser_->get();
    keep_alive_ = header.keep_alive();
    Status filled = FillRequest(header, &request_);
    if (auto id = request_.headers.Get("x-request-id"); id && ValidClientRequestId(*id)) {
      context_.request_id = std::string(*id);
    }
    if (!filled.ok()) {
      context_.route = "(bad request)";
      return Refuse(ErrorResponse(filled, context_.request_id));
    }
    std::optional<uint64_t> length;
    if (auto cl = header_parser_->content_length()) length = *cl;
    Dispatcher::Resolved resolved =
        server_.dispatcher().Resolve(request_, context_, length);
    if (resolved.refusal) return Refuse(std::move(*resolved.refusal));
    route_ = resolved.route;
    bool has_body = header_parser_->chunked() || (length && *length > 0);
    if (!has_body) return RunHandler();
    if (auto expect = request_.headers.Get("expect");
        expect && beast::iequals(beast::string_view(expect->data(), expect->size()), "100-continue")) {
      SendContinueThenReadBody();
      return;
    }
    ReadBody();
  }

  void SendContinueThenReadBody() {
    continue_response_.emplace(http::status::continue_, header_parser_->get().version());
    stream_.expires_after(server_.options().write_timeout);
    http::async_write(stream_, *continue_response_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    const RouteOptions& opts = route_->options;
    if (opts.spool_body) {
      file_parser_.emplace(std::move(*header_parser_));
      file_parser_->body_limit(opts.max_body_bytes);
      spool_path_ = server_.NewSpoolPath();
      beast::error_code ec;
      file_parser_->get().body().open(spool_path_.c_str(), beast::file_mode::write, ec);
      if (ec) {
        spool_path_.clear();
        return Refuse(ErrorResponse(UnavailableError("cannot create upload spool file: " +
                                                     ec.message()),
                                    context_.request_id));
      }
      ReadSome(*file_parser_);
    } else {
      string_parser_.emplace(std::move(*header_parser_));
      string_parser_->body_limit(opts.max_body_bytes);
      ParseBufferedThenRead(*string_parser_);
    }
  }

  // A small body usually arrives with its header: parses what the buffer holds first and reads
  // from the socket only if the body is not complete (saves a trip through the I/O loop).
  template <typename Parser>
  void ParseBufferedThenRead(Parser& parser) {
    beast::error_code ec;
    while (buffer_.size() > 0 && !parser.is_done()) {
      const size_t used = parser.put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec || used == 0) break;
    }
    if (ec || parser.is_done()) return OnBodyPiece(ec, parser);
    ReadSome(parser);
  }

  // Reads the body piece by piece so that the read timeout measures silence, not total time.
  template <typename Parser>
  void ReadSome(Parser& parser) {
    stream_.expires_after(server_.options().read_timeout);
    http::async_read_some(stream_, buffer_, parser,
                          [self = shared_from_this(), &parser](beast::error_code ec, size_t) {
                            self->OnBodyPiece(ec, parser);
                          });
  }

  template <typename Parser>
  void OnBodyPiece(beast::error_code ec, Parser& parser) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      RemoveSpool();
      return Refuse(ErrorResponse(
          ResourceExhaustedError("request body is over the limit of " +
                                 std::to_string(route_->options.max_body_bytes) + " bytes for " +
                                 route_->pattern)
              .WithDetail("limit_bytes", route_->options.max_body_bytes),
          context_.request_id));
    }
    if (ec) {
      // The client went away or stalled mid-body: nothing is stored, the spool goes.
      LogWarn(context_.request_id, "body read failed: " + ec.message());
      RemoveSpool();
      return Close();
    }
    if (!parser.is_done()) return ReadSome(parser);
    if constexpr (std::is_same_v<Parser, http::request_parser<http::file_body>>) {
      parser.get().body().close();
      request_.body_file = spool_path_;
      request_.body_bytes = parser.content_length() ? *parser.content_length() : 0;
      if (request_.body_bytes == 0) {
        beast::error_code size_ec;
        beast::file f;
        f.open(spool_path_.c_str(), beast::file_mode::read, size_ec);
        if (!size_ec) request_.body_bytes = f.size(size_ec);
      }
    } else {
      request_.body = std::move(parser.get().body());
      request_.body_bytes = request_.body.size();
    }
    RunHandler();
  }

  void RunHandler() {
    auto run = [self = shared_from_this()] {
      HttpResponse response = self->server_.dispatcher().Run(*self->route_, self->request_,
                                                             self->context_);
      net::dispatch(self->stream_.get_executor(),
                    [self, response = std::move(response)]() mutable {
                      self->Write(std::move(response));
                    });
    };
    const RouteOptions& options = route_->options;
    if (options.inline_handler ||
        (options.inline_max_body_bytes > 0 && request_.body_file.empty() &&
         request_.body.size() <= options.inline_max_body_bytes)) {
      run();
    } else {
      net::post(server_.workers(), std::move(run));
    }
  }

  // Sends an error before (or instead of) reading the body; the connection closes after it when
  // a body may still be in flight.
  void Refuse(HttpResponse response) {
    bool body_pending = header_parser_ && !header_parser_->is_done() &&
                        (header_parser_->chunked() || header_parser_->content_length().value_or(0));
    if (body_pending || response.status == 400 || response.status == 431) keep_alive_ = false;
    response.headers.Set("X-Request-Id", context_.request_id);
    Write(std::move(response));
  }

  void Write(HttpResponse response) {
    RemoveSpool();
    if (server_.stopping()) keep_alive_ = false;
    if (response.stream) {
      WriteStream(std::move(response));
    } else if (!response.body_file.empty()) {
      WriteFile(std::move(response));
    } else {
      WritePlain(std::move(response));
    }
  }

  // A response with its body in memory: the head is formatted here, as Beast's serializer would
  // write it (status line with Beast's reason phrase, "Server: lathe", the handler's headers with
  // values trimmed, "Connection: close" unless kept alive, Content-Length), into a buffer the
  // connection reuses, and sent with the body in one gathered write.
  void WritePlain(HttpResponse response) {
    const int status = response.status;
    std::string& head = write_head_;
    head.clear();
    head.append("HTTP/1.1 ");
    AppendInt(status, &head);
    head.push_back(' ');
    const auto reason = http::obsolete_reason(static_cast<http::status>(status));
    head.append(reason.data(), reason.size());
    head.append("\r\nServer: lathe\r\n");
    for (const auto& [name, value] : response.headers.entries()) {
      head.append(name);
      head.append(": ");
      head.append(TrimBlanks(value));
      head.append("\r\n");
    }
    if (!keep_alive_) head.append("Connection: close\r\n");
    head.append("Content-Length: ");
    AppendInt(response.body.size(), &head);
    head.append("\r\n\r\n");
    write_body_ = std::move(response.body);
    std::array<net::const_buffer, 2> buffers{net::buffer(write_head_), net::buffer(write_body_)};
    stream_.expires_after(server_.options().write_timeout);
    net::async_write(stream_, buffers,
                     [self = shared_from_this(), status](beast::error_code ec, size_t) {
                       self->AfterWrite(ec, status);
                     });
  }

  static void AppendInt(uint64_t v, std::string* out) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    out->append(buf, res.ptr);
  }

  // Beast trims spaces and tabs around a field value.
  static std::string_view TrimBlanks(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  }

  void WriteFile(HttpResponse response) {
    auto res = std::make_shared<http::response<http::file_body>>(
        static_cast<http::status>(response.status), 11);
    beast::error_code ec;
    res->body().open(response.body_file.c_str(), beast::file_mode::scan, ec);
    if (ec) {
      return Write(ErrorResponse(InternalError("cannot open response file: " + ec.message()),
                                 context_.request_id));
    }
    FillHeaders(*res, response);
    res->prepare_payload();
    SendResponse(res, response.status);
  }

  // Streaming: the header with chunked encoding, then one chunk per poll that has data, then the
  // last chunk. Waits between polls on a timer, so an idle stream costs no thread.
  void WriteStream(HttpResponse response) {
    auto res = std::make_shared<http::response<http::empty_body>>(
        static_cast<http::status>(response.status), 11);
    FillHeaders(*res, response);
    res->chunked(true);
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*res);
    stream_.expires_after(server_.options().write_timeout);
    int status = response.status;
    http::async_write_header(
        stream_, *serializer,
        [self = shared_from_this(), res, serializer, body = response.stream, status](
            beast::error_code ec, size_t) {
          if (ec) return self->FinishStream(status, /*ok=*/false);
          self->PollStream(body, status);
        });
  }

  void PollStream(std::shared_ptr<BodyStream> body, int status) {
    auto chunk = std::make_shared<std::string>();
    bool more = body->Poll(chunk.get()) && !server_.stopping();
    auto after_write = [self = shared_from_this(), body, status, more](beast::error_code ec,
                                                                       size_t) {
      if (ec) return self->FinishStream(status, /*ok=*/false);
      if (!more) return self->EndStream(status);
      self->WaitThenPoll(body, status);
    };
    if (chunk->empty()) {
      if (!more) return EndStream(status);
      return WaitThenPoll(body, status);
    }
    stream_.expires_after(server_.options().write_timeout);
    net::async_write(stream_, http::make_chunk(net::buffer(*chunk)),
                     [chunk, after_write](beast::error_code ec, size_t n) { after_write(ec, n); });
  }

  void WaitThenPoll(std::shared_ptr<BodyStream> body, int status) {
    auto timer = std::make_shared<net::steady_timer>(stream_.get_executor(),
                                                     std::chrono::milliseconds(50));
    timer->async_wait([self = shared_from_this(), timer, body, status](beast::error_code) {
      self->PollStream(body, status);
    });
  }

  void EndStream(int status) {
    stream_.expires_after(server_.options().write_timeout);
    net::async_write(stream_, http::make_chunk_last(),
                     [self = shared_from_this(), status](beast::error_code ec, size_t) {
                       self->FinishStream(status, !ec);
                     });
  }

  void FinishStream(int status, bool ok) {
    server_.dispatcher().Record(request_, context_, status,
                                std::chrono::steady_clock::now() - start_);
    if (!ok || !keep_alive_ || server_.stopping()) return Close();
    string_parser_.reset();
    file_parser_.reset();
    ReadHeader();
  }

  template <typename Response>
  void FillHeaders(Response& res, const HttpResponse& response) {
    res.set(http::field::server, "lathe");
    for (const auto& [name, value] : response.headers.entries()) res.insert(name, value);
    res.keep_alive(keep_alive_);
  }

  template <typename Response>
  void SendResponse(const std::shared_ptr<Response>& res, int status) {
    stream_.expires_after(server_.options().write_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, status](beast::error_code ec, size_t) {
                        self->AfterWrite(ec, status);
                      });
  }

  // A response is out (or failed): records it, then waits for the next request.
  void AfterWrite(beast::error_code ec, int status) {
    server_.dispatcher().Record(request_, context_, status,
                                std::chrono::steady_clock::now() - start_);
    if (write_body_.capacity() > kKeepBufferBytes) std::string().swap(write_body_);
    if (ec || !keep_alive_) return Close();
    string_parser_.reset();
    file_parser_.reset();
    ReadHeader();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  void RemoveSpool() {
    if (spool_path_.empty()) return;
    if (file_parser_) {
      beast::error_code ec;
      file_parser_->get().body().close();
    }
    std::remove(spool_path_.c_str());  // gone already if the handler moved it into the store
    spool_path_.clear();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> string_parser_;
  std::optional<http::request_parser<http::file_body>> file_parser_;
  std::optional<http::response<http::empty_body>> continue_response_;
  HttpRequest request_;
  RequestContext context_;
  std::string write_head_;  // the response head being written (capacity reused)
  std::string write_body_;  // the response body being written
  const Route* route_ = nullptr;
  std::string spool_path_;
  bool keep_alive_ = true;
  std::atomic<bool> idle_{true};  // between requests; read by Stop() from another thread
  std::chrono::steady_clock::time_point start_;
};

Status HttpServer::Impl::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec) return InvalidArgumentError("invalid --host '" + options_.host + "': " + ec.message());
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return UnavailableError("cannot listen on " + options_.host + ":" +
                            std::to_string(options_.port) + ": " + ec.message());
  }
  bound_port_ = acceptor_.local_endpoint().port();
  work_guard_.emplace(net::make_work_guard(ioc_));
  Accept();
  for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
    io_threads_.emplace_back([this] { ioc_.run(); });
  }
  started_ = true;
  return Status::Ok();
}

void HttpServer::Impl::Accept() {
  auto on_accept = [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
      LogWarn("", "accept failed: " + ec.message());
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      auto session = std::make_shared<Session>(std::move(socket), *this);
      Register(session);
      session->Start();
    }
    if (!stopping_) Accept();
  };
  // With one I/O thread every handler already runs on it, one at a time: a strand per connection
  // would only add a queue, a lock and reference counting to every step.
  if (options_.io_threads <= 1) {
    acceptor_.async_accept(ioc_.get_executor(), std::move(on_accept));
  } else {
    acceptor_.async_accept(net::make_strand(ioc_), std::move(on_accept));
  }
}

void HttpServer::Impl::Register(const std::shared_ptr<Session>& s) {
  std::lock_guard lock(sessions_mu_);
  sessions_.insert(s.get());
  std::erase_if(session_refs_, [](const auto& w) { return w.expired(); });
  session_refs_.push_back(s);
}

void HttpServer::Impl::Unregister(Session* s) {
  std::lock_guard lock(sessions_mu_);
  sessions_.erase(s);
  sessions_cv_.notify_all();
}

std::string HttpServer::Impl::NewSpoolPath() {
  return options_.spool_dir + "/upload-" + std::to_string(::getpid()) + "-" +
         std::to_string(spool_counter_.fetch_add(1)) + ".part";
}

void HttpServer::Impl::Stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  stopping_ = true;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
  // Take strong references outside the lock: the last reference to a session may be dropped
  // here, and its destructor takes sessions_mu_.
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mu_);
    for (auto& weak : session_refs_) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  LogDebug("", "stop: " + std::to_string(open.size()) + " open connections");
  for (auto& s : open) s->CloseIfIdle();
  open.clear();
  {
    // Wait until no request is in flight; connections still open then are idle and are dropped
    // when the I/O context stops.
    std::unique_lock lock(sessions_mu_);
    auto drained = [this] {
      return std::all_of(sessions_.begin(), sessions_.end(), [](Session* s) { return s->idle(); });
    };
    if (!sessions_cv_.wait_for(lock, options_.drain_timeout, drained)) {
      LogWarn("", "requests still in flight after the drain timeout; stopping anyway");
    }
  }
  workers_.join();
  work_guard_.reset();
  ioc_.stop();
  for (auto& t : io_threads_) t.join();
}

HttpServer::HttpServer(HttpServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}
HttpServer::~HttpServer() { Stop(); }
Status HttpServer::Start() { return impl_->Start(); }
uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace lathe::api
