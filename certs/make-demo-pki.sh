#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the demo PKI of the Sultra offices with `sandi ca`, at run time (no key is
# ever committed): the province's root, one CA per office, fictional officials with
# signing and device certificates, the relay's TLS certificate and the TSA's.
#
#   certs/make-demo-pki.sh path/to/sandi OUTDIR
#
# DEMO ONLY: the passphrases are fixed and written to OUTDIR/pass/ so that the demo
# and the tests can run unattended. A real PKI follows docs/pki.md (offline root,
# passphrases typed at the prompt).
set -euo pipefail
SANDI=${1:?usage: make-demo-pki.sh path/to/sandi OUTDIR}
OUT=${2:?usage: make-demo-pki.sh path/to/sandi OUTDIR}
[ -e "$OUT" ] && { echo "make-demo-pki: $OUT already exists" >&2; exit 2; }
mkdir -p "$OUT"/{ca,pass,people,services,trust}
chmod 700 "$OUT/pass"
printf 'demo root passphrase\n' >"$OUT/pass/root.pass"
printf 'demo office passphrase\n' >"$OUT/pass/office.pass"
printf 'demo user passphrase\n' >"$OUT/pass/user.pass"
chmod 600 "$OUT"/pass/*.pass
cat >"$OUT/pass/README" <<'TXT'
Demo passphrases (root.pass, office.pass, user.pass). Never use them for real keys.
TXT

ORG="Pemerintah Provinsi Sulawesi Tenggara"
"$SANDI" ca init-root --dir "$OUT/ca/root" --org "$ORG" --cn "Sandi Root CA Provinsi Sulawesi Tenggara" \
  --pass-file "$OUT/pass/root.pass" >/dev/null

# slug | office (OU) | e-mail domain
OFFICES=(
  "provinsi|Provinsi Sulawesi Tenggara|sultraprov.go.id"
  "baubau|Kota Baubau|baubaukota.go.id"
  "buton|Kabupaten Buton|butonkab.go.id"
  "buton-tengah|Kabupaten Buton Tengah|butengkab.go.id"
  "buton-selatan|Kabupaten Buton Selatan|busel.go.id"
)
# office slug | person slug | name | NIP | position (fictional people)
PEOPLE=(
  "provinsi|andi-pratama|Andi Pratama|197804122003121002|Kepala Bidang Persandian"
  "provinsi|rahmawati|Rahmawati|198611052010012015|Sandiman Ahli Muda"
  "provinsi|auditor-yusuf|Yusuf Hamzah|198002202006041009|Auditor Inspektorat"
  "baubau|wa-ode-sitti|Wa Ode Sitti Hasnah|198503122010012003|Kepala Seksi Persandian"
  "baubau|la-ode-arif|La Ode Arif|199001152015031004|Pranata Komputer"
  "buton|sri-wahyuni|Sri Wahyuni|198707212011012006|Kepala Bidang Persandian"
  "buton|muh-ikbal|Muhammad Ikbal|199203302019031007|Sandiman Pertama"
  "buton-tengah|nur-aini|Nur Aini|198909092014022001|Kepala Seksi Persandian"
  "buton-tengah|hasrul|Hasrul|199105052017011002|Pengelola Persandian"
  "buton-selatan|fitriani|Fitriani|198812242012012004|Kepala Seksi Persandian"
  "buton-selatan|la-ode-rusli|La Ode Rusli|199306182020121003|Sandiman Pertama"
)

for entry in "${OFFICES[@]}"; do
  IFS='|' read -r slug office domain <<<"$entry"
  extra=()
  if [ "$slug" = provinsi ]; then extra=(--permit-dns sultraprov.go.id); fi
  "$SANDI" ca init-office --root "$OUT/ca/root" --dir "$OUT/ca/$slug" --office "$office" \
    --permit-email "$domain" "${extra[@]}" --ca-pass-file "$OUT/pass/root.pass" \
    --pass-file "$OUT/pass/office.pass" >/dev/null
  mkdir -p "$OUT/people/$slug"
done

domain_of() {
  local e s d
  for e in "${OFFICES[@]}"; do
    IFS='|' read -r s _ d <<<"$e"
    if [ "$s" = "$1" ]; then echo "$d"; return 0; fi
  done
  return 1
}
for entry in "${PEOPLE[@]}"; do
  IFS='|' read -r office person name nip position <<<"$entry"
  mail="${person//-/.}@$(domain_of "$office")"
  "$SANDI" ca issue --dir "$OUT/ca/$office" --profile signing --cn "$name" --nip "$nip" --title "$position" \
    --email "$mail" --out "$OUT/people/$office/$person-signing" \
    --ca-pass-file "$OUT/pass/office.pass" --pass-file "$OUT/pass/user.pass" >/dev/null
  "$SANDI" ca issue --dir "$OUT/ca/$office" --profile device --cn "$name (laptop)" --nip "$nip" \
    --out "$OUT/people/$office/$person-device" \
    --ca-pass-file "$OUT/pass/office.pass" --pass-file "$OUT/pass/user.pass" >/dev/null
done

"$SANDI" ca issue --dir "$OUT/ca/provinsi" --profile relay-tls --cn "Sandi Relay" \
  --dns relay.sultraprov.go.id --ip 127.0.0.1 --out "$OUT/services/relay" \
  --ca-pass-file "$OUT/pass/office.pass" --pass-file "$OUT/pass/user.pass" >/dev/null
"$SANDI" ca issue --dir "$OUT/ca/provinsi" --profile tsa --cn "Sandi TSA Provinsi Sulawesi Tenggara" \
  --out "$OUT/services/tsa" --ca-pass-file "$OUT/pass/office.pass" --pass-file "$OUT/pass/user.pass" >/dev/null

publish_crls() {
  : >"$OUT/crls.pem"
  for ca in root provinsi baubau buton buton-tengah buton-selatan; do
    cat "$OUT/ca/$ca/crl.pem" >>"$OUT/crls.pem"
  done
}
publish_crls
cp "$OUT/ca/root/ca.crt.pem" "$OUT/trust/root.pem"
cat "$OUT"/ca/{provinsi,baubau,buton,buton-tengah,buton-selatan}/ca.crt.pem >"$OUT/trust/office-cas.pem"
echo "demo PKI ready in $OUT: 1 root, ${#OFFICES[@]} office CAs, ${#PEOPLE[@]} officials (signing + device), relay TLS, TSA"
