#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTML report (`sandi verify --report FILE.html`) follows the locale as the people's
output does (po/id.po through gettext): in Bahasa Indonesia under LANGUAGE=id or
LANG=id_ID.UTF-8, with <html lang="id"> and the findings' Indonesian sentences; English,
<html lang="en">, by default and under LC_ALL=C. Codes and indications are the same in
every language, and so is --json.

  report_language.py SANDI PKI_DIR WORK_DIR
"""
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
TRUST = ["--no-default-trust", "--trust", ROOT, "--crl", os.path.join(PKI, "crls.pem")]
# The host's language never takes part: each run names its own.
BASE_ENV = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
failures = []


def w(name):
    return os.path.join(WORK, name)


def check(what, cond, detail=""):
    if not cond:
        failures.append(what + ("\n" + detail[-3000:] if detail else ""))


open(w("base.pdf"), "wb").write(pdftool.base_pdf())
subprocess.run([SANDI, "sign", "--key", os.path.join(PKI, "people/baubau/wa-ode-sitti-signing.p12"), "--pass-file",
                os.path.join(PKI, "pass/user.pass"), w("base.pdf"), "-o", w("signed.pdf")], check=True,
               stdout=subprocess.DEVNULL)
signed = open(w("signed.pdf"), "rb").read()
at = signed.index(b"Tf")  # inside the first page's content stream, in the signed range
open(w("tampered.pdf"), "wb").write(signed[:at] + b"TF" + signed[at + 2:])
FILES = [w("signed.pdf"), w("tampered.pdf"), w("base.pdf")]


def report(name, env):
    out = w(name + ".html")
    r = subprocess.run([SANDI, "verify", *TRUST, "--report", out, *FILES], capture_output=True, text=True,
                       env=dict(BASE_ENV, **env))
    check("%s: exit 1 (one failed)" % name, r.returncode == 1, r.stdout + r.stderr)
    return open(out, encoding="utf-8").read() if os.path.exists(out) else ""


INDONESIAN = ['<html lang="id">', "<h1>Sandi: laporan verifikasi tanda tangan</h1>", "<th>Putusan</th>",
              "<th>Indikasi</th>", "<th>Jangkar kepercayaan</th>", "<th>Penanda tangan</th>",
              "<th>Waktu tanda tangan (diklaim)</th>", "<th>Mencakup seluruh dokumen</th>",
              "<th>Perubahan setelah ditandatangani</th>", ">SAH<", ">TIDAK SAH<", "tidak ada", "halaman 1, tanda tangan",
              # a finding's fixed sentence, then its English details and the code, unchanged
              "Dokumen ini tidak memiliki tanda tangan. (the document has no signatures) <code>NO_SIGNATURES</code>"]
ENGLISH = ['<html lang="en">', "<h1>Sandi: signature verification report</h1>", "<th>Verdict</th>",
           "<th>Indication</th>", "<th>Trust anchor</th>", "<th>Signer</th>", "<th>Signing time (claimed)</th>",
           "<th>Covers the whole document</th>", "<th>Changes after signing</th>", ">VALID<", ">NOT VALID<",
           "page 1, signature", "the document has no signatures <code>NO_SIGNATURES</code>"]
# The same in every language: indications, codes, names from the files.
CODES = ["TOTAL-PASSED", "TOTAL-FAILED / HASH_FAILURE", "<code>NO_SIGNATURES</code>", "Wa Ode Sitti"]

for name, env in (("id-language", {"LANGUAGE": "id"}), ("id-lang", {"LANG": "id_ID.UTF-8"})):
    html = report(name, env)
    for label in INDONESIAN + CODES:
        check("%s: %r in the report" % (name, label), label in html, html)
    for label in ("<th>Verdict</th>", "<th>Signer</th>", "signature verification report", 'lang="en"'):
        check("%s: no English %r" % (name, label), label not in html, html)

for name, env in (("default", {}), ("c-locale", {"LC_ALL": "C", "LANGUAGE": "id"})):
    html = report(name, env)
    for label in ENGLISH + CODES:
        check("%s: %r in the report" % (name, label), label in html, html)
    for label in ("Putusan", "Penanda tangan", "tanda tangan", 'lang="id"'):
        check("%s: no Indonesian %r" % (name, label), label not in html, html)

en = subprocess.run([SANDI, "verify", "--json", *TRUST, *FILES], capture_output=True, text=True, env=BASE_ENV)
idn = subprocess.run([SANDI, "verify", "--json", *TRUST, *FILES], capture_output=True, text=True,
                     env=dict(BASE_ENV, LANGUAGE="id"))
check("--json does not change with the language", en.stdout == idn.stdout and en.stdout.startswith("{"),
      en.stdout + idn.stdout)

if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("report_language: the HTML report in Bahasa Indonesia (LANGUAGE=id, LANG=id_ID.UTF-8) and English "
      "(default, LC_ALL=C); codes and JSON unchanged")
