// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Deploy and BatchTransform: steps that put a model to work.
#include "pipelines/steps/builtin_steps.h"
#include "pipelines/steps/step_util.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

StepType DeployStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Deploy";
  t.info.category = "deploy";
  t.info.description = "Serve the model on a real-time endpoint (created, or updated with no downtime)";
  t.info.inputs = {Port("model", kModelArtifact)};
  t.info.outputs = {Port("endpoint", kEndpointArtifact)};
  PropertyInfo weight = Prop("instance_weight", "number", "relative traffic share of the variant", false, 1);
  weight.minimum = 0.001;
  t.info.properties = {Prop("endpoint", "string", "endpoint name", true),
                       Prop("variant", "string", "production variant name", false, "AllTraffic"),
                       weight};
  t.run = [s](StepContext& ctx) -> Result<json> {
    LATHE_ASSIGN_OR_RETURN(std::string model_id, InputId(ctx, "model"));
    json body = {{"name", StringProp(ctx, "endpoint")},
                 {"variants", json::array({{{"name", StringProp(ctx, "variant")},
                                            {"model_id", model_id},
                                            {"weight", ctx.properties().value("instance_weight", 1.0)}}})}};
    auto spec = serving::ParseEndpointSpec(body, /*with_name=*/true);
    if (!spec.ok()) return Status(spec.status()).Annotate("properties");
    const bool exists = s.endpoints->Get(spec->name).ok();
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord endpoint,
                           exists ? s.endpoints->Update(spec->name, *spec) : s.endpoints->Create(*spec));
    ctx.Log(std::string(exists ? "updating" : "creating") + " endpoint " + spec->name + " with model " +
            model_id);
    LATHE_RETURN_IF_ERROR(PollUntil(ctx, std::chrono::milliseconds(200), [&]() -> Result<bool> {
      LATHE_ASSIGN_OR_RETURN(endpoint, s.endpoints->Get(spec->name));
      return endpoint.state == "InService" || endpoint.state == "Failed";
    }));
    json state = json::parse(endpoint.body_json, nullptr, false);
    if (endpoint.state != "InService") {
      return FailedPreconditionError("endpoint " + spec->name + " is " + endpoint.state + ": " +
                                     (state.is_object() ? state.value("failure_reason", std::string("")) : ""));
    }
    const std::string url = "/endpoints/" + spec->name + "/invocations";
    ctx.Log("endpoint " + spec->name + " is InService: POST " + url);
    return json{{"endpoint", {{"type", kEndpointArtifact}, {"name", spec->name}, {"id", endpoint.id},
                              {"url", url}, {"model_id", model_id}}}};
  };
  return t;
}

StepType BatchTransformStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "BatchTransform";
  t.info.category = "deploy";
  t.info.description = "Predictions for every row of a dataset, stored as a new dataset";
  t.info.inputs = {Port("model", kModelArtifact), Port("dataset", kDatasetArtifact)};
  t.info.outputs = {Port("dataset", kDatasetArtifact)};
  t.info.properties = {Prop("output_name", "string", "name of the output dataset"),
                       Prop("include_input", "boolean", "input columns first in the output", false, true)};
  t.info.cacheable = true;
  t.run = [s](StepContext& ctx) -> Result<json> {
    jobs::TransformRequest r;
    LATHE_ASSIGN_OR_RETURN(r.model, InputId(ctx, "model"));
    LATHE_ASSIGN_OR_RETURN(r.dataset, InputId(ctx, "dataset"));
    r.output_name = OutputName(ctx);
    r.include_input = ctx.properties().value("include_input", true);
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job, s.transforms->Submit(r));
    ctx.Annotate("job_id", job.id);
    ctx.Log("batch transform job " + job.id + " submitted");
    json body;
    Status followed = PollUntil(ctx, std::chrono::milliseconds(300), [&]() -> Result<bool> {
      LATHE_ASSIGN_OR_RETURN(job, s.transforms->Get(job.id));
      body = json::parse(job.body_json, nullptr, false);
      return jobs::IsTerminalState(job.state);
    });
    if (!followed.ok()) {
      if (followed.code() == StatusCode::kCancelled) (void)s.transforms->Stop(job.id);
      return followed;
    }
    if (job.state != jobs::kStateCompleted || !body.is_object() || !body.contains("output_dataset")) {
      return FailedPreconditionError("batch transform job " + job.id + " ended " + job.state + ": " +
                                     (body.is_object() ? body.value("failure_reason", std::string("")) : ""));
    }
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord out,
                           s.datasets->Get(body["output_dataset"].value("id", "")));
    ctx.Log("predictions for " + std::to_string(out.rows) + " rows in dataset " + out.name);
    return json{{"dataset", DatasetArtifact(out)}};
  };
  return t;
}

}  // namespace

Status RegisterDeploySteps(StepRegistry& registry, const BuiltinServices& services) {
  LATHE_RETURN_IF_ERROR(registry.Register(DeployStep(services)));
  return registry.Register(BatchTransformStep(services));
}

}  // namespace lathe::pipelines
