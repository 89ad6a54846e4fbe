#!/usr/bin/env bash
# Makes this machine able to load TorchSharp's native engine (libtorch 2.10).
#
# libtorch 2.10 is built with GCC 13 and needs a libstdc++ that exports GLIBCXX_3.4.32.
# Debian 12 ships GCC 12's libstdc++ (up to GLIBCXX_3.4.30). On Debian 12 this script
# installs libstdc++6 alone from Debian 13 (trixie), pinned low so that nothing else is
# upgraded by accident. Elsewhere it only reports what is needed.
#
# Idempotent: run it as often as you like; the second run does nothing.
# Usage, as root: scripts/install-prerequisites.sh   (sudo scripts/install-prerequisites.sh where you are not root)
set -euo pipefail

readonly needed_symbol="GLIBCXX_3.4.32"
readonly trixie_source=/etc/apt/sources.list.d/mnist-functional-trixie.sources
readonly trixie_pin=/etc/apt/preferences.d/mnist-functional-trixie

say() { printf 'install-prerequisites: %s\n' "$*"; }
fail() { printf 'install-prerequisites: error: %s\n' "$*" >&2; exit 1; }

system_libstdcxx() {
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }'
}

has_needed_symbol() {
  local lib
  lib=$(system_libstdcxx)
  [ -n "$lib" ] && grep -qa "$needed_symbol" "$lib"
}

# The Debian mirror this machine already uses, so that the trixie source goes through
# the same (possibly local or proxied) mirror as the rest of apt.
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 ~ / bookworm / && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || fail "found no Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list; add your bookworm mirror there first"
  printf '%s\n' "$uri"
}

if has_needed_symbol; then
  say "$(system_libstdcxx) already provides $needed_symbol; nothing to do."
  exit 0
fi

. /etc/os-release 2>/dev/null || true
if [ "${ID:-}" != "debian" ] || [ "${VERSION_ID:-}" != "12" ]; then
  cat <<MSG
install-prerequisites: this system's libstdc++ lacks $needed_symbol, which TorchSharp's
libtorch 2.10 needs. Install the C++ runtime of GCC 13 or newer (libstdc++6 13+), or use a
distribution that ships it (Debian 13, Ubuntu 24.04, Fedora 39 or later). This script only
knows how to do that on Debian 12.
MSG
  exit 1
fi

[ "$(id -u)" -eq 0 ] || fail "this needs root to add an apt source and install libstdc++6: run it as root, or 'sudo $0' where sudo is installed"

mirror=$(debian_mirror)
say "Debian 12: installing libstdc++6 from Debian 13 (trixie) via $mirror"

cat > "$trixie_source.tmp" <<SRC
# Added by Mnist.Functional's scripts/install-prerequisites.sh for libstdc++6 (GLIBCXX_3.4.32).
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
mv "$trixie_source.tmp" "$trixie_source"

# Priority 1: a trixie package is never chosen on its own, only when asked for by -t trixie.
cat > "$trixie_pin.tmp" <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 1
PIN
mv "$trixie_pin.tmp" "$trixie_pin"

export DEBIAN_FRONTEND=noninteractive
apt-get update -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=/etc/apt/sources.list.d -qq \
  || apt-get update -qq
apt-get install -y -qq -t trixie --no-install-recommends libstdc++6 >/dev/null

has_needed_symbol || fail "libstdc++6 from trixie was installed but $(system_libstdcxx) still lacks $needed_symbol"
say "done: $(system_libstdcxx) now provides $needed_symbol."
