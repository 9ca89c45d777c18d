// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// EndpointService: real-time endpoints. An endpoint is a named "endpoint" resource with one or
// more production variants (a model version and a traffic weight). Create and Update return at
// once (state Creating / Updating) and load the models on a background thread; only when every
// variant is loaded does the endpoint switch, in one atomic step, to the new variants (state
// InService). A failed load leaves the previous variants serving (Update) or marks the endpoint
// Failed (Create), with the reason. Recover() brings endpoints back after a restart.
//
// The request path (Find) takes no lock shared by all requests: each thread keeps its own
// reference to the current set of live endpoints and refreshes it only when a process-wide
// generation counter says the set changed. Live endpoints and their models are immutable and
// shared read-only; an old one lives until the last request using it has finished.
//
//   EndpointService endpoints(metadata, models, data_dir + "/capture");
//   LATHE_ASSIGN_OR_RETURN(auto record, endpoints.Create(spec));
//   if (const LiveEndpoint* e = endpoints.Find("iris")) { ... e->Pick(target) ... }
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "jobs/model_service.h"
#include "jobs/servable_model.h"
#include "serving/data_capture.h"
#include "serving/endpoint_metrics.h"
#include "serving/invocation_codec.h"
#include "store/metadata_store.h"

namespace lathe::serving {

inline constexpr std::string_view kEndpointKind = "endpoint";

struct VariantSpec {
  std::string name;       // "AllTraffic" when omitted for a single variant
  std::string model_ref;  // model id, name, or name:version
  double weight = 1.0;    // relative traffic share (> 0)
};

struct EndpointSpec {
  std::string name;
  std::vector<VariantSpec> variants;
  double capture_percentage = 0;  // data capture sampling, 0..100
};

// Parses a create (with_name) or update body: {"name", "variants": [...], "data_capture"} or
// the short form {"name", "model_id"}. InvalidArgument naming the field.
Result<EndpointSpec> ParseEndpointSpec(const nlohmann::json& body, bool with_name);

// One loaded variant: immutable.
struct LiveVariant {
  std::string name;
  std::string model_id;
  std::string model_name;
  int model_version = 0;
  double weight = 1.0;
  std::shared_ptr<const jobs::ServableModel> servable;
  InputSchema schema;                // the raw input columns a request carries
  VariantMetrics* metrics = nullptr;  // owned by the endpoint's EndpointMetrics
};

// A serving endpoint: an immutable snapshot of its variants.
struct LiveEndpoint {
  std::string name;
  std::vector<LiveVariant> variants;
  std::vector<double> cumulative_weights;  // for the weighted pick
  std::shared_ptr<EndpointMetrics> metrics;
  std::shared_ptr<DataCapture> capture;  // null when capture is off

  // The variant named `target` (nullptr if none), or one drawn by weight when `target` is empty.
  const LiveVariant* Pick(std::string_view target) const;
};

class EndpointService {
 public:
  EndpointService(store::MetadataStore& metadata, jobs::ModelService& models,
                  std::string capture_dir);
  ~EndpointService();  // waits for loads in progress
  EndpointService(const EndpointService&) = delete;
  EndpointService& operator=(const EndpointService&) = delete;

  // AlreadyExists for a taken name; NotFound naming a variant's unknown model. Returns the
  // record in state Creating; the models load in the background.
  Result<store::ResourceRecord> Create(const EndpointSpec& spec);
  // Replaces the variants (state Updating until the new ones are loaded and switched in).
  // FailedPrecondition while another create / update of this endpoint is loading.
  Result<store::ResourceRecord> Update(std::string_view name, const EndpointSpec& spec);
  Status Delete(std::string_view name);
  Result<store::ResourceRecord> Get(std::string_view name);
  Result<std::vector<store::ResourceRecord>> List(const store::ResourceListOptions& options);

  // Loads every endpoint that was serving (or about to) when the process stopped.
  Status Recover();

  // The live endpoint, or nullptr when no endpoint of that name is serving. The pointer stays
  // valid until this thread calls Find again (the thread's snapshot keeps it alive).
  const LiveEndpoint* Find(std::string_view name) const;
  // The metrics of an endpoint, live or not (nullptr if never served in this process).
  std::shared_ptr<EndpointMetrics> Metrics(std::string_view name) const;
  // Waits until no load is in progress (tests and shutdown).
  void WaitIdle();

 private:
  using LiveSet = std::unordered_map<std::string, std::shared_ptr<const LiveEndpoint>>;

  Result<std::vector<store::ResourceRecord>> ResolveModels(const EndpointSpec& spec);
  void StartLoad(std::string endpoint_id, EndpointSpec spec,
                 std::vector<store::ResourceRecord> models, bool is_update);
  Result<std::shared_ptr<const LiveEndpoint>> Build(const EndpointSpec& spec,
                                                    const std::vector<store::ResourceRecord>& models);
  void Publish(const std::string& name, std::shared_ptr<const LiveEndpoint> live);
  std::shared_ptr<const LiveSet> Snapshot() const;

  store::MetadataStore& metadata_;
  jobs::ModelService& models_;
  std::string capture_dir_;

  mutable std::mutex mu_;  // guards everything below; never taken on the request path
  std::shared_ptr<const LiveSet> live_;
  std::unordered_map<std::string, std::shared_ptr<EndpointMetrics>> metrics_;
  std::unordered_map<std::string, bool> loading_;  // endpoint name -> a load is running
  std::vector<std::jthread> loaders_;
  std::condition_variable idle_cv_;
  int running_loads_ = 0;
  // Bumped on every change of live_; threads compare it with their snapshot's.
  std::atomic<uint64_t> generation_{0};
};

}  // namespace lathe::serving
