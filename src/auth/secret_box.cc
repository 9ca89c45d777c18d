// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/secret_box.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <openssl/evp.h>

#include "auth/crypto.h"

namespace lathe::auth {
namespace {

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::string ErrnoText(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Reads exactly the file's bytes (the key file is tiny).
Result<std::string> ReadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFoundError("no master key at " + path);
    return UnavailableError(ErrnoText("cannot open master key", path));
  }
  std::string out(SecretBox::kKeyBytes + 1, '\0');
  ssize_t n = ::read(fd, out.data(), out.size());
  ::close(fd);
  if (n < 0) return UnavailableError(ErrnoText("cannot read master key", path));
  out.resize(static_cast<size_t>(n));
  if (out.size() != SecretBox::kKeyBytes) {
    return DataLossError("master key " + path + " must be exactly 32 bytes, found " +
                         std::to_string(out.size()) + (out.size() > 32 ? " or more" : ""));
  }
  return out;
}

// Writes a fresh random key with O_EXCL (mode 0600); AlreadyExists if another process won.
Status CreateKeyFile(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::filesystem::create_directories(dir, ec);
  if (ec) return UnavailableError("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  LATHE_ASSIGN_OR_RETURN(std::string key, RandomBytes(SecretBox::kKeyBytes));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return AlreadyExistsError(path);
    return UnavailableError(ErrnoText("cannot create master key", path));
  }
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return UnavailableError(ErrnoText("cannot write master key", path));
  }
  return Status::Ok();
}

}  // namespace

Result<SecretBox> SecretBox::OpenExisting(const std::string& path) {
  LATHE_ASSIGN_OR_RETURN(std::string key, ReadKeyFile(path));
  return SecretBox(std::move(key));
}

Result<SecretBox> SecretBox::OpenOrCreate(const std::string& path) {
  Result<SecretBox> existing = OpenExisting(path);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;
  Status created = CreateKeyFile(path);
  if (!created.ok() && created.code() != StatusCode::kAlreadyExists) return created;
  return OpenExisting(path);
}

Result<SecretBox> SecretBox::FromKey(std::string key) {
  if (key.size() != kKeyBytes) return InvalidArgumentError("a SecretBox key must be 32 bytes");
  return SecretBox(std::move(key));
}

Result<std::string> SecretBox::Seal(std::string_view plaintext, std::string_view context) const {
  LATHE_ASSIGN_OR_RETURN(std::string nonce, RandomBytes(kNonceBytes));
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string out = nonce;
  out.resize(kNonceBytes + plaintext.size() + kTagBytes);
  auto* dst = reinterpret_cast<unsigned char*>(out.data()) + kNonceBytes;
  int len = 0;
  int total = 0;
  bool ok = ctx != nullptr &&
            EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               reinterpret_cast<const unsigned char*>(key_.data()),
                               reinterpret_cast<const unsigned char*>(nonce.data())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len,
                              reinterpret_cast<const unsigned char*>(context.data()),
                              static_cast<int>(context.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), dst, &len,
                              reinterpret_cast<const unsigned char*>(plaintext.data()),
                              static_cast<int>(plaintext.size())) == 1;
  total = len;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), dst + total, &len) == 1;
  total += len;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, dst + total) == 1;
  if (!ok) return InternalError("AES-256-GCM encryption failed");
  return Base64Encode(out);
}

Result<std::string> SecretBox::Open(std::string_view sealed, std::string_view context) const {
  Result<std::string> raw = Base64Decode(sealed);
  if (!raw.ok() || raw->size() < kNonceBytes + kTagBytes) {
    return DataLossError("sealed secret is malformed");
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
  const size_t body = raw->size() - kNonceBytes - kTagBytes;
  std::string out(body, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  std::string tag = raw->substr(kNonceBytes + body);
  bool ok = ctx != nullptr &&
            EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               reinterpret_cast<const unsigned char*>(key_.data()), bytes) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len,
                              reinterpret_cast<const unsigned char*>(context.data()),
                              static_cast<int>(context.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), dst, &len, bytes + kNonceBytes,
                              static_cast<int>(body)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), dst + len, &len) == 1;
  if (!ok) {
    return DataLossError(
        "sealed secret does not open: altered, or sealed under another master key");
  }
  return out;
}

}  // namespace lathe::auth
