// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// "knn": k nearest neighbours by brute force over standardised dense features (the sparse text
// block is not used; missing -> 0 after standardising). Training rows above max_train_rows are
// subsampled (seeded). Votes / means are weighted by 1 / distance ("distance") or equal
// ("uniform"). Immutable, thread-safe. Cost per predicted row: O(train rows x features), the
// search in nearest_points.h.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "ml/algorithms/knn/nearest_points.h"
#include "ml/internal/learner_util.h"
#include "ml/internal/learners.h"
#include "ml/internal/params.h"

namespace lathe::ml::internal {
namespace {

constexpr uint32_t kMagic = 0x314e4e4b;  // "KNN1"

struct KnnState {
  uint32_t k = 15;
  uint32_t distance_weighted = 1;
  uint32_t num_classes = 0;  // 0 = regression
  uint64_t dense_cols = 0, sparse_cols = 0;
  Scaler scaler;
  std::vector<float> points;  // n x dense_cols, standardised
  std::vector<float> labels;  // n
};

class KnnModel final : public Model {
 public:
  KnnModel(KnnState s, nlohmann::json params) : s_(std::move(s)), params_(std::move(params)) {
    // The points again, each row zero-padded for NearestPoints.
    width_ = (s_.dense_cols + kNearestPointsAlign - 1) / kNearestPointsAlign * kNearestPointsAlign;
    padded_.assign(s_.labels.size() * width_, 0.f);
    for (size_t i = 0; i < s_.labels.size(); ++i) {
      std::copy_n(s_.points.data() + i * s_.dense_cols, s_.dense_cols, &padded_[i * width_]);
    }
  }
  std::string_view learner() const override { return "knn"; }

  Result<std::vector<float>> Predict(const Matrix& x) const override {
    if (x.dense_cols != s_.dense_cols || x.sparse_cols != s_.sparse_cols) {
      return InvalidArgumentError("knn: the model expects " +
                                  std::to_string(s_.dense_cols + s_.sparse_cols) +
                                  " features, got " + std::to_string(x.cols()));
    }
    const size_t d = s_.dense_cols, n = s_.labels.size();
    const size_t k = std::min<size_t>(s_.k, n);
    const size_t width = std::max<size_t>(s_.num_classes, 1);
    std::vector<float> out(x.rows * width, 0.f);
    // Standardised queries in slices, so the neighbour lists stay small for any batch.
    const size_t slice = std::min<size_t>(x.rows, 256);
    std::vector<float> queries(slice * width_);
    std::vector<Neighbour> nearest(slice * k);
    for (size_t first = 0; first < x.rows; first += slice) {
      const size_t rows = std::min(slice, x.rows - first);
      std::fill(queries.begin(), queries.end(), 0.f);
      for (size_t q = 0; q < rows; ++q) {
        for (size_t col = 0; col < d; ++col) {
          queries[q * width_ + col] = s_.scaler.Apply(col, x.dense[(first + q) * d + col]);
        }
      }
      NearestPoints(padded_.data(), n, width_, queries.data(), rows, k, nearest.data());
      for (size_t q = 0; q < rows; ++q) {
        Vote(nearest.data() + q * k, k, out.data() + (first + q) * width);
      }
    }
    return out;
  }

  Result<std::string> Save() const override {
    ByteWriter w;
    w.U32(kMagic);
    w.U32(s_.k);
    w.U32(s_.distance_weighted);
    w.U32(s_.num_classes);
    w.U64(s_.dense_cols);
    w.U64(s_.sparse_cols);
    s_.scaler.Write(w);
    w.Floats(s_.points);
    w.Floats(s_.labels);
    return w.Take();
  }
  nlohmann::json Params() const override { return params_; }

 private:
  void Vote(const Neighbour* nearest, size_t k, float* out) const {
    double total = 0, value = 0;
    std::vector<double> votes(std::max<uint32_t>(s_.num_classes, 1), 0);
    for (size_t i = 0; i < k; ++i) {
      const double w =
          s_.distance_weighted ? 1.0 / (std::sqrt(nearest[i].squared_distance) + 1e-6) : 1.0;
      const float label = s_.labels[nearest[i].point];
      total += w;
      if (s_.num_classes == 0) {
        value += w * label;
      } else {
        votes[static_cast<size_t>(label)] += w;
      }
    }
    if (s_.num_classes == 0) {
      out[0] = static_cast<float>(total > 0 ? value / total : 0);
      return;
    }
    for (size_t c = 0; c < s_.num_classes; ++c) out[c] = static_cast<float>(votes[c] / total);
  }

  KnnState s_;
  nlohmann::json params_;
  size_t width_ = 0;            // dense_cols rounded up to a multiple of kNearestPointsAlign
  std::vector<float> padded_;   // points, rows of width_ floats
};

class KnnEstimator final : public Estimator {
 public:
  KnnEstimator(KnnState proto, size_t max_rows, nlohmann::json params, ProblemInfo problem)
      : proto_(std::move(proto)),
        max_rows_(max_rows),
        params_(std::move(params)),
        problem_(std::move(problem)) {}
  std::string_view learner() const override { return "knn"; }

  Result<std::unique_ptr<Model>> Fit(const LabeledData& train, const LabeledData*,
                                     const FitOptions& options) const override {
    LATHE_RETURN_IF_ERROR(CheckLabels(train, problem_, "knn"));
    if (train.x.dense_cols == 0) {
      return InvalidArgumentError("knn: needs dense features (text-only data has none)");
    }
    if (IsCancelled(options)) return CancelledError("knn: fit cancelled");
    KnnState s = proto_;
    s.num_classes = static_cast<uint32_t>(NumClasses(problem_));
    s.dense_cols = train.x.dense_cols;
    s.sparse_cols = train.x.sparse_cols;
    s.scaler = Scaler::Fit(train.x);
    std::vector<uint32_t> rows(train.x.rows);
    std::iota(rows.begin(), rows.end(), 0);
    if (rows.size() > max_rows_) {
      std::mt19937_64 rng(options.seed);
      std::shuffle(rows.begin(), rows.end(), rng);
      rows.resize(max_rows_);
      std::sort(rows.begin(), rows.end());
    }
    const size_t d = s.dense_cols;
    s.points.resize(rows.size() * d);
    for (size_t i = 0; i < rows.size(); ++i) {
      for (size_t col = 0; col < d; ++col) {
        s.points[i * d + col] = s.scaler.Apply(col, train.x.dense[rows[i] * d + col]);
      }
      s.labels.push_back(train.y[rows[i]]);
    }
    nlohmann::json params = params_;
    params["train_rows_kept"] = rows.size();
    return std::unique_ptr<Model>(std::make_unique<KnnModel>(std::move(s), std::move(params)));
  }

 private:
  KnnState proto_;
  size_t max_rows_;
  nlohmann::json params_;
  ProblemInfo problem_;
};

}  // namespace

Result<std::unique_ptr<Estimator>> MakeKnnEstimator(std::string_view,
                                                    const nlohmann::json& params,
                                                    const ProblemInfo& problem) {
  ParamReader r("knn", params);
  KnnState proto;
  proto.k = static_cast<uint32_t>(r.Int("k", 15, 1, 1000));
  proto.distance_weighted = r.String("weights", "distance", {"distance", "uniform"}) == "distance";
  const int max_rows = r.Int("max_train_rows", 20000, 10, 1000000);
  LATHE_RETURN_IF_ERROR(r.Finish());
  return std::unique_ptr<Estimator>(
      std::make_unique<KnnEstimator>(std::move(proto), max_rows, r.effective(), problem));
}

Result<std::unique_ptr<Model>> LoadKnnModel(std::string_view, const std::string& bytes,
                                            const nlohmann::json& params,
                                            const ProblemInfo& problem) {
  ByteReader r(bytes, "knn model");
  LATHE_ASSIGN_OR_RETURN(uint32_t magic, r.U32());
  if (magic != kMagic) return DataLossError("knn: not a kNN model");
  KnnState s;
  LATHE_ASSIGN_OR_RETURN(s.k, r.U32());
  LATHE_ASSIGN_OR_RETURN(s.distance_weighted, r.U32());
  LATHE_ASSIGN_OR_RETURN(s.num_classes, r.U32());
  LATHE_ASSIGN_OR_RETURN(s.dense_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.sparse_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.scaler, Scaler::Read(r));
  LATHE_ASSIGN_OR_RETURN(s.points, r.Floats());
  LATHE_ASSIGN_OR_RETURN(s.labels, r.Floats());
  LATHE_RETURN_IF_ERROR(r.Done());
  if (s.num_classes != NumClasses(problem) || s.scaler.mean.size() != s.dense_cols ||
      s.points.size() != s.labels.size() * s.dense_cols || s.labels.empty() || s.k == 0) {
    return DataLossError("knn: model sizes do not match");
  }
  for (float label : s.labels) {
    if (s.num_classes > 0 && (label < 0 || label >= s.num_classes)) {
      return DataLossError("knn: stored label out of range");
    }
  }
  return std::unique_ptr<Model>(std::make_unique<KnnModel>(std::move(s), params));
}

}  // namespace lathe::ml::internal

namespace lathe::ml {

bool KnnSearchVectorised() { return internal::NearestPointsUseAvx2(); }

}  // namespace lathe::ml
