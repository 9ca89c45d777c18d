// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ApertiumPipeline: one translation direction running as a long-lived process group, the mode's
// stages connected by pipes in null-flush mode (-z). A request is written as stream-format text
// followed by NUL; every stage translates and flushes at the NUL, and the answer is read up to
// the NUL that comes out of the last stage. No process is started per request.
// Not thread-safe: one request at a time (PipelinePool hands each pipeline to one caller). A dead
// stage or a stage that does not answer in time breaks the pipeline: Process returns a clear
// error, never hangs, and the owner throws the pipeline away (the destructor kills the group).
//
//   LATHE_ASSIGN_OR_RETURN(auto stages, NullFlushStages(mode.path, false));
//   LATHE_ASSIGN_OR_RETURN(auto p, ApertiumPipeline::Start({.name = "eng-spa", .stages = stages}));
//   LATHE_ASSIGN_OR_RETURN(std::string out, p->Process(Deformat("Hello world.")));
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::translate {

struct PipelineOptions {
  std::string name;                              // the mode, for messages: "eng-spa"
  std::vector<std::vector<std::string>> stages;  // argv per stage (NullFlushStages)
  std::chrono::milliseconds timeout{30000};      // longest wait for one answer
};

class ApertiumPipeline {
 public:
  // Starts every stage in one new process group. Unavailable naming the stage that could not
  // start. Ignores SIGPIPE in this process (once) so a dead stage shows up as an error, not a
  // signal; the stages themselves get default dispositions.
  static Result<std::unique_ptr<ApertiumPipeline>> Start(PipelineOptions options);

  ApertiumPipeline(const ApertiumPipeline&) = delete;
  ApertiumPipeline& operator=(const ApertiumPipeline&) = delete;
  // Kills the process group (SIGKILL) and reaps every stage.
  ~ApertiumPipeline();

  // Translates one chunk of stream format (NUL bytes in it are dropped) and returns the raw
  // stream-format answer. Unavailable when a stage has died (the message names it and how it
  // ended), DeadlineExceeded after options.timeout; the pipeline is then broken for good.
  Result<std::string> Process(std::string_view stream);

  // False once any stage has exited or the pipeline broke. Reaps exited stages; cheap.
  bool Healthy();

  const std::string& name() const { return options_.name; }
  pid_t process_group() const { return pgid_; }
  std::vector<pid_t> TEST_StagePids() const { return pids_; }

 private:
  explicit ApertiumPipeline(PipelineOptions options) : options_(std::move(options)) {}
  Status Spawn();
  // The error for a pipeline that stopped answering: names the dead stage if there is one.
  Status Broken(std::string_view what);
  void Reap(bool block);

  PipelineOptions options_;
  std::vector<pid_t> pids_;       // one per stage
  std::vector<int> wait_status_;  // per stage; valid when exited_[i]
  std::vector<bool> exited_;
  pid_t pgid_ = 0;
  int to_first_ = -1;    // we write the requests here (non-blocking)
  int from_last_ = -1;   // we read the answers here (non-blocking)
  std::string pending_;  // bytes read past the last answer's NUL
  bool broken_ = false;
};

}  // namespace lathe::services::translate
