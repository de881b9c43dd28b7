#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reproduce the Sandi E2E known-answer vectors with the independent implementation.

Usage: check_vectors.py DIR   (DIR holds e2e-vN.txt; the highest N is checked)
       check_vectors.py FILE

Every vector of the file is regenerated from docs/protocol.md and the test generator
(tests/support/seeded_random.h) and compared byte for byte; every message is also
decrypted and its plaintext checked.  One line per vector; exit status 1 on any
mismatch or on a vector this script cannot reproduce.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import sandi_e2e as E  # noqa: E402
except ImportError as e:  # python3-nacl / python3-cryptography missing for this interpreter
    print(f"SKIP: {e} (run with Debian's /usr/bin/python3, which has python3-nacl and "
          f"python3-cryptography)", file=sys.stderr)
    sys.exit(77)


def load(path: str) -> dict:
    vectors = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            name, _, value = line.partition(" ")
            if name in vectors:
                raise SystemExit(f"{path}: vector {name} appears twice")
            vectors[name] = value
    return vectors


def pick(arg: str) -> tuple[str, int]:
    if os.path.isdir(arg):
        best = None
        for n in os.listdir(arg):
            m = re.fullmatch(r"e2e-v(\d+)\.txt", n)
            if m and (best is None or int(m.group(1)) > best[1]):
                best = (os.path.join(arg, n), int(m.group(1)))
        if best is None:
            raise SystemExit(f"no e2e-v*.txt in {arg}")
        return best
    m = re.search(r"e2e-v(\d+)\.txt$", arg)
    return arg, int(m.group(1)) if m else 1


class Checker:
    def __init__(self, vectors: dict):
        self.vectors = vectors
        self.done: set[str] = set()
        self.failures = 0

    def _report(self, name: str, ok: bool, detail: str = ""):
        self.done.add(name)
        if not ok:
            self.failures += 1
        print(f"{'ok      ' if ok else 'MISMATCH'} {name}{(' ' + detail) if detail else ''}")

    def bytes_(self, name: str, got: bytes, note: str = ""):
        if name not in self.vectors:
            print(f"absent   {name} (generated, not in the file)")
            return
        try:
            want = bytes.fromhex(self.vectors[name])
        except ValueError:
            self._report(name, False, "(not hex)")
            return
        if got == want:
            self._report(name, True, f"({len(want)} bytes)")
            return
        off = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                   min(len(got), len(want)))
        self._report(name, False, f"first differing offset {off} (got {len(got)} bytes, "
                                  f"file {len(want)}){(' ' + note) if note else ''}")

    def text(self, name: str, got: str):
        if name not in self.vectors:
            print(f"absent   {name} (generated, not in the file)")
            return
        want = self.vectors[name]
        if got == want:
            self._report(name, True)
            return
        off = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                   min(len(got), len(want)))
        self._report(name, False, f"first differing offset {off}: got {got!r}")

    def plaintext(self, label: str, got: bytes, want: bytes, group: bool = False):
        ok = bytes(got) == want
        ct = getattr(got, "content_type", None)
        if ct is not None and not group:
            label += f" [content type {ct}]"
            ok = ok and ct == CT
        if not ok:
            self.failures += 1
        print(f"{'ok      ' if ok else 'MISMATCH'} decrypt {label} -> {got!r}")

    def expect_refusal(self, label: str, fn):
        try:
            fn()
        except E.ProtocolError as e:
            print(f"ok       refuse {label} ({e})")
            return
        self.failures += 1
        print(f"MISMATCH refuse {label}: accepted")

    def leftovers(self, aborted: bool = False):
        why = ("(not reached: checking stopped at the refusal above)" if aborted
               else "(not reproduced by this implementation)")
        for name in self.vectors:
            if name not in self.done:
                self._report(name, False, why)


# v2 fixture (protocol.md v2 "The fixture entries"): the certified identities
# (key, issuer, serial, subject) and the content type and time used.
ISSUER = "CN=Diskominfo Kota Baubau CA,O=Pemprov Sultra"
CERT = {"alice": (ISSUER, "0A5", "CN=alice,O=Diskominfo Kota Baubau"),
        "bob": (ISSUER, "0A3", "CN=bob,O=Diskominfo Kota Baubau")}
CT = 1                  # content type of message.first/second/reply (v2)
NOW = 1_800_000_000     # v2: the time of the fixture and of the transcript


class RecordingRandom(E.SeededRandom):
    """SeededRandom that records every draw, to compare with the rng.* entries."""

    def __init__(self, seed: int):
        super().__init__(seed)
        self.draws: list[bytes] = []

    def fill(self, n: int) -> bytes:
        b = super().fill(n)
        self.draws.append(b)
        return b


def check_draws(c: "Checker", prefix: str, draws) -> None:
    """Compare each draw with PREFIX.NN, and that there are no more or fewer."""
    if isinstance(draws, RecordingRandom):
        draws = draws.draws
    listed = sorted(k for k in c.vectors if k.startswith(prefix) and k[len(prefix):].isdigit())
    if not listed:
        return  # (v1 lists no draws)
    for i, d in enumerate(draws):
        c.bytes_(f"{prefix}{i:02d}", d)
    if listed and len(listed) != len(draws):
        c.failures += 1
        print(f"MISMATCH {prefix}*: the file lists {len(listed)} draws, this implementation "
              f"made {len(draws)}")


def tamper(c: "Checker", name: str, msg: bytes, decrypt) -> None:
    """Every single-bit change of every byte of `msg` must be refused."""
    accepted = []
    for i in range(len(msg)):
        bad = bytearray(msg)
        bad[i] ^= 0x01
        try:
            decrypt(bytes(bad))
            accepted.append(i)
        except E.ProtocolError:
            pass
    if accepted:
        c.failures += 1
        print(f"MISMATCH tamper {name}: altered bytes accepted at offsets {accepted[:8]}")
    else:
        print(f"ok       tamper {name}: all {len(msg)} altered bytes refused")


def hexv(v: dict, name: str) -> bytes:
    return bytes.fromhex(v[name])


def certified(name: str, key: bytes, version: int) -> E.CertifiedIdentity:
    if version < 2:
        return E.CertifiedIdentity(key, "", "")
    issuer, serial, subject = CERT[name]
    return E.CertifiedIdentity(key, issuer, serial, subject)


def check_fixture(c: Checker, version: int):
    v = c.vectors
    now = NOW if version >= 2 else 0
    # Alice = SeededRandom(1), Bob = SeededRandom(2), Alice's sender key = SeededRandom(3)
    # (v1: inferred, README "The vector scenario"; v2: protocol.md "The fixture entries").
    ra, rb, rg = RecordingRandom(1), RecordingRandom(2), RecordingRandom(3)
    alice = E.Identity.generate(ra)                      # ra #0
    bob = E.Identity.generate(rb)                        # rb #0
    c.bytes_("identity.alice", alice.public)
    c.bytes_("identity.bob", bob.public)
    spk = E.SignedPrekey.generate(bob, 1, rb)            # rb #1
    bundle = E.PrekeyBundle(bob.public, 1, spk.pair.public, spk.signature)
    c.bytes_("bundle", bundle.encode())
    c.text("safety-number", E.safety_number(alice.public, bob.public))

    # Alice uses the file's bundle (decoded and verified here), not our own.
    fb = E.PrekeyBundle.decode(hexv(v, "bundle"))
    if not fb.verify():
        c.failures += 1
        print("MISMATCH bundle signature does not verify")
    cert_a = certified("alice", alice.public, version)
    cert_b = certified("bob", bob.public, version)
    sa = E.Session.initiate(alice, fb, ra, cert_b)       # ra #1 EK, #2 DHs
    m1 = sa.encrypt(b"pertama", ra, CT)                  # ra #3 header nonce
    c.bytes_("message.first", m1)

    responder = E.Responder(bob, {1: spk},
                            resolver=lambda ik: cert_a if ik == alice.public else None)
    sb, pt = responder.accept_first(hexv(v, "message.first"), rb, now)  # rb #2 DH ratchet
    c.plaintext("message.first (Bob)", pt, b"pertama")
    m2 = sa.encrypt(b"kedua", ra, CT)                    # ra #4
    c.bytes_("message.second", m2)
    reply = sb.encrypt(b"balasan", rb, CT)               # rb #3
    fixture_draws_a = list(ra.draws)  # later draws (Alice reading the reply) are ours
    c.bytes_("message.reply", reply)
    c.bytes_("session.bob.sha256", hashlib.sha256(sb.encode()).digest())
    rec = sb.encode()
    if E.Session.decode(rec).encode() != rec:
        c.failures += 1
        print("MISMATCH session record does not round-trip")
    pt = sb.decrypt(hexv(v, "message.second"), rb, now)
    c.plaintext("message.second (Bob)", pt, b"kedua")
    c.expect_refusal("message.second replayed", lambda: sb.decrypt(hexv(v, "message.second"), rb, now))
    c.expect_refusal("message.first repeated",
                     lambda: responder.accept_first(hexv(v, "message.first"), rb, now))
    tamper(c, "message.reply", hexv(v, "message.reply"),
           lambda m: E.Session.decode(sa.encode()).decrypt(m, E.SeededRandom(1), now))
    tamper(c, "message.first", hexv(v, "message.first"),
           lambda m: E.Responder(bob, {1: spk}, resolver=responder.resolver)
           .accept_first(m, E.SeededRandom(2), now))
    pt = sa.decrypt(hexv(v, "message.reply"), ra, now)
    c.plaintext("message.reply (Alice)", pt, b"balasan")
    if sa.pending is not None:
        c.failures += 1
        print("MISMATCH Alice still sends type 2 after decrypting from Bob")

    own = E.SenderKey.generate(rg, alice.public)         # rg #0 key id, #1 chain, #2 seed
    c.bytes_("group.distribution", own.distribution("g").encode())
    gm = own.encrypt("g", b"rapat", rg)                  # v2: rg #3 salt
    c.bytes_("group.message", gm)
    # Bob takes Alice's distribution from his session with her (v2: bound to its peer).
    fresh = lambda: E.SenderKey.from_distribution(  # noqa: E731
        E.Distribution.decode(hexv(v, "group.distribution")), sb)
    recv = fresh()
    tamper(c, "group.message", hexv(v, "group.message"), lambda m: fresh().decrypt("g", m, now))
    pt = recv.decrypt("g", hexv(v, "group.message"), now)
    c.plaintext("group.message (member)", pt, b"rapat", group=True)
    c.expect_refusal("group.message replayed", lambda: recv.decrypt("g", hexv(v, "group.message"), now))
    rec = recv.encode()
    if E.SenderKey.decode(rec).encode() != rec:
        c.failures += 1
        print("MISMATCH sender key record does not round-trip")

    memo = E.Memo(classification=2, nomor="005/1/2026", kepada=["Kepala Dinas"],
                  tanggal="2026-11-28", sifat=1, hal="Rapat", body="Isi", expiry=1900000000)
    c.bytes_("memo", memo.encode())
    if E.Memo.decode(hexv(v, "memo")).encode() != hexv(v, "memo"):
        c.failures += 1
        print("MISMATCH memo does not round-trip")
    check_draws(c, "rng.1.", fixture_draws_a)
    check_draws(c, "rng.2.", rb)
    check_draws(c, "rng.3.", rg)


def check_transcript(c: Checker):
    """v2 "The transcript": Alice SeededRandom(101), Bob 102, her sender key 103, through
    the session cipher at time 1,800,000,000."""
    v = c.vectors
    T = "transcript."
    ra, rb, rg = RecordingRandom(101), RecordingRandom(102), RecordingRandom(103)
    rm = RecordingRandom(104)  # the sealed memo's id
    clock = lambda: NOW  # noqa: E731
    alice = E.Identity.generate(ra)                                   # a#0
    bob = E.Identity.generate(rb)                                     # b#0
    c.bytes_(T + "alice.identity.seed", alice.seed)
    c.bytes_(T + "alice.identity.public", alice.public)
    c.bytes_(T + "bob.identity.seed", bob.seed)
    c.bytes_(T + "bob.identity.public", bob.public)
    spk = E.SignedPrekey.generate(bob, 7, rb)                         # b#1
    opk = E.OneTimePrekey(9, E.DHKeyPair.generate(rb))                # b#2
    c.bytes_(T + "bob.signed-prekey.secret", spk.pair.secret)
    c.bytes_(T + "bob.one-time-prekey.secret", opk.pair.secret)
    bundle = E.PrekeyBundle(bob.public, 7, spk.pair.public, spk.signature, 9, opk.pair.public)
    c.bytes_(T + "bundle", bundle.encode())
    cert_a, cert_b = certified("alice", alice.public, 2), certified("bob", bob.public, 2)
    responder = E.Responder(bob, {7: spk}, {9: opk},
                            resolver=lambda ik: cert_a if ik == alice.public else None)
    # Addresses: the relay's names for the peers (any distinct values do).
    A = E.SessionCipher(alice, None, ra, clock)
    B = E.SessionCipher(bob, responder, rb, clock)
    A.process_prekey_bundle("bob", E.PrekeyBundle.decode(hexv(v, T + "bundle")), cert_b)  # a#1, a#2

    memo01 = E.Memo(classification=1, nomor="005/17/Persandian/2026",
                    kepada=["Kepala Dinas Kominfo Kota Baubau"], dari="Kepala Bidang Persandian",
                    tanggal="2026-12-01", sifat=1, hal="Rapat koordinasi",
                    body="Dengan hormat, mohon hadir pada rapat koordinasi.")
    group_id = v.get(T + "group.id", "sultra-persandian")
    c.text(T + "group.id", group_id)
    own = E.SenderKey.generate(rg, alice.public)                      # g#0..2
    texts = {2: "Selamat pagi, Pak.", 3: "Baik, saya hadir.", 5: "Mohon bawa laporan triwulan.",
             6: "Siap.", 7: "Laporan menyusul sore ini.", 8: "Terima kasih.", 9: "Sama-sama."}
    script = []  # (NN, sender, content type, body)
    sealed01 = E.SealedMemo(memo01.encode(), rm.fill(E.MEMO_ID_BYTES), alice.public, [(cert_b.issuer, cert_b.serial)])
    script.append((1, "alice", E.CT_SEALED_MEMO, sealed01.encode()))
    for n in range(2, 10):
        if n == 4:
            script.append((4, "alice", E.CT_DISTRIBUTION, own.distribution(group_id).encode()))
        else:
            sender = "bob" if n in (3, 6, 7, 9) else "alice"
            script.append((n, sender, E.CT_RECEIPT, texts[n].encode()))
    c.text(T + "delivery", "02 01 03 04 05 06 07 08 09")
    order = [int(x) for x in v.get(T + "delivery", "").split()] or list(range(1, 10))

    sent: dict[int, bytes] = {}

    def send(n, sender, ct, body):
        p = f"{T}{n:02d}."
        wire = (A.encrypt("bob", ct, body) if sender == "alice" else B.encrypt("alice", ct, body))
        sent[n] = wire
        c.text(p + "from", sender)
        c.text(p + "message-type", str(wire[0]))
        c.text(p + "content-type", str(ct))
        c.bytes_(p + "body", body)
        if ct == E.CT_RECEIPT:
            c.text(p + "text", body.decode("utf-8"))
        c.bytes_(p + "wire", wire)

    def deliver(n, sender, ct, body):
        p = f"{T}{n:02d}."
        wire = hexv(v, p + "wire")  # the file's bytes, not ours
        pt = (B.decrypt("alice", wire) if sender == "alice" else A.decrypt("bob", wire))
        ok = pt.body == body and pt.content_type == ct and pt.lost_messages == 0
        if not ok:
            c.failures += 1
        print(f"{'ok      ' if ok else 'MISMATCH'} decrypt {p[:-1]} ({sender} -> "
              f"{'bob' if sender == 'alice' else 'alice'}, content type {pt.content_type})")
        if ct == E.CT_DISTRIBUTION:
            d = E.Distribution.decode(pt.body)
            return E.SenderKey.from_distribution(d, B.load("alice"))
        if ct == E.CT_SEALED_MEMO:
            sm = E.SealedMemo.decode(pt.body)
            if (E.Memo.decode(sm.memo).encode() != memo01.encode() or sm.cms is not None or sm.sender != alice.public
                    or (cert_b.issuer, cert_b.serial) not in sm.recipients):
                c.failures += 1
                print(f"MISMATCH {p}body is not the unsigned sealed memo expected")
        return None

    by_n = {s[0]: s for s in script}
    bob_group_key = None
    # Alice sends 01 and 02; they are delivered in `order`; every later message is
    # delivered as soon as it is sent.
    send(*by_n[1]); send(*by_n[2])  # noqa: E702
    for n in order:
        if n not in sent:
            send(*by_n[n])
        k = deliver(*by_n[n])
        bob_group_key = bob_group_key or k
        if n == 1:  # a replay of 01 (now read) and of 02 must be refused
            c.expect_refusal("transcript.01 replayed", lambda: B.decrypt("alice", hexv(v, T + "01.wire")))
            c.expect_refusal("transcript.02 replayed", lambda: B.decrypt("alice", hexv(v, T + "02.wire")))

    # The group messages, read by Bob with the key from message 04.
    gtexts = {1: "Rapat dimulai 09.00 WITA.", 2: "Ruang rapat lantai 2."}
    for i in (1, 2):
        p = f"{T}group.{i:02d}."
        c.text(p + "text", gtexts[i])
        c.bytes_(p + "wire", own.encrypt(group_id, gtexts[i].encode(), rg))  # g#3, g#4
    for i in (2, 1):  # out of order on purpose: the second first, then the first skipped
        pt = bob_group_key.decrypt(group_id, hexv(v, f"{T}group.{i:02d}.wire"), NOW)
        c.plaintext(f"{T}group.{i:02d} (Bob, {'in order' if i == 2 else 'skipped key'})",
                    pt, gtexts[i].encode(), group=True)

    c.bytes_(T + "session.alice.sha256", hashlib.sha256(A.store["bob"]).digest())
    c.bytes_(T + "session.bob.sha256", hashlib.sha256(B.store["alice"]).digest())
    check_draws(c, T + "rng.alice.", ra)
    check_draws(c, T + "rng.bob.", rb)
    check_draws(c, T + "rng.group.", rg)
    check_draws(c, T + "rng.memo.", rm)


def check_v1(c: Checker):
    E.use_version(1)
    check_fixture(c, 1)


def check_v2(c: Checker):
    E.use_version(2)
    check_fixture(c, 2)
    check_transcript(c)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path, version = pick(argv[1])
    print(f"# {path} (protocol version {version})")
    c = Checker(load(path))
    checks = {1: check_v1, 2: check_v2}
    if version not in checks:
        print(f"MISMATCH no independent implementation of version {version}")
        return 1
    aborted = True
    try:
        checks[version](c)
        aborted = False
    except E.ProtocolError as e:
        c.failures += 1
        print(f"MISMATCH refused a vector: {e}")
    except KeyError as e:
        c.failures += 1
        print(f"MISMATCH the file lacks the vector {e}")
    c.leftovers(aborted)
    print(f"# {len(c.done)} vectors, {c.failures} failure(s)")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
