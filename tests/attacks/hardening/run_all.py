#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The verifier's file-structure hardening (issue 10), as generated cases: every script
builds files of one class, variants included, and checks `sandi verify --json` on each
(the verdict and the finding codes); signatures from Sandi and from the openssl CLI.

  run_all.py SANDI PKI_DIR WORK_DIR [SCRIPT...]
"""
import os
import shutil
import subprocess
import sys

SANDI, PKI, WORK = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
scripts = sys.argv[4:] or sorted(f for f in os.listdir(here) if f.startswith("h") and f[1].isdigit() and f.endswith(".py"))
env = dict(os.environ, SANDI=SANDI, SANDI_PKI=PKI)
failed = []
for script in scripts:
    env["SANDI_HARDEN_WORK"] = os.path.join(WORK, script[:-3])
    shutil.rmtree(env["SANDI_HARDEN_WORK"], ignore_errors=True)  # (keys extracted from an older demo PKI)
    r = subprocess.run([sys.executable, os.path.join(here, script)], env=env, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        sys.stdout.write(r.stderr[-6000:])
        failed.append(script)
if failed:
    print("FAILED:", " ".join(failed))
    sys.exit(1)
print("hardening: %d scripts, every case as expected" % len(scripts))
