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
#include "api/http_request_head.h"
#include "core/logging.h"

namespace lathe::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Per-connection buffers above this size are released after their request instead of kept.
constexpr size_t kKeepBufferBytes = 64 * 1024;

// Bytes asked of the socket per read while a request head or body is coming in.
constexpr size_t kReadChunkBytes = 16 * 1024;

// A session's deadline while nothing may time out (a handler is running).
constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
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
        // One I/O thread: Asio's single-thread hint lets operations that complete at once go to
        // the thread's private queue instead of the shared, locked one (workers still post
        // their results through the locked queue).
        ioc_(options_.io_threads <= 1 ? 1 : BOOST_ASIO_CONCURRENCY_HINT_DEFAULT),
        acceptor_(ioc_),
        sweep_timer_(ioc_),
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
  // Every sweep interval: closes the connections whose deadline has passed (one timer for the
  // whole server instead of one armed and cancelled per socket operation).
  void Sweep();

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
  net::steady_timer sweep_timer_;
  std::chrono::milliseconds sweep_interval_{1000};
  net::thread_pool workers_;
  std::vector<std::thread> io_threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stopped_sweep_{false};
  bool started_ = false;
  bool stopped_ = false;
  uint16_t bound_port_ = 0;
  std::atomic<uint64_t> spool_counter_{0};
};

// One connection: read the head (parsed by ParseRequestHead) -> resolve the route -> read the
// body (in memory; chunked bodies and spooled uploads through Beast's parser) -> run the handler
// (inline or on the worker pool) -> write -> repeat while keep-alive. All socket work on the
// socket's executor (a strand when there are several I/O threads). Timeouts: each phase sets a
// deadline (idle_timeout for a whole head, read_timeout per body read, write_timeout per
// write; none while the handler runs) that the server's sweep enforces by closing the socket.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : socket_(std::move(socket)), server_(server) {
    // The peer's address, once per connection: the access policy lets loopback clients in
    // without a key.
    boost::system::error_code peer_ec;
    auto peer = socket_.remote_endpoint(peer_ec);
    if (!peer_ec) request_.remote_address = peer.address().to_string();
  }
  ~Session() {
    RemoveSpool();
    server_.Unregister(this);
  }

  bool idle() const { return idle_.load(); }
  // True once the deadline of the current phase is past (read by the sweep, any thread).
  bool Expired(int64_t now_ms) const { return deadline_ms_.load(std::memory_order_relaxed) <= now_ms; }

  void Start() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  // Called from Stop(): closes the connection if it is between requests.
  void CloseIfIdle() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      LogDebug(self->context_.request_id, self->idle_ ? "stop: closing idle connection"
                                                      : "stop: connection busy, finishing it");
      if (self->idle_) self->Close();
    });
  }

  // Called by the sweep for an expired session: closes the socket on the session's executor if
  // the deadline is still past there; the pending read or write then fails and the connection
  // ends.
  void TimeOut() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      if (!self->Expired(NowMs())) return;  // moved on to another phase meanwhile
      LogDebug(self->context_.request_id, "connection timed out; closing it");
      self->timed_out_ = true;
      self->Close();
    });
  }

 private:
  void SetDeadline(std::chrono::seconds timeout) {
    deadline_ms_.store(NowMs() + std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count(),
                       std::memory_order_relaxed);
  }
  void ClearDeadline() { deadline_ms_.store(kNoDeadline, std::memory_order_relaxed); }

  void ReadHeader() {
    idle_ = true;
    if (server_.stopping()) {
      server_.NotifyIdle();
      return Close();
    }
    request_.Reset();  // keeps the connection's remote_address and the strings' capacity
    context_.request_id.clear();
    context_.route.clear();
    header_parser_.reset();
    body_pending_ = false;
    // The whole head must arrive within idle_timeout (a client trickling a head byte by byte is
    // closed like a silent one).
    SetDeadline(server_.options().idle_timeout);
    ParseHead();
  }

  // Parses what the buffer holds (a pipelined request may be there already), else reads more.
  void ParseHead() {
    const auto data = buffer_.data();
    std::string_view bytes(static_cast<const char*>(data.data()), data.size());
    if (!bytes.empty()) {
      request_.Reset();
      switch (ParseRequestHead(bytes, server_.options().max_header_bytes, &request_, &head_)) {
        case HeadParse::kDone: return OnHead();
        case HeadParse::kTooLarge: return OnHeadError(true);
        case HeadParse::kMalformed: return OnHeadError(false);
        case HeadParse::kIncomplete: break;
      }
    }
    socket_.async_read_some(buffer_.prepare(kReadChunkBytes),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->Close();  // gone, reset, or timed out
                              self->ParseHead();
                            });
  }

  void BeginRequest() {
    idle_ = false;
    start_ = std::chrono::steady_clock::now();
    context_.request_id = NewRequestId();
  }

  void OnHeadError(bool too_large) {
    BeginRequest();
    if (too_large) {
      context_.route = "(header too large)";
      return Refuse(ErrorResponseWith(
          {431, "HeaderTooLarge"},
          InvalidArgumentError("request header is over the limit of " +
                               std::to_string(server_.options().max_header_bytes) + " bytes"),
          context_.request_id));
    }
    context_.route = "(bad request)";
    return Refuse(ErrorResponse(InvalidArgumentError(head_.error), context_.request_id));
  }

  void OnHead() {
    BeginRequest();
    keep_alive_ = head_.keep_alive;
    if (auto id = request_.headers.Get("x-request-id"); id && ValidClientRequestId(*id)) {
      context_.request_id = std::string(*id);
    }
    const std::optional<uint64_t> length =
        head_.has_transfer_encoding ? std::nullopt : head_.content_length;
    const bool has_body = head_.has_transfer_encoding || (length && *length > 0);
    body_pending_ = has_body;
    Dispatcher::Resolved resolved = server_.dispatcher().Resolve(request_, context_, length);
    if (resolved.refusal) {
      buffer_.consume(head_.head_bytes);
      return Refuse(std::move(*resolved.refusal));
    }
    route_ = resolved.route;
    if (!has_body) {
      buffer_.consume(head_.head_bytes);
      return RunHandler();
    }
    if (head_.has_transfer_encoding || route_->options.spool_body) {
      if (!StartBeastParser()) return;
    } else {
      buffer_.consume(head_.head_bytes);
    }
    if (head_.expect_continue) return SendContinueThenReadBody();
    ReadBody();
  }

  // Chunked bodies and spooled uploads: Beast's parser takes over, fed the same head bytes.
  // False (and a 400 sent) if it refuses the head.
  bool StartBeastParser() {
    header_parser_.emplace();
    header_parser_->header_limit(server_.options().max_header_bytes);
    // Per-route limits are checked after routing. Not boost::none: Beast 1.74 compares
    // `len > body_limit_` against the optional, and a length is always greater than none.
    header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    beast::error_code ec;
    const size_t used = header_parser_->put(
        net::buffer(static_cast<const char*>(buffer_.data().data()), head_.head_bytes), ec);
    if (!ec && !header_parser_->is_header_done()) ec = http::error::need_more;
    if (ec) {
      header_parser_.reset();
      buffer_.consume(head_.head_bytes);
      context_.route = "(bad request)";
      Refuse(ErrorResponse(InvalidArgumentError("malformed HTTP request: " + ec.message()),
                           context_.request_id));
      return false;
    }
    buffer_.consume(used);
    return true;
  }

  void SendContinueThenReadBody() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    SetDeadline(server_.options().write_timeout);
    net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->Close();
                       self->ReadBody();
                     });
  }

  void ReadBody() {
    const RouteOptions& opts = route_->options;
    if (!header_parser_) return ReadLengthBody();
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

  // A Content-Length body into request_.body: what came with the head first, then reads
  // straight into the string (the length is within the route's limit: Resolve checked it).
  void ReadLengthBody() {
    const size_t length = static_cast<size_t>(*head_.content_length);
    const size_t have = std::min(length, buffer_.size());
    request_.body.assign(static_cast<const char*>(buffer_.data().data()), have);
    buffer_.consume(have);
    if (have == length) return OnLengthBody();
    request_.body.resize(length);
    ReadMoreBody(have);
  }

  void ReadMoreBody(size_t got) {
    SetDeadline(server_.options().read_timeout);  // silence, not the whole body's time
    socket_.async_read_some(
        net::buffer(request_.body.data() + got, request_.body.size() - got),
        [self = shared_from_this(), got](beast::error_code ec, size_t n) {
          if (ec) {
            // The client went away or stalled mid-body.
            LogWarn(self->context_.request_id, "body read failed: " + ec.message());
            return self->Close();
          }
          if (got + n < self->request_.body.size()) return self->ReadMoreBody(got + n);
          self->OnLengthBody();
        });
  }

  void OnLengthBody() {
    body_pending_ = false;
    request_.body_bytes = request_.body.size();
    RunHandler();
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
    SetDeadline(server_.options().read_timeout);
    http::async_read_some(socket_, buffer_, parser,
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
    body_pending_ = false;
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
    ClearDeadline();  // a slow handler is not a slow client
    auto run = [self = shared_from_this()] {
      HttpResponse response = self->server_.dispatcher().Run(*self->route_, self->request_,
                                                             self->context_);
      net::dispatch(self->socket_.get_executor(),
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
    if (body_pending_ || response.status == 400 || response.status == 431) keep_alive_ = false;
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
    SetDeadline(server_.options().write_timeout);
    net::async_write(socket_, buffers,
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
    SetDeadline(server_.options().write_timeout);
    int status = response.status;
    http::async_write_header(
        socket_, *serializer,
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
    SetDeadline(server_.options().write_timeout);
    net::async_write(socket_, http::make_chunk(net::buffer(*chunk)),
                     [chunk, after_write](beast::error_code ec, size_t n) { after_write(ec, n); });
  }

  void WaitThenPoll(std::shared_ptr<BodyStream> body, int status) {
    ClearDeadline();  // a quiet stream is not a stalled client
    auto timer = std::make_shared<net::steady_timer>(socket_.get_executor(),
                                                     std::chrono::milliseconds(50));
    timer->async_wait([self = shared_from_this(), timer, body, status](beast::error_code) {
      self->PollStream(body, status);
    });
  }

  void EndStream(int status) {
    SetDeadline(server_.options().write_timeout);
    net::async_write(socket_, http::make_chunk_last(),
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
    SetDeadline(server_.options().write_timeout);
    http::async_write(socket_, *res,
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
    if (buffer_.size() > 0) return ReadHeader();  // a pipelined request is here already
    // The next request cannot have arrived yet (the client only just gets this answer): reading
    // now would cost a recv that fails with EAGAIN, since Asio tries a read before waiting for
    // epoll. Queued behind the other ready connections' work, the read finds the request there
    // more often (under load) and otherwise waits for epoll as before.
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  void Close() {
    ClearDeadline();
    if (!socket_.is_open()) return;
    beast::error_code ec;
    socket_.shutdown(timed_out_ ? tcp::socket::shutdown_both : tcp::socket::shutdown_send, ec);
    socket_.close(ec);
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

  tcp::socket socket_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  RequestHead head_;  // the current request's head (ParseRequestHead)
  // Beast's parsers, only for chunked bodies and spooled uploads.
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> string_parser_;
  std::optional<http::request_parser<http::file_body>> file_parser_;
  HttpRequest request_;
  RequestContext context_;
  std::string write_head_;  // the response head being written (capacity reused)
  std::string write_body_;  // the response body being written
  const Route* route_ = nullptr;
  std::string spool_path_;
  bool keep_alive_ = true;
  bool body_pending_ = false;  // the request has a body not read yet
  bool timed_out_ = false;     // closed by the sweep
  std::atomic<bool> idle_{true};  // between requests; read by Stop() from another thread
  std::atomic<int64_t> deadline_ms_{kNoDeadline};  // steady-clock ms; read by the sweep
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
  // The sweep runs often enough to close a connection within about an eighth of its shortest
  // timeout after it passed (at least every second, at most every 20 ms).
  const auto shortest = std::min({options_.read_timeout, options_.write_timeout,
                                  options_.idle_timeout});
  sweep_interval_ = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(shortest) / 8,
                               std::chrono::milliseconds(20), std::chrono::milliseconds(1000));
  Sweep();
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

void HttpServer::Impl::Sweep() {
  const int64_t now = NowMs();
  std::vector<std::shared_ptr<Session>> expired;
  {
    std::lock_guard lock(sessions_mu_);
    for (const auto& weak : session_refs_) {
      auto s = weak.lock();
      if (s && s->Expired(now)) expired.push_back(std::move(s));
    }
  }
  for (auto& s : expired) s->TimeOut();
  expired.clear();  // (outside the lock: a last reference may go here, and ~Session locks)
  sweep_timer_.expires_after(sweep_interval_);
  sweep_timer_.async_wait([this](beast::error_code ec) {
    if (!ec && !stopped_sweep_.load()) Sweep();
  });
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
  // The sweep goes on during the drain (a stalled client must not hold Stop() up) and ends with
  // the io_context.
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
  stopped_sweep_ = true;
  net::post(ioc_, [this] { sweep_timer_.cancel(); });
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
