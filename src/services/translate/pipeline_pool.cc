// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/pipeline_pool.h"

#include "services/translate/apertium_mode.h"

namespace lathe::services::translate {

Result<std::unique_ptr<ApertiumPipeline>> PipelinePool::StartOne() {
  std::vector<std::vector<std::string>> stages;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stages = stages_;
  }
  if (stages.empty()) {
    LATHE_ASSIGN_OR_RETURN(stages, NullFlushStages(options_.mode_path, options_.mark_unknown));
    std::lock_guard<std::mutex> lock(mu_);
    stages_ = stages;
  }
  return ApertiumPipeline::Start(
      {.name = options_.name, .stages = std::move(stages), .timeout = options_.timeout});
}

Result<std::unique_ptr<ApertiumPipeline>> PipelinePool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  const int size = std::max(1, options_.size);
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<ApertiumPipeline> p = std::move(idle_.back());
      idle_.pop_back();
      if (p->Healthy()) return p;
      --running_;  // died while idle: replace it without bothering the caller
      lock.unlock();
      p.reset();
      lock.lock();
    }
    if (running_ < size) break;
    idle_cv_.wait(lock);
  }
  ++running_;
  lock.unlock();
  Result<std::unique_ptr<ApertiumPipeline>> started = StartOne();
  if (!started.ok()) {
    lock.lock();
    --running_;
    idle_cv_.notify_one();
  }
  return started;
}

void PipelinePool::Release(std::unique_ptr<ApertiumPipeline> pipeline, bool keep) {
  std::unique_lock<std::mutex> lock(mu_);
  if (keep) {
    idle_.push_back(std::move(pipeline));
  } else {
    --running_;
    lock.unlock();
    pipeline.reset();  // kills and reaps the group outside the lock
    lock.lock();
  }
  idle_cv_.notify_one();
}

Result<std::string> PipelinePool::Process(std::string_view stream) {
  LATHE_ASSIGN_OR_RETURN(std::unique_ptr<ApertiumPipeline> pipeline, Acquire());
  Result<std::string> answer = pipeline->Process(stream);
  const bool keep = answer.ok() && pipeline->Healthy();
  Release(std::move(pipeline), keep);
  return answer;
}

int PipelinePool::running() const {
  std::lock_guard<std::mutex> lock(mu_);
  return running_;
}

Result<std::vector<pid_t>> PipelinePool::TEST_IdleStagePids() {
  LATHE_ASSIGN_OR_RETURN(std::unique_ptr<ApertiumPipeline> pipeline, Acquire());
  std::vector<pid_t> pids = pipeline->TEST_StagePids();
  Release(std::move(pipeline), true);
  return pids;
}

}  // namespace lathe::services::translate
