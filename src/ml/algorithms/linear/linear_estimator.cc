// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// liblinear learners: "logistic_regression" (L2R_LR), "linear_svm" (L2R_L2LOSS_SVC_DUAL, Platt-
// scaled probabilities) and "linear_regression" (L2R_L2LOSS_SVR with epsilon 0 on a standardised
// target, i.e. ridge regression). Dense features are standardised inside (missing -> 0 after
// standardising); the sparse block (TF-IDF) is used as is. liblinear only trains: the fitted
// weights are copied out and the model predicts with its own dot products, so it is immutable
// and thread-safe, and its bytes are a small binary file (docs/formats/model.md).
#include <linear.h>

#include <cmath>
#include <mutex>

#include "ml/internal/learner_util.h"
#include "ml/internal/learners.h"
#include "ml/internal/params.h"

namespace lathe::ml::internal {
namespace {

constexpr uint32_t kMagic = 0x4e494c4c;  // "LLIN"

enum class LinearKind : uint32_t { kLogistic = 0, kSvm = 1, kRegression = 2 };

void Silent(const char*) {}

LinearKind KindOf(std::string_view learner) {
  if (learner == "logistic_regression") return LinearKind::kLogistic;
  if (learner == "linear_svm") return LinearKind::kSvm;
  return LinearKind::kRegression;
}

float Sigmoid(double z) { return static_cast<float>(1.0 / (1.0 + std::exp(-z))); }

struct LinearState {
  LinearKind kind = LinearKind::kLogistic;
  uint32_t num_classes = 0;  // 0 = regression
  uint64_t dense_cols = 0, sparse_cols = 0;
  Scaler scaler;
  std::vector<float> coef;  // outputs x (cols + 1), the last entry of a row is the bias
  double platt_a = 1, platt_b = 0;
  double y_mean = 0, y_std = 1;

  size_t outputs() const { return num_classes == 2 || num_classes == 0 ? 1 : num_classes; }
  size_t width() const { return dense_cols + sparse_cols + 1; }

  // Decision values (one per output) of one row.
  void Decide(const Matrix& x, size_t row, double* out) const {
    const size_t w = width();
    for (size_t o = 0; o < outputs(); ++o) {
      const float* c = coef.data() + o * w;
      double z = c[w - 1];
      const float* dense = x.dense.data() + row * x.dense_cols;
      for (size_t col = 0; col < dense_cols; ++col) z += c[col] * scaler.Apply(col, dense[col]);
      if (x.has_sparse()) {
        for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
          z += c[dense_cols + x.sparse_indices[k]] * x.sparse_values[k];
        }
      }
      out[o] = z;
    }
  }
};

// Fits p = sigmoid(a * z + b) to 0/1 targets by Newton's method (Platt scaling).
void FitPlatt(const std::vector<double>& z, const std::vector<float>& t, double* a, double* b) {
  double A = 1, B = 0;
  for (int iter = 0; iter < 50; ++iter) {
    double g1 = 0, g2 = 0, h11 = 1e-9, h12 = 0, h22 = 1e-9;
    for (size_t i = 0; i < z.size(); ++i) {
      const double p = 1.0 / (1.0 + std::exp(-(A * z[i] + B)));
      const double d = p - t[i], w = std::max(p * (1 - p), 1e-12);
      g1 += d * z[i];
      g2 += d;
      h11 += w * z[i] * z[i];
      h12 += w * z[i];
      h22 += w;
    }
    const double det = h11 * h22 - h12 * h12;
    if (std::abs(det) < 1e-18) break;
    const double dA = (h22 * g1 - h12 * g2) / det, dB = (h11 * g2 - h12 * g1) / det;
    A -= dA;
    B -= dB;
    if (std::abs(dA) + std::abs(dB) < 1e-9) break;
  }
  *a = A;
  *b = B;
}

class LinearModel final : public Model {
 public:
  LinearModel(std::string learner, LinearState state, nlohmann::json params)
      : learner_(std::move(learner)), s_(std::move(state)), params_(std::move(params)) {}

  std::string_view learner() const override { return learner_; }

  Result<std::vector<float>> Predict(const Matrix& x) const override {
    if (x.dense_cols != s_.dense_cols || x.sparse_cols != s_.sparse_cols) {
      return InvalidArgumentError(learner_ + ": the model expects " +
                                  std::to_string(s_.dense_cols + s_.sparse_cols) +
                                  " features, got " + std::to_string(x.cols()));
    }
    const size_t k = s_.num_classes;
    std::vector<float> out(x.rows * std::max<size_t>(k, 1));
    std::vector<double> z(s_.outputs());
    for (size_t row = 0; row < x.rows; ++row) {
      s_.Decide(x, row, z.data());
      if (k == 0) {
        out[row] = static_cast<float>(z[0] * s_.y_std + s_.y_mean);
      } else if (k == 2) {
        const float p = Sigmoid(s_.platt_a * z[0] + s_.platt_b);
        out[2 * row] = 1 - p;
        out[2 * row + 1] = p;
      } else {
        double sum = 0;
        for (size_t c = 0; c < k; ++c) sum += Sigmoid(s_.platt_a * z[c] + s_.platt_b);
        for (size_t c = 0; c < k; ++c) {
          out[row * k + c] =
              static_cast<float>(Sigmoid(s_.platt_a * z[c] + s_.platt_b) / std::max(sum, 1e-30));
        }
      }
    }
    return out;
  }

  std::vector<float> Importance() const override {
    const size_t w = s_.width();
    std::vector<float> out(w - 1, 0.f);
    for (size_t o = 0; o < s_.outputs(); ++o) {
      for (size_t col = 0; col + 1 < w; ++col) out[col] += std::abs(s_.coef[o * w + col]);
    }
    return out;
  }

  Result<std::string> Save() const override {
    ByteWriter w;
    w.U32(kMagic);
    w.U32(static_cast<uint32_t>(s_.kind));
    w.U32(s_.num_classes);
    w.U64(s_.dense_cols);
    w.U64(s_.sparse_cols);
    s_.scaler.Write(w);
    w.Floats(s_.coef);
    w.F64(s_.platt_a);
    w.F64(s_.platt_b);
    w.F64(s_.y_mean);
    w.F64(s_.y_std);
    return w.Take();
  }

  nlohmann::json Params() const override { return params_; }

 private:
  std::string learner_;
  LinearState s_;
  nlohmann::json params_;
};

struct LinearConfig {
  LinearKind kind;
  double c = 1, tol = 0.01;
  bool balanced = false;
  nlohmann::json effective;
};

// liblinear rows: standardised dense values (zeros skipped), sparse entries, then the bias node.
struct Problem {
  std::vector<feature_node> nodes;
  std::vector<feature_node*> rows;
  std::vector<double> y;
  problem prob{};
};

void BuildProblem(const LabeledData& d, const Scaler& scaler, double y_mean, double y_std,
                  Problem* p) {
  const Matrix& x = d.x;
  const int bias_index = static_cast<int>(x.cols()) + 1;
  std::vector<size_t> starts;
  for (size_t row = 0; row < x.rows; ++row) {
    starts.push_back(p->nodes.size());
    const float* dense = x.dense.data() + row * x.dense_cols;
    for (size_t col = 0; col < x.dense_cols; ++col) {
      const float v = scaler.Apply(col, dense[col]);
      if (v != 0) p->nodes.push_back({static_cast<int>(col) + 1, v});
    }
    if (x.has_sparse()) {
      for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
        p->nodes.push_back(
            {static_cast<int>(x.dense_cols + x.sparse_indices[k]) + 1, x.sparse_values[k]});
      }
    }
    p->nodes.push_back({bias_index, 1.0});
    p->nodes.push_back({-1, 0.0});
    p->y.push_back((d.y[row] - y_mean) / y_std);
  }
  for (size_t start : starts) p->rows.push_back(p->nodes.data() + start);
  p->prob.l = static_cast<int>(x.rows);
  p->prob.n = bias_index;
  p->prob.y = p->y.data();
  p->prob.x = p->rows.data();
  p->prob.bias = 1.0;
}

struct ModelDeleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};

class LinearEstimator final : public Estimator {
 public:
  LinearEstimator(std::string learner, LinearConfig config, ProblemInfo problem)
      : learner_(std::move(learner)), config_(std::move(config)), problem_(std::move(problem)) {}

  std::string_view learner() const override { return learner_; }

  Result<std::unique_ptr<Model>> Fit(const LabeledData& train, const LabeledData*,
                                     const FitOptions& options) const override {
    LATHE_RETURN_IF_ERROR(CheckLabels(train, problem_, learner_));
    if (IsCancelled(options)) return CancelledError(learner_ + ": fit cancelled");
    LinearState s;
    s.kind = config_.kind;
    s.num_classes = static_cast<uint32_t>(NumClasses(problem_));
    s.dense_cols = train.x.dense_cols;
    s.sparse_cols = train.x.sparse_cols;
    s.scaler = Scaler::Fit(train.x);
    if (s.kind == LinearKind::kRegression) {
      double sum = 0, sum2 = 0;
      for (float y : train.y) sum += y, sum2 += static_cast<double>(y) * y;
      s.y_mean = sum / train.y.size();
      const double var = sum2 / train.y.size() - s.y_mean * s.y_mean;
      s.y_std = var > 1e-24 ? std::sqrt(var) : 1.0;
    }
    Problem p;
    BuildProblem(train, s.scaler, s.y_mean, s.y_std, &p);
    LATHE_RETURN_IF_ERROR(Train(train, &p, &s));
    if (IsCancelled(options)) return CancelledError(learner_ + ": fit cancelled");
    if (s.kind == LinearKind::kSvm) Calibrate(train, &s);
    if (options.progress) options.progress({1, 1, 0});
    return std::unique_ptr<Model>(
        std::make_unique<LinearModel>(learner_, std::move(s), config_.effective));
  }

 private:
  Status Train(const LabeledData& train, Problem* p, LinearState* s) const {
    parameter param{};
    param.solver_type = s->kind == LinearKind::kLogistic ? L2R_LR
                        : s->kind == LinearKind::kSvm    ? L2R_L2LOSS_SVC_DUAL
                                                         : L2R_L2LOSS_SVR;
    param.C = config_.c;
    param.eps = config_.tol;
    param.p = 0;
    std::vector<int> labels;
    std::vector<double> class_weights;
    if (config_.balanced && s->num_classes > 0) {
      std::vector<double> count(s->num_classes, 0);
      for (float y : train.y) count[static_cast<size_t>(y)] += 1;
      for (uint32_t c = 0; c < s->num_classes; ++c) {
        if (count[c] == 0) continue;
        labels.push_back(static_cast<int>(c));
        class_weights.push_back(train.y.size() / (s->num_classes * count[c]));
      }
      param.nr_weight = static_cast<int>(labels.size());
      param.weight_label = labels.data();
      param.weight = class_weights.data();
    }
    if (const char* error = check_parameter(&p->prob, &param)) {
      return InvalidArgumentError(learner_ + ": " + error);
    }
    static std::once_flag silence;
    std::call_once(silence, [] { set_print_string_function(Silent); });
    std::unique_ptr<model, ModelDeleter> fitted(train_model(&p->prob, &param));
    if (!fitted) return InternalError(learner_ + ": liblinear returned no model");
    CopyWeights(*fitted, s);
    return Status::Ok();
  }

  static model* train_model(const problem* prob, const parameter* param) {
    return ::train(prob, param);
  }

  // Copies liblinear's weights into outputs x (cols + 1), in Lathe's class order.
  static void CopyWeights(const model& m, LinearState* s) {
    const size_t w = s->width();
    s->coef.assign(s->outputs() * w, 0.f);
    auto copy_row = [&](size_t out_row, int label_idx) {
      for (size_t col = 0; col + 1 < w; ++col) {
        s->coef[out_row * w + col] =
            static_cast<float>(get_decfun_coef(&m, static_cast<int>(col) + 1, label_idx));
      }
      s->coef[out_row * w + w - 1] = static_cast<float>(get_decfun_bias(&m, label_idx));
    };
    if (s->num_classes == 0) {
      copy_row(0, 0);
      return;
    }
    for (size_t out_row = 0; out_row < s->outputs(); ++out_row) {
      const int wanted = s->num_classes == 2 ? 1 : static_cast<int>(out_row);
      int label_idx = -1;
      for (int i = 0; i < m.nr_class; ++i) {
        if (m.label[i] == wanted) label_idx = i;
      }
      if (m.nr_class == 1) label_idx = -1;
      if (label_idx >= 0) {
        copy_row(out_row, label_idx);
      } else {
        s->coef[out_row * w + w - 1] = -30.f;  // class absent from training: never predicted
      }
    }
  }

  static void Calibrate(const LabeledData& train, LinearState* s) {
    std::vector<double> z, zr(s->outputs());
    std::vector<float> t;
    for (size_t row = 0; row < train.x.rows; ++row) {
      s->Decide(train.x, row, zr.data());
      for (size_t o = 0; o < s->outputs(); ++o) {
        z.push_back(zr[o]);
        const size_t cls = s->num_classes == 2 ? 1 : o;
        t.push_back(static_cast<size_t>(train.y[row]) == cls ? 1.f : 0.f);
      }
    }
    FitPlatt(z, t, &s->platt_a, &s->platt_b);
  }

  std::string learner_;
  LinearConfig config_;
  ProblemInfo problem_;
};

}  // namespace

Result<std::unique_ptr<Estimator>> MakeLinearEstimator(std::string_view learner,
                                                       const nlohmann::json& params,
                                                       const ProblemInfo& problem) {
  LinearConfig config;
  config.kind = KindOf(learner);
  ParamReader r(std::string(learner), params);
  config.c = r.Double("C", 1.0, 1e-6, 1e6);
  const double default_tol = config.kind == LinearKind::kLogistic ? 0.01
                             : config.kind == LinearKind::kSvm    ? 0.1
                                                                  : 0.001;
  config.tol = r.Double("tol", default_tol, 1e-8, 1.0);
  if (problem.type != ProblemType::kRegression) {
    config.balanced = r.String("class_weight", "none", {"none", "balanced"}) == "balanced";
  }
  LATHE_RETURN_IF_ERROR(r.Finish());
  config.effective = r.effective();
  return std::unique_ptr<Estimator>(
      std::make_unique<LinearEstimator>(std::string(learner), std::move(config), problem));
}

Result<std::unique_ptr<Model>> LoadLinearModel(std::string_view learner, const std::string& bytes,
                                               const nlohmann::json& params,
                                               const ProblemInfo& problem) {
  ByteReader r(bytes, std::string(learner) + " model");
  LATHE_ASSIGN_OR_RETURN(uint32_t magic, r.U32());
  if (magic != kMagic) return DataLossError(std::string(learner) + ": not a linear model");
  LinearState s;
  LATHE_ASSIGN_OR_RETURN(uint32_t kind, r.U32());
  if (kind > 2) return DataLossError(std::string(learner) + ": bad model kind");
  s.kind = static_cast<LinearKind>(kind);
  LATHE_ASSIGN_OR_RETURN(s.num_classes, r.U32());
  LATHE_ASSIGN_OR_RETURN(s.dense_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.sparse_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.scaler, Scaler::Read(r));
  LATHE_ASSIGN_OR_RETURN(s.coef, r.Floats());
  LATHE_ASSIGN_OR_RETURN(s.platt_a, r.F64());
  LATHE_ASSIGN_OR_RETURN(s.platt_b, r.F64());
  LATHE_ASSIGN_OR_RETURN(s.y_mean, r.F64());
  LATHE_ASSIGN_OR_RETURN(s.y_std, r.F64());
  LATHE_RETURN_IF_ERROR(r.Done());
  if (s.num_classes != NumClasses(problem) || s.scaler.mean.size() != s.dense_cols ||
      s.coef.size() != s.outputs() * s.width()) {
    return DataLossError(std::string(learner) + ": model sizes do not match");
  }
  return std::unique_ptr<Model>(
      std::make_unique<LinearModel>(std::string(learner), std::move(s), params));
}

}  // namespace lathe::ml::internal
