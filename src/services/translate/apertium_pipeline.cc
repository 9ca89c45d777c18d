// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/apertium_pipeline.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "services/translate/internal/subprocess.h"

namespace lathe::services::translate {
namespace {

void IgnoreSigpipeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { signal(SIGPIPE, SIG_IGN); });
}

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

Status SetNonBlocking(int fd) {
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    return InternalError(std::string("fcntl O_NONBLOCK: ") + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ApertiumPipeline>> ApertiumPipeline::Start(PipelineOptions options) {
  if (options.stages.empty()) {
    return InvalidArgumentError("pipeline '" + options.name + "' has no stages");
  }
  IgnoreSigpipeOnce();
  std::unique_ptr<ApertiumPipeline> pipeline(new ApertiumPipeline(std::move(options)));
  LATHE_RETURN_IF_ERROR(pipeline->Spawn());
  return pipeline;
}

Status ApertiumPipeline::Spawn() {
  const size_t n = options_.stages.size();
  // fds[i] = {read, write} of the pipe in front of stage i; fds[n] follows the last stage.
  std::vector<std::array<int, 2>> fds(n + 1, {-1, -1});
  auto close_all = [&fds]() {
    for (auto& p : fds) {
      CloseFd(&p[0]);
      CloseFd(&p[1]);
    }
  };
  for (auto& p : fds) {
    int raw[2];
    if (pipe2(raw, O_CLOEXEC) != 0) {
      const int err = errno;
      close_all();
      return UnavailableError("pipeline '" + options_.name + "': pipe: " + std::strerror(err));
    }
    p = {raw[0], raw[1]};
  }
  pids_.assign(n, 0);
  exited_.assign(n, false);
  wait_status_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    Result<pid_t> pid =
        internal::SpawnInGroup(options_.stages[i], fds[i][0], fds[i + 1][1], i == 0 ? 0 : pgid_);
    if (!pid.ok()) {
      close_all();
      pids_.resize(i);
      exited_.resize(i);
      wait_status_.resize(i);
      return pid.status().Annotate("pipeline '" + options_.name + "' stage " +
                                   std::to_string(i + 1));
    }
    pids_[i] = *pid;
    if (i == 0) pgid_ = *pid;
    // The child holds its own copies now.
    CloseFd(&fds[i][0]);
    CloseFd(&fds[i + 1][1]);
  }
  to_first_ = fds[0][1];
  from_last_ = fds[n][0];
  fds[0][1] = -1;
  fds[n][0] = -1;
  close_all();
  LATHE_RETURN_IF_ERROR(SetNonBlocking(to_first_));
  LATHE_RETURN_IF_ERROR(SetNonBlocking(from_last_));
  return Status::Ok();
}

ApertiumPipeline::~ApertiumPipeline() {
  CloseFd(&to_first_);
  CloseFd(&from_last_);
  if (pgid_ > 0) killpg(pgid_, SIGKILL);
  for (size_t i = 0; i < pids_.size(); ++i) {
    if (exited_[i] || pids_[i] <= 0) continue;
    kill(pids_[i], SIGKILL);  // in case it had not joined the group yet
    while (waitpid(pids_[i], nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

void ApertiumPipeline::Reap(bool block) {
  for (size_t i = 0; i < pids_.size(); ++i) {
    if (exited_[i]) continue;
    int status = 0;
    const pid_t r = waitpid(pids_[i], &status, block ? 0 : WNOHANG);
    if (r == pids_[i]) {
      exited_[i] = true;
      wait_status_[i] = status;
    }
  }
}

bool ApertiumPipeline::Healthy() {
  if (broken_) return false;
  Reap(false);
  for (bool e : exited_) {
    if (e) return false;
  }
  return true;
}

Status ApertiumPipeline::Broken(std::string_view what) {
  broken_ = true;
  // A dead stage makes the ones after it exit too: give them a moment, then name the first.
  for (int attempt = 0; attempt < 20; ++attempt) {
    Reap(false);
    for (size_t i = 0; i < pids_.size(); ++i) {
      if (!exited_[i]) continue;
      return UnavailableError("translation pipeline " + options_.name + ": stage " +
                              std::to_string(i + 1) + " '" + options_.stages[i][0] + "' (pid " +
                              std::to_string(pids_[i]) + ") " +
                              internal::DescribeWaitStatus(wait_status_[i]) + " (" +
                              std::string(what) + "); it is restarted for the next request");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return UnavailableError("translation pipeline " + options_.name + ": " + std::string(what) +
                          "; it is restarted for the next request");
}

Result<std::string> ApertiumPipeline::Process(std::string_view stream) {
  if (broken_) return Broken("the pipeline broke on an earlier request");
  std::string request;
  request.reserve(stream.size() + 1);
  for (char c : stream) {
    if (c != '\0') request.push_back(c);
  }
  request.push_back('\0');

  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  size_t written = 0;
  std::string answer = std::move(pending_);
  pending_.clear();
  size_t scanned = 0;
  char buf[16384];
  for (;;) {
    const size_t nul = answer.find('\0', scanned);
    if (nul != std::string::npos) {
      pending_ = answer.substr(nul + 1);
      answer.resize(nul);
      // Only a request written in full has a complete answer.
      if (written == request.size()) return answer;
      return Broken("an answer came before the request was written");
    }
    scanned = answer.size();
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      broken_ = true;
      return DeadlineExceededError(
          "translation pipeline " + options_.name + ": no answer within " +
          std::to_string(options_.timeout.count()) +
          " ms; the pipeline is stopped and restarted for the next request");
    }
    pollfd fds[2] = {{from_last_, POLLIN, 0}, {to_first_, POLLOUT, 0}};
    const int nfds = written < request.size() ? 2 : 1;
    const auto wait_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    const int ready = poll(fds, nfds, static_cast<int>(wait_ms));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Broken(std::string("poll: ") + std::strerror(errno));
    }
    if (nfds == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = write(to_first_, request.data() + written, request.size() - written);
      if (n > 0) {
        written += static_cast<size_t>(n);
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        return Broken(std::string("writing the request: ") + std::strerror(errno));
      }
    }
    if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = read(from_last_, buf, sizeof buf);
      if (n > 0) {
        answer.append(buf, static_cast<size_t>(n));
      } else if (n == 0) {
        return Broken("the last stage closed its output");
      } else if (errno != EAGAIN && errno != EINTR) {
        return Broken(std::string("reading the answer: ") + std::strerror(errno));
      }
    }
  }
}

}  // namespace lathe::services::translate
