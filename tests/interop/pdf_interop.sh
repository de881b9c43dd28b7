#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sandi's signatures against the outside world, with a PKI made at test time (the
# demo PKI fixture): pdfsig, mutool and qpdf on PDFs Sandi signed (PDF 1.4 to 2.0,
# xref tables and streams, object streams, linearized, hybrid-free rewrites by
# Ghostscript, earlier incremental updates, a header not at offset 0); PDFs signed
# by pdfsig -add-signature and mutool sign verified by Sandi; .p7s both ways with
# openssl cms; B-T/B-LT/B-LTA through sandi-tsa over HTTP; refusals.
# pdfsig and mutool exit 0 even for invalid signatures: their output is read.
set -euo pipefail
SANDI=${1:?usage: pdf_interop.sh SANDI SANDI_TSA DEMO_PKI SOURCE_DIR}
TSA_BIN=${2:?}
PKI=${3:?}
SRC=${4:?}
WORK=$(mktemp -d)
TSA_PID=
cleanup() { [ -n "$TSA_PID" ] && kill "$TSA_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
KEY=$PKI/people/baubau/wa-ode-sitti-signing.p12
PASS=$PKI/pass/user.pass
TRUST=(--trust "$PKI/trust/root.pem" --crl "$PKI/crls.pem")

# --- inputs: the PDF Association's 2.0 examples, our base document and rewrites of it ---
mkdir in
cp "$SRC"/tests/data/pdf20examples/*.pdf in/
rm in/pdf20-utf8-test.pdf # damaged (its xref is wrong): checked as a refusal below
python3 "$SRC/tests/tools/pdftool.py" base in/base-classic.pdf
qpdf --object-streams=generate in/base-classic.pdf in/base-objstm.pdf
qpdf --linearize in/base-classic.pdf in/base-linearized.pdf
qpdf --qdf --object-streams=disable in/base-classic.pdf in/base-qdf.pdf
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dCompatibilityLevel=1.4 -sOutputFile=in/gs-1.4.pdf in/base-classic.pdf
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dCompatibilityLevel=1.7 -sOutputFile=in/gs-1.7.pdf in/base-classic.pdf
# An earlier incremental update (not a signature) before ours.
python3 - "$SRC/tests/tools" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); import pdftool
d = open('in/base-classic.pdf','rb').read()
p = pdftool.Pdf(d)
open('in/base-updated.pdf','wb').write(p.update({10: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"}))
PY

n=0
for f in in/*.pdf; do
  b=$(basename "$f" .pdf)
  "$SANDI" sign --key "$KEY" --pass-file "$PASS" --reason "Disetujui" --location "Baubau" "$f" -o "$b.signed.pdf" >/dev/null \
    || fail "sandi could not sign $b"
  size=$(stat -c %s "$f")
  cmp -s -n "$size" "$f" "$b.signed.pdf" || fail "$b: the original bytes were not kept"
  pdfsig "$b.signed.pdf" >ps.txt 2>&1 || true
  grep -q "Signature is Valid." ps.txt || { cat ps.txt; fail "$b: pdfsig does not say 'Signature is Valid.'"; }
  grep -q "Total document signed" ps.txt || { cat ps.txt; fail "$b: pdfsig does not say 'Total document signed'"; }
  if head -c 5 "$f" | grep -q "%PDF-"; then # mutool cannot read a file whose header is not at offset 0
    mutool sign -v "$b.signed.pdf" >mu.txt 2>&1 || true
    grep -q "The document is unchanged since signing." mu.txt || { cat mu.txt; fail "$b: mutool does not say unchanged"; }
  fi
  set +e; qpdf --check "$b.signed.pdf" >qc.txt 2>&1; qc=$?; set -e
  [ $qc = 0 ] || { cat qc.txt; fail "$b: qpdf --check exits $qc"; }
  "$SANDI" verify "${TRUST[@]}" "$b.signed.pdf" >v.txt || { cat v.txt; fail "$b: sandi verify rejects its own signature"; }
  n=$((n + 1))
done
echo "signed $n documents: pdfsig valid + total, mutool unchanged, qpdf --check clean, bytes kept, sandi valid"

# --- several signatures, certification, visible stamp ---
"$SANDI" sign --key "$KEY" --pass-file "$PASS" --certify 2 --visible 1:300,60,220,80 in/base-classic.pdf -o c1.pdf >/dev/null
"$SANDI" sign --key "$PKI/people/provinsi/andi-pratama-signing.p12" --pass-file "$PASS" c1.pdf -o c2.pdf >/dev/null
"$SANDI" verify "${TRUST[@]}" --json c2.pdf >c2.json || { cat c2.json; fail "two signatures: not valid"; }
python3 - <<'PY'
import json
d = json.loads(open('c2.json').read().splitlines()[0])
s = d['signatures']
assert len(s) == 2 and all(x['valid'] for x in s), d
assert s[0]['kind'].startswith('certification') and s[0]['modifications'] == 'allowed' and not s[0]['covers_whole_document'], s[0]
assert s[1]['modifications'] == 'none' and s[1]['covers_whole_document'], s[1]
PY
pdfsig c2.pdf >ps.txt 2>&1 || true
[ "$(grep -c 'Signature is Valid.' ps.txt)" = 2 ] || { cat ps.txt; fail "pdfsig: two valid signatures expected"; }
echo "certified + second signature: both valid in sandi and pdfsig"

# --- signatures made by other tools, verified by Sandi ---
mkdir nss
certutil -N -d sql:nss --empty-password
pk12util -i "$PKI/people/provinsi/andi-pratama-signing.p12" -d sql:nss -w "$PASS" >/dev/null
nick=$(certutil -L -d sql:nss | grep "u,u,u" | sed 's/ *u,u,u$//')
pdfsig -add-signature -nssdir sql:nss -nick "$nick" -reason "pdfsig" in/base-classic.pdf pdfsig-signed.pdf >/dev/null 2>&1 || true
[ -s pdfsig-signed.pdf ] || fail "pdfsig -add-signature produced nothing"
"$SANDI" verify "${TRUST[@]}" pdfsig-signed.pdf >v.txt || { cat v.txt; fail "a pdfsig signature does not validate in sandi"; }
num=$(python3 "$SRC/tests/tools/pdftool.py" empty-field in/base-classic.pdf empty-field.pdf)
mutool sign -s "$PKI/people/baubau/la-ode-arif-signing.p12" -P "$(head -n1 "$PASS")" -o mutool-signed.pdf empty-field.pdf "$num" >/dev/null
"$SANDI" verify "${TRUST[@]}" --certs "$PKI/trust/office-cas.pem" mutool-signed.pdf >v.txt || { cat v.txt; fail "a mutool signature does not validate in sandi"; }
grep -q "weak digest SHA1" v.txt || { cat v.txt; fail "mutool's SHA-1 signature is not flagged"; }
echo "pdfsig -add-signature and mutool sign: valid in sandi (mutool's SHA-1 flagged)"

# --- .p7s with openssl cms, both ways ---
printf 'Lampiran nota dinas\n' >lampiran.txt
"$SANDI" sign --key "$KEY" --pass-file "$PASS" lampiran.txt >/dev/null
openssl cms -verify -binary -inform DER -in lampiran.txt.p7s -content lampiran.txt -CAfile "$PKI/trust/root.pem" \
  -purpose any -out /dev/null 2>cms.txt || { cat cms.txt; fail "openssl cms -verify rejects Sandi's .p7s"; }
openssl pkcs12 -in "$KEY" -passin file:"$PASS" -nodes -out signer.pem 2>/dev/null
cp lampiran.txt surat.txt
openssl cms -sign -binary -in surat.txt -signer signer.pem -certfile "$PKI/trust/office-cas.pem" -outform DER -out surat.txt.p7s -md sha256
"$SANDI" verify "${TRUST[@]}" surat.txt.p7s >v.txt || { cat v.txt; fail "an openssl cms signature does not validate in sandi"; }
echo "x" >>surat.txt
set +e; "$SANDI" verify "${TRUST[@]}" surat.txt.p7s >v.txt; st=$?; set -e
[ $st = 1 ] && grep -q "digest mismatch" v.txt || { cat v.txt; fail "a changed data file must fail with a digest mismatch"; }
# RSASSA-PSS, for a PDF and a .p7s
"$SANDI" sign --key "$KEY" --pass-file "$PASS" --rsa-pss in/base-classic.pdf -o pss.pdf >/dev/null
"$SANDI" verify "${TRUST[@]}" pss.pdf >v.txt || { cat v.txt; fail "RSASSA-PSS PDF signature not valid in sandi"; }
pdfsig pss.pdf >ps.txt 2>&1 || true
grep -q "Signature is Valid." ps.txt || { cat ps.txt; fail "pdfsig rejects the RSASSA-PSS signature"; }
"$SANDI" sign --key "$KEY" --pass-file "$PASS" --rsa-pss lampiran.txt -o lampiran-pss.p7s >/dev/null
openssl cms -verify -binary -inform DER -in lampiran-pss.p7s -content lampiran.txt -CAfile "$PKI/trust/root.pem" \
  -purpose any -out /dev/null 2>cms.txt || { cat cms.txt; fail "openssl cms -verify rejects Sandi's RSASSA-PSS .p7s"; }
echo ".p7s: openssl cms ⇄ sandi; RSASSA-PSS PDF and .p7s accepted by pdfsig and openssl"

# --- B-T, B-LT, B-LTA through the TSA over HTTP ---
"$TSA_BIN" --key "$PKI/services/tsa.p12" --pass-file "$PASS" --port 0 >tsa.out 2>&1 &
TSA_PID=$!
for _ in $(seq 50); do grep -q "listening on" tsa.out 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' tsa.out)
[ -n "$URL" ] || { cat tsa.out; fail "sandi-tsa did not start"; }
for level in B-T B-LT B-LTA; do
  "$SANDI" sign --key "$KEY" --pass-file "$PASS" --level $level --tsa "$URL" --crl "$PKI/crls.pem" \
    --trust "$PKI/trust/root.pem" in/base-classic.pdf -o $level.pdf >/dev/null
  pdfsig $level.pdf >ps.txt 2>&1 || true
  grep -q "Signature is Valid." ps.txt || { cat ps.txt; fail "$level: pdfsig"; }
  qpdf --check $level.pdf >/dev/null || fail "$level: qpdf --check"
done
"$SANDI" verify "${TRUST[@]}" --json B-T.pdf >bt.json || { cat bt.json; fail "B-T not valid"; }
grep -q '"timestamp":"20' bt.json || fail "B-T: no proven time"
# B-LT and B-LTA carry their own validation data: no --crl needed.
"$SANDI" verify --trust "$PKI/trust/root.pem" B-LT.pdf B-LTA.pdf >v.txt || { cat v.txt; fail "B-LT/B-LTA not valid from embedded data"; }
grep -q "document time-stamp" v.txt || fail "B-LTA: no document time-stamp"
"$SANDI" timestamp --tsa "$URL" --crl "$PKI/crls.pem" B-LTA.pdf -o renewed.pdf >/dev/null
"$SANDI" verify --trust "$PKI/trust/root.pem" --json renewed.pdf >renewed.json || { cat renewed.json; fail "renewed B-LTA not valid"; }
[ "$(grep -o '"kind":"document time-stamp"' renewed.json | wc -l)" = 2 ] || fail "renewal: two document time-stamps expected"
echo "B-T, B-LT, B-LTA through sandi-tsa: valid (LT/LTA without external CRLs), pdfsig valid, qpdf clean"

# --- refusals: encrypted and damaged PDFs, exit status 2, one line ---
qpdf --encrypt user owner 256 -- in/base-classic.pdf encrypted.pdf
set +e
"$SANDI" sign --key "$KEY" --pass-file "$PASS" encrypted.pdf -o x.pdf 2>err.txt; st=$?
set -e
[ $st = 2 ] && grep -q "encrypted" err.txt && [ ! -e x.pdf ] || { cat err.txt; fail "encrypted PDF: expected a refusal"; }
set +e
"$SANDI" sign --key "$KEY" --pass-file "$PASS" "$SRC/tests/data/pdf20examples/pdf20-utf8-test.pdf" -o x.pdf 2>err.txt; st=$?
set -e
[ $st = 2 ] && grep -q "damaged" err.txt && [ ! -e x.pdf ] || { cat err.txt; fail "damaged PDF: expected a refusal"; }
set +e; "$SANDI" verify "${TRUST[@]}" encrypted.pdf >v.txt 2>&1; st=$?; set -e
[ $st = 2 ] || { cat v.txt; fail "verify of an encrypted PDF: exit 2 expected"; }
printf 'wrong\n' >wrong.pass
set +e; "$SANDI" sign --key "$KEY" --pass-file wrong.pass in/base-classic.pdf -o x.pdf 2>err.txt; st=$?; set -e
[ $st = 2 ] && grep -q "wrong passphrase" err.txt && [ ! -e x.pdf ] || { cat err.txt; fail "wrong passphrase: expected a refusal"; }
echo "refusals: encrypted, damaged, wrong passphrase (exit 2, nothing written)"
echo "pdf_interop: all checks passed"
