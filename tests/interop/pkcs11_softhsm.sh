#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Signing with a key that lives on a PKCS#11 token (SoftHSM2): RSA-3072 and P-256
# keys imported into a fresh token and deleted from disk, certificates issued by
# `sandi ca` from CSRs, `sandi sign --pkcs11-*` for a PDF and a .p7s, checked by
# pdfsig, openssl cms and sandi verify; a wrong PIN is a clear error.
set -euo pipefail
SANDI=${1:?usage: pkcs11_softhsm.sh SANDI DEMO_PKI SOURCE_DIR}
SRC_PKI=${2:?}
SRC=${3:?}
MODULE=/usr/lib/softhsm/libsofthsm2.so
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -a "$SRC_PKI" pki
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$WORK" >softhsm2.conf
export SOFTHSM2_CONF=$WORK/softhsm2.conf
softhsm2-util --init-token --free --label sandi-test --pin 123456 --so-pin 65432100 >/dev/null
printf '123456\n' >pin
python3 "$SRC/tests/tools/pdftool.py" base base.pdf
printf 'Lampiran\n' >lampiran.txt

for kind in rsa p256; do
  if [ $kind = rsa ]; then openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out key.pem 2>/dev/null
  else openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem 2>/dev/null; fi
  openssl req -new -key key.pem -subj "/CN=Token Signer $kind" -out req.csr
  "$SANDI" ca issue --dir pki/ca/baubau --profile signing --csr req.csr --out token-$kind \
    --ca-pass-file pki/pass/office.pass >/dev/null
  id=$([ $kind = rsa ] && echo 01 || echo 02)
  softhsm2-util --import key.pem --token sandi-test --label signer-$kind --id $id --pin 123456 >/dev/null
  shred -u key.pem # from here on the key exists only on the token
  "$SANDI" sign --pkcs11-module $MODULE --pkcs11-token sandi-test --pkcs11-key signer-$kind \
    --cert token-$kind.chain.pem --pin-file pin base.pdf -o signed-$kind.pdf >/dev/null
  pdfsig signed-$kind.pdf >ps.txt 2>&1 || true
  grep -q "Signature is Valid." ps.txt || { cat ps.txt; fail "$kind: pdfsig"; }
  "$SANDI" verify --trust pki/trust/root.pem --crl pki/crls.pem signed-$kind.pdf >v.txt || { cat v.txt; fail "$kind: sandi verify"; }
  grep -q "Token Signer $kind" v.txt || fail "$kind: wrong signer"
  "$SANDI" sign --pkcs11-module $MODULE --pkcs11-token sandi-test --pkcs11-key signer-$kind \
    --cert token-$kind.chain.pem --pin-file pin lampiran.txt -o lampiran-$kind.p7s >/dev/null
  openssl cms -verify -binary -inform DER -in lampiran-$kind.p7s -content lampiran.txt -CAfile pki/trust/root.pem \
    -purpose any -out /dev/null 2>/dev/null || fail "$kind: openssl cms -verify"
done
echo "PKCS#11 (SoftHSM2): RSA-3072 and P-256 keys on the token sign PDFs and .p7s; pdfsig, openssl cms and sandi agree"

printf '000000\n' >wrong
set +e
"$SANDI" sign --pkcs11-module $MODULE --pkcs11-token sandi-test --pkcs11-key signer-rsa --cert token-rsa.chain.pem \
  --pin-file wrong base.pdf -o x.pdf 2>err.txt; st=$?
set -e
[ $st = 2 ] && grep -q "wrong PIN" err.txt && [ ! -e x.pdf ] || { cat err.txt; fail "wrong PIN: expected a clear refusal"; }
set +e
"$SANDI" sign --pkcs11-module $MODULE --pkcs11-token sandi-test --pkcs11-key signer-rsa --cert token-p256.chain.pem \
  --pin-file pin base.pdf -o x.pdf 2>err.txt; st=$?
set -e
[ $st = 2 ] && grep -q "does not belong" err.txt || { cat err.txt; fail "mismatched certificate: expected a refusal"; }
echo "refusals: wrong PIN, certificate of another key"
echo "pkcs11_softhsm: all checks passed"
