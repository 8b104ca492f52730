#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing (as root), or names
# the exact command to run. Tests never skip for want of a package: they fail instead.
#   --container   also what scripts/container-check.sh needs to build and run the images
set -euo pipefail

# command or file -> Debian package
declare -A NEEDED=(
  [/usr/bin/chromium]=chromium        # widget end-to-end tests, screenshot rendering
  [redis-server]=redis-server         # shared session store tests
  [openssl]=openssl                   # probe tests make TLS certificates
  [curl]=curl                         # probe benchmark baseline
  [/usr/sbin/nginx]=nginx             # the rig's real proxies (../shared/rig)
  [/usr/sbin/apache2]=apache2
  [/usr/sbin/haproxy]=haproxy
  [/usr/sbin/varnishd]=varnish
  [/usr/sbin/squid]=squid
  [caddy]=caddy
  [/usr/sbin/lighttpd]=lighttpd
)
if [[ "${1:-}" == --container ]]; then
  NEEDED+=(
    [podman]=podman                   # builds the images (chroot isolation)
    [mmdebstrap]=mmdebstrap           # the stand-in base image from Debian's packages
    [dpkg-architecture]=dpkg-dev      # mmdebstrap's eatmydata hook
    [/usr/sbin/ip]=iproute2           # loopback in the smoke test's network namespace
    [nsenter]=util-linux
  )
fi

missing=()
for probe in "${!NEEDED[@]}"; do
  if [[ "$probe" == /* ]]; then [[ -x "$probe" ]] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
  missing+=("${NEEDED[$probe]}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
command="apt-get update && apt-get install -y ${missing[*]}"
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages for the tests: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "the tests need these system packages: ${missing[*]}" >&2
  echo "run as root: $command" >&2
  exit 1
fi
