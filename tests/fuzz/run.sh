#!/usr/bin/env bash
# Fuzzes every parser of untrusted input for SECONDS each (default 60), or until it has run
# MF_FUZZ_RUNS inputs (default 10⁶, the acceptance figure of issue 18), with libFuzzer,
# AddressSanitizer and UBSan, starting from its committed corpus (tests/fuzz/corpus/<harness>).
#
#   tests/fuzz/run.sh [SECONDS] [harness…]     e.g. tests/fuzz/run.sh 1800 cell_file
#
# Builds build/fuzz with clang (-DMF_FUZZ=ON; Debian: clang, libclang-rt-14-dev, libomp-14-dev),
# then runs each harness with a 5 s timeout per input, a 4 GiB ceiling on its memory, and any single
# allocation over 1 GiB (files::Limits::kMaxAllocationBytes) counted as a finding. New inputs go to
# build/fuzz/corpus/<harness> (the committed corpus is read only); a finding is written to
# build/fuzz/findings/<harness>/ and fails the run. Prints one line per harness: runs, seconds,
# findings, and libFuzzer's peak memory.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-60}
shift || true
harnesses=("$@")
[[ ${#harnesses[@]} -gt 0 ]] || harnesses=(cell_file session dataset model_card tensor_args)
build=build/fuzz
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DMF_FUZZ=ON -DMF_BUILD_GUI=OFF -DMF_BUILD_BENCHMARKS=OFF -DMF_WITH_CUDA=OFF -DMF_NATIVE_ARCH=OFF >/dev/null || exit 1
fi
cmake --build "$build" --target "${harnesses[@]/#/fuzz_}" || exit 1
export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for h in "${harnesses[@]}"; do
  work=$build/corpus/$h findings=$build/findings/$h
  mkdir -p "$work" "$findings"
  log=$build/$h.log
  start=$SECONDS
  "$build/tests/fuzz/fuzz_$h" "$work" "tests/fuzz/corpus/$h" -max_total_time="$seconds" -runs="${MF_FUZZ_RUNS:-1000000}" \
    -timeout=5 -rss_limit_mb=4096 \
    -malloc_limit_mb=1024 -artifact_prefix="$findings/" -print_final_stats=1 > "$log" 2>&1
  rc=$?
  took=$((SECONDS - start))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  found=$(find "$findings" -type f | wc -l)
  printf '%-12s %9s runs in %s s, %s findings, peak RSS %s MB%s\n' "$h" "${runs:-?}" "$took" "$found" "${rss:-?}" \
    "$([[ $rc -ne 0 ]] && echo " — FAILED (rc $rc), see $log")"
  [[ $rc -eq 0 && $found -eq 0 ]] || status=1
done
exit $status
