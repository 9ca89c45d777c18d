// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// JobRunner: a fixed pool of background threads for long jobs (training runs), with a FIFO queue
// in front. Each job gets a cancel flag that its function polls. Cancel() takes a queued job out
// of the queue (it never runs) or raises the flag of a running one. Shutdown() (also run by the
// destructor) drops the queue, raises every running job's flag and joins the threads.
// Thread-safe.
//
//   JobRunner runner(1);
//   runner.Submit("job_1", [](const std::atomic<bool>& cancel) { while (!cancel) Work(); });
//   runner.Cancel("job_1");  // CancelOutcome::kSignalled
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"

namespace lathe::jobs {

// The function of a job; `cancel` turns true when the job should stop.
using JobFn = std::function<void(const std::atomic<bool>& cancel)>;

enum class CancelOutcome {
  kUnknown,    // no queued or running job has this id
  kDequeued,   // it was waiting: removed, it will never run
  kSignalled,  // it is running: its cancel flag is now set
};

class JobRunner {
 public:
  // Starts `threads` (>= 1) worker threads.
  explicit JobRunner(int threads);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Queues `fn` under `id`. AlreadyExists if that id is queued or running; Unavailable after
  // Shutdown.
  Status Submit(const std::string& id, JobFn fn);
  CancelOutcome Cancel(const std::string& id);
  // Drops the queued jobs, cancels the running ones and waits for them to return. Idempotent.
  void Shutdown();

  size_t queued() const;
  size_t running() const;
  // Position of a queued job (0 = next to start), or -1 if it is not queued.
  int QueuePosition(const std::string& id) const;

 private:
  struct Entry {
    std::string id;
    JobFn fn;
    std::shared_ptr<std::atomic<bool>> cancel;
  };
  void WorkerLoop();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Entry> queue_;                                            // GUARDED_BY(mu_)
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> running_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                                              // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace lathe::jobs
