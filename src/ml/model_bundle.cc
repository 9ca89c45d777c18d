// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/model_bundle.h"

#include <array>
#include <cstring>

#include "core/clock.h"

#ifndef LATHE_VERSION
#define LATHE_VERSION "0.0.0"
#endif

namespace lathe::ml {
namespace {

constexpr char kMagic[8] = {'L', 'A', 'T', 'H', 'E', 'M', 'D', 'L'};
constexpr size_t kFixedHeader = 16;  // magic, version, blob count
constexpr size_t kEntrySize = 12;    // u64 length, u32 crc32c
constexpr uint32_t kMaxBlobs = 1u << 16;

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven.
uint32_t Crc32c(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint32_t GetU32(std::string_view in, size_t pos) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(in[pos + i])) << (8 * i);
  return v;
}
uint64_t GetU64(std::string_view in, size_t pos) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in[pos + i])) << (8 * i);
  return v;
}

struct Layout {
  std::vector<std::string_view> blobs;  // blob 0 = manifest
};

// Verifies the header and the checksums of blobs [0, verify_count); all lengths must add up.
Result<Layout> ParseLayout(std::string_view bytes, size_t verify_count) {
  if (bytes.size() < kFixedHeader + 4 || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    return FailedPreconditionError("not a Lathe model file (missing LATHEMDL magic)");
  }
  const uint32_t version = GetU32(bytes, 8);
  if (version != static_cast<uint32_t>(kModelFormatVersion)) {
    return FailedPreconditionError("model format version " + std::to_string(version) +
                                   " is not supported (this build reads version " +
                                   std::to_string(kModelFormatVersion) + ")");
  }
  const uint32_t count = GetU32(bytes, 12);
  if (count == 0 || count > kMaxBlobs) {
    return DataLossError("model file: bad blob count " + std::to_string(count) + " at byte 12");
  }
  const size_t header = kFixedHeader + count * kEntrySize;
  if (bytes.size() < header + 4) return DataLossError("model file: truncated header");
  const uint32_t header_crc = GetU32(bytes, header);
  if (Crc32c(bytes.substr(0, header)) != header_crc) {
    return DataLossError("model file: header checksum mismatch (bytes 0.." +
                         std::to_string(header + 4) + ")");
  }
  Layout layout;
  size_t pos = header + 4;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t length = GetU64(bytes, kFixedHeader + i * kEntrySize);
    const uint32_t crc = GetU32(bytes, kFixedHeader + i * kEntrySize + 8);
    if (length > bytes.size() - pos) {
      return DataLossError("model file: blob " + std::to_string(i) + " at byte " +
                           std::to_string(pos) + " is truncated");
    }
    const std::string_view blob = bytes.substr(pos, length);
    if (i < verify_count && Crc32c(blob) != crc) {
      return DataLossError("model file: blob " + std::to_string(i) + " (bytes " +
                           std::to_string(pos) + ".." + std::to_string(pos + length) +
                           ") checksum mismatch");
    }
    layout.blobs.push_back(blob);
    pos += length;
  }
  if (pos != bytes.size()) {
    return DataLossError("model file: " + std::to_string(bytes.size() - pos) +
                         " unexpected bytes after the last blob at byte " + std::to_string(pos));
  }
  return layout;
}

Result<nlohmann::json> ParseManifest(std::string_view blob) {
  nlohmann::json manifest = nlohmann::json::parse(blob, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object()) {
    return DataLossError("model file: the manifest is not a JSON object");
  }
  if (manifest.value("format", "") != kModelFormatName) {
    return FailedPreconditionError("model file: format is not '" + std::string(kModelFormatName) +
                                   "'");
  }
  return manifest;
}

}  // namespace

Result<std::string> SerializeBundle(const ModelBundle& b) {
  if (b.members.empty()) return InvalidArgumentError("model bundle: no learner");
  double total = 0;
  for (const EnsembleWeight& w : b.ensemble) {
    if (w.member >= b.members.size()) {
      return InvalidArgumentError("model bundle: ensemble member " + std::to_string(w.member) +
                                  " does not exist (" + std::to_string(b.members.size()) +
                                  " members)");
    }
    if (!(w.weight >= 0)) return InvalidArgumentError("model bundle: negative ensemble weight");
    total += w.weight;
  }
  if (!b.ensemble.empty() && total <= 0) {
    return InvalidArgumentError("model bundle: ensemble weights sum to 0");
  }
  nlohmann::json members = nlohmann::json::array();
  for (size_t i = 0; i < b.members.size(); ++i) {
    members.push_back({{"learner", b.members[i].learner},
                       {"params", b.members[i].params},
                       {"blob", i + 1},
                       {"bytes", b.members[i].bytes.size()}});
  }
  nlohmann::json ensemble = nlohmann::json::array();
  for (const EnsembleWeight& w : b.ensemble) ensemble.push_back({{"member", w.member}, {"weight", w.weight}});
  nlohmann::json manifest = {
      {"format", kModelFormatName},
      {"format_version", kModelFormatVersion},
      {"created_at", b.created_at.empty() ? NowRfc3339() : b.created_at},
      {"lathe_version", b.lathe_version.empty() ? std::string(LATHE_VERSION)
                                                : b.lathe_version},
      {"problem", ProblemToJson(b.problem)},
      {"target", b.problem.target},
      {"classes", b.problem.classes},
      {"input_schema", b.pipeline.is_object() && b.pipeline.contains("inputs")
                           ? b.pipeline["inputs"]
                           : nlohmann::json::array()},
      {"pipeline", b.pipeline},
      {"recipe", b.recipe},
      {"members", members},
      {"ensemble", ensemble},
      {"evaluation", b.evaluation},
      {"training_info", b.training_info}};
  std::vector<std::string> blobs;
  blobs.push_back(manifest.dump());
  for (const BundleMember& m : b.members) blobs.push_back(m.bytes);
  std::string out(kMagic, 8);
  PutU32(out, kModelFormatVersion);
  PutU32(out, static_cast<uint32_t>(blobs.size()));
  for (const std::string& blob : blobs) {
    PutU64(out, blob.size());
    PutU32(out, Crc32c(blob));
  }
  PutU32(out, Crc32c(out));
  for (const std::string& blob : blobs) out += blob;
  return out;
}

Result<nlohmann::json> ReadBundleManifest(std::string_view bytes) {
  LATHE_ASSIGN_OR_RETURN(Layout layout, ParseLayout(bytes, 1));
  return ParseManifest(layout.blobs[0]);
}

Result<ModelBundle> ParseBundle(std::string_view bytes) {
  LATHE_ASSIGN_OR_RETURN(Layout layout, ParseLayout(bytes, kMaxBlobs));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json m, ParseManifest(layout.blobs[0]));
  try {
    ModelBundle b;
    b.created_at = m.at("created_at").get<std::string>();
    b.lathe_version = m.at("lathe_version").get<std::string>();
    LATHE_ASSIGN_OR_RETURN(b.problem, ProblemFromJson(m.at("problem")));
    b.pipeline = m.at("pipeline");
    b.recipe = m.value("recipe", nlohmann::json());
    b.evaluation = m.value("evaluation", nlohmann::json());
    b.training_info = m.value("training_info", nlohmann::json());
    for (const auto& j : m.at("members")) {
      const size_t blob = j.at("blob").get<size_t>();
      if (blob == 0 || blob >= layout.blobs.size()) {
        return DataLossError("model file: member refers to missing blob " + std::to_string(blob));
      }
      b.members.push_back({j.at("learner").get<std::string>(), j.at("params"),
                           std::string(layout.blobs[blob])});
    }
    for (const auto& j : m.at("ensemble")) {
      b.ensemble.push_back({j.at("member").get<size_t>(), j.at("weight").get<double>()});
      if (b.ensemble.back().member >= b.members.size()) {
        return DataLossError("model file: ensemble refers to a missing member");
      }
    }
    if (b.members.empty()) return DataLossError("model file: no learner");
    return b;
  } catch (const nlohmann::json::exception& e) {
    return DataLossError(std::string("model file: malformed manifest: ") + e.what());
  }
}

}  // namespace lathe::ml
