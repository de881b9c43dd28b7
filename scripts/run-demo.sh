#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo, on an existing build: scripts/run-demo.sh BUILD_DIR [OUT_DIR]
# Builds the demo PKI of the Sultra offices, checks a chain, revokes a certificate and
# shows the revocation taking effect; signs and verifies a PDF; then starts the relay on
# loopback (SQLite) and runs the messaging story: devices enrolled with keys made on the
# device, a signed Rahasia memo with a PDF attachment from Kabupaten Buton to the
# provincial office, read and verified there, a group memo to all five offices, and a
# revoked device refused by the relay.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
SANDI=$PWD/$BUILD/client/cli/sandi
RELAY=$PWD/$BUILD/server/relay/sandi-relay
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

step "11. The province's relay starts on loopback (TLS 1.3 with device certificates, SQLite, time-stamping on its HTTP port)"
PKI=$OUT/pki
"$RELAY" --listen 127.0.0.1:0 --http 127.0.0.1:0 --tls-p12 "$PKI/services/relay.p12" --tls-pass-file "$PKI/pass/user.pass" \
  --tsa-p12 "$PKI/services/tsa.p12" --tsa-pass-file "$PKI/pass/user.pass" \
  --trust "$PKI/trust/root.pem" --crl "$PKI/crls.pem" --data "$OUT/relay-data" >"$OUT/relay.out" 2>"$OUT/relay.log" &
RELAY_PID=$!
trap 'kill $TSA_PID $RELAY_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$OUT/relay.out" 2>/dev/null && break; sleep 0.05; done
RELAY_URL=$(sed -n 's#^listening on \(wss://[^/]*\)/#\1#p' "$OUT/relay.out")
cat "$OUT/relay.out"

step "12. Five officials enrol a device each: keys made on the device, the request issued by the office CA"
printf 'demo device passphrase\n' >"$PKI/pass/device.pass"
enrol() { # office person name nip position
  local store="$OUT/devices/$2"
  "$SANDI" account request --store "$store" --out "$store.csr" --name "$3 (laptop)" --nip "$4" --position "$5" \
    --pass-file "$PKI/pass/device.pass" >/dev/null
  "$SANDI" ca issue --dir "$PKI/ca/$1" --profile device --csr "$store.csr" --out "$store-cert" \
    --ca-pass-file "$PKI/pass/office.pass" | sed -n '1p'
  "$SANDI" account init --store "$store" --cert "$store-cert.chain.pem" --trust "$PKI/trust/root.pem" \
    --crl "$PKI/crls.pem" --relay "$RELAY_URL" --pass-file "$PKI/pass/device.pass"
  "$SANDI" inbox --store "$store" --pass-file "$PKI/pass/device.pass" 2>/dev/null # first connection: publishes prekeys
}
enrol provinsi andi-pratama "Andi Pratama" 197804122003121002 "Kepala Bidang Persandian"
enrol buton sri-wahyuni "Sri Wahyuni" 198707212011012006 "Kepala Bidang Persandian"
enrol baubau la-ode-arif "La Ode Arif" 199001152015031004 "Pranata Komputer"
enrol buton-tengah nur-aini "Nur Aini" 198909092014022001 "Kepala Seksi Persandian"
enrol buton-selatan fitriani "Fitriani" 198812242012012004 "Kepala Seksi Persandian"
dev() { echo --store "$OUT/devices/$1" --pass-file "$PKI/pass/device.pass"; }
"$SANDI" contacts $(dev sri-wahyuni)

step "13. Sri Wahyuni (Kabupaten Buton) signs a report and sends it to the province: a signed RAHASIA memo with the PDF"
python3 tests/tools/pdftool.py base "$OUT/laporan-buton.pdf"
"$SANDI" sign --key "$PKI/people/buton/sri-wahyuni-signing.p12" --pass-file "$PKI/pass/user.pass" --level B-T \
  --tsa "http://$(sed -n 's#^http on http://\([^/]*\)/#\1#p' "$OUT/relay.out")/tsa" \
  "$OUT/laporan-buton.pdf" -o "$OUT/laporan-buton.signed.pdf"
printf 'Dengan hormat,\n\nBersama ini kami sampaikan laporan insiden keamanan informasi di Kabupaten Buton.\n' >"$OUT/memo.txt"
"$SANDI" send $(dev sri-wahyuni) --to 197804122003121002 --hal "Laporan insiden keamanan informasi" \
  --body-file "$OUT/memo.txt" --classification R --urgency segera --nomor "800/17/DISKOMINFO/2026" \
  --attach "$OUT/laporan-buton.signed.pdf" --sign --key "$PKI/people/buton/sri-wahyuni-signing.p12" \
  --key-pass-file "$PKI/pass/user.pass"

step "14. Andi Pratama (provincial office) reads it, saves the attachment and verifies both signatures"
"$SANDI" inbox $(dev andi-pratama)
memo=$("$SANDI" search "insiden" $(dev andi-pratama) --json | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
"$SANDI" read "$memo" $(dev andi-pratama)
"$SANDI" attachment get "$memo" 0 -o "$OUT/laporan-diterima.pdf" $(dev andi-pratama)
"$SANDI" verify --trust "$PKI/trust/root.pem" --crl "$PKI/crls.pem" "$OUT/laporan-diterima.pdf"
"$SANDI" memo export "$memo" -o "$OUT/laporan-insiden.memo" $(dev andi-pratama)
"$SANDI" verify --trust "$PKI/trust/root.pem" --crl "$PKI/crls.pem" "$OUT/laporan-insiden.memo.p7s"
"$SANDI" inbox $(dev sri-wahyuni) # her device gets the delivery and read receipts

step "15. A group memo from the province to all five offices"
"$SANDI" group create "Persandian Sultra" $(dev andi-pratama) --member 198707212011012006 --member 199001152015031004 \
  --member 198909092014022001 --member 198812242012012004
printf 'Rapat koordinasi persandian se-Sulawesi Tenggara, Senin pukul 09.00 WITA.\n' >"$OUT/undangan.txt"
"$SANDI" send $(dev andi-pratama) --group "Persandian Sultra" --hal "Undangan rapat koordinasi" --body-file "$OUT/undangan.txt"
for person in sri-wahyuni la-ode-arif nur-aini fitriani; do
  echo "-- $person"; "$SANDI" inbox $(dev "$person")
done

step "16. La Ode Arif's laptop is lost: Kota Baubau revokes the device, the relay reloads its CRLs and refuses it"
serial=$(openssl x509 -in "$OUT/devices/la-ode-arif-cert.crt.pem" -noout -serial | cut -d= -f2)
"$SANDI" ca revoke --dir "$PKI/ca/baubau" "$serial" --reason keyCompromise
"$SANDI" ca crl --dir "$PKI/ca/baubau" --ca-pass-file "$PKI/pass/office.pass"
cat "$PKI"/ca/*/crl.pem >"$PKI/crls.pem"
kill -HUP "$RELAY_PID"; sleep 0.5
"$SANDI" inbox $(dev la-ode-arif) || echo "(exit status $? — the relay refused the revoked device)"
grep "what=refused" "$OUT/relay.log" | tail -1
"$RELAY" audit-verify --data "$OUT/relay-data"

DESKTOP="$BUILD/client/desktop/sandi-desktop"
step "17. The desktop client: Andi Pratama's account, on the same relay"
desktop_cmd=("$DESKTOP" --store "$OUT/devices/andi-pratama" --pass-file "$PKI/pass/device.pass")
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${SANDI_DEMO_NO_DESKTOP:-}" ]; then
  echo "Opening sandi-desktop (close its window to end the demo; the relay stops with it)."
  "${desktop_cmd[@]}" || echo "(sandi-desktop exited with status $?)"
else
  echo "No display here (DISPLAY is not set), so the desktop client is not opened. On a desktop, run"
  echo "  scripts/run-demo.sh $BUILD   # the demo again, which then opens it; or, with the relay of a running demo:"
  printf '  %q' "${desktop_cmd[@]}"; echo
  echo "It asks for nothing more: --pass-file gives it the demo store's passphrase (real stores are unlocked in its dialog)."
fi

printf '\nDemo finished. Everything it made is in %s (demo passphrases in %s/pki/pass).\n' "$OUT" "$OUT"
