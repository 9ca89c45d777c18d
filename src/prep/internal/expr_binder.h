// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The binder: types an ExprNode tree against a table's schema. It resolves column names, checks
// operand types, makes every implicit conversion an explicit kCast (int -> float, date ->
// datetime, anything -> text for ||), folds conversions of literals (a 'YYYY-MM-DD' string
// compared with a date becomes a date), and gives each node its result type, so evaluation
// never has to decide anything per row. Pure function, thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(BoundExpr bound, Bind(*root, table));  // bound.type: result type
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "data/table.h"
#include "prep/internal/expr_ast.h"
#include "prep/internal/expr_vec.h"

namespace lathe::prep::internal {

enum class BoundKind : uint8_t {
  kConst, kColumn, kCast, kUnary, kBinary, kCall, kIn, kBetween, kIsNull, kCase
};

// A constant of some VType (string text in `s`).
struct Scalar {
  bool valid = false;
  int64_t i = 0;
  double f = 0;
  std::string s;
};

struct BoundExpr {
  BoundKind kind = BoundKind::kConst;
  VType type = VType::kNull;  // result type
  size_t pos = 0;

  Scalar constant;          // kConst
  int column = -1;          // kColumn: index in the table
  Op op = Op::kAdd;         // kUnary, kBinary
  Func func = Func::kLog;   // kCall
  bool negated = false;     // kIn, kBetween, kIsNull
  bool has_else = false;    // kCase
  const re2::RE2* regex = nullptr;  // kCall matches (owned by the ExprNode)
  std::vector<Scalar> list;         // kIn: the list, converted to args[0]'s type
  bool list_has_null = false;       // kIn
  std::vector<BoundExpr> args;      // kCast: the operand (type: the target)
};

// The expression type of a column type (categorical and text are both kString).
VType ColumnVType(data::DataType type);

// InvalidArgument "<what> at position <p>" with details {"position"} (and {"column"} for an
// unknown column) when the tree does not type-check against `schema`'s columns.
Result<BoundExpr> Bind(const ExprNode& root, const data::Table& schema);

}  // namespace lathe::prep::internal
