#!/usr/bin/env bash
# Builds the Dunes lab's vSphere simulator (vcsim) and govc from Debian's
# govmomi 0.24.2 source, with the project's own patches and Go files.
#
# Usage: src/vcsim/build.sh
#   Last line on stdout: the absolute directory holding `vcsim` and `govc`.
#   Progress goes to stderr.
# Cache: ${DUNES_CACHE:-$HOME/.cache/dunes}/vcsim/<hash of inputs>/ ; a valid
#   cache is returned at once, without apt or go.
# Needs: root (or sudo-less apt access) on Debian the first time, for apt-get.
# See docs/lab.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GOVMOMI_VERSION=0.24.2
PACKAGES=(golang-go golang-github-vmware-govmomi-dev golang-github-google-uuid-dev
          golang-github-kr-pretty-dev patch xz-utils ca-certificates)

log() { echo "vcsim/build.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The inputs: this script, the patches and the Go sources, in a fixed order.
input_files() {
    (cd "$HERE" && find build.sh main.go patches simulator -type f \( -name '*.sh' -o -name '*.go' -o -name '*.patch' \) \
        | LC_ALL=C sort)
}
hash_inputs() {
    local f
    (cd "$HERE" && for f in $(input_files); do printf '%s\n' "== $f"; cat "$f"; done) \
        | sha256sum | cut -c1-16
}

CACHE_ROOT=${DUNES_CACHE:-$HOME/.cache/dunes}/vcsim
HASH=$(hash_inputs)
OUT=$CACHE_ROOT/$HASH

cached() { [[ -f $OUT/.complete && -x $OUT/vcsim && -x $OUT/govc ]]; }

if cached; then
    log "cached: $OUT"
    echo "$OUT"
    exit 0
fi

mkdir -p "$CACHE_ROOT"
# One build at a time (parallel test runs share the cache).
exec 9>"$CACHE_ROOT/.lock"
flock 9
if cached; then # built by whoever held the lock
    log "cached: $OUT"
    echo "$OUT"
    exit 0
fi

START=$(date +%s)
# A fixed work path (we hold the lock) so that Go's build cache hits on rebuilds.
WORK=$CACHE_ROOT/.work
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# --- 1. Debian packages (Go toolchain and govmomi's dependencies) ----------
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    [[ $(id -u) == 0 ]] || die "need root to install: ${missing[*]}"
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    fi
fi

# --- 2. govmomi source through apt (kept in the cache between builds) ------
SRC_CACHE=$CACHE_ROOT/source
orig() { compgen -G "$SRC_CACHE/golang-github-vmware-govmomi_${GOVMOMI_VERSION}.orig.tar.*" | head -1; }
deb() { compgen -G "$SRC_CACHE/golang-github-vmware-govmomi_${GOVMOMI_VERSION}-*.debian.tar.*" | head -1; }
if [[ -z $(orig) || -z $(deb) ]]; then
    log "fetching golang-github-vmware-govmomi source with apt-get source"
    # A private deb-src list made from the machine's own Debian source list,
    # so no archive host is written anywhere.
    APT=$WORK/apt
    mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$SRC_CACHE"
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        # deb822: first stanza that lists "deb", switched to "deb-src".
        awk 'BEGIN { RS = ""; ORS = "\n\n" } /(^|\n)Types:[^\n]*deb([ \t]|\n|$)/ { print; exit }' \
            /etc/apt/sources.list.d/debian.sources \
            | sed -E 's/^Types:.*/Types: deb-src/' > "$APT/sources.list.d/debian-src.sources"
    elif [[ -f /etc/apt/sources.list ]]; then
        # one-line style: the first "deb" line, as "deb-src".
        grep -E '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list | head -1 \
            | sed -E 's/^[[:space:]]*deb[[:space:]]/deb-src /' > "$APT/sources.list.d/debian-src.list"
    fi
    [[ -s $(compgen -G "$APT/sources.list.d/*" | head -1) ]] || die "no Debian source list found in /etc/apt"
    apt_src=(-o "Dir::Etc::SourceParts=$APT/sources.list.d" -o Dir::Etc::SourceList=/dev/null
             -o "Dir::State::Lists=$APT/lists" -o APT::Sandbox::User=root)
    apt-get -q "${apt_src[@]}" update >&2
    (cd "$WORK" && apt-get -q "${apt_src[@]}" source --download-only golang-github-vmware-govmomi >&2)
    for f in "$WORK"/golang-github-vmware-govmomi_*; do
        case $f in
            *_"$GOVMOMI_VERSION".orig.tar.* | *_"$GOVMOMI_VERSION"-*.debian.tar.*) cp "$f" "$SRC_CACHE/" ;;
        esac
    done
    [[ -n $(orig) && -n $(deb) ]] || die "apt did not provide govmomi $GOVMOMI_VERSION (the patches are for that version)"
fi

# --- 3. Source tree: Debian's source + Debian's patches + ours -------------
GOPATH_DIR=$WORK/gopath
TREE=$GOPATH_DIR/src/github.com/vmware/govmomi
mkdir -p "$TREE" "$GOPATH_DIR/src/dunes/vcsim" "$WORK/debian"
tar -xf "$(orig)" -C "$TREE" --strip-components=1
tar -xf "$(deb)" -C "$WORK/debian" --strip-components=1
if [[ -f $WORK/debian/patches/series ]]; then
    while read -r p _; do
        [[ -z $p || $p == \#* ]] && continue
        patch -d "$TREE" -p1 -s --no-backup-if-mismatch < "$WORK/debian/patches/$p" >&2
    done < "$WORK/debian/patches/series"
fi
for p in "$HERE"/patches/*.patch; do
    log "applying $(basename "$p")"
    patch -d "$TREE" -p1 -s --no-backup-if-mismatch < "$p" >&2 || die "patch failed: $p"
done
cp "$HERE"/simulator/*.go "$TREE/simulator/"
cp "$HERE/main.go" "$GOPATH_DIR/src/dunes/vcsim/"

# --- 4. Build ---------------------------------------------------------------
log "go build (GOPATH mode, $(go version | cut -d' ' -f3))"
export GOPATH="$GOPATH_DIR:/usr/share/gocode" GO111MODULE=off GOFLAGS= CGO_ENABLED=0
export GOCACHE=$CACHE_ROOT/go-build
mkdir -p "$WORK/out"
(cd "$GOPATH_DIR/src" && go build -trimpath -o "$WORK/out/vcsim" dunes/vcsim && go build -trimpath -o "$WORK/out/govc" github.com/vmware/govmomi/govc) >&2
# the whole help text first: grep -q would stop reading, and vcsim would die of SIGPIPE
help=$("$WORK/out/vcsim" -h 2>&1 || true)
[[ $help == *exit-on-stdin-eof* && $help == *tools-heartbeat-delay* && $help == *clone-duration* ]] || die "built vcsim does not look right"

rm -rf "$OUT"
mv "$WORK/out" "$OUT"
input_files > "$OUT/.inputs"
touch "$OUT/.complete"
# Keep the three newest builds; older ones were made from inputs since changed.
find "$CACHE_ROOT" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{16}' \
    -printf '%T@ %p\n' | sort -rn | tail -n +4 | cut -d' ' -f2- | xargs -r rm -rf
log "built in $(($(date +%s) - START)) s: $OUT"
echo "$OUT"
