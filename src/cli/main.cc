// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include <cstdio>

int main() {
  std::puts("lathe 0.1.0");
  return 0;
}
