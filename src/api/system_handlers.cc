// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/system_handlers.h"

#include <filesystem>

#include "api/gunzip.h"
#include "api/web_assets.h"
#include "monitor/metrics.h"

namespace lathe::api {
namespace {

std::string_view ContentTypeFor(std::string_view path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

const char kNoStudioPage[] =
    "<!doctype html><html><head><meta charset=utf-8><title>Lathe</title></head><body>"
    "<h1>Lathe</h1><p>The API is up, but this binary was built without the studio "
    "(web/dist was missing at build time). Run <code>make run</code> to build it, or see "
    "<a href=\"/api/openapi.json\">/api/openapi.json</a>.</p></body></html>";

}  // namespace

Result<HttpResponse> Healthz(HttpRequest&, RequestContext&) {
  HttpResponse r;
  r.headers.Set("Content-Type", "application/json");
  r.body = R"({"status":"ok"})";
  return r;
}

Result<HttpResponse> Readyz(App& app, HttpRequest&, RequestContext&) {
  if (!app.ready.load()) {
    return UnavailableError("starting up: stores not open yet");
  }
  return HttpResponse::Json(200, {{"status", "ready"}});
}

Result<HttpResponse> Metrics(HttpRequest&, RequestContext&) {
  return HttpResponse::Text(200, monitor::MetricsRegistry::Global().Exposition(),
                            "text/plain; version=0.0.4; charset=utf-8");
}

Result<HttpResponse> OpenApi(const Router& router, HttpRequest&, RequestContext&) {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& route : router.routes()) {
    if (route.pattern.find("{path}") != std::string::npos || route.pattern == "/") continue;
    nlohmann::json op = {{"summary", route.options.summary},
                         {"responses", {{"default", {{"description", "see docs/api"}}}}}};
    nlohmann::json params = nlohmann::json::array();
    for (const auto& seg : route.segments) {
      if (seg.size() > 2 && seg.front() == '{') {
        params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
      }
    }
    if (!params.empty()) op["parameters"] = params;
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    paths[route.pattern][method] = op;
  }
  nlohmann::json doc = {{"openapi", "3.0.3"},
                        {"info", {{"title", "Lathe API"}, {"version", "0.1.0"}}},
                        {"servers", {{{"url", "/"}}}},
                        {"paths", paths}};
  return HttpResponse::Json(200, doc);
}

Result<HttpResponse> StudioAsset(App& app, HttpRequest& request, RequestContext&) {
  std::string path = request.path == "/" ? "/index.html" : request.path;
  if (path.find("..") != std::string::npos) return NotFoundError("no such file: " + path);
  if (!app.config.web_dir.empty()) {
    std::filesystem::path file = std::filesystem::path(app.config.web_dir) / path.substr(1);
    if (!std::filesystem::is_regular_file(file)) {
      file = std::filesystem::path(app.config.web_dir) / "index.html";
    }
    HttpResponse r;
    r.body_file = file.string();
    r.headers.Set("Content-Type", std::string(ContentTypeFor(file.string())));
    return r;
  }
  const WebAsset* asset = FindWebAsset(path);
  bool is_file_like = path.rfind('.') != std::string::npos &&
                      path.rfind('.') > path.rfind('/');
  if (asset == nullptr && !is_file_like) asset = FindWebAsset("/index.html");  // SPA routes
  if (asset == nullptr) {
    if (!HaveWebAssets()) return HttpResponse::Text(200, kNoStudioPage, "text/html; charset=utf-8");
    return NotFoundError("no such file: " + path);
  }
  HttpResponse r;
  r.headers.Set("Content-Type", std::string(asset->content_type));
  // Hashed asset names never change content; index.html must be revalidated.
  r.headers.Set("Cache-Control", path.starts_with("/assets/") ? "public, max-age=31536000, immutable"
                                                              : "no-cache");
  if (asset->gzipped) {
    r.headers.Set("Vary", "Accept-Encoding");
    auto accept = request.headers.Get("accept-encoding");
    if (!accept || accept->find("gzip") == std::string_view::npos) {
      LATHE_ASSIGN_OR_RETURN(r.body, Gunzip(asset->body));  // e.g. plain curl
      return r;
    }
    r.headers.Set("Content-Encoding", "gzip");
  }
  r.body = std::string(asset->body);
  return r;
}

}  // namespace lathe::api
