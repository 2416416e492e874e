#!/usr/bin/env bash
# Installs (as root) or names (otherwise) the Debian/Ubuntu libraries the app needs.
#   .ci/system-deps.sh        what the test suite needs (offscreen Qt, speech with the
#                             Cantonese voice: espeak-ng-data holds yue_dict, audio libs,
#                             the desktop-file and AppStream validators, PostgreSQL: the
#                             clinic tests start a throw-away server, and PulseAudio: tests
#                             and `make bench` start a private daemon with a null sink,
#                             tests/pulse.py, to play and record on a real sound server;
#                             no system set-up is changed)
#   .ci/system-deps.sh run    plus what a real X11 window needs
#   .ci/system-deps.sh bench  the test set, plus strace and Xvfb with the X11 libraries:
#                             figure 11 traces the idle app's system calls offscreen
#                             and on a private X server
set -euo pipefail

test_pkgs=(libespeak-ng1 espeak-ng-data libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6
           libxkbcommon0 libdbus-1-3 libpulse0 fonts-dejavu-core
           fonts-wqy-microhei fonts-noto-cjk poppler-utils  # Chinese: Noto Sans CJK HK (ui/fonts.py)
           desktop-file-utils appstream  # the launcher's and metainfo's validators
           postgresql  # the clinic tests start a throw-away server
           pulseaudio pulseaudio-utils)  # a private sound server: sound on a real device
run_pkgs=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
          libxcb-render-util0 libxcb-image0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1)
bench_pkgs=(strace xvfb "${run_pkgs[@]}")

wanted=("${test_pkgs[@]}")
[[ ${1:-} == run ]] && wanted+=("${run_pkgs[@]}")
[[ ${1:-} == bench ]] && wanted+=("${bench_pkgs[@]}")

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "Installing system libraries: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "CIPN Coach needs these system libraries. Please run:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
