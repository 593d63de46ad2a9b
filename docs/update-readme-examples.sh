#!/usr/bin/env bash
# Re-runs every "$ metaforge-cli …" line in the README's ```console blocks and writes what it
# prints below it. Review the diff: the test docs.readme_examples then holds the README to it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/build/release/app/cli:$PATH"
out=$(mktemp)
work=$(mktemp -d)  # examples that write files write them here
trap 'rm -rf "$work"' EXIT
in_block=0
while IFS= read -r line || [[ -n $line ]]; do
  if ((in_block == 0)); then
    printf '%s\n' "$line" >>"$out"
    [[ $line == '```console' ]] && in_block=1
    continue
  fi
  if [[ $line == '```' ]]; then
    printf '%s\n' "$line" >>"$out"
    in_block=0
  elif [[ $line == '$ '* ]]; then
    printf '%s\n' "$line" >>"$out"
    (cd "$work" && bash -c "${line#\$ }") >>"$out" 2>&1 || true
  fi
done <README.md
mv "$out" README.md
