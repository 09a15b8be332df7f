#!/usr/bin/env bash
# Renders an HTML report of `shrink compare --report` (or an SVG plot) to PNG with headless
# Chromium and checks that the image is not blank.
#
#   scripts/render_report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]
#
# Needs: chromium (apt-get install -y chromium), python3 with pillow and numpy
# (pip install pillow numpy). Exits 1 when the screenshot is missing or blank (fewer than 2% of
# its pixels differ from white, or fewer than 3 distinct colours).
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 REPORT.html OUT.png [WIDTH] [HEIGHT]" >&2; exit 2; fi
input=$1; output=$2; width=${3:-1360}; height=${4:-4200}
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
abs=$(readlink -f "$input")
rm -f "$output"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="${width},${height}" --screenshot="$output" "file://$abs" >/dev/null 2>&1 || true
[ -s "$output" ] || { echo "no screenshot written to $output" >&2; exit 1; }
python3 - "$output" <<'PY'
import sys
import numpy as np
from PIL import Image
img = np.asarray(Image.open(sys.argv[1]).convert("RGB")).astype(int)
nonwhite = (img.sum(axis=2) < 3 * 250).mean()
colours = len(np.unique(img.reshape(-1, 3)[::7], axis=0))
print(f"{sys.argv[1]}: {img.shape[1]}x{img.shape[0]}, {nonwhite:.1%} non-white pixels, {colours} colours (sampled)")
# Trim the white space below the content (the window is taller than the page).
rows = np.where((img.sum(axis=2) < 3 * 250).any(axis=1))[0]
if len(rows):
    Image.open(sys.argv[1]).crop((0, 0, img.shape[1], min(img.shape[0], rows[-1] + 24))).save(sys.argv[1])
if nonwhite < 0.02 or colours < 3:
    print("the screenshot looks blank", file=sys.stderr)
    sys.exit(1)
PY
