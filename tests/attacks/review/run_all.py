#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bypasses an outside review found in the modification rules (2026-12-01), kept as
regression tests: each script builds a signed document and an attack on it (a change a
viewer shows, let through by a rule's blind spot) and runs `sandi verify`; the attack file
must be refused (exit 1).

  run_all.py SANDI PKI_DIR WORK_DIR
"""
import os
import re
import subprocess
import sys

SANDI, PKI, WORK = sys.argv[1:4]
env = dict(os.environ, SANDI=SANDI, SANDI_PKI=PKI, SANDI_REVIEW_WORK=WORK, SANDI_REVIEW_NO_RENDER="1")
here = os.path.dirname(os.path.abspath(__file__))
variants = [
    ("a1_info_alias.py", []), ("a1_info_alias.py", ["1"]), ("a1_info_alias.py", ["3"]),            # /Info is also page resources
    ("a2_metadata_dss_alias.py", ["meta", "1"]), ("a2_metadata_dss_alias.py", ["certs", "1"]),     # XMP / DSS parts are page objects
    ("a2_metadata_dss_alias.py", ["vri", "1"]),
    ("a3_undefined_in_dictionary.py", []), ("a3_undefined_in_dictionary.py", ["1"]),               # a dangling reference in a dictionary
    ("a3_undefined_in_dictionary.py", ["1", "trailer"]), ("a3_undefined_in_dictionary.py", ["-", "xref"]),  # ... hidden behind trailer look-alikes
    ("a4_reference_budget.py", ["1"]),                                                              # exhausting a reference budget
    ("a5_prepared_sigfield_ap.py", ["2", "null"]), ("a5_prepared_sigfield_ap.py", ["2", "reuse"]),  # a prepared field drawn unsigned
    ("a5_prepared_sigfield_ap.py", ["approval", "null"]), ("a5_prepared_sigfield_ap.py", ["3", "reuse"]),
    ("a6_comment_rect.py", ["rect5", "text"]), ("a6_comment_rect.py", ["rect3", "sig"]),            # a malformed /Rect
    ("a6_comment_rect.py", ["rect5", "sigv"]),
    ("a7_dr_font_swap.py", ["approval"]), ("a7_dr_font_swap.py", ["2"]),                            # /DR font swap, NeedAppearances
]
failures = []
for script, args in variants:
    r = subprocess.run([sys.executable, os.path.join(here, script), *args], capture_output=True, text=True, env=env)
    exits = re.findall(r"== (\S+-attack\.pdf) exit (\d+)", r.stdout)
    signed = re.findall(r"== (\S+-signed\.pdf) exit (\d+)", r.stdout)
    verdict = "refused" if exits and all(code == "1" for _, code in exits) else "NOT REFUSED"
    if any(code != "0" for _, code in signed):
        verdict = "SIGNED FILE NOT VALID"  # the test itself is broken
    print("%-32s %-16s %s %s" % (script, " ".join(args), verdict, exits))
    if verdict != "refused":
        failures.append("%s %s: %s\n%s" % (script, " ".join(args), exits, (r.stdout + r.stderr)[-2000:]))
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("review_attacks: %d variants, every attack refused" % len(variants))
