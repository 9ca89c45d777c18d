// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Text operations on text and categorical columns: trim, lower, upper, replace_text,
// split_column, extract. All are row-wise and learn nothing. A categorical column is transformed
// through its dictionary (each distinct value once) and stays categorical; values that become
// equal (" a" and "a" after trim) merge into one category. Case mapping is locale-independent
// (see internal/utf8_case.h); trim removes ASCII whitespace (space, \t, \n, \v, \f, \r).
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <re2/re2.h>

#include "prep/internal/op_support.h"
#include "prep/internal/utf8_case.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using internal::OpBase;
using internal::Param;

constexpr std::string_view kStringTypes = "a text or categorical column";

// Applies `fn(std::string_view in, std::string* out)` (which appends the new value) to every
// present value of a text or categorical column.
template <typename Fn>
Column MapStrings(const Column& in, Fn&& fn) {
  Column out = Column::Make(in.name, in.type);
  out.valid = in.valid;
  if (in.type == DataType::kCategorical) {
    std::string buffer;
    std::vector<uint32_t> remap(in.dictionary.size());
    for (size_t code = 0; code < in.dictionary.size(); ++code) {
      buffer.clear();
      fn(std::string_view(in.dictionary[code]), &buffer);
      auto [it, inserted] =
          out.dictionary_index.emplace(buffer, static_cast<uint32_t>(out.dictionary.size()));
      if (inserted) out.dictionary.push_back(buffer);
      remap[code] = it->second;
    }
    out.codes.resize(in.codes.size());
    for (size_t row = 0; row < in.codes.size(); ++row) {
      out.codes[row] = in.valid[row] ? remap[in.codes[row]] : 0;
    }
    return out;
  }
  const size_t n = in.size();
  out.chars.reserve(in.chars.size());
  out.offsets.reserve(n + 1);
  for (size_t row = 0; row < n; ++row) {
    if (in.valid[row]) fn(in.StringAt(row), &out.chars);
    out.offsets.push_back(out.chars.size());
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

data::Table WithColumns(data::Table input, const std::vector<size_t>& indices,
                        std::vector<Column>* replacements) {
  // Backwards, so that a column listed twice gets its first replacement.
  for (size_t k = indices.size(); k-- > 0;) {
    input.mutable_column(indices[k]) = std::move((*replacements)[k]);
  }
  return input;
}

// trim / lower / upper over a list of columns.
class CaseOp : public OpBase {
 public:
  enum class Kind { kTrim, kLower, kUpper };
  CaseOp(std::string_view name, std::string path, Kind kind, std::vector<std::string> columns)
      : OpBase(name, std::move(path), true), kind_(kind), columns_(std::move(columns)) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> cols,
                           RequireColumns(input, columns_, Field("columns")));
    std::vector<Column> replaced;
    for (size_t i = 0; i < cols.size(); ++i) {
      const Column& c = input.column(cols[i]);
      if (!internal::IsStringType(c.type)) {
        return internal::ColumnTypeError(Field("columns") + "[" + std::to_string(i) + "]", c,
                                         name(), kStringTypes);
      }
      switch (kind_) {
        case Kind::kTrim:
          replaced.push_back(
              MapStrings(c, [](std::string_view s, std::string* o) { o->append(Trim(s)); }));
          break;
        case Kind::kLower: replaced.push_back(MapStrings(c, internal::AppendLower)); break;
        case Kind::kUpper: replaced.push_back(MapStrings(c, internal::AppendUpper)); break;
      }
    }
    return WithColumns(std::move(input), cols, &replaced);
  }

 private:
  Kind kind_;
  std::vector<std::string> columns_;
};

OperationFactory CaseFactory(std::string_view name, CaseOp::Kind kind) {
  return [name, kind](const nlohmann::json& step,
                      std::string path) -> Result<std::unique_ptr<Operation>> {
    Params p(step, path);
    LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, p.Strings("columns"));
    LATHE_RETURN_IF_ERROR(p.Finish());
    return std::unique_ptr<Operation>(new CaseOp(name, std::move(path), kind, std::move(columns)));
  };
}

// Compiles `pattern`; InvalidArgument naming `field` with RE2's message when it is bad.
Result<std::shared_ptr<const re2::RE2>> Compile(const std::string& pattern,
                                                const std::string& field) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) {
    return ParamError(field, "invalid regular expression: " + re->error())
        .WithDetail("pattern", pattern);
  }
  return re;
}

class ReplaceTextOp : public OpBase {
 public:
  ReplaceTextOp(std::string path, std::string column, std::string find, std::string replace,
                std::shared_ptr<const re2::RE2> re)
      : OpBase("replace_text", std::move(path), true),
        column_(std::move(column)),
        find_(std::move(find)),
        replace_(std::move(replace)),
        re_(std::move(re)) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(size_t col, RequireColumn(input, column_, Field("column")));
    const Column& c = input.column(col);
    if (!internal::IsStringType(c.type)) {
      return internal::ColumnTypeError(Field("column"), c, name(), kStringTypes);
    }
    std::vector<Column> replaced;
    if (re_) {
      std::string buffer;
      replaced.push_back(MapStrings(c, [&](std::string_view s, std::string* o) {
        buffer.assign(s);
        re2::RE2::GlobalReplace(&buffer, *re_, replace_);
        o->append(buffer);
      }));
    } else {
      replaced.push_back(MapStrings(c, [&](std::string_view s, std::string* o) {
        size_t pos = 0;
        while (true) {
          const size_t hit = s.find(find_, pos);
          if (hit == std::string_view::npos) break;
          o->append(s.substr(pos, hit - pos));
          o->append(replace_);
          pos = hit + find_.size();
        }
        o->append(s.substr(pos));
      }));
    }
    return WithColumns(std::move(input), {col}, &replaced);
  }

 private:
  std::string column_;
  std::string find_;
  std::string replace_;
  std::shared_ptr<const re2::RE2> re_;  // null: literal find
};

Result<std::unique_ptr<Operation>> MakeReplaceText(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string column, p.String("column"));
  LATHE_ASSIGN_OR_RETURN(std::string find, p.String("find"));
  LATHE_ASSIGN_OR_RETURN(std::string replace, p.String("replace"));
  LATHE_ASSIGN_OR_RETURN(bool regex, p.Bool("regex", false));
  LATHE_RETURN_IF_ERROR(p.Finish());
  if (find.empty()) return ParamError(p.Field("find"), "must not be empty");
  std::shared_ptr<const re2::RE2> re;
  if (regex) {
    LATHE_ASSIGN_OR_RETURN(re, Compile(find, p.Field("find")));
    std::string error;
    if (!re->CheckRewriteString(replace, &error)) {
      return ParamError(p.Field("replace"), "invalid replacement: " + error);
    }
  }
  return std::unique_ptr<Operation>(new ReplaceTextOp(std::move(path), std::move(column),
                                                      std::move(find), std::move(replace),
                                                      std::move(re)));
}

// Builds output string columns of the same kind as `source` (text, or categorical with parts
// interned per dictionary entry). `parts(value, emit)` calls emit(j, piece) for each present
// piece j; missing pieces are null.
class PartsBuilder {
 public:
  PartsBuilder(const Column& source, const std::vector<std::string>& names) : source_(source) {
    for (const auto& n : names) outputs_.push_back(Column::Make(n, source.type));
  }

  template <typename SplitFn>
  std::vector<Column> Build(SplitFn&& split) {
    const size_t k = outputs_.size();
    const size_t n = source_.size();
    std::vector<std::string_view> pieces(k);
    std::vector<uint8_t> present(k);
    auto run = [&](std::string_view value) {
      std::fill(present.begin(), present.end(), 0);
      split(value, [&](size_t j, std::string_view piece) {
        pieces[j] = piece;
        present[j] = 1;
      });
    };
    if (source_.type == DataType::kCategorical) {
      // Per dictionary entry: the code of each part (kNone = null).
      constexpr uint32_t kNone = 0xFFFFFFFFu;
      std::vector<std::vector<uint32_t>> part_code(k, std::vector<uint32_t>(source_.dictionary.size(), kNone));
      for (size_t code = 0; code < source_.dictionary.size(); ++code) {
        run(source_.dictionary[code]);
        for (size_t j = 0; j < k; ++j) {
          if (!present[j]) continue;
          Column& o = outputs_[j];
          auto [it, inserted] = o.dictionary_index.emplace(
              std::string(pieces[j]), static_cast<uint32_t>(o.dictionary.size()));
          if (inserted) o.dictionary.emplace_back(pieces[j]);
          part_code[j][code] = it->second;
        }
      }
      for (size_t j = 0; j < k; ++j) {
        Column& o = outputs_[j];
        o.valid.resize(n);
        o.codes.resize(n);
        for (size_t row = 0; row < n; ++row) {
          const uint32_t pc = source_.valid[row] ? part_code[j][source_.codes[row]] : kNone;
          o.valid[row] = pc != kNone;
          o.codes[row] = pc == kNone ? 0 : pc;
        }
      }
      return std::move(outputs_);
    }
    for (Column& o : outputs_) o.Reserve(n);
    for (size_t row = 0; row < n; ++row) {
      if (source_.valid[row]) {
        run(source_.StringAt(row));
      } else {
        std::fill(present.begin(), present.end(), 0);
      }
      for (size_t j = 0; j < k; ++j) {
        Column& o = outputs_[j];
        o.valid.push_back(present[j]);
        if (present[j]) o.chars.append(pieces[j]);
        o.offsets.push_back(o.chars.size());
      }
    }
    return std::move(outputs_);
  }

 private:
  const Column& source_;
  std::vector<Column> outputs_;
};

// The table with column `at` replaced by (or, with keep, followed by) `added`.
data::Table Splice(data::Table input, size_t at, bool keep, std::vector<Column> added) {
  data::Table out;
  for (size_t col = 0; col < input.num_columns(); ++col) {
    if (col != at || keep) (void)out.AddColumn(std::move(input.mutable_column(col)));
    if (col == at) {
      for (Column& c : added) (void)out.AddColumn(std::move(c));
    }
  }
  return out;
}

class SplitColumnOp : public OpBase {
 public:
  SplitColumnOp(std::string path, std::string column, std::string delimiter,
                std::vector<std::string> into, int64_t max_parts, std::string prefix, bool keep)
      : OpBase("split_column", std::move(path), true),
        column_(std::move(column)),
        delimiter_(std::move(delimiter)),
        into_(std::move(into)),
        max_parts_(max_parts),
        prefix_(std::move(prefix)),
        keep_(keep) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(size_t col, RequireColumn(input, column_, Field("column")));
    const Column& c = input.column(col);
    if (!internal::IsStringType(c.type)) {
      return internal::ColumnTypeError(Field("column"), c, name(), kStringTypes);
    }
    std::vector<std::string> names = into_;
    std::string names_field = Field("into");
    if (names.empty()) {
      const std::string prefix = prefix_.empty() ? column_ + "_" : prefix_;
      for (int64_t j = 1; j <= max_parts_; ++j) names.push_back(prefix + std::to_string(j));
      names_field = Field("prefix");
    }
    std::vector<std::string> taken;
    for (size_t j = 0; j < names.size(); ++j) {
      LATHE_RETURN_IF_ERROR(internal::RequireNewName(
          input, &taken, names[j],
          into_.empty() ? names_field : names_field + "[" + std::to_string(j) + "]",
          keep_ ? -1 : static_cast<int>(col)));
    }
    const size_t k = names.size();
    const std::string_view delim = delimiter_;
    PartsBuilder builder(c, names);
    std::vector<Column> parts = builder.Build([&](std::string_view value, auto&& emit) {
      // The last part takes the rest of the value, delimiters included.
      size_t pos = 0;
      for (size_t j = 0; j + 1 < k; ++j) {
        const size_t hit = value.find(delim, pos);
        if (hit == std::string_view::npos) {
          emit(j, value.substr(pos));
          return;
        }
        emit(j, value.substr(pos, hit - pos));
        pos = hit + delim.size();
      }
      emit(k - 1, value.substr(pos));
    });
    return Splice(std::move(input), col, keep_, std::move(parts));
  }

 private:
  std::string column_;
  std::string delimiter_;
  std::vector<std::string> into_;
  int64_t max_parts_;
  std::string prefix_;
  bool keep_;
};

Result<std::unique_ptr<Operation>> MakeSplitColumn(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string column, p.String("column"));
  LATHE_ASSIGN_OR_RETURN(std::string delimiter, p.String("delimiter"));
  if (delimiter.empty()) return ParamError(p.Field("delimiter"), "must not be empty");
  if (p.Has("into") && p.Has("max_parts")) {
    return ParamError(p.Field("max_parts"), "give either into or max_parts, not both");
  }
  std::vector<std::string> into;
  int64_t max_parts = 0;
  std::string prefix;
  if (p.Has("into")) {
    LATHE_ASSIGN_OR_RETURN(into, p.Strings("into"));
    if (p.Has("prefix")) return ParamError(p.Field("prefix"), "only used with max_parts");
  } else {
    if (!p.Has("max_parts")) return ParamError(p.Field("into"), "required (or give max_parts)");
    LATHE_ASSIGN_OR_RETURN(max_parts, p.Integer("max_parts"));
    if (max_parts < 1 || max_parts > 1000) {
      return ParamError(p.Field("max_parts"),
                        "must be between 1 and 1000, got " + std::to_string(max_parts));
    }
    LATHE_ASSIGN_OR_RETURN(prefix, p.String("prefix", ""));
  }
  LATHE_ASSIGN_OR_RETURN(bool keep, p.Bool("keep_original", false));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new SplitColumnOp(std::move(path), std::move(column),
                                                      std::move(delimiter), std::move(into),
                                                      max_parts, std::move(prefix), keep));
}

class ExtractOp : public OpBase {
 public:
  ExtractOp(std::string path, std::string column, std::shared_ptr<const re2::RE2> re,
            std::vector<std::string> into)
      : OpBase("extract", std::move(path), true),
        column_(std::move(column)),
        re_(std::move(re)),
        into_(std::move(into)) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(size_t col, RequireColumn(input, column_, Field("column")));
    const Column& c = input.column(col);
    if (!internal::IsStringType(c.type)) {
      return internal::ColumnTypeError(Field("column"), c, name(), kStringTypes);
    }
    std::vector<std::string> taken;
    for (size_t j = 0; j < into_.size(); ++j) {
      LATHE_RETURN_IF_ERROR(internal::RequireNewName(input, &taken, into_[j],
                                                     Field("into") + "[" + std::to_string(j) + "]"));
    }
    const size_t groups = into_.size();
    std::vector<re2::StringPiece> match(groups + 1);
    PartsBuilder builder(c, into_);
    std::vector<Column> parts = builder.Build([&](std::string_view value, auto&& emit) {
      if (!re_->Match(value, 0, value.size(), re2::RE2::UNANCHORED, match.data(),
                      static_cast<int>(groups + 1))) {
        return;  // no match: every output is null
      }
      for (size_t j = 0; j < groups; ++j) {
        // A group that did not take part in the match has a null data pointer: null.
        if (match[j + 1].data() != nullptr) emit(j, std::string_view(match[j + 1]));
      }
    });
    return Splice(std::move(input), col, /*keep=*/true, std::move(parts));
  }

 private:
  std::string column_;
  std::shared_ptr<const re2::RE2> re_;
  std::vector<std::string> into_;
};

Result<std::unique_ptr<Operation>> MakeExtract(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string column, p.String("column"));
  LATHE_ASSIGN_OR_RETURN(std::string pattern, p.String("pattern"));
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> into, p.Strings("into"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  LATHE_ASSIGN_OR_RETURN(auto re, Compile(pattern, p.Field("pattern")));
  const int groups = re->NumberOfCapturingGroups();
  if (groups == 0) {
    return ParamError(p.Field("pattern"),
                      "has no capture group; wrap the part to extract in parentheses");
  }
  if (static_cast<size_t>(groups) != into.size()) {
    return ParamError(p.Field("into"), "names " + std::to_string(into.size()) +
                                           " columns but the pattern has " +
                                           std::to_string(groups) + " capture groups");
  }
  return std::unique_ptr<Operation>(
      new ExtractOp(std::move(path), std::move(column), std::move(re), std::move(into)));
}

nlohmann::json ColumnsDoc(const std::string& what) {
  return nlohmann::json::array({Param("columns", "columns", true, nullptr,
                                      what + " (text or categorical columns)")});
}

}  // namespace

std::vector<OperationSpec> TextOperations() {
  using Kind = CaseOp::Kind;
  std::vector<OperationSpec> specs;
  specs.push_back({{"trim", "text", "Remove leading and trailing whitespace (ASCII)", true,
                    ColumnsDoc("columns to trim")},
                   CaseFactory("trim", Kind::kTrim)});
  specs.push_back({{"lower", "text",
                    "Lowercase text (ASCII, Latin-1/Extended-A, Greek, Cyrillic; no locale)", true,
                    ColumnsDoc("columns to lowercase")},
                   CaseFactory("lower", Kind::kLower)});
  specs.push_back({{"upper", "text",
                    "Uppercase text (ASCII, Latin-1/Extended-A, Greek, Cyrillic; no locale)", true,
                    ColumnsDoc("columns to uppercase")},
                   CaseFactory("upper", Kind::kUpper)});
  specs.push_back(
      {{"replace_text", "text", "Replace every occurrence of a string or regular expression",
        true,
        nlohmann::json::array(
            {Param("column", "column", true, nullptr, "text or categorical column"),
             Param("find", "string", true, nullptr,
                   "text to find (or an RE2 regular expression when regex is true)"),
             Param("replace", "string", true, nullptr,
                   "replacement; with regex, \\1..\\9 insert capture groups"),
             Param("regex", "boolean", false, false, "treat find as an RE2 regular expression")})},
       MakeReplaceText});
  specs.push_back(
      {{"split_column", "text",
        "Split a text column on a delimiter into several columns (the last takes the rest; "
        "missing parts are null)",
        true,
        nlohmann::json::array(
            {Param("column", "column", true, nullptr, "text or categorical column to split"),
             Param("delimiter", "string", true, nullptr, "literal separator"),
             Param("into", "string[]", false, nullptr,
                   "names of the new columns (give into or max_parts)"),
             Param("max_parts", "integer", false, nullptr,
                   "number of new columns, named prefix1..prefixN (1..1000)"),
             Param("prefix", "string", false, nullptr,
                   "name prefix with max_parts (default: \"<column>_\")"),
             Param("keep_original", "boolean", false, false,
                   "keep the split column (the new columns follow it)")})},
       MakeSplitColumn});
  specs.push_back(
      {{"extract", "text",
        "Extract capture groups of an RE2 regular expression into new columns (no match: null)",
        true,
        nlohmann::json::array(
            {Param("column", "column", true, nullptr, "text or categorical column"),
             Param("pattern", "string", true, nullptr,
                   "RE2 regular expression with capture groups; the first match is used"),
             Param("into", "string[]", true, nullptr,
                   "one new column name per capture group, added after the column")})},
       MakeExtract});
  return specs;
}

}  // namespace lathe::prep
