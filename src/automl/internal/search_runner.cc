// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/internal/search_runner.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "automl/ensemble.h"
#include "ml/metrics.h"

namespace lathe::automl::internal {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr size_t kStoredPredictions = 20;  // trials whose OOF predictions feed the ensemble
// Trials whose holdout model is kept to stand in for an overrunning refit: the best few only, as
// a model can be tens of MB (an extra-trees forest on letter_recognition's 12,800 rows: ~30 MB).
constexpr size_t kHoldoutModels = 5;
constexpr size_t kMinRungRows = 1000;      // smallest training set of a halving rung
constexpr int kHalvingEta = 3;

bool HardLabelMetric(std::string_view name) {
  return name == "accuracy" || name == "balanced_accuracy" || name == "f1_macro" ||
         name == "f1_weighted";
}

// Mean and sample sd of the finite values; NaN mean when none.
std::pair<double, double> MeanSd(const std::vector<double>& values) {
  double sum = 0;
  int n = 0;
  for (double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  if (n == 0) return {std::nan(""), 0.0};
  const double mean = sum / n;
  double var = 0;
  for (double v : values) {
    if (std::isfinite(v)) var += (v - mean) * (v - mean);
  }
  return {mean, n > 1 ? std::sqrt(var / (n - 1)) : 0.0};
}

json ScoresJson(const std::vector<double>& scores) {
  json out = json::array();
  for (double s : scores) out.push_back(std::isfinite(s) ? json(s) : json(nullptr));
  return out;
}

// Most bytes of fold copies SearchRunner keeps for all trials.
constexpr size_t kFoldCacheBytes = size_t{512} << 20;

size_t MatrixBytes(const ml::Matrix& m) {
  size_t bytes = m.dense.size() * sizeof(float) + m.sparse_indptr.size() * sizeof(uint64_t) +
                 m.sparse_indices.size() * sizeof(uint32_t) +
                 m.sparse_values.size() * sizeof(float);
  for (const std::string& text : m.text) bytes += text.size();
  return bytes;
}

// Positions 0..n-1 sampled down to `fraction` (at least one), ascending; deterministic.
std::vector<uint32_t> SubsamplePositions(size_t n, double fraction, uint64_t seed) {
  std::vector<uint32_t> pos(n);
  std::iota(pos.begin(), pos.end(), 0u);
  if (fraction >= 1.0) return pos;
  std::mt19937_64 rng(seed);
  std::shuffle(pos.begin(), pos.end(), rng);
  pos.resize(std::max<size_t>(1, static_cast<size_t>(std::ceil(fraction * n))));
  std::sort(pos.begin(), pos.end());
  return pos;
}

// Learner threads for a training set: small fits run on one thread. Their parallel regions are
// too short to gain from a second thread, and on a busy machine every OpenMP barrier waits for
// a descheduled thread (measured: a 1,200-row XGBoost fold took >4 s with 2 threads at load 12,
// 0.3 s with 1). Classes do not count: a multiclass round is one short parallel region per
// class (letter_recognition, 12,800 rows x 26 classes at load 6: 0.07 s a round on one thread,
// 0.44 s on two).
int ThreadsFor(const ml::LabeledData& train, std::string_view learner, int allowed) {
  // Extra trees grow whole trees per thread, with no barrier to wait at.
  if (learner == "extra_trees") return allowed;
  const double cells = static_cast<double>(train.x.rows) * static_cast<double>(train.x.cols());
  return cells < 2e6 ? 1 : allowed;
}

// Mean bytes of raw text per row (Matrix::text), 0 without text.
double MeanTextBytes(const ml::Matrix& x) {
  if (x.text.empty()) return 0;
  size_t bytes = 0;
  for (const std::string& t : x.text) bytes += t.size();
  return static_cast<double>(bytes) / static_cast<double>(x.text.size());
}

// Values a learner reads per row: the dense columns plus the sparse block's mean non-zeros (a
// text model's hashed n-grams), or about one word per 6 bytes of raw text when only fastText's
// text is there. spam_assassin (4,836 e-mails) was 5-fold by column count, and fastText's first
// trial did not finish in 60 s.
size_t ValuesPerRow(const ml::Matrix& x) {
  if (x.rows == 0) return x.dense_cols;
  size_t extra = 0;
  if (x.sparse_cols > 0) {
    extra = x.sparse_values.size() / x.rows;
  } else if (!x.text.empty()) {
    extra = static_cast<size_t>(MeanTextBytes(x) / 6);
  }
  return x.dense_cols + extra;
}

}  // namespace

SearchRunner::SearchRunner(const ml::LabeledData& data, const ml::ProblemInfo& problem,
                           const AutoMlOptions& options, const EventSink& sink,
                           const LearnerCatalog& catalog, const FoldBuilder& fold_builder)
    : data_(data),
      problem_(problem),
      options_(options),
      sink_(sink),
      catalog_(catalog),
      fold_builder_(fold_builder),
      rng_(options.seed) {}

void SearchRunner::Emit(json event) {
  if (sink_) sink_(event);
}

bool SearchRunner::Cancelled() const {
  return options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed);
}

bool SearchRunner::FinishRequested() const {
  return options_.finish != nullptr && options_.finish->load(std::memory_order_relaxed);
}

double SearchRunner::Elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

Status SearchRunner::Prepare() {
  start_ = Clock::now();
  last_progress_ = start_;
  LATHE_RETURN_IF_ERROR(ValidateOptionsFor(options_, problem_.type));
  metric_name_ = ResolveMetric(options_, problem_.type);
  LATHE_ASSIGN_OR_RETURN(metric_, ml::FindMetric(metric_name_));
  const bool regression = problem_.type == ml::ProblemType::kRegression;
  if (!regression && HardLabelMetric(metric_name_)) {
    LATHE_ASSIGN_OR_RETURN(tie_metric_, ml::FindMetric("log_loss"));
  }
  if (data_.y.size() != data_.x.rows) {
    return InvalidArgumentError("AutoML: " + std::to_string(data_.y.size()) + " labels for " +
                                std::to_string(data_.x.rows) + " rows");
  }
  for (size_t row = 0; row < data_.y.size(); ++row) {
    if (!std::isfinite(data_.y[row])) {
      return InvalidArgumentError("AutoML: target of row " + std::to_string(row) +
                                  " is missing or not finite (drop such rows first)");
    }
  }
  width_ = 1;
  if (!regression) {
    const float max_label = *std::max_element(data_.y.begin(), data_.y.end());
    width_ = problem_.classes.empty() ? std::max<size_t>(2, static_cast<size_t>(max_label) + 1)
                                      : problem_.classes.size();
  }
  shape_ = {data_.x.rows, data_.x.dense_cols, data_.x.sparse_cols, !data_.x.text.empty()};
  shape_.text_bytes = MeanTextBytes(data_.x);
  if (data_.x.rows > 0) {
    shape_.sparse_nnz = static_cast<double>(data_.x.sparse_values.size()) /
                        static_cast<double>(data_.x.rows);
  }
  pipeline_ms_ = catalog_.pipeline_ms ? catalog_.pipeline_ms(shape_) : 0.0;
  // Trees per boosting round: the classes of a multiclass problem, else 1.
  const size_t outputs = problem_.type == ml::ProblemType::kMulticlass ? width_ : 1;
  FoldOptions fold_options;
  fold_options.folds = options_.folds;
  fold_options.holdout_fraction = options_.holdout_fraction;
  fold_options.seed = options_.seed;
  fold_options.repeats = options_.fold_repeats;
  const ValidationCost cost{.rows = data_.x.rows,
                            .features = ValuesPerRow(data_.x),
                            .outputs = outputs,
                            .budget_seconds = options_.budget_seconds};
  fold_options = ChooseValidation(cost, fold_options, options_.holdout_min_rows);
  LATHE_ASSIGN_OR_RETURN(plan_, MakeFolds(data_.y, problem_.type, fold_options));
  for (size_t f = 0; f < plan_.size(); ++f) {
    fold_offsets_.push_back(oof_rows_.size());
    oof_rows_.insert(oof_rows_.end(), plan_.valid[f].begin(), plan_.valid[f].end());
  }
  fold_offsets_.push_back(oof_rows_.size());
  for (uint32_t row : oof_rows_) oof_y_.push_back(data_.y[row]);
  const std::string validation =
      plan_.holdout ? "holdout " + std::to_string(std::lround(100.0 / std::lround(
                                       1.0 / options_.holdout_fraction))) + "%"
                    : KFoldName();
  Emit({{"type", "job_started"},
        {"problem_type", ml::ProblemTypeName(problem_.type)},
        {"target", problem_.target},
        {"metric", metric_name_},
        {"higher_is_better", metric_->direction == ml::MetricDirection::kHigherIsBetter},
        {"rows", data_.x.rows},
        {"columns", data_.x.cols()},
        {"validation", validation},
        {"budget_seconds", options_.budget_seconds},
        {"seed", options_.seed}});
  if (fold_builder_) {
    for (size_t f = 0; f < plan_.size(); ++f) {
      if (Cancelled()) return CancelledError("AutoML run cancelled");
      LATHE_ASSIGN_OR_RETURN(auto fold, fold_builder_(plan_.train[f], plan_.valid[f]));
      folds_.push_back(std::make_shared<const Fold>(std::move(fold)));
    }
  } else if (MatrixBytes(data_.x) * plan_.size() <= kFoldCacheBytes) {
    // Each row is in every fold once, as training or validation: the folds hold k copies.
    folds_.assign(plan_.size(), nullptr);  // filled by FoldData as trials need them
  }
  return Status::Ok();
}

Result<SearchRunner::FoldSplit> SearchRunner::FoldData(size_t fold, double fraction) {
  FoldSplit split;
  split.fold = fold < folds_.size() ? folds_[fold] : nullptr;
  if (split.fold == nullptr) {
    split.fold = std::make_shared<const Fold>(ml::TakeRows(data_, plan_.train[fold]),
                                              ml::TakeRows(data_, plan_.valid[fold]));
    if (fold < folds_.size()) folds_[fold] = split.fold;
  }
  if (fraction < 1.0) {
    const ml::LabeledData& train = split.fold->first;
    const uint64_t sub_seed = options_.seed * 1000003 + fold;
    split.subsample = ml::TakeRows(train, SubsamplePositions(train.y.size(), fraction, sub_seed));
  }
  return split;
}

bool SearchRunner::Better(const Trial& a, const Trial& b) const {
  if (ml::IsBetter(*metric_, a.entry.score, b.entry.score)) return true;
  if (tie_metric_ == nullptr || a.entry.score != b.entry.score) return false;
  return ml::IsBetter(*tie_metric_, a.tie_score, b.tie_score);
}

double SearchRunner::RefitSeconds(const Trial& trial) const {
  // One fold's fit, a little more for all the rows.
  return 1.3 * trial.entry.fit_seconds / static_cast<double>(plan_.size());
}

double SearchRunner::RefitReserve() const {
  // Time to refit the likely ensemble members on all rows: their per-fold fit time, scaled up
  // for the larger training set, plus a little for the ensemble selection itself.
  std::vector<const Trial*> done;
  for (const Trial& t : trials_) {
    if (t.entry.ok && t.candidate.data_fraction >= 1.0) done.push_back(&t);
  }
  std::sort(done.begin(), done.end(), [&](const Trial* a, const Trial* b) { return Better(*a, *b); });
  std::vector<std::string> learners;
  std::vector<double> seconds;
  for (const Trial* t : done) {
    learners.push_back(t->candidate.learner);
    seconds.push_back(RefitSeconds(*t));
  }
  const double reserve = 0.3 + LikelyMembersRefitSeconds(learners, seconds);
  return std::min(reserve, 0.4 * options_.budget_seconds);
}

bool SearchRunner::SearchOver() {
  if (Cancelled()) {
    cancelled_ = stopped_ = true;
  } else if (options_.max_trials > 0 && static_cast<int>(trials_.size()) >= options_.max_trials) {
    stopped_ = true;
  } else if (best_ >= 0 && FinishRequested()) {
    stopped_ = true;
  } else if (best_ >= 0 && Elapsed() + RefitReserve() >= options_.budget_seconds) {
    stopped_ = true;
  } else if (best_ < 0 && Elapsed() >= options_.budget_seconds && !trials_.empty()) {
    stopped_ = true;  // nothing succeeded and the time is gone
  }
  return stopped_;
}

void SearchRunner::EmitProgress(int running_trial, int iteration) {
  const auto now = Clock::now();
  if (running_trial != 0 && now - last_progress_ < std::chrono::seconds(1)) return;
  last_progress_ = now;
  const double elapsed = Elapsed();
  json event = {{"type", "progress"},
                {"elapsed_seconds", elapsed},
                {"remaining_seconds", std::max(0.0, options_.budget_seconds - elapsed)},
                {"trials_done", trials_.size()}};
  if (best_ >= 0) event["best_score"] = trials_[best_].entry.score;
  if (running_trial != 0) {
    event["running_trial"] = running_trial;
    event["iteration"] = iteration;
  }
  Emit(std::move(event));
}

SearchRunner::TrialOutcome SearchRunner::RunTrial(const Candidate& requested) {
  Trial trial;
  trial.candidate = requested;
  // Under a prediction-time limit, boosted rounds, forest trees and kNN's kept rows are capped
  // to what the limit allows, so the trial validates the model that could be kept.
  trial.candidate.params = FitToLimit(requested.learner, requested.params);
  const Candidate candidate = trial.candidate;  // a copy: `trial` is moved into trials_ below
  LeaderboardEntry& e = trial.entry;
  e.trial_id = static_cast<int>(trials_.size()) + 1;
  e.learner = candidate.learner;
  e.params = candidate.params;
  e.source = candidate.source;
  e.data_fraction = candidate.data_fraction;
  json started = {{"type", "trial_started"}, {"trial_id", e.trial_id}, {"learner", e.learner},
                  {"params", e.params}, {"source", e.source},
                  {"data_fraction", e.data_fraction}};
  Emit(started);
  const auto trial_start = Clock::now();
  auto fail = [&](const std::string& error) {
    e.ok = false;
    e.error = error;
    e.score = e.oof_score = std::nan("");
    if (first_error_.empty()) first_error_ = e.learner + ": " + error;
    Emit({{"type", "trial_failed"}, {"trial_id", e.trial_id}, {"learner", e.learner},
          {"params", e.params}, {"error", error}});
    trials_.push_back(std::move(trial));
    EmitProgress(0, 0);
    return TrialOutcome::kFailed;
  };
  auto est = catalog_.make(candidate.learner, candidate.params, problem_);
  if (!est.ok()) return fail(est.status().message());

  const bool may_time_out = best_ >= 0;  // the first successful trial always completes
  ml::FitOptions fit_options;
  fit_options.threads = options_.threads;
  fit_options.seed = options_.seed + static_cast<uint64_t>(e.trial_id);
  fit_options.cancelled = [&] {
    return Cancelled() || (may_time_out && (FinishRequested() ||
                                            Elapsed() >= options_.budget_seconds - RefitReserve()));
  };
  fit_options.progress = [&](const ml::FitProgress& p) { EmitProgress(e.trial_id, p.iteration); };

  trial.oof.assign(oof_rows_.size() * width_, std::nanf(""));
  double rounds = 0;
  std::unique_ptr<ml::Model> holdout_model;
  for (size_t fold = 0; fold < plan_.size(); ++fold) {
    if (fit_options.cancelled()) break;
    auto split = FoldData(fold, candidate.data_fraction);
    if (!split.ok()) return fail(split.status().message());
    const ml::LabeledData& train = split->train();
    const ml::LabeledData& valid = split->valid();
    fit_options.threads = ThreadsFor(train, candidate.learner, options_.threads);
    const auto fit_start = Clock::now();
    auto model = (*est)->Fit(train, &valid, fit_options);
    e.fit_seconds += std::chrono::duration<double>(Clock::now() - fit_start).count();
    if (!model.ok()) {
      if (fit_options.cancelled()) break;
      return fail(model.status().message());
    }
    auto pred = (*model)->Predict(valid.x);
    if (!pred.ok()) return fail("predict: " + pred.status().message());
    if (pred->size() != valid.y.size() * width_) {
      return fail("predict returned " + std::to_string(pred->size()) + " values for " +
                  std::to_string(valid.y.size()) + " rows x " + std::to_string(width_));
    }
    std::copy(pred->begin(), pred->end(), trial.oof.begin() + fold_offsets_[fold] * width_);
    auto score = ml::ComputeMetric(metric_name_, problem_.type, valid.y, *pred);
    e.fold_scores.push_back(score.ok() ? *score : std::nan(""));
    trial.fold_params.push_back((*model)->Params());
    if (trial.fold_params.back().contains("best_iteration")) {
      rounds += trial.fold_params.back()["best_iteration"].get<double>() + 1;
    }
    if (plan_.holdout && candidate.data_fraction >= 1.0) holdout_model = std::move(*model);
  }
  if (e.fold_scores.size() < plan_.size()) {  // stopped by cancel or the clock
    const std::string why = Cancelled()          ? "cancelled"
                            : FinishRequested() ? "finish requested"
                                                : "time budget reached";
    Emit({{"type", "trial_failed"}, {"trial_id", e.trial_id}, {"learner", e.learner},
          {"params", e.params}, {"error", "stopped: " + why}, {"stopped", true}});
    return TrialOutcome::kStopped;
  }
  if (rounds > 0) e.rounds = static_cast<int>(std::lround(rounds / plan_.size()));
  std::tie(e.score, e.score_sd) = MeanSd(e.fold_scores);
  auto pooled = ml::ComputeMetric(metric_name_, problem_.type, oof_y_, trial.oof);
  e.oof_score = pooled.ok() ? *pooled : std::nan("");
  if (std::isnan(e.score)) e.score = e.oof_score;
  if (tie_metric_ != nullptr) {
    trial.tie_score = ml::ComputeMetric(tie_metric_->name, problem_.type, oof_y_, trial.oof).value();
  }
  const double duration = std::chrono::duration<double>(Clock::now() - trial_start).count();
  Emit({{"type", "trial_finished"}, {"trial_id", e.trial_id}, {"learner", e.learner},
        {"params", e.params}, {"source", e.source}, {"data_fraction", e.data_fraction},
        {"fold_scores", ScoresJson(e.fold_scores)}, {"mean_score", e.score},
        {"std_score", e.score_sd}, {"oof_score", e.oof_score}, {"rounds", e.rounds},
        {"fit_seconds", e.fit_seconds}, {"duration_seconds", duration}});
  trial.holdout_model = std::move(holdout_model);
  trials_.push_back(std::move(trial));
  const int idx = static_cast<int>(trials_.size()) - 1;
  if (candidate.data_fraction >= 1.0 && !std::isnan(e.score) &&
      (best_ < 0 || Better(trials_[idx], trials_[best_]))) {
    best_ = idx;
    Emit({{"type", "new_best"}, {"trial_id", trials_[idx].entry.trial_id},
          {"learner", trials_[idx].entry.learner}, {"mean_score", trials_[idx].entry.score}});
  }
  PruneStoredPredictions();
  EmitProgress(0, 0);
  return TrialOutcome::kDone;
}

void SearchRunner::PruneStoredPredictions() {
  std::vector<Trial*> kept;
  for (Trial& t : trials_) {
    if (t.oof.empty()) continue;
    if (!t.entry.ok || t.candidate.data_fraction < 1.0) {
      t.oof.clear();
      t.oof.shrink_to_fit();
      t.holdout_model.reset();
    } else {
      kept.push_back(&t);
    }
  }
  std::stable_sort(kept.begin(), kept.end(), [&](Trial* a, Trial* b) { return Better(*a, *b); });
  for (size_t idx = kHoldoutModels; idx < kept.size(); ++idx) kept[idx]->holdout_model.reset();
  for (size_t idx = kStoredPredictions; idx < kept.size(); ++idx) {
    kept[idx]->oof.clear();
    kept[idx]->oof.shrink_to_fit();
  }
}

void SearchRunner::RunPortfolio() {
  for (const Candidate& c : catalog_.portfolio(problem_, shape_)) {
    if (SearchOver()) return;
    // A configuration that cannot be made to fit the prediction limit (fastText on long texts)
    // would only spend the budget; the first trial runs anyway, so that there is a model.
    if (Limited() && best_ >= 0) {
      const double cost = catalog_.prediction_ms(c.learner, FitToLimit(c.learner, c.params),
                                                 problem_, shape_);
      if (cost > LearnerLimitMs()) {
        Emit({{"type", "trial_skipped"}, {"learner", c.learner}, {"params", c.params},
              {"reason", "predict_limit"}, {"estimated_ms", cost},
              {"learner_limit_ms", LearnerLimitMs()}});
        continue;
      }
    }
    if (RunTrial(c) == TrialOutcome::kStopped) {
      stopped_ = true;
      return;
    }
  }
}

void SearchRunner::RunHalving() {
  if (!catalog_.sample) return;
  // Rungs train on 1/9, 1/3 and all of each fold's training rows, as far as the smallest rung
  // keeps kMinRungRows rows; small data gets a single rung (plain random search).
  int rungs = 1;
  const size_t train_rows = plan_.train.empty() ? 0 : plan_.train[0].size();
  while (rungs < 3 && static_cast<double>(train_rows) / std::pow(kHalvingEta, rungs) >= kMinRungRows) {
    ++rungs;
  }
  while (!SearchOver()) {
    std::vector<Candidate> configs;
    const int first = static_cast<int>(std::pow(kHalvingEta, rungs - 1));
    for (int idx = 0; idx < first; ++idx) {
      std::optional<Candidate> c = catalog_.sample(rng_, problem_, shape_);
      if (!c) return;
      configs.push_back(std::move(*c));
    }
    for (int rung = 0; rung < rungs && !configs.empty(); ++rung) {
      const double fraction = std::pow(kHalvingEta, rung - (rungs - 1));
      std::vector<size_t> ids;
      for (Candidate& c : configs) {
        if (SearchOver()) return;
        c.data_fraction = fraction;
        if (RunTrial(c) == TrialOutcome::kStopped) {
          stopped_ = true;
          return;
        }
        ids.push_back(trials_.size() - 1);
      }
      if (rung + 1 == rungs) break;
      std::vector<size_t> order(ids.size());
      std::iota(order.begin(), order.end(), size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return Better(trials_[ids[a]], trials_[ids[b]]);
      });
      std::vector<Candidate> survivors;
      const size_t keep = (configs.size() + kHalvingEta - 1) / kHalvingEta;
      for (size_t pos = 0; pos < keep; ++pos) {
        if (trials_[ids[order[pos]]].entry.ok) survivors.push_back(configs[order[pos]]);
      }
      configs = std::move(survivors);
    }
  }
}

json SearchRunner::RefitParams(const Trial& trial) const {
  return FitToLimit(trial.candidate.learner,
                    catalog_.refit_params
                        ? catalog_.refit_params(trial.candidate, trial.fold_params, shape_)
                        : trial.candidate.params);
}

std::string SearchRunner::KFoldName() const {
  return std::to_string(plan_.size() / plan_.repeats) + "-fold" +
         (plan_.repeats > 1 ? " x" + std::to_string(plan_.repeats) : "");
}

bool SearchRunner::Limited() const {
  return options_.predict_limit_ms > 0 && catalog_.prediction_ms != nullptr;
}

double SearchRunner::LearnerLimitMs() const {
  // Where the pipeline alone nears the limit, the learners still get a fifth of it: the limit
  // cannot be met then, and a model cut to nothing would not help.
  return std::max(options_.predict_limit_ms - pipeline_ms_, 0.2 * options_.predict_limit_ms);
}

json SearchRunner::FitToLimit(std::string_view learner, json params) const {
  if (!Limited() || !catalog_.fit_to_prediction_limit) return params;
  return catalog_.fit_to_prediction_limit(learner, std::move(params), problem_, shape_,
                                          LearnerLimitMs());
}

Status SearchRunner::SelectFinal(AutoMlResult& result) {
  if (best_ < 0) {
    return FailedPreconditionError("AutoML: no trial succeeded" +
                                   (first_error_.empty() ? std::string(" (no trial ran)")
                                                         : "; first error: " + first_error_));
  }
  std::vector<int> pool;  // trials with stored out-of-fold predictions
  for (size_t idx = 0; idx < trials_.size(); ++idx) {
    if (!trials_[idx].oof.empty()) pool.push_back(static_cast<int>(idx));
  }
  // With a prediction-time limit, the final model's single-model fallback is the best trial
  // within it (the search's best when none is).
  const bool limited = Limited();
  std::vector<double> costs;  // per pool entry, estimated ms per 1,000 rows
  int final_best = best_;
  if (limited) {
    for (int idx : pool) {
      costs.push_back(catalog_.prediction_ms(trials_[idx].entry.learner, RefitParams(trials_[idx]),
                                             problem_, shape_));
    }
    std::optional<int> within;
    for (size_t c = 0; c < pool.size(); ++c) {
      if (costs[c] > LearnerLimitMs()) continue;
      if (!within || Better(trials_[pool[c]], trials_[*within])) within = pool[c];
    }
    if (within) final_best = *within;
    const auto best_pos = std::find(pool.begin(), pool.end(), best_) - pool.begin();
    Emit({{"type", "predict_limit"}, {"limit_ms", options_.predict_limit_ms},
          {"pipeline_estimated_ms", pipeline_ms_}, {"learner_limit_ms", LearnerLimitMs()},
          {"best_trial_id", trials_[best_].entry.trial_id},
          {"best_estimated_ms", best_pos < static_cast<long>(pool.size()) ? json(costs[best_pos])
                                                                          : json(nullptr)},
          {"final_best_trial_id", trials_[final_best].entry.trial_id},
          {"within_limit", within.has_value()}});
  }
  const Trial& best = trials_[final_best];
  result.best_trial_id = best.entry.trial_id;
  std::vector<std::pair<int, double>> chosen = {{final_best, 1.0}};
  result.final_score = best.entry.score;
  if (pool.size() >= 2 && options_.ensemble_iterations > 0 && !Cancelled()) {
    std::vector<std::span<const float>> oofs;
    for (int idx : pool) oofs.emplace_back(trials_[idx].oof);
    EnsembleOptions eo;
    eo.iterations = options_.ensemble_iterations;
    eo.init_best = std::max(1, options_.ensemble_init_best);
    eo.max_members = options_.ensemble_max_members;
    if (limited) {
      eo.max_cost = LearnerLimitMs();
      eo.costs = costs;
    }
    if (tie_metric_ != nullptr) eo.tie_break_metric = std::string(tie_metric_->name);
    LATHE_ASSIGN_OR_RETURN(EnsembleSelection sel,
                           SelectEnsemble(oofs, oof_y_, problem_.type, metric_name_, eo));
    // A trial cut by the clock can leave less time than the reserve counted on: light members
    // whose refit would overrun the budget are left out, and the blend is scored again.
    std::vector<double> refit_seconds;
    for (int idx : pool) refit_seconds.push_back(RefitSeconds(trials_[idx]));
    json dropped_json = json::array();
    for (size_t c : DropMembersPastBudget(sel.weights, refit_seconds,
                                          options_.budget_seconds - Elapsed())) {
      dropped_json.push_back(trials_[pool[c]].entry.trial_id);
    }
    if (!dropped_json.empty()) {
      auto rescored = ml::ComputeMetric(metric_name_, problem_.type, oof_y_,
                                        BlendPredictions(oofs, sel.weights));
      if (rescored.ok()) sel.score = *rescored;
    }
    std::vector<std::pair<int, double>> members;
    json members_json = json::array();
    for (size_t c = 0; c < pool.size(); ++c) {
      if (sel.weights[c] == 0) continue;
      members.push_back({pool[c], sel.weights[c]});
      members_json.push_back({{"trial_id", trials_[pool[c]].entry.trial_id},
                              {"learner", trials_[pool[c]].entry.learner},
                              {"weight", sel.weights[c]}});
    }
    const bool selected =
        members.size() > 1 && ml::IsBetter(*metric_, sel.score, best.entry.oof_score);
    Emit({{"type", "ensemble"}, {"candidates", pool.size()}, {"members", members_json},
          {"score", sel.score}, {"best_single_trial_id", best.entry.trial_id},
          {"best_single_oof_score", best.entry.oof_score}, {"selected", selected},
          {"dropped_for_refit_time", dropped_json}});
    if (selected) {
      chosen = members;
      result.ensemble_selected = true;
      const std::vector<float> blended = BlendPredictions(oofs, sel.weights);
      LeaderboardEntry entry;
      entry.trial_id = kEnsembleTrialId;
      entry.learner = "ensemble";
      entry.source = "ensemble";
      entry.params = {{"members", members_json}};
      for (size_t f = 0; f < plan_.size(); ++f) {
        const size_t lo = fold_offsets_[f], hi = fold_offsets_[f + 1];
        auto score = ml::ComputeMetric(
            metric_name_, problem_.type, std::span<const float>(oof_y_).subspan(lo, hi - lo),
            std::span<const float>(blended).subspan(lo * width_, (hi - lo) * width_));
        entry.fold_scores.push_back(score.ok() ? *score : std::nan(""));
      }
      std::tie(entry.score, entry.score_sd) = MeanSd(entry.fold_scores);
      entry.oof_score = sel.score;
      if (std::isnan(entry.score)) entry.score = sel.score;
      for (const auto& [idx, w] : members) entry.fit_seconds += trials_[idx].entry.fit_seconds;
      result.final_score = entry.score;
      result.leaderboard.push_back(std::move(entry));
    }
  }
  for (const auto& [idx, weight] : chosen) {
    FinalMember m;
    m.trial_id = trials_[idx].entry.trial_id;
    m.learner = trials_[idx].entry.learner;
    m.params = RefitParams(trials_[idx]);
    m.weight = weight;
    result.members.push_back(std::move(m));
  }
  return Status::Ok();
}

Status SearchRunner::Refit(AutoMlResult& result) {
  ml::FitOptions fit_options;
  fit_options.seed = options_.seed;
  fit_options.cancelled = [&] { return Cancelled(); };
  std::vector<FinalMember> kept;
  for (FinalMember& m : result.members) {
    // A refit that would overrun the budget is replaced by the member's holdout model, fitted
    // on the training part only (letter_recognition at 15 s: a 500-round booster found at 10.5 s
    // took 7 s to refit, ending the job at 17.5 s).
    auto trial = std::find_if(trials_.begin(), trials_.end(),
                              [&](const Trial& t) { return t.entry.trial_id == m.trial_id; });
    if (trial != trials_.end() && trial->holdout_model != nullptr &&
        Elapsed() + RefitSeconds(*trial) > options_.budget_seconds) {
      Emit({{"type", "refit"}, {"trial_id", m.trial_id}, {"learner", m.learner},
            {"params", trial->candidate.params}, {"rows", plan_.train[0].size()},
            {"duration_seconds", 0.0}, {"holdout_model", true},
            {"estimated_refit_seconds", RefitSeconds(*trial)}});
      m.params = trial->candidate.params;
      m.model = std::move(trial->holdout_model);
      kept.push_back(std::move(m));
      continue;
    }
    fit_options.threads = ThreadsFor(data_, m.learner, options_.threads);
    const auto t0 = Clock::now();
    auto est = catalog_.make(m.learner, m.params, problem_);
    Result<std::unique_ptr<ml::Model>> model =
        est.ok() ? (*est)->Fit(data_, nullptr, fit_options) : Result<std::unique_ptr<ml::Model>>(est.status());
    if (Cancelled()) return CancelledError("AutoML run cancelled");
    json event = {{"type", "refit"}, {"trial_id", m.trial_id}, {"learner", m.learner},
                  {"params", m.params}, {"rows", data_.x.rows},
                  {"duration_seconds", std::chrono::duration<double>(Clock::now() - t0).count()}};
    if (!model.ok()) {
      event["error"] = model.status().message();
      Emit(std::move(event));
      continue;
    }
    Emit(std::move(event));
    m.model = std::move(*model);
    kept.push_back(std::move(m));
  }
  if (kept.empty()) return InternalError("AutoML: refitting the selected model(s) failed");
  double total = 0;
  for (const FinalMember& m : kept) total += m.weight;
  for (FinalMember& m : kept) m.weight /= total;
  result.members = std::move(kept);
  return Status::Ok();
}

Result<AutoMlResult> SearchRunner::Run() {
  LATHE_RETURN_IF_ERROR(Prepare());
  AutoMlResult result;
  result.problem = problem_;
  result.metric = metric_name_;
  result.validation = plan_.holdout ? "holdout" : KFoldName();
  RunPortfolio();
  if (!stopped_) RunHalving();
  auto finish_cancelled = [&]() -> Status {
    Emit({{"type", "finished"}, {"status", "cancelled"}, {"trials", trials_.size()},
          {"elapsed_seconds", Elapsed()}});
    return CancelledError("AutoML run cancelled after " + std::to_string(trials_.size()) +
                          " trials");
  };
  if (Cancelled()) return finish_cancelled();
  for (const Trial& t : trials_) result.leaderboard.push_back(t.entry);
  Status selected = SelectFinal(result);
  if (!selected.ok()) {
    Emit({{"type", "finished"}, {"status", "failed"}, {"error", selected.message()},
          {"trials", trials_.size()}, {"elapsed_seconds", Elapsed()}});
    return selected;
  }
  Status refit = Refit(result);
  if (!refit.ok()) {
    if (refit.code() == StatusCode::kCancelled) return finish_cancelled();
    Emit({{"type", "finished"}, {"status", "failed"}, {"error", refit.message()},
          {"trials", trials_.size()}, {"elapsed_seconds", Elapsed()}});
    return refit;
  }
  result.elapsed_seconds = Elapsed();
  json members = json::array();
  for (const FinalMember& m : result.members) {
    members.push_back({{"trial_id", m.trial_id}, {"learner", m.learner}, {"weight", m.weight}});
  }
  Emit({{"type", "finished"}, {"status", "ok"}, {"metric", metric_name_},
        {"best_trial_id", result.best_trial_id}, {"ensemble_selected", result.ensemble_selected},
        {"final_score", result.final_score}, {"members", members}, {"trials", trials_.size()},
        {"finished_early", FinishRequested()}, {"elapsed_seconds", result.elapsed_seconds}});
  return result;
}

}  // namespace lathe::automl::internal
