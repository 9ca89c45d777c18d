// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Formula steps: `filter` keeps the rows where a condition is true, `derive` adds (or
// overwrites) a column computed by an expression (see prep/expression.h for the language).
// Both parse their expression when the recipe is built, so a syntax error fails before any data
// is touched; column names and types are checked when the step is applied.
#include <memory>
#include <string>
#include <utility>

#include "data/take.h"
#include "prep/expression.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep {
namespace {

// "steps[2].condition: unknown column 'x' at position 3", details keep position/expression and
// gain {"field"}.
Status FieldError(const Status& status, const std::string& field) {
  return status.Annotate(field).WithDetail("field", field);
}

nlohmann::json ParamDoc(const std::string& name, const std::string& type,
                        const std::string& description) {
  return {{"name", name}, {"type", type}, {"required", true}, {"default", nullptr},
          {"description", description}};
}

// Holds the step path for error messages.
class FormulaOp : public Operation {
 public:
  FormulaOp(std::string_view name, std::string path) : name_(name), path_(std::move(path)) {}
  std::string_view name() const override { return name_; }
  bool row_wise() const override { return true; }
  std::string Field(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

 private:
  std::string_view name_;
  std::string path_;
};

Result<Expression> ParseField(Params& p, std::string_view key) {
  LATHE_ASSIGN_OR_RETURN(std::string text, p.String(key));
  auto expr = Expression::Parse(text);
  if (!expr.ok()) return FieldError(expr.status(), p.Field(key));
  return std::move(expr).value();
}

class FilterOp : public FormulaOp {
 public:
  FilterOp(std::string path, Expression condition)
      : FormulaOp("filter", std::move(path)), condition_(std::move(condition)) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& ctx,
                            nlohmann::json& /*state*/) const override {
    auto rows = condition_.TrueRows(input);
    if (!rows.ok()) return FieldError(rows.status(), Field("condition"));
    if (rows->size() < input.num_rows()) data::CompactRows(&input, *rows, ctx.threads);
    return input;
  }

 private:
  Expression condition_;
};

class DeriveOp : public FormulaOp {
 public:
  DeriveOp(std::string path, std::string column, Expression expression)
      : FormulaOp("derive", std::move(path)),
        column_(std::move(column)),
        expression_(std::move(expression)) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    auto column = expression_.Evaluate(input, column_);
    if (!column.ok()) return FieldError(column.status(), Field("expression"));
    const int existing = input.FindColumn(column_);
    if (existing >= 0) {
      input.mutable_column(static_cast<size_t>(existing)) = std::move(column).value();
    } else {
      LATHE_RETURN_IF_ERROR(input.AddColumn(std::move(column).value()));
    }
    return input;
  }

 private:
  std::string column_;
  Expression expression_;
};

Result<std::unique_ptr<Operation>> MakeFilter(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(Expression condition, ParseField(p, "condition"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new FilterOp(std::move(path), std::move(condition)));
}

Result<std::unique_ptr<Operation>> MakeDerive(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string column, p.String("column"));
  if (column.empty()) return ParamError(p.Field("column"), "a column name must not be empty");
  LATHE_ASSIGN_OR_RETURN(Expression expression, ParseField(p, "expression"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(
      new DeriveOp(std::move(path), std::move(column), std::move(expression)));
}

}  // namespace

std::vector<OperationSpec> DeriveOperations() {
  std::vector<OperationSpec> specs;
  specs.push_back(
      {{"filter", "rows",
        "Keep the rows where a condition is true (rows where it is false or null are dropped)",
        true,
        nlohmann::json::array(
            {ParamDoc("condition", "expression",
                   "A condition in the formula language, e.g. age >= 18 and city in ('Paris', "
                   "'Lyon'); comparisons with null are null, so such rows are dropped")})},
       MakeFilter});
  specs.push_back(
      {{"derive", "columns",
        "Add a column computed by a formula, or overwrite an existing one", true,
        nlohmann::json::array(
            {ParamDoc("column", "string",
                   "Name of the new column; an existing name replaces that column in place"),
             ParamDoc("expression", "expression",
                   "A formula over the columns, e.g. price * quantity, log(income), "
                   "if(age >= 18, 'adult', 'minor'), date_diff(end, start); its type follows "
                   "the formula")})},
       MakeDerive});
  return specs;
}

}  // namespace lathe::prep
