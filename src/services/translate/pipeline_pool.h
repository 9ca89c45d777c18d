// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// PipelinePool: up to N persistent ApertiumPipelines for one direction, started lazily on first
// use. A caller borrows an idle pipeline (or starts one while fewer than N run, or waits); a
// pipeline found dead before use is replaced silently, one that breaks during a request is
// thrown away and the request gets its error (the next request starts a fresh one).
// Thread-safe.
//
//   PipelinePool pool({.name = "eng-spa", .mode_path = m.path, .size = 2});
//   LATHE_ASSIGN_OR_RETURN(std::string out, pool.Process(Deformat("Hello.")));
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "services/translate/apertium_pipeline.h"

namespace lathe::services::translate {

struct PipelinePoolOptions {
  std::string name;                          // the mode: "eng-spa"
  std::string mode_path;                     // its .mode file
  int size = 2;                              // most pipelines run at once (>= 1)
  std::chrono::milliseconds timeout{30000};  // per request, see PipelineOptions
  bool mark_unknown = false;                 // '*' before unknown words (apertium without -u)
};

class PipelinePool {
 public:
  explicit PipelinePool(PipelinePoolOptions options) : options_(std::move(options)) {}
  PipelinePool(const PipelinePool&) = delete;
  PipelinePool& operator=(const PipelinePool&) = delete;

  // Runs one stream-format request on a pipeline of this direction; errors as
  // ApertiumPipeline::Process, or Unavailable when no pipeline can start.
  Result<std::string> Process(std::string_view stream);

  // Pipelines running now (idle or busy).
  int running() const;
  // The stage pids of an idle pipeline, starting one if none runs (tests kill a stage).
  Result<std::vector<pid_t>> TEST_IdleStagePids();

 private:
  Result<std::unique_ptr<ApertiumPipeline>> Acquire();
  void Release(std::unique_ptr<ApertiumPipeline> pipeline, bool keep);
  Result<std::unique_ptr<ApertiumPipeline>> StartOne();

  const PipelinePoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable idle_cv_;
  std::vector<std::unique_ptr<ApertiumPipeline>> idle_;  // GUARDED_BY(mu_)
  int running_ = 0;                                      // GUARDED_BY(mu_): idle + borrowed
  std::vector<std::vector<std::string>> stages_;         // GUARDED_BY(mu_); built once
};

}  // namespace lathe::services::translate
