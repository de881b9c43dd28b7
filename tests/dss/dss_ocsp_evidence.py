#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The OCSP responses real-world PDFs carry in /DSS (the EU DSS validator's suite), read by
`sandi verify`: every response `openssl ocsp -respin` reads, Sandi reads too (`--ocsp FILE`
is refused with exit status 2 only for what OpenSSL cannot read either), and no embedded
response is reported unreadable (REVOCATION_EVIDENCE_UNREADABLE). Then each file is verified
trusting the self-signed certificates of its own /DSS, and the revocation findings are
printed: what the OCSP evidence settled, or why revocation was not reached.

usage: dss_ocsp_evidence.py SANDI DSS_DIR   (exit 77 when DSS_DIR is missing)"""
import base64
import json
import os
import subprocess
import sys
import tempfile


def dss_streams(pdf):
    """{"/Certs": [bytes], "/CRLs": [...], "/OCSPs": [...]} of the file's /DSS (qpdf JSON)."""
    r = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", pdf],
                       capture_output=True)
    if not r.stdout:
        return None
    objs = json.loads(r.stdout)["qpdf"][1]
    def value(x):
        if isinstance(x, str) and x.endswith(" R"):
            return objs.get("obj:" + x, {}).get("value", objs.get("obj:" + x, {}))
        return x
    root = value(objs["trailer"]["value"]["/Root"])
    dss = value(root.get("/DSS"))
    out = {}
    if not isinstance(dss, dict):
        return out
    for key in ("/Certs", "/CRLs", "/OCSPs"):
        for ref in value(dss.get(key, [])) or []:
            st = objs.get("obj:" + ref, {}).get("stream")
            if st and "data" in st:
                out.setdefault(key, []).append(base64.b64decode(st["data"]))
    return out


def main():
    sandi, root = sys.argv[1], sys.argv[2]
    if not os.path.isdir(root):
        print("dss_ocsp_evidence: no DSS test files, skipped")
        return 77
    pdfs = []
    for d, _, files in os.walk(root):
        for f in sorted(files):
            p = os.path.join(d, f)
            if f.lower().endswith(".pdf"):
                pdfs.append(p)
    bad = 0
    responses = 0
    files = 0
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in sorted(pdfs):
            name = os.path.relpath(pdf, root)
            try:
                streams = dss_streams(pdf)
            except (ValueError, KeyError):
                streams = None
            if not streams or not streams.get("/OCSPs"):
                continue  # no /DSS /OCSPs (or qpdf cannot read the file)
            files += 1
            trust = os.path.join(tmp, "trust.pem")
            with open(trust, "w") as t:
                for i, der in enumerate(streams.get("/Certs", [])):
                    c = os.path.join(tmp, f"c{i}.der")
                    open(c, "wb").write(der)
                    subj = subprocess.run(["openssl", "x509", "-inform", "der", "-in", c, "-noout", "-subject",
                                           "-issuer", "-nameopt", "RFC2253"], capture_output=True, text=True).stdout
                    lines = [l.split("=", 1)[1] for l in subj.splitlines() if "=" in l]
                    if len(lines) == 2 and lines[0] == lines[1]:
                        t.write(subprocess.run(["openssl", "x509", "-inform", "der", "-in", c],
                                               capture_output=True, text=True).stdout)
            for i, der in enumerate(streams.get("/OCSPs", [])):
                responses += 1
                o = os.path.join(tmp, f"o{i}.der")
                open(o, "wb").write(der)
                openssl_reads = subprocess.run(["openssl", "ocsp", "-respin", o, "-noverify", "-resp_text"],
                                               capture_output=True).returncode == 0
                sandi_reads = subprocess.run([sandi, "verify", "--no-revocation-check", "--ocsp", o, pdf],
                                             capture_output=True).returncode != 2
                if openssl_reads != sandi_reads:
                    bad += 1
                    print(f"{name}: OCSP response {i}: openssl reads it: {openssl_reads}, sandi: {sandi_reads}")
            args = [sandi, "verify", "--json"] + (["--trust", trust] if os.path.getsize(trust) else []) + [pdf]
            out = subprocess.run(args, capture_output=True, text=True).stdout
            for line in out.splitlines():
                for s in json.loads(line)["signatures"]:
                    unreadable = [r["text"] for r in s["remarks"] if r["code"] == "REVOCATION_EVIDENCE_UNREADABLE"]
                    if unreadable:
                        bad += 1
                        print(f"{name} {s['field']}: {unreadable}")
                    revocation = [r["code"] for r in s["remarks"] if r["code"].startswith("REVOCATION_")]
                    print(f"{name:60} {s['field']:12} {'valid' if s['valid'] else 'not valid':9} "
                          f"{[p['code'] for p in s['problems']]} {revocation}")
                    for r in s["remarks"]:
                        if r["code"] == "REVOCATION_CHECKED_BY_OCSP":
                            print(f"    {r['text']}")
    print(f"dss_ocsp_evidence: {files} files, {responses} OCSP responses in /DSS, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
