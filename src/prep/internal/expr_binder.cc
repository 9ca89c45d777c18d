// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/expr_binder.h"

#include <string>
#include <utility>

#include "data/type_inference.h"
#include "prep/internal/expr_lexer.h"

namespace lathe::prep::internal {
namespace {

bool IsNumber(VType t) { return t == VType::kBool || t == VType::kInt || t == VType::kFloat; }
bool IsTemporal(VType t) { return t == VType::kDate || t == VType::kDateTime; }
bool IsStringLiteral(const BoundExpr& e) {
  return e.kind == BoundKind::kConst && e.type == VType::kString && e.constant.valid;
}
std::string Name(VType t) { return std::string(VTypeName(t)); }

BoundExpr Const(VType type, Scalar value, size_t pos) {
  BoundExpr e;
  e.kind = BoundKind::kConst;
  e.type = type;
  e.pos = pos;
  e.constant = std::move(value);
  return e;
}

// Converts `e` to type `to`: folds constants, otherwise wraps a kCast.
Result<BoundExpr> Coerce(BoundExpr e, VType to) {
  if (e.type == to) return e;
  const VType from = e.type;
  if (e.kind == BoundKind::kConst) {
    Scalar s = std::move(e.constant);
    if (!s.valid) return Const(to, Scalar{}, e.pos);
    if (IsIntStorage(from) && to == VType::kFloat && from != VType::kDate &&
        from != VType::kDateTime) {
      s.f = static_cast<double>(s.i);
      return Const(to, std::move(s), e.pos);
    }
    if (from == VType::kBool && to == VType::kInt) return Const(to, std::move(s), e.pos);
    if (from == VType::kDate && to == VType::kDateTime) {
      s.i *= kMicrosPerDay;
      return Const(to, std::move(s), e.pos);
    }
    if (from == VType::kString && to == VType::kDate) {
      if (!data::ParseDate(s.s, &s.i)) {
        return ExprError("'" + s.s + "' is not a valid date (expected 'YYYY-MM-DD')", e.pos);
      }
      return Const(to, std::move(s), e.pos);
    }
    if (from == VType::kString && to == VType::kDateTime) {
      if (!data::ParseDateTime(s.s, &s.i)) {
        return ExprError("'" + s.s + "' is not a valid date-time (expected "
                             "'YYYY-MM-DD HH:MM:SS')",
                         e.pos);
      }
      return Const(to, std::move(s), e.pos);
    }
    e.constant = std::move(s);
  }
  const bool allowed = from == VType::kNull || to == VType::kString ||
                       (from == VType::kBool && (to == VType::kInt || to == VType::kFloat)) ||
                       (from == VType::kInt && to == VType::kFloat) ||
                       (from == VType::kDate && to == VType::kDateTime);
  if (!allowed) return ExprError("cannot convert " + Name(from) + " to " + Name(to), e.pos);
  BoundExpr cast;
  cast.kind = BoundKind::kCast;
  cast.type = to;
  cast.pos = e.pos;
  cast.args.push_back(std::move(e));
  return cast;
}

// The common type of two non-null types, or false if they do not mix.
bool Join(VType a, VType b, VType* out) {
  if (a == VType::kNull || a == b) {
    *out = b;
  } else if (b == VType::kNull) {
    *out = a;
  } else if (IsNumber(a) && IsNumber(b)) {
    *out = (a == VType::kFloat || b == VType::kFloat) ? VType::kFloat : VType::kInt;
  } else if (IsTemporal(a) && IsTemporal(b)) {
    *out = VType::kDateTime;
  } else {
    return false;
  }
  return true;
}

// Converts every expression in `args` to their common type (a string literal among dates
// becomes a date). Error "<problem> (text and int64)" at `pos` when they do not mix.
Result<VType> Unify(const std::vector<BoundExpr*>& args, const std::string& problem, size_t pos) {
  VType target = VType::kNull;
  bool string_literal = false;
  for (BoundExpr* e : args) {
    if (IsStringLiteral(*e)) {
      string_literal = true;
      continue;
    }
    if (!Join(target, e->type, &target)) {
      return ExprError(problem + " (" + Name(target) + " and " + Name(e->type) + ")", pos);
    }
  }
  if (string_literal) {
    if (target == VType::kNull) target = VType::kString;
    if (target != VType::kString && !IsTemporal(target)) {
      return ExprError(problem + " (" + Name(target) + " and text)", pos);
    }
  }
  for (BoundExpr* e : args) {
    LATHE_ASSIGN_OR_RETURN(*e, Coerce(std::move(*e), target));
  }
  return target;
}

class Binder {
 public:
  explicit Binder(const data::Table& table) : table_(table) {}

  Result<BoundExpr> Bind(const ExprNode& node) {
    switch (node.kind) {
      case NodeKind::kLiteral: return BindLiteral(node);
      case NodeKind::kColumn: return BindColumn(node);
      case NodeKind::kUnary: return BindUnary(node);
      case NodeKind::kBinary: return BindBinary(node);
      case NodeKind::kCall: return BindCall(node);
      case NodeKind::kIn: return BindIn(node);
      case NodeKind::kBetween: return BindBetween(node);
      case NodeKind::kIsNull: {
        BoundExpr e = Make(BoundKind::kIsNull, VType::kBool, node);
        LATHE_RETURN_IF_ERROR(BindArgs(node, &e));
        return e;
      }
      case NodeKind::kCase: return BindCase(node);
    }
    return ExprError("unsupported expression", node.pos);
  }

 private:
  static BoundExpr Make(BoundKind kind, VType type, const ExprNode& node) {
    BoundExpr e;
    e.kind = kind;
    e.type = type;
    e.pos = node.pos;
    e.op = node.op;
    e.func = node.func;
    e.negated = node.negated;
    e.has_else = node.has_else;
    e.regex = node.regex.get();
    return e;
  }

  Status BindArgs(const ExprNode& node, BoundExpr* e) {
    for (const auto& arg : node.args) {
      LATHE_ASSIGN_OR_RETURN(BoundExpr b, Bind(*arg));
      e->args.push_back(std::move(b));
    }
    return Status::Ok();
  }

  Result<BoundExpr> BindLiteral(const ExprNode& node) {
    Scalar s;
    s.valid = node.literal != LiteralKind::kNull;
    switch (node.literal) {
      case LiteralKind::kNull: return Const(VType::kNull, s, node.pos);
      case LiteralKind::kBool: s.i = node.bool_value; return Const(VType::kBool, s, node.pos);
      case LiteralKind::kInt: s.i = node.int_value; return Const(VType::kInt, s, node.pos);
      case LiteralKind::kFloat: s.f = node.float_value; return Const(VType::kFloat, s, node.pos);
      case LiteralKind::kString: s.s = node.text; return Const(VType::kString, s, node.pos);
    }
    return Const(VType::kNull, s, node.pos);
  }

  Result<BoundExpr> BindColumn(const ExprNode& node) {
    const int index = table_.FindColumn(node.text);
    if (index < 0) {
      std::string names;
      for (size_t c = 0; c < table_.num_columns() && c < 30; ++c) {
        names += (c ? ", " : "") + table_.column(c).name;
      }
      if (table_.num_columns() > 30) names += ", ...";
      return InvalidArgumentError("unknown column '" + node.text + "' at position " +
                                  std::to_string(node.pos) + " (columns: " + names + ")")
          .WithDetail("position", node.pos)
          .WithDetail("column", node.text);
    }
    BoundExpr e = Make(BoundKind::kColumn, ColumnVType(table_.column(index).type), node);
    e.column = index;
    return e;
  }

  // Requires a number (or null); bool becomes int.
  Result<BoundExpr> Numeric(BoundExpr e, std::string_view what) {
    if (e.type == VType::kBool) return Coerce(std::move(e), VType::kInt);
    if (e.type == VType::kNull) return Coerce(std::move(e), VType::kFloat);
    if (e.type != VType::kInt && e.type != VType::kFloat) {
      return ExprError(std::string(what) + " expects a number, got " + Name(e.type), e.pos);
    }
    return e;
  }
  Result<BoundExpr> Require(BoundExpr e, VType type, std::string_view what) {
    if (e.type != type && e.type != VType::kNull && !(type == VType::kInt && e.type == VType::kBool)) {
      std::string want = type == VType::kBool ? "a condition (true/false)" : "a " + Name(type);
      if (type == VType::kString) want = "text";
      return ExprError(std::string(what) + " expects " + want + ", got " + Name(e.type), e.pos);
    }
    return Coerce(std::move(e), type);
  }
  Result<BoundExpr> Temporal(BoundExpr e, std::string_view what) {
    if (IsStringLiteral(e)) return Coerce(std::move(e), VType::kDate);
    if (e.type == VType::kNull) return Coerce(std::move(e), VType::kDate);
    if (!IsTemporal(e.type)) {
      return ExprError(std::string(what) + " expects a date or datetime, got " + Name(e.type),
                       e.pos);
    }
    return e;
  }

  Result<BoundExpr> BindUnary(const ExprNode& node) {
    LATHE_ASSIGN_OR_RETURN(BoundExpr operand, Bind(*node.args[0]));
    BoundExpr e = Make(BoundKind::kUnary, VType::kBool, node);
    if (node.op == Op::kNot) {
      LATHE_ASSIGN_OR_RETURN(operand, Require(std::move(operand), VType::kBool, "'not'"));
    } else {
      LATHE_ASSIGN_OR_RETURN(operand, Numeric(std::move(operand), "unary '-'"));
      e.type = operand.type;
    }
    e.args.push_back(std::move(operand));
    return e;
  }

  Result<BoundExpr> BindBinary(const ExprNode& node) {
    BoundExpr e = Make(BoundKind::kBinary, VType::kBool, node);
    LATHE_RETURN_IF_ERROR(BindArgs(node, &e));
    BoundExpr& a = e.args[0];
    BoundExpr& b = e.args[1];
    const std::string op = "'" + std::string(OpName(node.op)) + "'";
    switch (node.op) {
      case Op::kAnd:
      case Op::kOr: {
        LATHE_ASSIGN_OR_RETURN(a, Require(std::move(a), VType::kBool, op));
        LATHE_ASSIGN_OR_RETURN(b, Require(std::move(b), VType::kBool, op));
        return e;
      }
      case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
        LATHE_ASSIGN_OR_RETURN(VType t, Unify({&a, &b}, op + " cannot compare these types",
                                              node.pos));
        if (t == VType::kNull) return Const(VType::kBool, Scalar{}, node.pos);
        return e;
      }
      case Op::kConcat: {
        LATHE_ASSIGN_OR_RETURN(a, Coerce(std::move(a), VType::kString));
        LATHE_ASSIGN_OR_RETURN(b, Coerce(std::move(b), VType::kString));
        e.type = VType::kString;
        return e;
      }
      default: return BindArithmetic(std::move(e), op);
    }
  }

  Result<BoundExpr> BindArithmetic(BoundExpr e, const std::string& op) {
    BoundExpr& a = e.args[0];
    BoundExpr& b = e.args[1];
    const bool add_sub = e.op == Op::kAdd || e.op == Op::kSub;
    // A string literal next to a date is a date.
    if (add_sub && IsTemporal(a.type) && IsStringLiteral(b)) {
      LATHE_ASSIGN_OR_RETURN(b, Coerce(std::move(b), a.type));
    }
    if (add_sub && IsTemporal(b.type) && IsStringLiteral(a)) {
      LATHE_ASSIGN_OR_RETURN(a, Coerce(std::move(a), b.type));
    }
    if (IsTemporal(a.type) || IsTemporal(b.type)) {
      if (e.op == Op::kSub && IsTemporal(a.type) && IsTemporal(b.type)) {
        if (a.type == VType::kDate && b.type == VType::kDate) {
          e.type = VType::kInt;  // days
          return e;
        }
        LATHE_ASSIGN_OR_RETURN(a, Coerce(std::move(a), VType::kDateTime));
        LATHE_ASSIGN_OR_RETURN(b, Coerce(std::move(b), VType::kDateTime));
        e.type = VType::kFloat;  // days, with a fraction
        return e;
      }
      const bool date_plus_days =
          (a.type == VType::kDate && (add_sub) &&
           (b.type == VType::kInt || b.type == VType::kBool || b.type == VType::kNull)) ||
          (b.type == VType::kDate && e.op == Op::kAdd &&
           (a.type == VType::kInt || a.type == VType::kBool || a.type == VType::kNull));
      if (date_plus_days) {
        BoundExpr& days = a.type == VType::kDate ? b : a;
        LATHE_ASSIGN_OR_RETURN(days, Coerce(std::move(days), VType::kInt));
        e.type = VType::kDate;
        return e;
      }
      return ExprError("operator " + op + " cannot combine " + Name(a.type) + " and " +
                           Name(b.type) +
                           " (date - date gives days; date + or - a whole number of days "
                           "gives a date)",
                       e.pos);
    }
    auto is_num = [](VType t) { return IsNumber(t) || t == VType::kNull; };
    if (!is_num(a.type) || !is_num(b.type)) {
      return ExprError("operator " + op + " expects numbers, got " + Name(a.type) + " and " +
                           Name(b.type),
                       e.pos);
    }
    VType t = (a.type == VType::kFloat || b.type == VType::kFloat ||
               (a.type == VType::kNull && b.type == VType::kNull) || e.op == Op::kDiv)
                  ? VType::kFloat
                  : VType::kInt;
    LATHE_ASSIGN_OR_RETURN(a, Coerce(std::move(a), t));
    LATHE_ASSIGN_OR_RETURN(b, Coerce(std::move(b), t));
    e.type = t;
    return e;
  }

  Result<BoundExpr> BindIn(const ExprNode& node) {
    BoundExpr e = Make(BoundKind::kIn, VType::kBool, node);
    LATHE_RETURN_IF_ERROR(BindArgs(node, &e));
    std::vector<BoundExpr*> all;
    for (BoundExpr& a : e.args) all.push_back(&a);
    LATHE_ASSIGN_OR_RETURN(VType t, Unify(all, "'in' mixes types", node.pos));
    if (t == VType::kNull) return Const(VType::kBool, Scalar{}, node.pos);
    for (size_t k = 1; k < e.args.size(); ++k) {
      const Scalar& s = e.args[k].constant;
      if (!s.valid) {
        e.list_has_null = true;
      } else {
        e.list.push_back(s);
      }
    }
    e.args.resize(1);
    return e;
  }

  Result<BoundExpr> BindBetween(const ExprNode& node) {
    BoundExpr e = Make(BoundKind::kBetween, VType::kBool, node);
    LATHE_RETURN_IF_ERROR(BindArgs(node, &e));
    LATHE_ASSIGN_OR_RETURN(VType t, Unify({&e.args[0], &e.args[1], &e.args[2]},
                                          "'between' mixes types", node.pos));
    if (t == VType::kNull) return Const(VType::kBool, Scalar{}, node.pos);
    return e;
  }

  Result<BoundExpr> BindCase(const ExprNode& node) {
    BoundExpr e = Make(BoundKind::kCase, VType::kNull, node);
    LATHE_RETURN_IF_ERROR(BindArgs(node, &e));
    std::vector<BoundExpr*> values;
    for (size_t k = 0; k < e.args.size(); ++k) {
      const bool is_cond = k % 2 == 0 && !(e.has_else && k + 1 == e.args.size());
      if (is_cond) {
        LATHE_ASSIGN_OR_RETURN(e.args[k],
                               Require(std::move(e.args[k]), VType::kBool, "'when'"));
      } else {
        values.push_back(&e.args[k]);
      }
    }
    LATHE_ASSIGN_OR_RETURN(e.type, Unify(values, "the results of case have different types",
                                         node.pos));
    return e;
  }

  Result<BoundExpr> BindCall(const ExprNode& node);

  const data::Table& table_;
};

Result<BoundExpr> Binder::BindCall(const ExprNode& node) {
  BoundExpr e = Make(BoundKind::kCall, VType::kFloat, node);
  LATHE_RETURN_IF_ERROR(BindArgs(node, &e));
  std::vector<BoundExpr>& a = e.args;
  const std::string what = std::string(FunctionInfo(node.func).name) + "()";
  switch (node.func) {
    case Func::kLog: case Func::kLog10: case Func::kExp: case Func::kSqrt: case Func::kPow: {
      for (BoundExpr& arg : a) {
        LATHE_ASSIGN_OR_RETURN(arg, Numeric(std::move(arg), what));
        LATHE_ASSIGN_OR_RETURN(arg, Coerce(std::move(arg), VType::kFloat));
      }
      e.type = VType::kFloat;
      return e;
    }
    case Func::kAbs: case Func::kFloor: case Func::kCeil: case Func::kRound: {
      LATHE_ASSIGN_OR_RETURN(a[0], Numeric(std::move(a[0]), what));
      if (a.size() > 1) {
        LATHE_ASSIGN_OR_RETURN(a[1], Require(std::move(a[1]), VType::kInt, what + " digits"));
      }
      e.type = a[0].type;
      return e;
    }
    case Func::kMin: case Func::kMax: case Func::kCoalesce: {
      std::vector<BoundExpr*> all;
      for (BoundExpr& arg : a) all.push_back(&arg);
      LATHE_ASSIGN_OR_RETURN(e.type, Unify(all, what + " arguments have different types",
                                           node.pos));
      return e;
    }
    case Func::kConcat: case Func::kToText: {
      for (BoundExpr& arg : a) {
        LATHE_ASSIGN_OR_RETURN(arg, Coerce(std::move(arg), VType::kString));
      }
      e.type = VType::kString;
      return e;
    }
    case Func::kLower: case Func::kUpper: case Func::kTrim: case Func::kLength:
    case Func::kContains: case Func::kStartsWith: case Func::kEndsWith: case Func::kMatches: {
      for (BoundExpr& arg : a) {
        LATHE_ASSIGN_OR_RETURN(arg, Require(std::move(arg), VType::kString, what));
      }
      e.type = (node.func == Func::kLower || node.func == Func::kUpper ||
                node.func == Func::kTrim)
                   ? VType::kString
                   : node.func == Func::kLength ? VType::kInt : VType::kBool;
      return e;
    }
    case Func::kSubstr: {
      LATHE_ASSIGN_OR_RETURN(a[0], Require(std::move(a[0]), VType::kString, what));
      for (size_t k = 1; k < a.size(); ++k) {
        LATHE_ASSIGN_OR_RETURN(a[k], Require(std::move(a[k]), VType::kInt, what));
      }
      e.type = VType::kString;
      return e;
    }
    case Func::kYear: case Func::kMonth: case Func::kDay: case Func::kWeekday: {
      LATHE_ASSIGN_OR_RETURN(a[0], Temporal(std::move(a[0]), what));
      e.type = VType::kInt;
      return e;
    }
    case Func::kHour: case Func::kMinute: case Func::kSecond: {
      LATHE_ASSIGN_OR_RETURN(a[0], Temporal(std::move(a[0]), what));
      LATHE_ASSIGN_OR_RETURN(a[0], Coerce(std::move(a[0]), VType::kDateTime));
      e.type = VType::kInt;
      return e;
    }
    case Func::kDateDiff: {
      for (BoundExpr& arg : a) {
        LATHE_ASSIGN_OR_RETURN(arg, Temporal(std::move(arg), what));
      }
      e.type = VType::kInt;
      return e;
    }
    case Func::kToNumber: {
      if (a[0].type == VType::kBool || a[0].type == VType::kInt) {
        LATHE_ASSIGN_OR_RETURN(a[0], Coerce(std::move(a[0]), VType::kFloat));
      } else if (a[0].type != VType::kFloat && a[0].type != VType::kString &&
                 a[0].type != VType::kNull) {
        return ExprError(what + " expects text or a number, got " + Name(a[0].type), a[0].pos);
      }
      e.type = VType::kFloat;
      return e;
    }
    case Func::kToDate: {
      if (a[0].type != VType::kString && !IsTemporal(a[0].type) && a[0].type != VType::kNull) {
        return ExprError(what + " expects text or a date, got " + Name(a[0].type), a[0].pos);
      }
      e.type = VType::kDate;
      return e;
    }
    case Func::kIf: {
      LATHE_ASSIGN_OR_RETURN(a[0], Require(std::move(a[0]), VType::kBool, what + " condition"));
      LATHE_ASSIGN_OR_RETURN(e.type, Unify({&a[1], &a[2]},
                                           "if() branches have different types", node.pos));
      return e;
    }
  }
  return ExprError("unsupported function " + what, node.pos);
}

}  // namespace

VType ColumnVType(data::DataType t) {
  switch (t) {
    case data::DataType::kInt64: return VType::kInt;
    case data::DataType::kFloat64: return VType::kFloat;
    case data::DataType::kBool: return VType::kBool;
    case data::DataType::kDate: return VType::kDate;
    case data::DataType::kDateTime: return VType::kDateTime;
    case data::DataType::kCategorical:
    case data::DataType::kText: return VType::kString;
  }
  return VType::kString;
}

Result<BoundExpr> Bind(const ExprNode& root, const data::Table& schema) {
  Binder binder(schema);
  return binder.Bind(root);
}

}  // namespace lathe::prep::internal
