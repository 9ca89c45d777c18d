// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// API keys through the real server: the keys API (the secret only in the create answer), Bearer
// tokens (right, wrong, deleted), scopes (an invoke key refused on admin routes, allowed on GET
// /api/v1/endpoints), the per-key rate limit (429 + Retry-After), `serve --require-auth`, the
// refusal to bind beyond loopback without a key, the CLI with LATHE_API_KEY, and AWS Signature
// V4 as the real `aws` CLI (Debian's awscli) signs it: a right secret gets past authentication,
// a wrong one gets 403 InvalidSignatureException.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

extern char** environ;

namespace lathe::testing {
namespace {

using nlohmann::json;

struct Key {
  std::string id;
  std::string secret;
  std::string token;
};

Key CreateKey(const LatheServer& server, const json& body) {
  HttpResult r = Post(server.url("/api/v1/keys"), body.dump(), "application/json");
  EXPECT_EQ(r.status, 201) << r;
  json j = r.Json();
  return {j.value("access_key_id", ""), j.value("secret_access_key", ""), j.value("token", "")};
}

std::string BearerHeader(const std::string& token) { return "Authorization: Bearer " + token; }

HttpResult GetWith(const LatheServer& server, const std::string& path, const std::string& token) {
  return Send("GET", server.url(path), "", "", {BearerHeader(token)});
}

std::string ErrorCode(const HttpResult& r) {
  json j = r.Json();
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

// The aws executable: Debian's /usr/bin/aws first, else the first `aws` on PATH; "" if none.
std::string FindAws() {
  if (::access("/usr/bin/aws", X_OK) == 0) return "/usr/bin/aws";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = dir + "/aws";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `argv` with the current environment plus `env`, capturing stdout and stderr.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::pair<std::string, std::string>>& env,
                         const std::filesystem::path& work_dir) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    bool replaced = name.rfind("AWS_", 0) == 0;
    for (const auto& kv : env) replaced = replaced || kv.first == name;
    if (!replaced) env_strings.push_back(entry);
  }
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> c_argv;
  for (auto& a : args) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  const std::string out_path = (work_dir / "proc.out").string();
  const std::string err_path = (work_dir / "proc.err").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = -1;
  ProcessResult result;
  if (posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), envp.data()) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  result.out = Slurp(out_path);
  result.err = Slurp(err_path);
  return result;
}

class AuthApiTest : public ServerTest {};

TEST_F(AuthApiTest, KeysApiShowsTheSecretOnlyOnCreate) {
  HttpResult created =
      Post(server().url("/api/v1/keys"),
           R"({"scope": "invoke", "rate_per_second": 5, "description": "ci runner"})",
           "application/json");
  ASSERT_EQ(created.status, 201) << created;
  json key = created.Json();
  const std::string id = key.value("access_key_id", "");
  const std::string secret = key.value("secret_access_key", "");
  EXPECT_EQ(id.size(), 20u);
  EXPECT_EQ(id.rfind("LK", 0), 0u);
  EXPECT_EQ(secret.size(), 40u);
  EXPECT_EQ(key["token"], id + "." + secret);
  EXPECT_EQ(key["scope"], "invoke");
  EXPECT_EQ(key["burst"], 5);
  EXPECT_EQ(created.Header("cache-control"), "no-store");

  HttpResult list = Get(server().url("/api/v1/keys"));
  ASSERT_EQ(list.status, 200) << list;
  ASSERT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(list.Json()["keys"][0]["access_key_id"], id);
  EXPECT_EQ(list.Json()["keys"][0]["description"], "ci runner");
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_EQ(list.body.find("secret"), std::string::npos) << list.body;

  // Nothing under the data dir holds the secret in the clear.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(server().data_dir())) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(Slurp(entry.path()).find(secret), std::string::npos) << entry.path();
  }

  HttpResult bad = Post(server().url("/api/v1/keys"), R"({"scope": "root"})", "application/json");
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_NE(bad.body.find("scope"), std::string::npos) << bad;
  HttpResult unknown = Post(server().url("/api/v1/keys"), R"({"scopes": "admin"})",
                            "application/json");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("scopes: unknown field"), std::string::npos) << unknown;

  EXPECT_EQ(Delete(server().url("/api/v1/keys/" + id)).status, 204);
  HttpResult gone = Delete(server().url("/api/v1/keys/" + id));
  EXPECT_EQ(gone.status, 404);
  EXPECT_NE(gone.body.find(id), std::string::npos);
  EXPECT_EQ(Get(server().url("/api/v1/keys")).Json()["total"], 0);
}

TEST_F(AuthApiTest, BearerTokensAreVerifiedEvenFromLoopback) {
  Key admin = CreateKey(server(), {{"scope", "admin"}});
  EXPECT_EQ(GetWith(server(), "/api/v1/datasets", admin.token).status, 200);

  HttpResult wrong = GetWith(server(), "/api/v1/datasets", admin.id + ".wrongsecret");
  EXPECT_EQ(wrong.status, 403) << wrong;
  EXPECT_EQ(ErrorCode(wrong), "UnrecognizedClient");
  EXPECT_NE(wrong.body.find("secret is wrong"), std::string::npos);
  EXPECT_EQ(wrong.body.find(admin.secret), std::string::npos);

  HttpResult basic = Send("GET", server().url("/api/v1/datasets"), "", "",
                          {"Authorization: Basic dXNlcjpwYXNz"});
  EXPECT_EQ(basic.status, 403);
  EXPECT_EQ(ErrorCode(basic), "IncompleteSignature");

  // Public routes need nothing, whatever the header says.
  EXPECT_EQ(Send("GET", server().url("/healthz"), "", "", {BearerHeader("x.y")}).status, 200);

  Key other = CreateKey(server(), {{"scope", "admin"}});
  ASSERT_EQ(Delete(server().url("/api/v1/keys/" + other.id)).status, 204);
  HttpResult deleted = GetWith(server(), "/api/v1/datasets", other.token);
  EXPECT_EQ(deleted.status, 403) << deleted;
  EXPECT_NE(deleted.body.find("not a key of this server"), std::string::npos);
}

TEST_F(AuthApiTest, InvokeKeyIsRefusedOnAdminRoutesAndReadsEndpoints) {
  Key invoke = CreateKey(server(), {{"scope", "invoke"}});
  HttpResult create_key = Send("POST", server().url("/api/v1/keys"), R"({"scope":"admin"})",
                               "application/json", {BearerHeader(invoke.token)});
  EXPECT_EQ(create_key.status, 403) << create_key;
  EXPECT_EQ(ErrorCode(create_key), "AccessDenied");
  EXPECT_NE(create_key.body.find("scope 'invoke'"), std::string::npos) << create_key;
  EXPECT_EQ(GetWith(server(), "/api/v1/datasets", invoke.token).status, 403);
  HttpResult endpoints = GetWith(server(), "/api/v1/endpoints", invoke.token);
  EXPECT_EQ(endpoints.status, 200) << endpoints;
}

TEST_F(AuthApiTest, RateLimitAnswers429WithRetryAfter) {
  Key limited = CreateKey(server(), {{"scope", "admin"}, {"rate_per_second", 0.5}, {"burst", 2}});
  EXPECT_EQ(GetWith(server(), "/api/v1/datasets", limited.token).status, 200);
  EXPECT_EQ(GetWith(server(), "/api/v1/datasets", limited.token).status, 200);
  HttpResult throttled = GetWith(server(), "/api/v1/datasets", limited.token);
  ASSERT_EQ(throttled.status, 429) << throttled;
  EXPECT_EQ(ErrorCode(throttled), "RateLimited");
  const std::string retry_after = throttled.Header("retry-after");
  ASSERT_FALSE(retry_after.empty());
  const int seconds = std::stoi(retry_after);
  EXPECT_GE(seconds, 1);
  EXPECT_LE(seconds, 2);  // one token every 2 s
  // Other keys are unaffected; after Retry-After the key works again.
  Key other = CreateKey(server(), {{"scope", "admin"}});
  EXPECT_EQ(GetWith(server(), "/api/v1/datasets", other.token).status, 200);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  EXPECT_EQ(GetWith(server(), "/api/v1/datasets", limited.token).status, 200);
}

TEST_F(AuthApiTest, RequireAuthRefusesCredentialLessLoopbackRequests) {
  Key admin = CreateKey(server(), {{"scope", "admin"}});
  const std::filesystem::path data_dir = server().data_dir();
  ASSERT_TRUE(server().Stop());
  LatheServer strict({.extra_args = {"--require-auth"}, .data_dir = data_dir});
  ASSERT_TRUE(strict.Start());
  HttpResult anonymous = Get(strict.url("/api/v1/datasets"));
  EXPECT_EQ(anonymous.status, 403) << anonymous;
  EXPECT_EQ(ErrorCode(anonymous), "MissingAuthenticationToken");
  EXPECT_NE(anonymous.body.find("--require-auth"), std::string::npos);
  EXPECT_EQ(Get(strict.url("/healthz")).status, 200);
  EXPECT_EQ(GetWith(strict, "/api/v1/datasets", admin.token).status, 200);

  // The CLI sends LATHE_API_KEY as a Bearer token.
  CommandResult with_key = RunLathe({"--endpoint", strict.base_url(), "keys", "list"},
                                    {.env = {{"LATHE_API_KEY", admin.token}}});
  EXPECT_EQ(with_key.exit_code, 0) << with_key;
  EXPECT_NE(with_key.out.find(admin.id), std::string::npos) << with_key;
  CommandResult without = RunLathe({"--endpoint", strict.base_url(), "keys", "list"});
  EXPECT_EQ(without.exit_code, 1) << without;
  EXPECT_NE(without.err.find("no credentials"), std::string::npos) << without;
}

TEST(AuthServeTest, RefusesToBindBeyondLoopbackWithoutAKey) {
  std::filesystem::path dir = MakeTempDir("lathe-auth-bind-");
  CommandResult r = RunLathe({"serve", "--host", "0.0.0.0", "--port", "0", "--data-dir",
                              (dir / "data").string()},
                             {.timeout = std::chrono::seconds(60)});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("refusing to listen on 0.0.0.0 without any API key"), std::string::npos)
      << r;
  CommandResult strict = RunLathe({"serve", "--require-auth", "--port", "0", "--data-dir",
                                   (dir / "data").string()},
                                  {.timeout = std::chrono::seconds(60)});
  EXPECT_EQ(strict.exit_code, 1) << strict;
  EXPECT_NE(strict.err.find("--require-auth needs at least one API key"), std::string::npos)
      << strict;
  std::filesystem::remove_all(dir);
}

TEST_F(AuthApiTest, CliCreatesListsAndDeletesKeys) {
  CommandResult created = RunCli({"keys", "create", "--scope", "invoke", "--rate", "600/m",
                                  "--description", "from the cli", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created;
  json key = json::parse(created.out);
  EXPECT_EQ(key["scope"], "invoke");
  EXPECT_DOUBLE_EQ(key["rate_per_second"].get<double>(), 10.0);
  EXPECT_EQ(key["burst"], 10);
  const std::string id = key["access_key_id"];
  CommandResult human = RunCli({"keys", "create"});
  ASSERT_EQ(human.exit_code, 0) << human;
  EXPECT_NE(human.out.find("secret access key:"), std::string::npos) << human.out;
  CommandResult list = RunCli({"keys", "list"});
  ASSERT_EQ(list.exit_code, 0) << list;
  EXPECT_NE(list.out.find(id), std::string::npos);
  EXPECT_NE(list.out.find("from the cli"), std::string::npos);
  EXPECT_EQ(list.out.find(key["secret_access_key"].get<std::string>()), std::string::npos);
  CommandResult bad_rate = RunCli({"keys", "create", "--rate", "fast"});
  EXPECT_NE(bad_rate.exit_code, 0);
  EXPECT_NE(bad_rate.err.find("--rate"), std::string::npos) << bad_rate;
  CommandResult removed = RunCli({"keys", "delete", id});
  EXPECT_EQ(removed.exit_code, 0) << removed;
  CommandResult again = RunCli({"keys", "delete", id});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_NE(again.err.find(id), std::string::npos) << again;
}

TEST_F(AuthApiTest, AwsCliSignaturesVerify) {
  const std::string aws = FindAws();
  if (aws.empty()) GTEST_SKIP() << "no aws CLI installed (apt-get install awscli)";
  Key admin = CreateKey(server(), {{"scope", "admin"}});
  const std::filesystem::path home = server().work_dir() / "aws-home";
  std::filesystem::create_directories(home);
  auto invoke = [&](const std::string& key_id, const std::string& secret) {
    return RunProcess(
        {aws, "sagemaker-runtime", "invoke-endpoint", "--endpoint-url", server().base_url(),
         "--endpoint-name", "nope", "--content-type", "text/csv", "--cli-binary-format",
         "raw-in-base64-out", "--body", "5.1,3.5,1.4,0.2", (home / "out.json").string()},
        {{"AWS_ACCESS_KEY_ID", key_id},
         {"AWS_SECRET_ACCESS_KEY", secret},
         {"AWS_DEFAULT_REGION", "us-east-1"},
         {"AWS_MAX_ATTEMPTS", "1"},
         {"AWS_EC2_METADATA_DISABLED", "true"},
         {"AWS_CONFIG_FILE", (home / "config").string()},
         {"AWS_SHARED_CREDENTIALS_FILE", (home / "credentials").string()},
         {"AWS_PAGER", ""},
         {"HOME", home.string()}},
        home);
  };
  // The right secret gets past authentication: the answer is the endpoint's own error.
  ProcessResult right = invoke(admin.id, admin.secret);
  EXPECT_NE(right.exit_code, 0);
  EXPECT_NE(right.err.find("InvokeEndpoint"), std::string::npos) << right.err;
  EXPECT_NE(right.err.find("nope"), std::string::npos) << right.err;
  for (const char* code : {"InvalidSignature", "UnrecognizedClient", "AccessDenied",
                           "MissingAuthenticationToken", "IncompleteSignature", "403"}) {
    EXPECT_EQ(right.err.find(code), std::string::npos) << code << ": " << right.err;
  }
  // A wrong secret: 403 InvalidSignatureException, even from loopback.
  ProcessResult wrong = invoke(admin.id, std::string(40, 'x'));
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("InvalidSignatureException"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("does not match"), std::string::npos) << wrong.err;
  // An unknown access key id.
  ProcessResult unknown = invoke("LKUNKNOWNUNKNOWN0000", admin.secret);
  EXPECT_NE(unknown.err.find("UnrecognizedClientException"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace lathe::testing
