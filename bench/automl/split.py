#!/usr/bin/python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Writes the automl benchmark's train/test splits so that every tool sees the same rows.

For each dataset and seed: an 80/20 split, stratified by class for classification (scikit-learn
train_test_split(stratify=y)) and plain random for regression, written with the values exactly
as read (quoted the way the shared files are) to OUT/<dataset>/<seed>/{train,test}.csv, rows in
their original order. Existing splits are kept (the split is a pure function
of the file and the seed).

  bench/automl/split.py --data /work/shared/datasets --out bench/out/automl/splits \
      --seeds 1 2 3 --datasets iris wine       # or --datasets all

Prints one line per dataset: name, target, task, rows. The dataset table (target, task) is
datasets.tsv next to this script.
"""
import argparse
import csv
import os
import sys

from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
csv.field_size_limit(1 << 30)  # spam_assassin has message bodies over 128 KB


def load_catalog():
    """name -> (file, target, task) from datasets.tsv."""
    catalog = {}
    with open(os.path.join(HERE, "datasets.tsv")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, file, target, task = line.rstrip("\n").split("\t")
            catalog[name] = (file, target, task)
    return catalog


def quote(field):
    """RFC 4180 as the shared files use it: quote only fields with a comma, a double quote, CR,
    LF, or leading / trailing whitespace; an empty field stays empty (a missing value)."""
    if field and (any(c in field for c in ',"\r\n') or field != field.strip()):
        return '"' + field.replace('"', '""') + '"'
    return field


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def split_one(name, file, target, task, data_dir, out_dir, seeds):
    header, values = read_rows(os.path.join(data_dir, file))
    if target not in header:
        sys.exit("split.py: %s: target column '%s' not in header %s" % (file, target, header))
    col = header.index(target)
    y = [row[col] for row in values]
    index = list(range(len(values)))
    for seed in seeds:
        d = os.path.join(out_dir, name, str(seed))
        if os.path.exists(os.path.join(d, "test.csv")):
            continue
        stratify = None if task == "regression" else y
        tr, te = train_test_split(index, test_size=0.2, random_state=seed, stratify=stratify)
        os.makedirs(d, exist_ok=True)
        for part, rows in (("train", sorted(tr)), ("test", sorted(te))):
            tmp = os.path.join(d, part + ".csv.tmp")
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                for row in [header] + [values[r] for r in rows]:
                    f.write(",".join(quote(v) for v in row) + "\n")
            os.replace(tmp, os.path.join(d, part + ".csv"))
    print("%s\t%s\t%s\t%d" % (name, target, task, len(values)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="folder with the shared datasets")
    p.add_argument("--out", required=True, help="splits folder")
    p.add_argument("--seeds", nargs="+", type=int, required=True)
    p.add_argument("--datasets", nargs="+", default=["all"])
    a = p.parse_args()
    catalog = load_catalog()
    names = list(catalog) if a.datasets == ["all"] else a.datasets
    for name in names:
        if name not in catalog:
            sys.exit("split.py: unknown dataset '%s' (known: %s)" % (name, ", ".join(catalog)))
        file, target, task = catalog[name]
        split_one(name, file, target, task, a.data, a.out, a.seeds)


if __name__ == "__main__":
    main()
