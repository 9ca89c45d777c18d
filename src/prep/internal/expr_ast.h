// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The syntax tree of an Expression (prep/expression.h): what the parser produces and the binder
// types against a table. Nodes are immutable once parsed and may be shared between threads.
// Every node keeps the byte offset of the token that starts it, for error messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace lathe::prep::internal {

// Limits that keep hostile input from exhausting the stack or memory.
inline constexpr size_t kMaxExpressionBytes = 100000;  // longer text: InvalidArgument
inline constexpr int kMaxNestingDepth = 200;           // parentheses, unary chains, calls
inline constexpr int kMaxTreeHeight = 500;             // e.g. a + b + c + ... (left-deep)

enum class NodeKind : uint8_t {
  kLiteral,  // null, true/false, integer, float, 'string'
  kColumn,   // a column reference; `text` is its name
  kUnary,    // op kNeg or kNot; args[0]
  kBinary,   // arithmetic, comparison, and/or, ||; args[0], args[1]
  kCall,     // func(args...) and the infix contains / starts_with / ends_with / matches
  kIn,       // args[0] [not] in (args[1..]); the list holds literals only
  kBetween,  // args[0] [not] between args[1] and args[2]
  kIsNull,   // args[0] is [not] null
  kCase,     // case when args[0] then args[1] ... [else args.back()] end
};

enum class LiteralKind : uint8_t { kNull, kBool, kInt, kFloat, kString };

enum class Op : uint8_t {
  kAdd, kSub, kMul, kDiv, kMod, kConcat,  // + - * / % ||
  kEq, kNe, kLt, kLe, kGt, kGe,           // = (==) != (<>) < <= > >=
  kAnd, kOr,
  kNeg, kNot,                             // unary
};

enum class Func : uint8_t {
  kLog, kLog10, kExp, kAbs, kSqrt, kPow, kRound, kFloor, kCeil, kMin, kMax,
  kCoalesce, kConcat, kLower, kUpper, kTrim, kLength, kSubstr,
  kContains, kStartsWith, kEndsWith, kMatches,
  kYear, kMonth, kDay, kWeekday, kHour, kMinute, kSecond, kDateDiff,
  kToNumber, kToDate, kToText, kIf,
};

struct FuncInfo {
  std::string_view name;
  Func func;
  int min_args;
  int max_args;  // -1: any number
};
// The function table (names are lower-case; calls match case-insensitively).
const std::vector<FuncInfo>& Functions();
const FuncInfo& FunctionInfo(Func func);

struct ExprNode {
  NodeKind kind = NodeKind::kLiteral;
  size_t pos = 0;  // byte offset in the expression text

  LiteralKind literal = LiteralKind::kNull;  // kLiteral
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::string text;  // kLiteral string value; kColumn name

  Op op = Op::kAdd;     // kUnary, kBinary
  Func func = Func::kLog;  // kCall
  bool negated = false;    // not in / not between / is not null
  bool has_else = false;   // kCase
  std::vector<std::unique_ptr<ExprNode>> args;
  int height = 1;                         // 1 + the tallest argument's height
  std::shared_ptr<const re2::RE2> regex;  // matches(): compiled once, at parse time
};

// "+", "and", ... for messages.
std::string_view OpName(Op op);

}  // namespace lathe::prep::internal
