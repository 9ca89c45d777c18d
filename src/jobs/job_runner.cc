// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/job_runner.h"

#include <algorithm>

namespace lathe::jobs {

JobRunner::JobRunner(int threads) {
  for (int idx = 0; idx < std::max(threads, 1); ++idx) {
    threads_.emplace_back([this] { WorkerLoop(); });
  }
}

JobRunner::~JobRunner() { Shutdown(); }

Status JobRunner::Submit(const std::string& id, JobFn fn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return UnavailableError("the job runner is shutting down");
  const bool queued =
      std::any_of(queue_.begin(), queue_.end(), [&](const Entry& e) { return e.id == id; });
  if (queued || running_.count(id) > 0) {
    return AlreadyExistsError("job '" + id + "' is already queued or running");
  }
  queue_.push_back({id, std::move(fn), std::make_shared<std::atomic<bool>>(false)});
  cv_.notify_one();
  return Status::Ok();
}

CancelOutcome JobRunner::Cancel(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find_if(queue_.begin(), queue_.end(), [&](const Entry& e) { return e.id == id; });
  if (it != queue_.end()) {
    queue_.erase(it);
    return CancelOutcome::kDequeued;
  }
  auto run = running_.find(id);
  if (run == running_.end()) return CancelOutcome::kUnknown;
  run->second->store(true);
  return CancelOutcome::kSignalled;
}

void JobRunner::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    queue_.clear();
    for (auto& [id, flag] : running_) flag->store(true);
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

size_t JobRunner::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

size_t JobRunner::running() const {
  std::lock_guard<std::mutex> lock(mu_);
  return running_.size();
}

int JobRunner::QueuePosition(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t idx = 0; idx < queue_.size(); ++idx) {
    if (queue_[idx].id == id) return static_cast<int>(idx);
  }
  return -1;
}

void JobRunner::WorkerLoop() {
  while (true) {
    Entry entry;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      entry = std::move(queue_.front());
      queue_.pop_front();
      running_[entry.id] = entry.cancel;
    }
    entry.fn(*entry.cancel);
    std::lock_guard<std::mutex> lock(mu_);
    running_.erase(entry.id);
  }
}

}  // namespace lathe::jobs
