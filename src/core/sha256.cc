// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/sha256.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <openssl/evp.h>

#include "core/file_util.h"

namespace lathe {
namespace {

struct EvpCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// EVP failures here mean allocation failure or a broken libcrypto: not recoverable input errors.
void CheckEvp(int ok) {
  if (ok != 1) std::abort();
}

}  // namespace

struct Sha256::Impl {
  std::unique_ptr<EVP_MD_CTX, EvpCtxFree> ctx{EVP_MD_CTX_new()};
  void Init() {
    if (!ctx) std::abort();
    CheckEvp(EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr));
  }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) { impl_->Init(); }
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::Update(std::string_view bytes) {
  if (bytes.empty()) return;
  CheckEvp(EVP_DigestUpdate(impl_->ctx.get(), bytes.data(), bytes.size()));
}

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  CheckEvp(EVP_DigestFinal_ex(impl_->ctx.get(), digest, &len));
  impl_->Init();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(static_cast<size_t>(len) * 2, '0');
  for (unsigned int byte_idx = 0; byte_idx < len; ++byte_idx) {
    hex[2 * byte_idx] = kHex[digest[byte_idx] >> 4];
    hex[2 * byte_idx + 1] = kHex[digest[byte_idx] & 0xf];
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

Result<std::string> Sha256File(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  Sha256 h;
  std::string buf(1 << 16, '\0');
  while (true) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoStatus("read", path, err);
    }
    if (n == 0) break;
    h.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return h.HexDigest();
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace lathe
