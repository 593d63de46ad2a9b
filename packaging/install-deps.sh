#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages listed in debian-packages.txt that are missing, and
# nothing that is already present. Works as root or through sudo. On another distribution it
# lists what to install and stops. Set MF_SKIP_DEPS=1 to skip this step entirely.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
list="$here/debian-packages.txt"

if [[ "${MF_SKIP_DEPS:-0}" == 1 ]]; then
  echo "install-deps: skipped (MF_SKIP_DEPS=1)"
  exit 0
fi

mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$list")

is_debian_like() {
  [[ -r /etc/os-release ]] || return 1
  # shellcheck disable=SC1091
  . /etc/os-release
  [[ " ${ID:-} ${ID_LIKE:-} " == *" debian "* || " ${ID:-} ${ID_LIKE:-} " == *" ubuntu "* ]]
}

if ! is_debian_like || ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  echo "install-deps: this is not a Debian or Ubuntu system, so nothing was installed." >&2
  echo "Install the equivalents of these packages with your package manager:" >&2
  sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$list" | sed 's/^/  /' >&2
  echo "then run again with MF_SKIP_DEPS=1." >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo_cmd=()
elif command -v sudo >/dev/null; then
  sudo_cmd=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
