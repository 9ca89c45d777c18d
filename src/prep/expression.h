// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Expression: the small, safe formula language of filter and derive steps. It parses to a tree
// and evaluates column-at-a-time over a Table; there is no way to run code, touch files or loop.
//
//   price * quantity                      arithmetic: + - * / % (x / 0 is null), unary -
//   age >= 18 and not (city in ('Paris', 'Lyon'))
//   income between 1000 and 5000          is null / is not null
//   name contains 'an' | starts_with(name, 'A') | ends_with | matches(name, '^[A-Z]')  (RE2)
//   if(x > 0, 'pos', 'neg')               case when x > 0 then 1 when x < 0 then -1 else 0 end
//   log(x) exp(x) abs(x) sqrt(x) pow(x, 2) round(x, 2) floor ceil  min(a,b) max(a,b)
//   coalesce(a, b)  concat(a, '-', b)  a || b  lower upper trim length substr(s, start, len)
//   year(d) month(d) day(d) weekday(d) hour(t)  date_diff(d1, d2) (days)  to_number(s)
// Column names are bare identifiers or "quoted" / `back-quoted` for names with spaces. Strings
// use single quotes ('it''s'). Nulls propagate (comparisons with null are null, and filters
// keep only rows where the condition is true); log of a non-positive number is null.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "data/table.h"

namespace lathe::prep {

namespace internal {
struct ExprNode;
}

class Expression {
 public:
  // InvalidArgument with details {"position": byte offset, "expression": text} and a message
  // like "expected ')' at position 14".
  static Result<Expression> Parse(std::string_view text);

  // Evaluates over every row of `table`. The result type follows the expression (float64 for
  // arithmetic on mixed numbers, int64 for integer arithmetic, bool for conditions, text for
  // strings, date/datetime kept). InvalidArgument for an unknown column (with its position) or a
  // type mismatch such as 'abc' + 1.
  Result<data::Column> Evaluate(const data::Table& table, std::string name) const;

  // Column names the expression reads.
  std::vector<std::string> Columns() const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::shared_ptr<const internal::ExprNode> root_;
};

}  // namespace lathe::prep
