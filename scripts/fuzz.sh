#!/usr/bin/env bash
# Fuzzes the CSV, LIBSVM and model-document readers of ShrinkIO with libFuzzer.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 180 s; targets CSV LIBSVM Model)
#
# Builds the nested package Fuzz/ (outside the main build and `swift test`) with
# -sanitize=fuzzer,address, seeds a corpus per target under .build-fuzz/corpus/, and runs each
# target. A crashing input is written to .build-fuzz/crash-<target>-*; copy it to
# Tests/ShrinkIOTests/Fixtures/fuzz/<target>/ so that FuzzRegressionTests replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-180}"; shift || true
targets=("${@:-CSV LIBSVM Model}")
targets=(${targets[@]})
scratch=.build-fuzz
(cd Fuzz && swift build -c release --scratch-path "../$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | grep -v "ld.gold: warning" | tail -2)
bin="$scratch/release"
for t in "${targets[@]}"; do
    corpus="$scratch/corpus/$t"
    mkdir -p "$corpus"
    case "$t" in
        CSV)
            head -c 400 Examples/diabetes.csv > "$corpus/seed-diabetes.csv"
            printf 'y,c,"q ""x"""\r\n1,red,2\r\n2,,"3\n4"\r\nNA,blue,Inf\r\n' > "$corpus/seed-mixed.csv"
            printf 'a;b\n1;2\n' > "$corpus/seed-semicolon.csv" ;;
        LIBSVM)
            printf '1 1:2 3:4 # c\n-1 qid:3 2:0.5\n\n2 7:1e3\n' > "$corpus/seed.svm" ;;
        Model)
            cp Tests/ShrinkIOTests/Fixtures/fuzz/seed-model.json "$corpus/seed-model.json" ;;
    esac
    regressions="Tests/ShrinkIOTests/Fixtures/fuzz/$t"
    [ -d "$regressions" ] && cp "$regressions"/* "$corpus/" 2>/dev/null || true
    echo "== Fuzz$t for $seconds s"
    "$bin/Fuzz$t" "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$scratch/crash-$t-" -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)" || true
done
