#!/usr/bin/env bash
# Installs every Debian package Headcount needs to build, test and run.
# This is the one list of dependencies; change a choice only with a measured reason in docs/.
# Idempotent: packages already present are skipped, so a second run costs a few dpkg queries.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries
  libopencv-dev          # image I/O, calibration, rectification, reference StereoSGBM
  libcpp-httplib-dev     # HTTP(S) server (built with OpenSSL)
  libssl-dev openssl     # TLS, certificates, random tokens
  libcurl4-openssl-dev   # HTTP(S) recipients
  libmosquitto-dev       # MQTT(S) recipients and MQTT API
  mosquitto              # real broker for integration tests
  libsqlite3-dev         # storage (WAL)
  nlohmann-json3-dev     # JSON
  libvalijson-dev        # JSON Schema validation of the configuration
  libspdlog-dev          # logging
  libcli11-dev           # command line
  libargon2-dev          # password hashing (argon2id)
  libarchive-dev         # upgrade packages: tar (ustar/pax/GNU) and gzip, read in memory
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  opencv-doc             # Aloe stereo pair and chessboard calibration images
  clang libclang-rt-14-dev  # libFuzzer targets (fuzz preset)
  wrk                    # HTTP load benchmark
  # browser GUI and its tests
  nodejs chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Some images ship Node.js with its own npm; Debian's npm package conflicts with that, so ask for it
# only when no npm is on the PATH.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
