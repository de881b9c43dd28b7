#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The relay's crash test: two senders send memos steadily (each `sandi send` retried with
the same --id until it exits 0) and a receiver runs `sandi inbox --watch --json`, while the
relay is killed with SIGKILL and restarted on the same port and data directory at least
five times. Afterwards every memo the relay accepted must have reached the recipient
application exactly once. Prints accepted / delivered / lost / duplicated; exit 1 if any
is lost or duplicated.

  crash_test.py --sandi PATH --relay PATH [--messages N] [--kills K] [--keep DIR]"""
import argparse
import collections
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, **kw)


class Relay:
    def __init__(self, binary, pki, data):
        self.binary, self.pki, self.data = binary, pki, data
        self.port = 0
        self.proc = None
        self.starts = 0

    def start(self):
        argv = [self.binary, "--listen", f"127.0.0.1:{self.port}", "--tls-p12", f"{self.pki}/services/relay.p12",
                "--tls-pass-file", f"{self.pki}/pass/user.pass", "--trust", f"{self.pki}/trust/root.pem",
                "--crl", f"{self.pki}/crls.pem", "--data", self.data]
        log = open(os.path.join(os.path.dirname(self.data), "relay.log"), "a")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=log, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on wss://127\.0\.0\.1:(\d+)/", line)
        if not m:
            raise SystemExit(f"relay did not start: {line!r}")
        self.port = int(m.group(1))
        self.starts += 1

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def url(self):
        return f"wss://127.0.0.1:{self.port}"


def enrol(sandi, pki, store, office, name, nip, relay_url, passfile):
    run([sandi, "account", "request", "--store", store, "--out", store + ".csr", "--name", name, "--nip", nip,
         "--pass-file", passfile]).check_returncode()
    r = run([sandi, "ca", "issue", "--dir", f"{pki}/ca/{office}", "--profile", "device", "--csr", store + ".csr",
             "--out", store + "-cert", "--ca-pass-file", f"{pki}/pass/office.pass"])
    r.check_returncode()
    run([sandi, "account", "init", "--store", store, "--cert", store + "-cert.chain.pem", "--trust",
         f"{pki}/trust/root.pem", "--crl", f"{pki}/crls.pem", "--relay", relay_url, "--pass-file",
         passfile]).check_returncode()
    run([sandi, "inbox", "--store", store, "--pass-file", passfile]).check_returncode()  # publishes prekeys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sandi", required=True)
    ap.add_argument("--relay", required=True)
    ap.add_argument("--messages", type=int, default=40)
    ap.add_argument("--kills", type=int, default=6)
    ap.add_argument("--keep")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="sandi-crash-")
    os.makedirs(work, exist_ok=True)
    try:
        pki = os.path.join(work, "pki")
        if not os.path.exists(pki):
            run(["bash", os.path.join(ROOT, "certs/make-demo-pki.sh"), a.sandi, pki]).check_returncode()
        passfile = os.path.join(work, "device.pass")
        with open(passfile, "w") as f:
            f.write("crash test passphrase\n")
        relay = Relay(a.relay, pki, os.path.join(work, "relay-data"))
        relay.start()
        senders = [os.path.join(work, "sender-buton"), os.path.join(work, "sender-baubau")]
        receiver = os.path.join(work, "receiver")
        enrol(a.sandi, pki, senders[0], "buton", "Sri Wahyuni (laptop)", "198707212011012006", relay.url(), passfile)
        enrol(a.sandi, pki, senders[1], "baubau", "La Ode Arif (laptop)", "199001152015031004", relay.url(), passfile)
        enrol(a.sandi, pki, receiver, "provinsi", "Andi Pratama (laptop)", "197804122003121002", relay.url(), passfile)

        # The receiver: one long-running inbox that reconnects by itself.
        out_path = os.path.join(work, "inbox.jsonl")
        out = open(out_path, "w")
        watcher = subprocess.Popen([a.sandi, "inbox", "--watch", "--json", "--store", receiver, "--pass-file",
                                    passfile], stdout=out, stderr=open(os.path.join(work, "inbox.err"), "w"))

        accepted = []
        redelivered = []  # sends committed but unanswered before a kill, answered as duplicates after
        lock = threading.Lock()
        attempts = collections.Counter()
        body = os.path.join(work, "body.txt")
        with open(body, "w") as f:
            f.write("Pesan uji ketahanan relay.\n")
        stop = threading.Event()

        def send_all(k, sender):
            for i in range(k, a.messages, len(senders)):
                cid = f"crash-{i:04d}"
                while True:
                    with lock:
                        attempts[cid] += 1
                        n = attempts[cid]
                    r = run([a.sandi, "send", "--store", sender, "--pass-file", passfile, "--to",
                             "197804122003121002", "--hal", cid, "--body-file", body, "--id", cid])
                    if r.returncode == 0:
                        with lock:
                            accepted.append(cid)
                            if "stored once" in r.stdout:
                                redelivered.append(cid)
                        break
                    if n > 30:
                        print(f"{cid}: gave up: {r.stderr.strip()}", file=sys.stderr)
                        break
                    time.sleep(0.2)

        threads = [threading.Thread(target=send_all, args=(k, s)) for k, s in enumerate(senders)]
        for t in threads:
            t.start()
        kills = 0
        rng = random.Random(1)
        while kills < a.kills and any(t.is_alive() for t in threads):
            time.sleep(rng.uniform(1.0, 3.0))
            relay.kill()
            kills += 1
            time.sleep(rng.uniform(0.0, 0.3))
            relay.start()
        for t in threads:
            t.join()

        # Let the receiver catch up, then stop it and drain whatever is left.
        def delivered_ids():
            ids = []
            with open(out_path) as f:
                for line in f:
                    line = line.strip()
                    if line:
                        ids.append(json.loads(line)["hal"])
            return ids

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not set(accepted) <= set(delivered_ids()):
            time.sleep(0.2)
        watcher.send_signal(signal.SIGTERM)
        try:
            watcher.wait(timeout=10)
        except subprocess.TimeoutExpired:
            watcher.kill()
            watcher.wait()
        out.close()
        final = run([a.sandi, "inbox", "--json", "--store", receiver, "--pass-file", passfile])
        with open(out_path, "a") as f:
            f.write(final.stdout)
        relay.kill()

        got = collections.Counter(delivered_ids())
        lost = [c for c in accepted if got[c] == 0]
        dup = [c for c, n in got.items() if n > 1]
        retried = sum(1 for c in accepted if attempts[c] > 1)
        print(f"relay killed {kills} times (started {relay.starts} times)")
        print(f"accepted {len(accepted)}  delivered {sum(1 for c in accepted if got[c] > 0)}  lost {len(lost)}  "
              f"duplicated {len(dup)}")
        print(f"sends the CLI re-ran after a failure: {retried}; sends re-sent within one run after a lost answer "
              f"and stored once by the relay: {len(redelivered)}")
        need = max(1, a.kills - 1)  # the sends may finish just before the last kill
        ok = not lost and not dup and kills >= need and len(accepted) == a.messages
        if kills < need:
            print(f"the sends finished before the relay was killed {need} times ({kills})")
        if lost:
            print("lost:", " ".join(lost))
        if dup:
            print("duplicated:", " ".join(dup))
        if len(accepted) != a.messages:
            print(f"only {len(accepted)} of {a.messages} sends were accepted")
        return 0 if ok else 1
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
