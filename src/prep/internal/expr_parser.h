// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The expression parser: precedence climbing over the lexer's tokens, producing an ExprNode
// tree. Function names and argument counts are checked here, and regular expressions of
// matches() are compiled here (once per expression). Pure function, thread-safe.
//
// Precedence, lowest first: or; and; not; comparisons (= != < <= > >=, is [not] null,
// [not] in (...), [not] between .. and .., [not] contains / starts_with / ends_with / matches);
// ||; + -; * / %; unary - +; primaries (literals, columns, calls, (...), case ... end).
//
//   LATHE_ASSIGN_OR_RETURN(std::unique_ptr<ExprNode> root, ParseExpressionTree("a + 1"));
#pragma once

#include <memory>
#include <string_view>

#include "core/status.h"
#include "prep/internal/expr_ast.h"

namespace lathe::prep::internal {

// InvalidArgument "expected ')' at position 14" (details {"position"}) for a syntax error, an
// unknown function or a wrong argument count, a bad regular expression, text longer than
// kMaxExpressionBytes, or nesting deeper than kMaxNestingDepth / kMaxTreeHeight.
Result<std::unique_ptr<ExprNode>> ParseExpressionTree(std::string_view text);

}  // namespace lathe::prep::internal
