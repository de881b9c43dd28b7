#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The OCSP responder (`sandi ca ocsp-serve`), AIA and B-LT with OCSP, end to end, with
# OpenSSL's CLI as the outside oracle both ways:
#  - `openssl ocsp` as the client of sandi's responder: good, revoked after `sandi ca revoke`
#    (no restart), unknown for a foreign serial, unauthorized for another CA, the responder's
#    signature verified, the nonce echoed; GET and POST; malformed and oversize requests;
#    many requests at once;
#  - `openssl ocsp` as the responder that `sandi sign --level B-LT` fetches from;
#  - a B-LT signature whose /DSS /OCSPs `openssl ocsp -respin` verifies, and pdfsig validates.
# Ports are chosen at run time (the responder takes port 0 and says which it got).
set -euo pipefail
SANDI=${1:?usage: ocsp_responder.sh path/to/sandi path/to/sandi-tsa source-dir}
TSA=${2:?usage: ocsp_responder.sh path/to/sandi path/to/sandi-tsa source-dir}
SRC=${3:?usage: ocsp_responder.sh path/to/sandi path/to/sandi-tsa source-dir}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY no_proxy NO_PROXY

fail() { echo "FAIL: $*" >&2; exit 1; }
# wait_url FILE: the URL a server printed ("listening on URL"), waiting up to 10 s.
wait_url() {
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$1")
    [ -n "$url" ] && { echo "$url"; return 0; }
    sleep 0.1
  done
  cat "$1" >&2
  return 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

printf '%s\n' 'root passphrase 1' >root.pass
printf '%s\n' 'office passphrase 1' >office.pass
printf '%s\n' 'user passphrase 1' >user.pass
"$SANDI" ca init-root --dir root --org "Pemerintah Provinsi Sulawesi Tenggara" --cn "Sandi Root CA" \
  --pass-file root.pass >/dev/null
"$SANDI" ca init-office --root root --dir baubau --office "Kota Baubau" --ca-pass-file root.pass \
  --pass-file office.pass >/dev/null
"$SANDI" ca init-office --root root --dir buton --office "Kabupaten Buton" --ca-pass-file root.pass \
  --pass-file office.pass >/dev/null
issue() { # issue DIR PROFILE CN PREFIX
  "$SANDI" ca issue --dir "$1" --profile "$2" --cn "$3" --out "$4" --ca-pass-file office.pass \
    --pass-file user.pass >/dev/null
}

# --- the delegated responder certificate ---------------------------------------------
issue baubau ocsp "OCSP Kota Baubau" responder
openssl x509 -in responder.crt.pem -noout -text >responder.txt
grep -q "OCSP Signing" responder.txt || fail "responder certificate: no OCSPSigning EKU"
grep -q "OCSP No Check" responder.txt || fail "responder certificate: no ocsp-nocheck"
openssl verify -CAfile root/ca.crt.pem -untrusted baubau/ca.crt.pem -purpose ocsphelper responder.crt.pem >/dev/null \
  || fail "openssl verify: responder certificate"

"$SANDI" ca ocsp-serve --dir baubau --listen 127.0.0.1:0 --signer responder.p12 --pass-file user.pass \
  >serve.out 2>serve.err &
PIDS+=($!)
URL=$(wait_url serve.out) || fail "ocsp-serve did not start: $(cat serve.err)"

# --- AIA: certificates issued after `sandi ca config` name the responder ----------------
issue baubau signing "Budi" before
openssl x509 -in before.crt.pem -noout -ext authorityInfoAccess 2>&1 | grep -q "OCSP" && fail "AIA before config"
"$SANDI" ca config --dir baubau --ocsp-url "$URL" >/dev/null
issue baubau signing "Wa Ode Sitti" sitti
openssl x509 -in sitti.crt.pem -noout -ext authorityInfoAccess | grep -q "OCSP - URI:$URL" || fail "no AIA OCSP"
[ "$(openssl x509 -in sitti.crt.pem -noout -ocsp_uri)" = "$URL" ] || fail "openssl reads another OCSP URI"

ask() { # ask CERT [more openssl ocsp options]: openssl ocsp as the client, output in ask.txt
  local cert=$1; shift
  openssl ocsp -issuer baubau/ca.crt.pem -cert "$cert" -url "$URL" -CAfile root/ca.crt.pem -resp_text "$@" \
    >ask.txt 2>&1 || true
}
ask sitti.crt.pem
grep -q "Response verify OK" ask.txt || { cat ask.txt; fail "openssl did not verify the response"; }
grep -q "sitti.crt.pem: good" ask.txt || { cat ask.txt; fail "not good"; }
grep -q "OCSP Nonce" ask.txt || { cat ask.txt; fail "no nonce in the response"; }
grep -q "WARNING: no nonce" ask.txt && fail "nonce not echoed"
grep -q "Responder Id:" ask.txt || fail "no responder id"
# openssl compares the echoed nonce with its own: a mismatch would say "nonce verify error".
grep -qi "nonce verify error" ask.txt && fail "nonce mismatch"
echo "good: openssl ocsp verified the delegated responder's answer, nonce echoed"

# --- revoked, without restarting the responder -----------------------------------------
SERIAL=$(openssl x509 -in sitti.crt.pem -noout -serial | cut -d= -f2)
"$SANDI" ca revoke --dir baubau "$SERIAL" --reason keyCompromise >/dev/null
ask sitti.crt.pem
grep -q "sitti.crt.pem: revoked" ask.txt || { cat ask.txt; fail "not revoked after sandi ca revoke"; }
grep -q "Reason: keyCompromise" ask.txt || { cat ask.txt; fail "no revocation reason"; }
grep -q "Response verify OK" ask.txt || fail "revoked: not verified"
echo "revoked: answered without a restart"

# --- unknown, unauthorized --------------------------------------------------------------
issue buton signing "Orang Buton" foreign
FOREIGN=$(openssl x509 -in foreign.crt.pem -noout -serial | cut -d= -f2)
openssl ocsp -issuer baubau/ca.crt.pem -serial "0x$FOREIGN" -url "$URL" -CAfile root/ca.crt.pem >ask.txt 2>&1 || true
grep -q "0x$FOREIGN: unknown" ask.txt || { cat ask.txt; fail "foreign serial not unknown"; }
grep -q "Response verify OK" ask.txt || fail "unknown: not verified"
openssl ocsp -issuer buton/ca.crt.pem -cert foreign.crt.pem -url "$URL" -CAfile root/ca.crt.pem >ask.txt 2>&1 || true
grep -q "Responder Error: unauthorized" ask.txt || { cat ask.txt; fail "another CA's certificate not unauthorized"; }
echo "unknown serial: unknown; another CA: unauthorized"

# --- GET (RFC 6960 Appendix A.1) and POST of the same request ---------------------------
issue baubau signing "Andi" andi
openssl ocsp -issuer baubau/ca.crt.pem -cert andi.crt.pem -reqout req.der -no_nonce >/dev/null 2>&1
python3 - "$URL" <<'EOF'
import base64, sys, urllib.parse, urllib.request
url = sys.argv[1]
der = open("req.der", "rb").read()
b64 = base64.b64encode(der).decode()
for name, target in (("get-percent", urllib.parse.quote(b64, safe="")), ("get-raw", b64)):
    with urllib.request.urlopen(url + target, timeout=10) as r:
        assert r.headers["Content-Type"] == "application/ocsp-response", r.headers["Content-Type"]
        assert "max-age=" in r.headers.get("Cache-Control", ""), r.headers.get("Cache-Control")
        open(name + ".der", "wb").write(r.read())
req = urllib.request.Request(url, data=der, headers={"Content-Type": "application/ocsp-request"})
with urllib.request.urlopen(req, timeout=10) as r:
    assert r.headers["Content-Type"] == "application/ocsp-response"
    assert r.headers.get("Cache-Control") == "no-store", r.headers.get("Cache-Control")
    open("post.der", "wb").write(r.read())
# Base64 of something that is not a request: malformedRequest, and not to be cached.
with urllib.request.urlopen(url + "AAAA", timeout=10) as r:
    assert r.headers.get("Cache-Control") == "no-store", r.headers.get("Cache-Control")
    assert r.read() == bytes([0x30, 0x03, 0x0A, 0x01, 0x01]), "not malformedRequest"
with urllib.request.urlopen(url + "health", timeout=10) as r:
    assert r.read() == b"ok\n"
EOF
for f in get-percent get-raw post; do
  openssl ocsp -respin $f.der -issuer baubau/ca.crt.pem -cert andi.crt.pem -CAfile root/ca.crt.pem >ask.txt 2>&1 || true
  grep -q "andi.crt.pem: good" ask.txt || { cat ask.txt; fail "$f: not good"; }
  grep -q "Response verify OK" ask.txt || { cat ask.txt; fail "$f: not verified"; }
done
echo "GET (percent-encoded and raw base64) and POST: good, verified"

# --- malformed, oversize, wrong media type, many at once -------------------------------
python3 - "$URL" <<'EOF'
import sys, threading, urllib.error, urllib.request
url = sys.argv[1]
def post(body, ctype="application/ocsp-request"):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
status, body = post(b"\x30\x03\x02\x01\x00junk")
assert status == 200, status
open("malformed.der", "wb").write(body)
status, _ = post(b"\x30" * (16 * 1024 + 1))
assert status == 413, status
status, _ = post(open("req.der", "rb").read(), "text/plain")
assert status == 415, status
der = open("req.der", "rb").read()
results = []
def worker():
    for _ in range(10):
        results.append(post(der)[0])
threads = [threading.Thread(target=worker) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
assert results == [200] * 80, results
EOF
openssl ocsp -respin malformed.der -resp_text -noverify >ask.txt 2>&1 || true
grep -qi "malformedRequest" ask.txt || { cat ask.txt; fail "junk not answered malformedRequest"; }
echo "junk: malformedRequest; oversize: 413; wrong type: 415; 80 requests on 8 connections at once: all 200"

# --- openssl ocsp as the responder; sandi sign --level B-LT fetches from it --------------
# (The TSA is Buton's: Buton's CRL, given to every B-LT below, settles its status, and it
# says nothing of Baubau's signers, whose status must come from OCSP.)
issue buton tsa "Sandi TSA" tsa
"$SANDI" ca crl --dir buton --ca-pass-file office.pass --out buton.crl.pem >/dev/null
"$TSA" --key tsa.p12 --pass-file user.pass --port 0 >tsa.out 2>&1 &
PIDS+=($!)
TSA_URL=$(wait_url tsa.out) || fail "sandi-tsa did not start"
python3 "$SRC/tests/tools/pdftool.py" base in.pdf
"$SANDI" ca crl --dir root --ca-pass-file root.pass --out root.crl.pem >/dev/null

openssl pkcs12 -in responder.p12 -passin file:user.pass -nocerts -nodes -out responder.key 2>/dev/null
PORT=$(free_port)
"$SANDI" ca config --dir baubau --ocsp-url "http://127.0.0.1:$PORT/" >/dev/null
issue baubau signing "Rahmat" rahmat
RSER=$(openssl x509 -in rahmat.crt.pem -noout -serial | cut -d= -f2)
RSUBJ=$(openssl x509 -in rahmat.crt.pem -noout -subject -nameopt compat | sed 's/^subject=//')
printf 'V\t301231000000Z\t\t%s\tunknown\t%s\n' "$RSER" "$RSUBJ" >index.txt
openssl ocsp -index index.txt -port "$PORT" -rsigner responder.crt.pem -rkey responder.key -CA baubau/ca.crt.pem \
  -nrequest 1 >openssl-responder.log 2>&1 &
PIDS+=($!)
# (Not probed with a connection: that would be its one request.)
for _ in $(seq 100); do grep -q "waiting for OCSP client" openssl-responder.log && break; sleep 0.1; done
"$SANDI" sign --key rahmat.p12 --pass-file user.pass --level B-LT --tsa "$TSA_URL" --crl root.crl.pem --crl buton.crl.pem \
  --trust root/ca.crt.pem in.pdf -o rahmat.pdf >sign.out 2>sign.err || { cat sign.out sign.err; fail "B-LT via openssl's responder"; }
grep -q "1 OCSP response(s)" sign.out || { cat sign.out; fail "no OCSP response from openssl's responder"; }
ocsp_of() { # ocsp_of PDF OUT: the first /DSS /OCSPs stream
  local obj
  obj=$(python3 -c 'import re,sys; d=open(sys.argv[1],"rb").read(); m=re.findall(rb"/OCSPs \[(\d+) 0 R",d); print(m[-1].decode())' "$1")
  qpdf --show-object="$obj" --raw-stream-data "$1" >"$2"
}
ocsp_of rahmat.pdf rahmat.ocsp.der
openssl ocsp -respin rahmat.ocsp.der -no_nonce -issuer baubau/ca.crt.pem -cert rahmat.crt.pem -CAfile root/ca.crt.pem >ask.txt 2>&1 || true
grep -q "rahmat.crt.pem: good" ask.txt || { cat ask.txt; fail "openssl's response in /DSS: not good"; }
grep -q "Response verify OK" ask.txt || { cat ask.txt; fail "openssl's response in /DSS: not verified"; }
echo "B-LT fetched from openssl ocsp (fetchOcsp): embedded, verified"

# --- B-LT against sandi's responder: /DSS /OCSPs, pdfsig ---------------------------------
"$SANDI" ca config --dir baubau --ocsp-url "$URL" >/dev/null
issue baubau signing "Nurhayati" nur
"$SANDI" sign --key nur.p12 --pass-file user.pass --level B-LT --tsa "$TSA_URL" --crl root.crl.pem --crl buton.crl.pem \
  --trust root/ca.crt.pem in.pdf -o nur.pdf >sign.out 2>sign.err || { cat sign.out sign.err; fail "B-LT"; }
grep -q "1 OCSP response(s)" sign.out || { cat sign.out; fail "B-LT: no OCSP response"; }
grep -q "/VRI" nur.pdf && { python3 -c 'import re,sys; d=open(sys.argv[1],"rb").read(); sys.exit(0 if re.search(rb"/OCSP \[\d+ 0 R",d) else 1)' nur.pdf || fail "/VRI without /OCSP"; }
ocsp_of nur.pdf nur.ocsp.der
openssl ocsp -respin nur.ocsp.der -no_nonce -issuer baubau/ca.crt.pem -cert nur.crt.pem -CAfile root/ca.crt.pem >ask.txt 2>&1 || true
grep -q "nur.crt.pem: good" ask.txt || { cat ask.txt; fail "/DSS OCSP: not good"; }
grep -q "Response verify OK" ask.txt || { cat ask.txt; fail "/DSS OCSP: not verified"; }
pdfsig nur.pdf >ps.txt 2>&1 || true
grep -q "Signature is Valid." ps.txt || { cat ps.txt; fail "pdfsig"; }
qpdf --check nur.pdf >/dev/null || fail "qpdf --check"
# B-LTA too: the document time-stamp comes after the /DSS with the OCSP response.
"$SANDI" sign --key nur.p12 --pass-file user.pass --level B-LTA --tsa "$TSA_URL" --crl root.crl.pem --crl buton.crl.pem \
  --trust root/ca.crt.pem in.pdf -o nur-lta.pdf >sign.out 2>sign.err || { cat sign.out sign.err; fail "B-LTA"; }
grep -q "1 OCSP response(s)" sign.out || fail "B-LTA: no OCSP response"
echo "B-LT against sandi's responder: /DSS /OCSPs verified by openssl, pdfsig valid"

# --- sandi verify judges the embedded response; --online fetches what is missing ---------
verify() { "$SANDI" verify --no-default-trust --trust root/ca.crt.pem --json "$@" 2>/dev/null; }
set +e
verify nur.pdf >v.json; rc=$?
set -e
# The signer's revocation is settled by the embedded OCSP response, the TSA's by the root CRL
# B-LT embedded for the TSA's chain: the file verifies offline with nothing but the root.
python3 - v.json <<'PY' || { cat v.json; fail "B-LT: sandi verify did not use the embedded evidence (exit $rc)"; }
import json, sys
s = json.loads(open(sys.argv[1]).readline())["signatures"][0]
assert any(r["code"] == "REVOCATION_CHECKED_BY_OCSP" and r["text"].startswith("signer: certificate 'CN=Nurhayati")
           for r in s["remarks"]), s["remarks"]
assert any(r["code"] == "REVOCATION_CHECKED_BY_CRL" and r["text"].startswith("time-stamp authority: certificate 'CN=Sandi TSA")
           for r in s["remarks"]), s["remarks"]
assert s["problems"] == [], s["problems"]
assert s["indication"] == "TOTAL-PASSED", s["indication"]
PY
[ "$rc" = 0 ] || fail "B-LT: exit $rc, want 0"
"$SANDI" sign --key nur.p12 --pass-file user.pass in.pdf -o nur-bb.pdf >/dev/null
set +e
verify --crl root.crl.pem nur-bb.pdf >v.json; rc=$?
set -e
[ "$rc" = 3 ] && grep -q '"sub_indication":"TRY_LATER"' v.json || { cat v.json; fail "B-B offline: want INDETERMINATE/TRY_LATER (exit 3), got $rc"; }
set +e
verify --crl root.crl.pem --online nur-bb.pdf >v.json; rc=$?
set -e
[ "$rc" = 0 ] && grep -q REVOCATION_FETCHED_ONLINE v.json && grep -q REVOCATION_CHECKED_BY_OCSP v.json \
  || { cat v.json; fail "B-B --online: want TOTAL-PASSED with the fetched OCSP response (exit $rc)"; }
echo "sandi verify: the embedded OCSP response counts; offline TRY_LATER (exit 3); --online fetches it"

# --- no evidence for a certificate: B-LT refused, nothing written ------------------------
set +e
"$SANDI" sign --key nur.p12 --pass-file user.pass --level B-LT --tsa "$TSA_URL" --no-fetch \
  --trust root/ca.crt.pem in.pdf -o none.pdf >sign.out 2>sign.err
rc=$?
set -e
[ "$rc" = 2 ] || { cat sign.out sign.err; fail "B-LT without evidence exited $rc"; }
grep -q "B-LT cannot be reached" sign.err || { cat sign.err; fail "no reason given"; }
[ ! -e none.pdf ] || fail "output written without evidence"
# The office CA's status comes from the root CRL: without it, the office CA has none either.
set +e
"$SANDI" sign --key nur.p12 --pass-file user.pass --level B-LT --tsa "$TSA_URL" \
  --trust root/ca.crt.pem in.pdf -o none.pdf >sign.out 2>sign.err
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "CN=Sandi CA Kota Baubau" sign.err || { cat sign.err; fail "office CA without evidence"; }
[ ! -e none.pdf ] || fail "output written without evidence for the office CA"
echo "no evidence: refused with the certificate named, nothing written"
# --- revoked: --online now fetches a revoked status ----------------------------------------
"$SANDI" ca revoke --dir baubau "$(openssl x509 -in nur.crt.pem -noout -serial | cut -d= -f2)" \
  --reason keyCompromise >/dev/null
set +e
verify --crl root.crl.pem --online nur-bb.pdf >v.json; rc=$?
set -e
[ "$rc" != 0 ] && grep -q SIGNER_CHAIN_REVOKED v.json || { cat v.json; fail "revoked, --online: still passed (exit $rc)"; }
echo "revoked: sandi verify --online says so"
echo "PASS"
