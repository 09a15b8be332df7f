#!/usr/bin/env python3
"""Reading speed of a ~1 GB numeric CSV: ShrinkIO's CSVReader against pandas.read_csv (C engine).

    python3 bench/csv_speed.py [--mb 1000] [--columns 20] [--repeats 3] [--keep] [--tool BIN] [--before BIN]

Generates /tmp/shrink-csv-speed.csv (random normals written with repr-like 17-significant-digit
'%.17g' by default, or --digits N), builds bench/csv_speed (release), then for each reader runs
--repeats separate processes, reporting the best and median wall time, MB/s, peak resident
memory (from /usr/bin/time -v), and checks whether the readers give identical doubles (XOR of
all bit patterns; pandas' default float parser is not correctly rounded, round_trip is).
Shrink is run with one thread and with its default (one per processor); --tool uses an already
built csv-speed binary, --before adds another one (e.g. an older build) to the same run.
The file is deleted at the end unless --keep.
"""
import argparse, json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PANDAS = r'''
import sys, time, numpy as np, pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1], engine="c", float_precision="round_trip" if sys.argv[2] == "rt" else None)
s = time.perf_counter() - t
a = np.ascontiguousarray(df.to_numpy(dtype=np.float64))
x = int(np.bitwise_xor.reduce(a.view(np.uint64).ravel()))
print('{"rows": %d, "columns": %d, "seconds": %r, "sum": %r, "xor": "%x"}' % (len(df), df.shape[1], s, float(a.sum()), x))
'''


def generate(path, megabytes, columns, digits, seed=1):
    import numpy as np
    rng = np.random.default_rng(seed)
    fmt = ",".join(["%%.%dg" % digits] * columns)
    with open(path, "w") as f:
        f.write(",".join(["y"] + ["x%d" % j for j in range(1, columns)]) + "\n")
        while f.tell() < megabytes * 1e6:
            block = rng.standard_normal((20000, columns))
            np.savetxt(f, block, fmt=fmt, delimiter=",")


def run(command):
    """Runs under /usr/bin/time -v; returns (json result, peak RSS in MB, wall seconds)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    rss = next(int(l.split(":")[1]) for l in p.stderr.splitlines() if "Maximum resident set size" in l) / 1024
    return json.loads(p.stdout.strip().splitlines()[-1]), rss, wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1000)
    ap.add_argument("--columns", type=int, default=20)
    ap.add_argument("--digits", type=int, default=17)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--path", default="/tmp/shrink-csv-speed.csv")
    ap.add_argument("--tool", help="a built csv-speed binary (default: build bench/csv_speed)")
    ap.add_argument("--before", help="another csv-speed binary to time in the same run")
    a = ap.parse_args()
    if not os.path.exists(a.path):
        t = time.perf_counter()
        generate(a.path, a.mb, a.columns, a.digits)
        print("generated %s (%.0f MB) in %.0f s" % (a.path, os.path.getsize(a.path) / 1e6, time.perf_counter() - t))
    size = os.path.getsize(a.path) / 1e6
    tool = a.tool
    if tool is None:
        pkg = os.path.join(ROOT, "bench", "csv_speed")
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", os.path.join(ROOT, ".build-csvspeed")],
                       cwd=pkg, check=True, capture_output=True)
        tool = os.path.join(ROOT, ".build-csvspeed", "release", "csv-speed")
    readers = {}
    if a.before:
        readers["shrink CSVReader, --before binary"] = [a.before, a.path]
    readers.update({
        "shrink CSVReader": [tool, a.path],
        "shrink CSVReader (1 thread)": [tool, a.path, "--threads", "1"],
        "pandas.read_csv (C engine, default float parser)": [sys.executable, "-c", PANDAS, a.path, "default"],
        "pandas.read_csv (C engine, round_trip floats)": [sys.executable, "-c", PANDAS, a.path, "rt"],
    })
    print("file: %.0f MB, %d columns" % (size, a.columns))
    xors = {}
    for name, command in readers.items():
        results = [run(command) for _ in range(a.repeats)]
        secs = [r[0]["seconds"] for r in results]
        rss = max(r[1] for r in results)
        xors[name] = results[0][0]["xor"]
        print("%-52s best %.2f s (%.0f MB/s), median %.2f s, peak RSS %.0f MB, rows %d"
              % (name, min(secs), size / min(secs), statistics.median(secs), rss, results[0][0]["rows"]))
    matrix = results[0][0]["rows"] * a.columns * 8 / 1e6
    print("parsed matrix: %.0f MB of doubles" % matrix)
    mine = xors["shrink CSVReader"]
    for name, x in xors.items():
        if name != "shrink CSVReader":
            print("every double identical to %s: %s" % (name, "yes" if x == mine else "no (XOR of bit patterns differs)"))
    if not a.keep:
        os.remove(a.path)


if __name__ == "__main__":
    main()
