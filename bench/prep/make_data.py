#!/usr/bin/env python3
"""Writes the prep benchmark's input: N rows (default 5,000,000) of customer-like data with
missing values, disguised zeros, a categorical, a text column and outliers. Deterministic."""
import random
import sys

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000_000
rng = random.Random(20261129)
cities = [f"city_{i}" for i in range(20)]
segments = ["  Retail ", "SMB", "Enterprise", " public sector", "Startup"]
with open(path, "w") as f:
    f.write("id,age,income,city,score,segment\n")
    for i in range(n):
        age = 0 if rng.random() < 0.05 else rng.randint(18, 90)
        income = "" if rng.random() < 0.03 else f"{rng.lognormvariate(10, 0.6):.2f}"
        city = cities[min(int(rng.expovariate(0.25)), 19)]
        score = f"{rng.gauss(50, 15):.4f}"
        seg = segments[rng.randrange(len(segments))]
        f.write(f"{i},{age},{income},{city},{score},{seg}\n")
