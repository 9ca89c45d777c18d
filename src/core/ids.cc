// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/ids.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace lathe {
namespace {

// Crockford's base32 alphabet, lower case: no i, l, o, u (easy to read aloud and retype).
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
static_assert(kAlphabet.size() == 32);

// Fills `buf` from the kernel CSPRNG (getrandom blocks only before the pool is initialised).
void FillRandom(unsigned char* buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::getrandom(buf + got, len - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no usable randomness: ids would be guessable, so refuse to continue
    }
    got += static_cast<size_t>(n);
  }
}

bool InAlphabet(char c) { return kAlphabet.find(c) != std::string_view::npos; }

}  // namespace

std::string NewId(std::string_view prefix) {
  // 16 chars x 5 bits = 80 bits = 10 bytes.
  unsigned char bytes[10];
  FillRandom(bytes, sizeof(bytes));
  std::string id;
  id.reserve(prefix.size() + 1 + kIdRandomChars);
  id.append(prefix);
  id.push_back('_');
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      id.push_back(kAlphabet[(acc >> bits) & 31]);
    }
  }
  return id;
}

bool LooksLikeId(std::string_view s, std::string_view prefix) {
  if (s.size() != prefix.size() + 1 + kIdRandomChars) return false;
  if (s.substr(0, prefix.size()) != prefix || s[prefix.size()] != '_') return false;
  for (char c : s.substr(prefix.size() + 1)) {
    if (!InAlphabet(c)) return false;
  }
  return true;
}

}  // namespace lathe
