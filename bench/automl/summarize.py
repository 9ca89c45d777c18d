#!/usr/bin/python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Summarises the automl benchmark's raw JSON lines (run.sh) into Markdown tables and a JSON file.

  bench/automl/summarize.py bench/out/automl.raw.jsonl bench/out/automl.json --budget 60

Tables: (1) test score per dataset, mean ± sample sd over seeds, for Lathe and each peer, with
Lathe minus the best peer (signed so that > 0 means Lathe is better; RMSE is lower-is-better);
(2) multiclass log loss; (3) wall time (fit + test predict, mean s), Lathe's trials, failed
trials, first-result and first full-data XGBoost latency and 1,000-row predict times; (4) when
present, Lathe's score at budgets 15 / 60 / 300 s on the two largest sets. Failed runs are
listed with their error.
"""
import argparse
import datetime
import json
import os
import statistics
import sys

TOOLS = ["lathe", "hgb", "rf", "xgb"]
NAMES = {"lathe": "Lathe", "hgb": "HGB", "rf": "RF 2000", "xgb": "XGBoost"}
LOWER_IS_BETTER = {"rmse", "log_loss"}


def ms(vals, digits):
    """'mean±sd' (sd only with 2+ values), '-' for none."""
    if not vals:
        return "-"
    m = statistics.mean(vals)
    if len(vals) == 1:
        return "%.*f" % (digits, m)
    return "%.*f±%.*f" % (digits, m, digits, statistics.stdev(vals))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("raw")
    p.add_argument("out")
    p.add_argument("--budget", type=float, required=True, help="the main table's Lathe budget")
    a = p.parse_args()
    lines = [json.loads(l) for l in open(a.raw) if l.strip()]
    ok = [l for l in lines if "result" in l]
    errors = [l for l in lines if "error" in l]
    main_runs = [l for l in ok if l["budget"] == a.budget]
    datasets = []
    for l in main_runs:
        if l["result"]["dataset"] not in datasets:
            datasets.append(l["result"]["dataset"])

    def runs(tool, ds, budget=a.budget):
        return [l["result"] for l in ok if l["budget"] == budget and l["result"]["tool"] == tool
                and l["result"]["dataset"] == ds]

    summary = {}
    score_rows, loss_rows, time_rows = [], [], []
    wins = {t: [0, 0] for t in TOOLS[1:]}
    for ds in datasets:
        per = {t: runs(t, ds) for t in TOOLS}
        any_run = next(r for t in TOOLS for r in per[t])
        metric = any_run["metric"]
        digits = 2 if metric == "rmse" else 4
        sign = -1 if metric in LOWER_IS_BETTER else 1
        means = {t: statistics.mean([r["score"] for r in per[t]]) for t in TOOLS if per[t]}
        peers = {t: m for t, m in means.items() if t != "lathe"}
        delta = "-"
        if "lathe" in means and peers:
            best = max(peers, key=lambda t: sign * peers[t])
            delta = "%+.*f (vs %s)" % (digits, sign * (means["lathe"] - peers[best]), NAMES[best])
            for t, m in peers.items():
                wins[t][0 if sign * (means["lathe"] - m) >= 0 else 1] += 1
        seeds = max(len(per[t]) for t in TOOLS)
        score_rows.append("| %s | %s | %d | %s | %s |" % (
            ds, metric, seeds,
            " | ".join(ms([r["score"] for r in per[t]], digits) for t in TOOLS), delta))
        if metric == "accuracy":
            loss_rows.append("| %s | %s |" % (ds, " | ".join(
                ms([r["log_loss"] for r in per[t] if r.get("log_loss") is not None], 3)
                for t in TOOLS)))
        lathe = per["lathe"]
        time_rows.append("| %s | %s | %s | %s | %s | %s |" % (
            ds, " | ".join(ms([r["wall_s"] for r in per[t]], 1) for t in TOOLS),
            ms([r["trials"] for r in lathe], 0),
            "-" if not lathe else str(sum(r["trials_failed"] for r in lathe)),
            ms([r["first_trial_s"] for r in lathe], 2) + " / " + ms(
                [r["first_boosted_s"] for r in lathe if r.get("first_boosted_s", -1) >= 0], 1),
            " / ".join(ms([r["predict_1000_ms"] for r in per[t]], 1) for t in TOOLS)))
        summary[ds] = {t: {"scores": [r["score"] for r in per[t]],
                           "wall_s": [r["wall_s"] for r in per[t]]} for t in TOOLS}
        summary[ds]["metric"] = metric
        summary[ds]["lathe_failures"] = [f for r in lathe for f in r.get("failures", [])]

    budget_rows = []
    sweep = sorted({l["budget"] for l in ok if l["result"]["tool"] == "lathe"})
    if len(sweep) > 1:
        lathe_budgets = {}
        for l in ok:
            if l["result"]["tool"] == "lathe":
                lathe_budgets.setdefault(l["result"]["dataset"], set()).add(l["budget"])
        sweep_sets = [ds for ds, b in lathe_budgets.items() if len(b) > 1]
        for ds in sweep_sets:
            cells = []
            for b in sweep:
                rs = runs("lathe", ds, b)
                cells.append("-" if not rs else "%s (%s trials, %s s)" % (
                    ms([r["score"] for r in rs], 4), ms([r["trials"] for r in rs], 0),
                    ms([r["wall_s"] for r in rs], 0)))
            budget_rows.append("| %s | %s |" % (ds, " | ".join(cells)))

    print("Test score (mean±sd over seeds), Lathe budget %gs:" % a.budget)
    print("| dataset | metric | seeds | Lathe | HGB | RF 2000 | XGBoost | Lathe − best peer |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    print("\n".join(score_rows))
    for t in TOOLS[1:]:
        print("Lathe vs %s: at least as good on %d, worse on %d datasets" % (
            NAMES[t], wins[t][0], wins[t][1]))
    if loss_rows:
        print("\nMulticlass log loss (lower is better):")
        print("| dataset | Lathe | HGB | RF 2000 | XGBoost |")
        print("|---|---:|---:|---:|---:|")
        print("\n".join(loss_rows))
    print("\nWall time (fit + test predict, s), Lathe trials / failed trials / first result and"
          " first boosted model (s), 1,000-row predict ms (Lathe / HGB / RF / XGBoost,"
          " one thread):")
    print("| dataset | Lathe s | HGB s | RF s | XGBoost s | trials | failed |"
          " first result / boosted s | predict 1000 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(time_rows))
    if budget_rows:
        print("\nLathe score vs budget:")
        print("| dataset | " + " | ".join("%g s" % b for b in sweep) + " |")
        print("|---|" + "---:|" * len(sweep))
        print("\n".join(budget_rows))
    failures = [(ds, f) for ds in summary for f in summary[ds]["lathe_failures"]]
    if failures:
        print("\nLathe trial failures:")
        for ds, f in failures:
            print("- %s trial %s (%s): %s" % (ds, f["trial_id"], f["learner"], f["error"][:200]))
    if errors:
        print("\nFailed runs:")
        for e in errors:
            print("- %s: %s" % (e["key"], e["error"][:300]))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "?")
    json.dump({"benchmark": "automl", "date": datetime.datetime.utcnow().isoformat() + "Z",
               "budget_s": a.budget, "nproc": os.cpu_count(), "cpu": cpu,
               "loadavg_at_end": open("/proc/loadavg").read().split()[:3],
               "summary": summary, "runs": lines}, open(a.out, "w"), indent=1)
    print("\nwrote " + a.out, file=sys.stderr)


if __name__ == "__main__":
    main()
