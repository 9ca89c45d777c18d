// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Dataset, Prepare, Query and Split: steps whose outputs are datasets.
#include <algorithm>
#include <filesystem>

#include "core/import_path.h"
#include "data/csv_reader.h"
#include "data/take.h"
#include "jobs/test_split.h"
#include "ml/problem.h"
#include "pipelines/steps/builtin_steps.h"
#include "pipelines/steps/step_util.h"
#include "prep/recipe.h"
#include "prep/sql_query.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

json ParentJson(const store::DatasetRecord& r) {
  return {{"id", r.id}, {"name", r.name}, {"version", r.version}};
}

Result<store::DatasetRecord> InputDataset(const BuiltinServices& s, const StepContext& ctx,
                                          const std::string& input) {
  LATHE_ASSIGN_OR_RETURN(std::string id, InputId(ctx, input));
  return s.datasets->Get(id);
}

// `requested` (relative to the import directory, or absolute inside it) as a real path inside the
// import directory: the rule of core/import_path.h (no "..", symbolic links cannot leave it).
Result<std::string> ImportPath(const std::string& import_dir, const std::string& requested) {
  namespace fs = std::filesystem;
  if (import_dir.empty()) {
    return PermissionDeniedError("properties.path: this server reads no files for pipelines");
  }
  std::string relative = requested;
  if (fs::path(requested).is_absolute()) {
    // An absolute path is accepted when it names a file below the directory (as given or real).
    std::error_code ec;
    for (const fs::path& root : {fs::path(import_dir), fs::weakly_canonical(import_dir, ec)}) {
      const fs::path inside = fs::path(requested).lexically_normal().lexically_relative(root);
      if (!inside.empty() && *inside.begin() != "..") {
        relative = inside.string();
        break;
      }
    }
  }
  return ResolveImportPath(
      import_dir, relative,
      {.field = "properties.path", .place = "the import directory"});
}

StepType DatasetStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Dataset";
  t.info.category = "data";
  t.info.description = "An existing dataset by name (latest or a version), or a CSV file on the server";
  t.info.outputs = {Port("dataset", kDatasetArtifact)};
  t.info.properties = {
      Prop("name", "string", "dataset id or name (with path: the name to store the file as)", true),
      Prop("version", "integer", "version of a named dataset (default: latest)"),
      Prop("path", "string", "a CSV file in the server's import directory (<data dir>/imports) to ingest as a new version of name")};
  t.info.properties[1].minimum = 1;
  t.run = [s](StepContext& ctx) -> Result<json> {
    const std::string name = StringProp(ctx, "name");
    const std::string requested = StringProp(ctx, "path");
    if (!requested.empty()) {
      LATHE_ASSIGN_OR_RETURN(std::string path, ImportPath(s.import_dir, requested));
      data::CsvOptions options;
      options.source_name = std::filesystem::path(path).filename().string();
      LATHE_ASSIGN_OR_RETURN(data::Table table, data::ReadCsvFile(path, options));
      ctx.Log("read " + std::to_string(table.num_rows()) + " rows from " + path);
      LATHE_ASSIGN_OR_RETURN(store::DatasetRecord stored,
                             s.datasets->CreateFromTable(name, std::move(table),
                                                         {{"kind", "file"}, {"path", path}}));
      return json{{"dataset", DatasetArtifact(stored)}};
    }
    std::optional<int> version;
    if (ctx.properties().contains("version") && ctx.properties()["version"].is_number()) {
      version = ctx.properties()["version"].get<int>();
    }
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, s.datasets->Get(name, version));
    ctx.Log("dataset " + record.name + " version " + std::to_string(record.version) + ": " +
            std::to_string(record.rows) + " rows");
    return json{{"dataset", DatasetArtifact(record)}};
  };
  return t;
}

StepType PrepareStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Prepare";
  t.info.category = "data";
  t.info.description = "Apply a recipe (docs/api/prep.md): a new dataset version with lineage";
  t.info.inputs = {Port("dataset", kDatasetArtifact)};
  t.info.outputs = {Port("dataset", kDatasetArtifact)};
  t.info.properties = {
      Prop("recipe", "object", "{\"steps\": [{\"op\": ...}]}", true),
      Prop("output_name", "string", "name of the output dataset (default <pipeline>-<step>)"),
      Prop("seed", "integer", "for sampling operations", false, 42)};
  t.info.cacheable = true;
  t.run = [s](StepContext& ctx) -> Result<json> {
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord parent, InputDataset(s, ctx, "dataset"));
    LATHE_ASSIGN_OR_RETURN(prep::Recipe recipe, prep::ParseRecipe(ctx.properties()["recipe"]));
    LATHE_ASSIGN_OR_RETURN(auto table, s.datasets->LoadTable(parent));
    prep::ApplyContext apply;
    apply.threads = prep::DefaultApplyThreads();
    apply.seed = ctx.properties().value("seed", 42);
    apply.load_dataset = [&s](std::string_view id) -> Result<std::shared_ptr<const data::Table>> {
      LATHE_ASSIGN_OR_RETURN(store::DatasetRecord r, s.datasets->Get(id));
      return s.datasets->LoadTable(r);
    };
    LATHE_ASSIGN_OR_RETURN(prep::RecipeRun run, prep::ApplyRecipe(recipe, *table, apply));
    for (size_t i = 0; i < run.steps.size(); ++i) {
      const prep::StepRun& st = run.steps[i];
      ctx.Log("steps[" + std::to_string(i) + "] " + st.op + ": " + std::to_string(st.rows_in) +
              " -> " + std::to_string(st.rows_out) + " rows, " + std::to_string(st.columns_out) +
              " columns");
    }
    json lineage = {{"kind", "recipe"},
                    {"parent", ParentJson(parent)},
                    {"recipe_sha256", recipe.Hash()},
                    {"recipe", run.fitted.ToJson(/*with_state=*/true)},
                    {"seed", apply.seed},
                    {"pipeline_run", ctx.run_id()}};
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord stored,
                           s.datasets->CreateFromTable(OutputName(ctx), std::move(run.table), lineage));
    return json{{"dataset", DatasetArtifact(stored)}};
  };
  return t;
}

StepType QueryStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Query";
  t.info.category = "data";
  t.info.description = "Read-only SQL (SQLite) over the input datasets; each input's name is its table alias";
  t.info.variadic_input_type = std::string(kDatasetArtifact);
  t.info.outputs = {Port("dataset", kDatasetArtifact)};
  t.info.properties = {Prop("sql", "string", "a SELECT or WITH statement", true),
                       Prop("output_name", "string", "name of the output dataset")};
  t.info.cacheable = true;
  t.run = [s](StepContext& ctx) -> Result<json> {
    prep::SqlQuery query;
    query.sql = StringProp(ctx, "sql");
    json sources = json::object();
    for (const auto& [alias, artifact] : ctx.inputs()) {
      LATHE_ASSIGN_OR_RETURN(store::DatasetRecord r, InputDataset(s, ctx, alias));
      LATHE_ASSIGN_OR_RETURN(query.tables[alias], s.datasets->LoadTable(r));
      sources[alias] = ParentJson(r);
    }
    LATHE_ASSIGN_OR_RETURN(prep::SqlResult result, prep::RunSql(query));
    ctx.Log("query returned " + std::to_string(result.table.num_rows()) + " rows in " +
            std::to_string(static_cast<int>(result.millis)) + " ms" +
            (result.truncated ? " (truncated)" : ""));
    json lineage = {{"kind", "query"}, {"sql", query.sql}, {"datasets", sources},
                    {"pipeline_run", ctx.run_id()}};
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord stored,
                           s.datasets->CreateFromTable(OutputName(ctx), std::move(result.table), lineage));
    return json{{"dataset", DatasetArtifact(stored)}};
  };
  return t;
}

StepType SplitStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Split";
  t.info.category = "data";
  t.info.description = "Train / test split, stratified by a column's classes when given, seeded";
  t.info.inputs = {Port("dataset", kDatasetArtifact)};
  t.info.outputs = {Port("train", kDatasetArtifact), Port("test", kDatasetArtifact)};
  t.info.properties = {
      Prop("test_fraction", "number", "share of rows in the test part", false, 0.2),
      Prop("stratify", "string", "column whose classes keep their shares in both parts"),
      Prop("seed", "integer", "shuffle seed", false, 42)};
  t.info.properties[0].minimum = 0.05;
  t.info.properties[0].maximum = 0.5;
  t.info.cacheable = true;
  t.run = [s](StepContext& ctx) -> Result<json> {
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord parent, InputDataset(s, ctx, "dataset"));
    LATHE_ASSIGN_OR_RETURN(auto table, s.datasets->LoadTable(parent));
    const double fraction = ctx.properties().value("test_fraction", 0.2);
    const uint64_t seed = ctx.properties().value("seed", uint64_t{42});
    const std::string stratify = StringProp(ctx, "stratify");
    std::vector<float> y(table->num_rows(), 0.0f);
    ml::ProblemType type = ml::ProblemType::kRegression;  // a plain seeded shuffle
    if (!stratify.empty()) {
      auto problem = ml::DetectProblem(*table, stratify);
      if (!problem.ok()) return Status(problem.status()).Annotate("properties.stratify");
      if (problem->type != ml::ProblemType::kRegression) {
        LATHE_ASSIGN_OR_RETURN(y, ml::EncodeTarget(*table, *problem));
        type = problem->type;
      } else {
        ctx.Log("'" + stratify + "' is numeric with many values: split without stratification");
      }
    }
    auto split = jobs::SplitTrainTest(y, type, fraction, seed);
    if (!split.ok()) return Status(split.status()).Annotate("split");
    ctx.Log("train " + std::to_string(split->train.size()) + " rows, test " +
            std::to_string(split->test.size()) + " rows" +
            (split->unlabelled ? ", " + std::to_string(split->unlabelled) + " without a '" + stratify + "' value left out" : ""));
    json out = json::object();
    for (const char* part : {"train", "test"}) {
      const auto& rows = std::string(part) == "train" ? split->train : split->test;
      json lineage = {{"kind", "split"},     {"parent", ParentJson(parent)},
                      {"part", part},        {"test_fraction", fraction},
                      {"seed", seed},        {"stratify", stratify},
                      {"pipeline_run", ctx.run_id()}};
      LATHE_ASSIGN_OR_RETURN(store::DatasetRecord stored,
                             s.datasets->CreateFromTable(OutputName(ctx, part),
                                                         data::TakeRows(*table, rows), lineage));
      out[part] = DatasetArtifact(stored);
    }
    return out;
  };
  return t;
}

}  // namespace

Status RegisterDataSteps(StepRegistry& registry, const BuiltinServices& services) {
  LATHE_RETURN_IF_ERROR(registry.Register(DatasetStep(services)));
  LATHE_RETURN_IF_ERROR(registry.Register(PrepareStep(services)));
  LATHE_RETURN_IF_ERROR(registry.Register(QueryStep(services)));
  return registry.Register(SplitStep(services));
}

}  // namespace lathe::pipelines
