#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The desktop end-to-end test's world: a throwaway PKI made with `sandi ca`, a real
`sandi-relay`, and two officials (Andi at the province, Sri at Buton) enrolled with the
`sandi` CLI. Then desktop_e2e (two desktop windows in one process, each its own account,
session thread and relay connection) runs under Xvfb on the xcb platform — or offscreen
when xvfb-run is missing — and this script checks the saved attachment byte for byte.

usage: run_e2e.py --sandi BIN --relay BIN --e2e BIN [--screenshots DIR] [--keep]"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "relay"))
from itest_harness import Device, Failed, Harness, Pki, Relay, check, sha256_file  # noqa: E402

ANDI = ("Andi Pratama", "197804122003121002", "provinsi", "Kepala Bidang Persandian")
SRI = ("Sri Wahyuni", "198707212011012006", "buton", "Kepala Bidang Persandian")
E2E_TIMEOUT_S = 240


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sandi", required=True)
    p.add_argument("--relay", required=True)
    p.add_argument("--e2e", required=True)
    p.add_argument("--screenshots", help="save the user guide's pictures here (and run the screens test)")
    p.add_argument("--app", help="the sandi-desktop binary, started once on a store")
    p.add_argument("--lang", help="the windows' language (id for the user guide)")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    h = Harness(args.sandi, args.relay, keep=args.keep)
    ok = False
    try:
        pki = Pki(h, h.path("pki"))
        relay = Relay(h, pki, "desktop", http=False)
        relay.start()
        andi = Device(h, pki, "andi", f"{ANDI[0]} (laptop)", ANDI[1], ANDI[2], ANDI[3]).enrol(relay.url)
        sri = Device(h, pki, "sri", f"{SRI[0]} (laptop)", SRI[1], SRI[2], SRI[3]).enrol(relay.url)
        # Each publishes its prekeys once (as the desktop also does when it connects).
        andi.inbox()
        sri.inbox()
        attachment = h.path("Laporan triwulan IV.pdf")
        with open(attachment, "wb") as f:
            f.write(b"%PDF-1.4\n" + os.urandom(300_000) + b"\n%%EOF\n")
        out = h.path("saved-by-sri.pdf")
        env = dict(os.environ)
        env.update({
            "SANDI_E2E_A_STORE": andi.store, "SANDI_E2E_A_PASS": andi.pass_file,
            "SANDI_E2E_B_STORE": sri.store, "SANDI_E2E_B_PASS": sri.pass_file,
            "SANDI_E2E_B_NIP": SRI[1], "SANDI_E2E_ATTACHMENT": attachment, "SANDI_E2E_OUT": out,
        })
        if args.screenshots:
            env["SANDI_E2E_SCREENSHOTS"] = os.path.abspath(args.screenshots)
        if args.lang:
            env["SANDI_E2E_LANG"] = args.lang
        argv = [*os.environ.get("SANDI_E2E_WRAP", "").split(), args.e2e]  # e.g. "gdb -batch -ex run -ex bt --args"
        if shutil.which("xvfb-run"):
            env["QT_QPA_PLATFORM"] = "xcb"
            argv = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", *argv]
            print("running under Xvfb (xcb)", flush=True)
        else:
            env["QT_QPA_PLATFORM"] = "offscreen"
            print("xvfb-run is missing: running on the offscreen platform", flush=True)
        r = subprocess.run([*argv, "--gtest_filter=*TwoClients*"], env=env, timeout=E2E_TIMEOUT_S)
        check(r.returncode == 0, f"desktop_e2e (two clients) exited with {r.returncode}")
        check(os.path.exists(out), "Sri's saved attachment is missing")
        check(sha256_file(out) == sha256_file(attachment), "the saved attachment differs from the one Andi sent")
        print("PASS  two desktop clients exchanged an SR memo with a 300 kB attachment through a real relay", flush=True)

        if args.keep:  # to run desktop_e2e again by hand (under gdb, say)
            with open(h.path("e2e.env"), "w") as f:
                for k, v in env.items():
                    if k.startswith("SANDI_E2E"):
                        f.write(f"export {k}='{v}'\n")
            print(f"environment kept in {h.path('e2e.env')}", flush=True)
        # The application itself (main.cpp: settings, the lock controller, the session):
        # started on Andi's store with --pass-file, it connects to the relay and stays up.
        if args.app:
            before = len(relay.audit_lines("connect"))
            app_argv = [*argv[:-1], args.app, "--store", andi.store, "--pass-file", andi.pass_file,
                        "--settings", h.path("desktop-settings.ini"), "--lang", "id"]
            # Its own process group: xvfb-run, Xvfb and sandi-desktop all get the signal.
            log_path = h.path("sandi-desktop.log")
            log = open(log_path, "w")
            app = subprocess.Popen(app_argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            log.close()
            try:
                deadline = time.monotonic() + 60
                while len(relay.audit_lines("connect")) == before and app.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.1)
                check(app.poll() is None, f"sandi-desktop exited ({app.returncode}) before connecting")
                check(len(relay.audit_lines("connect")) > before, "sandi-desktop did not connect to the relay in 60 s")
            finally:
                try:
                    os.killpg(app.pid, signal.SIGTERM)
                    app.wait(30)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(app.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    app.wait(10)
            output = open(log_path).read()
            check("Qt has caught an exception" not in output and "QObject::" not in output,
                  f"sandi-desktop reported a problem\n{output}")
            print("PASS  sandi-desktop opened Andi's store with --pass-file and connected to the relay", flush=True)

        # Offline: the relay is stopped; the test writes the marker when the memo waits.
        relay.stop()
        marker = h.path("offline.marker")
        env["SANDI_E2E_OFFLINE_MARKER"] = marker
        wrap = os.environ.get("SANDI_E2E_WRAP_OFFLINE", "").split()  # e.g. "/usr/bin/gdb -batch -ex run -ex bt --args"
        offline = [*argv[:-1], *wrap, argv[-1]]
        proc = subprocess.Popen([*offline, "--gtest_filter=*Offline*"], env=env)
        deadline = time.monotonic() + E2E_TIMEOUT_S
        while not os.path.exists(marker) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if os.path.exists(marker):
            relay.start(port=relay.port)
        try:
            rc = proc.wait(max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "a timeout"
        check(rc == 0, f"desktop_e2e (offline) exited with {rc}")
        print("PASS  a memo composed offline waited, survived a restart and was delivered once on reconnect", flush=True)

        if args.screenshots:
            # A letter signed by Andi (PAdES with a visible stamp), and a folder with it and a tampered copy.
            key = pki.issue_signing("provinsi", ANDI[0], ANDI[1], ANDI[3], "andi.pratama@sultraprov.go.id",
                                    pki.file("people", "andi-signing"))
            base = h.path("surat-edaran.pdf")
            subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                         "tools", "pdftool.py"), "base", base], check=True)
            signed = h.path("surat-edaran-signed.pdf")
            h.sandi("sign", "--key", key, "--pass-file", pki.passes["user"], "--visible", "1:360,60,200,70",
                    "--reason", "Persetujuan", "--location", "Kendari", base, "-o", signed).expect(0)
            folder = h.path("arsip")
            os.makedirs(folder)
            shutil.copy(signed, os.path.join(folder, "surat-edaran-signed.pdf"))
            data = bytearray(open(signed, "rb").read())
            at = data.find(b"/Contents (") if b"/Contents (" in data else len(data) // 3
            data[at // 2] ^= 0x01
            open(os.path.join(folder, "surat-edaran-diubah.pdf"), "wb").write(data)
            env["SANDI_E2E_SIGNED_PDF"] = signed
            env["SANDI_E2E_FOLDER"] = folder
            r = subprocess.run([*argv, "--gtest_filter=*Screens*"], env=env, timeout=E2E_TIMEOUT_S)
            check(r.returncode == 0, f"desktop_e2e (screens) exited with {r.returncode}")
            print(f"PASS  the user guide's pictures are in {args.screenshots}", flush=True)
        ok = True
    except Failed as e:
        print(f"FAIL  {e}")
        for r in h.relays:
            print(r.log_tail())
    finally:
        h.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
