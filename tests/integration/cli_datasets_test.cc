// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The `lathe datasets ...` commands against a real `lathe serve` (docs/api/datasets.md).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <fstream>
#include <sstream>

#include "common/test_helpers.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kIrisColumns = {"sepal_length_cm", "sepal_width_cm",
                                               "petal_length_cm", "petal_width_cm", "species"};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The line of `text` that starts with `prefix` followed by a space, or "".
std::string LineStartingWith(const std::string& text, const std::string& prefix) {
  for (const auto& line : Lines(text)) {
    if (line.rfind(prefix + " ", 0) == 0) return line;
  }
  return "";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

using ::lathe::testing_util::UnusedPort;

class CliDatasetsTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(std::filesystem::exists(Iris())) << "missing fixture " << Iris();
  }

  static std::filesystem::path Iris() { return TestDataPath("iris.csv"); }

  // Uploads iris.csv with --json and returns the dataset object.
  json UploadIris() {
    const CommandResult cli = RunCli({"--json", "datasets", "upload", Iris().string()});
    EXPECT_EQ(cli.exit_code, 0) << cli;
    return json::parse(cli.out, nullptr, false);
  }
};

TEST_F(CliDatasetsTest, UploadPrintsInferredSchema) {
  const CommandResult cli = RunCli({"datasets", "upload", Iris().string()});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_TRUE(cli.err.empty()) << cli;  // No progress bar: not a TTY and a small file.
  const std::string summary = LineStartingWith(cli.out, "iris");
  EXPECT_NE(summary.find(" 150 "), std::string::npos) << cli.out;
  EXPECT_NE(summary.find(" ds_"), std::string::npos) << cli.out;
  EXPECT_NE(summary.find(" 3.8 KB "), std::string::npos) << cli.out;
  for (const auto& column : kIrisColumns) {
    EXPECT_NE(LineStartingWith(cli.out, column), "") << column << " missing in\n" << cli.out;
  }
  EXPECT_NE(LineStartingWith(cli.out, "species").find("categorical"), std::string::npos) << cli.out;
  EXPECT_NE(LineStartingWith(cli.out, "sepal_length_cm").find("float64"), std::string::npos);
  EXPECT_NE(cli.out.find("COLUMN"), std::string::npos);
}

TEST_F(CliDatasetsTest, UploadJsonEqualsGetDataset) {
  const json uploaded = UploadIris();
  ASSERT_TRUE(uploaded.is_object()) << uploaded;
  EXPECT_EQ(uploaded["name"], "iris");
  EXPECT_EQ(uploaded["version"], 1);
  EXPECT_EQ(uploaded["rows"], 150);
  ASSERT_EQ(uploaded["columns"].size(), 5u);
  EXPECT_EQ(uploaded["columns"][4]["name"], "species");
  EXPECT_EQ(uploaded["columns"][4]["type"], "categorical");
  const std::string id = uploaded["id"].get<std::string>();
  EXPECT_EQ(id.rfind("ds_", 0), 0u) << id;

  const HttpResult get = Get(server().url("/api/v1/datasets/" + id));
  ASSERT_EQ(get.status, 200) << get;
  EXPECT_EQ(get.Json(), uploaded);
  const CommandResult show = RunCli({"datasets", "show", id, "--json"});
  ASSERT_EQ(show.exit_code, 0) << show;
  EXPECT_EQ(json::parse(show.out, nullptr, false), uploaded);
}

TEST_F(CliDatasetsTest, ListShowsUploadedDataset) {
  const json uploaded = UploadIris();
  const CommandResult cli = RunCli({"datasets", "list"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  const auto lines = Lines(cli.out);
  ASSERT_EQ(lines.size(), 2u) << cli.out;
  EXPECT_EQ(lines[0].rfind("NAME", 0), 0u);
  EXPECT_NE(lines[1].find(uploaded.value("id", "?")), std::string::npos) << cli.out;
  EXPECT_EQ(lines[1].rfind("iris ", 0), 0u) << cli.out;

  const CommandResult as_json = RunCli({"datasets", "list", "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json;
  const json list = json::parse(as_json.out, nullptr, false);
  EXPECT_EQ(list["total"], 1) << as_json.out;
  EXPECT_EQ(list["datasets"][0]["id"], uploaded["id"]);
}

TEST_F(CliDatasetsTest, ProfilePrintsEveryColumnAndClassBalance) {
  UploadIris();
  const CommandResult cli = RunCli({"datasets", "profile", "iris", "--target", "species"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(cli.out.rfind("150 rows, 5 columns", 0), 0u) << cli.out;
  for (const auto& column : kIrisColumns) {
    EXPECT_NE(LineStartingWith(cli.out, column), "") << column << " missing in\n" << cli.out;
  }
  EXPECT_NE(cli.out.find("Class balance of species"), std::string::npos) << cli.out;
  EXPECT_NE(LineStartingWith(cli.out, "  setosa"), "") << cli.out;
}

TEST_F(CliDatasetsTest, HeadPrintsFirstRows) {
  UploadIris();
  const CommandResult cli = RunCli({"datasets", "head", "iris", "-n", "3"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  const auto lines = Lines(cli.out);
  ASSERT_EQ(lines.size(), 4u) << cli.out;
  EXPECT_NE(lines[0].find("sepal_length_cm"), std::string::npos);
  EXPECT_NE(lines[1].find("setosa"), std::string::npos);
  EXPECT_NE(lines[1].find("5.1"), std::string::npos);
  EXPECT_EQ(cli.err, "(3 of 150 rows)\n");
}

TEST_F(CliDatasetsTest, DownloadReturnsUploadedBytes) {
  UploadIris();
  const auto target = server().work_dir() / "copy.csv";
  const CommandResult cli = RunCli({"datasets", "download", "iris", "-o", target.string()});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(ReadFile(target), ReadFile(Iris()));
  const CommandResult to_stdout = RunCli({"datasets", "download", "iris", "-o", "-"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout;
  EXPECT_EQ(to_stdout.out, ReadFile(Iris()));
}

TEST_F(CliDatasetsTest, RmRemovesDataset) {
  const std::string id = UploadIris().value("id", "");
  ASSERT_FALSE(id.empty());
  const CommandResult cli = RunCli({"datasets", "rm", id});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(Get(server().url("/api/v1/datasets/" + id)).status, 404);
  const CommandResult show = RunCli({"datasets", "show", id});
  EXPECT_EQ(show.exit_code, 1) << show;
  EXPECT_EQ(show.err.rfind("error: ", 0), 0u) << show;
  EXPECT_TRUE(show.out.empty()) << show;
}

TEST_F(CliDatasetsTest, RaggedCsvReportsLineAndExitsOne) {
  const auto file = server().work_dir() / "ragged.csv";
  std::ofstream(file) << "a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n11,12,13\n";
  const CommandResult cli = RunCli({"datasets", "upload", file.string()});
  EXPECT_EQ(cli.exit_code, 1) << cli;
  EXPECT_EQ(cli.err.rfind("error: ", 0), 0u) << cli;
  EXPECT_NE(cli.err.find("line 4"), std::string::npos) << cli;
  EXPECT_TRUE(cli.out.empty()) << cli;
  EXPECT_EQ(Get(server().url("/api/v1/datasets")).Json()["total"], 0);
}

TEST_F(CliDatasetsTest, EndpointFromEnvironment) {
  const CommandResult cli = RunLathe({"datasets", "list", "--json"},
                                     RunOptions{.env = {{"LATHE_ENDPOINT", server().base_url()}}});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(json::parse(cli.out, nullptr, false)["total"], 0) << cli;
}

TEST_F(CliDatasetsTest, UnknownDatasetExitsOne) {
  const CommandResult cli = RunCli({"datasets", "show", "no_such_dataset"});
  EXPECT_EQ(cli.exit_code, 1) << cli;
  EXPECT_EQ(cli.err.rfind("error: ", 0), 0u) << cli;
}

TEST_F(CliDatasetsTest, DatasetSurvivesRestartAndCrash) {
  const std::string id = UploadIris().value("id", "");
  ASSERT_TRUE(server().Restart());
  CommandResult show = RunCli({"datasets", "show", id, "--json"});
  ASSERT_EQ(show.exit_code, 0) << show;
  EXPECT_EQ(json::parse(show.out, nullptr, false)["rows"], 150);

  const int status = server().Kill(SIGKILL);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_FALSE(server().running());
  ASSERT_TRUE(server().Start());
  show = RunCli({"datasets", "head", "iris", "-n", "1"});
  ASSERT_EQ(show.exit_code, 0) << show;
  EXPECT_NE(show.out.find("setosa"), std::string::npos) << show;
}

// No server needed below.

TEST(CliWithoutServerTest, UnreachableEndpointExitsTwo) {
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(UnusedPort());
  const CommandResult cli = RunLathe({"--endpoint", endpoint, "datasets", "list"});
  EXPECT_EQ(cli.exit_code, 2) << cli;
  EXPECT_EQ(cli.err.rfind("error: cannot reach the Lathe server at " + endpoint + ": ", 0), 0u)
      << cli;
  EXPECT_NE(cli.err.find("(is `lathe serve` running?)"), std::string::npos) << cli;
  EXPECT_TRUE(cli.out.empty());
}

TEST(CliWithoutServerTest, UsageErrorsExit64) {
  EXPECT_EQ(RunLathe({"datasets", "upload"}).exit_code, 64);
  EXPECT_EQ(RunLathe({"datasets", "frobnicate"}).exit_code, 64);
  const CommandResult help = RunLathe({"datasets", "--help"});
  EXPECT_EQ(help.exit_code, 0) << help;
  EXPECT_NE(help.out.find("upload"), std::string::npos) << help;
}

TEST(CliWithoutServerTest, VersionPrintsClientVersion) {
  const CommandResult cli = RunLathe({"version"});
  EXPECT_EQ(cli.exit_code, 0) << cli;
  EXPECT_EQ(cli.out.rfind("lathe ", 0), 0u) << cli;
}

}  // namespace
}  // namespace lathe::testing
