// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The evaluator: runs a BoundExpr over a Table column-at-a-time. Each node produces a Vec with
// typed loops over whole columns (no per-row tree walk); literals stay scalars until they meet a
// column. Evaluation cannot fail: every type question was settled by the binder, and undefined
// results (x / 0, log of a non-positive number, integer overflow) are nulls. Thread-safe for
// concurrent calls on a const table.
//
//   Vec v = EvaluateBound(bound, table);
//   data::Column c = ToColumn(std::move(v), table.num_rows(), "total");
#pragma once

#include <string>
#include <vector>

#include "data/table.h"
#include "prep/internal/expr_binder.h"
#include "prep/internal/expr_vec.h"

namespace lathe::prep::internal {

struct EvalInput {
  const data::Table& table;
  size_t rows;
};

// The value of `e` for every row of in.table (possibly a scalar standing for all rows).
Vec EvaluateBound(const BoundExpr& e, const EvalInput& in);

// A column of `rows` rows named `name`. Strings become categorical when the table rules for
// inferred columns would say so (data::IsCategoricalColumn), otherwise text; a null-typed
// result is an all-null text column. Null slots hold 0 / NaN / "".
data::Column ToColumn(Vec v, size_t rows, std::string name);

// --- shared between expr_eval.cc and expr_functions.cc ---

// Converts v to `to` (a conversion the binder allowed).
Vec CastVec(Vec v, VType to);
// A deep copy (owned storage is copied; table storage stays borrowed).
Vec CloneVec(const Vec& v);
// Makes v non-scalar with `rows` elements in owned, writable storage with owned validity;
// strings become one view per row.
void MakeWritable(Vec& v, size_t rows);
// Where src is present (and, if `mask` is given, mask is true), copies src's value into dst
// (dst: MakeWritable, same type as src).
void OverwriteWhere(Vec& dst, Vec& src, const Vec* mask);
// Elementwise comparison of two Vecs of the same type -> kBool.
Vec CompareVec(Op op, Vec& a, Vec& b);
// Function calls (expr_functions.cc).
Vec EvalCall(const BoundExpr& e, std::vector<Vec> args, const EvalInput& in);

}  // namespace lathe::prep::internal
