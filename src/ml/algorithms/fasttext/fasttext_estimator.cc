// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// "fasttext": supervised fastText (softmax loss, word n-grams) on the raw text of the text
// feature (Matrix::text); classification only. fastText trains from a file, so Fit writes
// "__label__<class id> <text>" lines to a temp file; the model's bytes are fastText's own .bin
// file. Cancellation is polled from fastText's progress callback and aborts training. Predict is
// const in fastText (per-call state), so the model is thread-safe.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fasttext/args.h>
#include <fasttext/fasttext.h>

#include "core/file_util.h"
#include "ml/internal/learner_util.h"
#include "ml/internal/learners.h"
#include "ml/internal/params.h"

namespace lathe::ml::internal {
namespace {

const std::string kLabelPrefix = "__label__";

// A unique temp path; removed when the object goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::string_view suffix) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "lathe-fasttext-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd >= 0) ::close(fd);
    path_ = pattern + std::string(suffix);
    base_ = pattern;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    std::filesystem::remove(base_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_, base_;
};

// One line of text: newlines would end the example early.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') c = ' ';
  }
  return out;
}

class FastTextModel final : public Model {
 public:
  FastTextModel(std::unique_ptr<fasttext::FastText> ft, size_t num_classes, nlohmann::json params)
      : ft_(std::move(ft)), num_classes_(num_classes), params_(std::move(params)) {}
  std::string_view learner() const override { return "fasttext"; }

  Result<std::vector<float>> Predict(const Matrix& x) const override {
    if (x.text.size() != x.rows) {
      return InvalidArgumentError("fasttext: the rows carry no text feature");
    }
    std::vector<float> out(x.rows * num_classes_, 0.f);
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    try {
      for (size_t row = 0; row < x.rows; ++row) {
        std::istringstream in(OneLine(x.text[row]) + "\n");
        predictions.clear();
        ft_->predictLine(in, predictions, static_cast<int32_t>(num_classes_), 0.0);
        float* dst = out.data() + row * num_classes_;
        for (const auto& [p, label] : predictions) {
          const size_t cls = std::strtoul(label.c_str() + kLabelPrefix.size(), nullptr, 10);
          if (cls < num_classes_) dst[cls] = p;
        }
        float sum = 0;
        for (size_t c = 0; c < num_classes_; ++c) sum += dst[c];
        for (size_t c = 0; c < num_classes_; ++c) {
          dst[c] = sum > 0 ? dst[c] / sum : 1.0f / num_classes_;
        }
      }
    } catch (const std::exception& e) {
      return InternalError(std::string("fasttext predict: ") + e.what());
    }
    return out;
  }

  Result<std::string> Save() const override {
    TempFile file(".bin");
    try {
      ft_->saveModel(file.path());
    } catch (const std::exception& e) {
      return InternalError(std::string("fasttext save: ") + e.what());
    }
    return ReadFile(file.path());
  }
  nlohmann::json Params() const override { return params_; }

 private:
  std::unique_ptr<fasttext::FastText> ft_;
  size_t num_classes_;
  nlohmann::json params_;
};

class FastTextEstimator final : public Estimator {
 public:
  FastTextEstimator(fasttext::Args args, nlohmann::json params, ProblemInfo problem)
      : args_(std::move(args)), params_(std::move(params)), problem_(std::move(problem)) {}
  std::string_view learner() const override { return "fasttext"; }

  Result<std::unique_ptr<Model>> Fit(const LabeledData& train, const LabeledData*,
                                     const FitOptions& options) const override {
    LATHE_RETURN_IF_ERROR(CheckLabels(train, problem_, "fasttext"));
    if (train.x.text.size() != train.x.rows) {
      return InvalidArgumentError("fasttext: the training rows carry no text feature");
    }
    if (IsCancelled(options)) return CancelledError("fasttext: fit cancelled");
    TempFile input(".txt");
    {
      std::ofstream out(input.path(), std::ios::binary);
      for (size_t row = 0; row < train.x.rows; ++row) {
        out << kLabelPrefix << static_cast<int>(train.y[row]) << ' ' << OneLine(train.x.text[row])
            << '\n';
      }
      if (!out) return InternalError("fasttext: cannot write " + input.path());
    }
    fasttext::Args args = args_;
    args.input = input.path();
    args.thread = std::max(1, options.threads);
    args.seed = static_cast<int>(options.seed % 2147483647);
    auto ft = std::make_unique<fasttext::FastText>();
    bool cancelled = false;
    int last_epoch = -1;
    auto callback = [&](float progress, float loss, double, double, int64_t) {
      if (!cancelled && IsCancelled(options)) {
        cancelled = true;
        ft->abort();
      }
      const int epoch = static_cast<int>(progress * args.epoch);
      if (options.progress && epoch != last_epoch) {
        last_epoch = epoch;
        options.progress({epoch, args.epoch, loss});
      }
    };
    try {
      ft->train(args, callback);
    } catch (const fasttext::FastText::AbortError&) {
      return CancelledError("fasttext: fit cancelled");
    } catch (const std::exception& e) {
      if (cancelled) return CancelledError("fasttext: fit cancelled");
      return InternalError(std::string("fasttext train: ") + e.what());
    }
    if (cancelled || IsCancelled(options)) return CancelledError("fasttext: fit cancelled");
    return std::unique_ptr<Model>(
        std::make_unique<FastTextModel>(std::move(ft), problem_.classes.size(), params_));
  }

 private:
  fasttext::Args args_;
  nlohmann::json params_;
  ProblemInfo problem_;
};

}  // namespace

Result<std::unique_ptr<Estimator>> MakeFastTextEstimator(std::string_view,
                                                         const nlohmann::json& params,
                                                         const ProblemInfo& problem) {
  ParamReader r("fasttext", params);
  fasttext::Args args;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.verbose = 0;
  args.epoch = r.Int("epoch", 25, 1, 1000);
  args.lr = r.Double("lr", 0.5, 1e-4, 5.0);
  args.wordNgrams = r.Int("word_ngrams", 2, 1, 5);
  args.dim = r.Int("dim", 50, 2, 300);
  args.minCount = r.Int("min_count", 1, 1, 1000);
  args.bucket = r.Int("bucket", 200000, 1000, 4000000);
  args.minn = 0;
  args.maxn = 0;
  LATHE_RETURN_IF_ERROR(r.Finish());
  return std::unique_ptr<Estimator>(
      std::make_unique<FastTextEstimator>(std::move(args), r.effective(), problem));
}

Result<std::unique_ptr<Model>> LoadFastTextModel(std::string_view, const std::string& bytes,
                                                 const nlohmann::json& params,
                                                 const ProblemInfo& problem) {
  // loadModel(istream&) expects the stream past fastText's header (magic, version), which
  // FastText::checkModel reads but does not expose.
  constexpr int32_t kFastTextMagic = 793712314, kFastTextVersion = 12;
  int32_t header[2] = {0, 0};
  if (bytes.size() < sizeof(header)) return DataLossError("fasttext: model file too short");
  std::memcpy(header, bytes.data(), sizeof(header));
  if (header[0] != kFastTextMagic || header[1] > kFastTextVersion) {
    return DataLossError("fasttext: not a fastText model file (bad magic or version)");
  }
  auto ft = std::make_unique<fasttext::FastText>();
  try {
    std::istringstream in(bytes.substr(sizeof(header)));
    ft->loadModel(in);
  } catch (const std::exception& e) {
    return DataLossError(std::string("fasttext: not a valid model: ") + e.what());
  }
  return std::unique_ptr<Model>(
      std::make_unique<FastTextModel>(std::move(ft), problem.classes.size(), params));
}

}  // namespace lathe::ml::internal
