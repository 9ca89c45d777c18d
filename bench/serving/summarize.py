# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""bench/serving: turns serving.raw.jsonl (run.sh) into the markdown table and serving.json.

  summarize.py RAW.jsonl OUT.json [META_LINE_FILE]

Medians over rounds; ratios are computed per round, then the median is taken (the servers
alternate inside a round, so a busy moment of the shared machine hits both).
"""
import json
import statistics
import sys


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main(raw_path, out_path, meta_path=None):
    rows = [json.loads(line) for line in open(raw_path) if line.strip()]
    meta = json.loads(open(meta_path).read()) if meta_path else {}
    rounds = sorted({r["round"] for r in rows if r["round"] > 0})

    def pick(test, server, conns=None):
        return {r["round"]: r["result"] for r in rows
                if r["test"] == test and r["server"] == server and (conns is None or r["conns"] == conns)}

    def wrk(server, conns, key):
        return med(v[key] for v in pick("wrk", server, conns).values())

    def ratio(server_a, conns_a, server_b, conns_b, key="rps"):
        a, b = pick("wrk", server_a, conns_a), pick("wrk", server_b, conns_b)
        return med(a[k][key] / b[k][key] for k in a if k in b and b[k][key])

    def per_cpu(server, conns):  # requests per second of server CPU time, per round
        return {k: v["requests"] / v["server_cpu_s"] for k, v in pick("wrk", server, conns).items()
                if v.get("server_cpu_s")}

    def cpu_ratio(server_a, server_b, conns):
        a, b = per_cpu(server_a, conns), per_cpu(server_b, conns)
        return med(a[k] / b[k] for k in a if k in b)

    def metric_p50(conns, which):
        vals = []
        for res in pick("metrics", "lathe", conns).values():
            for variant in res.get("variants", []):
                vals += [p[which]["p50"] for p in variant.get("points", []) if p.get("invocations", 0) > 0]
        return med(vals)

    def rows_per_s(test, server):
        return {k: v["rows"] / med(v["seconds"]) for k, v in pick(test, server).items()}

    def rows_per_cpu_s(test, server):
        out = {}
        for k, v in pick(test, server).items():
            if v.get("server_cpu_s"):
                out[k] = v["rows"] * len(v["seconds"]) / v["server_cpu_s"]
            elif v.get("cpu_seconds"):
                out[k] = v["rows"] / med(v["cpu_seconds"])
        return out

    out = {"meta": meta, "rounds": len(rounds)}
    table = []  # (part, measure, lathe, peer, ratio, target, met)
    fmt_n = lambda x, unit="": "-" if x is None else f"{x:,.0f}{unit}"

    conns_list = sorted({r["conns"] for r in rows if r["test"] == "wrk" and r["server"] == "fastapi"})
    out["a"] = {}
    for c in conns_list:
        l_rps, f_rps = wrk("lathe", c, "rps"), wrk("fastapi", c, "rps")
        l_p99, f_p99 = wrk("lathe", c, "p99_us"), wrk("fastapi", c, "p99_us")
        rr = ratio("lathe", c, "fastapi", c)
        out["a"][str(c)] = {"lathe_rps": l_rps, "fastapi_rps": f_rps, "ratio": rr,
                            "lathe_p99_us": l_p99, "fastapi_p99_us": f_p99}
        table.append(("a", f"req/s, -c{c} (vs FastAPI)", fmt_n(l_rps), fmt_n(f_rps), f"{rr:.1f}x",
                      ">= 20x", rr >= 20))
        lc, fc, cr = med(per_cpu("lathe", c).values()), med(per_cpu("fastapi", c).values()), cpu_ratio("lathe", "fastapi", c)
        out["a"][str(c)].update({"lathe_req_per_cpu_s": lc, "fastapi_req_per_cpu_s": fc, "cpu_ratio": cr})
        table.append(("a", f"requests per server CPU-second, -c{c}", fmt_n(lc), fmt_n(fc),
                      "-" if cr is None else f"{cr:.1f}x", "(>= 20x)", None))
        table.append(("a", f"p99, -c{c} (vs FastAPI)", fmt_n(l_p99, " µs"), fmt_n(f_p99, " µs"),
                      f"{l_p99 / f_p99:.3f}", "lower", l_p99 < f_p99))

    # The HTTP ceiling in FastAPI multiples: nginx returning a static answer of the same size, same
    # rounds and connections. If this is under 20x, no server reaches (a) over HTTP on this machine.
    if pick("wrk", "nginx", 64) and pick("wrk", "fastapi", 64):
        n_rps, f_rps = wrk("nginx", 64, "rps"), wrk("fastapi", 64, "rps")
        nf, nfc = ratio("nginx", 64, "fastapi", 64), cpu_ratio("nginx", "fastapi", 64)
        out["a"]["ceiling"] = {"nginx_rps_c64": n_rps, "fastapi_rps_c64": f_rps, "nginx_over_fastapi": nf,
                               "nginx_over_fastapi_per_cpu_s": nfc}
        table.append(("a", "ceiling: nginx static / FastAPI, req/s, -c64", fmt_n(n_rps), fmt_n(f_rps),
                      f"{nf:.1f}x", "(>= 20x for (a) to be reachable)", None))
        table.append(("a", "ceiling: nginx static / FastAPI, requests per server CPU-second, -c64",
                      fmt_n(med(per_cpu("nginx", 64).values())), fmt_n(med(per_cpu("fastapi", 64).values())),
                      "-" if nfc is None else f"{nfc:.1f}x", "", None))

    l64, p99_64 = wrk("lathe", 64, "rps"), wrk("lathe", 64, "p99_us")
    p50_1, n64 = wrk("lathe", 1, "p50_us"), wrk("nginx", 64, "rps")
    rn = ratio("lathe", 64, "nginx", 64)
    out["b"] = {"lathe_rps_c64": l64, "lathe_p99_us_c64": p99_64, "lathe_p50_us_c1": p50_1,
                "lathe_rps_c1": wrk("lathe", 1, "rps"), "nginx_rps_c64": n64,
                "nginx_p99_us_c64": wrk("nginx", 64, "p99_us"), "lathe_over_nginx": rn}
    table.append(("b", "req/s, -c64", fmt_n(l64), "", "", ">= 30,000", l64 >= 30000))
    table.append(("b", "p99, -c64", fmt_n(p99_64, " µs"), "", "", "<= 2,000 µs", p99_64 <= 2000))
    table.append(("b", "p50, -c1", fmt_n(p50_1, " µs"), "", "", "<= 150 µs", p50_1 <= 150))
    n_p50_1 = wrk("nginx", 1, "p50_us")
    if n_p50_1:  # the wake-up floor: nginx's static answer at one connection
        out["b"]["nginx_p50_us_c1"] = n_p50_1
        table.append(("b", "p50, -c1 vs nginx static (the loopback round trip)", fmt_n(p50_1, " µs"),
                      fmt_n(n_p50_1, " µs"), f"{p50_1 / n_p50_1:.2f}", "", None))
    table.append(("b", "req/s, -c64 vs nginx static", fmt_n(l64), fmt_n(n64), f"{rn:.2f}", "(ceiling)", None))
    lc, nc, cr = med(per_cpu("lathe", 64).values()), med(per_cpu("nginx", 64).values()), cpu_ratio("lathe", "nginx", 64)
    out["b"].update({"lathe_req_per_cpu_s_c64": lc, "nginx_req_per_cpu_s_c64": nc, "cpu_ratio_vs_nginx": cr})
    table.append(("b", "requests per server CPU-second, -c64 vs nginx", fmt_n(lc), fmt_n(nc),
                  "-" if cr is None else f"{cr:.2f}", "", None))

    direct = list(pick("direct", "direct").values())
    xgb_ns, lathe_ns = med(d["xgb_1row_ns"] for d in direct), med(d["lathe_1row_ns"] for d in direct)
    xgb_cpu, lathe_cpu = med(d.get("xgb_1row_cpu_ns") for d in direct), med(d.get("lathe_1row_cpu_ns") for d in direct)
    pipe_ns = med(d["pipeline_1row_ns"] for d in direct)
    over1, model1 = metric_p50(1, "overhead_latency_us"), metric_p50(1, "model_latency_us")
    over64, model64 = metric_p50(64, "overhead_latency_us"), metric_p50(64, "model_latency_us")
    out["c"] = {"overhead_p50_us_c1": over1, "model_p50_us_c1": model1,
                "overhead_p50_us_c64": over64, "model_p50_us_c64": model64,
                "direct_xgb_1row_us": xgb_ns / 1e3, "inproc_lathe_1row_us": lathe_ns / 1e3,
                "inproc_pipeline_1row_us": pipe_ns / 1e3,
                "model_vs_direct": None if model1 is None else model1 / (xgb_ns / 1e3),
                "inproc_lathe_vs_direct": lathe_ns / xgb_ns,
                "direct_xgb_1row_cpu_us": xgb_cpu / 1e3, "inproc_lathe_1row_cpu_us": lathe_cpu / 1e3,
                "direct_10k_rows_per_s": med(d["xgb_10k_rows_per_s"] for d in direct),
                "inproc_lathe_10k_rows_per_s": med(d["lathe_10k_rows_per_s"] for d in direct)}
    table.append(("c", "overhead_latency p50, -c1 (endpoint metrics)", fmt_n(over1, " µs"), "", "",
                  "<= 30 µs", None if over1 is None else over1 <= 30))
    table.append(("c", "overhead_latency p50, -c64", fmt_n(over64, " µs"), "", "", "", None))
    # The handler's overhead leaves out HTTP parsing, sockets and scheduling: the whole server's
    # CPU time per request at 64 connections, less the model's p50, is the full overhead.
    cpu_req = out["b"].get("lathe_req_per_cpu_s_c64")
    if cpu_req and model64 is not None:
        full = 1e6 / cpu_req - model64
        out["c"].update({"server_cpu_us_per_request_c64": 1e6 / cpu_req, "full_overhead_us_c64": full})
        table.append(("c", "server CPU per request − model p50, -c64 (whole-server overhead)",
                      f"{1e6 / cpu_req:.1f} − {model64:.0f} = {full:.1f} µs", "", "", "<= 30 µs", full <= 30))
    # The same requests (57-column CSV row) to an endpoint whose model is one tree of depth 1:
    # the server's whole cost per request with (almost) no model compute.
    noop = per_cpu("lathe_noop", 64)
    if noop:
        noop_us = med(1e6 / v for v in noop.values())
        out["c"].update({"noop_server_cpu_us_per_request_c64": noop_us,
                         "noop_rps_c64": wrk("lathe_noop", 64, "rps")})
        table.append(("c", "no-op model (1 tree, depth 1): server CPU per request, -c64",
                      f"{noop_us:.1f} µs", "", "", "<= 30 µs", noop_us <= 30))
    if model1 is not None:
        table.append(("c", "model_latency p50, -c1 vs direct C API", f"{model1:.0f} µs",
                      f"{xgb_ns / 1e3:.1f} µs", f"{out['c']['model_vs_direct']:.2f}x", "<= 1.2x",
                      out["c"]["model_vs_direct"] <= 1.2))
    table.append(("c", "in-process LoadedModel::Predict vs C API, 1 row", f"{lathe_ns / 1e3:.1f} µs",
                  f"{xgb_ns / 1e3:.1f} µs", f"{lathe_ns / xgb_ns:.2f}x", "(<= 1.2x)",
                  lathe_ns / xgb_ns <= 1.2))
    table.append(("c", "the same in CPU time", f"{lathe_cpu / 1e3:.1f} µs", f"{xgb_cpu / 1e3:.1f} µs",
                  f"{lathe_cpu / xgb_cpu:.2f}x", "", None))

    out["d"] = {}
    for fmt in ["csv", "json"]:
        lat, inp = rows_per_s(f"big_{fmt}", "lathe"), rows_per_s(f"big_{fmt}", "inproc")
        rr = med(lat[k] / inp[k] for k in lat if k in inp)
        out["d"][fmt] = {"lathe_rows_per_s": med(lat.values()), "inproc_xgb_rows_per_s": med(inp.values()),
                         "ratio": rr}
        table.append(("d", f"rows/s, 10,000-row {fmt.upper()} (vs in-process xgboost + parse)",
                      fmt_n(med(lat.values())), fmt_n(med(inp.values())), f"{rr:.2f}x", ">= 1x", rr >= 1))
        latc, inpc = rows_per_cpu_s(f"big_{fmt}", "lathe"), rows_per_cpu_s(f"big_{fmt}", "inproc")
        rc = med(latc[k] / inpc[k] for k in latc if k in inpc)
        out["d"][fmt].update({"lathe_rows_per_cpu_s": med(latc.values()),
                              "inproc_rows_per_cpu_s": med(inpc.values()), "cpu_ratio": rc})
        table.append(("d", f"rows per CPU-second, 10,000-row {fmt.upper()}", fmt_n(med(latc.values())),
                      fmt_n(med(inpc.values())), "-" if rc is None else f"{rc:.2f}x", "(>= 1x)", None))
    fa = rows_per_s("big_csv", "fastapi")
    out["d"]["csv"]["fastapi_rows_per_s"] = med(fa.values())
    table.append(("d", "rows/s, 10,000-row CSV (vs FastAPI)", fmt_n(out["d"]["csv"]["lathe_rows_per_s"]),
                  fmt_n(med(fa.values())), "", "", None))

    soak_row = next((r for r in rows if r["test"] == "soak"), None)
    soak = soak_row and dict(soak_row["result"], conns=soak_row["conns"])
    if soak:
        w = soak["wrk"]
        errors = w["errors_status"] + w["errors_timeout"] + w["errors_connect"] + w["errors_read"] + w["errors_write"]
        samples = soak["rss_samples_kb"] or [soak["rss_before_kb"]]
        out["e"] = {"target_rps": soak["target_rps"], "rps": w["rps"], "requests": w["requests"],
                    "errors": errors, "p50_us": w["p50_us"], "p99_us": w["p99_us"], "p999_us": w["p999_us"],
                    "max_us": w["max_us"], "seconds": w["duration_us"] / 1e6,
                    "rss_before_kb": soak["rss_before_kb"], "rss_after_kb": soak["rss_after_kb"],
                    "rss_max_kb": max(samples + [soak["rss_after_kb"]])}
        e = out["e"]
        table.append(("e", f"soak {e['seconds']:.0f} s at {e['rps']:,.0f} req/s (target {e['target_rps']:,.0f})",
                      f"{errors} errors", "", "", "0 errors", errors == 0))
        if soak.get("peak_rps"):  # the load level reached, against the median peak at -c64
            e.update({"peak_rps": soak["peak_rps"], "fraction_of_peak": w["rps"] / soak["peak_rps"],
                      "delay_ms": soak.get("delay_ms"), "calibration": soak.get("calibration", [])})
            frac = e["fraction_of_peak"]
            table.append(("e", f"soak load: rate reached / median peak -c64 ({soak['conns']} connections, "
                          f"delay {e['delay_ms']} ms, {len(e['calibration'])} calibration runs)",
                          f"{frac:.1%}", fmt_n(soak["peak_rps"]), "", "80 % ± 5 %", abs(frac - 0.8) <= 0.05))
        table.append(("e", "soak p50 / p99 / p99.9", f"{e['p50_us']} / {e['p99_us']} / {e['p999_us']} µs",
                      "", "", "reported", None))
        growth = e["rss_after_kb"] - e["rss_before_kb"]
        table.append(("e", "server RSS before → after (max)",
                      f"{e['rss_before_kb'] / 1024:.1f} → {e['rss_after_kb'] / 1024:.1f} MB "
                      f"({e['rss_max_kb'] / 1024:.1f})", "", f"{growth:+,} kB", "flat",
                      abs(growth) <= max(2048, 0.02 * e["rss_before_kb"])))

    out["table"] = [dict(zip(["part", "measure", "lathe", "peer", "ratio", "target", "met"], t)) for t in table]
    json.dump(out, open(out_path, "w"), indent=2)
    print(f"\nbench/serving: {meta.get('dataset', '?')}, XGBoost {meta.get('trees', '?')} trees depth "
          f"{meta.get('max_depth', '?')}, {len(meta.get('input_columns', []))} features; "
          f"median of {len(rounds)} round(s)\n")
    print("| | measure | Lathe | peer | ratio | target | met |")
    print("|---|---|---:|---:|---:|---|---|")
    for part, measure, lathe, peer, rr, target, met in table:
        status = "" if met is None else ("yes" if met else "**no**")
        print(f"| {part} | {measure} | {lathe} | {peer} | {rr} | {target} | {status} |")


if __name__ == "__main__":
    main(*sys.argv[1:4])
