#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Integration tests of sandi-relay and the messaging CLI: each group builds a throwaway
PKI with `sandi ca`, starts the real sandi-relay on loopback, enrols devices with the
real `sandi account` and drives `sandi send/inbox/group/attachment`, and speaks the
protocol itself through wire_client.py (an independent client) where a test needs
what the CLI will not do.

  relay_itest.py --sandi PATH --relay PATH [--group NAME]... [--keep]

Groups: startup, delivery, groups, attachment, revocation, limits, audit (all without
--group). Exit 0 when every scenario passed, 1 otherwise; each scenario prints PASS or
FAIL with what it saw."""
import argparse
import asyncio
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import ssl
import struct
import subprocess
import time

try:
    import cbor2
    import websockets
except ImportError as e:  # not Debian's python3
    print(f"relay_itest.py: skipped, {e} (run it with /usr/bin/python3: python3-cbor2, python3-websockets)")
    raise SystemExit(77) from None

from itest_harness import (Device, Failed, Harness, Pki, RawWebSocket, Relay, check, parallel, run_async,
                           sha256_file, wait_until)
import wire_client
from wire_client import ERROR, PUSH, RelayError

# Fictional officials (as in certs/make-demo-pki.sh).
ANDI = ("Andi Pratama", "197804122003121002", "provinsi", "Kepala Bidang Persandian")
RAHMA = ("Rahmawati", "198611052010012015", "provinsi", "Sandiman Ahli Muda")
SRI = ("Sri Wahyuni", "198707212011012006", "buton", "Kepala Bidang Persandian")
IKBAL = ("Muhammad Ikbal", "199203302019031007", "buton", "Sandiman Pertama")

# The relay's own statement of how long it may take to start (the issue's requirement).
STARTUP_LIMIT_S = 1.0


def device(h, pki, label, person, suffix="laptop"):
    name, nip, office, position = person
    return Device(h, pki, label, f"{name} ({suffix})", nip, office, position)


def enrolled(h, pki, relay, label, person, suffix="laptop", connect=True):
    """A device enrolled against `relay`; `connect`: it ran inbox once (its prekeys are published)."""
    d = device(h, pki, label, person, suffix).enrol(relay.url)
    if connect:
        memos, problems, r = d.inbox()
        check(memos == [] and problems == [], f"a new device's first inbox is empty\n{r.describe()}")
    return d


def enrolled_all(h, pki, relay, *specs):
    """Several devices enrolled side by side: specs are (label, person) or (label, person, suffix)."""
    return parallel(*[lambda spec=spec: enrolled(h, pki, relay, *spec) for spec in specs])


def fake_copy(device_id, n=0):
    return {"device": device_id, "c": b"opaque ciphertext %d" % n}


async def expect_connection_refused(client):
    """The relay refuses the connection (TLS or WebSocket fails, or it closes before hello)."""
    try:
        await asyncio.wait_for(client.connect(), 15)
    except asyncio.TimeoutError:
        raise Failed("the relay neither accepted nor refused the connection within 15 s") from None
    except (OSError, ssl.SSLError, EOFError, websockets.exceptions.WebSocketException, RelayError) as e:
        return e
    await client.close()
    raise Failed("the relay accepted the connection")


async def until_error_frame(client, timeout=10):
    """Reads frames until a connection-error frame; returns it and whether the relay then closed."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        check(left > 0, f"no connection-error frame within {timeout} s")
        f = await client.frame(left)
        if f["t"] == ERROR:
            break
    try:
        extra = await client.frame(5)
        raise Failed(f"a frame after the connection error: {extra}")
    except websockets.exceptions.ConnectionClosed as e:
        return f, e


# =====================================================================================
# 1. startup and configuration
# =====================================================================================

def group_startup(h):
    pki = Pki(h, h.path("pki"))

    def startup_time():
        relay = Relay(h, pki, "empty")
        check(not os.path.exists(relay.data), "the data directory does not exist before the start")
        seconds = relay.start()
        check(os.path.exists(relay.db_path()), "the relay created its database")
        load = os.getloadavg()[0]
        check(seconds < STARTUP_LIMIT_S, f"the relay took {seconds:.3f} s to print its address (limit "
                                         f"{STARTUP_LIMIT_S} s); it used {relay.start_cpu:.2f} s of CPU, the "
                                         f"machine's load average is {load:.1f} on {os.cpu_count()} cores")
        status, body = relay.get("/health")
        check(status == 200 and body.startswith("ok"), f"/health: {status} {body!r}")
        print(f"      startup on an empty data directory: {seconds * 1000:.0f} ms ({relay.start_cpu:.2f} s CPU, "
              f"load average {load:.1f})")
        relay.stop()

    h.scenario("1a relay starts on an empty data dir in < 1 s and prints its address", startup_time)

    data = h.path("check-data")
    good = ["--listen", "127.0.0.1:0", "--data", data, *pki.relay_flags()]

    def check_config():
        r = h.relay_cmd("check-config", *good).expect(0)
        check(re.search(r"^configuration ok: listen 127\.0\.0\.1:0, 1 trust anchor\(s\), 3 CRL\(s\), data ", r.out,
                        re.M), f"check-config's summary\n{r.describe()}")
        without_trust = [a for i, a in enumerate(good) if a != "--trust" and (i == 0 or good[i - 1] != "--trust")]
        r = h.relay_cmd("check-config", *without_trust)
        check(r.rc == 2 and "no trust anchors (--trust ROOT.pem)" in r.err, f"missing --trust\n{r.describe()}")
        r = h.relay_cmd("check-config", *good, "--max-frame-bytes", "lots")
        check(r.rc == 2 and "setting max-frame-bytes = 'lots': not an integer" in r.err, f"bad value\n{r.describe()}")
        r = h.relay_cmd("check-config", *good, "--max-frame-byte", "4096")
        check(r.rc == 2 and "unknown option --max-frame-byte" in r.err, f"unknown flag\n{r.describe()}")
        r = h.relay_cmd("check-config", *good, "--tls-pass-file", pki.passes["office"])
        check(r.rc == 1 and "TLS key" in r.err, f"wrong TLS passphrase\n{r.describe()}")
        r = h.relay_cmd("check-config", *good, "--trust", pki.passes["user"])
        check(r.rc == 1 and "trust anchor file" in r.err, f"a trust file that is no certificate\n{r.describe()}")
        check(not os.path.exists(data), "check-config does not create the data directory")

    h.scenario("1b check-config: ok with good flags; exit != 0 and a clear message for bad ones", check_config)

    def config_file():
        ini = h.path("relay.ini")
        with open(ini, "w") as f:
            f.write(f"listen = 127.0.0.1:1\ndata = {data}\ntls-p12 = {pki.file('relay.p12')}\n"
                    f"tls-pass-file = {pki.passes['user']}\ntrust = {pki.root_pem}\ncrl = {pki.crls_pem}\n"
                    "max-frame-bytes = 8192\nblob-chunk-bytes = 4096\n")
        r = h.relay_cmd("check-config", "--config", ini).expect(0)
        check("listen 127.0.0.1:1," in r.out and f"data {data}" in r.out, f"the file's values\n{r.describe()}")
        r = h.relay_cmd("check-config", "--config", ini, "--listen", "127.0.0.1:0").expect(0)
        check("listen 127.0.0.1:0," in r.out, f"a flag overrides the file\n{r.describe()}")
        bad = h.path("bad.ini")
        with open(ini) as f, open(bad, "w") as out:
            out.write(f.read() + "max-frames = 9\n")
        r = h.relay_cmd("check-config", "--config", bad)
        check(r.rc == 2 and f"configuration file {bad}: unknown setting max-frames" in r.err,
              f"an unknown setting in the file\n{r.describe()}")
        r = h.relay_cmd("check-config", "--config", h.path("missing.ini"))
        check(r.rc == 2 and "cannot be read" in r.err, f"a missing file\n{r.describe()}")

        # The running relay: the file's blob-chunk-bytes, the flag's max-frame-bytes (hello says both).
        relay = Relay(h, pki, "ini", http=False, data=data)
        relay.flags = ["--config", ini, "--max-frame-bytes", "65536"]
        relay.start()
        d = device(h, pki, "ini-dev", SRI).enrol(relay.url)

        async def hello():
            c = d.wire(relay)
            ok = await c.connect()
            await c.close()
            return ok

        ok = run_async(hello())
        check(ok["limits"]["max_frame"] == 65536 and ok["limits"]["blob_chunk"] == 4096,
              f"hello's limits: {ok['limits']}")
        check(ok["nip"] == SRI[1] and ok["device"] == d.device_id, f"hello names the device: {ok}")
        relay.stop()

    h.scenario("1c an INI file read with --config, a flag overriding it (check-config and a running relay)",
               config_file)


# =====================================================================================
# 2-4, 12, 13: delivery
# =====================================================================================

def group_delivery(h):
    pki = Pki(h, h.path("pki"))
    andi_key = pki.issue_signing("provinsi", ANDI[0], ANDI[1], ANDI[3], "andi.pratama@sultraprov.go.id",
                                 pki.file("people", "andi-signing"))
    relay = Relay(h, pki, "delivery")
    relay.start()
    a, a2, b1, b2, c = enrolled_all(h, pki, relay, ("andi", ANDI), ("andi-desktop", ANDI, "desktop"),
                                    ("sri-laptop", SRI), ("sri-phone", SRI, "phone"), ("ikbal", IKBAL))

    def multi_device():
        a2.inbox()  # Andi's desktop takes what it holds (nothing yet)
        memo, copies, r = a.send_ok("Rapat koordinasi", to=[SRI[1]])
        check(copies == 3, f"one copy for each of Sri's two devices and Andi's desktop\n{r.describe()}")
        for d, (memos, problems, r) in zip((b1, b2), parallel(b1.inbox, b2.inbox)):
            check([(m["id"], m["direction"], m["from"], m["hal"]) for m in memos] ==
                  [(memo, "in", ANDI[1], "Rapat koordinasi")] and problems == [],
                  f"{d.label} receives the memo once\n{r.describe()}")
        memos, problems, r = a2.inbox()
        check([(m["id"], m["direction"], m["hal"]) for m in memos] == [(memo, "out", "Rapat koordinasi")]
              and problems == [], f"Andi's other device gets the copy as 'out'\n{r.describe()}")
        memos, _, r = a.inbox()
        check(memos == [], f"the sending device gets no copy of its own memo\n{r.describe()}")

    h.scenario("4 multi-device: both of Sri's devices receive, Andi's second device gets an 'out' copy",
               multi_device)

    def metrics():
        status, body = relay.get("/health")
        check(status == 200 and body.startswith("ok\nconnections "), f"/health: {status} {body!r}")
        names = ("sandi_relay_messages_accepted_total", "sandi_relay_messages_delivered_total")
        before = relay.metrics()
        check(all(n in before for n in names), f"the metrics are exported: {sorted(before)}")

        def deltas():
            now = relay.metrics()
            return [now[n] - before[n] for n in names]

        a.send_ok("Memo untuk metrik", to=[SRI[1]])
        accepted, delivered = deltas()
        check((accepted, delivered) == (3, 0), f"after the send: accepted +{accepted} (want 3: Sri's 2 devices, "
                                               f"Andi's desktop), delivered +{delivered} (want 0)")
        parallel(b1.inbox, b2.inbox, a2.inbox)
        a.inbox()  # after Sri's devices sent their receipts
        accepted, delivered = deltas()
        check((accepted, delivered) == (5, 5), f"after every inbox: accepted +{accepted} (want 5: and Sri's 2 "
                                               f"delivery receipts), delivered +{delivered} (want 5)")

    h.scenario("12 /health is 200; /metrics counts accepted and delivered copies exactly", metrics)

    def offline_delivery():
        # Ikbal connected once (enrolment); now he is offline while three memos arrive.
        ids = []
        for i in range(1, 4):
            memo, copies, r = a.send_ok(f"Memo luring {i}", to=[IKBAL[1]],
                                        sign_key=andi_key if i == 3 else None)
            check(copies == 2, f"Ikbal's device and Andi's desktop\n{r.describe()}")
            ids.append(memo)
        memos, problems, r = c.inbox()
        check(problems == [], f"no problems\n{r.describe()}")
        check([m["id"] for m in memos] == ids, f"all three, in order, exactly once: {[m['id'] for m in memos]} "
                                               f"!= {ids}\n{r.describe()}")
        check([m["hal"] for m in memos] == ["Memo luring 1", "Memo luring 2", "Memo luring 3"], "subjects")
        check(all(m["direction"] == "in" and m["from"] == ANDI[1] for m in memos), "from Andi")
        check([(m["signed"], m["verdict"]) for m in memos] == [(False, "unsigned")] * 2 + [(True, "valid")],
              f"the third memo is signed and valid: {[(m['signed'], m['verdict']) for m in memos]}")
        memos, problems, r = c.inbox()
        check(memos == [] and problems == [], f"a second inbox gets none\n{r.describe()}")
        # Andi's desktop has the three as 'out' (it was offline too).
        memos, _, r = a2.inbox()
        check([(m["id"], m["direction"]) for m in memos] == [(i, "out") for i in ids], f"desktop\n{r.describe()}")

    h.scenario("2 offline delivery: 3 memos while offline arrive in order, exactly once; a second inbox is empty",
               offline_delivery)

    def idempotent_send():
        before = relay.metrics()
        memo, _, r1 = a.send_ok("Memo sekali saja", to=[IKBAL[1]], client_id="surat-2024-001")
        check("client id surat-2024-001" in r1.out, r1.describe())
        r2 = a.send("Memo sekali saja", to=[IKBAL[1]], client_id="surat-2024-001").expect(0)
        check(f"memo {memo} was accepted before (client id surat-2024-001); nothing sent again" in r2.out,
              f"the second send says it was accepted before\n{r2.describe()}")
        mid = relay.metrics()
        check(mid["sandi_relay_messages_accepted_total"] - before["sandi_relay_messages_accepted_total"] == 2,
              "the relay stored one memo (2 copies), once")
        memos, _, r = c.inbox()
        check([m["id"] for m in memos] == [memo], f"Ikbal receives it once\n{r.describe()}")
        a2.inbox()

        # The relay's own deduplication, seen by another client: the same client id twice.
        async def raw():
            sender, receiver = a.wire(relay), c.wire(relay)
            await sender.connect()
            first = await sender.call("send", {"cid": "raw-dup-1", "copies": [fake_copy(c.device_id)]})
            second = await sender.call("send", {"cid": "raw-dup-1", "copies": [fake_copy(c.device_id, 1)]})
            await sender.close()
            ok = await receiver.connect()
            pushes = []
            while not pushes or pushes[-1]["op"] != "drained":
                f = await receiver.frame()
                check(f["t"] == PUSH, f"only pushes before drained: {f}")
                pushes.append(f)
            msgs = [p["b"] for p in receiver.pushes + pushes if p["op"] == "msg"]
            if msgs:
                await receiver.call("ack", {"mids": [m["mid"] for m in msgs]})
            await receiver.close()
            return first, second, ok, msgs

        first, second, ok, msgs = run_async(raw())
        check(first == {"dup": False} and second == {"dup": True}, f"send answers: {first}, {second}")
        check(ok["queued"] == 1 and [(m["cid"], m["c"]) for m in msgs] == [("raw-dup-1", b"opaque ciphertext 0")],
              f"stored once (queued {ok['queued']}): {msgs}")
        end = relay.metrics()
        check(end["sandi_relay_messages_duplicate_total"] - mid["sandi_relay_messages_duplicate_total"] == 1,
              "sandi_relay_messages_duplicate_total rose by 1")

    h.scenario("3 idempotent send: --id X twice stores once; the relay answers a repeated client id 'dup'",
               idempotent_send)

    def durability():
        memo, _, r = a.send_ok("Memo tahan banting", to=[IKBAL[1]])
        relay.restart()  # kill -9 right after the CLI said "accepted"
        memos, problems, r = c.inbox()
        check([m["id"] for m in memos] == [memo] and problems == [],
              f"Ikbal gets the memo accepted just before the crash\n{r.describe()}")
        a2.inbox()

    h.scenario("13 durability: kill -9 right after 'accepted', restart, the memo is delivered", durability)


# =====================================================================================
# 5. groups
# =====================================================================================

def group_groups(h):
    pki = Pki(h, h.path("pki"))
    relay = Relay(h, pki, "groups", http=False)
    relay.start()
    owner, rahma, sri, ikbal = enrolled_all(h, pki, relay, ("andi", ANDI), ("rahma", RAHMA), ("sri", SRI),
                                            ("ikbal", IKBAL))
    members = {"rahma": rahma, "sri": sri, "ikbal": ikbal}
    group = "Tim Persandian"
    all_nips = sorted([ANDI[1], RAHMA[1], SRI[1], IKBAL[1]])

    def group_list(d):
        r = d.cli("group", "list", "--json").expect(0)
        return [json.loads(line) for line in r.out.splitlines() if line.strip()]

    def everyone(with_groups):
        """Each member's inbox (and group list), side by side: {label: (memos, problems, result, groups)}."""
        def one(d):
            memos, problems, r = d.inbox()
            return memos, problems, r, group_list(d) if with_groups else None

        return dict(zip(members, parallel(*[lambda d=d: one(d) for d in members.values()])))

    change = f"Perubahan anggota grup {group}"

    def lifecycle():
        r = owner.cli("group", "create", group, "--member", RAHMA[1], "--member", SRI[1], "--member",
                      IKBAL[1]).expect(0)
        check(f"group {group}: create done, members told" in r.out, r.describe())
        for label, (memos, problems, r, groups) in everyone(True).items():
            check([(m["hal"], m["verdict"]) for m in memos] == [(change, "signed group change")] and problems == [],
                  f"{label} gets the signed group change\n{r.describe()}")
            check([(g["name"], g["version"], g["members"], g["owner"]) for g in groups] ==
                  [(group, 1, all_nips, ANDI[1])], f"{label}'s group list: {groups}")
        memo1, copies, r = owner.send_ok("Memo grup pertama", group=group)
        check(copies == 3, f"one copy per member device\n{r.describe()}")
        for label, (memos, problems, r, _) in everyone(False).items():
            check([(m["id"], m.get("group"), m["hal"]) for m in memos] == [(memo1, group, "Memo grup pertama")]
                  and problems == [], f"{label} gets the group memo\n{r.describe()}")

        r = owner.cli("group", "remove", group, "--member", IKBAL[1]).expect(0)
        check(f"group {group}: remove done, members told" in r.out, r.describe())
        memo2, copies, r = owner.send_ok("Memo grup kedua", group=group)
        check(copies == 2, f"the removed member's device is no longer a recipient\n{r.describe()}")
        remaining = sorted([ANDI[1], RAHMA[1], SRI[1]])
        seen = everyone(True)
        for label in ("rahma", "sri"):
            memos, problems, r, groups = seen[label]
            check([m["hal"] for m in memos] == [change, "Memo grup kedua"] and memos[1]["id"] == memo2 and
                  problems == [], f"{label}: the change, then the memo\n{r.describe()}")
            check("Anda bukan lagi anggota" not in memos[0]["body"], f"{label} is still a member: {memos[0]['body']}")
            check([(g["version"], g["members"]) for g in groups] == [(2, remaining)],
                  f"{label}'s group list shows version 2: {groups}")
        memos, problems, r, groups = seen["ikbal"]
        check([(m["hal"], m["verdict"]) for m in memos] == [(change, "signed group change")] and problems == [],
              f"the removed member gets only the signed change notice\n{r.describe()}")
        check("Anda bukan lagi anggota" in memos[0]["body"] and "versi 2" in memos[0]["body"],
              f"the notice tells him: {memos[0]['body']}")
        check([(g["version"], g["members"]) for g in groups] == [(2, remaining)], f"ikbal's group list: {groups}")
        groups = group_list(owner)
        check([(g["version"], g["members"]) for g in groups] == [(2, remaining)], f"the owner's group list: {groups}")

    h.scenario("5 groups: create, group memo to every member, remove a member, the next memo skips him",
               lifecycle)


# =====================================================================================
# 6. a 100 MB attachment across a relay crash
# =====================================================================================

ATTACHMENT_BYTES = 100 * 1000 * 1000
KILL_AFTER_BYTES = 30 * 1000 * 1000


def group_attachment(h):
    pki = Pki(h, h.path("pki"))
    relay = Relay(h, pki, "attachment", http=False)
    relay.start()
    a, b = enrolled_all(h, pki, relay, ("andi", ANDI), ("sri", SRI))
    big = h.path("laporan-tahunan.bin")
    got = h.path("downloaded.bin")
    blobs = os.path.join(relay.data, "blobs")

    def resume():
        with open(big, "wb") as f:
            for _ in range(ATTACHMENT_BYTES // (1 << 20)):
                f.write(os.urandom(1 << 20))
            f.write(os.urandom(ATTACHMENT_BYTES % (1 << 20)))
        digest = sha256_file(big)
        body = h.path("stores", "attach-body.txt")
        with open(body, "w") as f:
            f.write("Laporan tahunan terlampir.\n")
        argv = [h.sandi_bin, "send", "--store", a.store, "--pass-file", a.pass_file, "--to", SRI[1], "--hal",
                "Laporan tahunan", "--body-file", body, "--attach", big]
        send = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=h.env)
        try:
            def uploaded():
                sizes = [os.path.getsize(os.path.join(blobs, n)) for n in os.listdir(blobs)]
                return max(sizes) if sizes and max(sizes) >= KILL_AFTER_BYTES else 0

            wait_until(lambda: uploaded() or send.poll() is not None, 120, f"{KILL_AFTER_BYTES} bytes uploaded")
            if send.poll() is not None:
                raise Failed(f"the send ended before the relay could be killed: {send.communicate()}")
            relay.kill9()
            at_kill = max(os.path.getsize(os.path.join(blobs, n)) for n in os.listdir(blobs))
            relay.start(port=relay.port)
            out, err = send.communicate(timeout=180)
        finally:
            if send.poll() is None:
                send.kill()
                send.wait()
        check(send.returncode == 0 and "accepted by the relay for 1 device" in out,
              f"the send finished after the crash\n  exit {send.returncode}\n  stdout: {out}\n  stderr: {err}")
        files = os.listdir(blobs)
        check(len(files) == 1, f"one blob, resumed (not uploaded again as a new one): {files}")
        final = os.path.getsize(os.path.join(blobs, files[0]))
        check(0 < at_kill < final and final > ATTACHMENT_BYTES, f"killed at {at_kill} of {final} bytes")
        with sqlite3.connect(f"file:{relay.db_path()}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT blob, size, received FROM blobs").fetchall()
        check(rows == [(files[0], final, final)], f"the relay's record of the blob: {rows}")
        print(f"      relay killed after {at_kill} of {final} bytes; upload resumed")

        memos, problems, r = b.inbox()
        check(len(memos) == 1 and problems == [], f"Sri gets the memo\n{r.describe()}")
        att = memos[0]["attachments"]
        check([(x["index"], x["name"], x["size"]) for x in att] == [(0, "laporan-tahunan.bin", ATTACHMENT_BYTES)],
              f"attachments: {att}")
        r = b.cli("attachment", "get", memos[0]["id"], "0", "-o", got).expect(0)
        check(sha256_file(got) == digest, "the downloaded attachment has the sent bytes (SHA-256)")

    try:
        h.scenario("6 a 100 MB attachment: relay killed mid-upload, restarted, upload resumed, bytes identical",
                   resume)
    finally:
        for p in (big, got):
            if os.path.exists(p):
                os.remove(p)
        relay.stop()
        shutil.rmtree(blobs, ignore_errors=True)


# =====================================================================================
# 7-9: revocation, another device's queue, client certificates
# =====================================================================================

def group_revocation(h):
    pki = Pki(h, h.path("pki"))
    relay = Relay(h, pki, "revocation", http=False)
    relay.start()
    a, b, c = enrolled_all(h, pki, relay, ("andi", ANDI), ("sri", SRI), ("ikbal", IKBAL))

    def certificates():
        async def attempts():
            ok = await (client := b.wire(relay)).connect()
            check(ok["device"] == b.device_id, f"control: a valid device certificate is accepted: {ok}")
            await client.close()
            since = relay.log_size()
            anonymous = wire_client_without_cert(relay, pki)
            e = await expect_connection_refused(anonymous)
            l1 = relay.wait_audit("refused", "TLS handshake from 127.0.0.1", since)
            since = relay.log_size()
            e2 = await expect_connection_refused(foreign_ca_client(h, relay, pki))
            l2 = relay.wait_audit("refused", "TLS handshake from 127.0.0.1", since)
            return (e, l1), (e2, l2)

        for what, (e, lines) in zip(("without a certificate", "another CA's certificate"), run_async(attempts())):
            print(f"      {what}: client sees {type(e).__name__}: {e}; relay: {lines[0].split(' detail=')[1]}")

    h.scenario("9 TLS without a client certificate and with another CA's certificate is refused", certificates)

    def foreign_ack():
        memo, _, _ = a.send_ok("Memo untuk Sri", to=[SRI[1]])

        async def steps():
            sri = b.wire(relay)
            await sri.connect()
            f = await sri.frame()
            check(f["t"] == PUSH and f["op"] == "msg", f"Sri's connection is pushed the memo: {f}")
            mid = f["b"]["mid"]
            await sri.close()  # not acknowledged
            since = relay.log_size()
            ikbal = c.wire(relay)
            await ikbal.connect()
            try:
                await ikbal.call("ack", {"mids": [mid]})
                raise Failed("acknowledging another device's message was accepted")
            except RelayError as e:
                check(e.code == "FORBIDDEN", f"error code {e.code}")
            check((await ikbal.call("prekeys.status"))["count"] > 0, "the connection goes on after the refusal")
            check(await ikbal.call("ack", {"mids": [mid + 1000]}) == {"count": 0}, "an unknown mid is ignored")
            await ikbal.close()
            relay.wait_audit("refused", "acknowledged another device's message", since)

        run_async(steps())
        memos, problems, r = b.inbox()
        check([m["id"] for m in memos] == [memo] and problems == [], f"Sri still receives it\n{r.describe()}")

    h.scenario("8 ack of another device's message id: FORBIDDEN, and the owner still receives it", foreign_ack)

    def revocation():
        async def steps():
            held = b.wire(relay)
            await held.connect()
            pki.revoke("buton", b.serial)
            since = relay.log_size()
            relay.hup()
            f, closed = await until_error_frame(held, 15)
            check(f["e"]["c"] == "REVOKED", f"the connection-error frame: {f}")
            relay.wait_audit("revoked", "disconnected", since)
            return f, closed

        f, closed = run_async(steps())
        print(f"      held connection: {f['e']['c']}: {f['e'].get('m')}; then closed ({closed.code})")
        since = relay.log_size()
        memos, problems, r = b.inbox(rc=1)
        print(f"      sandi inbox of the revoked device: exit 1, {r.err.strip().splitlines()[-1]}")
        line = relay.wait_audit("refused", "from 127.0.0.1", since)
        check(any(b.device_id in l and "revoked" in l.lower() for l in line),
              f"the audit line names the device and the revocation: {line}")
        r = a.send("Memo setelah pencabutan", to=[SRI[1]])
        check(r.rc == 2 and f"no device with a valid certificate for NIP {SRI[1]}" in r.err,
              f"the revoked device left the directory\n{r.describe()}")

    h.scenario("7 revocation: a held connection gets REVOKED after SIGHUP; a new connection is refused",
               revocation)


def wire_client_without_cert(relay, pki):
    return wire_client.Client(relay.url + "/", ca=pki.root_pem)


def foreign_ca_client(h, relay, pki):
    """A device certificate with a plausible subject from a CA the relay does not trust (openssl)."""
    d = h.path("foreign")
    os.makedirs(d, exist_ok=True)

    def openssl(*args):
        h.run(["openssl", *args]).expect(0)

    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
            f"{d}/ca.key", "-out", f"{d}/ca.pem", "-days", "30", "-subj", "/C=ID/O=Bukan Pemerintah/CN=Other CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{d}/dev.key",
            "-out", f"{d}/dev.csr", "-subj", f"/C=ID/O=Bukan Pemerintah/CN=Sri Wahyuni (laptop)/serialNumber={SRI[1]}")
    with open(f"{d}/ext.cnf", "w") as f:
        f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n")
    openssl("x509", "-req", "-in", f"{d}/dev.csr", "-CA", f"{d}/ca.pem", "-CAkey", f"{d}/ca.key", "-CAcreateserial",
            "-out", f"{d}/dev.pem", "-days", "30", "-extfile", f"{d}/ext.cnf")
    with open(f"{d}/chain.pem", "w") as out:
        for p in ("dev.pem", "ca.pem"):
            with open(f"{d}/{p}") as f:
                out.write(f.read())
    return wire_client.Client(relay.url + "/", cert=f"{d}/chain.pem", key=f"{d}/dev.key", ca=pki.root_pem)


# =====================================================================================
# 10. limits
# =====================================================================================

def group_limits(h):
    pki = Pki(h, h.path("pki"))
    # The devices speak only the protocol here (wire_client.py), so no relay is needed to enrol.
    d1, d2 = parallel(lambda: device(h, pki, "sri", SRI).enrol("wss://127.0.0.1:1"),
                      lambda: device(h, pki, "ikbal", IKBAL).enrol("wss://127.0.0.1:1"))

    def relay_with(name, *flags):
        r = Relay(h, pki, name, flags, http=False)
        r.start()
        return r

    # One relay for the frame and hello rules, one for the two timeouts (they do not interfere).
    framed = relay_with("frames", "--max-frame-bytes", "65536", "--blob-chunk-bytes", "16384")
    timeouts = relay_with("timeouts", "--handshake-timeout-ms", "500", "--idle-timeout-ms", "1000")

    def frames():
        relay = framed

        async def steps():
            bystander = d2.wire(relay)
            await bystander.connect()
            results = {}
            for case, data in (
                    ("under", cbor2.dumps({"t": 1, "id": 7, "op": "prekeys.status", "b": {"pad": b"x" * 60000}})),
                    ("over", cbor2.dumps({"t": 1, "id": 7, "op": "prekeys.status", "b": {"pad": b"x" * 70000}})),
                    ("malformed", b"\xa3\x61t\x01\x62id"),
                    ("text", "hello")):
                c = d1.wire(relay)
                await c.connect()
                await c.send_raw(data)
                if case == "under":
                    f = await c.frame()
                    while f["t"] == PUSH:  # "drained" after hello
                        f = await c.frame()
                    check(f["t"] == 2 and f["id"] == 7 and "count" in f["b"], f"a frame under the limit: {f}")
                    await c.close()
                    continue
                f, closed = await until_error_frame(c)
                results[case] = (f["e"]["c"], closed.code)
                check((await bystander.call("prekeys.status"))["count"] == 0,
                      f"another connection keeps working after '{case}'")
            await bystander.close()
            return results

        results = run_async(steps())
        check(results["over"] == ("FRAME_TOO_LARGE", 1009), f"oversized frame: {results['over']}")
        check(results["malformed"] == ("BAD_FRAME", 1008), f"malformed CBOR: {results['malformed']}")
        check(results["text"] == ("BAD_FRAME", 1008), f"a text frame: {results['text']}")
        relay.wait_audit("limit", "frame larger than max-frame-bytes")

    h.scenario("10a --max-frame-bytes: FRAME_TOO_LARGE and close (60 kB passes); malformed CBOR: BAD_FRAME; "
               "another client unaffected", frames)

    def hello_rules():
        relay = framed

        async def steps():
            c = d1.wire(relay)
            await c.connect(hello=False)
            try:
                await c.call("prekeys.status")
                raise Failed("a request before hello was answered")
            except RelayError as e:
                check(e.code == "NOT_HELLO", f"before hello: {e}")
            c = d1.wire(relay)
            try:
                await c.connect(versions=(99,))
                raise Failed("hello with versions [99] was accepted")
            except RelayError as e:
                check(e.code == "UNSUPPORTED_VERSION", f"versions [99]: {e}")
            ok = await (c := d1.wire(relay)).connect(versions=(99, 1))
            check(ok["version"] == 1, f"versions [99, 1] picks 1: {ok}")
            await c.close()

        run_async(steps())

    h.scenario("10b first request not hello: NOT_HELLO; hello with versions [99]: UNSUPPORTED_VERSION",
               hello_rules)

    def queue():
        relay = relay_with("queue", "--max-queue-per-device", "3")

        async def steps():
            receiver = d2.wire(relay)
            await receiver.connect()  # now in the directory
            await receiver.close()
            sender = d1.wire(relay)
            await sender.connect()
            for i in range(3):
                check(await sender.call("send", {"cid": f"q{i}", "copies": [fake_copy(d2.device_id, i)]}) ==
                      {"dup": False}, f"send {i} within the queue")
            try:
                await sender.call("send", {"cid": "q3", "copies": [fake_copy(d2.device_id, 3)]})
                raise Failed("a fourth message was queued")
            except RelayError as e:
                check(e.code == "QUEUE_FULL", f"the fourth: {e}")
            ok = await receiver.connect()
            check(ok["queued"] == 3, f"three queued: {ok}")
            f = await receiver.frame()
            await receiver.call("ack", {"mids": [f["b"]["mid"]]})
            await receiver.close()
            check(await sender.call("send", {"cid": "q4", "copies": [fake_copy(d2.device_id, 4)]}) == {"dup": False},
                  "after one is acknowledged there is room again")
            await sender.close()

        run_async(steps())
        relay.wait_audit("limit", "max-queue-per-device")
        relay.stop()

    h.scenario("10c --max-queue-per-device 3: the 4th send QUEUE_FULL, room again after an ack", queue)

    def rate():
        relay = relay_with("rate", "--rate-per-second", "0.05", "--rate-burst", "3")

        async def steps():
            receiver = d2.wire(relay)
            await receiver.connect()
            sender = d1.wire(relay)
            await sender.connect()
            for i in range(3):
                await sender.call("send", {"cid": f"r{i}", "copies": [fake_copy(d2.device_id, i)]})
            try:
                await sender.call("send", {"cid": "r3", "copies": [fake_copy(d2.device_id, 3)]})
                raise Failed("a fourth send within the burst was accepted")
            except RelayError as e:
                check(e.code == "RATE_LIMITED" and re.search(r"retry after \d+ ms", str(e)), f"the fourth: {e}")
            check(await receiver.call("send", {"cid": "other", "copies": [fake_copy(d1.device_id)]}) ==
                  {"dup": False}, "another device has its own bucket")
            await sender.close()
            await receiver.close()

        run_async(steps())
        relay.wait_audit("limit", "rate-per-second")
        relay.stop()

    h.scenario("10d --rate-per-second/--rate-burst 3: the 4th send RATE_LIMITED, other devices unaffected", rate)

    def per_address():
        relay = relay_with("conns", "--max-connections-per-address", "2")

        async def steps():
            first, second = d1.wire(relay), d2.wire(relay)
            await first.connect()
            await second.connect()
            since = relay.log_size()
            await expect_connection_refused(d1.wire(relay))
            relay.wait_audit("limit", "max-connections-per-address: refused 127.0.0.1", since)
            check((await first.call("prekeys.status"))["count"] == 0, "the first two keep working")
            await second.close()
            deadline = time.monotonic() + 10
            while True:
                try:
                    third = d1.wire(relay)
                    await third.connect()
                    break
                except (OSError, ssl.SSLError, EOFError, websockets.exceptions.WebSocketException):
                    check(time.monotonic() < deadline, "a connection is admitted again after one closed")
                    await asyncio.sleep(0.05)
            await third.close()
            await first.close()

        run_async(steps())
        relay.stop()

    h.scenario("10e --max-connections-per-address 2: the 3rd connection is closed; admitted after one closes",
               per_address)

    def handshake_timeout():
        relay = timeouts

        def closed_after(sock):
            started = time.monotonic()
            sock.settimeout(10)
            try:
                data = sock.recv(1)
                check(data == b"", f"the relay sent {data!r}")
            except (ConnectionResetError, ssl.SSLEOFError, ssl.SSLZeroReturnError):
                pass
            except socket.timeout:
                raise Failed("not closed within 10 s") from None
            return time.monotonic() - started

        tcp = socket.create_connection(("127.0.0.1", relay.port))
        t_tcp = closed_after(tcp)
        tcp.close()
        tls = d1.tls_context().wrap_socket(socket.create_connection(("127.0.0.1", relay.port)),
                                           server_hostname="127.0.0.1")
        t_tls = closed_after(tls)  # TLS done, client certificate accepted, never an HTTP upgrade
        tls.close()
        for what, t in (("raw TCP", t_tcp), ("TLS without upgrade", t_tls)):
            check(0.4 <= t <= 5, f"{what} closed after {t:.2f} s (timeout 0.5 s)")
        print(f"      raw TCP closed after {t_tcp:.2f} s, TLS without upgrade after {t_tls:.2f} s")
        relay.wait_audit("refused", "handshake timeout from 127.0.0.1")

    h.scenario("10f --handshake-timeout-ms 500: raw TCP and TLS-without-upgrade connections are closed",
               handshake_timeout)

    def idle_timeout():
        relay = timeouts
        raw = RawWebSocket(relay.port, d1.tls_context())
        frames = raw.frames_until_closed(10)  # it reads, and never answers a ping
        raw.close()
        pings = [t for t, op, _ in frames if op == 0x9]
        errors = [(t, cbor2.loads(p)) for t, op, p in frames if op == 0x2]
        closes = [(t, struct.unpack(">H", p[:2])[0] if len(p) >= 2 else None) for t, op, p in frames if op == 0x8]
        check(pings, f"the relay pinged: {frames}")
        check(len(errors) == 1 and errors[0][1]["t"] == ERROR and errors[0][1]["e"]["c"] == "IDLE_TIMEOUT",
              f"one IDLE_TIMEOUT error frame: {errors}")
        check(0.8 <= errors[0][0] <= 5, f"IDLE_TIMEOUT {errors[0][0]:.2f} s after the upgrade (timeout 1 s)")
        check(closes and closes[0][1] == 1008, f"then a close frame (policy violation): {closes}")

        async def answering():
            c = d2.wire(relay)
            await c.connect()
            await asyncio.sleep(3)
            return (await c.call("prekeys.status"))["count"]

        check(run_async(answering()) == 0, "a client that answers pings is still connected after 3 idle timeouts")
        print(f"      a WebSocket not answering: {len(pings)} ping(s), IDLE_TIMEOUT after {errors[0][0]:.2f} s")

    h.scenario("10g --idle-timeout-ms 1000: a WebSocket that never answers pings gets IDLE_TIMEOUT; one that "
               "answers stays", idle_timeout)


# =====================================================================================
# 11. the audit log
# =====================================================================================

def audit_hash(seq, at, event, device, detail, previous):
    """The audit chain's hash (server/relay/storage/audit_chain.cpp), for a tamperer who recomputes it."""

    def s(text):
        b = text.encode()
        return struct.pack(">I", len(b)) + b

    return hashlib.sha256(struct.pack(">Q", seq) + struct.pack(">q", at) + s(event) + s(device) + s(detail) +
                          previous).digest()


def group_audit(h):
    pki = Pki(h, h.path("pki"))
    relay = Relay(h, pki, "audit", http=False)
    relay.start()
    a, b = enrolled_all(h, pki, relay, ("andi", ANDI), ("sri", SRI))

    def tampering():
        a.send_ok("Memo untuk audit", to=[SRI[1]])
        b.inbox()
        run_async(expect_connection_refused(wire_client_without_cert(relay, pki)))
        relay.wait_audit("refused", "from 127.0.0.1")
        r = h.relay_cmd("audit-verify", "--data", relay.data).expect(0)
        check(r.out.startswith("audit log intact: "), r.describe())
        relay.stop()
        db = relay.db_path()
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            rows = con.execute("SELECT seq, time, event, device, detail, previous, hash FROM audit ORDER BY seq")\
                .fetchall()
        con.close()
        check(len(rows) >= 5, f"some activity was audited: {len(rows)} entries")
        check([row[0] for row in rows] == list(range(1, len(rows) + 1)), "sequence numbers 1..n")
        for row in rows:  # the chain, recomputed here from the definition
            check(audit_hash(*row[:6]) == row[6], f"entry {row[0]}'s hash matches the documented encoding")
        r = h.relay_cmd("audit-verify", "--data", relay.data).expect(0)
        check(r.out.startswith(f"audit log intact: {len(rows)} entries, last hash {rows[-1][6].hex()}"), r.describe())
        pristine = h.path("relay.db.pristine")
        shutil.copy(db, pristine)

        def tampered(sql, params, expected):
            for suffix in ("-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            shutil.copy(pristine, db)
            with sqlite3.connect(db) as con:
                for statement, p in zip(sql, params):
                    con.execute(statement, p)
            con.close()
            r = h.relay_cmd("audit-verify", "--data", relay.data)
            check(r.rc == 1 and f"audit log NOT intact: {expected}" in r.out, f"expected '{expected}'\n{r.describe()}")

        tampered(["UPDATE audit SET detail = detail || ' (edited)' WHERE seq = 3"], [()],
                 "audit entry 3 was changed (its hash does not match it)")
        tampered(["DELETE FROM audit WHERE seq = 2"], [()], "audit entry 2 is missing (found entry 3 in its place)")
        tampered(["UPDATE audit SET seq = -1 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 4",
                  "UPDATE audit SET seq = 4 WHERE seq = -1"], [(), (), ()],
                 "audit entry 2 was changed (its hash does not match it)")
        seq, at, event, dev, detail, previous, _ = rows[2]
        forged = audit_hash(seq, at, event, dev, detail + " (edited)", previous)
        tampered(["UPDATE audit SET detail = ?, hash = ? WHERE seq = 3"], [(detail + " (edited)", forged)],
                 "audit entry 4 does not follow entry 3 (an entry before it was changed or removed)")
        shutil.copy(pristine, db)  # restored: it verifies again
        h.relay_cmd("audit-verify", "--data", relay.data).expect(0)

    h.scenario("11 audit-verify: intact after activity; a changed, deleted or reordered entry is named", tampering)


GROUPS = {
    "startup": group_startup,
    "delivery": group_delivery,
    "groups": group_groups,
    "attachment": group_attachment,
    "revocation": group_revocation,
    "limits": group_limits,
    "audit": group_audit,
}


def main():
    global STARTUP_LIMIT_S
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sandi", required=True)
    p.add_argument("--relay", required=True)
    p.add_argument("--group", action="append", choices=sorted(GROUPS))
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument("--startup-limit", type=float, default=STARTUP_LIMIT_S,
                   help="seconds the relay may take to start (1 s; more for a sanitizer build, whose "
                        "Debug code is several times slower)")
    args = p.parse_args()
    STARTUP_LIMIT_S = args.startup_limit
    ok = True
    for name in args.group or list(GROUPS):
        h = Harness(args.sandi, args.relay, keep=args.keep)
        print(f"== {name} ({h.root})", flush=True)
        started = time.monotonic()
        try:
            GROUPS[name](h)
        except Exception as e:  # noqa: BLE001 - a setup failure fails the group
            h.scenario(f"{name}: setup", lambda e=e: (_ for _ in ()).throw(e))
        finally:
            ok = h.close() and ok
        print(f"== {name}: {time.monotonic() - started:.1f} s", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
