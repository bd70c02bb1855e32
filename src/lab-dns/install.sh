#!/usr/bin/env bash
# Installs the lab's DNS server: Debian's dnsmasq (package dnsmasq-base: the binary without the
# system service, which would take port 53 for itself). The lab's first start runs this.
#
# Usage: src/lab-dns/install.sh
#   Last line on stdout: the dnsmasq binary. Progress goes to stderr.
# Needs: root (apt-get) the first time only. See docs/lab.md, "The lab's DNS".
set -euo pipefail
BINARY=/usr/sbin/dnsmasq
log() { echo "lab-dns/install.sh: $*" >&2; }
if [[ ! -x $BINARY ]]; then
    [[ $(id -u) == 0 ]] || { log "ERROR: need root to install dnsmasq-base (apt-get install -y dnsmasq-base)"; exit 1; }
    log "apt-get install dnsmasq-base"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends dnsmasq-base >&2; then
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends dnsmasq-base >&2
    fi
fi
"$BINARY" --version | head -1 >&2
echo "$BINARY"
