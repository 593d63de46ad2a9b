#!/usr/bin/env bash
# The core, CLI, plugin and fuzz-corpus tests under AddressSanitizer and UBSan (the asan preset:
# GCC, Debug, -fno-sanitize-recover=all, so undefined behaviour fails the test that meets it).
# Reports from dependencies that are not ours are suppressed in packaging/sanitizers/, each
# with the reason. The last line says how many tests ran and passed.
#
#   packaging/sanitize.sh [ctest arguments]      e.g. packaging/sanitize.sh -R Npy
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
packaging/install-deps.sh || exit 1
[[ -f build/asan/CMakeCache.txt ]] || cmake --preset asan >/dev/null || exit 1
cmake --build --preset asan || exit 1
supp=$PWD/packaging/sanitizers
# allocator_may_return_null: an allocation past a limit is a std::bad_alloc the code handles, as in release.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1:detect_stack_use_after_return=0:suppressions=$supp/asan.supp
export LSAN_OPTIONS=suppressions=$supp/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp
log=build/asan/sanitize.log
# Two tests hold the release build to a wall-clock promise (Ctrl-C or Cancel answered within 1 s);
# unoptimized and instrumented, one multigrid sweep of their 64³/128³ cell takes longer than that.
# ./test.sh runs them; here their code runs under the sanitizers in the other cancellation tests.
timing='^(Homogenize\.CancelReturnsWithinOneSecond|cli\.interrupt_homogenize)$'
ctest --test-dir build/asan -L 'core|cli|plugins|fuzz|app' -E "$timing" --output-on-failure -j "$(nproc)" --timeout 1800 "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -E '^[0-9]+% tests passed' "$log" | tail -1)
echo "sanitize.sh: ASan + UBSan: ${summary:-no tests ran}"
exit "$rc"
