// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// "naive_bayes": multinomial naive Bayes with Laplace (alpha) smoothing on the sparse block
// (TF-IDF weights as fractional counts) when the data has text, else Gaussian naive Bayes on the
// dense columns (missing values skip the feature). Classification only. Immutable, thread-safe.
#include <algorithm>
#include <cmath>

#include "ml/internal/learner_util.h"
#include "ml/internal/learners.h"
#include "ml/internal/params.h"

namespace lathe::ml::internal {
namespace {

constexpr uint32_t kMagic = 0x3142414e;  // "NAB1"

struct NbState {
  uint32_t multinomial = 0;  // 1: sparse multinomial, 0: dense Gaussian
  uint32_t num_classes = 0;
  uint64_t dense_cols = 0, sparse_cols = 0;
  std::vector<double> log_prior;  // k
  std::vector<float> a;           // multinomial: k x sparse log p(feature|class); Gaussian: mean
  std::vector<float> b;           // Gaussian: k x dense variance
};

void Softmax(std::vector<double>& s, float* out) {
  const double m = *std::max_element(s.begin(), s.end());
  double sum = 0;
  for (double& v : s) sum += (v = std::exp(v - m));
  for (size_t c = 0; c < s.size(); ++c) out[c] = static_cast<float>(s[c] / sum);
}

class NbModel final : public Model {
 public:
  NbModel(NbState s, nlohmann::json params) : s_(std::move(s)), params_(std::move(params)) {}
  std::string_view learner() const override { return "naive_bayes"; }

  Result<std::vector<float>> Predict(const Matrix& x) const override {
    if (x.dense_cols != s_.dense_cols || x.sparse_cols != s_.sparse_cols) {
      return InvalidArgumentError("naive_bayes: the model expects " +
                                  std::to_string(s_.dense_cols + s_.sparse_cols) +
                                  " features, got " + std::to_string(x.cols()));
    }
    const size_t k = s_.num_classes;
    std::vector<float> out(x.rows * k);
    std::vector<double> score(k);
    for (size_t row = 0; row < x.rows; ++row) {
      for (size_t c = 0; c < k; ++c) score[c] = s_.log_prior[c] + RowLogLikelihood(x, row, c);
      Softmax(score, out.data() + row * k);
    }
    return out;
  }

  Result<std::string> Save() const override {
    ByteWriter w;
    w.U32(kMagic);
    w.U32(s_.multinomial);
    w.U32(s_.num_classes);
    w.U64(s_.dense_cols);
    w.U64(s_.sparse_cols);
    w.Doubles(s_.log_prior);
    w.Floats(s_.a);
    w.Floats(s_.b);
    return w.Take();
  }
  nlohmann::json Params() const override { return params_; }

 private:
  double RowLogLikelihood(const Matrix& x, size_t row, size_t c) const {
    double ll = 0;
    if (s_.multinomial) {
      const float* logp = s_.a.data() + c * s_.sparse_cols;
      for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
        ll += x.sparse_values[k] * logp[x.sparse_indices[k]];
      }
      return ll;
    }
    const float* dense = x.dense.data() + row * x.dense_cols;
    for (size_t col = 0; col < s_.dense_cols; ++col) {
      if (std::isnan(dense[col])) continue;
      const double mean = s_.a[c * s_.dense_cols + col], var = s_.b[c * s_.dense_cols + col];
      const double d = dense[col] - mean;
      ll += -0.5 * std::log(2 * M_PI * var) - d * d / (2 * var);
    }
    return ll;
  }

  NbState s_;
  nlohmann::json params_;
};

class NbEstimator final : public Estimator {
 public:
  NbEstimator(double alpha, double var_smoothing, nlohmann::json params, ProblemInfo problem)
      : alpha_(alpha),
        var_smoothing_(var_smoothing),
        params_(std::move(params)),
        problem_(std::move(problem)) {}
  std::string_view learner() const override { return "naive_bayes"; }

  Result<std::unique_ptr<Model>> Fit(const LabeledData& train, const LabeledData*,
                                     const FitOptions& options) const override {
    LATHE_RETURN_IF_ERROR(CheckLabels(train, problem_, "naive_bayes"));
    if (IsCancelled(options)) return CancelledError("naive_bayes: fit cancelled");
    NbState s;
    s.num_classes = static_cast<uint32_t>(problem_.classes.size());
    s.dense_cols = train.x.dense_cols;
    s.sparse_cols = train.x.sparse_cols;
    s.multinomial = train.x.has_sparse() ? 1 : 0;
    const size_t k = s.num_classes;
    const std::vector<float> w = SampleWeights(train, k, false);
    std::vector<double> class_weight(k, 0);
    for (size_t row = 0; row < train.x.rows; ++row) {
      class_weight[static_cast<size_t>(train.y[row])] += w[row];
    }
    double total = 0;
    for (double cw : class_weight) total += cw;
    for (size_t c = 0; c < k; ++c) {
      s.log_prior.push_back(std::log((class_weight[c] + 1) / (total + k)));
    }
    if (s.multinomial) {
      FitMultinomial(train, w, &s);
    } else {
      FitGaussian(train, w, class_weight, &s);
    }
    if (IsCancelled(options)) return CancelledError("naive_bayes: fit cancelled");
    return std::unique_ptr<Model>(std::make_unique<NbModel>(std::move(s), params_));
  }

 private:
  void FitMultinomial(const LabeledData& d, const std::vector<float>& w, NbState* s) const {
    const size_t k = s->num_classes, f = s->sparse_cols;
    std::vector<double> counts(k * f, 0), totals(k, 0);
    for (size_t row = 0; row < d.x.rows; ++row) {
      const size_t c = static_cast<size_t>(d.y[row]);
      for (uint64_t i = d.x.sparse_indptr[row]; i < d.x.sparse_indptr[row + 1]; ++i) {
        const double v = std::max(0.f, d.x.sparse_values[i]) * w[row];
        counts[c * f + d.x.sparse_indices[i]] += v;
        totals[c] += v;
      }
    }
    s->a.resize(k * f);
    for (size_t c = 0; c < k; ++c) {
      const double denom = std::log(totals[c] + alpha_ * f);
      for (size_t j = 0; j < f; ++j) {
        s->a[c * f + j] = static_cast<float>(std::log(counts[c * f + j] + alpha_) - denom);
      }
    }
  }

  void FitGaussian(const LabeledData& d, const std::vector<float>& w,
                   const std::vector<double>& class_weight, NbState* s) const {
    const size_t k = s->num_classes, f = s->dense_cols;
    std::vector<double> sum(k * f, 0), sum2(k * f, 0), n(k * f, 0);
    double max_var = 0;
    for (size_t row = 0; row < d.x.rows; ++row) {
      const size_t c = static_cast<size_t>(d.y[row]);
      for (size_t col = 0; col < f; ++col) {
        const float v = d.x.dense[row * f + col];
        if (std::isnan(v)) continue;
        sum[c * f + col] += w[row] * v;
        sum2[c * f + col] += w[row] * static_cast<double>(v) * v;
        n[c * f + col] += w[row];
      }
    }
    s->a.assign(k * f, 0.f);
    s->b.assign(k * f, 1.f);
    std::vector<double> var(k * f, 0);
    for (size_t i = 0; i < k * f; ++i) {
      if (n[i] <= 0) continue;
      const double mean = sum[i] / n[i];
      s->a[i] = static_cast<float>(mean);
      var[i] = std::max(0.0, sum2[i] / n[i] - mean * mean);
      max_var = std::max(max_var, var[i]);
    }
    const double eps = var_smoothing_ * std::max(max_var, 1e-12);
    for (size_t i = 0; i < k * f; ++i) s->b[i] = static_cast<float>(var[i] + eps);
    (void)class_weight;
  }

  double alpha_, var_smoothing_;
  nlohmann::json params_;
  ProblemInfo problem_;
};

}  // namespace

Result<std::unique_ptr<Estimator>> MakeNaiveBayesEstimator(std::string_view,
                                                           const nlohmann::json& params,
                                                           const ProblemInfo& problem) {
  ParamReader r("naive_bayes", params);
  const double alpha = r.Double("alpha", 1.0, 1e-9, 1e6);
  const double var_smoothing = r.Double("var_smoothing", 1e-9, 0, 1);
  LATHE_RETURN_IF_ERROR(r.Finish());
  return std::unique_ptr<Estimator>(
      std::make_unique<NbEstimator>(alpha, var_smoothing, r.effective(), problem));
}

Result<std::unique_ptr<Model>> LoadNaiveBayesModel(std::string_view, const std::string& bytes,
                                                   const nlohmann::json& params,
                                                   const ProblemInfo& problem) {
  ByteReader r(bytes, "naive_bayes model");
  LATHE_ASSIGN_OR_RETURN(uint32_t magic, r.U32());
  if (magic != kMagic) return DataLossError("naive_bayes: not a naive Bayes model");
  NbState s;
  LATHE_ASSIGN_OR_RETURN(s.multinomial, r.U32());
  LATHE_ASSIGN_OR_RETURN(s.num_classes, r.U32());
  LATHE_ASSIGN_OR_RETURN(s.dense_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.sparse_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.log_prior, r.Doubles());
  LATHE_ASSIGN_OR_RETURN(s.a, r.Floats());
  LATHE_ASSIGN_OR_RETURN(s.b, r.Floats());
  LATHE_RETURN_IF_ERROR(r.Done());
  const size_t k = s.num_classes;
  const size_t expect_a = k * (s.multinomial ? s.sparse_cols : s.dense_cols);
  if (k != problem.classes.size() || s.log_prior.size() != k || s.a.size() != expect_a ||
      s.b.size() != (s.multinomial ? 0 : expect_a)) {
    return DataLossError("naive_bayes: model sizes do not match");
  }
  return std::unique_ptr<Model>(std::make_unique<NbModel>(std::move(s), params));
}

}  // namespace lathe::ml::internal
