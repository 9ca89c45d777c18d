// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "integration/server_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/http_client.h"

extern char** environ;

#ifndef LATHE_BINARY_PATH
#error "LATHE_BINARY_PATH must be defined (tests/integration/CMakeLists.txt)"
#endif
#ifndef LATHE_SOURCE_DIR
#error "LATHE_SOURCE_DIR must be defined (tests/integration/CMakeLists.txt)"
#endif

namespace lathe::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kServeUnavailableExit = 69;  // cli::kExitServeUnavailable

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// What a child process gets; everything is prepared before fork() so the child only calls
// async-signal-safe functions.
struct SpawnSpec {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // "NAME=value"
  std::string stdin_path = "/dev/null";
  std::string stdout_path;
  std::string stderr_path;  // Empty = same file as stdout.
  std::string working_dir;  // Empty = inherit.
};

std::vector<std::string> BuildEnv(const std::vector<std::pair<std::string, std::string>>& set,
                                  const std::vector<std::string>& unset) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view item(*entry);
    const std::string name(item.substr(0, item.find('=')));
    const bool dropped =
        std::find(unset.begin(), unset.end(), name) != unset.end() ||
        std::any_of(set.begin(), set.end(), [&](const auto& kv) { return kv.first == name; });
    if (!dropped) env.emplace_back(item);
  }
  for (const auto& [name, value] : set) env.push_back(name + "=" + value);
  return env;
}

[[noreturn]] void ChildExec(const SpawnSpec& spec, char* const* argv, char* const* envp) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // Never outlive the test process.
  ::setpgid(0, 0);                     // Own group, so helpers it starts can be killed too.
  const int in = ::open(spec.stdin_path.c_str(), O_RDONLY);
  const int out = ::open(spec.stdout_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int err = spec.stderr_path.empty()
                      ? out
                      : ::open(spec.stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (in < 0 || out < 0 || err < 0) ::_exit(127);
  ::dup2(in, STDIN_FILENO);
  ::dup2(out, STDOUT_FILENO);
  ::dup2(err, STDERR_FILENO);
  if (!spec.working_dir.empty() && ::chdir(spec.working_dir.c_str()) != 0) ::_exit(127);
  ::execve(argv[0], argv, envp);
  ::_exit(127);
}

// Starts the child; returns its pid or -1.
pid_t Spawn(const SpawnSpec& spec) {
  std::vector<char*> argv;
  for (const auto& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& item : spec.env) envp.push_back(const_cast<char*>(item.c_str()));
  envp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) ChildExec(spec, argv.data(), envp.data());
  return pid;
}

int ExitCodeFromWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

bool KeepFilesFromEnv() {
  const char* keep = std::getenv("LATHE_TEST_KEEP");
  return keep != nullptr && std::string(keep) == "1";
}

}  // namespace

// ---- Paths ---------------------------------------------------------------------------------

std::filesystem::path LatheBinary() { return LATHE_BINARY_PATH; }

std::filesystem::path SourcePath(std::string_view relative) {
  return std::filesystem::path(LATHE_SOURCE_DIR) / relative;
}

std::filesystem::path TestDataPath(std::string_view name) {
  return SourcePath("tests/data") / name;
}

std::filesystem::path MakeTempDir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp(" << pattern << "): " << std::strerror(errno);
    return {};
  }
  return pattern;
}

// ---- HTTP ----------------------------------------------------------------------------------

nlohmann::json HttpResult::Json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string HttpResult::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? "" : it->second;
}

HttpResult Send(const std::string& method, const std::string& url, const std::string& body,
                const std::string& content_type, const std::vector<std::string>& headers) {
  static const cli::HttpClient http(
      cli::HttpClientOptions{.timeout_seconds = 120, .user_agent = "lathe-integration-test"});
  auto response = http.Send(cli::HttpRequest{.method = method,
                                             .url = url,
                                             .body = body,
                                             .content_type = content_type,
                                             .headers = headers});
  HttpResult result;
  if (!response.ok()) {
    result.error = response.status().message();
    return result;
  }
  result.status = response->status;
  result.body = std::move(response->body);
  for (auto& [name, value] : response->headers) result.headers[name] = value;
  return result;
}

HttpResult Get(const std::string& url) { return Send("GET", url); }

HttpResult Post(const std::string& url, const std::string& body, const std::string& content_type) {
  return Send("POST", url, body, content_type);
}

HttpResult Delete(const std::string& url) { return Send("DELETE", url); }

std::ostream& operator<<(std::ostream& out, const HttpResult& result) {
  if (result.status == 0) return out << "no answer: " << result.error;
  return out << "HTTP " << result.status << ": " << result.body.substr(0, 2000);
}

// ---- CLI subprocess ------------------------------------------------------------------------

CommandResult RunLathe(const std::vector<std::string>& args, const RunOptions& options) {
  CommandResult result;
  const std::filesystem::path dir = MakeTempDir("lathe-cli-run-");
  if (dir.empty()) return result;
  SpawnSpec spec;
  spec.argv.push_back(LatheBinary().string());
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = BuildEnv(options.env, options.unset_env);
  spec.stdout_path = (dir / "stdout").string();
  spec.stderr_path = (dir / "stderr").string();
  spec.working_dir = options.working_dir.string();
  if (!options.stdin_data.empty()) {
    spec.stdin_path = (dir / "stdin").string();
    std::ofstream(spec.stdin_path, std::ios::binary) << options.stdin_data;
  }
  const pid_t pid = Spawn(spec);
  const auto deadline = Clock::now() + options.timeout;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  result.exit_code = ExitCodeFromWaitStatus(status);
  result.out = ReadFile(dir / "stdout");
  result.err = ReadFile(dir / "stderr");
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return result;
}

std::ostream& operator<<(std::ostream& out, const CommandResult& result) {
  out << "exit " << result.exit_code << (result.timed_out ? " (timed out)" : "")
      << "\n--- stdout ---\n"
      << result.out << "\n--- stderr ---\n"
      << result.err;
  return out;
}

// ---- Server --------------------------------------------------------------------------------

LatheServer::LatheServer(ServerOptions options) : options_(std::move(options)) {
  work_dir_ = MakeTempDir("lathe-server-");
  data_dir_ = options_.data_dir.empty() ? work_dir_ / "data" : options_.data_dir;
  port_file_ = work_dir_ / "port";
  log_file_ = work_dir_ / "server.log";
}

LatheServer::~LatheServer() {
  if (running()) (void)Stop();
  const bool failed = ::testing::Test::HasFailure();
  if (failed && !serve_unavailable_) {
    std::cerr << "---- lathe serve log (" << log_file_.string() << "), last lines ----\n"
              << LogTail() << "\n---- end of server log ----\n";
  }
  if (options_.keep_files || failed || KeepFilesFromEnv()) {
    if (failed) std::cerr << "kept server files in " << work_dir_.string() << "\n";
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(work_dir_, ignored);
}

::testing::AssertionResult LatheServer::Start() {
  if (running())
    return ::testing::AssertionFailure() << "server already running (pid " << pid_ << ")";
  if (!std::filesystem::exists(LatheBinary())) {
    return ::testing::AssertionFailure() << "no lathe binary at " << LatheBinary();
  }
  std::error_code ignored;
  std::filesystem::remove(port_file_, ignored);
  SpawnSpec spec;
  spec.argv = {LatheBinary().string(), "serve",       "--port",           "0", "--data-dir",
               data_dir_.string(),     "--port-file", port_file_.string()};
  spec.argv.insert(spec.argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  spec.env = BuildEnv(options_.env, {});
  spec.stdout_path = log_file_.string();
  std::ofstream(log_file_, std::ios::app) << "==== starting: lathe serve (pid follows) ====\n";
  pid_ = Spawn(spec);
  if (pid_ < 0) return ::testing::AssertionFailure() << "fork failed: " << std::strerror(errno);
  return WaitForPort();
}

::testing::AssertionResult LatheServer::WaitForPort() {
  const auto deadline = Clock::now() + options_.start_timeout;
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      const int code = ExitCodeFromWaitStatus(status);
      serve_unavailable_ = code == kServeUnavailableExit;
      return ::testing::AssertionFailure()
             << "lathe serve exited with code " << code << " before writing its port file:\n"
             << LogTail();
    }
    const std::string text = ReadFile(port_file_);
    const int port = std::atoi(text.c_str());
    if (port > 0 && port < 65536) {
      const std::string base = "http://127.0.0.1:" + std::to_string(port);
      if (Get(base + "/healthz").status != 0) {  // Any answer means it is accepting requests.
        port_ = port;
        base_url_ = base;
        return ::testing::AssertionSuccess();
      }
    }
    std::this_thread::sleep_for(20ms);
  }
  const std::string log = LogTail();
  Kill(SIGKILL);
  return ::testing::AssertionFailure() << "lathe serve wrote no usable port file to " << port_file_
                                       << " within " << options_.start_timeout.count() << " s:\n"
                                       << log;
}

int LatheServer::WaitForExit(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  int status = 0;
  while (Clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) return status;
    std::this_thread::sleep_for(10ms);
  }
  ::kill(-pid_, SIGKILL);  // The whole group, in case it started helpers.
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  return status;
}

int LatheServer::Kill(int signal) {
  if (!running()) return -1;
  ::kill(pid_, signal);
  const int status = WaitForExit(options_.stop_timeout);
  pid_ = -1;
  return status;
}

::testing::AssertionResult LatheServer::Stop() {
  if (!running()) return ::testing::AssertionSuccess();
  const pid_t pid = pid_;
  const auto started = Clock::now();
  const int status = Kill(SIGTERM);
  const auto took = Clock::now() - started;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && took >= options_.stop_timeout) {
    return ::testing::AssertionFailure() << "lathe serve (pid " << pid << ") ignored SIGTERM for "
                                         << options_.stop_timeout.count() << " s and was killed:\n"
                                         << LogTail();
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return ::testing::AssertionFailure()
           << "lathe serve exited with code " << ExitCodeFromWaitStatus(status) << " on SIGTERM:\n"
           << LogTail();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult LatheServer::Restart() {
  if (auto stopped = Stop(); !stopped) return stopped;
  return Start();
}

std::string LatheServer::LogTail(size_t bytes) const {
  const std::string log = ReadFile(log_file_);
  return log.size() <= bytes ? log : "..." + log.substr(log.size() - bytes);
}

// ---- Fixture -------------------------------------------------------------------------------

void ServerTest::SetUp() {
  server_ = std::make_unique<LatheServer>(ServerOptionsForTest());
  ASSERT_TRUE(server_->Start());
}

void ServerTest::TearDown() {
  if (server_ != nullptr && server_->running()) {
    EXPECT_TRUE(server_->Stop());
  }
  server_.reset();
}

CommandResult ServerTest::RunCli(const std::vector<std::string>& args, const RunOptions& options) {
  std::vector<std::string> full = {"--endpoint", server_->base_url()};
  full.insert(full.end(), args.begin(), args.end());
  return RunLathe(full, options);
}

}  // namespace lathe::testing
