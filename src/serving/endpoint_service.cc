// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "serving/endpoint_service.h"

#include <algorithm>
#include <charconv>
#include <random>
#include <set>
#include <utility>

#include "core/logging.h"
#include "prep/params.h"

namespace lathe::serving {
namespace {

using nlohmann::json;

constexpr std::string_view kCreating = "Creating";
constexpr std::string_view kUpdating = "Updating";
constexpr std::string_view kInService = "InService";
constexpr std::string_view kFailed = "Failed";
constexpr size_t kMaxVariants = 10;

// Every change of any service's live set bumps this, so a thread's cached snapshot is stale as
// soon as the number moves (one counter for all instances: no ABA between services).
std::atomic<uint64_t> g_generation{1};

// SageMaker's endpoint and variant name rule: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}.
bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return name.front() != '-' && name.back() != '-';
}

Status CheckName(std::string_view field, std::string_view name) {
  if (ValidName(name)) return Status::Ok();
  return prep::ParamError(std::string(field), "'" + std::string(name) +
                                     "' is not a valid name: 1 to 63 letters, digits and "
                                     "hyphens, not starting or ending with a hyphen");
}

json ParseBody(const store::ResourceRecord& r) {
  json body = json::parse(r.body_json, nullptr, false);
  return body.is_object() ? body : json::object();
}

// "name:version" -> (name, version); a plain id or name -> (ref, nullopt).
std::pair<std::string, std::optional<int>> SplitModelRef(std::string_view ref) {
  size_t colon = ref.rfind(':');
  if (colon != std::string_view::npos) {
    int version = 0;
    std::string_view digits = ref.substr(colon + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec == std::errc() && p == digits.data() + digits.size() && version > 0) {
      return {std::string(ref.substr(0, colon)), version};
    }
  }
  return {std::string(ref), std::nullopt};
}

json SpecJson(const EndpointSpec& spec, const std::vector<store::ResourceRecord>& models) {
  json variants = json::array();
  for (size_t i = 0; i < spec.variants.size(); ++i) {
    variants.push_back({{"name", spec.variants[i].name},
                        {"model_id", models[i].id},
                        {"model_name", models[i].name},
                        {"model_version", models[i].version},
                        {"weight", spec.variants[i].weight}});
  }
  return {{"variants", variants},
          {"data_capture",
           {{"enabled", spec.capture_percentage > 0},
            {"sampling_percentage", spec.capture_percentage}}}};
}

// The raw input columns a request carries, with the training types the pipeline recorded
// (none for models with a recipe: their pipeline saw the recipe's output, not the raw rows).
InputSchema SchemaOf(const store::ResourceRecord& model, const jobs::ServableModel& servable) {
  InputSchema schema;
  for (const json& c : ParseBody(model).value("input_columns", json::array())) {
    if (c.is_string()) schema.columns.push_back(c.get<std::string>());
  }
  const auto& inputs = servable.model().pipeline().input_schema();
  if (schema.columns.empty()) {
    for (const ml::InputColumn& c : inputs) schema.columns.push_back(c.name);
  }
  for (const std::string& name : schema.columns) {
    std::optional<data::DataType> type;
    if (!servable.has_recipe()) {
      for (const ml::InputColumn& c : inputs) {
        if (c.name == name) type = c.type;
      }
    }
    schema.types.push_back(type);
  }
  return schema;
}

}  // namespace

Result<EndpointSpec> ParseEndpointSpec(const json& body, bool with_name) {
  if (!body.is_object()) return InvalidArgumentError("the request body must be a JSON object");
  prep::Params p(body, "");
  EndpointSpec spec;
  if (with_name) {
    LATHE_ASSIGN_OR_RETURN(spec.name, p.String("name"));
    LATHE_RETURN_IF_ERROR(CheckName("name", spec.name));
  } else if (body.contains("name")) {
    LATHE_ASSIGN_OR_RETURN(spec.name, p.String("name", std::string()));
  }
  const bool short_form = body.contains("model_id");
  if (short_form && body.contains("variants")) {
    return prep::ParamError("model_id", "give either model_id or variants, not both");
  }
  if (short_form) {
    LATHE_ASSIGN_OR_RETURN(std::string model, p.String("model_id"));
    spec.variants.push_back({"AllTraffic", model, 1.0});
  } else {
    LATHE_ASSIGN_OR_RETURN(json variants, p.Value("variants", true));
    if (!variants.is_array() || variants.empty() || variants.size() > kMaxVariants) {
      return prep::ParamError("variants", "expected an array of 1 to " +
                                              std::to_string(kMaxVariants) + " variants");
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < variants.size(); ++i) {
      const std::string path = "variants[" + std::to_string(i) + "]";
      if (!variants[i].is_object()) return prep::ParamError(path, "expected an object");
      prep::Params v(variants[i], path);
      VariantSpec variant;
      LATHE_ASSIGN_OR_RETURN(variant.model_ref, v.String("model_id"));
      LATHE_ASSIGN_OR_RETURN(variant.name,
                             v.String("name", variants.size() == 1
                                                  ? std::string("AllTraffic")
                                                  : "Variant" + std::to_string(i + 1)));
      LATHE_RETURN_IF_ERROR(CheckName(path + ".name", variant.name));
      if (!seen.insert(variant.name).second) {
        return prep::ParamError(path + ".name", "duplicate variant name '" + variant.name + "'");
      }
      LATHE_ASSIGN_OR_RETURN(variant.weight, v.Number("weight", 1.0));
      if (!(variant.weight > 0) || variant.weight > 1e6) {
        return prep::ParamError(path + ".weight", "expected a number above 0");
      }
      LATHE_RETURN_IF_ERROR(v.Finish());
      spec.variants.push_back(std::move(variant));
    }
  }
  if (body.contains("data_capture")) {
    LATHE_ASSIGN_OR_RETURN(json capture, p.Value("data_capture", false));
    if (!capture.is_object()) return prep::ParamError("data_capture", "expected an object");
    prep::Params c(capture, "data_capture");
    LATHE_ASSIGN_OR_RETURN(double pct, c.Number("sampling_percentage", 100));
    LATHE_ASSIGN_OR_RETURN(bool enabled, c.Bool("enabled", true));
    spec.capture_percentage = enabled ? pct : 0;
    if (spec.capture_percentage < 0 || spec.capture_percentage > 100) {
      return prep::ParamError("data_capture.sampling_percentage", "expected 0 to 100");
    }
    LATHE_RETURN_IF_ERROR(c.Finish());
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return spec;
}

const LiveVariant* LiveEndpoint::Pick(std::string_view target) const {
  if (!target.empty()) {
    for (const LiveVariant& v : variants) {
      if (v.name == target) return &v;
    }
    return nullptr;
  }
  if (variants.size() == 1) return &variants.front();
  thread_local std::minstd_rand rng(std::random_device{}());
  std::uniform_real_distribution<double> draw(0, cumulative_weights.back());
  const double x = draw(rng);
  size_t i = std::upper_bound(cumulative_weights.begin(), cumulative_weights.end(), x) -
             cumulative_weights.begin();
  return &variants[std::min(i, variants.size() - 1)];
}

EndpointService::EndpointService(store::MetadataStore& metadata, jobs::ModelService& models,
                                 std::string capture_dir)
    : metadata_(metadata),
      models_(models),
      capture_dir_(std::move(capture_dir)),
      live_(std::make_shared<const LiveSet>()) {
  g_generation.fetch_add(1, std::memory_order_release);
}

EndpointService::~EndpointService() {
  WaitIdle();
  std::lock_guard<std::mutex> lock(mu_);
  loaders_.clear();  // joins finished threads
}

void EndpointService::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [&] { return running_loads_ == 0; });
}

Result<std::vector<store::ResourceRecord>> EndpointService::ResolveModels(
    const EndpointSpec& spec) {
  std::vector<store::ResourceRecord> out;
  for (size_t i = 0; i < spec.variants.size(); ++i) {
    auto [ref, version] = SplitModelRef(spec.variants[i].model_ref);
    auto model = models_.Get(ref, version);
    if (!model.ok()) {
      return model.status().Annotate("variants[" + std::to_string(i) + "].model_id");
    }
    out.push_back(std::move(model).value());
  }
  return out;
}

Result<store::ResourceRecord> EndpointService::Create(const EndpointSpec& spec) {
  LATHE_RETURN_IF_ERROR(CheckName("name", spec.name));
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> models, ResolveModels(spec));
  store::ResourceRecord record;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Names are unique: the resource table would otherwise make a second "version".
    auto existing = metadata_.GetResource(kEndpointKind, spec.name, std::nullopt);
    if (existing.ok()) {
      return AlreadyExistsError("endpoint '" + spec.name + "' already exists (state " +
                                existing->state + "); update it or delete it first");
    }
    if (existing.status().code() != StatusCode::kNotFound) return existing.status();
    record.kind = std::string(kEndpointKind);
    record.name = spec.name;
    record.state = std::string(kCreating);
    json body = SpecJson(spec, models);
    body["failure_reason"] = nullptr;
    record.body_json = body.dump();
    LATHE_ASSIGN_OR_RETURN(record, metadata_.CreateResource(std::move(record), "ep"));
  }
  StartLoad(record.id, spec, std::move(models), /*is_update=*/false);
  return record;
}

Result<store::ResourceRecord> EndpointService::Update(std::string_view name,
                                                      const EndpointSpec& spec) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord current, Get(name));
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> models, ResolveModels(spec));
  EndpointSpec named = spec;
  named.name = current.name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (loading_[current.name]) {
      return FailedPreconditionError("endpoint '" + current.name + "' is " + current.state +
                                     "; wait until it is InService or Failed");
    }
    json body = ParseBody(current);
    body["pending"] = SpecJson(named, models);  // the running variants stay until the switch
    store::ResourceUpdate update;
    update.state = std::string(current.state == kFailed ? kCreating : kUpdating);
    update.body_json = body.dump();
    LATHE_ASSIGN_OR_RETURN(current, metadata_.UpdateResource(kEndpointKind, current.id, update));
    loading_[current.name] = true;
  }
  StartLoad(current.id, std::move(named), std::move(models), /*is_update=*/true);
  return current;
}

void EndpointService::StartLoad(std::string endpoint_id, EndpointSpec spec,
                                std::vector<store::ResourceRecord> models, bool is_update) {
  std::lock_guard<std::mutex> lock(mu_);
  loading_[spec.name] = true;
  ++running_loads_;
  // Finished loader threads are joined the next time one starts.
  std::erase_if(loaders_, [](std::jthread& t) { return !t.joinable(); });
  loaders_.emplace_back([this, endpoint_id = std::move(endpoint_id), spec = std::move(spec),
                         models = std::move(models), is_update] {
    auto live = Build(spec, models);
    // Re-read: the endpoint may have been deleted while its models loaded.
    auto record = metadata_.GetResource(kEndpointKind, endpoint_id, std::nullopt);
    if (record.ok()) {
      json body = ParseBody(*record);
      store::ResourceUpdate update;
      if (live.ok()) {
        Publish(spec.name, *live);
        json applied = SpecJson(spec, models);
        body["variants"] = applied["variants"];
        body["data_capture"] = applied["data_capture"];
        body["failure_reason"] = nullptr;
        update.state = std::string(kInService);
      } else {
        body["failure_reason"] = live.status().message();
        // A failed update keeps the old variants serving.
        const bool serving = is_update && Find(spec.name) != nullptr;
        update.state = std::string(serving ? kInService : kFailed);
        LogWarn("", "endpoint " + spec.name + ": load failed: " + live.status().ToString());
      }
      body.erase("pending");
      update.body_json = body.dump();
      auto updated = metadata_.UpdateResource(kEndpointKind, endpoint_id, update);
      if (!updated.ok()) {
        // Deleted while loading: make sure nothing stays published.
        if (updated.status().code() == StatusCode::kNotFound) Publish(spec.name, nullptr);
        LogWarn("", "endpoint " + spec.name + ": " + updated.status().ToString());
      }
    }
    std::lock_guard<std::mutex> lock(mu_);
    loading_.erase(spec.name);
    if (--running_loads_ == 0) idle_cv_.notify_all();
  });
}

Result<std::shared_ptr<const LiveEndpoint>> EndpointService::Build(
    const EndpointSpec& spec, const std::vector<store::ResourceRecord>& models) {
  auto live = std::make_shared<LiveEndpoint>();
  live->name = spec.name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::shared_ptr<EndpointMetrics>& metrics = metrics_[spec.name];
    if (!metrics) metrics = std::make_shared<EndpointMetrics>(spec.name);
    live->metrics = metrics;
  }
  double total = 0;
  for (size_t i = 0; i < spec.variants.size(); ++i) {
    auto servable = models_.Acquire(models[i]);
    if (!servable.ok()) {
      return servable.status().Annotate("variant " + spec.variants[i].name + " (model " +
                                        models[i].id + ")");
    }
    LiveVariant v;
    v.name = spec.variants[i].name;
    v.model_id = models[i].id;
    v.model_name = models[i].name;
    v.model_version = models[i].version;
    v.weight = spec.variants[i].weight;
    v.schema = SchemaOf(models[i], **servable);
    v.servable = std::move(servable).value();
    v.metrics = &live->metrics->Variant(v.name);
    total += v.weight;
    live->cumulative_weights.push_back(total);
    live->variants.push_back(std::move(v));
  }
  if (spec.capture_percentage > 0) {
    live->capture = std::make_shared<DataCapture>(capture_dir_ + "/" + spec.name,
                                                  spec.capture_percentage);
  }
  return std::shared_ptr<const LiveEndpoint>(std::move(live));
}

void EndpointService::Publish(const std::string& name, std::shared_ptr<const LiveEndpoint> live) {
  std::lock_guard<std::mutex> lock(mu_);
  auto next = std::make_shared<LiveSet>(*live_);
  if (live) {
    (*next)[name] = std::move(live);
  } else {
    next->erase(name);
  }
  live_ = std::move(next);
  g_generation.fetch_add(1, std::memory_order_release);
}

std::shared_ptr<const EndpointService::LiveSet> EndpointService::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return live_;
}

const LiveEndpoint* EndpointService::Find(std::string_view name) const {
  struct Cache {
    const EndpointService* owner = nullptr;
    uint64_t generation = 0;
    std::shared_ptr<const LiveSet> set;
  };
  thread_local Cache cache;
  const uint64_t generation = g_generation.load(std::memory_order_acquire);
  if (cache.owner != this || cache.generation != generation) {
    cache.set = Snapshot();  // the lock only when something changed since this thread looked
    cache.owner = this;
    cache.generation = generation;
  }
  auto it = cache.set->find(std::string(name));
  return it == cache.set->end() ? nullptr : it->second.get();
}

std::shared_ptr<EndpointMetrics> EndpointService::Metrics(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = metrics_.find(std::string(name));
  return it == metrics_.end() ? nullptr : it->second;
}

Status EndpointService::Delete(std::string_view name) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Get(name));
  LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kEndpointKind, record.id));
  Publish(record.name, nullptr);
  return Status::Ok();
}

Result<store::ResourceRecord> EndpointService::Get(std::string_view name) {
  return metadata_.GetResource(kEndpointKind, name, std::nullopt);
}

Result<std::vector<store::ResourceRecord>> EndpointService::List(
    const store::ResourceListOptions& options) {
  return metadata_.ListResources(kEndpointKind, options);
}

Status EndpointService::Recover() {
  store::ResourceListOptions options;
  options.limit = 1000;
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> all, List(options));
  for (const store::ResourceRecord& record : all) {
    if (record.state == kFailed) continue;
    // Restore what was serving; an update that was loading when the process stopped is dropped
    // (its "pending" variants were never switched in).
    json body = ParseBody(record);
    body.erase("pending");
    EndpointSpec spec;
    spec.name = record.name;
    std::vector<store::ResourceRecord> models;
    Status problem = Status::Ok();
    for (const json& v : body.value("variants", json::array())) {
      VariantSpec variant{v.value("name", "AllTraffic"), v.value("model_id", ""),
                          v.value("weight", 1.0)};
      auto model = models_.Get(variant.model_ref, std::nullopt);
      if (!model.ok()) {
        problem = model.status();
        break;
      }
      models.push_back(std::move(model).value());
      spec.variants.push_back(std::move(variant));
    }
    spec.capture_percentage = body.value("data_capture", json::object())
                                  .value("sampling_percentage", 0.0);
    store::ResourceUpdate update;
    update.state = std::string(problem.ok() ? kCreating : kFailed);
    if (!problem.ok()) body["failure_reason"] = problem.message();
    update.body_json = body.dump();
    LATHE_RETURN_IF_ERROR(metadata_.UpdateResource(kEndpointKind, record.id, update).status());
    if (problem.ok()) StartLoad(record.id, std::move(spec), std::move(models), false);
  }
  return Status::Ok();
}

}  // namespace lathe::serving
