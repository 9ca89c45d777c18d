// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// XGBoost learners through the C API: "xgboost" (gbtree, hist, early stopping on the validation
// set) and "random_forest" (one round of num_parallel_tree trees with row / column sampling).
// A classification forest by default fits squared error on the class indicators (one-hot, one
// output per class), so with eta 1 and lambda 0 each leaf holds its rows' class proportions and the
// forest averages them as scikit-learn's does ("leaves": "proportions"); "newton" keeps
// XGBoost's logistic / softmax leaves (one Newton step: right ranking, flattened probabilities).
// Batches of up to kFlatForestMaxRows rows, and every batch when the compiled trees are
// vectorised (shallow trees, AVX2), are predicted by a FlatForest compiled from the booster at
// fit / load (XGBoost's C API costs 30-50 us per call whatever the batch); other batches, and
// boosters the walker does not reproduce, predict in place through the C API (thread-safe in
// XGBoost 1.7: configuration is locked and prediction buffers are thread-local).
// Contributions (TreeSHAP), importance and save take a lock.
#include "ml/internal/learners.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <vector>

#include <xgboost/c_api.h>

#include "ml/algorithms/xgboost/flat_forest.h"
#include "ml/algorithms/xgboost/perfect_tree_walk.h"
#include "ml/algorithms/xgboost/sparse_columns.h"
#include "ml/internal/learner_util.h"
#include "ml/internal/params.h"

namespace lathe::ml::internal {
namespace {

struct BoosterDeleter {
  void operator()(void* handle) const { XGBoosterFree(handle); }
};
struct DMatrixDeleter {
  void operator()(void* handle) const { XGDMatrixFree(handle); }
};
using BoosterPtr = std::unique_ptr<void, BoosterDeleter>;
using DMatrixPtr = std::unique_ptr<void, DMatrixDeleter>;

Status Check(int rc, std::string_view what) {
  if (rc == 0) return Status::Ok();
  return InternalError("xgboost " + std::string(what) + ": " + XGBGetLastError());
}

// numpy __array_interface__ JSON for a host buffer.
std::string ArrayInterface(const void* data, std::string_view typestr, size_t rows,
                           size_t cols = 0) {
  // An empty buffer still needs a non-null address.
  static const uint64_t kDummy = 0;
  const void* ptr = data != nullptr ? data : &kDummy;
  std::string shape = std::to_string(rows) + (cols > 0 ? "," + std::to_string(cols) : "");
  return "{\"data\":[" + std::to_string(reinterpret_cast<uintptr_t>(ptr)) + ",true],\"shape\":[" +
         shape + "],\"typestr\":\"" + std::string(typestr) + "\",\"version\":3}";
}

// Dense + sparse block as one CSR matrix (dense NaN left out = missing).
struct Csr {
  std::vector<uint64_t> indptr;
  std::vector<uint32_t> indices;
  std::vector<float> values;
};

Csr ToCsr(const Matrix& x) {
  Csr csr;
  csr.indptr.reserve(x.rows + 1);
  csr.indptr.push_back(0);
  for (size_t row = 0; row < x.rows; ++row) {
    const float* dense = x.dense.data() + row * x.dense_cols;
    for (size_t col = 0; col < x.dense_cols; ++col) {
      if (std::isnan(dense[col])) continue;
      csr.indices.push_back(static_cast<uint32_t>(col));
      csr.values.push_back(dense[col]);
    }
    for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
      csr.indices.push_back(static_cast<uint32_t>(x.dense_cols + x.sparse_indices[k]));
      csr.values.push_back(x.sparse_values[k]);
    }
    csr.indptr.push_back(csr.indices.size());
  }
  return csr;
}

constexpr const char* kMissingConfig = "\"missing\":NaN";


Result<DMatrixPtr> MakeDMatrix(const Matrix& x, int threads) {
  DMatrixHandle handle = nullptr;
  const std::string config =
      "{" + std::string(kMissingConfig) + ",\"nthread\":" + std::to_string(threads) + "}";
  if (x.has_sparse()) {
    const Csr csr = ToCsr(x);
    LATHE_RETURN_IF_ERROR(Check(
        XGDMatrixCreateFromCSR(ArrayInterface(csr.indptr.data(), "<u8", csr.indptr.size()).c_str(),
                               ArrayInterface(csr.indices.data(), "<u4", csr.indices.size()).c_str(),
                               ArrayInterface(csr.values.data(), "<f4", csr.values.size()).c_str(),
                               x.cols(), config.c_str(), &handle),
        "DMatrix from CSR"));
  } else {
    LATHE_RETURN_IF_ERROR(Check(
        XGDMatrixCreateFromDense(
            ArrayInterface(x.dense.data(), "<f4", x.rows, x.dense_cols).c_str(), config.c_str(),
            &handle),
        "DMatrix from dense"));
  }
  return DMatrixPtr(handle);
}

std::string PredictConfig(int type) {
  return "{\"type\":" + std::to_string(type) +
         ",\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false,"
         "\"cache_id\":0," + kMissingConfig + "}";
}

// The booster's objective name, from its JSON configuration.
Result<std::string> Objective(void* booster) {
  bst_ulong len = 0;
  const char* text = nullptr;
  LATHE_RETURN_IF_ERROR(Check(XGBoosterSaveJsonConfig(booster, &len, &text), "configuration"));
  const nlohmann::json config = nlohmann::json::parse(text, text + len, nullptr, false);
  const nlohmann::json* name = config.is_discarded() ? nullptr : &config;
  for (const char* key : {"learner", "objective", "name"}) {
    if (name == nullptr || !name->is_object() || !name->contains(key)) {
      return InternalError("xgboost configuration: no learner.objective.name");
    }
    name = &(*name)[key];
  }
  if (!name->is_string()) return InternalError("xgboost configuration: objective is not a name");
  return name->get<std::string>();
}

// Rows of class proportions (each output an average of leaf proportions, one tree per class, so
// a row's sum is only near 1): clipped at 0 and scaled to sum to 1.
void NormalizeProportions(size_t k, std::vector<float>* values) {
  for (size_t begin = 0; begin + k <= values->size(); begin += k) {
    float sum = 0;
    for (size_t c = 0; c < k; ++c) {
      float& v = (*values)[begin + c];
      v = std::max(v, 0.0f);
      sum += v;
    }
    for (size_t c = 0; c < k; ++c) {
      (*values)[begin + c] = sum > 0 ? (*values)[begin + c] / sum : 1.0f / static_cast<float>(k);
    }
  }
}

struct XgbConfig {
  bool forest = false;
  bool proportions = false;  // classification forest on class indicators (see the file comment)
  nlohmann::json effective;  // validated params
  int rounds = 1;
  int early_stopping = 0;
  bool balanced = false;
  size_t max_sparse_features = 0;  // 0 = every column of the sparse block
  std::vector<std::pair<std::string, std::string>> booster_params;
};

Result<XgbConfig> ReadConfig(std::string_view learner, const nlohmann::json& params,
                             const ProblemInfo& problem) {
  XgbConfig c;
  c.forest = learner == "random_forest";
  ParamReader r(std::string(learner), params);
  auto put = [&](const std::string& k, const nlohmann::json& v) {
    c.booster_params.emplace_back(k, v.dump());
  };
  if (c.forest) {
    // Defaults as scikit-learn's forest where XGBoost allows: trees grown until pure (max_depth 0
    // = no limit, no minimum leaf weight) for classification, leaves of at least 5 rows for
    // regression (Breiman's; fully grown regression trees have a leaf per row: slower to predict
    // and worse on diabetes, bench/automl/forest_cv.py), a 0.632 row sample per tree (without
    // replacement). min_child_weight counts rows (squared error: hessian = weight).
    const bool regression = problem.type == ProblemType::kRegression;
    put("num_parallel_tree", r.Int("n_estimators", 100, 1, 5000));
    put("max_depth", r.Int("max_depth", 0, 0, 64));
    put("subsample", r.Double("subsample", 0.632, 0.05, 0.999));
    put("colsample_bynode", r.Double("colsample_bynode", 0.6, 0.05, 1.0));
    put("min_child_weight", r.Double("min_child_weight", regression ? 5 : 0, 0, 1e6));
    put("eta", 1.0);
    put("reg_lambda", r.Double("reg_lambda", 0, 0, 1e6));
    // Regression leaves are means either way.
    const bool proportions =
        r.String("leaves", "proportions", {"proportions", "newton"}) == "proportions";
    c.proportions = proportions && !regression;
    c.rounds = 1;
  } else {
    c.rounds = r.Int("n_estimators", 300, 1, 20000);
    put("eta", r.Double("learning_rate", 0.1, 1e-4, 1.0));
    put("max_depth", r.Int("max_depth", 6, 1, 16));
    put("min_child_weight", r.Double("min_child_weight", 1, 0, 1e6));
    put("subsample", r.Double("subsample", 0.8, 0.05, 1.0));
    put("colsample_bytree", r.Double("colsample_bytree", 0.8, 0.05, 1.0));
    put("reg_lambda", r.Double("reg_lambda", 1, 0, 1e6));
    put("reg_alpha", r.Double("reg_alpha", 0, 0, 1e6));
    put("gamma", r.Double("gamma", 0, 0, 1e6));
    c.early_stopping = r.Int("early_stopping_rounds", 20, 0, 10000);
  }
  put("max_bin", r.Int("max_bin", 256, 2, 4096));
  // Trees see only the sparse columns present in most training rows (sparse_columns.h).
  c.max_sparse_features = static_cast<size_t>(r.Int("max_sparse_features", 0, 0, 1 << 24));
  if (problem.type != ProblemType::kRegression) {
    c.balanced = r.String("class_weight", "none", {"none", "balanced"}) == "balanced";
  }
  LATHE_RETURN_IF_ERROR(r.Finish());
  c.effective = r.effective();
  return c;
}

class XgbModel final : public Model {
 public:
  XgbModel(std::string learner, BoosterPtr booster, ProblemInfo problem, nlohmann::json params,
           size_t num_features)
      : learner_(std::move(learner)),
        booster_(std::move(booster)),
        problem_(std::move(problem)),
        params_(std::move(params)),
        num_features_(num_features) {}

  std::string_view learner() const override { return learner_; }

  Result<std::vector<float>> Predict(const Matrix& x) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<float> raw, Inplace(x));
    if (proportions_ && problem_.type == ProblemType::kMulticlass) {
      NormalizeProportions(problem_.classes.size(), &raw);
    }
    if (problem_.type != ProblemType::kBinary) return raw;
    std::vector<float> out(raw.size() * 2);
    for (size_t row = 0; row < raw.size(); ++row) {
      const float p = proportions_ ? std::clamp(raw[row], 0.0f, 1.0f) : raw[row];
      out[2 * row] = 1.0f - p;
      out[2 * row + 1] = p;
    }
    return out;
  }

  Result<std::vector<float>> Contributions(const Matrix& x) const override {
    LATHE_RETURN_IF_ERROR(CheckShape(x));
    const size_t width = num_features_ + 1;
    std::vector<float> out(x.rows * width);
    if (x.rows == 0) return out;
    std::vector<float> proba;
    if (problem_.type == ProblemType::kMulticlass) {
      LATHE_ASSIGN_OR_RETURN(proba, Inplace(x));
    }
    LATHE_ASSIGN_OR_RETURN(DMatrixPtr dm, MakeDMatrix(x, 1));
    std::lock_guard<std::mutex> lock(contrib_mu_);
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    LATHE_RETURN_IF_ERROR(Check(XGBoosterPredictFromDMatrix(booster_.get(), dm.get(),
                                                            PredictConfig(2).c_str(), &shape,
                                                            &dim, &result),
                                "contributions"));
    const size_t k = problem_.type == ProblemType::kMulticlass ? problem_.classes.size() : 1;
    for (size_t row = 0; row < x.rows; ++row) {
      size_t cls = 0;
      for (size_t c = 1; c < k; ++c) {
        if (proba[row * k + c] > proba[row * k + cls]) cls = c;
      }
      const float* src = result + (row * k + cls) * width;
      std::copy(src, src + width, out.begin() + row * width);
    }
    return out;
  }

  std::vector<float> Importance() const override {
    std::vector<float> out(num_features_, 0.f);
    bst_ulong n = 0, dim = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    std::lock_guard<std::mutex> lock(contrib_mu_);
    if (XGBoosterFeatureScore(booster_.get(), "{\"importance_type\":\"gain\"}", &n, &names, &dim,
                              &shape, &scores) != 0) {
      return {};
    }
    const size_t per = dim == 2 ? shape[1] : 1;
    for (size_t i = 0; i < n; ++i) {
      if (names[i][0] != 'f') continue;
      const size_t col = std::strtoul(names[i] + 1, nullptr, 10);
      if (col >= out.size()) continue;
      for (size_t j = 0; j < per; ++j) out[col] += scores[i * per + j];
    }
    return out;
  }

  Result<std::string> Save() const override {
    bst_ulong len = 0;
    const char* data = nullptr;
    std::lock_guard<std::mutex> lock(contrib_mu_);
    LATHE_RETURN_IF_ERROR(Check(
        XGBoosterSaveModelToBuffer(booster_.get(), "{\"format\":\"ubj\"}", &len, &data), "save"));
    return std::string(data, len);
  }

  nlohmann::json Params() const override { return params_; }

  // Forces XGBoost's lazy configuration before the model is shared between threads, and
  // compiles the trees for small batches (kept off, with the C API answering every batch, for
  // what FlatForest does not reproduce: dart, categorical splits, other objectives).
  Status Prepare() {
    LATHE_ASSIGN_OR_RETURN(const std::string objective, Objective(booster_.get()));
    proportions_ = problem_.type != ProblemType::kRegression && objective == "reg:squarederror";
    Matrix one;
    one.rows = 1;
    one.dense_cols = num_features_;
    one.dense.assign(num_features_, std::numeric_limits<float>::quiet_NaN());
    LATHE_RETURN_IF_ERROR(CApiPredict(one).status());
    auto compiled = FlatForest::FromBooster(booster_.get());
    if (compiled.ok() && (*compiled)->min_features() <= num_features_) {
      compiled_ = std::move(*compiled);
    }
    return Status::Ok();
  }

  bool compiled() const { return compiled_ != nullptr; }

 private:
  Status CheckShape(const Matrix& x) const {
    if (x.cols() != num_features_) {
      return InvalidArgumentError(learner_ + ": the model expects " +
                                  std::to_string(num_features_) + " features, got " +
                                  std::to_string(x.cols()));
    }
    return Status::Ok();
  }

  Result<std::vector<float>> Inplace(const Matrix& x) const {
    LATHE_RETURN_IF_ERROR(CheckShape(x));
    if (x.rows == 0) return std::vector<float>();
    if (compiled_ != nullptr && (x.rows <= kFlatForestMaxRows || compiled_->vectorised())) {
      std::vector<float> out(x.rows * compiled_->num_outputs());
      compiled_->Predict(x, out.data());
      return out;
    }
    return CApiPredict(x);
  }

  Result<std::vector<float>> CApiPredict(const Matrix& x) const {
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    const std::string config = PredictConfig(0);
    if (x.has_sparse()) {
      const Csr csr = ToCsr(x);
      LATHE_RETURN_IF_ERROR(Check(
          XGBoosterPredictFromCSR(
              booster_.get(), ArrayInterface(csr.indptr.data(), "<u8", csr.indptr.size()).c_str(),
              ArrayInterface(csr.indices.data(), "<u4", csr.indices.size()).c_str(),
              ArrayInterface(csr.values.data(), "<f4", csr.values.size()).c_str(), x.cols(),
              config.c_str(), nullptr, &shape, &dim, &result),
          "predict"));
    } else {
      LATHE_RETURN_IF_ERROR(Check(
          XGBoosterPredictFromDense(
              booster_.get(), ArrayInterface(x.dense.data(), "<f4", x.rows, x.dense_cols).c_str(),
              config.c_str(), nullptr, &shape, &dim, &result),
          "predict"));
    }
    size_t total = 1;
    for (bst_ulong i = 0; i < dim; ++i) total *= shape[i];
    return std::vector<float>(result, result + total);
  }

  std::string learner_;
  BoosterPtr booster_;
  ProblemInfo problem_;
  nlohmann::json params_;
  size_t num_features_;
  std::unique_ptr<FlatForest> compiled_;  // null: the C API predicts every batch
  // A classifier fitted on class indicators: outputs are averaged class proportions.
  bool proportions_ = false;
  mutable std::mutex contrib_mu_;  // DMatrix prediction, feature score, save
};

Status SetParam(void* booster, const std::string& key, const std::string& value) {
  return Check(XGBoosterSetParam(booster, key.c_str(), value.c_str()), "parameter " + key);
}

Status SetObjective(void* booster, const ProblemInfo& problem, bool proportions) {
  if (proportions) {  // class indicators (one output per class for multiclass)
    LATHE_RETURN_IF_ERROR(SetParam(booster, "objective", "reg:squarederror"));
    return SetParam(booster, "eval_metric", "rmse");
  }
  switch (problem.type) {
    case ProblemType::kBinary:
      LATHE_RETURN_IF_ERROR(SetParam(booster, "objective", "binary:logistic"));
      return SetParam(booster, "eval_metric", "logloss");
    case ProblemType::kMulticlass:
      LATHE_RETURN_IF_ERROR(SetParam(booster, "objective", "multi:softprob"));
      LATHE_RETURN_IF_ERROR(
          SetParam(booster, "num_class", std::to_string(problem.classes.size())));
      return SetParam(booster, "eval_metric", "mlogloss");
    case ProblemType::kRegression:
      LATHE_RETURN_IF_ERROR(SetParam(booster, "objective", "reg:squarederror"));
      return SetParam(booster, "eval_metric", "rmse");
  }
  return Status::Ok();
}

// Starting margin: the weighted label mean (regression) or prior (binary); 1/k for class
// indicators of k > 2 classes.
std::string BaseScore(const LabeledData& d, const std::vector<float>& w, const ProblemInfo& problem,
                      bool proportions) {
  const ProblemType type = problem.type;
  if (proportions && type == ProblemType::kMulticlass) {
    return nlohmann::json(1.0 / static_cast<double>(problem.classes.size())).dump();
  }
  double sum = 0, total = 0;
  for (size_t row = 0; row < d.y.size(); ++row) {
    sum += static_cast<double>(w[row]) * d.y[row];
    total += w[row];
  }
  double base = total > 0 ? sum / total : 0.5;
  if (type == ProblemType::kBinary) base = std::clamp(base, 1e-4, 1 - 1e-4);
  if (type == ProblemType::kMulticlass) base = 0.5;
  return nlohmann::json(base).dump();
}

// Labels as they are, or (one_hot > 0) as rows x one_hot class indicators.
Result<DMatrixPtr> LabeledDMatrix(const LabeledData& d, const std::vector<float>* weights,
                                  int threads, size_t one_hot) {
  LATHE_ASSIGN_OR_RETURN(DMatrixPtr dm, MakeDMatrix(d.x, threads));
  if (one_hot > 0) {
    std::vector<float> labels(d.y.size() * one_hot, 0.0f);
    for (size_t row = 0; row < d.y.size(); ++row) {
      labels[row * one_hot + static_cast<size_t>(d.y[row])] = 1.0f;
    }
    LATHE_RETURN_IF_ERROR(Check(
        XGDMatrixSetInfoFromInterface(
            dm.get(), "label",
            ArrayInterface(labels.data(), "<f4", d.y.size(), one_hot).c_str()),
        "labels"));
  } else {
    LATHE_RETURN_IF_ERROR(
        Check(XGDMatrixSetFloatInfo(dm.get(), "label", d.y.data(), d.y.size()), "labels"));
  }
  if (weights != nullptr) {
    LATHE_RETURN_IF_ERROR(Check(
        XGDMatrixSetFloatInfo(dm.get(), "weight", weights->data(), weights->size()), "weights"));
  }
  return dm;
}

double ParseEval(const char* text) {
  const char* colon = std::strrchr(text, ':');
  return colon == nullptr ? std::nan("") : std::strtod(colon + 1, nullptr);
}

class XgbEstimator final : public Estimator {
 public:
  XgbEstimator(std::string learner, XgbConfig config, ProblemInfo problem)
      : learner_(std::move(learner)), config_(std::move(config)), problem_(std::move(problem)) {}

  std::string_view learner() const override { return learner_; }

  Result<std::unique_ptr<Model>> Fit(const LabeledData& train, const LabeledData* validation,
                                     const FitOptions& options) const override {
    LATHE_RETURN_IF_ERROR(CheckLabels(train, problem_, learner_));
    if (validation != nullptr) {
      LATHE_RETURN_IF_ERROR(CheckLabels(*validation, problem_, learner_ + " validation"));
      if (validation->x.cols() != train.x.cols()) {
        return InvalidArgumentError(learner_ + ": validation has " +
                                    std::to_string(validation->x.cols()) + " features, training " +
                                    std::to_string(train.x.cols()));
      }
    }
    if (IsCancelled(options)) return CancelledError(learner_ + ": fit cancelled");
    if (config_.max_sparse_features > 0 && train.x.sparse_cols > config_.max_sparse_features) {
      const std::vector<uint32_t> kept =
          MostFrequentSparseColumns(train.x, config_.max_sparse_features);
      const LabeledData narrow_train{KeepSparseColumns(train.x, kept), train.y, train.weights};
      LabeledData narrow_valid;
      if (validation != nullptr) {
        narrow_valid = {KeepSparseColumns(validation->x, kept), validation->y,
                        validation->weights};
      }
      return FitColumns(narrow_train, validation != nullptr ? &narrow_valid : nullptr, options,
                        train.x.cols(), kept);
    }
    return FitColumns(train, validation, options, train.x.cols(), {});
  }

 private:
  // Fit on `train`, whose sparse block holds the columns `kept` of a matrix with `total_cols`
  // columns (every column when `kept` is empty); the model reads the full matrix.
  Result<std::unique_ptr<Model>> FitColumns(const LabeledData& train,
                                            const LabeledData* validation,
                                            const FitOptions& options, size_t total_cols,
                                            const std::vector<uint32_t>& kept) const {
    const int threads = std::max(1, options.threads);
    const std::vector<float> weights =
        SampleWeights(train, NumClasses(problem_), config_.balanced);
    const size_t one_hot = config_.proportions && problem_.type == ProblemType::kMulticlass
                               ? problem_.classes.size()
                               : 0;
    LATHE_ASSIGN_OR_RETURN(DMatrixPtr dtrain, LabeledDMatrix(train, &weights, threads, one_hot));
    DMatrixPtr dvalid;
    if (validation != nullptr && validation->x.rows > 0) {
      LATHE_ASSIGN_OR_RETURN(dvalid, LabeledDMatrix(*validation, nullptr, threads, one_hot));
    }
    DMatrixHandle cache[2] = {dtrain.get(), dvalid.get()};
    BoosterHandle raw = nullptr;
    LATHE_RETURN_IF_ERROR(Check(XGBoosterCreate(cache, dvalid ? 2 : 1, &raw), "create booster"));
    BoosterPtr booster(raw);
    LATHE_RETURN_IF_ERROR(Configure(booster.get(), train, weights, threads, options.seed));

    int best_round = 0, since_best = 0, rounds_done = 0;
    double best_score = std::numeric_limits<double>::infinity();
    for (int round = 0; round < config_.rounds; ++round) {
      if (IsCancelled(options)) return CancelledError(learner_ + ": fit cancelled");
      LATHE_RETURN_IF_ERROR(
          Check(XGBoosterUpdateOneIter(booster.get(), round, dtrain.get()), "training round"));
      rounds_done = round + 1;
      FitProgress progress{round + 1, config_.rounds, 0};
      if (dvalid) {
        DMatrixHandle evals[1] = {dvalid.get()};
        const char* names[1] = {"valid"};
        const char* text = nullptr;
        LATHE_RETURN_IF_ERROR(
            Check(XGBoosterEvalOneIter(booster.get(), round, evals, names, 1, &text), "eval"));
        progress.validation_score = ParseEval(text);
        if (progress.validation_score < best_score - 1e-12) {
          best_score = progress.validation_score;
          best_round = round;
          since_best = 0;
        } else {
          ++since_best;
        }
      } else {
        best_round = round;
      }
      if (options.progress) options.progress(progress);
      if (config_.early_stopping > 0 && since_best >= config_.early_stopping) break;
    }
    if (IsCancelled(options)) return CancelledError(learner_ + ": fit cancelled");
    if (best_round + 1 < rounds_done) {
      BoosterHandle sliced = nullptr;
      LATHE_RETURN_IF_ERROR(
          Check(XGBoosterSlice(booster.get(), 0, best_round + 1, 1, &sliced), "slice"));
      booster.reset(sliced);
    }
    if (!kept.empty() || train.x.cols() != total_cols) {
      LATHE_ASSIGN_OR_RETURN(booster, ToFullColumns(booster.get(), train.x.dense_cols, kept,
                                                    total_cols));
    }
    nlohmann::json params = config_.effective;
    params["best_iteration"] = best_round;
    params["rounds_trained"] = rounds_done;
    if (dvalid) params["best_validation_score"] = best_score;
    params["num_features"] = total_cols;
    auto model =
        std::make_unique<XgbModel>(learner_, std::move(booster), problem_, params, total_cols);
    LATHE_RETURN_IF_ERROR(model->Prepare());
    return std::unique_ptr<Model>(std::move(model));
  }

  // A booster trained on KeepSparseColumns(x, kept), reloaded to read x (total_cols columns).
  static Result<BoosterPtr> ToFullColumns(void* narrow, size_t dense_cols,
                                          const std::vector<uint32_t>& kept, size_t total_cols) {
    bst_ulong len = 0;
    const char* data = nullptr;
    LATHE_RETURN_IF_ERROR(Check(
        XGBoosterSaveModelToBuffer(narrow, "{\"format\":\"json\"}", &len, &data), "save"));
    LATHE_ASSIGN_OR_RETURN(
        std::string full,
        MapModelToFullColumns(std::string_view(data, len), dense_cols, kept, total_cols));
    BoosterHandle raw = nullptr;
    LATHE_RETURN_IF_ERROR(Check(XGBoosterCreate(nullptr, 0, &raw), "create booster"));
    BoosterPtr booster(raw);
    LATHE_RETURN_IF_ERROR(
        Check(XGBoosterLoadModelFromBuffer(booster.get(), full.data(), full.size()), "reload"));
    LATHE_RETURN_IF_ERROR(SetParam(booster.get(), "nthread", "1"));
    LATHE_RETURN_IF_ERROR(SetParam(booster.get(), "verbosity", "0"));
    return booster;
  }

  Status Configure(void* booster, const LabeledData& train, const std::vector<float>& weights,
                   int threads, uint64_t seed) const {
    LATHE_RETURN_IF_ERROR(SetParam(booster, "verbosity", "0"));
    LATHE_RETURN_IF_ERROR(SetParam(booster, "booster", "gbtree"));
    LATHE_RETURN_IF_ERROR(SetParam(booster, "tree_method", "hist"));
    LATHE_RETURN_IF_ERROR(SetParam(booster, "nthread", std::to_string(threads)));
    LATHE_RETURN_IF_ERROR(SetParam(booster, "seed", std::to_string(seed % 2147483647)));
    LATHE_RETURN_IF_ERROR(SetObjective(booster, problem_, config_.proportions));
    LATHE_RETURN_IF_ERROR(SetParam(booster, "base_score",
                                   BaseScore(train, weights, problem_, config_.proportions)));
    for (const auto& [key, value] : config_.booster_params) {
      LATHE_RETURN_IF_ERROR(SetParam(booster, key, value));
    }
    return Status::Ok();
  }

  std::string learner_;
  XgbConfig config_;
  ProblemInfo problem_;
};

}  // namespace

bool TEST_HasCompiledTrees(const Model& model) {
  const auto* xgb = dynamic_cast<const XgbModel*>(&model);
  return xgb != nullptr && xgb->compiled();
}

Result<std::unique_ptr<Estimator>> MakeXgboostEstimator(std::string_view learner,
                                                        const nlohmann::json& params,
                                                        const ProblemInfo& problem) {
  LATHE_ASSIGN_OR_RETURN(XgbConfig config, ReadConfig(learner, params, problem));
  return std::unique_ptr<Estimator>(
      std::make_unique<XgbEstimator>(std::string(learner), std::move(config), problem));
}

Result<std::unique_ptr<Model>> LoadXgboostModel(std::string_view learner,
                                                const std::string& bytes,
                                                const nlohmann::json& params,
                                                const ProblemInfo& problem) {
  BoosterHandle raw = nullptr;
  LATHE_RETURN_IF_ERROR(Check(XGBoosterCreate(nullptr, 0, &raw), "create booster"));
  BoosterPtr booster(raw);
  if (XGBoosterLoadModelFromBuffer(booster.get(), bytes.data(), bytes.size()) != 0) {
    return DataLossError(std::string(learner) + ": not a valid XGBoost model: " +
                         XGBGetLastError());
  }
  LATHE_RETURN_IF_ERROR(SetParam(booster.get(), "nthread", "1"));
  LATHE_RETURN_IF_ERROR(SetParam(booster.get(), "verbosity", "0"));
  bst_ulong num_features = 0;
  LATHE_RETURN_IF_ERROR(
      Check(XGBoosterGetNumFeature(booster.get(), &num_features), "number of features"));
  if (params.is_object() && params.contains("num_features") &&
      params["num_features"].is_number_unsigned()) {
    num_features = std::max<bst_ulong>(num_features, params["num_features"].get<size_t>());
  }
  auto model = std::make_unique<XgbModel>(std::string(learner), std::move(booster), problem,
                                          params, num_features);
  LATHE_RETURN_IF_ERROR(model->Prepare());
  return std::unique_ptr<Model>(std::move(model));
}

}  // namespace lathe::ml::internal

namespace lathe::ml {

int MaxVectorisedTreeDepth() {
  return internal::PerfectTreeWalkSupported() ? internal::kMaxPerfectDepth : 0;
}

}  // namespace lathe::ml
