// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Ctrl-C while a command follows a server-side job: the first SIGINT only raises a flag, so the
// command can ask the server to stop the job and show how it ended. One guard at a time (the
// flag is process-wide); the previous handler comes back when the guard goes.
//
//   InterruptGuard guard;
//   while (!done) { if (guard.interrupted()) StopOnServer(); Poll(); }
#pragma once

namespace lathe::cli {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  bool interrupted() const;

 private:
  void (*previous_)(int) = nullptr;
};

}  // namespace lathe::cli
