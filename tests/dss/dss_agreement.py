#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real-world signed PDFs from the EU DSS validator's test suite: does `sandi verify`
agree with what DSS's own tests assert about each file (../shared/testdata/pdf/dss,
expect.json)? Trust is judged apart (the files' CAs are foreign test CAs): this checks
integrity (digest, signature value, byte range, time-stamp imprints) and the analysis of
what changed after signing.

  dss_agreement.py SANDI DSS_DIR KNOWN_DISAGREEMENTS

Every disagreement must be listed in KNOWN_DISAGREEMENTS with its reason, and every
listed one must still disagree (a fixed one is removed from the list), so the list only
shrinks on purpose.
"""
import json
import os
import subprocess
import sys

SANDI, DSS, KNOWN = sys.argv[1], sys.argv[2], sys.argv[3]
if not os.path.exists(os.path.join(DSS, "expect.json")):
    print("dss_agreement: %s is not here (the shared test data sits beside the clone): skipped" % DSS)
    sys.exit(77)
INTEGRITY = {"CMS_DIGEST_MISMATCH", "CMS_SIGNATURE_INVALID", "CMS_MALFORMED", "CMS_UNSUPPORTED", "CMS_DIGEST_BROKEN",
             "CMS_ALGORITHM_MISMATCH", "CMS_ATTRIBUTES_NOT_DER",
             "SIGNATURE_WRAPPING", "BYTE_RANGE_GAP_NOT_HEX", "BYTE_RANGE_OUTSIDE_FILE", "BYTE_RANGE_MALFORMED",
             "BYTE_RANGE_NOT_FROM_START", "BYTE_RANGE_NOT_REVISION_END", "BYTE_RANGE_GAP_TOO_LARGE", "CONTENTS_MISSING",
             "UNSUPPORTED_SUBFILTER", "SIGNATURE_DICTIONARY_NOT_PLAIN", "SIGNATURE_DICTIONARY_MISSING",
             "SIGNATURE_DICTIONARY_CHANGED", "SIGNED_REVISION_UNREADABLE"}
TIMESTAMP = {"TIMESTAMP_INVALID", "TIMESTAMP_IMPRINT_MISMATCH"}

expect = json.load(open(os.path.join(DSS, "expect.json")))["files"]
known = {}
for line in open(KNOWN, encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#"):
        name, _, reason = line.partition("  ")
        known[name.strip()] = reason.strip()


def judge(name, e):
    """The disagreements with DSS for one file, as short strings (empty: agreement)."""
    path = os.path.join(DSS, "files", name)
    r = subprocess.run([SANDI, "verify", "--json", "--no-revocation-check", path], capture_output=True, text=True)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if r.returncode not in (0, 1, 2, 3) or not lines:
        return ["crashed or printed no verdict (exit %d)" % r.returncode]
    f = json.loads(lines[0])
    if "error" in f:
        if e.get("exit2_ok") or e["integrity"]["signatures"] == "unknown" and e["modification"] == "unknown":
            return []
        return ["unreadable: " + f["error"]]
    out = []
    sigs = [s for s in f["signatures"] if s["kind"] != "document time-stamp"]
    tss = [s for s in f["signatures"] if s["kind"] == "document time-stamp"]
    codes = lambda s: {p["code"] for p in s["problems"]}
    ig = e["integrity"]["signatures"]
    broken = [s for s in sigs if codes(s) & INTEGRITY]
    if ig == "intact" and broken:
        out.append("signature integrity: %s" % sorted(set().union(*(codes(s) & INTEGRITY for s in broken))))
    if ig == "broken" and sigs and not broken:
        out.append("DSS: a signature is broken; Sandi: intact")
    for field, want in e["integrity"].get("signature_fields", {}).items():
        for s in sigs:
            if s["field"] == field and (want == "intact") == bool(codes(s) & INTEGRITY):
                out.append("field %s: DSS %s" % (field, want))
    ti = e["integrity"]["timestamps"]
    tsBroken = [s for s in f["signatures"] if codes(s) & TIMESTAMP]
    if ti == "intact" and tsBroken:
        out.append("time-stamp integrity: %s" % sorted(set().union(*(codes(s) & TIMESTAMP for s in tsBroken))))
    if ti == "mixed" and not (tsBroken and len(tsBroken) < len(tss) + len(sigs)):
        out.append("DSS: some time-stamps broken, some intact")
    disallowed = [c for s in f["signatures"] for c in s["changes"] if not c["allowed"]]
    m = e["modification"]
    per_field = e.get("modification_fields", {})
    if m == "none" and disallowed:
        out.append("judged modified: %s" % sorted({c["code"] for c in disallowed}))
    if m == "modified" and not per_field and not any(s["changes"] for s in f["signatures"]):
        out.append("DSS: modified after signing; Sandi: no change")
    for field, want in per_field.items():
        for s in f["signatures"]:
            if s["field"] != field:
                continue
            bad = [c for c in s["changes"] if not c["allowed"]]
            if want == "none" and bad:
                out.append("field %s judged modified: %s" % (field, sorted({c["code"] for c in bad})))
            if want == "modified" and not s["changes"]:
                out.append("field %s: DSS modified; Sandi: no change" % field)
    return out


failures = []
agree = 0
for name, e in sorted(expect.items()):
    if not os.path.exists(os.path.join(DSS, "files", name)):
        continue
    found = judge(name, e)
    if found and name not in known:
        failures.append("%s: disagrees with DSS: %s" % (name, "; ".join(found)))
    elif not found and name in known:
        failures.append("%s: now agrees with DSS: remove it from %s" % (name, os.path.basename(KNOWN)))
    elif not found:
        agree += 1
    print("%-75s %s" % (name, "agrees" if not found else "KNOWN: " + known.get(name, "") + " | " + "; ".join(found)))
print("dss_agreement: %d files agree with DSS, %d known disagreements" % (agree, len(known)))
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
