// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Small process helpers for the translation pipeline: spawn a program on given descriptors inside
// a process group, run one to completion capturing its output, describe how a child ended.
// Children get default signal dispositions and an empty signal mask whatever the server set.
// Thread-safe (posix_spawn).
//
//   LATHE_ASSIGN_OR_RETURN(std::string out, RunAndCapture({"apertium-wblank-mode", "-z", path}));
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "core/status.h"

namespace lathe::services::translate::internal {

// Starts argv[0] (searched in PATH) with stdin = in_fd, stdout = out_fd and stderr to /dev/null,
// in process group `pgid` (0: a new group led by the child). Returns its pid; Unavailable naming
// the program if it cannot be started. The caller reaps it.
Result<pid_t> SpawnInGroup(const std::vector<std::string>& argv, int in_fd, int out_fd, pid_t pgid);

// Runs argv to completion (stdin /dev/null) and returns its stdout. Unavailable if it cannot
// start or exits non-zero (the message gives the exit status).
Result<std::string> RunAndCapture(const std::vector<std::string>& argv);

// "exited with status 1", "was killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int wait_status);

}  // namespace lathe::services::translate::internal
