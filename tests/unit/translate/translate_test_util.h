// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers for the translation tests: run an installed Apertium tool on a text (through a temp
// file, with /bin/sh) and check whether a mode is installed.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace lathe::services::translate::testing_util {

inline bool ModeInstalled(const std::string& mode) {
  return std::filesystem::exists("/usr/share/apertium/modes/" + mode + ".mode");
}

inline bool HaveProgram(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs `command < file-holding-input` and returns its stdout.
inline std::string RunFilter(const std::string& command, const std::string& input) {
  const std::string path =
      ::testing::TempDir() + "/lathe_translate_in_" + std::to_string(::getpid()) + ".txt";
  {
    std::ofstream out(path, std::ios::binary);
    out << input;
  }
  std::string output;
  FILE* pipe = ::popen((command + " < '" + path + "'").c_str(), "r");
  if (pipe == nullptr) return output;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  ::pclose(pipe);
  std::filesystem::remove(path);
  return output;
}

}  // namespace lathe::services::translate::testing_util
