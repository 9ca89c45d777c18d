# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""bench/serving (d): 10,000-row requests.

  big_bodies.py client URL FILE CONTENT_TYPE N [SERVER_PID]
      POSTs FILE to URL N times over one keep-alive connection (after one warm-up), checks every
      answer is 200 with one prediction per row, and prints {"seconds": [...], "rows": R} plus,
      with SERVER_PID, "server_cpu_s": the server's CPU time over the N requests (/proc).
  big_bodies.py inproc DIR FILE csv|json N
      The in-process peer: python3-xgboost on the same rows, parsing included — CSV text with
      pandas.read_csv (C parser) or JSON with json.loads + numpy — then Booster.inplace_predict
      (one thread). Prints {"seconds": [...], "cpu_seconds": [...], "rows": R}; FILE is read
      once, before timing.
"""
import http.client
import io
import json
import os
import sys
import time
import urllib.parse


def cpu_seconds(pid):
    """User + system CPU seconds of process `pid` (all its threads)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client(url, path, content_type, n, server_pid=None):
    body = open(path, "rb").read()
    rows = body.count(b"\n") if content_type == "text/csv" else len(json.loads(body)["instances"])
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    seconds = []
    cpu_start = 0.0
    for i in range(n + 1):
        if i == 1 and server_pid:
            cpu_start = cpu_seconds(server_pid)
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
    out = {"seconds": seconds, "rows": rows}
    if server_pid:
        out["server_cpu_s"] = cpu_seconds(server_pid) - cpu_start
    print(json.dumps(out))


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
    seconds, cpu = [], []
    for _ in range(n):
        start, cpu_start = time.perf_counter(), time.process_time()
        once()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": rows}))


if __name__ == "__main__":
    if len(sys.argv) in (6, 7) and sys.argv[1] == "client":
        client(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
               int(sys.argv[6]) if len(sys.argv) == 7 else None)
    elif len(sys.argv) == 6 and sys.argv[1] == "inproc":
        inproc(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)
