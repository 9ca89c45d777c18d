#!/usr/bin/python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""One peer run of the automl benchmark on a fixed train/test split; prints one JSON line.

  bench/automl/peers.py TRAIN.csv TEST.csv --target COL --seed N --peer hgb|rf|xgb \
      [--task binary|multiclass|regression|text] [--dataset NAME]

Peers (Debian python3-sklearn 1.2.1, python3-xgboost 1.7.4), all with library defaults except:
  hgb  HistGradientBoostingClassifier / Regressor (random_state=seed)
  rf   RandomForestClassifier / Regressor, 2,000 trees, n_jobs=2 (the AutoML Benchmark baseline)
  xgb  XGBClassifier / XGBRegressor (random_state=seed)
Threads (--threads auto): hgb (OpenMP) and xgb get Lathe's rule, 2 threads when the training
matrix has at least 2 million cells, else 1 -- on this shared 2-core machine OpenMP barriers with
a descheduled second thread made hgb on 171 rows take 14-50 s with 2 threads and 2 s with 1.
rf always uses n_jobs=2 (joblib threads, no barrier per tree).
Features, the same for every peer: numeric columns as float (missing = NaN); other columns
ordinal-encoded from the training rows' categories (unseen = -1, missing = NaN); for --task text,
the one text column becomes TF-IDF (sublinear tf, min_df 2, 2,000 terms; dense for hgb).
Metric as Lathe's automl_bench: ROC AUC (binary, probability of the second class in sorted label
order), accuracy plus log loss (multiclass), RMSE (regression). wall_s is fit + predicting the
test set; predict_1000_ms is the median of 7 predictions of 1,000 test rows (cycled if fewer)
limited to one thread.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, roc_auc_score
from threadpoolctl import threadpool_limits


def detect_task(y):
    """Lathe's rule in short: non-numbers or 2 values are classes; integers with <= 20 values
    and >= 10 rows per value are classes; other numbers are regression."""
    if y.nunique() == 2:
        return "binary"
    num = pd.to_numeric(y, errors="coerce")
    if num.isna().any():
        return "multiclass"
    if (num == num.round()).all() and num.nunique() <= 20 and len(num) >= 10 * num.nunique():
        return "multiclass"
    return "regression"


def features(train, test, task):
    """Train and test feature matrices, encoded the same simple way for every peer."""
    if task == "text":
        from sklearn.feature_extraction.text import TfidfVectorizer
        (col,) = [c for c in train.columns if train[c].dtype == object]
        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=2000)
        return (vec.fit_transform(train[col].fillna("")).astype(np.float32),
                vec.transform(test[col].fillna("")).astype(np.float32))
    xs = []
    for df in (train, test):
        out = pd.DataFrame(index=df.index)
        for c in train.columns:
            if pd.api.types.is_numeric_dtype(train[c]) or pd.api.types.is_bool_dtype(train[c]):
                out[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
            else:
                cats = {v: i for i, v in enumerate(sorted(train[c].dropna().astype(str).unique()))}
                out[c] = df[c].map(lambda v: np.nan if pd.isna(v) else cats.get(str(v), -1))
        xs.append(out.to_numpy(dtype=np.float32))
    return xs[0], xs[1]


def make_model(peer, classification, seed, threads):
    if peer == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        cls = HistGradientBoostingClassifier if classification else HistGradientBoostingRegressor
        return cls(random_state=seed)
    if peer == "rf":
        from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
        cls = RandomForestClassifier if classification else RandomForestRegressor
        return cls(n_estimators=2000, n_jobs=2, random_state=seed)
    if peer == "xgb":
        import xgboost
        cls = xgboost.XGBClassifier if classification else xgboost.XGBRegressor
        return cls(n_jobs=threads, random_state=seed)
    sys.exit("peers.py: unknown peer '%s' (hgb, rf, xgb)" % peer)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("train")
    p.add_argument("test")
    p.add_argument("--target", required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--peer", required=True, choices=["hgb", "rf", "xgb"])
    p.add_argument("--task", choices=["binary", "multiclass", "regression", "text"])
    p.add_argument("--dataset", default=None)
    p.add_argument("--threads", default="auto", help="1, 2 or auto (Lathe's rule)")
    a = p.parse_args()

    train = pd.read_csv(a.train, dtype={a.target: str}, keep_default_na=True)
    test = pd.read_csv(a.test, dtype={a.target: str}, keep_default_na=True)
    for name, df in (("train", train), ("test", test)):
        if a.target not in df.columns:
            sys.exit("peers.py: %s file %s has no column '%s'" % (name, a.train, a.target))
    train = train[train[a.target].notna()]
    task = a.task or detect_task(train[a.target])
    classification = task != "regression"
    kind = "binary" if task == "text" else task

    start = time.perf_counter()
    x_train, x_test = features(train.drop(columns=[a.target]), test.drop(columns=[a.target]),
                               task)
    if a.peer == "hgb" and task == "text":
        x_train, x_test = x_train.toarray(), x_test.toarray()
    if classification:
        classes = sorted(train[a.target].unique())
        ids = {c: i for i, c in enumerate(classes)}
        y_train = train[a.target].map(ids).to_numpy()
        y_test = test[a.target].map(ids)
        known = y_test.notna().to_numpy()
        y_test = y_test.fillna(-1).astype(int).to_numpy()
    else:
        y_train = train[a.target].astype(float).to_numpy()
        y_test = test[a.target].astype(float).to_numpy()
    cells = x_train.shape[0] * x_train.shape[1]
    threads = (2 if cells >= 2_000_000 else 1) if a.threads == "auto" else int(a.threads)
    model = make_model(a.peer, classification, a.seed, threads)
    with threadpool_limits(limits=threads, user_api="openmp"):
        model.fit(x_train, y_train)
        fit_s = time.perf_counter() - start
        if classification:
            proba = model.predict_proba(x_test)
        else:
            pred = model.predict(x_test)
        wall_s = time.perf_counter() - start
    out = {"tool": a.peer, "dataset": a.dataset or a.train, "seed": a.seed, "task": kind,
           "threads": 2 if a.peer == "rf" else threads}
    if classification:
        if kind == "binary":
            out["metric"] = "roc_auc"
            out["score"] = roc_auc_score(y_test[known], proba[known, 1])
            out["log_loss"] = None
        else:
            out["metric"] = "accuracy"
            out["score"] = accuracy_score(y_test, proba.argmax(axis=1))  # unseen classes miss
            out["log_loss"] = log_loss(y_test[known], proba[known],
                                       labels=list(range(len(classes))))
    else:
        out["metric"] = "rmse"
        out["score"] = float(np.sqrt(mean_squared_error(y_test, pred)))
        out["log_loss"] = None
    out["wall_s"] = wall_s
    out["fit_s"] = fit_s

    rows = np.arange(1000) % x_test.shape[0]
    batch = x_test[rows]
    if a.peer == "rf":
        model.set_params(n_jobs=1)
    elif a.peer == "xgb":
        model.set_params(n_jobs=1)
    predict = model.predict_proba if classification else model.predict
    times = []
    with threadpool_limits(limits=1):
        predict(batch)
        for _ in range(7):
            t = time.perf_counter()
            predict(batch)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out["predict_1000_ms"] = times[len(times) // 2]
    out["train_rows"] = int(x_train.shape[0])
    out["test_rows"] = int(x_test.shape[0])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
