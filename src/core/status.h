// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Status and Result<T>: how every expected failure travels in Lathe (bad input, missing resource,
// I/O, timeout). Codes follow Abseil's canonical set; api/error_mapping.cc maps them to HTTP and
// AWS error codes in one table. Cheap to copy when OK; thread-compatible.
//
//   Result<Table> t = ReadCsv(path);
//   if (!t.ok()) return t.status();
//   LATHE_ASSIGN_OR_RETURN(auto table, ReadCsv(path));
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

namespace lathe {

enum class StatusCode {
  kOk = 0,
  kCancelled,
  kUnknown,
  kInvalidArgument,
  kDeadlineExceeded,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kResourceExhausted,  // e.g. a body over the limit (HTTP 413)
  kFailedPrecondition,
  kAborted,
  kOutOfRange,
  kUnimplemented,
  kInternal,
  kUnavailable,
  kDataLoss,
  kUnauthenticated,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Structured details shown to API clients under error.details (file, line, column, field...).
  // An empty object when none were set.
  const nlohmann::json& details() const { return details_.is_null() ? EmptyDetails() : details_; }
  Status& WithDetail(const std::string& key, nlohmann::json value) & {
    details_[key] = std::move(value);
    return *this;
  }
  Status&& WithDetail(const std::string& key, nlohmann::json value) && {
    details_[key] = std::move(value);
    return std::move(*this);
  }
  // Returns a copy whose message is "prefix: message" (keeps code and details).
  Status Annotate(std::string_view prefix) const;

  std::string ToString() const;

 private:
  static const nlohmann::json& EmptyDetails();

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  // Null until a detail is set: an OK status, the common case, then allocates nothing.
  nlohmann::json details_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status ResourceExhaustedError(std::string message);
Status InternalError(std::string message);
Status UnavailableError(std::string message);
Status CancelledError(std::string message);
Status DataLossError(std::string message);
Status UnimplementedError(std::string message);
Status PermissionDeniedError(std::string message);
Status UnauthenticatedError(std::string message);
Status DeadlineExceededError(std::string message);
Status OutOfRangeError(std::string message);

// Holds either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "Result constructed from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace lathe

#define LATHE_STATUS_CONCAT_INNER(a, b) a##b
#define LATHE_STATUS_CONCAT(a, b) LATHE_STATUS_CONCAT_INNER(a, b)

#define LATHE_RETURN_IF_ERROR(expr)          \
  do {                                       \
    ::lathe::Status lathe_status_ = (expr);  \
    if (!lathe_status_.ok()) {               \
      return lathe_status_;                  \
    }                                        \
  } while (false)

#define LATHE_ASSIGN_OR_RETURN(lhs, expr) \
  LATHE_ASSIGN_OR_RETURN_IMPL(LATHE_STATUS_CONCAT(lathe_result_, __LINE__), lhs, expr)

#define LATHE_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                \
  if (!result.ok()) {                                  \
    return result.status();                            \
  }                                                    \
  lhs = std::move(result).value()

// Programmer errors only; user input must never reach one.
#define LATHE_DCHECK(cond) assert(cond)
