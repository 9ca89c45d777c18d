// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/expr_parser.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <re2/re2.h>

#include "prep/internal/expr_lexer.h"

namespace lathe::prep::internal {
namespace {

using NodePtr = std::unique_ptr<ExprNode>;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

constexpr std::string_view kKeywords[] = {"and",  "or",   "not",  "in",   "between",
                                          "is",   "null", "true", "false", "case",
                                          "when", "then", "else", "end"};

bool IsKeyword(std::string_view lower) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), lower) != std::end(kKeywords);
}

// The infix string predicates (`name contains 'a'`) and their functions.
bool InfixPredicate(std::string_view lower, Func* func) {
  if (lower == "contains") *func = Func::kContains;
  else if (lower == "starts_with") *func = Func::kStartsWith;
  else if (lower == "ends_with") *func = Func::kEndsWith;
  else if (lower == "matches") *func = Func::kMatches;
  else return false;
  return true;
}

NodePtr MakeNode(NodeKind kind, size_t pos) {
  auto node = std::make_unique<ExprNode>();
  node->kind = kind;
  node->pos = pos;
  return node;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<NodePtr> ParseAll() {
    LATHE_ASSIGN_OR_RETURN(NodePtr root, ParseExpr());
    if (Peek().kind != Tok::kEnd) return Unexpected(Peek(), "an operator or end of expression");
    return root;
  }

 private:
  // Counts nesting while a sub-expression is being parsed.
  class DepthGuard {
   public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    int& depth_;
  };

  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  const Token& Take() {
    const Token& t = tokens_[next_];
    if (next_ + 1 < tokens_.size()) ++next_;
    return t;
  }
  bool PeekKeyword(std::string_view kw, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == Tok::kIdent && t.text.size() == kw.size() && Lower(t.text) == kw;
  }
  bool AcceptKeyword(std::string_view kw) {
    if (!PeekKeyword(kw)) return false;
    Take();
    return true;
  }
  Status Unexpected(const Token& t, std::string_view wanted) const {
    if (t.kind == Tok::kEnd) {
      return ExprError("unexpected end of expression, expected " + std::string(wanted), t.pos);
    }
    return ExprError("unexpected " + DescribeToken(t) + ", expected " + std::string(wanted),
                     t.pos);
  }
  Status Expect(Tok kind, std::string_view spelling) {
    if (Peek().kind != kind) {
      return ExprError("expected '" + std::string(spelling) + "'", Peek().pos);
    }
    Take();
    return Status::Ok();
  }
  Status ExpectKeyword(std::string_view kw) {
    if (!AcceptKeyword(kw)) return ExprError("expected '" + std::string(kw) + "'", Peek().pos);
    return Status::Ok();
  }
  Status CheckDepth(size_t pos) const {
    if (depth_ > kMaxNestingDepth) {
      return ExprError("expression nested too deeply (more than " +
                           std::to_string(kMaxNestingDepth) + " levels)",
                       pos);
    }
    return Status::Ok();
  }

  // Attaches arguments and checks the height limit.
  Result<NodePtr> Finish(NodePtr node) {
    int height = 0;
    for (const NodePtr& a : node->args) height = std::max(height, a->height);
    node->height = height + 1;
    if (node->height > kMaxTreeHeight) {
      return ExprError("expression too deeply nested (more than " +
                           std::to_string(kMaxTreeHeight) + " levels of operators)",
                       node->pos);
    }
    return node;
  }
  Result<NodePtr> Binary(Op op, size_t pos, NodePtr lhs, NodePtr rhs) {
    NodePtr node = MakeNode(NodeKind::kBinary, pos);
    node->op = op;
    node->args.push_back(std::move(lhs));
    node->args.push_back(std::move(rhs));
    return Finish(std::move(node));
  }
  Result<NodePtr> Unary(Op op, size_t pos, NodePtr operand) {
    NodePtr node = MakeNode(NodeKind::kUnary, pos);
    node->op = op;
    node->args.push_back(std::move(operand));
    return Finish(std::move(node));
  }

  Result<NodePtr> ParseExpr() {
    DepthGuard guard(depth_);
    LATHE_RETURN_IF_ERROR(CheckDepth(Peek().pos));
    return ParseOr();
  }

  Result<NodePtr> ParseOr() {
    LATHE_ASSIGN_OR_RETURN(NodePtr lhs, ParseAnd());
    while (PeekKeyword("or")) {
      size_t pos = Take().pos;
      LATHE_ASSIGN_OR_RETURN(NodePtr rhs, ParseAnd());
      LATHE_ASSIGN_OR_RETURN(lhs, Binary(Op::kOr, pos, std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<NodePtr> ParseAnd() {
    LATHE_ASSIGN_OR_RETURN(NodePtr lhs, ParseNot());
    while (PeekKeyword("and")) {
      size_t pos = Take().pos;
      LATHE_ASSIGN_OR_RETURN(NodePtr rhs, ParseNot());
      LATHE_ASSIGN_OR_RETURN(lhs, Binary(Op::kAnd, pos, std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<NodePtr> ParseNot() {
    if (PeekKeyword("not")) {
      size_t pos = Take().pos;
      DepthGuard guard(depth_);
      LATHE_RETURN_IF_ERROR(CheckDepth(pos));
      LATHE_ASSIGN_OR_RETURN(NodePtr operand, ParseNot());
      return Unary(Op::kNot, pos, std::move(operand));
    }
    return ParseComparison();
  }

  Result<NodePtr> ParseComparison() {
    LATHE_ASSIGN_OR_RETURN(NodePtr lhs, ParseConcat());
    const Token& t = Peek();
    Op op;
    bool is_cmp = true;
    switch (t.kind) {
      case Tok::kEq: op = Op::kEq; break;
      case Tok::kNe: op = Op::kNe; break;
      case Tok::kLt: op = Op::kLt; break;
      case Tok::kLe: op = Op::kLe; break;
      case Tok::kGt: op = Op::kGt; break;
      case Tok::kGe: op = Op::kGe; break;
      default: is_cmp = false; op = Op::kEq; break;
    }
    if (is_cmp) {
      size_t pos = Take().pos;
      LATHE_ASSIGN_OR_RETURN(NodePtr rhs, ParseConcat());
      return Binary(op, pos, std::move(lhs), std::move(rhs));
    }
    if (PeekKeyword("is")) {
      size_t pos = Take().pos;
      NodePtr node = MakeNode(NodeKind::kIsNull, pos);
      node->negated = AcceptKeyword("not");
      LATHE_RETURN_IF_ERROR(ExpectKeyword("null"));
      node->args.push_back(std::move(lhs));
      return Finish(std::move(node));
    }
    // [not] in / between / contains / starts_with / ends_with / matches
    size_t not_pos = Peek().pos;
    const bool negated = PeekKeyword("not") && Peek(1).kind == Tok::kIdent;
    const Token& word = Peek(negated ? 1 : 0);
    const std::string lower = word.kind == Tok::kIdent ? Lower(word.text) : std::string();
    Func func;
    if (lower == "in") {
      if (negated) Take();
      return ParseIn(std::move(lhs), negated);
    }
    if (lower == "between") {
      if (negated) Take();
      return ParseBetween(std::move(lhs), negated);
    }
    if (InfixPredicate(lower, &func)) {
      if (negated) Take();
      size_t pos = Take().pos;
      LATHE_ASSIGN_OR_RETURN(NodePtr rhs, ParseConcat());
      std::vector<NodePtr> args;
      args.push_back(std::move(lhs));
      args.push_back(std::move(rhs));
      LATHE_ASSIGN_OR_RETURN(NodePtr call, MakeCall(func, pos, std::move(args)));
      if (negated) return Unary(Op::kNot, not_pos, std::move(call));
      return call;
    }
    return lhs;
  }

  Result<NodePtr> ParseIn(NodePtr lhs, bool negated) {
    size_t pos = Take().pos;  // 'in'
    NodePtr node = MakeNode(NodeKind::kIn, pos);
    node->negated = negated;
    node->args.push_back(std::move(lhs));
    LATHE_RETURN_IF_ERROR(Expect(Tok::kLParen, "("));
    while (true) {
      size_t item_pos = Peek().pos;
      LATHE_ASSIGN_OR_RETURN(NodePtr item, ParseExpr());
      if (item->kind != NodeKind::kLiteral) {
        return ExprError("the list of 'in' takes literal values only", item_pos);
      }
      node->args.push_back(std::move(item));
      if (Peek().kind == Tok::kComma) {
        Take();
        continue;
      }
      LATHE_RETURN_IF_ERROR(Expect(Tok::kRParen, ")"));
      break;
    }
    return Finish(std::move(node));
  }

  Result<NodePtr> ParseBetween(NodePtr lhs, bool negated) {
    size_t pos = Take().pos;  // 'between'
    NodePtr node = MakeNode(NodeKind::kBetween, pos);
    node->negated = negated;
    node->args.push_back(std::move(lhs));
    LATHE_ASSIGN_OR_RETURN(NodePtr lo, ParseConcat());
    LATHE_RETURN_IF_ERROR(ExpectKeyword("and"));
    LATHE_ASSIGN_OR_RETURN(NodePtr hi, ParseConcat());
    node->args.push_back(std::move(lo));
    node->args.push_back(std::move(hi));
    return Finish(std::move(node));
  }

  Result<NodePtr> ParseConcat() {
    LATHE_ASSIGN_OR_RETURN(NodePtr lhs, ParseAdditive());
    while (Peek().kind == Tok::kConcat) {
      size_t pos = Take().pos;
      LATHE_ASSIGN_OR_RETURN(NodePtr rhs, ParseAdditive());
      LATHE_ASSIGN_OR_RETURN(lhs, Binary(Op::kConcat, pos, std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<NodePtr> ParseAdditive() {
    LATHE_ASSIGN_OR_RETURN(NodePtr lhs, ParseMultiplicative());
    while (Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus) {
      const Token& t = Take();
      Op op = t.kind == Tok::kPlus ? Op::kAdd : Op::kSub;
      LATHE_ASSIGN_OR_RETURN(NodePtr rhs, ParseMultiplicative());
      LATHE_ASSIGN_OR_RETURN(lhs, Binary(op, t.pos, std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<NodePtr> ParseMultiplicative() {
    LATHE_ASSIGN_OR_RETURN(NodePtr lhs, ParseUnary());
    while (Peek().kind == Tok::kStar || Peek().kind == Tok::kSlash ||
           Peek().kind == Tok::kPercent) {
      const Token& t = Take();
      Op op = t.kind == Tok::kStar ? Op::kMul : t.kind == Tok::kSlash ? Op::kDiv : Op::kMod;
      LATHE_ASSIGN_OR_RETURN(NodePtr rhs, ParseUnary());
      LATHE_ASSIGN_OR_RETURN(lhs, Binary(op, t.pos, std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<NodePtr> ParseUnary() {
    if (Peek().kind != Tok::kMinus && Peek().kind != Tok::kPlus) return ParsePrimary();
    const Token& t = Take();
    const bool minus = t.kind == Tok::kMinus;
    const size_t pos = t.pos;
    DepthGuard guard(depth_);
    LATHE_RETURN_IF_ERROR(CheckDepth(pos));
    LATHE_ASSIGN_OR_RETURN(NodePtr operand, ParseUnary());
    if (!minus) return operand;
    // Fold -<number literal> so that lists and literals stay literals.
    if (operand->kind == NodeKind::kLiteral && operand->literal == LiteralKind::kFloat) {
      operand->float_value = -operand->float_value;
      operand->pos = pos;
      return operand;
    }
    if (operand->kind == NodeKind::kLiteral && operand->literal == LiteralKind::kInt &&
        operand->int_value != INT64_MIN) {
      operand->int_value = -operand->int_value;
      operand->pos = pos;
      return operand;
    }
    return Unary(Op::kNeg, pos, std::move(operand));
  }

  Result<NodePtr> ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kInt: {
        NodePtr node = MakeNode(NodeKind::kLiteral, Take().pos);
        node->literal = LiteralKind::kInt;
        node->int_value = t.int_value;
        return node;
      }
      case Tok::kFloat: {
        NodePtr node = MakeNode(NodeKind::kLiteral, Take().pos);
        node->literal = LiteralKind::kFloat;
        node->float_value = t.float_value;
        return node;
      }
      case Tok::kString: {
        NodePtr node = MakeNode(NodeKind::kLiteral, Take().pos);
        node->literal = LiteralKind::kString;
        node->text = t.text;
        return node;
      }
      case Tok::kQuotedIdent: {
        NodePtr node = MakeNode(NodeKind::kColumn, Take().pos);
        node->text = t.text;
        return node;
      }
      case Tok::kLParen: {
        Take();
        LATHE_ASSIGN_OR_RETURN(NodePtr inner, ParseExpr());
        LATHE_RETURN_IF_ERROR(Expect(Tok::kRParen, ")"));
        return inner;
      }
      case Tok::kIdent: return ParseIdentifier();
      default: return Unexpected(t, "a value, a column or '('");
    }
  }

  Result<NodePtr> ParseIdentifier() {
    const Token& t = Take();
    const std::string lower = Lower(t.text);
    if (Peek().kind == Tok::kLParen && !IsKeyword(lower)) return ParseCall(t);
    if (lower == "null" || lower == "true" || lower == "false") {
      NodePtr node = MakeNode(NodeKind::kLiteral, t.pos);
      node->literal = lower == "null" ? LiteralKind::kNull : LiteralKind::kBool;
      node->bool_value = lower == "true";
      return node;
    }
    if (lower == "case") return ParseCase(t.pos);
    if (IsKeyword(lower)) {
      return ExprError("unexpected keyword '" + t.text +
                           "', expected a value or a column (quote a column named like a "
                           "keyword: \"" + t.text + "\")",
                       t.pos);
    }
    NodePtr node = MakeNode(NodeKind::kColumn, t.pos);
    node->text = t.text;
    return node;
  }

  Result<NodePtr> ParseCall(const Token& name) {
    const std::string lower = Lower(name.text);
    const FuncInfo* info = nullptr;
    for (const FuncInfo& f : Functions()) {
      if (f.name == lower) info = &f;
    }
    if (info == nullptr) {
      return ExprError("unknown function '" + name.text + "'", name.pos);
    }
    Take();  // '('
    std::vector<NodePtr> args;
    if (Peek().kind == Tok::kRParen) {
      Take();
    } else {
      while (true) {
        LATHE_ASSIGN_OR_RETURN(NodePtr arg, ParseExpr());
        args.push_back(std::move(arg));
        if (Peek().kind == Tok::kComma) {
          Take();
          continue;
        }
        if (Peek().kind != Tok::kRParen) {
          return ExprError("expected ',' or ')' in the arguments of " + std::string(info->name),
                           Peek().pos);
        }
        Take();
        break;
      }
    }
    return MakeCall(info->func, name.pos, std::move(args));
  }

  Result<NodePtr> MakeCall(Func func, size_t pos, std::vector<NodePtr> args) {
    const FuncInfo& info = FunctionInfo(func);
    const int n = static_cast<int>(args.size());
    if (n < info.min_args || (info.max_args >= 0 && n > info.max_args)) {
      std::string want = std::to_string(info.min_args);
      if (info.max_args < 0) want = "at least " + want;
      else if (info.max_args != info.min_args) want += " to " + std::to_string(info.max_args);
      return ExprError(std::string(info.name) + "() takes " + want + " argument" +
                           (info.max_args == 1 && info.min_args == 1 ? "" : "s") + ", got " +
                           std::to_string(n),
                       pos);
    }
    NodePtr node = MakeNode(NodeKind::kCall, pos);
    node->func = func;
    node->args = std::move(args);
    if (func == Func::kMatches) LATHE_RETURN_IF_ERROR(CompileRegex(node.get()));
    return Finish(std::move(node));
  }

  static Status CompileRegex(ExprNode* node) {
    const ExprNode& pattern = *node->args[1];
    if (pattern.kind != NodeKind::kLiteral || pattern.literal != LiteralKind::kString) {
      return ExprError("the pattern of matches must be a 'quoted' string", pattern.pos);
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_shared<const RE2>(pattern.text, options);
    if (!re->ok()) {
      return ExprError("invalid regular expression '" + pattern.text + "': " + re->error(),
                       pattern.pos);
    }
    node->regex = std::move(re);
    return Status::Ok();
  }

  Result<NodePtr> ParseCase(size_t pos) {
    NodePtr node = MakeNode(NodeKind::kCase, pos);
    DepthGuard guard(depth_);
    LATHE_RETURN_IF_ERROR(CheckDepth(pos));
    if (!PeekKeyword("when")) return ExprError("expected 'when' after 'case'", Peek().pos);
    while (AcceptKeyword("when")) {
      LATHE_ASSIGN_OR_RETURN(NodePtr cond, ParseExpr());
      LATHE_RETURN_IF_ERROR(ExpectKeyword("then"));
      LATHE_ASSIGN_OR_RETURN(NodePtr value, ParseExpr());
      node->args.push_back(std::move(cond));
      node->args.push_back(std::move(value));
    }
    if (AcceptKeyword("else")) {
      LATHE_ASSIGN_OR_RETURN(NodePtr value, ParseExpr());
      node->args.push_back(std::move(value));
      node->has_else = true;
    }
    if (!PeekKeyword("end")) {
      return ExprError(node->has_else ? "expected 'end'" : "expected 'when', 'else' or 'end'",
                       Peek().pos);
    }
    Take();
    return Finish(std::move(node));
  }

  std::vector<Token> tokens_;
  size_t next_ = 0;
  int depth_ = 0;
};

}  // namespace

const std::vector<FuncInfo>& Functions() {
  static const std::vector<FuncInfo> kFunctions = {
      {"log", Func::kLog, 1, 1},          {"log10", Func::kLog10, 1, 1},
      {"exp", Func::kExp, 1, 1},          {"abs", Func::kAbs, 1, 1},
      {"sqrt", Func::kSqrt, 1, 1},        {"pow", Func::kPow, 2, 2},
      {"round", Func::kRound, 1, 2},      {"floor", Func::kFloor, 1, 1},
      {"ceil", Func::kCeil, 1, 1},        {"min", Func::kMin, 2, -1},
      {"max", Func::kMax, 2, -1},         {"coalesce", Func::kCoalesce, 1, -1},
      {"concat", Func::kConcat, 1, -1},   {"lower", Func::kLower, 1, 1},
      {"upper", Func::kUpper, 1, 1},      {"trim", Func::kTrim, 1, 1},
      {"length", Func::kLength, 1, 1},    {"substr", Func::kSubstr, 2, 3},
      {"contains", Func::kContains, 2, 2}, {"starts_with", Func::kStartsWith, 2, 2},
      {"ends_with", Func::kEndsWith, 2, 2}, {"matches", Func::kMatches, 2, 2},
      {"year", Func::kYear, 1, 1},        {"month", Func::kMonth, 1, 1},
      {"day", Func::kDay, 1, 1},          {"weekday", Func::kWeekday, 1, 1},
      {"hour", Func::kHour, 1, 1},        {"minute", Func::kMinute, 1, 1},
      {"second", Func::kSecond, 1, 1},    {"date_diff", Func::kDateDiff, 2, 2},
      {"to_number", Func::kToNumber, 1, 1}, {"to_date", Func::kToDate, 1, 1},
      {"to_text", Func::kToText, 1, 1},   {"if", Func::kIf, 3, 3},
  };
  return kFunctions;
}

const FuncInfo& FunctionInfo(Func func) {
  for (const FuncInfo& f : Functions()) {
    if (f.func == func) return f;
  }
  return Functions().front();
}

std::string_view OpName(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kMod: return "%";
    case Op::kConcat: return "||";
    case Op::kEq: return "=";
    case Op::kNe: return "!=";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kNeg: return "-";
    case Op::kNot: return "not";
  }
  return "?";
}

Result<std::unique_ptr<ExprNode>> ParseExpressionTree(std::string_view text) {
  if (text.size() > kMaxExpressionBytes) {
    return ExprError("expression too long (" + std::to_string(text.size()) + " bytes, limit " +
                         std::to_string(kMaxExpressionBytes) + ")",
                     kMaxExpressionBytes);
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  if (tokens.size() == 1) return ExprError("empty expression", 0);
  Parser parser(std::move(tokens));
  return parser.ParseAll();
}

}  // namespace lathe::prep::internal
