#!/usr/bin/env bash
# An independent peer for Dunes's certsrv client: Apache httpd guarding /certsrv/ with Windows-style
# authentication as a default AD CS (IIS "Windows Authentication") offers it, Negotiate and NTLM and
# no Basic, through mod_auth_gssapi; Kerberos from an MIT KDC of its own, NTLM from gss-ntlmssp with
# an NTLM_USER_FILE. Authenticated requests are reverse-proxied (mod_proxy) to the lab CA, so the
# whole submit/fetch flow runs through the peer. Everything lives in DIR; no system service is used.
#
# Usage:
#   windows-auth-peer.sh install      install what is missing (apt-get, as root); exit 3 when that
#                                     cannot be done (not root, no apt-get), with the reason on stderr
#   windows-auth-peer.sh start DIR    start KDC and httpd on loopback; returns once both listen
#   windows-auth-peer.sh stop DIR     stop what start started (by the pid files in DIR)
#
# start reads (all required):
#   PEER_ADDRESS      loopback address to listen on, e.g. 127.0.33.10
#   PEER_HTTP_PORT, PEER_HTTPS_PORT, PEER_KDC_PORT   free ports on it
#   PEER_HOST         the web server's name (Kerberos service HTTP/<name>, TLS certificate)
#   PEER_REALM        Kerberos realm, e.g. CERTAUTH.TEST
#   PEER_DOMAIN       NetBIOS domain for NTLM, e.g. LAB
#   PEER_USER, PEER_PASSWORD   the enrolment account (user@REALM for Kerberos, DOMAIN\user for NTLM)
#   PEER_BACKEND      the lab CA's origin, e.g. https://127.0.33.11:40123
#   PEER_BACKEND_CA   PEM file of the CA that issued the backend's TLS certificate
#   PEER_BACKEND_AUTHORIZATION   the Authorization header the proxy sends to the backend
# start writes DIR/krb5.conf (for the client) and DIR/tls.pem (the https front's certificate).
set -euo pipefail

PACKAGES=(apache2 libapache2-mod-auth-gssapi gss-ntlmssp krb5-kdc krb5-admin-server krb5-user openssl)
MODULES=/usr/lib/apache2/modules

log() { echo "windows-auth-peer.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

install() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    [[ $(id -u) == 0 ]] || { log "cannot install ${missing[*]}: not root"; exit 3; }
    command -v apt-get >/dev/null || { log "cannot install ${missing[*]}: no apt-get"; exit 3; }
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # the packages' own services (apache2 on :80, krb5-kdc) must not start: the peer runs its own.
    # A policy-rc.d that denies every start, for the install only, unless the machine has one.
    local policy=/usr/sbin/policy-rc.d
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy"
        trap 'rm -f '"$policy" EXIT
    fi
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || die "apt-get could not install ${missing[*]}"
    fi
}

await_port() { # port name pidfile
    local i
    for i in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/$PEER_ADDRESS/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "$2 did not listen on $PEER_ADDRESS:$1 within 10 s; see $DIR/logs"
}

start() {
    local v
    for v in PEER_ADDRESS PEER_HTTP_PORT PEER_HTTPS_PORT PEER_KDC_PORT PEER_HOST PEER_REALM PEER_DOMAIN PEER_USER \
             PEER_PASSWORD PEER_BACKEND PEER_BACKEND_CA PEER_BACKEND_AUTHORIZATION; do
        [[ -n ${!v:-} ]] || die "start needs $v"
    done
    mkdir -p "$DIR/kdc" "$DIR/logs" "$DIR/run" "$DIR/rcache"
    trap 'stop' EXIT # a start that fails half-way leaves nothing running
    export KRB5_CONFIG=$DIR/krb5.conf KRB5_KDC_PROFILE=$DIR/kdc.conf

    # --- Kerberos: a realm of its own on loopback --------------------------------
    cat > "$DIR/krb5.conf" <<CONF
[libdefaults]
    default_realm = $PEER_REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    udp_preference_limit = 1
[realms]
    $PEER_REALM = {
        kdc = $PEER_ADDRESS:$PEER_KDC_PORT
    }
[domain_realm]
    $PEER_HOST = $PEER_REALM
CONF
    cat > "$DIR/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = $PEER_ADDRESS:$PEER_KDC_PORT
    kdc_tcp_listen = $PEER_ADDRESS:$PEER_KDC_PORT
[realms]
    $PEER_REALM = {
        database_name = $DIR/kdc/principal
        key_stash_file = $DIR/kdc/stash
        acl_file = $DIR/kdc/kadm5.acl
    }
[logging]
    kdc = FILE:$DIR/logs/kdc.log
CONF
    : > "$DIR/kdc/kadm5.acl"
    kdb5_util -r "$PEER_REALM" create -s -P "$(head -c 24 /dev/urandom | base64)" > "$DIR/logs/kdb5_util.log" 2>&1 \
        || die "kdb5_util create failed: $(cat "$DIR/logs/kdb5_util.log")"
    local admin=(kadmin.local -r "$PEER_REALM" -q)
    # pre-authentication required, as Active Directory's accounts have it
    "${admin[@]}" "addprinc +requires_preauth -pw $PEER_PASSWORD $PEER_USER@$PEER_REALM" > "$DIR/logs/kadmin.log" 2>&1
    "${admin[@]}" "addprinc -randkey HTTP/$PEER_HOST@$PEER_REALM" >> "$DIR/logs/kadmin.log" 2>&1
    "${admin[@]}" "ktadd -k $DIR/http.keytab HTTP/$PEER_HOST@$PEER_REALM" >> "$DIR/logs/kadmin.log" 2>&1
    [[ -s $DIR/http.keytab ]] || die "no keytab for HTTP/$PEER_HOST: $(cat "$DIR/logs/kadmin.log")"
    krb5kdc -r "$PEER_REALM" -P "$DIR/run/krb5kdc.pid" || die "krb5kdc did not start; see $DIR/logs/kdc.log"

    # --- NTLM: gss-ntlmssp's user file (Heimdal's DOMAIN:user:password) ---------
    printf '%s:%s:%s\n' "$PEER_DOMAIN" "$PEER_USER" "$PEER_PASSWORD" > "$DIR/ntlm-users"

    # --- TLS for the https front -------------------------------------------------
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$DIR/tls.key" -out "$DIR/tls.pem" -days 2 \
        -subj "/CN=$PEER_HOST" -addext "subjectAltName=DNS:$PEER_HOST,IP:$PEER_ADDRESS" > "$DIR/logs/openssl.log" 2>&1 \
        || die "openssl req failed: $(cat "$DIR/logs/openssl.log")"

    # --- httpd -------------------------------------------------------------------
    local user_lines=""
    if [[ $(id -u) == 0 ]]; then # httpd's workers never run as root: they read the keytab and user file as www-data
        user_lines=$'User www-data\nGroup www-data'
        chown -R www-data:www-data "$DIR/http.keytab" "$DIR/ntlm-users" "$DIR/rcache" "$DIR/logs" "$DIR/tls.key"
        chmod 755 "$DIR"
    fi
    cat > "$DIR/httpd.conf" <<CONF
ServerRoot "$DIR"
ServerName $PEER_HOST
PidFile $DIR/run/httpd.pid
DefaultRuntimeDir $DIR/run
Mutex file:$DIR/run default
ErrorLog $DIR/logs/error.log
LogLevel warn auth_gssapi:debug
$user_lines
LoadModule mpm_event_module $MODULES/mod_mpm_event.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule authn_core_module $MODULES/mod_authn_core.so
LoadModule authz_user_module $MODULES/mod_authz_user.so
LoadModule auth_gssapi_module $MODULES/mod_auth_gssapi.so
LoadModule headers_module $MODULES/mod_headers.so
LoadModule proxy_module $MODULES/mod_proxy.so
LoadModule proxy_http_module $MODULES/mod_proxy_http.so
LoadModule socache_shmcb_module $MODULES/mod_socache_shmcb.so
LoadModule ssl_module $MODULES/mod_ssl.so
CustomLog $DIR/logs/access.log "%h %u \"%r\" %>s"
KeepAlive On
Listen $PEER_ADDRESS:$PEER_HTTP_PORT
Listen $PEER_ADDRESS:$PEER_HTTPS_PORT
SSLSessionCache shmcb:$DIR/run/ssl_scache(512000)
SSLProxyEngine on
SSLProxyCACertificateFile $PEER_BACKEND_CA
SSLProxyCheckPeerName off
<Location /certsrv/>
    # IIS's default for certsrv: Windows Authentication, providers Negotiate and NTLM; no Basic
    AuthType GSSAPI
    AuthName "certsrv"
    GssapiAllowedMech krb5
    GssapiAllowedMech ntlmssp
    GssapiConnectionBound On
    GssapiBasicAuth Off
    Require valid-user
    # the lab CA behind the peer keeps its own Basic login, given by the proxy alone
    RequestHeader set Authorization "$PEER_BACKEND_AUTHORIZATION"
    ProxyPass $PEER_BACKEND/certsrv/
</Location>
<VirtualHost $PEER_ADDRESS:$PEER_HTTPS_PORT>
    ServerName $PEER_HOST
    SSLEngine on
    SSLCertificateFile $DIR/tls.pem
    SSLCertificateKeyFile $DIR/tls.key
</VirtualHost>
CONF
    # The acceptor's environment: Kerberos config, keytab and replay cache; gss-ntlmssp's users.
    # Not GssapiCredStore: gss-ntlmssp reads a credential store as a user's, and NTLM would fail.
    # LM_COMPAT_LEVEL 2: gss-ntlmssp puts target information in its challenge only for a client that
    # asks for the target, and HttpClient never asks, so HttpClient answers with the NTLM2 session
    # response (NTLMv1 family), which level 3 (the default) refuses; level 2 checks it against the NT
    # hash and refuses LM. No NETBIOS_DOMAIN_NAME: with it gss-ntlmssp acts as a domain member that
    # leaves LM to a domain controller, and then accepts such a response with any password.
    env KRB5_CONFIG="$DIR/krb5.conf" KRB5_KTNAME="$DIR/http.keytab" KRB5RCACHEDIR="$DIR/rcache" \
        NTLM_USER_FILE="$DIR/ntlm-users" LM_COMPAT_LEVEL=2 NETBIOS_COMPUTER_NAME=CA \
        apache2 -f "$DIR/httpd.conf" -k start || die "httpd did not start: $(cat "$DIR/logs/error.log" 2>/dev/null)"
    await_port "$PEER_KDC_PORT" krb5kdc
    await_port "$PEER_HTTP_PORT" httpd
    await_port "$PEER_HTTPS_PORT" httpd
    trap - EXIT
}

stop() {
    local f pid
    for f in "$DIR/run/httpd.pid" "$DIR/run/krb5kdc.pid"; do
        [[ -f $f ]] || continue
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
}

case ${1:-} in
    install) install ;;
    start) DIR=${2:?start needs DIR}; start ;;
    stop) DIR=${2:?stop needs DIR}; stop ;;
    *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac
