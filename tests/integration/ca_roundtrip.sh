#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `sandi ca` end to end through the command line, with `openssl verify` as the
# outside oracle: root → office → official → revoke → CRL, expiry, a certificate
# issued outside an office's name constraints, and bad input (exit status 2, one
# line, nothing half-written).
set -euo pipefail
SANDI=${1:?usage: ca_roundtrip.sh path/to/sandi}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() { # expect_status CODE command...
  local want=$1; shift
  set +e; "$@" >out.txt 2>err.txt; local got=$?; set -e
  [ "$got" = "$want" ] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}
one_line_error() { [ "$(wc -l <err.txt)" = 1 ] || { cat err.txt >&2; fail "error is not one line"; }; grep -q "$1" err.txt || { cat err.txt >&2; fail "error does not say '$1'"; }; }

export ROOT_PASS='root passphrase 1' OFFICE_PASS='office passphrase 1' USER_PASS='user passphrase 1'
rp() { printf '%s\n' "$ROOT_PASS" >root.pass; }

# --- the PKI ---------------------------------------------------------------------------
rp
"$SANDI" ca init-root --dir root --org "Pemerintah Provinsi Sulawesi Tenggara" \
  --cn "Sandi Root CA Provinsi Sulawesi Tenggara" --pass-file root.pass >/dev/null
"$SANDI" ca init-office --root root --dir baubau --office "Kota Baubau" --permit-email baubaukota.go.id \
  --ca-pass-file root.pass --pass-env OFFICE_PASS >/dev/null
export OFFICE_PASS='office passphrase 1'
"$SANDI" ca init-office --root root --dir buton --office "Kabupaten Buton" \
  --ca-pass-file root.pass --pass-env OFFICE_PASS >/dev/null
export OFFICE_PASS='office passphrase 1'
printf '%s\n' "$OFFICE_PASS" >office.pass
printf '%s\n' "$USER_PASS" >user.pass

"$SANDI" ca issue --dir baubau --profile signing --cn "Wa Ode Sitti" --nip 198503122010012003 \
  --email sitti@baubaukota.go.id --out sitti --ca-pass-file office.pass --pass-file user.pass >/dev/null
openssl genpkey -algorithm ed25519 -out id.key 2>/dev/null
openssl pkey -in id.key -pubout -out id.pub
"$SANDI" ca issue --dir baubau --profile device --cn "Wa Ode Sitti laptop" --identity-key id.pub \
  --out laptop --ca-pass-file office.pass --pass-file user.pass >/dev/null
"$SANDI" ca issue --dir buton --profile relay-tls --cn relay --dns relay.sultraprov.go.id --ip 127.0.0.1 \
  --out relay --ca-pass-file office.pass --pass-file user.pass >/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tsa.key -subj "/CN=Sandi TSA" \
  -out tsa.csr 2>/dev/null
"$SANDI" ca issue --dir buton --profile tsa --csr tsa.csr --out tsa --ca-pass-file office.pass >/dev/null
[ ! -e tsa.p12 ] || fail "a CSR issuance must not produce a PKCS#12"

crls() { cat root/crl.pem baubau/crl.pem buton/crl.pem >crls.pem; }
crls
ov() { openssl verify -x509_strict -CAfile root/ca.crt.pem -untrusted baubau/ca.crt.pem -untrusted buton/ca.crt.pem \
  -crl_check_all -CRLfile crls.pem "$@"; }
for c in sitti laptop relay tsa; do
  ov "$c.crt.pem" | grep -q ": OK" || fail "openssl rejects $c"
done
expect_status 0 "$SANDI" cert verify --trust root/ca.crt.pem --crl crls.pem --purpose signing sitti.chain.pem
expect_status 0 "$SANDI" cert verify --trust root/ca.crt.pem --crl crls.pem --purpose device laptop.chain.pem
expect_status 0 "$SANDI" cert verify --trust root/ca.crt.pem --crl crls.pem --purpose relay-tls --host relay.sultraprov.go.id relay.chain.pem
expect_status 0 "$SANDI" cert verify --trust root/ca.crt.pem --crl crls.pem --purpose tsa tsa.chain.pem
openssl x509 -in laptop.crt.pem -noout -text | grep -q "2.25.192707729660500771357454641806843150667" \
  || fail "device certificate does not bind the identity key"
openssl pkcs12 -in sitti.p12 -passin file:user.pass -noout 2>/dev/null || fail "openssl cannot read the PKCS#12"

# --- revoke → CRL → both say revoked ----------------------------------------------------
serial=$(openssl x509 -in sitti.crt.pem -noout -serial | cut -d= -f2)
"$SANDI" ca revoke --dir baubau "$serial" --reason keyCompromise >/dev/null
"$SANDI" ca crl --dir baubau --ca-pass-file office.pass >/dev/null
crls
set +e; ov sitti.crt.pem >ov.txt 2>&1; set -e
grep -q "certificate revoked" ov.txt || { cat ov.txt; fail "openssl verify does not say revoked"; }
expect_status 1 "$SANDI" cert verify --trust root/ca.crt.pem --crl crls.pem --purpose signing sitti.chain.pem
grep -q "^revoked: .*keyCompromise" out.txt || { cat out.txt; fail "sandi does not say revoked with the reason"; }
"$SANDI" ca list --dir baubau | grep "$serial" | grep -q "revoked" || fail "list does not show the revocation"
expect_status 2 "$SANDI" ca revoke --dir baubau "$serial" --reason superseded
one_line_error "already revoked"

# --- expired: both say so at a time after notAfter ---------------------------------------
later=$(date -u -d '+400 days' +%s)
set +e; openssl verify -x509_strict -attime "$later" -CAfile root/ca.crt.pem -untrusted baubau/ca.crt.pem laptop.crt.pem >ov.txt 2>&1; set -e
grep -q "certificate has expired" ov.txt || { cat ov.txt; fail "openssl does not say expired"; }
expect_status 1 "$SANDI" cert verify --trust root/ca.crt.pem --no-crl-check --at "$(date -u -d @"$later" +%Y-%m-%dT%H:%M:%SZ)" laptop.chain.pem
grep -q "^expired:" out.txt || { cat out.txt; fail "sandi does not say expired"; }

# --- outside the name constraints: Buton's key signs a "Kota Baubau" certificate ----------
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout rogue.key \
  -subj "/C=ID/O=Pemerintah Provinsi Sulawesi Tenggara/OU=Kota Baubau/CN=Impostor" -out rogue.csr 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >ext.cnf
openssl x509 -req -in rogue.csr -CA buton/ca.crt.pem -CAkey buton/ca.key.pem -passin file:office.pass \
  -set_serial 0x7A11 -days 30 -extfile ext.cnf -out rogue.crt.pem 2>/dev/null
set +e; ov rogue.crt.pem >ov.txt 2>&1; set -e
grep -q "permitted subtree violation" ov.txt || { cat ov.txt; fail "openssl does not reject the name-constraint violation"; }
expect_status 1 "$SANDI" cert verify --trust root/ca.crt.pem --untrusted buton/ca.crt.pem --crl crls.pem rogue.crt.pem
grep -q "^name-constraints:" out.txt || { cat out.txt; fail "sandi does not say name-constraints"; }

# --- bad input: exit 2, one line, nothing half-written ---------------------------------------
db_before=$(sha256sum baubau/index.db)
issued_before=$(ls baubau/issued | wc -l)
printf 'wrong passphrase\n' >wrong.pass
expect_status 2 "$SANDI" ca issue --dir baubau --profile device --cn x --out x1 --ca-pass-file wrong.pass --pass-file user.pass
one_line_error "wrong passphrase"
if grep -q "passphrase 1" err.txt; then fail "a passphrase reached an error message"; fi
expect_status 2 "$SANDI" ca issue --dir baubau --profile wizard --cn x --out x2 --ca-pass-file office.pass --pass-file user.pass
one_line_error "unknown profile"
cp tsa.csr bad.csr
# Flip one base64 character inside the signature (near the end of the PEM body).
python3 - <<'PY'
lines = open('bad.csr').read().splitlines()
body = lines[-2]
i = len(body) // 2
lines[-2] = body[:i] + ('A' if body[i] != 'A' else 'B') + body[i+1:]
open('bad.csr', 'w').write('\n'.join(lines) + '\n')
PY
expect_status 2 "$SANDI" ca issue --dir buton --profile tsa --csr bad.csr --out x3 --ca-pass-file office.pass
one_line_error "request"
expect_status 2 "$SANDI" ca issue --dir baubau --profile signing --cn "Outsider" --email a@butonkab.go.id \
  --out x4 --ca-pass-file office.pass --pass-file user.pass
one_line_error "refusing to issue"
# No terminal and no --pass-*: a clear error, not a hang.
expect_status 2 setsid -w "$SANDI" ca crl --dir baubau </dev/null
one_line_error "no terminal"
[ "$(sha256sum baubau/index.db)" = "$db_before" ] || fail "a failed command changed the CA database"
[ "$(ls baubau/issued | wc -l)" = "$issued_before" ] || fail "a failed command left an issued certificate"
ls x1.* x2.* x3.* x4.* >/dev/null 2>&1 && fail "a failed command left output files"

cp baubau/index.db index.backup
printf 'garbage\n' >>baubau/index.db
expect_status 2 "$SANDI" ca list --dir baubau
one_line_error "corrupt CA database"
cp index.backup baubau/index.db
expect_status 2 "$SANDI" ca issue --dir baubau --profile signing --cn "Wa Ode Sitti" --out sitti \
  --ca-pass-file office.pass --pass-file user.pass
one_line_error "refusing to overwrite"
expect_status 2 "$SANDI" ca init-root --dir root --org X --cn Y --pass-file root.pass
one_line_error "already exists"
expect_status 2 "$SANDI" ca list --dir root --bogus
one_line_error "unknown option"

# One environment variable named by two options of one command serves both (it is read
# once and removed from the environment).
SAME_PASS="$(cat office.pass)" "$SANDI" ca issue --dir baubau --profile signing --cn "Sama Dua" --out same2 \
  --ca-pass-env SAME_PASS --pass-env SAME_PASS >/dev/null 2>err.txt || { cat err.txt; fail "one variable for two options"; }
[ -e same2.p12 ] || fail "no PKCS#12 issued with one variable for both passphrases"

# `sandi --help` lists each command once.
"$SANDI" --help >help.txt
for c in ca cert sign verify timestamp; do
  [ "$(grep -c "^  $c " help.txt)" = 1 ] || { cat help.txt; fail "sandi --help lists '$c' other than once"; }
done

echo "ca_roundtrip: all checks passed"
