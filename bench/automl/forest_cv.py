#!/usr/bin/python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Lathe's random forest against scikit-learn's RandomForestClassifier / Regressor at the learner
level: repeated stratified k-fold CV (plain k-fold for regression) with the same folds for both.

For each dataset this writes the encoded data and the folds to a temporary directory, runs the
C++ tool forest_cv (ml::MakeEstimator, as AutoML calls it) once per Lathe configuration, fits
scikit-learn's forest on the same folds, and scores every out-of-fold prediction with
sklearn.metrics: accuracy and log loss (multiclass), ROC AUC (binary), RMSE (regression), mean and
sd over the repeats. Also prints the median time of a 1,000-row prediction on one thread of a
model fitted on all rows, and the mean fit time per fold.

  bench/automl/forest_cv.py BUILD_DIR [--datasets glass,wine] [--repeats 3] [--folds 5]
                            [--configs old,portfolio] [--params '{"n_estimators":300}'] [--sk-trees 500]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, roc_auc_score
from sklearn.model_selection import RepeatedKFold, RepeatedStratifiedKFold

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(os.path.dirname(ROOT), "shared", "datasets")

# Lathe random_forest configurations to compare (params of ml::MakeEstimator("random_forest")).
# "old": the AutoML portfolio entry before 2026-11-30 with the learner's defaults of then.
# "grown-newton": trees grown as "portfolio" but with XGBoost's softmax / logistic leaves.
# "portfolio": what automl::DefaultPortfolio adds now (search_space.cc), computed by portfolio().
CONFIGS = {
    "old": {"n_estimators": 150, "max_depth": 12, "colsample_bynode": 0.5,
            "min_child_weight": 1, "subsample": 0.632, "reg_lambda": 1e-5, "leaves": "newton"},
    "grown-newton": {"n_estimators": 300, "max_depth": 0, "colsample_bynode": "auto",
                     "min_child_weight": 0, "subsample": 0.632, "reg_lambda": 0,
                     "leaves": "newton"},
    "portfolio": "portfolio",
}


def portfolio(task, k, rows, cols):
    """automl::DefaultPortfolio's random_forest params (ForestTrees, ForestColumnShare)."""
    outputs = k if task == "multiclass" else 1
    tree_s = 1e-7 * rows * np.log2(rows) * np.sqrt(min(cols, 300)) * np.sqrt(outputs)
    trees = int(np.clip(min(900.0 / outputs, 2.5 / tree_s), 30, 300))
    share = 1 / 3 if task == "regression" else np.sqrt(cols) / cols
    if cols > 375:
        share = max(0.05, min(share, 300 / cols))
    return {"n_estimators": trees, "max_depth": 0,
            "min_child_weight": 5 if task == "regression" else 0, "subsample": 0.632,
            "colsample_bynode": round(float(np.clip(share, 0.05, 1.0)), 4)}


def read_tasks():
    tasks = {}
    with open(os.path.join(HERE, "datasets.tsv")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, file, target, task = line.rstrip("\n").split("\t")
            tasks[name] = (file, target, task)
    return tasks


def load(data_dir, file, target, task, frame=None):
    df = pd.read_csv(os.path.join(data_dir, file)) if frame is None else frame
    y_raw = df.pop(target)
    x = df.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)
    if task == "regression":
        return x, y_raw.to_numpy(dtype=np.float64), 0
    classes = sorted(y_raw.unique())
    index = {c: i for i, c in enumerate(classes)}
    return x, np.array([index[v] for v in y_raw]), len(classes)


def write_inputs(tmp, task, k, x, y, fold_ids):
    data = os.path.join(tmp, "data.txt")
    folds = os.path.join(tmp, "folds.txt")
    with open(data, "w") as f:
        f.write(f"{task} {k} {x.shape[0]} {x.shape[1]}\n")
        for label, row in zip(y, x):
            f.write(repr(float(label)) + " " + " ".join(repr(float(v)) for v in row) + "\n")
    with open(folds, "w") as f:
        for ids in fold_ids:
            f.write(" ".join(str(i) for i in ids) + "\n")
    return data, folds


def make_folds(task, y, folds, repeats, seed):
    splitter = (RepeatedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
                if task == "regression" else
                RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed))
    out = []
    for i, (_, test) in enumerate(splitter.split(np.zeros(len(y)), y)):
        if i % folds == 0:
            out.append(np.zeros(len(y), dtype=int))
        out[-1][test] = i % folds
    return out


def score(task, k, y, pred):
    """Primary metric (and log loss for multiclass) of one repeat's out-of-fold predictions."""
    if task == "regression":
        return float(np.sqrt(mean_squared_error(y, pred))), None
    proba = np.asarray(pred).reshape(len(y), k)
    if task == "binary":
        return float(roc_auc_score(y, proba[:, 1])), None
    ll = log_loss(y, np.clip(proba, 1e-15, 1), labels=list(range(k)))
    return float(accuracy_score(y, proba.argmax(axis=1))), float(ll)


def time_predict(predict, x):
    batch = x[np.arange(1000) % len(x)]
    predict(batch)
    ms = []
    for _ in range(7):
        start = time.perf_counter()
        predict(batch)
        ms.append((time.perf_counter() - start) * 1000)
    return sorted(ms)[3]


def run_sklearn(task, k, x, y, fold_ids, trees, seed):
    def make(s):
        cls = RandomForestRegressor if task == "regression" else RandomForestClassifier
        return cls(n_estimators=trees, n_jobs=2, random_state=s)
    oof, fit_s = [], []
    for rep, ids in enumerate(fold_ids):
        pred = np.zeros((len(y), max(k, 1)))
        for fold in range(ids.max() + 1):
            tr, te = ids != fold, ids == fold
            model = make(seed * 1000 + rep * 10 + fold)
            start = time.perf_counter()
            model.fit(x[tr], y[tr])
            fit_s.append(time.perf_counter() - start)
            p = model.predict(x[te]) if task == "regression" else model.predict_proba(x[te])
            pred[te] = p.reshape(int(te.sum()), -1)
        oof.append(pred.ravel() if task != "regression" else pred[:, 0])
    model = make(seed).fit(x, y)
    model.set_params(n_jobs=1)
    predict = model.predict if task == "regression" else model.predict_proba
    return {"oof": oof, "fit_s_mean": float(np.mean(fit_s)),
            "predict_1000_ms": time_predict(predict, x)}


def run_lathe(binary, data, folds, params, threads, seed):
    cmd = [binary, data, folds, "--learner", "random_forest", "--params", json.dumps(params),
           "--threads", str(threads), "--seed", str(seed)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def resolve(params, p, task):
    """'auto' colsample_bynode as scikit-learn's default max_features: sqrt(p)/p for
    classification, all columns for regression."""
    params = dict(params)
    if params.get("colsample_bynode") == "auto":
        share = 1.0 if task == "regression" else max(0.05, min(1.0, np.sqrt(p) / p))
        params["colsample_bynode"] = round(share, 4)
    return params


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir")
    ap.add_argument("--datasets", default="glass,wine,sonar,pima,iris,diabetes")
    ap.add_argument("--data-dir", default=os.environ.get("LATHE_BENCH_DATA", DEFAULT_DATA))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--configs", default="old,portfolio")
    ap.add_argument("--params", default="", help="an extra Lathe configuration (JSON), 'custom'")
    ap.add_argument("--regression-params", default="",
                    help="JSON merged into every Lathe configuration on regression sets")
    ap.add_argument("--sk-trees", type=int, default=500)
    ap.add_argument("--no-sklearn", action="store_true")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default="", help="also write the results to this file")
    ap.add_argument("--splits", default="",
                    help="instead of k-fold: the AutoML benchmark's splits (DIR/<dataset>/<seed>/"
                         "{train,test}.csv, from bench/automl/split.py), one repeat per seed")
    ap.add_argument("--split-seeds", default="1,2,3,4,5")
    args = ap.parse_args()

    binary = os.path.join(args.build_dir, "bench", "automl", "forest_cv")
    configs = {name: CONFIGS[name] for name in args.configs.split(",") if name}
    if args.params:
        configs["custom"] = json.loads(args.params)
    reg_extra = json.loads(args.regression_params) if args.regression_params else {}
    tasks = read_tasks()
    results = []
    for name in args.datasets.split(","):
        file, target, task = tasks[name]
        # Units of work: (x, y, fold ids per repeat, rows scored, seed).
        units = []
        if args.splits:
            for seed in args.split_seeds.split(","):
                d = os.path.join(args.splits, name, seed)
                train = pd.read_csv(os.path.join(d, "train.csv"))
                test = pd.read_csv(os.path.join(d, "test.csv"))
                x, y, k = load("", "", target, task, pd.concat([train, test], ignore_index=True))
                # Fold 0 = the test rows (predicted by a model of the training rows); fold 1's
                # predictions (a model of the test rows) are not scored.
                ids = np.r_[np.ones(len(train), dtype=int), np.zeros(len(test), dtype=int)]
                units.append((x, y, [ids], ids == 0, int(seed)))
        else:
            x, y, k = load(args.data_dir, file, target, task)
            fold_ids = make_folds(task, y, args.folds, args.repeats, args.seed)
            units.append((x, y, fold_ids, np.ones(len(y), dtype=bool), args.seed))
        runs, scored = {}, {}
        for x, y, fold_ids, mask, seed in units:
            train_rows = int(np.sum(fold_ids[0] != 0)) if args.splits else \
                len(y) * (args.folds - 1) // args.folds
            unit_runs = {}
            with tempfile.TemporaryDirectory() as tmp:
                data, folds = write_inputs(tmp, task, k, x, y, fold_ids)
                for cname, params in configs.items():
                    if params == "portfolio":
                        params = portfolio(task, k, train_rows, x.shape[1])
                    params = resolve(params, x.shape[1], task)
                    if task == "regression":
                        params.update(reg_extra)
                    unit_runs[cname] = run_lathe(binary, data, folds, params, args.threads, seed)
                    unit_runs[cname]["params_used"] = params
            if not args.no_sklearn:
                unit_runs[f"sklearn RF {args.sk_trees}"] = run_sklearn(
                    task, k, x, y, fold_ids, args.sk_trees, seed)
            for rname, r in unit_runs.items():
                keep = runs.setdefault(rname, {"oof": [], "fit_s": [], "predict": [], "one": [],
                                               "params_used": r.get("params_used")})
                if "predict_1_us" in r:
                    keep["one"].append(r["predict_1_us"])
                keep["fit_s"].append(r["fit_s_mean"])
                keep["predict"].append(r["predict_1000_ms"])
                for p in r["oof"]:
                    p = np.asarray(p).reshape(len(y), -1)[mask]
                    scored.setdefault(rname, []).append(score(task, k, y[mask], p.ravel()
                                                              if task != "regression"
                                                              else p[:, 0]))
        for rname, r in runs.items():
            r["fit_s_mean"] = float(np.mean(r["fit_s"]))
            r["predict_1000_ms"] = float(np.median(r["predict"]))
            r["predict_1_us"] = float(np.median(r["one"])) if r["one"] else None
            scores = scored[rname]
            main_scores = [s[0] for s in scores]
            row = {"dataset": name, "task": task, "model": rname,
                   "metric": {"regression": "rmse", "binary": "roc_auc"}.get(task, "accuracy"),
                   "mean": float(np.mean(main_scores)), "sd": float(np.std(main_scores)),
                   "log_loss": (float(np.mean([s[1] for s in scores]))
                                if task == "multiclass" else None),
                   "fit_s_mean": r["fit_s_mean"], "predict_1000_ms": r["predict_1000_ms"],
                   "predict_1_us": r["predict_1_us"],
                   "params": r.get("params_used")}
            results.append(row)
            ll = f" log loss {row['log_loss']:.3f}" if row["log_loss"] is not None else ""
            print(f"{name:10s} {rname:18s} {row['metric']:8s} {row['mean']:.4f}±{row['sd']:.4f}"
                  f"{ll}  fit {row['fit_s_mean']:.2f} s  predict 1000 {row['predict_1000_ms']:.1f}"
                  f" ms" + (f", 1 row {row['predict_1_us']:.0f} us" if row["predict_1_us"] else "")
                  + f"  {json.dumps(row['params']) if row['params'] else ''}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
