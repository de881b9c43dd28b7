#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`sandi verify` as an auditor meets it, on documents signed at test time with the demo
PKI: the exit status follows the ETSI indications (0 passed, 1 failed, 3 indeterminate,
2 unreadable), trust comes from the trust directories (a bad file is a warning naming
it; --trust adds; --no-default-trust ignores them), each signature names its anchor, and
the people's output follows the locale (Bahasa Indonesia) while --json does not.

  verify_cli.py SANDI PKI_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pdftool  # noqa: E402

SANDI, PKI, WORK = sys.argv[1:4]
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
ROOT = os.path.join(PKI, "trust/root.pem")
CRL = ["--crl", os.path.join(PKI, "crls.pem")]
EMPTY = os.path.join(WORK, "empty")
os.makedirs(EMPTY)
# The host's own trust directories never take part; LANG stays as CI has it.
BASE_ENV = dict(os.environ, SANDI_SYSTEM_TRUST_DIR=EMPTY, XDG_CONFIG_HOME=EMPTY)
BASE_ENV.pop("LANGUAGE", None)
failures = []


def w(name):
    return os.path.join(WORK, name)


def run(*args, env=None, **extra):
    e = dict(BASE_ENV, **(env or {}))
    return subprocess.run([SANDI, "verify", *args], capture_output=True, text=True, env=e, **extra)


def check(what, cond, r=None):
    if not cond:
        failures.append(what + ("" if r is None else " (exit %d)\n%s%s" % (r.returncode, r.stdout, r.stderr)))


def verdicts(r):
    return [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]


open(w("base.pdf"), "wb").write(pdftool.base_pdf())
subprocess.run([SANDI, "sign", "--key", os.path.join(PKI, "people/baubau/wa-ode-sitti-signing.p12"), "--pass-file",
                os.path.join(PKI, "pass/user.pass"), w("base.pdf"), "-o", w("signed.pdf")], check=True,
               stdout=subprocess.DEVNULL)
signed = open(w("signed.pdf"), "rb").read()
at = signed.index(b"Tf")  # inside the first page's content stream, in the signed range
open(w("tampered.pdf"), "wb").write(signed[:at] + b"TF" + signed[at + 2:])

# --- exit status by indication -----------------------------------------------------------
r = run("--json", "--trust", ROOT, *CRL, w("signed.pdf"))
f = verdicts(r)[0]
check("intact and trusted: exit 0, TOTAL-PASSED", r.returncode == 0 and f["indication"] == "TOTAL-PASSED"
      and f["sub_indication"] is None and f["signatures"][0]["anchor"], r)

r = run("--json", "--trust", ROOT, w("signed.pdf"))
f = verdicts(r)[0]
check("no CRL: exit 3, INDETERMINATE/TRY_LATER",
      r.returncode == 3 and (f["indication"], f["sub_indication"]) == ("INDETERMINATE", "TRY_LATER")
      and not f["valid"], r)

r = run("--json", *CRL, w("signed.pdf"))
f = verdicts(r)[0]
check("no anchor: exit 3, NO_CERTIFICATE_CHAIN_FOUND, no anchor named",
      r.returncode == 3 and f["sub_indication"] == "NO_CERTIFICATE_CHAIN_FOUND"
      and f["signatures"][0]["anchor"] is None, r)

r = run("--json", "--trust", ROOT, *CRL, w("tampered.pdf"))
f = verdicts(r)[0]
check("a changed signed byte: exit 1, TOTAL-FAILED/HASH_FAILURE",
      r.returncode == 1 and (f["indication"], f["sub_indication"]) == ("TOTAL-FAILED", "HASH_FAILURE"), r)

r = run("--json", "--trust", ROOT, *CRL, w("base.pdf"))
check("unsigned: exit 1, TOTAL-FAILED/FORMAT_FAILURE",
      r.returncode == 1 and verdicts(r)[0]["sub_indication"] == "FORMAT_FAILURE", r)
r = run("--trust", ROOT, w("signed.pdf"), w("tampered.pdf"))
check("undecided and failed: exit 1", r.returncode == 1, r)
r = run("--trust", ROOT, *CRL, w("signed.pdf"), w("does-not-exist.pdf"))
check("unreadable: exit 2", r.returncode == 2, r)
r = run("--trust", ROOT, *CRL, "--no-such-option", w("signed.pdf"))
check("usage error: exit 2", r.returncode == 2, r)

# --- trust directories ---------------------------------------------------------------------
system = w("etc-sandi-trust.d")
os.makedirs(system)
shutil.copy(ROOT, os.path.join(system, "10-root.pem"))
open(os.path.join(system, "20-broken.pem"), "w").write("-----BEGIN CERTIFICATE-----\nbroken\n")
r = run("--json", *CRL, w("signed.pdf"), env={"SANDI_SYSTEM_TRUST_DIR": system})
f = verdicts(r)
check("the system trust directory is read by default", r.returncode == 0 and f and f[0]["valid"], r)
check("a bad trust file is a warning naming it", "20-broken.pem" in r.stderr and "warning" in r.stderr, r)
root_subject = f[0]["signatures"][0]["anchor"] if f else None
check("the anchor is the installed root", root_subject and "Root" in root_subject, r)
r = run("--json", "--no-default-trust", *CRL, w("signed.pdf"), env={"SANDI_SYSTEM_TRUST_DIR": system})
check("--no-default-trust ignores the directories", r.returncode == 3, r)
r = run("--json", "--no-default-trust", "--trust", ROOT, *CRL, w("signed.pdf"), env={"SANDI_SYSTEM_TRUST_DIR": system})
check("--no-default-trust keeps --trust", r.returncode == 0, r)
config = w("config")
os.makedirs(os.path.join(config, "sandi/trust.d"))
shutil.copy(ROOT, os.path.join(config, "sandi/trust.d/root.pem"))
r = run("--json", *CRL, w("signed.pdf"), env={"XDG_CONFIG_HOME": config})
check("the user's trust directory is read by default", r.returncode == 0, r)
r = run("--trust", ROOT, *CRL, w("signed.pdf"))
check("the people's output names the anchor", "trust anchor: " + (root_subject or "?") in r.stdout, r)

# --- language --------------------------------------------------------------------------------
files = [w("signed.pdf"), w("tampered.pdf"), w("base.pdf")]
for env in ({"LANGUAGE": "id"}, {"LANG": "id_ID.UTF-8"}):
    en = run("--json", "--trust", ROOT, *CRL, *files)
    idn = run("--json", "--trust", ROOT, *CRL, *files, env=env)
    check("--json does not change with %s" % env, en.stdout == idn.stdout and en.returncode == idn.returncode, idn)
    people = run("--trust", ROOT, *CRL, *files, env=env)
    check("the people's output is in Bahasa Indonesia with %s" % env,
          "TIDAK SAH [TOTAL-FAILED/HASH_FAILURE]" in people.stdout and "indikasi: TOTAL-PASSED" in people.stdout
          and "Dokumen ini tidak memiliki tanda tangan. (the document has no signatures) [NO_SIGNATURES]"
          in people.stdout and "ringkasan: 3 berkas" in people.stdout, people)
english = run("--trust", ROOT, *CRL, *files)
check("English by default", "NOT VALID [TOTAL-FAILED/HASH_FAILURE]" in english.stdout
      and "[NO_SIGNATURES]" in english.stdout and "tanda tangan" not in english.stdout, english)
english = run("--trust", ROOT, *CRL, *files, env={"LC_ALL": "C", "LANGUAGE": "id"})
check("LC_ALL=C keeps English", "indication: TOTAL-PASSED" in english.stdout, english)

if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("verify_cli: exit statuses, trust directories, anchors and languages as documented")
