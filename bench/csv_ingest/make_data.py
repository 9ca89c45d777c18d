#!/usr/bin/env python3
"""Builds the csv_ingest benchmark input: a >= 500 MB CSV mixing numeric, categorical and text
columns, made by repeating rows of the shared datasets with seeded noise.

Columns: id (int), 12 spambase numeric columns (floats, noise x(1 +- 5%)), capital_total (int),
4 letter_recognition integer features, letter (categorical, 26), species (categorical, iris),
label (categorical ham/spam), text (spam_assassin message, newlines -> spaces, cut to ~200 chars,
quoted per RFC 4180), day (date).

Usage: make_data.py [OUT.csv] [--mb 500]   (default bench/out/csv_ingest.csv)
Input folder: $LATHE_BENCH_DATA, default ../shared/datasets relative to the repository.
"""
import csv
import datetime
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("LATHE_BENCH_DATA", os.path.join(REPO, "..", "shared", "datasets"))
SEED = 20261129
csv.field_size_limit(1 << 30)
SPAM_COLS = ["make", "address", "all", "our", "over", "remove", "internet", "free", "you",
             "your", "capitalAve", "charExclamation"]
LETTER_COLS = ["x.box", "y.box", "width", "high"]


def read(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def quote(s):
    return '"' + s.replace('"', '""') + '"'


def main():
    args = sys.argv[1:]
    out = os.path.join(REPO, "bench", "out", "csv_ingest.csv")
    mb = 500
    i = 0
    while i < len(args):
        if args[i] == "--mb":
            mb = int(args[i + 1])
            i += 2
        else:
            out = args[i]
            i += 1
    target = mb * 1000 * 1000
    rng = random.Random(SEED)
    spam = read("spambase.csv")
    letters = read("letter_recognition.csv")
    iris = read("iris.csv")
    texts = read("spam_assassin.csv")
    text_cells = [quote(" ".join(t["text"].split())[:200]) for t in texts]
    labels = [t["label"] for t in texts]
    base_day = datetime.date(2020, 1, 1)
    days = [(base_day + datetime.timedelta(days=k)).isoformat() for k in range(1500)]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    header = (["id"] + SPAM_COLS + ["capital_total"] + [c.replace(".", "_") for c in LETTER_COLS]
              + ["letter", "species", "label", "text", "day"])
    written = 0
    row_id = 0
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        batch = []
        while written < target:
            s = spam[rng.randrange(len(spam))]
            l = letters[rng.randrange(len(letters))]
            t = rng.randrange(len(texts))
            nums = []
            for c in SPAM_COLS:
                v = float(s[c])
                nums.append("0" if v == 0 else "%.3g" % (v * (1 + rng.uniform(-0.05, 0.05))))
            fields = ([str(row_id)] + nums + [str(int(s["capitalTotal"]) + rng.randrange(10))]
                      + [l[c] for c in LETTER_COLS]
                      + [l["letter"], iris[rng.randrange(len(iris))]["species"], labels[t],
                         text_cells[t], days[rng.randrange(len(days))]])
            line = ",".join(fields) + "\n"
            batch.append(line)
            written += len(line.encode("utf-8"))
            row_id += 1
            if len(batch) >= 10000:
                f.write("".join(batch))
                batch = []
        f.write("".join(batch))
    os.replace(tmp, out)
    print("wrote %s: %d rows, %.1f MB" % (out, row_id, os.path.getsize(out) / 1e6))


if __name__ == "__main__":
    main()
