// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Tiny learners for AutoML tests, so the search, ensemble and events can be tested without the
// real learners: "prior" (class frequencies), "centroid" (softmax over scaled distances to the
// class means; param "scale"), "sleepy" (polls cancelled() for "sleep_ms", then acts as prior),
// "broken" (Fit always fails). Classification only.
#pragma once

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "automl/search_space.h"
#include "ml/estimator.h"

namespace lathe::automl::testing {

class TinyModel final : public ml::Model {
 public:
  TinyModel(std::string learner, int k, double scale, std::vector<double> prior,
            std::vector<std::vector<double>> means)
      : learner_(std::move(learner)), k_(k), scale_(scale), prior_(std::move(prior)),
        means_(std::move(means)) {}
  std::string_view learner() const override { return learner_; }
  Result<std::vector<float>> Predict(const ml::Matrix& x) const override {
    std::vector<float> out(x.rows * k_);
    for (size_t row = 0; row < x.rows; ++row) {
      std::vector<double> logit(k_);
      for (int c = 0; c < k_; ++c) {
        double d = 0;
        if (learner_ == "centroid") {
          for (size_t col = 0; col < x.dense_cols; ++col) {
            const double v = x.at(row, col);
            if (std::isfinite(v)) d += (v - means_[c][col]) * (v - means_[c][col]);
          }
        }
        logit[c] = learner_ == "centroid" ? -scale_ * d : std::log(prior_[c] + 1e-9);
      }
      const double top = *std::max_element(logit.begin(), logit.end());
      double sum = 0;
      for (double& l : logit) sum += (l = std::exp(l - top));
      for (int c = 0; c < k_; ++c) out[row * k_ + c] = static_cast<float>(logit[c] / sum);
    }
    return out;
  }
  Result<std::string> Save() const override { return std::string("tiny"); }
  nlohmann::json Params() const override { return {{"scale", scale_}}; }

 private:
  std::string learner_;
  int k_;
  double scale_;
  std::vector<double> prior_;
  std::vector<std::vector<double>> means_;
};

class TinyEstimator final : public ml::Estimator {
 public:
  TinyEstimator(std::string learner, nlohmann::json params, int k)
      : learner_(std::move(learner)), params_(std::move(params)), k_(k) {}
  std::string_view learner() const override { return learner_; }
  Result<std::unique_ptr<ml::Model>> Fit(const ml::LabeledData& train, const ml::LabeledData*,
                                         const ml::FitOptions& options) const override {
    if (learner_ == "broken") return InternalError("broken on purpose");
    if (learner_ == "sleepy") {
      const auto until = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(params_.value("sleep_ms", 1000));
      while (std::chrono::steady_clock::now() < until) {
        if (options.cancelled && options.cancelled()) return CancelledError("cancelled");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    std::vector<double> prior(k_, 0.0);
    std::vector<std::vector<double>> sums(k_, std::vector<double>(train.x.dense_cols, 0.0));
    std::vector<std::vector<double>> counts = sums;
    for (size_t row = 0; row < train.y.size(); ++row) {
      const int c = static_cast<int>(train.y[row]);
      prior[c] += 1.0 / train.y.size();
      for (size_t col = 0; col < train.x.dense_cols; ++col) {
        const double v = train.x.at(row, col);
        if (!std::isfinite(v)) continue;
        sums[c][col] += v;
        counts[c][col] += 1;
      }
    }
    for (int c = 0; c < k_; ++c) {
      for (size_t col = 0; col < sums[c].size(); ++col) {
        sums[c][col] = counts[c][col] > 0 ? sums[c][col] / counts[c][col] : 0.0;
      }
    }
    return std::unique_ptr<ml::Model>(std::make_unique<TinyModel>(
        learner_ == "centroid" ? "centroid" : learner_, k_, params_.value("scale", 1.0),
        std::move(prior), std::move(sums)));
  }

 private:
  std::string learner_;
  nlohmann::json params_;
  int k_;
};

// A catalog over the tiny learners: portfolio `portfolio`, search samples centroid scales.
inline LearnerCatalog TinyCatalog(std::vector<Candidate> portfolio) {
  LearnerCatalog catalog;
  catalog.make = [](std::string_view learner, const nlohmann::json& params,
                    const ml::ProblemInfo& problem)
      -> Result<std::unique_ptr<ml::Estimator>> {
    if (learner != "prior" && learner != "centroid" && learner != "sleepy" && learner != "broken") {
      return InvalidArgumentError("unknown tiny learner " + std::string(learner));
    }
    return std::unique_ptr<ml::Estimator>(std::make_unique<TinyEstimator>(
        std::string(learner), params, static_cast<int>(problem.classes.size())));
  };
  catalog.portfolio = [portfolio](const ml::ProblemInfo&, const DataShape&) { return portfolio; };
  catalog.sample = [](std::mt19937_64& rng, const ml::ProblemInfo&,
                      const DataShape&) -> std::optional<Candidate> {
    std::uniform_real_distribution<double> u(std::log(0.001), std::log(10.0));
    return Candidate{"centroid", {{"scale", std::exp(u(rng))}}, "search", 1.0};
  };
  return catalog;
}

// n rows, `cols` features, binary target from a noisy linear rule (seeded).
inline ml::LabeledData MakeBinaryData(size_t n, size_t cols, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  ml::LabeledData d;
  d.x.rows = n;
  d.x.dense_cols = cols;
  for (size_t row = 0; row < n; ++row) {
    double signal = 0;
    for (size_t col = 0; col < cols; ++col) {
      const double v = noise(rng);
      d.x.dense.push_back(static_cast<float>(v));
      if (col < 2) signal += v;
    }
    d.y.push_back(signal + 0.5 * noise(rng) > 0 ? 1.0f : 0.0f);
  }
  return d;
}

}  // namespace lathe::automl::testing
