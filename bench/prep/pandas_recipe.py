#!/usr/bin/env python3
"""The prep benchmark's 10 steps in pandas, the same semantics as bench/prep/recipe.json.
Prints {"seconds": apply time, "load_seconds", "rows_out", "peak_rss_mb"} as JSON."""
import json
import sys
import time

import numpy as np
import pandas as pd

t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
load = time.perf_counter() - t

t = time.perf_counter()
df["age"] = df["age"].replace(0, np.nan)                                   # 1 zeros -> missing
df["age"] = df["age"].fillna(df["age"].median())                           # 2 median impute
df["income"] = df["income"].fillna(df["income"].mean())                    # 3 mean impute
df = df[(df["income"] > 1000) & (df["city"] != "city_3")]                  # 4 filter
df["ratio"] = df["income"] / (df["age"] + 1)                               # 5 derive
q1, q3 = df["income"].quantile(0.25), df["income"].quantile(0.75)          # 6 IQR clip
df["income"] = df["income"].clip(q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1))
for c in ["income", "score"]:                                              # 7 standard scale
    df[c] = (df[c] - df[c].mean()) / df[c].std(ddof=0)
df["segment"] = df["segment"].str.strip().str.lower()                      # 8 trim + lower
df = pd.get_dummies(df, columns=["city"], prefix="city", dtype="int8")     # 9 one-hot
df = df.sort_values("score", ascending=False, kind="stable")               # 10 sort
seconds = time.perf_counter() - t
hwm = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")][0] / 1024
print(json.dumps({"seconds": seconds, "load_seconds": load, "rows_out": len(df),
                  "columns_out": df.shape[1], "peak_rss_mb": hwm}))
