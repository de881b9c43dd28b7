#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `sandi verify --ocsp` end to end: a PKI and OCSP responses made by the openssl command
# line (a CA, a signer, a delegated responder with id-kp-OCSPSigning), a PDF signed with
# `sandi sign`, verified without revocation evidence (CRL_MISSING, exit 1), with the
# responder's answer (DER and PEM: valid, exit 0, the evidence named), with a revoked
# answer (REVOKED) and with an answer from a responder the CA did not authorise
# (OCSP_INVALID).
set -euo pipefail
SANDI=${1:?usage: ocsp_verify.sh path/to/sandi}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() { # expect_status CODE command...
  local want=$1; shift
  set +e; "$@" >out.txt 2>err.txt; local got=$?; set -e
  [ "$got" = "$want" ] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}
has() { grep -q "\"$1\"" out.txt || { cat out.txt >&2; fail "no $1 in the report"; }; }

cat >openssl.cnf <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[resp_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[noeku_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
key ca
openssl req -x509 -new -key ca.key -subj "/O=Sandi Test/CN=OCSP CA" -days 30 -config openssl.cnf -extensions ca_ext -out ca.pem
issue() { # issue NAME CN SERIAL EXT
  key "$1"
  openssl req -new -key "$1.key" -subj "/O=Sandi Test/CN=$2" -config openssl.cnf -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -set_serial "0x$3" -days 10 -extfile openssl.cnf \
    -extensions "$4" -out "$1.pem" 2>/dev/null
}
issue signer "Signer" 1001 leaf_ext
issue gone "Revoked Signer" 1002 leaf_ext
issue resp "OCSP Responder" 2001 resp_ext
issue noeku "Not A Responder" 2002 noeku_ext
exp=$(date -u -d '+10 days' +%y%m%d%H%M%SZ)
rev=$(date -u -d '-1 hour' +%y%m%d%H%M%SZ)
printf 'V\t%s\t\t1001\tunknown\t/O=Sandi Test/CN=Signer\n' "$exp" >index.txt
printf 'R\t%s\t%s,keyCompromise\t1002\tunknown\t/O=Sandi Test/CN=Revoked Signer\n' "$exp" "$rev" >>index.txt

export SIGNER_PASS='signer passphrase 1'
for s in signer gone; do
  openssl pkcs12 -export -inkey "$s.key" -in "$s.pem" -certfile ca.pem -passout env:SIGNER_PASS -out "$s.p12"
done
python3 - <<'PY'
body = (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n")
xref = len(body)
doc = body + b"xref\n0 4\n0000000000 65535 f\r\n"
for n in (1, 2, 3):
    doc += b"%010d 00000 n\r\n" % body.index(b"%d 0 obj" % n)
doc += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
open("in.pdf", "wb").write(doc)
PY
for s in signer gone; do
  "$SANDI" sign --key "$s.p12" --pass-env SIGNER_PASS in.pdf -o "$s.pdf" >/dev/null
done

respond() { # respond CERT SIGNER OUT
  openssl ocsp -issuer ca.pem -cert "$1.pem" -no_nonce -reqout "$3.req"
  openssl ocsp -index index.txt -CA ca.pem -rsigner "$2.pem" -rkey "$2.key" -reqin "$3.req" -respout "$3" -ndays 1 2>/dev/null
}
respond signer resp good.der
respond gone resp revoked.der
respond signer noeku foreign.der
# OpenSSL's own judgement of the same responses, for the record.
openssl ocsp -respin good.der -CAfile ca.pem 2>&1 | grep -q "Response verify OK" || fail "openssl refuses good.der"
if openssl ocsp -respin foreign.der -CAfile ca.pem 2>&1 | grep -q "Response verify OK"; then fail "openssl accepts foreign.der"; fi
{ echo '-----BEGIN OCSP RESPONSE-----'; base64 good.der; echo '-----END OCSP RESPONSE-----'; } >good.pem

# No evidence: intact and trusted, revocation not established: INDETERMINATE/TRY_LATER.
expect_status 3 "$SANDI" verify --json --trust ca.pem signer.pdf
has SIGNER_CHAIN_CRL_MISSING
has TRY_LATER
for r in good.der good.pem; do
  expect_status 0 "$SANDI" verify --json --trust ca.pem --ocsp "$r" signer.pdf
  has REVOCATION_CHECKED_BY_OCSP
done
# Revoked, and no proof that the signature existed before: INDETERMINATE/REVOKED_NO_POE.
expect_status 3 "$SANDI" verify --json --trust ca.pem --ocsp revoked.der gone.pdf
has SIGNER_CHAIN_REVOKED
has REVOKED_NO_POE
# A response from a responder that may not answer settles nothing: TRY_LATER.
expect_status 3 "$SANDI" verify --json --trust ca.pem --ocsp foreign.der signer.pdf
has SIGNER_CHAIN_OCSP_INVALID
# Not an OCSP response: a usage error naming the file.
expect_status 2 "$SANDI" verify --trust ca.pem --ocsp ca.pem signer.pdf
grep -q "ca.pem" err.txt || fail "the error does not name the file"
echo "ocsp_verify: ok"
