// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe endpoints ...` and `lathe invoke` as a user runs them, against the real server: an iris
// model is trained, deployed with --wait, listed and shown, invoked with CSV and JSON bodies (a
// table, --json, --accept text/csv), updated to two weighted variants and to data capture,
// invoked on a chosen variant, and deleted; bad rows, unknown endpoints and malformed --variant
// arguments exit 1 with the problem named.
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class CliEndpointsTest : public ServerTest {
 protected:
  // Uploads iris and trains a small model through the CLI; returns the model id.
  std::string IrisModel() {
    CommandResult upload = RunCli({"datasets", "upload", TestDataPath("iris.csv").string()});
    EXPECT_EQ(upload.exit_code, 0) << upload;
    CommandResult train = RunCli({"--json", "train", "iris", "--target", "species", "--budget",
                                  "5", "--algorithm", "xgboost"});
    EXPECT_EQ(train.exit_code, 0) << train;
    const json out = json::parse(train.out, nullptr, false);
    return out.is_object() ? out.value("model_id", "") : "";
  }
};

TEST_F(CliEndpointsTest, DeployInvokeUpdateAndDelete) {
  const std::string model = IrisModel();
  ASSERT_FALSE(model.empty());

  CommandResult cli = RunCli({"endpoints", "create", "iris", "--model", model, "--wait"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_NE(cli.out.find("InService"), std::string::npos) << cli;
  EXPECT_NE(cli.out.find("AllTraffic=iris-species:1"), std::string::npos) << cli;

  cli = RunCli({"endpoints", "list"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(cli.out.rfind("NAME", 0), 0u) << cli;
  EXPECT_NE(cli.out.find("iris"), std::string::npos) << cli;
  cli = RunCli({"--json", "endpoints", "show", "iris"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  const json shown = json::parse(cli.out);
  EXPECT_EQ(shown["state"], "InService");
  EXPECT_EQ(shown["variants"][0]["model_id"], model);

  // A CSV row: a table with the label and the top probabilities.
  cli = RunCli({"invoke", "iris", "--body", "5.1,3.5,1.4,0.2"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_NE(cli.out.find("LABEL"), std::string::npos) << cli;
  EXPECT_NE(cli.out.find("setosa 0."), std::string::npos) << cli;
  EXPECT_NE(cli.err.find("variant AllTraffic"), std::string::npos) << cli;
  // JSON rows, --json: the API's answer.
  cli = RunCli({"--json", "invoke", "iris", "--content-type", "application/json", "--body",
                R"({"instances": [[5.1,3.5,1.4,0.2], [6.9,3.1,5.4,2.1]]})"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  const json answer = json::parse(cli.out);
  ASSERT_EQ(answer["predictions"].size(), 2u) << cli.out;
  EXPECT_EQ(answer["predictions"][0]["predicted_label"], "setosa");
  EXPECT_EQ(answer["predictions"][1]["predicted_label"], "virginica");
  // A file, CSV back.
  const auto rows = server().work_dir() / "rows.csv";
  std::ofstream(rows) << "5.1,3.5,1.4,0.2\n6.9,3.1,5.4,2.1\n";
  cli = RunCli({"invoke", "iris", "--file", rows.string(), "--accept", "text/csv"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(cli.out.rfind("setosa,", 0), 0u) << cli;
  EXPECT_NE(cli.out.find("\nvirginica,"), std::string::npos) << cli;
  // --explain adds contributions.
  cli = RunCli({"invoke", "iris", "--body", "6.9,3.1,5.4,2.1", "--explain"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_NE(cli.out.find("TOP CONTRIBUTIONS"), std::string::npos) << cli;
  EXPECT_NE(cli.out.find("_cm "), std::string::npos) << cli;

  // Bad input: the row and column are named; the endpoint keeps answering.
  cli = RunCli({"invoke", "iris", "--body", "5.1,abc,1.4,0.2"});
  EXPECT_EQ(cli.exit_code, 1) << cli;
  EXPECT_NE(cli.err.find("ModelError"), std::string::npos) << cli;
  EXPECT_NE(cli.err.find("row 1"), std::string::npos) << cli;
  cli = RunCli({"invoke", "nope", "--body", "1,2,3,4"});
  EXPECT_EQ(cli.exit_code, 1) << cli;
  EXPECT_NE(cli.err.find("ValidationError"), std::string::npos) << cli;
  EXPECT_NE(cli.err.find("nope"), std::string::npos) << cli;
  cli = RunCli({"endpoints", "update", "iris", "--variant", "justaname"});
  EXPECT_EQ(cli.exit_code, 1) << cli;
  EXPECT_NE(cli.err.find("--variant 'justaname'"), std::string::npos) << cli;

  // Two weighted variants, then data capture on top of them.
  cli = RunCli({"endpoints", "update", "iris", "--variant", "blue:" + model + ":3", "--variant",
                "green:iris-species:1:1", "--wait"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  cli = RunCli({"endpoints", "update", "iris", "--capture", "50", "--wait"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  cli = RunCli({"--json", "endpoints", "show", "iris"});
  const json updated = json::parse(cli.out);
  ASSERT_EQ(updated["variants"].size(), 2u) << cli.out;
  EXPECT_EQ(updated["variants"][0]["name"], "blue");
  EXPECT_EQ(updated["variants"][0]["weight"], 3.0);
  EXPECT_EQ(updated["data_capture"]["sampling_percentage"], 50.0);
  cli = RunCli({"endpoints", "show", "iris"});
  EXPECT_NE(cli.out.find("75%"), std::string::npos) << cli;  // blue's share of the traffic
  cli = RunCli({"invoke", "iris", "--body", "5.1,3.5,1.4,0.2", "--variant", "green"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_NE(cli.err.find("variant green"), std::string::npos) << cli;

  cli = RunCli({"endpoints", "delete", "iris"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(cli.out, "deleted endpoint iris\n");
  cli = RunCli({"endpoints", "show", "iris"});
  EXPECT_EQ(cli.exit_code, 1) << cli;
}

}  // namespace
}  // namespace lathe::testing
