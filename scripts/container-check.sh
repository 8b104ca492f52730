#!/usr/bin/env bash
# The container check: builds the images as operators would (Containerfile, and the load balancer's),
# on a stand-in base made from Debian's packages (no registry of base images is reachable here),
# then smoke-tests their file systems (test/container/image.smoke.ts). As root, after `npm ci`.
#   bash scripts/container-check.sh [--reuse-base]
# Podman keeps this check's images in a storage of its own, on a tmpfs mounted at $STORE (below):
# fast, and nothing is left in the machine's container storage. In CI it is unmounted at the end;
# elsewhere it stays for a look (CONTAINERS_STORAGE_CONF=$STORE/storage.conf podman images) and
# for --reuse-base, which keeps the stand-in base built by an earlier run instead of building it.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=localhost/updoc-ci-base
IMAGE=localhost/updoc
BALANCER_IMAGE=localhost/updoc-balancer
MAX_MIB=450
LOGS=test-artifacts/container
STORE=/var/tmp/updoc-container-check

fail() {
  echo "container check FAILED: $1" >&2
  if [[ -n "${2:-}" && -s "$2" ]]; then
    echo "---- the end of $2:" >&2
    tail -n 40 "$2" >&2
  fi
  exit 1
}

# step NAME LOG COMMAND...: runs a step with its output in LOG, each line after the seconds since the
# step began; prints how long it took, or why it failed.
step() {
  local name=$1 log=$LOGS/$2 started=$SECONDS
  shift 2
  echo "container check: $name ..."
  "$@" 2>&1 | while IFS= read -r line; do printf '%4d %s\n' $((SECONDS - started)) "$line"; done >"$log" ||
    fail "$name (full log: $log)" "$log"
  echo "container check: $name: $((SECONDS - started)) s"
}

# Unmounts the store's tmpfs, and first whatever is mounted inside it (containers' file systems, a
# smoke test's /proc and /dev), deepest first.
remove_store() {
  local mounts
  mounts=$(findmnt -rn -o TARGET | grep "^$STORE/" || true)
  [[ -z "$mounts" ]] || sort -r <<<"$mounts" | xargs -n 1 umount -l
  if mountpoint -q "$STORE"; then umount -l "$STORE"; fi
  rm -rf --one-file-system "$STORE"
}

reuse_base=false
case "${1:-}" in
  --reuse-base) reuse_base=true ;;
  '') ;;
  *) fail "unknown option '$1' (usage: bash scripts/container-check.sh [--reuse-base])" ;;
esac
[[ $(id -u) -eq 0 ]] || fail "run it as root: the image build, its mounts and chroot need root (sudo bash scripts/container-check.sh)"
[[ -x node_modules/.bin/vitest ]] || fail "node_modules is missing: run 'npm ci' first"
bash scripts/system-packages.sh --container || fail "the system packages above are needed"
mkdir -p "$LOGS"
check_started=$SECONDS

if ! $reuse_base; then remove_store; fi
[[ "${CI:-}" == true ]] && trap remove_store EXIT
if ! mountpoint -q "$STORE"; then
  mkdir -p "$STORE"
  mount -t tmpfs -o size=12g,mode=0755 updoc-container-check "$STORE" || fail "could not mount a tmpfs at $STORE for the check's container storage"
fi
mkdir -p "$STORE/tmp"
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$STORE" "$STORE" >"$STORE/storage.conf"
export CONTAINERS_STORAGE_CONF=$STORE/storage.conf TMPDIR=$STORE/tmp

build_base() {
  local tar=$TMPDIR/base.tar status=0
  podman rmi --force "$BASE_IMAGE" >/dev/null 2>&1 || true
  # eatmydata: no fsync while dpkg installs the ~400 packages of a throwaway root.
  mmdebstrap --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/eatmydata --include=ca-certificates,nodejs,npm \
    trixie "$tar" && podman import "$tar" "$BASE_IMAGE" || status=$?
  rm -f "$tar"
  return "$status"
}

# The registries are reached through a CA that only the host's bundle holds: mounted, never copied.
# Independent stages run at once; every build starts from nothing (no layer cache), as on a new machine.
build_image() {
  podman build --isolation chroot --network host --format docker --layers=false --jobs 3 \
    -v /etc/ssl/certs:/etc/ssl/certs:ro --build-arg BASE="$BASE_IMAGE" "$@"
}

if $reuse_base && podman image exists "$BASE_IMAGE"; then
  echo "container check: reusing the stand-in base $BASE_IMAGE"
  base_seconds=0
else
  started=$SECONDS
  step "stand-in base image from Debian trixie (mmdebstrap, podman import)" base.log build_base
  base_seconds=$((SECONDS - started))
fi

started=$SECONDS
step "image $IMAGE (Containerfile)" image.log build_image -t "$IMAGE" .
image_seconds=$((SECONDS - started))

size_bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
size_mib=$((size_bytes / 1048576))
echo "container check: image size: $size_mib MiB ($size_bytes bytes; at most $MAX_MIB MiB)"
((size_mib <= MAX_MIB)) || fail "the image is $size_mib MiB, over $MAX_MIB MiB: see what grew with 'podman history $IMAGE'"

started=$SECONDS
step "image $BALANCER_IMAGE (container/balancer.Containerfile)" balancer.log build_image -t "$BALANCER_IMAGE" -f container/balancer.Containerfile container
balancer_seconds=$((SECONDS - started))

started=$SECONDS
echo "container check: smoke test of the images' file systems ..."
UPDOC_IMAGE=$IMAGE UPDOC_BALANCER_IMAGE=$BALANCER_IMAGE UPDOC_BASE_IMAGE=$BASE_IMAGE \
  npx vitest run --config test/container/vitest.image.config.ts || fail "the smoke test of the images (its output is above)"
smoke_seconds=$((SECONDS - started))

echo "container check passed in $((SECONDS - check_started)) s: base $base_seconds s, image build $image_seconds s ($size_mib MiB)," \
  "balancer build $balancer_seconds s, smoke test $smoke_seconds s"
