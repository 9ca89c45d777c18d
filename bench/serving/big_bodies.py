# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""bench/serving (d): 10,000-row requests.

  big_bodies.py client URL FILE CONTENT_TYPE N
      POSTs FILE to URL N times over one keep-alive connection (after one warm-up), checks every
      answer is 200 with one prediction per row, and prints {"seconds": [...], "rows": R}.
  big_bodies.py inproc DIR FILE csv|json N
      The in-process peer: python3-xgboost on the same rows, parsing included — CSV text with
      pandas.read_csv (C parser) or JSON with json.loads + numpy — then Booster.inplace_predict
      (one thread). Prints {"seconds": [...], "rows": R}; FILE is read once, before timing.
"""
import http.client
import io
import json
import sys
import time
import urllib.parse


def client(url, path, content_type, n):
    body = open(path, "rb").read()
    rows = body.count(b"\n") if content_type == "text/csv" else len(json.loads(body)["instances"])
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    seconds = []
    for i in range(n + 1):
        start = time.perf_counter()
        conn.request("POST", u.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - start
        if resp.status != 200:
            sys.exit(f"big_bodies: {url} answered {resp.status}: {data[:300]!r}")
        got = len(json.loads(data)["predictions"])
        if got != rows:
            sys.exit(f"big_bodies: {url} returned {got} predictions for {rows} rows")
        if i > 0:
            seconds.append(elapsed)
    print(json.dumps({"seconds": seconds, "rows": rows}))


def inproc(directory, path, fmt, n):
    import numpy as np
    import pandas as pd
    import xgboost as xgb
    booster = xgb.Booster(model_file=f"{directory}/model.ubj")
    booster.set_param({"nthread": 1})
    raw = open(path, "rb").read()

    def once():
        if fmt == "csv":
            x = pd.read_csv(io.StringIO(raw.decode()), header=None, dtype=np.float32).to_numpy()
        else:
            x = np.array(json.loads(raw)["instances"], dtype=np.float32)
        return booster.inplace_predict(x)

    rows = len(once())  # warm-up
    seconds = []
    for _ in range(n):
        start = time.perf_counter()
        once()
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "rows": rows}))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "client":
        client(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif len(sys.argv) == 6 and sys.argv[1] == "inproc":
        inproc(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)
