// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/sequence_labeller.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <set>

namespace lathe::services::text {
namespace {

constexpr char kMagic[4] = {'L', 'S', 'Q', 'L'};
constexpr uint32_t kFormatVersion = 1;

std::string Lower(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "TCK-1024" -> "XXX-dddd"; letters beyond ASCII count as lower-case "x".
std::string Shape(std::string_view word) {
  std::string shape;
  for (unsigned char c : word) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    if (std::isupper(c)) {
      shape += 'X';
    } else if (std::islower(c) || c >= 0x80) {
      shape += 'x';
    } else if (std::isdigit(c)) {
      shape += 'd';
    } else {
      shape += static_cast<char>(c);
    }
  }
  return shape;
}

// Byte offsets of the code points of UTF-8 `word`, so affixes never split a character.
std::vector<size_t> CodePointStarts(std::string_view word) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  return starts;
}

// "XXX-dddd" -> "X-d": runs of one class collapsed.
std::string ShortShape(const std::string& shape) {
  std::string out;
  for (char c : shape) {
    if (out.empty() || out.back() != c) out += c;
  }
  return out;
}

// Per token: "B-TYPE" / "I-TYPE" when a gazetteer phrase (longest match first) covers it.
std::vector<std::string> GazetteerMarks(const std::vector<std::string>& words,
                                        const Gazetteer& gazetteer) {
  std::vector<std::string> marks(words.size());
  if (gazetteer.empty()) return marks;
  size_t longest = 0;
  for (const auto& [phrase, type] : gazetteer) longest = std::max(longest, phrase.size());
  std::vector<std::string> lower(words.size());
  for (size_t i = 0; i < words.size(); ++i) lower[i] = Lower(words[i]);
  for (size_t start = 0; start < words.size();) {
    size_t matched = 0;
    for (size_t len = std::min(longest, words.size() - start); len > 0 && matched == 0; --len) {
      std::vector<std::string> key(lower.begin() + start, lower.begin() + start + len);
      auto it = gazetteer.find(key);
      if (it == gazetteer.end()) continue;
      matched = len;
      for (size_t k = 0; k < len; ++k) marks[start + k] = (k == 0 ? "B-" : "I-") + it->second;
    }
    start += std::max<size_t>(matched, 1);
  }
  return marks;
}

bool ValidTag(const std::string& tag) {
  return tag == "O" || ((tag.starts_with("B-") || tag.starts_with("I-")) && tag.size() > 2);
}

// A little-endian reader over Save()'s image; every read checks the remaining length.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  Result<uint32_t> U32(const char* what) {
    if (bytes_.size() - pos_ < 4) return Truncated(what);
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
    pos_ += 4;
    return v;
  }
  Result<std::string> String(const char* what) {
    LATHE_ASSIGN_OR_RETURN(uint32_t size, U32(what));
    if (bytes_.size() - pos_ < size) return Truncated(what);
    std::string s(bytes_.substr(pos_, size));
    pos_ += size;
    return s;
  }
  Status Floats(std::vector<float>& out, size_t count, const char* what) {
    if ((bytes_.size() - pos_) / 4 < count) return Truncated(what);
    out.resize(count);
    for (size_t i = 0; i < count; ++i) {
      uint32_t bits = 0;
      for (int b = 3; b >= 0; --b) {
        bits = (bits << 8) | static_cast<unsigned char>(bytes_[pos_ + 4 * i + b]);
      }
      std::memcpy(&out[i], &bits, 4);
    }
    pos_ += 4 * count;
    return Status::Ok();
  }
  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  Status Truncated(const char* what) {
    return DataLossError(std::string("sequence labeller: truncated at byte ") +
                         std::to_string(pos_) + " while reading " + what);
  }
  std::string_view bytes_;
  size_t pos_ = 0;
};

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void PutString(std::string& out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out += s;
}
void PutFloat(std::string& out, float f) {
  uint32_t bits = 0;
  std::memcpy(&bits, &f, 4);
  PutU32(out, bits);
}

Status CheckSentences(const std::vector<LabelledSentence>& sentences) {
  if (sentences.empty()) return InvalidArgumentError("no training sentences");
  for (size_t s = 0; s < sentences.size(); ++s) {
    const LabelledSentence& sentence = sentences[s];
    const std::string where = "sentence " + std::to_string(s);
    if (sentence.words.size() != sentence.tags.size()) {
      return InvalidArgumentError(where + ": " + std::to_string(sentence.words.size()) +
                                  " words but " + std::to_string(sentence.tags.size()) + " tags");
    }
    for (size_t i = 0; i < sentence.words.size(); ++i) {
      const std::string token = where + ", token " + std::to_string(i);
      if (sentence.words[i].empty()) return InvalidArgumentError(token + ": empty word");
      const std::string& tag = sentence.tags[i];
      if (!ValidTag(tag)) {
        return InvalidArgumentError(token + ": tag '" + tag + "' is not O, B-TYPE or I-TYPE");
      }
      if (tag.starts_with("I-") &&
          (i == 0 || sentence.tags[i - 1].size() < 2 ||
           std::string_view(sentence.tags[i - 1]).substr(2) != std::string_view(tag).substr(2))) {
        return InvalidArgumentError(token + ": '" + tag + "' does not continue a B-" +
                                    tag.substr(2) + " or I-" + tag.substr(2));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::vector<std::string>> SentenceFeatures(const std::vector<std::string>& words,
                                                       const Gazetteer& gazetteer) {
  const size_t n = words.size();
  std::vector<std::string> lower(n), shape(n);
  for (size_t i = 0; i < n; ++i) {
    lower[i] = Lower(words[i]);
    shape[i] = Shape(words[i]);
  }
  const std::vector<std::string> marks = GazetteerMarks(words, gazetteer);
  auto word_at = [&](long i) -> std::string {
    if (i < 0) return "<s>";
    if (i >= static_cast<long>(n)) return "</s>";
    return lower[i];
  };
  auto shape_at = [&](long i) -> std::string {
    if (i < 0) return "<s>";
    if (i >= static_cast<long>(n)) return "</s>";
    return ShortShape(shape[i]);
  };
  std::vector<std::vector<std::string>> out(n);
  for (size_t i = 0; i < n; ++i) {
    const long at = static_cast<long>(i);
    const std::string& w = words[i];
    const unsigned char first = static_cast<unsigned char>(w[0]);
    std::vector<std::string>& f = out[i];
    f.push_back("bias");
    f.push_back("w=" + lower[i]);
    f.push_back("shape=" + shape[i]);
    f.push_back("sshape=" + ShortShape(shape[i]));
    const std::vector<size_t> starts = CodePointStarts(lower[i]);
    for (size_t k = 1; k <= 3 && k <= starts.size(); ++k) {
      f.push_back("pre" + std::to_string(k) + "=" +
                  lower[i].substr(0, k < starts.size() ? starts[k] : lower[i].size()));
      f.push_back("suf" + std::to_string(k) + "=" + lower[i].substr(starts[starts.size() - k]));
    }
    if (std::isupper(first)) f.push_back(i == 0 ? "title@start" : "title");
    if (std::all_of(w.begin(), w.end(), [](char c) { return !std::islower(c); }) &&
        std::any_of(w.begin(), w.end(), [](char c) { return std::isupper(c); })) {
      f.push_back("allcaps");
    }
    if (std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(c); })) {
      f.push_back("hasdigit");
    }
    f.push_back("w-1=" + word_at(at - 1));
    f.push_back("w+1=" + word_at(at + 1));
    f.push_back("w-2=" + word_at(at - 2));
    f.push_back("w+2=" + word_at(at + 2));
    f.push_back("w-1|w=" + word_at(at - 1) + "|" + lower[i]);
    f.push_back("w|w+1=" + lower[i] + "|" + word_at(at + 1));
    f.push_back("s-1=" + shape_at(at - 1));
    f.push_back("s+1=" + shape_at(at + 1));
    if (!marks[i].empty()) f.push_back("gaz=" + marks[i]);
    if (i > 0 && !marks[i - 1].empty()) f.push_back("gaz-1=" + marks[i - 1]);
    if (i + 1 < n && !marks[i + 1].empty()) f.push_back("gaz+1=" + marks[i + 1]);
  }
  return out;
}

Result<SequenceLabeller> SequenceLabeller::Train(const std::vector<LabelledSentence>& sentences,
                                                 const SequenceLabellerOptions& options) {
  if (options.epochs < 1 || options.epochs > 100) {
    return InvalidArgumentError("epochs: " + std::to_string(options.epochs) +
                                " is outside 1..100");
  }
  LATHE_RETURN_IF_ERROR(CheckSentences(sentences));
  SequenceLabeller model;
  model.gazetteer_ = options.gazetteer;
  std::set<std::string> tag_set;
  for (const LabelledSentence& s : sentences) tag_set.insert(s.tags.begin(), s.tags.end());
  tag_set.erase("O");
  model.tags_.push_back("O");
  model.tags_.insert(model.tags_.end(), tag_set.begin(), tag_set.end());
  std::map<std::string, int, std::less<>> tag_id;
  for (size_t t = 0; t < model.tags_.size(); ++t) tag_id[model.tags_[t]] = static_cast<int>(t);

  // The feature dictionary: every feature seen at least min_feature_count times.
  std::vector<std::vector<std::vector<std::string>>> strings(sentences.size());
  std::map<std::string, int, std::less<>> counts;
  for (size_t s = 0; s < sentences.size(); ++s) {
    strings[s] = SentenceFeatures(sentences[s].words, model.gazetteer_);
    for (const auto& token : strings[s]) {
      for (const std::string& f : token) ++counts[f];
    }
  }
  for (const auto& [name, count] : counts) {
    if (count >= options.min_feature_count) {
      model.features_.emplace(name, static_cast<uint32_t>(model.features_.size()));
    }
  }
  std::vector<std::vector<std::vector<uint32_t>>> ids(sentences.size());
  std::vector<std::vector<int>> gold(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    for (const auto& token : strings[s]) {
      std::vector<uint32_t>& token_ids = ids[s].emplace_back();
      for (const std::string& f : token) {
        auto it = model.features_.find(f);
        if (it != model.features_.end()) token_ids.push_back(it->second);
      }
    }
    for (const std::string& tag : sentences[s].tags) gold[s].push_back(tag_id[tag]);
  }
  strings.clear();

  // Averaged perceptron: w is the current weight, u the sum of step * update, so the average
  // over all steps is w - u / step.
  const size_t num_tags = model.tags_.size();
  model.weights_.assign(model.features_.size() * num_tags, 0);
  model.transitions_.assign((num_tags + 1) * num_tags, 0);
  std::vector<double> w_total(model.weights_.size(), 0), t_total(model.transitions_.size(), 0);
  double step = 1;
  auto update = [&](std::vector<float>& w, std::vector<double>& total, size_t index, float delta) {
    w[index] += delta;
    total[index] += step * delta;
  };
  std::vector<size_t> order(sentences.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t s : order) {
      if (options.cancel != nullptr && options.cancel->load()) {
        return CancelledError("training was stopped");
      }
      // Loss-augmented decoding: every wrong tag gets +1, so updates go on until the gold path
      // wins by a margin. A plain perceptron stops at the first separating weights, often with
      // ties that the averaged weights then break the wrong way.
      std::vector<std::vector<float>> emissions = model.Emissions(ids[s]);
      for (size_t i = 0; i < emissions.size(); ++i) {
        for (size_t t = 0; t < num_tags; ++t) emissions[i][t] += t == size_t(gold[s][i]) ? 0 : 1;
      }
      const std::vector<int> predicted = model.Decode(emissions);
      for (size_t i = 0; i < predicted.size(); ++i) {
        const int g = gold[s][i], p = predicted[i];
        const int gp = i == 0 ? -1 : gold[s][i - 1], pp = i == 0 ? -1 : predicted[i - 1];
        if (g != p) {
          for (uint32_t f : ids[s][i]) {
            update(model.weights_, w_total, f * num_tags + g, 1);
            update(model.weights_, w_total, f * num_tags + p, -1);
          }
        }
        if (g != p || gp != pp) {
          update(model.transitions_, t_total, (gp + 1) * num_tags + g, 1);
          update(model.transitions_, t_total, (pp + 1) * num_tags + p, -1);
        }
      }
      step += 1;
    }
  }
  for (size_t i = 0; i < model.weights_.size(); ++i) {
    model.weights_[i] -= static_cast<float>(w_total[i] / step);
  }
  for (size_t i = 0; i < model.transitions_.size(); ++i) {
    model.transitions_[i] -= static_cast<float>(t_total[i] / step);
  }
  return model;
}

bool SequenceLabeller::Allowed(int previous, int next) const {
  const std::string& tag = tags_[next];
  if (!tag.starts_with("I-")) return true;
  if (previous < 0) return false;
  const std::string& prev = tags_[previous];
  return prev.size() > 2 && std::string_view(prev).substr(2) == std::string_view(tag).substr(2);
}

std::vector<std::vector<uint32_t>> SequenceLabeller::FeatureIds(
    const std::vector<std::string>& words) const {
  std::vector<std::vector<uint32_t>> ids;
  for (const auto& token : SentenceFeatures(words, gazetteer_)) {
    std::vector<uint32_t>& token_ids = ids.emplace_back();
    for (const std::string& f : token) {
      auto it = features_.find(f);
      if (it != features_.end()) token_ids.push_back(it->second);
    }
  }
  return ids;
}

std::vector<std::vector<float>> SequenceLabeller::Emissions(
    const std::vector<std::vector<uint32_t>>& ids) const {
  const size_t num_tags = tags_.size();
  std::vector<std::vector<float>> emissions(ids.size(), std::vector<float>(num_tags, 0));
  for (size_t i = 0; i < ids.size(); ++i) {
    for (uint32_t f : ids[i]) {
      for (size_t t = 0; t < num_tags; ++t) emissions[i][t] += weights_[f * num_tags + t];
    }
  }
  return emissions;
}

std::vector<int> SequenceLabeller::Decode(const std::vector<std::vector<float>>& emissions) const {
  const size_t n = emissions.size();
  const int num_tags = static_cast<int>(tags_.size());
  if (n == 0) return {};
  constexpr float kNone = -std::numeric_limits<float>::infinity();
  std::vector<std::vector<float>> best(n, std::vector<float>(num_tags, kNone));
  std::vector<std::vector<int>> back(n, std::vector<int>(num_tags, 0));
  for (int t = 0; t < num_tags; ++t) {
    if (Allowed(-1, t)) best[0][t] = emissions[0][t] + transitions_[t];
  }
  for (size_t i = 1; i < n; ++i) {
    for (int t = 0; t < num_tags; ++t) {
      for (int p = 0; p < num_tags; ++p) {
        if (best[i - 1][p] == kNone || !Allowed(p, t)) continue;
        const float score = best[i - 1][p] + transitions_[(p + 1) * num_tags + t];
        if (score > best[i][t]) {
          best[i][t] = score;
          back[i][t] = p;
        }
      }
      if (best[i][t] != kNone) best[i][t] += emissions[i][t];
    }
  }
  std::vector<int> path(n);
  path[n - 1] = static_cast<int>(std::max_element(best[n - 1].begin(), best[n - 1].end()) -
                                 best[n - 1].begin());
  for (size_t i = n - 1; i > 0; --i) path[i - 1] = back[i][path[i]];
  return path;
}

LabelledTokens SequenceLabeller::Predict(const std::vector<std::string>& words) const {
  LabelledTokens out;
  const std::vector<std::vector<float>> emissions = Emissions(FeatureIds(words));
  const std::vector<int> path = Decode(emissions);
  const int num_tags = static_cast<int>(tags_.size());
  for (size_t i = 0; i < path.size(); ++i) {
    const int previous = i == 0 ? -1 : path[i - 1];
    std::vector<double> scores;
    double top = -std::numeric_limits<double>::infinity();
    for (int t = 0; t < num_tags; ++t) {
      double s = Allowed(previous, t)
                     ? emissions[i][t] + transitions_[(previous + 1) * num_tags + t]
                     : -std::numeric_limits<double>::infinity();
      scores.push_back(s);
      top = std::max(top, s);
    }
    double sum = 0;
    for (double s : scores) sum += std::exp(s - top);
    out.tags.push_back(tags_[path[i]]);
    out.scores.push_back(std::exp(scores[path[i]] - top) / sum);
  }
  return out;
}

std::string SequenceLabeller::Save() const {
  std::string out(kMagic, sizeof(kMagic));
  PutU32(out, kFormatVersion);
  PutU32(out, static_cast<uint32_t>(tags_.size()));
  for (const std::string& tag : tags_) PutString(out, tag);
  std::vector<std::string_view> by_id(features_.size());
  for (const auto& [name, id] : features_) by_id[id] = name;
  PutU32(out, static_cast<uint32_t>(by_id.size()));
  for (std::string_view name : by_id) PutString(out, name);
  for (float w : weights_) PutFloat(out, w);
  for (float w : transitions_) PutFloat(out, w);
  PutU32(out, static_cast<uint32_t>(gazetteer_.size()));
  for (const auto& [phrase, type] : gazetteer_) {
    PutU32(out, static_cast<uint32_t>(phrase.size()));
    for (const std::string& word : phrase) PutString(out, word);
    PutString(out, type);
  }
  return out;
}

Result<SequenceLabeller> SequenceLabeller::Load(std::string_view bytes) {
  if (bytes.size() < 8 || bytes.substr(0, 4) != std::string_view(kMagic, 4)) {
    return DataLossError("sequence labeller: not a Lathe sequence labeller (bad magic)");
  }
  Reader reader(bytes.substr(4));
  LATHE_ASSIGN_OR_RETURN(uint32_t version, reader.U32("the version"));
  if (version != kFormatVersion) {
    return DataLossError("sequence labeller: format version " + std::to_string(version) +
                         " is not supported (this build reads version " +
                         std::to_string(kFormatVersion) + ")");
  }
  SequenceLabeller model;
  LATHE_ASSIGN_OR_RETURN(uint32_t num_tags, reader.U32("the tag count"));
  if (num_tags == 0 || num_tags > 10000) {
    return DataLossError("sequence labeller: " + std::to_string(num_tags) + " tags");
  }
  for (uint32_t t = 0; t < num_tags; ++t) {
    LATHE_ASSIGN_OR_RETURN(std::string tag, reader.String("a tag"));
    if (!ValidTag(tag)) return DataLossError("sequence labeller: bad tag '" + tag + "'");
    model.tags_.push_back(std::move(tag));
  }
  LATHE_ASSIGN_OR_RETURN(uint32_t num_features, reader.U32("the feature count"));
  for (uint32_t f = 0; f < num_features; ++f) {
    LATHE_ASSIGN_OR_RETURN(std::string name, reader.String("a feature name"));
    if (!model.features_.emplace(std::move(name), f).second) {
      return DataLossError("sequence labeller: feature " + std::to_string(f) + " is a duplicate");
    }
  }
  LATHE_RETURN_IF_ERROR(
      reader.Floats(model.weights_, size_t{num_features} * num_tags, "the weights"));
  LATHE_RETURN_IF_ERROR(
      reader.Floats(model.transitions_, size_t{num_tags + 1} * num_tags, "the transitions"));
  LATHE_ASSIGN_OR_RETURN(uint32_t num_phrases, reader.U32("the gazetteer size"));
  for (uint32_t p = 0; p < num_phrases; ++p) {
    LATHE_ASSIGN_OR_RETURN(uint32_t length, reader.U32("a gazetteer phrase length"));
    std::vector<std::string> phrase;
    for (uint32_t k = 0; k < length; ++k) {
      LATHE_ASSIGN_OR_RETURN(std::string word, reader.String("a gazetteer word"));
      phrase.push_back(std::move(word));
    }
    LATHE_ASSIGN_OR_RETURN(std::string type, reader.String("a gazetteer type"));
    model.gazetteer_[std::move(phrase)] = std::move(type);
  }
  if (!reader.AtEnd()) return DataLossError("sequence labeller: trailing bytes after the model");
  return model;
}

}  // namespace lathe::services::text
