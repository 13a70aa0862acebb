#!/bin/sh
# Installs the Debian packages that pandaas's tests need, skipping those already installed, and
# says what it did. It uses apt-get as root, or `sudo -n` (which never asks for a password).
#
#   libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri
#       Mesa's OpenGL ES through EGL: Dawn (the npm package `webgpu`) runs WebGPU on it, on the
#       CPU through llvmpipe, where there is no GPU (see docs/backends.md).
#   python3-h5py python3-hdf5plugin bitshuffle hdf5-filter-plugin
#       h5py with the HDF5 compression filters: the @pandaas/io-nexus tests check that h5py reads
#       the files pandaas writes (without them those comparisons are skipped, with the reason).
#   fonts-dejavu-core
#       DejaVu Sans for Chromium's rendering of @pandaas/plot's SVG (an SVG shown as an image
#       cannot use the page's web fonts): the browser test compares it with the PNG renderer.
#   chromium
#       the real browser of the browser tests (io-nexus in a Web Worker, plot's canvas and SVG);
#       not installed when PANDAAS_CHROMIUM names another Chromium or Chrome binary.
#
# Where it cannot install them (not Debian or Ubuntu, or no root and no password-less sudo) it
# explains and continues: the tests then run on the backends that work here. With
# PANDAAS_REQUIRE_WEBGPU=1 (CI on Linux) it fails instead, since the WebGPU tests would fail.
set -eu

PACKAGES='libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri python3-h5py python3-hdf5plugin bitshuffle hdf5-filter-plugin fonts-dejavu-core'
[ -n "${PANDAAS_CHROMIUM:-}" ] || PACKAGES="$PACKAGES chromium"

say() {
  printf 'setup-debian: %s\n' "$*"
}

give_up() {
  say "$1"
  if [ "${PANDAAS_REQUIRE_WEBGPU:-}" = 1 ]; then
    say 'PANDAAS_REQUIRE_WEBGPU=1: the WebGPU tests need these packages, stopping'
    exit 1
  fi
  say 'continuing: the tests run on the backends that work without them (the CPU backend at least)'
  exit 0
}

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  give_up "no apt-get here (not Debian or Ubuntu): WebGPU without a GPU needs Mesa's EGL and OpenGL ES libraries ($PACKAGES on Debian)"
fi

missing=''
for package in $PACKAGES; do
  if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != 'install ok installed' ]; then
    missing="$missing $package"
  fi
done
if [ -z "$missing" ]; then
  say "nothing to do: $PACKAGES already installed"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  as_root=''
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root='sudo -n'
else
  give_up "cannot install$missing: not root, and no password-less sudo; as root, run: apt-get install$missing"
fi

say "installing$missing${as_root:+ (with sudo)}"
# shellcheck disable=SC2086 # $as_root and $missing are word lists
if $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
  say "installed$missing"
else
  give_up "apt-get could not install$missing (see its messages above)"
fi
