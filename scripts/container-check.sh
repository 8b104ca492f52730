#!/usr/bin/env bash
# The container check: builds the images as operators would (Containerfile, and the load balancer's),
# on a stand-in base made from Debian's packages (no registry of base images is reachable here),
# then smoke-tests their file systems (test/container/image.smoke.ts). As root, after `npm ci`.
#   bash scripts/container-check.sh [--reuse-base]
# --reuse-base keeps a stand-in base built earlier instead of building it again (CI never reuses).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=localhost/updoc-ci-base
IMAGE=localhost/updoc
BALANCER_IMAGE=localhost/updoc-balancer
MAX_MIB=450
LOGS=test-artifacts/container

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

build_base() {
  local tar=/var/tmp/updoc-ci-base.$$.tar status=0
  podman rmi --force "$BASE_IMAGE" >/dev/null 2>&1 || true
  mmdebstrap --variant=minbase --include=ca-certificates,nodejs,npm trixie "$tar" && podman import "$tar" "$BASE_IMAGE" || status=$?
  rm -f "$tar"
  return "$status"
}

# The registries are reached through a CA that only the host's bundle holds: mounted, never copied.
build_image() {
  local layers=true
  [[ "${CI:-}" == true ]] && layers=false # a clean machine: no cache to reuse, and fewer layers to store
  podman build --isolation chroot --network host --format docker --layers="$layers" --jobs 3 \
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

podman image prune --force >/dev/null
echo "container check passed in $((SECONDS - check_started)) s: base $base_seconds s, image build $image_seconds s ($size_mib MiB)," \
  "balancer build $balancer_seconds s, smoke test $smoke_seconds s"
