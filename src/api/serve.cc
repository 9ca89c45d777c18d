// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/serve.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

#include "api/app.h"
#include "api/auth_guard.h"
#include "api/http_server.h"
#include "api/routes.h"
#include "core/file_util.h"
#include "core/logging.h"

namespace lathe::api {
namespace {

struct ServeFlags {
  HttpServerOptions http;
  AppConfig app;
  std::string port_file;
  std::string log_level = "info";
  bool require_auth = false;
};

std::string EnvOr(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

// Binding beyond loopback, or requiring keys, with no key configured would leave the API open to
// anyone or closed to everyone: refuse to start and say how to create the first key.
Status CheckAccessSettings(const ServeFlags& flags, bool loopback, bool has_keys) {
  if (has_keys) return Status::Ok();
  const std::string how =
      "create one first: start `lathe serve` on 127.0.0.1 with the same --data-dir, run "
      "`lathe keys create --scope admin`, then restart";
  if (!loopback) {
    return FailedPreconditionError(
        "refusing to listen on " + flags.http.host + " without any API key configured: anyone "
        "who can reach this address could use the API; " + how);
  }
  if (flags.require_auth) {
    return FailedPreconditionError("--require-auth needs at least one API key; " + how);
  }
  return Status::Ok();
}

// Blocks SIGINT/SIGTERM in this thread (and so in every thread started after), so that
// WaitForSignal can take them synchronously.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

int RunServe(int argc, char** argv) {
  ServeFlags flags;
  flags.http.host = EnvOr("LATHE_HOST", "127.0.0.1");
  flags.http.port = static_cast<uint16_t>(std::stoi(EnvOr("LATHE_PORT", "8080")));
  flags.app.data_dir = EnvOr("LATHE_DATA_DIR", "./lathe-data");
  flags.app.max_upload_bytes = std::stoull(EnvOr("LATHE_MAX_UPLOAD_BYTES", "2147483648"));
  flags.app.web_dir = EnvOr("LATHE_WEB_DIR", "");
  flags.app.task_retention_seconds = std::stoll(EnvOr("LATHE_TASK_RETENTION", "604800"));
  flags.log_level = EnvOr("LATHE_LOG_LEVEL", "info");
  const std::string require_auth_env = EnvOr("LATHE_REQUIRE_AUTH", "");
  flags.require_auth = require_auth_env == "1" || require_auth_env == "true";
  int io_threads = 1;
  int workers = 2;

  CLI::App cli("Start the Lathe server: the studio and the API on one port.", "lathe serve");
  cli.add_option("--host", flags.http.host, "Address to bind (env LATHE_HOST)");
  cli.add_option("--port", flags.http.port, "Port; 0 picks a free one (env LATHE_PORT)");
  cli.add_option("--data-dir", flags.app.data_dir,
                 "Where datasets, models and metadata live (env LATHE_DATA_DIR)");
  cli.add_option("--port-file", flags.port_file,
                 "Write the bound port here once listening (for scripts and tests)");
  cli.add_option("--max-upload-bytes", flags.app.max_upload_bytes,
                 "Largest dataset upload (env LATHE_MAX_UPLOAD_BYTES)");
  cli.add_option("--io-threads", io_threads, "Threads serving sockets")->check(CLI::Range(1, 64));
  cli.add_option("--workers", workers, "Threads running request handlers")
      ->check(CLI::Range(1, 256));
  cli.add_option("--web-dir", flags.app.web_dir,
                 "Serve the studio from this folder instead of the embedded copy (env "
                 "LATHE_WEB_DIR)");
  cli.add_option("--task-retention", flags.app.task_retention_seconds,
                 "Seconds that finished Polly synthesis tasks and Textract asynchronous jobs "
                 "(records and outputs) are kept; 0 = for ever (env LATHE_TASK_RETENTION, "
                 "default 7 days)")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--log-level", flags.log_level, "debug, info, warn or error (env LATHE_LOG_LEVEL)");
  cli.add_flag("--require-auth", flags.require_auth,
               "Require an API key on every non-public route, also from loopback clients (env "
               "LATHE_REQUIRE_AUTH=1)");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  LogLevel level;
  if (!ParseLogLevel(flags.log_level, &level)) {
    std::fprintf(stderr, "error: --log-level must be debug, info, warn or error\n");
    return 64;
  }
  SetLogLevel(level);
  flags.http.io_threads = io_threads;
  flags.http.worker_threads = workers;
  sigset_t stop_signals = BlockStopSignals();
  Result<std::unique_ptr<App>> app = OpenApp(flags.app);
  if (!app.ok()) {
    std::fprintf(stderr, "error: cannot open data directory %s: %s\n", flags.app.data_dir.c_str(),
                 app.status().ToString().c_str());
    return 1;
  }
  flags.http.spool_dir = (*app)->stores.spool_dir;
  const bool loopback = IsLoopback(flags.http.host);
  if (Status s = CheckAccessSettings(flags, loopback, (*app)->keys->HasKeys()); !s.ok()) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 1;
  }
  auth::AccessPolicyOptions access_options;
  access_options.require_auth = flags.require_auth;
  access_options.bound_to_loopback = loopback;
  auth::AccessPolicy access(*(*app)->keys, access_options);
  Router router;
  RegisterRoutes(**app, router);
  router.SetGuard(MakeAuthGuard(access));
  HttpServer server(flags.http, router);
  if (Status s = server.Start(); !s.ok()) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 1;
  }
  (*app)->ready = true;
  if (!flags.port_file.empty()) {
    if (Status s = WriteFileAtomic(flags.port_file, std::to_string(server.port())); !s.ok()) {
      std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  LogInfo("", "lathe listening on http://" + flags.http.host + ":" +
                  std::to_string(server.port()) + " (data in " + flags.app.data_dir + ")");
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  LogInfo("", std::string("received ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
                  ", finishing in-flight requests");
  (*app)->ready = false;
  server.Stop();
  LogInfo("", "stopped");
  return 0;
}

}  // namespace lathe::api
