// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// What every AWS conformance test needs: the service model that Debian's awscli ships
// (botocore/data/<service>/<version>/service-2.json) to check raw responses member by member, and
// a fixture that runs the real aws CLI (/usr/bin/aws, SigV4-signed with a fresh Lathe invoke key)
// against `lathe serve` with --endpoint-url.
//
//   class TranslateCliTest : public AwsCliTest {
//    protected:
//     TranslateCliTest()
//         : AwsCliTest("translate", "translate/2017-07-01", "AWSShineFrontendService_20170701") {}
//   };
//   TEST_F(TranslateCliTest, TranslateText) {
//     AwsRun run = Aws({"translate-text", "--text", "hello", ...});
//     HttpResult raw = Raw("TranslateText", {{"Text", "hello"}, ...});
//     EXPECT_EQ(model().Conformance("TranslateText", raw.Json()), "") << raw.body;
//   }
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {

inline constexpr const char* kAwsCli = "/usr/bin/aws";
inline constexpr const char* kBotocoreData = "/usr/lib/python3/dist-packages/awscli/botocore/data/";

// One service model (e.g. "comprehend/2017-11-27"). Loading never throws: a missing file gives a
// model whose `loaded()` is false (the fixture skips then).
class ServiceModel {
 public:
  explicit ServiceModel(const std::string& service_dir)
      : path_(std::string(kBotocoreData) + service_dir + "/service-2.json") {
    std::ifstream in(path_);
    model_ = nlohmann::json::parse(in, nullptr, false);
  }

  bool loaded() const { return model_.is_object(); }
  const std::string& path() const { return path_; }
  const nlohmann::json& json() const { return model_; }

  // The problems of `output` as the output shape of `operation`, one per line; "" when it
  // conforms (member names, types, required members, enums, string min lengths).
  std::string Conformance(const std::string& operation, const nlohmann::json& output) const {
    const nlohmann::json& op = model_["operations"][operation];
    if (!op.is_object()) return "operation " + operation + " is not in " + path_ + "\n";
    std::vector<std::string> problems;
    CheckShape(op["output"]["shape"], output, operation, &problems);
    std::string out;
    for (const std::string& p : problems) out += p + "\n";
    return out;
  }

  // Checks `value` against shape `name`; appends one line per problem.
  void CheckShape(const std::string& name, const nlohmann::json& value, const std::string& path,
                  std::vector<std::string>* problems) const {
    const nlohmann::json& shape = model_["shapes"][name];
    const std::string type = shape.value("type", "");
    auto fail = [&](const std::string& why) { problems->push_back(path + ": " + why); };
    if (type == "structure") {
      if (!value.is_object()) return fail("expected an object for " + name);
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!shape["members"].contains(it.key())) {
          fail("member '" + it.key() + "' is not in " + name);
          continue;
        }
        CheckShape(shape["members"][it.key()]["shape"], it.value(), path + "." + it.key(),
                   problems);
      }
      for (const nlohmann::json& required : shape.value("required", nlohmann::json::array())) {
        if (!value.contains(required.get<std::string>())) {
          fail("missing required " + required.dump());
        }
      }
    } else if (type == "list") {
      if (!value.is_array()) return fail("expected a list for " + name);
      for (size_t i = 0; i < value.size(); ++i) {
        CheckShape(shape["member"]["shape"], value[i], path + "[" + std::to_string(i) + "]",
                   problems);
      }
    } else if (type == "map") {
      if (!value.is_object()) return fail("expected a map (object) for " + name);
      for (auto it = value.begin(); it != value.end(); ++it) {
        CheckShape(shape["value"]["shape"], it.value(), path + "[" + it.key() + "]", problems);
      }
    } else if (type == "string" || type == "blob") {
      // JSON protocols carry blobs as base64 strings.
      if (!value.is_string()) return fail("expected a string for " + name);
      if (shape.contains("enum") &&
          std::find(shape["enum"].begin(), shape["enum"].end(), value) == shape["enum"].end()) {
        fail(value.dump() + " is not in the enum of " + name);
      }
      if (shape.contains("min") && value.get<std::string>().size() < shape["min"].get<size_t>()) {
        fail("shorter than min of " + name);
      }
    } else if (type == "integer" || type == "long") {
      if (!value.is_number_integer()) fail("expected an integer for " + name);
    } else if (type == "float" || type == "double") {
      if (!value.is_number()) fail("expected a number for " + name);
    } else if (type == "boolean") {
      if (!value.is_boolean()) fail("expected a boolean for " + name);
    } else if (type == "timestamp") {
      // JSON protocols send epoch seconds by default.
      if (!value.is_number()) fail("expected epoch seconds for " + name);
    } else {
      fail("unchecked shape type '" + type + "' of " + name);
    }
  }

 private:
  std::string path_;
  nlohmann::json model_;
};

inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// One run of the aws CLI.
struct AwsRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
  nlohmann::json Json() const { return nlohmann::json::parse(out, nullptr, false); }
};

inline std::ostream& operator<<(std::ostream& os, const AwsRun& r) {
  return os << "exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err;
}

// A server plus an invoke key, and the aws CLI of one service pointed at it.
class AwsCliTest : public ServerTest {
 protected:
  // `cli_service` as the CLI names it ("comprehend"), `model_dir` under botocore/data
  // ("comprehend/2017-11-27"), `target_prefix` for JSON 1.1 services ("" for rest-json ones).
  AwsCliTest(std::string cli_service, const std::string& model_dir, std::string target_prefix)
      : cli_service_(std::move(cli_service)),
        target_prefix_(std::move(target_prefix)),
        model_(model_dir) {}

  void SetUp() override {
    if (!std::filesystem::exists(kAwsCli) || !model_.loaded()) {
      GTEST_SKIP() << "Debian's awscli is not installed (scripts/bootstrap.sh test)";
    }
    ServerTest::SetUp();
    HttpResult key =
        Post(server().url("/api/v1/keys"), R"({"scope":"invoke"})", "application/json");
    ASSERT_EQ(key.status, 201) << key;
    key_id_ = key.Json()["access_key_id"];
    secret_ = key.Json()["secret_access_key"];
  }

  const ServiceModel& model() const { return model_; }

  // `aws <service> <args>` against the server with a clean AWS environment; stdout is kept as
  // bytes (an output file argument, e.g. Polly's, is relative to the server's work dir unless
  // absolute).
  AwsRun Aws(const std::vector<std::string>& args) {
    const std::filesystem::path err = server().work_dir() / "aws-stderr.txt";
    std::string cmd = "cd " + ShellQuote(server().work_dir().string()) +
                      " && env -i PATH=/usr/bin:/bin HOME=" + server().work_dir().string() +
                      " AWS_ACCESS_KEY_ID=" + key_id_ + " AWS_SECRET_ACCESS_KEY=" + secret_ +
                      " AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true " + kAwsCli +
                      " " + cli_service_ + " --endpoint-url " + server().base_url() +
                      " --output json";
    for (const std::string& a : args) cmd += " " + ShellQuote(a);
    cmd += " 2>" + err.string();
    AwsRun run;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return run;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
    run.exit_code = WEXITSTATUS(pclose(pipe));
    std::ifstream in(err);
    run.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return run;
  }

  // The raw AWS JSON 1.1 call (loopback needs no signature): for strict shape checks, since the
  // CLI drops members it does not know.
  HttpResult Raw(const std::string& operation, const nlohmann::json& input) {
    return Send("POST", server().url("/"), input.dump(), "application/x-amz-json-1.1",
                {"X-Amz-Target: " + target_prefix_ + "." + operation});
  }

  std::string key_id_, secret_;

 private:
  std::string cli_service_;
  std::string target_prefix_;
  ServiceModel model_;
};

}  // namespace lathe::testing
