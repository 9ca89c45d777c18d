// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/app.h"

#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/api_error.h"

namespace lathe::cli {
namespace {

Invocation ParseOk(const std::vector<std::string>& args) {
  ParseResult result = ParseCommandLine(args);
  EXPECT_TRUE(result.invocation.has_value()) << result.err;
  return result.invocation.value_or(Invocation{});
}

// Environment variable set for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }

 private:
  const char* name_;
};

TEST(ParseCommandLineTest, UploadWithAllOptions) {
  const Invocation inv = ParseOk({"datasets", "upload", "data/iris.csv", "--name", "flowers",
                                  "--format", "csv", "--delimiter", ";", "--header", "false"});
  EXPECT_EQ(inv.command, Command::kDatasetsUpload);
  EXPECT_EQ(inv.upload.file, "data/iris.csv");
  EXPECT_EQ(inv.upload.name, "flowers");
  EXPECT_EQ(inv.upload.format, "csv");
  EXPECT_EQ(inv.upload.delimiter, ";");
  EXPECT_EQ(inv.upload.header, "false");
  EXPECT_EQ(inv.global.endpoint, kDefaultEndpoint);
  EXPECT_FALSE(inv.global.json);
}

TEST(ParseCommandLineTest, GlobalFlagsBeforeOrAfterSubcommand) {
  Invocation inv = ParseOk({"--endpoint", "http://h:1", "datasets", "list", "--json"});
  EXPECT_EQ(inv.command, Command::kDatasetsList);
  EXPECT_EQ(inv.global.endpoint, "http://h:1");
  EXPECT_TRUE(inv.global.json);
  inv = ParseOk({"datasets", "show", "iris", "--endpoint", "http://h:2", "--api-key", "k"});
  EXPECT_EQ(inv.global.endpoint, "http://h:2");
  EXPECT_EQ(inv.global.api_key, "k");
}

TEST(ParseCommandLineTest, EnvironmentGivesDefaultsFlagsWin) {
  ScopedEnv endpoint("LATHE_ENDPOINT", "http://env:9");
  ScopedEnv key("LATHE_API_KEY", "secret");
  Invocation inv = ParseOk({"datasets", "list"});
  EXPECT_EQ(inv.global.endpoint, "http://env:9");
  EXPECT_EQ(inv.global.api_key, "secret");
  inv = ParseOk({"--endpoint", "http://flag:1", "datasets", "list"});
  EXPECT_EQ(inv.global.endpoint, "http://flag:1");
}

TEST(ParseCommandLineTest, ReadCommandsTakeIdOrName) {
  Invocation inv = ParseOk({"datasets", "show", "iris", "--version", "2"});
  EXPECT_EQ(inv.command, Command::kDatasetsShow);
  EXPECT_EQ(inv.show.dataset, "iris");
  EXPECT_EQ(inv.show.version, 2);
  inv = ParseOk({"datasets", "head", "ds_1", "-n", "5"});
  EXPECT_EQ(inv.command, Command::kDatasetsHead);
  EXPECT_EQ(inv.head.rows, 5);
  EXPECT_EQ(ParseOk({"datasets", "head", "ds_1"}).head.rows, 10);
  inv = ParseOk({"datasets", "profile", "iris", "--target", "species"});
  EXPECT_EQ(inv.profile.target, "species");
  inv = ParseOk({"datasets", "download", "iris", "-o", "-"});
  EXPECT_EQ(inv.download.output, "-");
  inv = ParseOk({"datasets", "rm", "ds_9"});
  EXPECT_EQ(inv.command, Command::kDatasetsRemove);
  EXPECT_EQ(inv.remove.dataset, "ds_9");
  EXPECT_EQ(ParseOk({"datasets", "ls"}).command, Command::kDatasetsList);
}

TEST(ParseCommandLineTest, ServeKeepsItsArgumentsIncludingHelp) {
  Invocation inv = ParseOk({"serve", "--port", "0", "--data-dir", "/tmp/x", "--help"});
  EXPECT_EQ(inv.command, Command::kServe);
  EXPECT_EQ(inv.serve_args,
            (std::vector<std::string>{"--port", "0", "--data-dir", "/tmp/x", "--help"}));
  EXPECT_TRUE(ParseOk({"serve"}).serve_args.empty());
}

TEST(ParseCommandLineTest, UsageErrorsExitWith64) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{},
                                             {"datasets"},
                                             {"datasets", "upload"},
                                             {"datasets", "upload", "x.csv", "--format", "xlsx"},
                                             {"datasets", "head", "iris", "-n", "0"},
                                             {"datasets", "list", "--bogus"},
                                             {"nonsense"}}) {
    const ParseResult result = ParseCommandLine(args);
    EXPECT_FALSE(result.invocation.has_value());
    EXPECT_EQ(result.exit_code, kExitUsage);
    EXPECT_FALSE(result.err.empty());
  }
}

TEST(ParseCommandLineTest, HelpAndVersionExitWithZero) {
  ParseResult result = ParseCommandLine({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("datasets"), std::string::npos);
  EXPECT_NE(result.out.find("serve"), std::string::npos);
  result = ParseCommandLine({"datasets", "upload", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("--delimiter"), std::string::npos);
  result = ParseCommandLine({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find(Version()), std::string::npos);
}

TEST(RunTest, VersionCommandPrintsClientVersion) {
  std::ostringstream out, err;
  EXPECT_EQ(cli::Run(ParseOk({"version"}), nullptr, out, err, Terminal{}), 0);
  EXPECT_EQ(out.str(), std::string("lathe ") + Version() + "\n");
  out.str("");
  EXPECT_EQ(cli::Run(ParseOk({"version", "--json"}), nullptr, out, err, Terminal{}), 0);
  EXPECT_EQ(nlohmann::json::parse(out.str())["version"], Version());
}

int FakeServe(int argc, char** argv) {
  return argc == 3 && std::string(argv[0]) == "lathe serve" && std::string(argv[2]) == "0" ? 7 : 1;
}

TEST(RunTest, ServeCallsTheServerEntryPoint) {
  std::ostringstream out, err;
  EXPECT_EQ(cli::Run(ParseOk({"serve", "--port", "0"}), &FakeServe, out, err, Terminal{}), 7);
  EXPECT_EQ(cli::Run(ParseOk({"serve"}), nullptr, out, err, Terminal{}), kExitServeUnavailable);
  EXPECT_NE(err.str().find("serve not built yet"), std::string::npos);
}

}  // namespace
}  // namespace lathe::cli
