// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Real-time endpoints through the real server: a model trained on iris is deployed and called in
// every wire format (CSV, JSON arrays and objects, JSON Lines; JSON and CSV answers; explain),
// bad requests get the AWS error names with the row and column, an update under load switches
// variants with zero failed requests, weighted variants split traffic and a target variant is
// obeyed, endpoints come back after a restart, metrics count what was sent, data capture writes
// what was sampled, and the real aws CLI's `sagemaker-runtime invoke-endpoint` gets predictions.
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr char kSetosa[] = "5.1,3.5,1.4,0.2";
constexpr char kVirginica[] = "6.9,3.1,5.8,2.3";

class EndpointsApiTest : public ServerTest {
 protected:
  std::string Url(const std::string& path) { return server().url(path); }
  HttpResult PostJson(const std::string& path, const json& body) {
    return Post(Url(path), body.dump(), "application/json");
  }
  // Uploads iris (once per server) and trains a model; returns its id.
  std::string TrainIris(int seed = 1) {
    if (!uploaded_) {
      std::ifstream in(TestDataPath("iris.csv"), std::ios::binary);
      std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      HttpResult up = Post(Url("/api/v1/datasets?name=iris"), body, "text/csv");
      EXPECT_EQ(up.status, 201) << up;
      uploaded_ = true;
    }
    HttpResult job = PostJson("/api/v1/training-jobs", {{"dataset", "iris"},
                                                        {"target", "species"},
                                                        {"budget_s", 3},
                                                        {"seed", seed},
                                                        {"algorithms", {"xgboost"}}});
    EXPECT_EQ(job.status, 202) << job;
    const std::string id = job.Json().value("id", "");
    const auto deadline = Clock::now() + 90s;
    json state;
    while (Clock::now() < deadline) {
      state = Get(Url("/api/v1/training-jobs/" + id)).Json();
      if (state.value("state", "") == "Completed") return state.value("model_id", "");
      if (state.value("state", "") == "Failed") break;
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << "training did not complete: " << state.dump();
    return "";
  }
  // Polls the endpoint until it leaves Creating / Updating; returns it.
  json WaitSettled(const std::string& name) {
    const auto deadline = Clock::now() + 60s;
    json e;
    while (Clock::now() < deadline) {
      e = Get(Url("/api/v1/endpoints/" + name)).Json();
      const std::string s = e.value("state", "");
      if (s != "Creating" && s != "Updating") return e;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "endpoint did not settle: " << e.dump();
    return e;
  }
  json Deploy(const std::string& name, const std::string& model_id) {
    HttpResult r = PostJson("/api/v1/endpoints", {{"name", name}, {"model_id", model_id}});
    EXPECT_EQ(r.status, 202) << r;
    EXPECT_EQ(r.Json().value("state", ""), "Creating");
    json e = WaitSettled(name);
    EXPECT_EQ(e.value("state", ""), "InService") << e.dump();
    return e;
  }
  HttpResult Invoke(const std::string& name, const std::string& body,
                    const std::string& content_type = "text/csv",
                    std::vector<std::string> headers = {}) {
    return Send("POST", Url("/endpoints/" + name + "/invocations"), body, content_type, headers);
  }

  bool uploaded_ = false;
};

TEST_F(EndpointsApiTest, DeployedModelAnswersEveryWireFormat) {
  const std::string model = TrainIris();
  ASSERT_FALSE(model.empty());
  json endpoint = Deploy("iris", model);
  ASSERT_EQ(endpoint["variants"].size(), 1u);
  EXPECT_EQ(endpoint["variants"][0]["model_id"], model);
  EXPECT_EQ(endpoint["invocation_url"], "/endpoints/iris/invocations");

  // One CSV row: label, probabilities over the three classes, the variant header.
  HttpResult one = Invoke("iris", std::string(kSetosa) + "\n");
  ASSERT_EQ(one.status, 200) << one;
  EXPECT_EQ(one.Header("x-amzn-invoked-production-variant"), "AllTraffic");
  json p = one.Json()["predictions"];
  ASSERT_EQ(p.size(), 1u) << one.body;
  EXPECT_EQ(p[0]["predicted_label"], "setosa");
  double sum = 0;
  for (auto& [cls, prob] : p[0]["probabilities"].items()) sum += prob.get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-3);
  EXPECT_EQ(p[0]["probabilities"].size(), 3u);

  // Several CSV rows, CRLF, the same answers in order.
  HttpResult many = Invoke("iris", std::string(kSetosa) + "\r\n" + kVirginica + "\r\n");
  ASSERT_EQ(many.status, 200) << many;
  ASSERT_EQ(many.Json()["predictions"].size(), 2u);
  EXPECT_EQ(many.Json()["predictions"][1]["predicted_label"], "virginica");

  // JSON instances as arrays and as objects by column name; JSON Lines.
  HttpResult arrays = Invoke("iris", R"({"instances": [[6.9, 3.1, 5.8, 2.3]]})", "application/json");
  ASSERT_EQ(arrays.status, 200) << arrays;
  EXPECT_EQ(arrays.Json()["predictions"][0]["predicted_label"], "virginica");
  HttpResult objects = Invoke(
      "iris",
      R"({"instances": [{"sepal_length_cm": 5.1, "sepal_width_cm": 3.5, "petal_length_cm": 1.4, "petal_width_cm": 0.2}]})",
      "application/json");
  ASSERT_EQ(objects.status, 200) << objects;
  EXPECT_EQ(objects.Json()["predictions"][0]["predicted_label"], "setosa");
  HttpResult lines = Invoke("iris", "[5.1,3.5,1.4,0.2]\n[6.9,3.1,5.8,2.3]\n",
                            "application/jsonlines");
  ASSERT_EQ(lines.status, 200) << lines;
  EXPECT_NE(lines.body.find("setosa"), std::string::npos);
  EXPECT_EQ(std::count(lines.body.begin(), lines.body.end(), '\n'), 2) << lines.body;

  // CSV answer: the label then one probability per class.
  HttpResult csv = Invoke("iris", std::string(kVirginica) + "\n", "text/csv", {"Accept: text/csv"});
  ASSERT_EQ(csv.status, 200) << csv;
  EXPECT_EQ(csv.Header("content-type").rfind("text/csv", 0), 0u) << csv.Header("content-type");
  EXPECT_EQ(csv.body.rfind("virginica,", 0), 0u) << csv.body;
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), ','), 3) << csv.body;

  // Explanations: one contribution per input column.
  HttpResult explained = Send("POST", Url("/endpoints/iris/invocations?explain=true"),
                              std::string(kSetosa) + "\n", "text/csv");
  ASSERT_EQ(explained.status, 200) << explained;
  json e = explained.Json()["predictions"][0]["explanation"];
  EXPECT_EQ(e["contributions"].size(), 4u) << explained.body;
  EXPECT_TRUE(e["contributions"].contains("petal_length_cm")) << explained.body;

  // The native alias answers the same.
  HttpResult alias = Send("POST", Url("/api/v1/endpoints/iris/invocations"),
                          std::string(kSetosa) + "\n", "text/csv");
  ASSERT_EQ(alias.status, 200) << alias;
  EXPECT_EQ(alias.Json()["predictions"][0]["predicted_label"], "setosa");
}

TEST_F(EndpointsApiTest, BadRequestsGetAwsErrorsNamingRowAndColumn) {
  const std::string model = TrainIris();
  ASSERT_FALSE(model.empty());
  Deploy("iris", model);
  struct Case {
    std::string body, content_type;
    std::vector<std::string> headers;
    long status;
    std::string code, needle;
  };
  const std::vector<Case> cases = {
      {"5.1,3.5,1.4\n", "text/csv", {}, 424, "ModelError", "row 1"},
      {std::string(kSetosa) + "\n5.1,abc,1.4,0.2\n", "text/csv", {}, 424, "ModelError",
       "sepal_width_cm"},
      {"", "text/csv", {}, 400, "ValidationError", "empty"},
      {"{\"instances\": [[1,2,3,4]", "application/json", {}, 424, "ModelError", ""},
      {"<xml/>", "application/xml", {}, 400, "ValidationError", "application/xml"},
      {kSetosa, "text/csv", {"X-Amzn-SageMaker-Target-Variant: Nope"}, 400, "ValidationError",
       "Nope"},
  };
  for (const Case& c : cases) {
    HttpResult r = Invoke("iris", c.body, c.content_type, c.headers);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r;
    EXPECT_EQ(r.Header("x-amzn-errortype"), c.code) << c.body << " -> " << r;
    EXPECT_NE(r.Json().value("message", "").find(c.needle), std::string::npos)
        << c.body << " -> " << r;
  }
  HttpResult unknown = Invoke("nope", std::string(kSetosa) + "\n");
  EXPECT_EQ(unknown.status, 400) << unknown;
  EXPECT_EQ(unknown.Header("x-amzn-errortype"), "ValidationError");
  EXPECT_NE(unknown.body.find("nope"), std::string::npos) << unknown;
  HttpResult huge = Invoke("iris", std::string(7 << 20, '1'));
  EXPECT_EQ(huge.status, 413) << huge.status;

  // Bad endpoint definitions name the field.
  HttpResult bad_name = PostJson("/api/v1/endpoints", {{"name", "-bad"}, {"model_id", model}});
  EXPECT_EQ(bad_name.status, 400) << bad_name;
  EXPECT_NE(bad_name.body.find("name"), std::string::npos);
  HttpResult bad_model = PostJson("/api/v1/endpoints", {{"name", "x"}, {"model_id", "mdl_nope"}});
  EXPECT_EQ(bad_model.status, 404) << bad_model;
  EXPECT_NE(bad_model.body.find("variants[0].model_id"), std::string::npos) << bad_model;
  HttpResult bad_weight = PostJson(
      "/api/v1/endpoints",
      {{"name", "x"}, {"variants", {{{"model_id", model}, {"weight", -1}}}}});
  EXPECT_EQ(bad_weight.status, 400) << bad_weight;
  EXPECT_NE(bad_weight.body.find("variants[0].weight"), std::string::npos) << bad_weight;
  HttpResult taken = PostJson("/api/v1/endpoints", {{"name", "iris"}, {"model_id", model}});
  EXPECT_EQ(taken.status, 409) << taken;

  // And the endpoint still answers.
  HttpResult ok = Invoke("iris", std::string(kSetosa) + "\n");
  EXPECT_EQ(ok.status, 200) << ok;
  json metrics = Get(Url("/api/v1/endpoints/iris/metrics?seconds=600")).Json();
  json totals = metrics["variants"][0]["totals"];
  EXPECT_GE(totals.value("errors_4xx", 0), 5) << metrics.dump();
  EXPECT_GE(totals.value("invocations", 0), 1) << metrics.dump();
}

TEST_F(EndpointsApiTest, UpdateUnderLoadSwitchesWithZeroFailedRequests) {
  const std::string blue = TrainIris(1);
  const std::string green = TrainIris(2);
  ASSERT_FALSE(blue.empty());
  ASSERT_FALSE(green.empty());
  HttpResult created = PostJson(
      "/api/v1/endpoints",
      {{"name", "live"}, {"variants", {{{"name", "Blue"}, {"model_id", blue}}}}});
  ASSERT_EQ(created.status, 202) << created;
  ASSERT_EQ(WaitSettled("live").value("state", ""), "InService");

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0}, green_seen{0};
  std::vector<std::thread> clients;
  std::mutex failure_mu;
  std::string first_failure;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      while (!stop.load()) {
        HttpResult r = Invoke("live", std::string(kSetosa) + "\n");
        if (r.status == 200 && r.body.find("setosa") != std::string::npos) {
          ++ok;
          if (r.Header("x-amzn-invoked-production-variant") == "Green") ++green_seen;
        } else {
          ++failed;
          std::lock_guard<std::mutex> lock(failure_mu);
          if (first_failure.empty()) first_failure = std::to_string(r.status) + " " + r.body;
        }
      }
    });
  }
  std::this_thread::sleep_for(300ms);
  HttpResult update = Send(
      "PUT", Url("/api/v1/endpoints/live"),
      json{{"variants", {{{"name", "Green"}, {"model_id", green}}}}}.dump(), "application/json");
  EXPECT_EQ(update.status, 202) << update;
  json settled = WaitSettled("live");
  EXPECT_EQ(settled.value("state", ""), "InService") << settled.dump();
  EXPECT_EQ(settled["variants"][0]["model_id"], green);
  // Keep calling until the new variant has answered a few times.
  const auto deadline = Clock::now() + 20s;
  while (green_seen.load() < 20 && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
  stop = true;
  for (auto& c : clients) c.join();
  EXPECT_EQ(failed.load(), 0) << first_failure;
  EXPECT_GT(ok.load(), 20);
  EXPECT_GE(green_seen.load(), 20);
}

TEST_F(EndpointsApiTest, WeightedVariantsSplitTrafficAndTargetVariantWins) {
  const std::string a = TrainIris(1);
  const std::string b = TrainIris(2);
  ASSERT_FALSE(a.empty());
  HttpResult created = PostJson("/api/v1/endpoints",
                                {{"name", "ab"},
                                 {"variants",
                                  {{{"name", "A"}, {"model_id", a}, {"weight", 3}},
                                   {{"name", "B"}, {"model_id", b}, {"weight", 1}}}},
                                 {"data_capture", {{"sampling_percentage", 100}}}});
  ASSERT_EQ(created.status, 202) << created;
  ASSERT_EQ(WaitSettled("ab").value("state", ""), "InService");
  std::map<std::string, int> counts;
  const int n = 400;
  for (int i = 0; i < n; ++i) {
    HttpResult r = Invoke("ab", std::string(kSetosa) + "\n");
    ASSERT_EQ(r.status, 200) << r;
    ++counts[r.Header("x-amzn-invoked-production-variant")];
  }
  // 3:1 weights: A's share is 0.75; 400 draws put it within 0.62..0.88 with overwhelming odds.
  EXPECT_GT(counts["A"], n * 0.62) << counts["A"] << " / " << counts["B"];
  EXPECT_LT(counts["A"], n * 0.88) << counts["A"] << " / " << counts["B"];
  for (int i = 0; i < 20; ++i) {
    HttpResult r = Invoke("ab", std::string(kSetosa) + "\n", "text/csv",
                          {"X-Amzn-SageMaker-Target-Variant: B"});
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.Header("x-amzn-invoked-production-variant"), "B");
  }
  // Metrics count exactly what was sent, per variant.
  json metrics = Get(Url("/api/v1/endpoints/ab/metrics")).Json();
  int total = 0;
  for (const json& v : metrics["variants"]) total += v["totals"].value("invocations", 0);
  EXPECT_EQ(total, n + 20) << metrics.dump();
  HttpResult prom = Get(Url("/metrics"));
  EXPECT_NE(prom.body.find("lathe_endpoint_invocations_total"), std::string::npos);
  // Data capture at 100%: every request is written (the writer flushes within a second or so).
  const auto deadline = Clock::now() + 10s;
  size_t captured = 0;
  while (Clock::now() < deadline) {
    captured = 0;
    json files = Get(Url("/api/v1/endpoints/ab/capture")).Json()["files"];
    for (const json& f : files) {
      std::ifstream in(f.value("path", ""));
      std::string line;
      while (std::getline(in, line)) captured += !line.empty();
    }
    if (captured >= static_cast<size_t>(n + 20)) break;
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(captured, static_cast<size_t>(n + 20));
}

TEST_F(EndpointsApiTest, EndpointsComeBackAfterRestartAndDeleteStopsThem) {
  const std::string model = TrainIris();
  ASSERT_FALSE(model.empty());
  Deploy("iris", model);
  ASSERT_TRUE(server().Restart());
  json e = WaitSettled("iris");
  EXPECT_EQ(e.value("state", ""), "InService") << e.dump();
  HttpResult r = Invoke("iris", std::string(kSetosa) + "\n");
  EXPECT_EQ(r.status, 200) << r;
  HttpResult list = Get(Url("/api/v1/endpoints"));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["endpoints"].size(), 1u);
  EXPECT_EQ(Delete(Url("/api/v1/endpoints/iris")).status, 204);
  HttpResult gone = Invoke("iris", std::string(kSetosa) + "\n");
  EXPECT_EQ(gone.status, 400) << gone;
  EXPECT_EQ(gone.Header("x-amzn-errortype"), "ValidationError");
  EXPECT_EQ(Get(Url("/api/v1/endpoints/iris")).status, 404);
}

// The aws CLI Debian packages (prefer it to another `aws` on PATH).
std::string AwsCli() {
  if (std::filesystem::exists("/usr/bin/aws")) return "/usr/bin/aws";
  return "";
}

TEST_F(EndpointsApiTest, AwsCliInvokeEndpointGetsPredictions) {
  const std::string aws = AwsCli();
  if (aws.empty()) GTEST_SKIP() << "Debian's awscli is not installed (scripts/bootstrap.sh test)";
  const std::string model = TrainIris();
  ASSERT_FALSE(model.empty());
  Deploy("iris", model);
  // Credentials: a key when the server has the keys API, else any (loopback needs none).
  std::string key_id = "LKTESTTESTTESTTEST00", secret = "unused-secret";
  HttpResult key = PostJson("/api/v1/keys", {{"scope", "invoke"}});
  if (key.status == 201) {
    key_id = key.Json().value("access_key_id", "");
    secret = key.Json().value("secret_access_key", "");
  }
  const std::filesystem::path out = server().work_dir() / "aws-out.json";
  auto run = [&](const std::string& secret_key) {
    // The CLI is Python: run it through the shell with a clean AWS environment.
    std::string cmd = "env -i PATH=/usr/bin:/bin HOME=" + server().work_dir().string() +
                      " AWS_ACCESS_KEY_ID=" + key_id + " AWS_SECRET_ACCESS_KEY=" + secret_key +
                      " AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true " + aws +
                      " sagemaker-runtime invoke-endpoint --endpoint-url " + server().base_url() +
                      " --endpoint-name iris --content-type text/csv --body '" + kVirginica +
                      "' --cli-binary-format raw-in-base64-out " + out.string() + " 2>&1";
    std::string output;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return std::make_pair(-1, output);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
    int status = pclose(pipe);
    return std::make_pair(WEXITSTATUS(status), output);
  };
  auto [code, output] = run(secret);
  ASSERT_EQ(code, 0) << output;
  EXPECT_NE(output.find("AllTraffic"), std::string::npos) << output;  // InvokedProductionVariant
  std::ifstream in(out);
  json answer = json::parse(in, nullptr, false);
  ASSERT_FALSE(answer.is_discarded());
  EXPECT_EQ(answer["predictions"][0]["predicted_label"], "virginica") << answer.dump();
  if (key.status == 201) {
    auto [bad_code, bad_output] = run(secret + "x");
    EXPECT_NE(bad_code, 0) << bad_output;
    EXPECT_NE(bad_output.find("InvalidSignatureException"), std::string::npos) << bad_output;
  }
}

}  // namespace
}  // namespace lathe::testing
