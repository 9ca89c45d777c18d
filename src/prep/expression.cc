// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/expression.h"

#include <set>
#include <utility>

#include "prep/internal/expr_ast.h"
#include "prep/internal/expr_binder.h"
#include "prep/internal/expr_eval.h"
#include "prep/internal/expr_parser.h"
#include "prep/internal/expr_vec.h"

namespace lathe::prep {
namespace {

Status WithExpression(Status status, const std::string& text) {
  return std::move(status).WithDetail("expression", text);
}

data::DataType OutputType(internal::VType t) {
  switch (t) {
    case internal::VType::kBool: return data::DataType::kBool;
    case internal::VType::kInt: return data::DataType::kInt64;
    case internal::VType::kFloat: return data::DataType::kFloat64;
    case internal::VType::kDate: return data::DataType::kDate;
    case internal::VType::kDateTime: return data::DataType::kDateTime;
    default: return data::DataType::kText;
  }
}

void CollectColumns(const internal::ExprNode& node, std::vector<std::string>* out,
                    std::set<std::string>* seen) {
  if (node.kind == internal::NodeKind::kColumn && seen->insert(node.text).second) {
    out->push_back(node.text);
  }
  for (const auto& arg : node.args) CollectColumns(*arg, out, seen);
}

}  // namespace

Result<Expression> Expression::Parse(std::string_view text) {
  auto root = internal::ParseExpressionTree(text);
  if (!root.ok()) return WithExpression(root.status(), std::string(text));
  Expression e;
  e.text_ = std::string(text);
  e.root_ = std::shared_ptr<const internal::ExprNode>(std::move(root).value());
  return e;
}

Result<data::DataType> Expression::ResultType(const data::Table& schema) const {
  auto bound = internal::Bind(*root_, schema);
  if (!bound.ok()) return WithExpression(bound.status(), text_);
  return OutputType(bound->type);
}

Result<data::Column> Expression::Evaluate(const data::Table& table, std::string name) const {
  auto bound = internal::Bind(*root_, table);
  if (!bound.ok()) return WithExpression(bound.status(), text_);
  const internal::EvalInput in{table, table.num_rows()};
  internal::Vec v = internal::EvaluateBound(*bound, in);
  return internal::ToColumn(std::move(v), table.num_rows(), std::move(name));
}

Result<std::vector<uint32_t>> Expression::TrueRows(const data::Table& table) const {
  auto bound = internal::Bind(*root_, table);
  if (!bound.ok()) return WithExpression(bound.status(), text_);
  if (bound->type != internal::VType::kBool && bound->type != internal::VType::kNull) {
    return WithExpression(
        InvalidArgumentError("the condition gives " +
                             std::string(internal::VTypeName(bound->type)) +
                             ", not true/false (compare it, e.g. x > 0)")
            .WithDetail("position", 0),
        text_);
  }
  const size_t rows = table.num_rows();
  std::vector<uint32_t> out;
  if (bound->type == internal::VType::kNull) return out;
  const internal::EvalInput in{table, rows};
  internal::Vec v = internal::EvaluateBound(*bound, in);
  if (v.scalar) {
    if (v.IsValid(0) && v.i64[0] != 0) {
      internal::FillLarge(out, rows, uint32_t{0});
      for (size_t i = 0; i < rows; ++i) out[i] = static_cast<uint32_t>(i);
    }
    return out;
  }
  size_t count = 0;
  for (size_t i = 0; i < rows; ++i) count += v.IsValid(i) && v.i64[i] != 0;
  out.reserve(count);
  if (v.valid == nullptr) {
    for (size_t i = 0; i < rows; ++i) {
      if (v.i64[i] != 0) out.push_back(static_cast<uint32_t>(i));
    }
  } else {
    for (size_t i = 0; i < rows; ++i) {
      if (v.valid[i] && v.i64[i] != 0) out.push_back(static_cast<uint32_t>(i));
    }
  }
  return out;
}

std::vector<std::string> Expression::Columns() const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  if (root_) CollectColumns(*root_, &out, &seen);
  return out;
}

}  // namespace lathe::prep
