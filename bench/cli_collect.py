#!/usr/bin/env python3
"""Merge the --json outputs of several `shrink fit` runs into one bench path document.

    cli_collect.py OUT.json RUN1.json [RUN2.json ...]

times = the runs' fitSeconds (the first run is a warm-up and dropped when there are several);
path = the last run's path. Coefficients are accepted as a list (feature order) or as an
object keyed by feature name (x1..xp, matched to the CSV header order).
"""
import json
import sys


def main():
    out, runs = sys.argv[1], sys.argv[2:]
    docs = []
    for r in runs:
        with open(r) as f:
            docs.append(json.load(f))
    times = [d.get("fitSeconds") for d in docs]
    if len(times) > 1:
        times = times[1:]
    last = docs[-1]
    names = last.get("features") or last.get("featureNames")
    path = []
    for pt in last["path"]:
        c = pt["coefficients"]
        if isinstance(c, dict):
            if names is None:
                names = sorted(c, key=lambda s: int(s.lstrip("x")))
            c = [c.get(nm, 0.0) for nm in names]
        path.append({"lambda": pt["lambda"], "intercept": pt["intercept"], "coefficients": c})
    with open(out, "w") as f:
        json.dump({"tool": "shrink-cli", "times": times, "path": path}, f)


if __name__ == "__main__":
    main()
