// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/keys_commands.h"

#include <cmath>
#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/api_call.h"
#include "cli/api_error.h"
#include "cli/format.h"
#include "cli/table_printer.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr char kKeysPath[] = "/api/v1/keys";

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

// "100 requests/s, burst 100" or "no rate limit".
std::string RateText(const json& key) {
  const double rate = key.value("rate_per_second", 0.0);
  if (rate <= 0) return "no rate limit";
  return FormatNumber(rate, 6) + " requests/s, burst " + Str(key, "burst");
}

}  // namespace

Result<double> ParseRate(const std::string& text) {
  const size_t slash = text.find('/');
  const std::string number = text.substr(0, slash);
  const std::string unit = slash == std::string::npos ? "s" : text.substr(slash + 1);
  char* end = nullptr;
  const double value = std::strtod(number.c_str(), &end);
  double per = 0;
  if (unit == "s" || unit == "sec") per = 1;
  if (unit == "m" || unit == "min") per = 60;
  if (unit == "h") per = 3600;
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(value) ||
      value <= 0 || per == 0) {
    return InvalidArgumentError("--rate: expected requests per time unit such as 100/s, 600/m or "
                                "3600/h, got '" + text + "'");
  }
  return value / per;
}

Status CreateKey(const CommandContext& context, const KeysCreateOptions& options) {
  json body = {{"scope", options.scope}};
  if (!options.rate.empty()) {
    LATHE_ASSIGN_OR_RETURN(double rate, ParseRate(options.rate));
    body["rate_per_second"] = rate;
  }
  if (options.burst > 0) body["burst"] = options.burst;
  if (!options.description.empty()) body["description"] = options.description;
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer,
                         ParseAnswer(context.http.Post(kKeysPath, body.dump(), "application/json")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json& key = answer.value;
  context.out << "Created API key " << Str(key, "access_key_id") << " (scope "
              << Str(key, "scope") << ", " << RateText(key) << ")\n"
              << "  access key id:      " << Str(key, "access_key_id") << "\n"
              << "  secret access key:  " << Str(key, "secret_access_key") << "\n"
              << "  bearer token:       " << Str(key, "token") << "\n"
              << "The secret is shown only now. Use it as LATHE_API_KEY=<bearer token> for lathe "
                 "and curl, or as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for aws "
                 "--endpoint-url.\n";
  return Status::Ok();
}

Status ListKeys(const CommandContext& context) {
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(kKeysPath)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json keys = answer.value.value("keys", json::array());
  if (keys.empty()) {
    context.out << "No API keys. Create one with: lathe keys create --scope admin\n";
    return Status::Ok();
  }
  TablePrinter table({{"ACCESS KEY ID"},
                      {"SCOPE"},
                      {"RATE/S", Align::kRight},
                      {"BURST", Align::kRight},
                      {"CREATED"},
                      {"DESCRIPTION"}},
                     {.bold_header = context.color});
  for (const json& key : keys) {
    const double rate = key.value("rate_per_second", 0.0);
    table.AddRow({Str(key, "access_key_id"), Str(key, "scope"),
                  rate > 0 ? FormatNumber(rate, 6) : "-", rate > 0 ? Str(key, "burst") : "-",
                  Str(key, "created_at"), Str(key, "description")});
  }
  table.Print(context.out);
  return Status::Ok();
}

Status DeleteKey(const CommandContext& context, const std::string& access_key_id) {
  auto response = context.http.Delete(std::string(kKeysPath) + "/" + UrlEncode(access_key_id));
  if (!response.ok()) return response.status();
  if (response->status >= 400) return StatusFromHttpError(response->status, response->body);
  if (context.global.json) {
    context.out << json{{"deleted", access_key_id}}.dump() << "\n";
  } else {
    context.out << "Deleted API key " << access_key_id << "\n";
  }
  return Status::Ok();
}

void AddKeysCommands(CLI::App& app, CommandAction* action) {
  CLI::App* keys = app.add_subcommand("keys", "API keys: create, list, delete");
  keys->alias("key");
  keys->require_subcommand(1);
  auto create_options = std::make_shared<KeysCreateOptions>();
  CLI::App* create = keys->add_subcommand("create", "Create an API key (prints its secret once)");
  create->add_option("--scope", create_options->scope, "admin (everything) or invoke (endpoints)")
      ->check(CLI::IsMember({"admin", "invoke"}));
  create->add_option("--rate", create_options->rate,
                     "Rate limit: 100/s, 600/m, 3600/h (default: none)");
  create->add_option("--burst", create_options->burst,
                     "Requests allowed at once above the rate (default: the rate per second)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  create->add_option("--description", create_options->description, "What the key is for");
  create->callback([create_options, action] {
    *action = [create_options](const CommandContext& c) { return CreateKey(c, *create_options); };
  });
  CLI::App* list = keys->add_subcommand("list", "List API keys (without secrets)");
  list->alias("ls");
  list->callback([action] { *action = [](const CommandContext& c) { return ListKeys(c); }; });
  auto id = std::make_shared<std::string>();
  CLI::App* remove = keys->add_subcommand("delete", "Delete an API key");
  remove->alias("rm");
  remove->add_option("ACCESS_KEY_ID", *id, "The key's access key id (LK...)")->required();
  remove->callback([id, action] {
    *action = [id](const CommandContext& c) { return DeleteKey(c, *id); };
  });
}

}  // namespace lathe::cli
