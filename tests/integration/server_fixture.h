// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers for integration tests against the real `lathe serve` on 127.0.0.1:
//   - LatheServer starts `lathe serve --port 0 --data-dir <fresh temp dir> --port-file <tmp>/port`
//     (binary from LATHE_BINARY_PATH), waits for the port file (20 s), and stops the server with
//     SIGTERM in its destructor (SIGKILL after 10 s). Server stdout/stderr go to a log file whose
//     tail is printed when the test failed. The child gets PR_SET_PDEATHSIG, so a crashed test
//     never leaves a server behind.
//   - ServerTest is a GoogleTest fixture owning one LatheServer per test; a server that does not
//     start fails the test.
//   - Get / Post / Delete / Send: a tiny blocking HTTP client (libcurl, via cli::HttpClient).
//   - RunLathe runs the `lathe` CLI as a subprocess and captures stdout, stderr and exit code.
// Not thread-safe: use one LatheServer from one test thread.
//
//   class DatasetsApiTest : public lathe::testing::ServerTest {};
//   TEST_F(DatasetsApiTest, ListIsEmptyAtFirst) {
//     auto r = lathe::testing::Get(server().url("/api/v1/datasets"));
//     ASSERT_EQ(r.status, 200) << r.body;
//     EXPECT_EQ(r.Json()["total"], 0);
//     auto cli = lathe::testing::RunLathe({"--endpoint", server().base_url(), "datasets", "list"});
//     EXPECT_EQ(cli.exit_code, 0) << cli.err;
//   }
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lathe::testing {

// ---- Paths ---------------------------------------------------------------------------------

// The `lathe` executable under test (LATHE_BINARY_PATH).
std::filesystem::path LatheBinary();
// A file of the source tree, e.g. SourcePath("tests/data/iris.csv").
std::filesystem::path SourcePath(std::string_view relative);
// A fixture file: SourcePath("tests/data/<name>").
std::filesystem::path TestDataPath(std::string_view name);
// Creates a fresh private directory under $TMPDIR (or /tmp) named "<prefix>XXXXXX".
std::filesystem::path MakeTempDir(std::string_view prefix = "lathe-test-");

// ---- HTTP ----------------------------------------------------------------------------------

struct HttpResult {
  long status = 0;   // HTTP status; 0 if no answer arrived (then `error` says why).
  std::string body;  // Response body.
  std::map<std::string, std::string> headers;  // Lower-case names (last value wins).
  std::string error;                           // Transport error message when status == 0.

  // The body parsed as JSON; a discarded value (is_discarded()) if it is not JSON.
  nlohmann::json Json() const;
  // Header value by case-insensitive name, or "".
  std::string Header(std::string_view name) const;
};

// Any method, optional body / content type / extra "Name: value" headers. Timeout 120 s.
HttpResult Send(const std::string& method, const std::string& url, const std::string& body = "",
                const std::string& content_type = "", const std::vector<std::string>& headers = {});
HttpResult Get(const std::string& url);
HttpResult Post(const std::string& url, const std::string& body, const std::string& content_type);
HttpResult Delete(const std::string& url);

// Prints the result for assertion messages: "HTTP 404: {...}" or "no answer: <error>".
std::ostream& operator<<(std::ostream& out, const HttpResult& result);

// ---- CLI subprocess ------------------------------------------------------------------------

struct RunOptions {
  std::vector<std::pair<std::string, std::string>> env;  // Added to / replacing the environment.
  std::vector<std::string> unset_env = {"LATHE_ENDPOINT", "LATHE_API_KEY"};  // Removed first.
  std::chrono::seconds timeout{120};  // Killed with SIGKILL after this (timed_out = true).
  std::filesystem::path working_dir;  // Empty = inherit.
  std::string stdin_data;             // Fed on stdin (else /dev/null).
};

struct CommandResult {
  int exit_code = -1;  // Exit status; 128 + signal when killed by a signal.
  std::string out;     // Everything written to stdout.
  std::string err;     // Everything written to stderr.
  bool timed_out = false;
};

// Runs LatheBinary() with `args` (no program name) and waits for it.
CommandResult RunLathe(const std::vector<std::string>& args, const RunOptions& options = {});
std::ostream& operator<<(std::ostream& out, const CommandResult& result);

// ---- Server --------------------------------------------------------------------------------

struct ServerOptions {
  std::vector<std::string> extra_args;                   // Appended to the serve command line.
  std::vector<std::pair<std::string, std::string>> env;  // Extra environment for the server.
  std::filesystem::path data_dir;                        // Empty = "<work dir>/data", fresh.
  std::chrono::seconds start_timeout{20};                // Wait this long for the port file.
  std::chrono::seconds stop_timeout{10};                 // SIGTERM grace before SIGKILL.
  bool keep_files = false;  // Keep the work dir (also kept when the test failed, or when the
                            // environment has LATHE_TEST_KEEP=1).
};

class LatheServer {
 public:
  // Creates the work dir; does not start the server (call Start()).
  explicit LatheServer(ServerOptions options = {});
  // Stops the server (SIGTERM, SIGKILL after stop_timeout) and removes the work dir unless kept.
  ~LatheServer();

  LatheServer(const LatheServer&) = delete;
  LatheServer& operator=(const LatheServer&) = delete;

  // Starts the server and waits for its port file; fails with the log tail if it exits early or
  // times out. `serve_unavailable()` tells apart a binary built without the server.
  ::testing::AssertionResult Start();
  // SIGTERM, wait up to stop_timeout, then SIGKILL. Fails if the server had to be killed or
  // exited with a non-zero status. No-op when not running.
  ::testing::AssertionResult Stop();
  // Stop() then Start() on the same data dir. The port (and base_url) usually changes.
  ::testing::AssertionResult Restart();
  // Sends `signal` and waits (up to stop_timeout, then SIGKILL) for the process to end. Returns
  // the raw waitpid status (WIFSIGNALED / WEXITSTATUS), or -1 when it was not running.
  int Kill(int signal);

  bool running() const { return pid_ > 0; }
  bool serve_unavailable() const { return serve_unavailable_; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  // "http://127.0.0.1:<port>".
  const std::string& base_url() const { return base_url_; }
  // base_url() + path, e.g. url("/api/v1/datasets").
  std::string url(std::string_view path) const { return base_url_ + std::string(path); }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  const std::filesystem::path& work_dir() const { return work_dir_; }
  // The last `bytes` of the server's combined stdout/stderr.
  std::string LogTail(size_t bytes = 4000) const;

 private:
  ::testing::AssertionResult WaitForPort();
  int WaitForExit(std::chrono::milliseconds timeout);

  ServerOptions options_;
  std::filesystem::path work_dir_;
  std::filesystem::path data_dir_;
  std::filesystem::path port_file_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string base_url_;
  bool serve_unavailable_ = false;
};

// A fixture with a fresh server per test: `server()` is running in the test body. Override
// ServerOptionsForTest() to pass flags.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual ServerOptions ServerOptionsForTest() { return {}; }

  LatheServer& server() { return *server_; }
  // RunLathe with "--endpoint <base_url>" prepended.
  CommandResult RunCli(const std::vector<std::string>& args, const RunOptions& options = {});

 private:
  std::unique_ptr<LatheServer> server_;
};

}  // namespace lathe::testing
