#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `openssl verify` and `sandi cert verify` must agree on every certificate of the
# demo PKI: all valid at first; after revoking a device and a whole office CA,
# exactly those (and the office's leaves) revoked.
set -euo pipefail
SANDI=${1:?usage: demo_pki_oracle.sh path/to/sandi DEMO_PKI_DIR}
SRC=${2:?usage: demo_pki_oracle.sh path/to/sandi DEMO_PKI_DIR}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -a "$SRC" "$WORK/pki"
PKI=$WORK/pki
fail() { echo "FAIL: $*" >&2; exit 1; }

purpose_of() {
  case "$1" in
    *-signing.crt.pem) echo signing ;; *-device.crt.pem) echo device ;;
    */relay.crt.pem) echo relay-tls ;; */tsa.crt.pem) echo tsa ;; *) echo any ;;
  esac
}

# check CERT → prints "OK" or "REVOKED" or "OTHER" for each tool, fails on disagreement
check() {
  local cert=$1 o s chain=${1%.crt.pem}.chain.pem
  set +e
  openssl verify -x509_strict -CAfile "$PKI/trust/root.pem" -untrusted "$PKI/trust/office-cas.pem" \
    -crl_check_all -CRLfile "$PKI/crls.pem" "$cert" >"$WORK/o.txt" 2>&1
  "$SANDI" cert verify --trust "$PKI/trust/root.pem" --crl "$PKI/crls.pem" --purpose "$(purpose_of "$cert")" \
    "$chain" >"$WORK/s.txt" 2>&1
  local status=$?
  set -e
  if grep -q ": OK$" "$WORK/o.txt"; then o=OK; elif grep -q "certificate revoked" "$WORK/o.txt"; then o=REVOKED; else o=OTHER; fi
  if [ $status = 0 ]; then s=OK; elif grep -q "^revoked:" "$WORK/s.txt"; then s=REVOKED; else s=OTHER; fi
  [ "$o" = "$s" ] || { cat "$WORK/o.txt" "$WORK/s.txt" >&2; fail "$cert: openssl says $o, sandi says $s"; }
  echo "$o"
}

n=0
for cert in "$PKI"/people/*/*.crt.pem "$PKI"/services/*.crt.pem; do
  [ "$(check "$cert")" = OK ] || fail "$cert is not valid in the fresh demo PKI"
  n=$((n + 1))
done
echo "fresh demo PKI: $n certificates, openssl and sandi agree: all valid"

device="$PKI/people/baubau/la-ode-arif-device.crt.pem"
"$SANDI" ca revoke --dir "$PKI/ca/baubau" "$(openssl x509 -in "$device" -noout -serial | cut -d= -f2)" \
  --reason keyCompromise >/dev/null
"$SANDI" ca crl --dir "$PKI/ca/baubau" --ca-pass-file "$PKI/pass/office.pass" >/dev/null
office_serial=$(openssl x509 -in "$PKI/ca/buton-selatan/ca.crt.pem" -noout -serial | cut -d= -f2)
"$SANDI" ca revoke --dir "$PKI/ca/root" "$office_serial" --reason cACompromise >/dev/null
"$SANDI" ca crl --dir "$PKI/ca/root" --ca-pass-file "$PKI/pass/root.pass" >/dev/null
cat "$PKI"/ca/*/crl.pem >"$PKI/crls.pem"

revoked=0
for cert in "$PKI"/people/*/*.crt.pem "$PKI"/services/*.crt.pem; do
  verdict=$(check "$cert")
  case "$cert" in
    "$device"|"$PKI"/people/buton-selatan/*) [ "$verdict" = REVOKED ] || fail "$cert should be revoked"; revoked=$((revoked + 1)) ;;
    *) [ "$verdict" = OK ] || fail "$cert should still be valid" ;;
  esac
done
echo "after revocations: openssl and sandi agree on all $n certificates ($revoked revoked)"
