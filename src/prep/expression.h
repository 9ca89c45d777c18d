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
// Column names are bare identifiers or "quoted" / `back-quoted` for names with spaces or names
// that are keywords. Strings use single quotes ('it''s'). Keywords and function names are
// case-insensitive. Precedence, lowest first: or, and, not, comparisons (= == != <> < <= > >=,
// is [not] null, [not] in, [not] between, [not] contains/starts_with/ends_with/matches), ||,
// + -, * / %, unary -.
//
// Types and semantics:
//   - Numbers: int64 op int64 is int64 (+ - * %); anything with a float64 is float64; / always
//     gives float64. bool counts as 0/1 in arithmetic. x / 0 and x % 0 are null. An int64 result
//     that overflows is null (never wraps, never silently turns into a float); -(min int64) and
//     abs(min int64) too. log/log10 of x <= 0, sqrt of x < 0 and pow giving NaN are null.
//     round(x, n) rounds half away from zero; int64 stays int64.
//   - Nulls propagate through operators and functions (min/max included) except: coalesce (first
//     non-null), concat (skips nulls; a || b is null if either is), is [not] null, and the
//     three-valued and/or/not of SQL (false and null = false, true or null = true, otherwise
//     null). x in (1, null) is null when x is not 1. A null case/if condition counts as false.
//   - Text: categorical and text columns are both text. Comparisons are bytewise; length and
//     substr (1-based start; start < 1 counts as 1) count UTF-8 code points; lower/upper change
//     ASCII letters only; trim removes ASCII spaces, tabs and line breaks. matches() is an RE2
//     partial match; its pattern must be a literal and is compiled once, at parse time.
//     A text result is categorical when few distinct values (the CSV inference rule), else text.
//   - Dates: date - date and date_diff(d1, d2) (d1 - d2, calendar days; datetimes are first
//     truncated to their day) give int64 days; date + n / date - n give a date; datetime -
//     datetime gives float64 days. A 'YYYY-MM-DD' (or 'YYYY-MM-DD HH:MM:SS') literal compared
//     with, or combined with, a date is a date; an invalid one is an error at its position.
//     weekday: Monday = 0 ... Sunday = 6. to_date / to_number give null for unparseable text.
//   - A case without else, when nothing matches, is null. Branch types must agree (int64 and
//     float64 mix as float64, date and datetime as datetime, null goes with anything).
//
// Limits: at most 100,000 bytes of text and 200 levels of nesting (parentheses, unary
// operators, calls) or 500 levels of operators, so hostile input cannot exhaust the stack.
// Thread safety: an Expression is immutable after Parse; Evaluate may run from many threads.
//
//   LATHE_ASSIGN_OR_RETURN(Expression e, Expression::Parse("price * quantity"));
//   LATHE_ASSIGN_OR_RETURN(data::Column total, e.Evaluate(table, "total"));
#pragma once

#include <cstdint>
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

  // Evaluates over every row of `table` into a new column named `name` (the caller owns it).
  // The result type follows the expression (float64 for arithmetic on mixed numbers, int64 for
  // integer arithmetic, bool for conditions, text or categorical for strings, date/datetime
  // kept). InvalidArgument with details {"position", "expression"} for an unknown column (also
  // {"column"}) or a type mismatch such as 'abc' + 1 ("operator '+' expects numbers, got text
  // and int64 at position 6").
  Result<data::Column> Evaluate(const data::Table& table, std::string name) const;

  // Type-checks against `schema`'s columns (no rows are read) and returns the result type
  // (kText stands for both text and categorical). Errors as Evaluate.
  Result<data::DataType> ResultType(const data::Table& schema) const;

  // Indices of the rows where the expression is true (false and null rows are left out), in
  // ascending order. InvalidArgument as Evaluate, or if the expression is not a condition.
  Result<std::vector<uint32_t>> TrueRows(const data::Table& table) const;

  // Column names the expression reads.
  std::vector<std::string> Columns() const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::shared_ptr<const internal::ExprNode> root_;
};

}  // namespace lathe::prep
