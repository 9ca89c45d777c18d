#!/usr/bin/python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
# Peer of xgboost_bench.cc: python3-xgboost on the same data, parameters and threads.
#   /usr/bin/python3 tests/unit/ml/xgboost_bench.py [rows] [threads]
import sys
import time

import numpy as np
import xgboost as xgb

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
cols = 20
r = np.arange(rows, dtype=np.uint64)[:, None]
c = np.arange(cols, dtype=np.uint64)[None, :]
h = ((r * np.uint64(131) + c * np.uint64(7919) + np.uint64(17)) * np.uint64(2654435761)) % np.uint64(4294967296)
x = (h.astype(np.float32) / np.float32(4294967296.0) - np.float32(0.5)).astype(np.float32)
y = ((x[:, 0] + x[:, 1] * x[:, 2] - np.float32(0.5) * x[:, 3]) > 0).astype(np.float32)
params = {"objective": "binary:logistic", "eval_metric": "logloss", "tree_method": "hist",
          "eta": 0.1, "max_depth": 6, "min_child_weight": 1, "subsample": 1.0,
          "colsample_bytree": 1.0, "reg_lambda": 1, "reg_alpha": 0, "gamma": 0, "max_bin": 256,
          "nthread": threads, "seed": 42, "verbosity": 0,
          "base_score": float(np.clip(y.mean(), 1e-4, 1 - 1e-4))}
for _ in range(3):
    t0 = time.perf_counter()
    booster = xgb.train(params, xgb.DMatrix(x, label=y, nthread=threads), 200)
    t1 = time.perf_counter()
    p = booster.inplace_predict(x)
    t2 = time.perf_counter()
    print("python fit %.3f s  predict %.3f s  train-acc %.4f" % (t1 - t0, t2 - t1, ((p > 0.5) == (y > 0.5)).mean()))
