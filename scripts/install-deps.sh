#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs, from Debian 12's packages, whatever Sandi's build, demo and tests use
# and this machine lacks. Runs apt only when something is missing.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config clang-format clang-tidy gettext
  # libraries
  libssl-dev libsodium-dev zlib1g-dev nlohmann-json3-dev libqpdf-dev libp11-kit-dev
  qt6-base-dev qt6-websockets-dev libqt6sql6-sqlite libsqlcipher-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libpoppler-qt6-dev libpoppler-cpp-dev libqrencode-dev libzbar-dev
  # tests, fuzzing, benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev libsignal-protocol-c-dev libmosquitto-dev
  # outside oracles and tools the tests drive
  openssl python3 python3-nacl python3-cryptography util-linux qpdf poppler-utils mupdf-tools libnss3-tools ghostscript softhsm2
  mosquitto python3-cbor2 python3-websockets sqlcipher
  xvfb xauth zbar-tools fonts-dejavu-core
  # the .deb packages (dpkg-shlibdeps) and their install test (systemd-analyze verify)
  dpkg-dev adduser systemd qt6-qpa-plugins
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
