#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo, on an existing build: scripts/run-demo.sh BUILD_DIR [OUT_DIR]
# Builds the demo PKI of the Sultra offices, checks a chain, revokes a certificate
# and shows the revocation taking effect.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
SANDI=$PWD/$BUILD/client/cli/sandi
OUT=${2:-$PWD/out/demo}
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"

step() { printf '\n== %s\n' "$*"; }

step "1. The province's PKI (root CA, five office CAs, officials, relay and TSA)"
certs/make-demo-pki.sh "$SANDI" "$OUT/pki"
"$SANDI" ca list --dir "$OUT/pki/ca/root"

step "2. Office CA of Kota Baubau: what it issued"
"$SANDI" ca list --dir "$OUT/pki/ca/baubau"

signer="$OUT/pki/people/baubau/wa-ode-sitti-signing"
step "3. Chain check: Wa Ode Sitti Hasnah's signing certificate, against the root and the CRLs"
"$SANDI" cert verify --trust "$OUT/pki/trust/root.pem" --crl "$OUT/pki/crls.pem" --purpose signing "$signer.chain.pem"

step "4. Her device certificate is not a signing certificate"
"$SANDI" cert verify --trust "$OUT/pki/trust/root.pem" --crl "$OUT/pki/crls.pem" --purpose signing \
  "$OUT/pki/people/baubau/wa-ode-sitti-device.chain.pem" || echo "(exit status $? — refused, as it should be)"

step "5. Her laptop is stolen: the office revokes the signing certificate and publishes a CRL"
serial=$(openssl x509 -in "$signer.crt.pem" -noout -serial | cut -d= -f2)
"$SANDI" ca revoke --dir "$OUT/pki/ca/baubau" "$serial" --reason keyCompromise
"$SANDI" ca crl --dir "$OUT/pki/ca/baubau" --ca-pass-file "$OUT/pki/pass/office.pass"
cat "$OUT"/pki/ca/*/crl.pem >"$OUT/pki/crls.pem"

step "6. The same chain check now says revoked (Sandi), and so does openssl verify"
"$SANDI" cert verify --trust "$OUT/pki/trust/root.pem" --crl "$OUT/pki/crls.pem" --purpose signing "$signer.chain.pem" \
  || echo "(exit status $? — revoked)"
openssl verify -CAfile "$OUT/pki/trust/root.pem" -untrusted "$OUT/pki/trust/office-cas.pem" -crl_check_all \
  -CRLfile "$OUT/pki/crls.pem" "$signer.crt.pem" || true

printf '\nDemo finished. Everything it made is in %s (demo passphrases in %s/pki/pass).\n' "$OUT" "$OUT"
