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

step "7. Document signing: the relay's time-stamping authority starts (RFC 3161 over HTTP)"
TSA_LOG="$OUT/tsa.log"
"$PWD/$BUILD/server/sandi-tsa" --key "$OUT/pki/services/tsa.p12" --pass-file "$OUT/pki/pass/user.pass" --port 0 >"$TSA_LOG" 2>&1 &
TSA_PID=$!
trap 'kill $TSA_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "listening on" "$TSA_LOG" 2>/dev/null && break; sleep 0.1; done
TSA_URL=$(sed -n 's/^listening on //p' "$TSA_LOG")
echo "TSA at $TSA_URL"

step "8. Andi Pratama signs a letter (PAdES B-LT: time-stamp, chain and CRLs inside, visible stamp)"
python3 tests/tools/pdftool.py base "$OUT/surat-edaran.pdf"
signer="$OUT/pki/people/provinsi/andi-pratama-signing.p12"
"$SANDI" sign --key "$signer" --pass-file "$OUT/pki/pass/user.pass" --level B-LT --tsa "$TSA_URL" \
  --crl "$OUT/pki/crls.pem" --trust "$OUT/pki/trust/root.pem" --reason "Menyetujui surat edaran" \
  --location "Kendari" --visible 1:330,40,230,90 "$OUT/surat-edaran.pdf" -o "$OUT/surat-edaran.signed.pdf"

step "9. The auditor verifies it: Sandi, then Poppler's pdfsig as a second opinion"
"$SANDI" verify --trust "$OUT/pki/trust/root.pem" "$OUT/surat-edaran.signed.pdf"
pdfsig "$OUT/surat-edaran.signed.pdf" 2>/dev/null | grep -E "Signer Certificate Common Name|Signature Validation|document signed" || true

step "10. Someone changes the amount afterwards (an incremental update): the signature stands, the document does not"
python3 - "$OUT/surat-edaran.signed.pdf" "$OUT/surat-edaran.tampered.pdf" <<'PY'
import re, sys
sys.path.insert(0, "tests/tools")
import pdftool
data = open(sys.argv[1], "rb").read()
pdf = pdftool.Pdf(data)
n = pdf.size()
text = b"BT /F1 24 Tf 72 720 Td (Nota Dinas halaman 1) Tj 0 -40 Td (Jumlah anggaran: Rp 900.000.000) Tj ET"
page = re.sub(rb"/Contents \d+ 0 R", b"/Contents %d 0 R" % n, pdf.object(3))
open(sys.argv[2], "wb").write(pdf.update({n: b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream", 3: page}))
PY
"$SANDI" verify --trust "$OUT/pki/trust/root.pem" "$OUT/surat-edaran.tampered.pdf" || echo "(exit status $? — not valid)"

printf '\nDemo finished. Everything it made is in %s (demo passphrases in %s/pki/pass).\n' "$OUT" "$OUT"
