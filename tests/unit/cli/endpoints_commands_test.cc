// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe endpoints ...`, `lathe invoke` and `lathe batch-transform` against a FakeHttpServer:
// the command lines parse into self-registered actions, the requests carry what the deploy API
// contract says (docs/api/deploy.md), and the answers print as tables, raw JSON or named errors.
#include "cli/endpoints_commands.h"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/transform_commands.h"
#include "unit/cli/fake_http_server.h"

namespace lathe::cli {
namespace {

using nlohmann::json;
using testing::CannedResponse;
using testing::FakeHttpServer;

struct Ran {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Parses `args` against `server` and runs the command.
Ran RunAgainst(const FakeHttpServer& server, std::vector<std::string> args) {
  args.insert(args.begin(), {"--endpoint", server.base_url()});
  ParseResult parsed = ParseCommandLine(args);
  Ran ran;
  if (!parsed.invocation.has_value()) {
    ran.exit_code = parsed.exit_code;
    ran.err = parsed.err;
    return ran;
  }
  std::ostringstream out, err;
  ran.exit_code = Run(*parsed.invocation, nullptr, out, err, Terminal{});
  ran.out = out.str();
  ran.err = err.str();
  return ran;
}

std::string HeaderOf(const testing::RecordedRequest& request, const std::string& name) {
  std::istringstream lines(request.head);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0 &&
        line[name.size()] == ':') {
      std::string value = line.substr(name.size() + 1);
      while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
      while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
      return value;
    }
  }
  return "";
}

const char kEndpoint[] = R"({"name": "iris", "id": "ep_1", "state": "InService",
  "failure_reason": null, "invocation_url": "/endpoints/iris/invocations",
  "variants": [{"name": "AllTraffic", "model_id": "mdl_a", "model_name": "iris-species",
                "model_version": 2, "weight": 1.0, "state": "InService"}],
  "data_capture": {"enabled": false, "sampling_percentage": 0},
  "created_at": "2026-11-29T11:22:33Z", "updated_at": "2026-11-29T11:22:34Z"})";

TEST(ParseVariantArgTest, TakesNameModelAndOptionalWeight) {
  EXPECT_EQ(ParseVariantArg("blue:mdl_a").value(),
            (json{{"name", "blue"}, {"model_id", "mdl_a"}, {"weight", 1.0}}));
  EXPECT_EQ(ParseVariantArg("blue:iris:0.25").value(),
            (json{{"name", "blue"}, {"model_id", "iris"}, {"weight", 0.25}}));
  EXPECT_EQ(ParseVariantArg("green:iris:2:3").value(),
            (json{{"name", "green"}, {"model_id", "iris:2"}, {"weight", 3.0}}));
  for (const char* bad : {"blue", "blue:iris:x", ":iris", "blue::1", "a:b:c:d:e", "a:m:0"}) {
    auto parsed = ParseVariantArg(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find(std::string("'") + bad + "'"), std::string::npos)
        << parsed.status().message();
  }
}

TEST(EndpointsCommandsTest, CreateSendsVariantsAndCaptureThenWaitsUntilInService) {
  json creating = json::parse(kEndpoint);
  creating["state"] = "Creating";
  FakeHttpServer server({{.status = 202, .body = creating.dump()},
                         {.body = creating.dump()},
                         {.body = kEndpoint}});
  Ran ran = RunAgainst(server, {"endpoints", "create", "iris", "--model", "mdl_a", "--variant",
                                "canary:iris-species:2:0.1", "--capture", "25", "--wait"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api/v1/endpoints");
  const json body = json::parse(requests[0].body);
  EXPECT_EQ(body["name"], "iris");
  ASSERT_EQ(body["variants"].size(), 2u);
  EXPECT_EQ(body["variants"][0], (json{{"name", "AllTraffic"}, {"model_id", "mdl_a"}, {"weight", 1.0}}));
  EXPECT_EQ(body["variants"][1]["model_id"], "iris-species:2");
  EXPECT_EQ(body["data_capture"]["sampling_percentage"], 25.0);
  EXPECT_EQ(requests[2].target, "/api/v1/endpoints/iris");
  EXPECT_NE(ran.out.find("InService"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("AllTraffic=iris-species:2"), std::string::npos) << ran.out;
  EXPECT_NE(ran.err.find("iris: Creating"), std::string::npos) << ran.err;
}

TEST(EndpointsCommandsTest, WaitReportsAFailedEndpointWithItsReason) {
  json failed = json::parse(kEndpoint);
  failed["state"] = "Failed";
  failed["failure_reason"] = "model mdl_x not found";
  FakeHttpServer server({{.status = 202, .body = failed.dump()}, {.body = failed.dump()}});
  Ran ran = RunAgainst(server, {"endpoints", "create", "iris", "--model", "mdl_x", "--wait"});
  EXPECT_EQ(ran.exit_code, 1);
  EXPECT_NE(ran.err.find("model mdl_x not found"), std::string::npos) << ran.err;
}

TEST(EndpointsCommandsTest, UpdateWithOnlyCaptureKeepsTheCurrentVariants) {
  FakeHttpServer server({{.body = kEndpoint}, {.status = 202, .body = kEndpoint}});
  Ran ran = RunAgainst(server, {"endpoints", "update", "iris", "--capture", "10"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_EQ(requests[1].target, "/api/v1/endpoints/iris");
  const json body = json::parse(requests[1].body);
  EXPECT_FALSE(body.contains("name"));
  EXPECT_EQ(body["variants"],
            (json::array({{{"name", "AllTraffic"}, {"model_id", "mdl_a"}, {"weight", 1.0}}})));
  EXPECT_EQ(body["data_capture"]["sampling_percentage"], 10.0);
}

TEST(EndpointsCommandsTest, ListShowAndDeletePrintTablesOrJson) {
  json list = {{"endpoints", json::array({json::parse(kEndpoint)})}};
  FakeHttpServer server({{.body = list.dump()}});
  Ran ran = RunAgainst(server, {"endpoints", "list"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out.rfind("NAME", 0), 0u) << ran.out;
  EXPECT_NE(ran.out.find("iris  "), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("off"), std::string::npos) << ran.out;

  FakeHttpServer show_server({{.body = kEndpoint}});
  ran = RunAgainst(show_server, {"endpoints", "show", "iris"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_NE(ran.out.find("POST /endpoints/iris/invocations"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("100%"), std::string::npos) << ran.out;  // the traffic share
  ran = RunAgainst(show_server, {"--json", "endpoints", "show", "iris"});
  EXPECT_EQ(json::parse(ran.out), json::parse(kEndpoint));

  FakeHttpServer delete_server({{.status = 204, .content_type = "", .body = ""}});
  ran = RunAgainst(delete_server, {"endpoints", "delete", "iris"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(delete_server.requests()[0].method, "DELETE");
  EXPECT_EQ(ran.out, "deleted endpoint iris\n");
}

TEST(InvokeCommandTest, SendsTheRowAndPrintsLabelsAndTopProbabilities) {
  const json answer = {{"predictions",
                        {{{"predicted_label", "setosa"},
                          {"probabilities", {{"setosa", 0.97}, {"versicolor", 0.02}, {"virginica", 0.01}}},
                          {"probability", 0.97},
                          {"explanation",
                           {{"bias", 0.1},
                            {"contributions", {{"petal_length_cm", -1.5}, {"sepal_width_cm", 0.2}}}}}}}}};
  FakeHttpServer server(
      {{.body = answer.dump(), .headers = {"X-Amzn-Invoked-Production-Variant: blue"}}});
  Ran ran = RunAgainst(server, {"invoke", "iris", "--body", "5.1,3.5,1.4,0.2", "--variant", "blue",
                                "--explain", "--accept", "application/json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const auto request = server.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/endpoints/iris/invocations?explain=true");
  EXPECT_EQ(request.body, "5.1,3.5,1.4,0.2");
  EXPECT_EQ(HeaderOf(request, "Content-Type"), "text/csv");
  EXPECT_EQ(HeaderOf(request, "Accept"), "application/json");
  EXPECT_EQ(HeaderOf(request, "X-Amzn-SageMaker-Target-Variant"), "blue");
  EXPECT_NE(ran.out.find("setosa 0.97  versicolor 0.02  virginica 0.01"), std::string::npos)
      << ran.out;
  EXPECT_NE(ran.out.find("petal_length_cm -1.5  sepal_width_cm +0.2"), std::string::npos)
      << ran.out;
  EXPECT_EQ(ran.err, "variant blue\n");

  ran = RunAgainst(server, {"--json", "invoke", "iris", "--body", "5.1,3.5,1.4,0.2"});
  EXPECT_EQ(json::parse(ran.out), answer);
}

TEST(InvokeCommandTest, RegressionScoresAndRawCsvAnswers) {
  FakeHttpServer server(std::vector<CannedResponse>{
      {.body = R"({"predictions": [{"score": 12.5}, {"score": -3}]})"}});
  Ran ran = RunAgainst(server, {"invoke", "house", "--content-type", "application/json", "--body",
                                R"({"instances": [[1, 2], [3, 4]]})"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(HeaderOf(server.requests()[0], "Content-Type"), "application/json");
  EXPECT_NE(ran.out.find("SCORE"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("12.5"), std::string::npos) << ran.out;

  FakeHttpServer csv(std::vector<CannedResponse>{
      {.content_type = "text/csv", .body = "setosa,0.97,0.02,0.01\n"}});
  ran = RunAgainst(csv, {"invoke", "iris", "--body", "5.1,3.5,1.4,0.2", "--accept", "text/csv"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "setosa,0.97,0.02,0.01\n");
}

TEST(InvokeCommandTest, AwsErrorsNameTheCodeAndTheOriginalMessage) {
  const json model_error = {{"message", "Received client error (400) from AllTraffic"},
                            {"Message", "Received client error (400) from AllTraffic"},
                            {"OriginalStatusCode", 400},
                            {"OriginalMessage", "row 1, column 2 (sepal_width_cm): 'abc' is not a number"}};
  FakeHttpServer server({{.status = 424,
                          .body = model_error.dump(),
                          .headers = {"X-Amzn-ErrorType: ModelError"}}});
  Ran ran = RunAgainst(server, {"invoke", "iris", "--body", "5.1,abc,1.4,0.2"});
  EXPECT_EQ(ran.exit_code, 1);
  EXPECT_NE(ran.err.find("ModelError: row 1, column 2 (sepal_width_cm)"), std::string::npos)
      << ran.err;

  FakeHttpServer missing({{.status = 400,
                           .body = R"({"message": "Endpoint nope not found."})",
                           .headers = {"X-Amzn-ErrorType: ValidationError"}}});
  ran = RunAgainst(missing, {"invoke", "nope", "--body", "1"});
  EXPECT_EQ(ran.exit_code, 1);
  EXPECT_NE(ran.err.find("ValidationError: Endpoint nope not found."), std::string::npos)
      << ran.err;

  ran = RunAgainst(missing, {"invoke", "nope"});
  EXPECT_EQ(ran.exit_code, 1);
  EXPECT_NE(ran.err.find("--body"), std::string::npos) << ran.err;
}

TEST(BatchTransformCommandTest, StartsFollowsAndPrintsTheOutputDataset) {
  json job = {{"id", "tjob_1"},
              {"state", "Pending"},
              {"model", {{"id", "mdl_a"}, {"name", "iris-species"}, {"version", 1}}},
              {"dataset", {{"id", "ds_1"}, {"name", "iris"}, {"version", 1}, {"rows", 150}}},
              {"batch_rows", 50},
              {"output_name", "iris-predictions"},
              {"columns", {"predicted_label", "prob_a"}},
              {"progress", {{"rows_done", 0}, {"rows_total", 150}}}};
  json running = job;
  running["state"] = "InProgress";
  running["progress"]["rows_done"] = 50;
  json done = job;
  done["state"] = "Completed";
  done["progress"]["rows_done"] = 150;
  done["output_dataset"] = {{"id", "ds_2"}, {"name", "iris-predictions"}, {"version", 1}, {"rows", 150}};
  const json rows = {{"columns", {"predicted_label", "prob_a"}},
                     {"types", {"categorical", "float64"}},
                     {"rows", {{"a", 0.9}}},
                     {"total_rows", 150}};
  FakeHttpServer server({{.status = 202, .body = job.dump()},
                         {.body = running.dump()},
                         {.body = done.dump()},
                         {.body = rows.dump()}});
  Ran ran = RunAgainst(server, {"batch-transform", "iris-species", "iris", "--include-input",
                                "--batch-rows", "50", "-n", "1"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(json::parse(requests[0].body),
            (json{{"model_id", "iris-species"}, {"dataset_id", "iris"}, {"include_input", true},
                  {"batch_rows", 50}}));
  EXPECT_EQ(requests[1].target, "/api/v1/transform-jobs/tjob_1");
  EXPECT_EQ(requests[3].target, "/api/v1/datasets/ds_2/rows?offset=0&limit=1");
  EXPECT_NE(ran.out.find("output dataset iris-predictions version 1 (ds_2): 150 rows"),
            std::string::npos)
      << ran.out;
  EXPECT_NE(ran.out.find("predicted_label"), std::string::npos) << ran.out;
  EXPECT_NE(ran.err.find("tjob_1: InProgress"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("tjob_1: Completed"), std::string::npos) << ran.err;

  EXPECT_EQ(TransformProgressLine(running), "tjob_1 [######--------------] 33.3%  50 / 150 rows  "
                                            "InProgress");
}

TEST(BatchTransformCommandTest, FailedJobExitsOneWithTheReason) {
  json failed = {{"id", "tjob_2"}, {"state", "Failed"}, {"failure_reason", "rows 1-50: bad value"}};
  FakeHttpServer server({{.status = 202, .body = failed.dump()}, {.body = failed.dump()}});
  Ran ran = RunAgainst(server, {"batch-transform", "m", "d"});
  EXPECT_EQ(ran.exit_code, 1);
  EXPECT_NE(ran.err.find("rows 1-50: bad value"), std::string::npos) << ran.err;
}

}  // namespace
}  // namespace lathe::cli
