#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Behavioural self-tests of the independent implementation (no vectors needed):
out-of-order and skipped messages, limits, refusals, records, attachments, key store."""

from __future__ import annotations

import hashlib
import os
import sys
import unittest

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sandi_e2e as E  # noqa: E402

DAY = 24 * 3600
RNG = E.SystemRandom()


def pair(seed_a=11, seed_b=12, with_opk=False):
    ra, rb = E.SeededRandom(seed_a), E.SeededRandom(seed_b)
    alice, bob = E.Identity.generate(ra), E.Identity.generate(rb)
    spk = E.SignedPrekey.generate(bob, 7, rb)
    opks = {}
    bundle = E.PrekeyBundle(bob.public, 7, spk.pair.public, spk.signature)
    if with_opk:
        o = E.OneTimePrekey(42, E.DHKeyPair.generate(rb))
        opks[42] = o
        bundle.opk_id, bundle.opk = 42, o.pair.public
    bundle = E.PrekeyBundle.decode(bundle.encode())
    sa = E.Session.initiate(alice, bundle, ra, cert(bob.public))
    resp = E.Responder(bob, {7: spk}, opks, resolver=lambda ik: cert(ik) if ik == alice.public else None)
    return ra, rb, sa, resp


def cert(ik):
    return E.CertifiedIdentity(ik, "CN=Test Office CA", "1A2B")


class Encoding(unittest.TestCase):
    def test_integers_big_endian(self):
        w = E.Writer().u8(1).u16(0x0203).u32(0x04050607).u64(0x08090A0B0C0D0E0F)
        self.assertEqual(w.out(), bytes(range(1, 16)))
        r = E.Reader(w.out())
        self.assertEqual((r.u8(), r.u16(), r.u32(), r.u64()),
                         (1, 0x0203, 0x04050607, 0x08090A0B0C0D0E0F))
        r.end()

    def test_bytes_string_limits(self):
        b = E.Writer().string("é").out()
        self.assertEqual(b, b"\x00\x00\x00\x02\xc3\xa9")
        with self.assertRaises(E.ProtocolError):
            E.Reader(b).string(limit=1)
        with self.assertRaises(E.ProtocolError):
            E.Reader(b[:-1]).string()
        r = E.Reader(b + b"\x00")
        r.string()
        with self.assertRaises(E.ProtocolError):
            r.end()
        with self.assertRaises(E.ProtocolError):
            E.Reader(b"\x02").flag()
        for bad in (b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff"):
            with self.assertRaises(E.ProtocolError):
                E.Reader(E.Writer().bytes_(bad).out()).string()


class Pairwise(unittest.TestCase):
    def test_opk_and_single_use(self):
        ra, rb, sa, resp = pair(with_opk=True)
        m = sa.encrypt(b"hi", ra, E.CT_RECEIPT)
        self.assertEqual(m[0], 2)
        sb, pt = resp.accept_first(m, rb)
        self.assertEqual(pt, b"hi")
        self.assertNotIn(42, resp.opks)
        with self.assertRaises(E.ProtocolError):
            resp.accept_first(m, rb)

    def test_failed_first_message_keeps_opk(self):
        ra, rb, sa, resp = pair(with_opk=True)
        m = bytearray(sa.encrypt(b"hi", ra, E.CT_RECEIPT))
        m[-1] ^= 1
        with self.assertRaises(E.ProtocolError):
            resp.accept_first(bytes(m), rb)
        self.assertIn(42, resp.opks)
        self.assertEqual(resp.seen, set())

    def test_full_replay_cache(self):
        saved = E.MAX_SEEN_INITIATIONS, E.SEEN_ROTATE_AT
        E.MAX_SEEN_INITIATIONS, E.SEEN_ROTATE_AT = 2, 1
        try:
            ra, rb, sa, resp = pair(with_opk=True)
            resp.seen = {(7, b"a" * 32), (7, b"b" * 32)}
            self.assertTrue(resp.should_rotate_signed_prekey())
            m = sa.encrypt(b"1", ra, E.CT_RECEIPT)  # names the one-time prekey: accepted, not remembered
            resp.accept_first(m, rb)
            self.assertEqual(len(resp.seen), 2)
            with self.assertRaises(E.ProtocolError):
                resp.accept_first(m, rb)  # the spent one-time prekey refuses the replay
            ra2, rb2, sa2, resp2 = pair(21, 12)
            resp2.seen = set(resp.seen)
            with self.assertRaisesRegex(E.ProtocolError, "full"):
                resp2.accept_first(sa2.encrypt(b"2", ra2, E.CT_RECEIPT), rb2)
            resp2.retire_signed_prekey(7)
            self.assertEqual(resp2.seen, set())
        finally:
            E.MAX_SEEN_INITIATIONS, E.SEEN_ROTATE_AT = saved

    def test_out_of_order_across_ratchet_steps(self):
        ra, rb, sa, resp = pair()
        a = [sa.encrypt(b"a%d" % i, ra, E.CT_RECEIPT) for i in range(5)]
        sb, pt = resp.accept_first(a[3], rb)  # first arrival is the fourth message
        self.assertEqual(pt, b"a3")
        self.assertEqual(len(sb.ratchet.skipped), 3)
        b = [sb.encrypt(b"b%d" % i, rb, E.CT_RECEIPT) for i in range(3)]
        self.assertEqual(sa.decrypt(b[2], ra), b"b2")
        self.assertIsNone(sa.pending)
        a2 = [sa.encrypt(b"c%d" % i, ra, E.CT_RECEIPT) for i in range(2)]
        self.assertEqual(a2[0][0], 1)
        self.assertEqual(sb.decrypt(a2[1], rb), b"c1")  # new chain, PN = 5
        self.assertEqual(sb.decrypt(a[4], rb), b"a4")   # skipped by PN
        for i in (0, 2, 1):
            self.assertEqual(sb.decrypt(a[i], rb), b"a%d" % i)
        self.assertEqual(sb.decrypt(a2[0], rb), b"c0")
        self.assertEqual(sa.decrypt(b[0], ra), b"b0")
        self.assertEqual(sa.decrypt(b[1], ra), b"b1")
        self.assertEqual(sb.ratchet.skipped, [])
        for m in a + a2:
            with self.assertRaises(E.ProtocolError):
                sb.decrypt(m, rb)

    def test_content_types(self):
        ra, rb, sa, resp = pair()
        sb, pt = resp.accept_first(sa.encrypt(b"memo", ra, E.CT_SEALED_MEMO), rb)
        self.assertEqual((pt.content_type, pt.body), (1, b"memo"))
        for raw in (b"", b"\x00x", b"\x04x", b"\xffx"):
            before = sb.encode()
            env = b"\x01"
            m = env + sa.ratchet.encrypt(raw, sa._ad(env), ra) if sa.pending is None else \
                b"\x02" + sa.pending.encode() + sa.ratchet.encrypt(raw, sa._ad(b"\x02" + sa.pending.encode()), ra)
            with self.assertRaises(E.ProtocolError):
                sb.decrypt(m, rb)
            self.assertEqual(sb.encode(), before)
        pt = sb.decrypt(sa.encrypt(b"d", ra, E.CT_DISTRIBUTION), rb)
        self.assertEqual((pt.content_type, pt.body), (2, b"d"))
        with self.assertRaises(E.ProtocolError):
            sa.encrypt(b"x", ra, 4)
        with self.assertRaises(E.ProtocolError):
            sa.encrypt(b"x" * (1 << 20), ra, E.CT_RECEIPT)

    def test_first_message_with_unknown_type_changes_nothing(self):
        ra, rb, sa, resp = pair(with_opk=True)
        env = b"\x02" + sa.pending.encode()
        m = env + sa.ratchet.encrypt(b"\x09", sa._ad(env), ra)
        with self.assertRaises(E.ProtocolError):
            resp.accept_first(m, rb)
        self.assertEqual((resp.seen, list(resp.opks)), (set(), [42]))

    def test_transactional(self):
        ra, rb, sa, resp = pair()
        sb, _ = resp.accept_first(sa.encrypt(b"x", ra, E.CT_RECEIPT), rb)
        m = sb.encrypt(b"y", rb, E.CT_RECEIPT)
        before = sa.encode()
        bad = bytearray(m)
        bad[-3] ^= 0x80
        with self.assertRaises(E.ProtocolError):
            sa.decrypt(bytes(bad), ra)
        self.assertEqual(sa.encode(), before)
        self.assertEqual(sa.decrypt(m, ra), b"y")

    def test_every_byte_authenticated(self):
        ra, rb, sa, resp = pair()
        m = sa.encrypt(b"secret", ra, E.CT_RECEIPT)
        for i in range(len(m)):
            bad = bytearray(m)
            bad[i] ^= 0x01
            _, rb2, _, resp2 = pair()
            with self.assertRaises(E.ProtocolError, msg=f"byte {i}"):
                resp2.accept_first(bytes(bad), rb2)

    def test_max_skip(self):
        ra, rb, sa, resp = pair()
        sb, _ = resp.accept_first(sa.encrypt(b"0", ra, E.CT_RECEIPT), rb)
        for _ in range(1001):
            sa.encrypt(b"", ra, E.CT_RECEIPT)
        far = sa.encrypt(b"far", ra, E.CT_RECEIPT)  # n = 1002, Nr = 1: jump of 1001
        with self.assertRaises(E.ProtocolError):
            sb.decrypt(far, rb)
        ra, rb, sa, resp = pair()
        sb, _ = resp.accept_first(sa.encrypt(b"0", ra, E.CT_RECEIPT), rb)
        for _ in range(1000):
            sa.encrypt(b"", ra, E.CT_RECEIPT)
        ok = sa.encrypt(b"ok", ra, E.CT_RECEIPT)  # n = 1001, Nr = 1: jump of exactly 1000
        self.assertEqual(sb.decrypt(ok, rb), b"ok")
        self.assertEqual(len(sb.ratchet.skipped), 1000)

    def test_gap_at_ratchet_step_abandons_old_chain(self):
        for gap, lost in ((1000, 0), (1001, 1001)):
            ra, rb, sa, resp = pair()
            sb, _ = resp.accept_first(sa.encrypt(b"0", ra, E.CT_RECEIPT), rb)
            self.assertEqual(sa.decrypt(sb.encrypt(b"r", rb, E.CT_RECEIPT), ra), b"r")  # Alice steps
            a2 = [sa.encrypt(b"a2-%d" % i, ra, E.CT_RECEIPT) for i in range(gap + 1)]
            self.assertEqual(sb.decrypt(a2[0], rb), b"a2-0")  # Bob steps, Nr = 1
            self.assertEqual(sa.decrypt(sb.encrypt(b"r2", rb, E.CT_RECEIPT), ra), b"r2")  # PN = gap + 1
            a3 = sa.encrypt(b"a3", ra, E.CT_RECEIPT)  # pn - Nr = gap at Bob's step
            self.assertEqual(sb.decrypt(a3, rb), b"a3")
            self.assertEqual(sb.ratchet.lost_messages, lost)
            self.assertEqual(len(sb.ratchet.skipped), gap - lost)
            self.assertEqual(sb.decrypt(sa.encrypt(b"next", ra, E.CT_RECEIPT), rb), b"next")
            if lost:
                with self.assertRaises(E.ProtocolError):
                    sb.decrypt(a2[-1], rb)
            else:
                self.assertEqual(sb.decrypt(a2[-1], rb), b"a2-%d" % gap)

    def test_skipped_key_expiry(self):
        ra, rb, sa, resp = pair()
        m0 = sa.encrypt(b"0", ra, E.CT_RECEIPT)
        m1 = sa.encrypt(b"1", ra, E.CT_RECEIPT)
        sb, _ = resp.accept_first(m1, rb, now=1000)
        with self.assertRaises(E.ProtocolError):
            sb.decrypt(m0, rb, now=1000 + 30 * DAY + 1)
        ra, rb, sa, resp = pair()
        m0 = sa.encrypt(b"0", ra, E.CT_RECEIPT)
        m1 = sa.encrypt(b"1", ra, E.CT_RECEIPT)
        sb, _ = resp.accept_first(m1, rb, now=1000)
        self.assertEqual(sb.decrypt(m0, rb, now=1000 + 30 * DAY), b"0")  # kept at exactly 30 days

    def test_record_round_trip_and_wrong_peer(self):
        ra, rb, sa, resp = pair()
        m = sa.encrypt(b"0", ra, E.CT_RECEIPT)
        sb, _ = resp.accept_first(sa.encrypt(b"1", ra, E.CT_RECEIPT), rb, now=5)
        for s in (sa, sb):
            rec = s.encode()
            self.assertEqual(E.Session.decode(rec).encode(), rec)
            with self.assertRaises(E.ProtocolError):
                E.Session.decode(rec + b"\x00")
        sb2 = E.Session.decode(sb.encode())
        self.assertEqual(sb2.decrypt(m, rb), b"0")
        # a type-2 message from someone else on Bob's established session
        rc = E.SeededRandom(99)
        carol = E.Identity.generate(rc)
        sc = E.Session.initiate(carol, E.PrekeyBundle(resp.identity.public, 7,
                                resp.spks[7].pair.public, resp.spks[7].signature), rc,
                                cert(resp.identity.public))
        with self.assertRaises(E.ProtocolError):
            sb.decrypt(sc.encrypt(b"x", rc, E.CT_RECEIPT), rb)

    def test_low_order_key(self):
        with self.assertRaises(E.ProtocolError):
            E.DH(bytes(range(32)), bytes(32))

    def test_bad_bundle_signature(self):
        ra, rb = E.SeededRandom(1), E.SeededRandom(2)
        alice, bob = E.Identity.generate(ra), E.Identity.generate(rb)
        spk = E.SignedPrekey.generate(bob, 1, rb)
        b = E.PrekeyBundle(bob.public, 1, spk.pair.public, bytes(64))
        with self.assertRaises(E.ProtocolError):
            E.Session.initiate(alice, b, ra, cert(bob.public))

    def test_certified_identities(self):
        ra, rb = E.SeededRandom(1), E.SeededRandom(2)
        alice, bob = E.Identity.generate(ra), E.Identity.generate(rb)
        spk = E.SignedPrekey.generate(bob, 1, rb)
        b = E.PrekeyBundle(bob.public, 1, spk.pair.public, spk.signature)
        with self.assertRaises(E.ProtocolError):  # bundle IK is not the certified key
            E.Session.initiate(alice, b, ra, cert(alice.public))
        with self.assertRaises(E.ProtocolError):
            E.Session.initiate(alice, b, ra, None)
        self.assertEqual(ra.counter, 1)  # refused before drawing
        sa = E.Session.initiate(alice, b, ra, cert(bob.public))
        m = sa.encrypt(b"x", ra, E.CT_RECEIPT)
        opk = E.OneTimePrekey(3, E.DHKeyPair.generate(rb))
        resp = E.Responder(bob, {1: spk}, {3: opk}, resolver=lambda ik: None)
        with self.assertRaises(E.ProtocolError):
            resp.accept_first(m, rb)
        self.assertEqual((resp.seen, list(resp.opks)), (set(), [3]))
        resp.resolver = lambda ik: cert(ik)
        sb, pt = resp.accept_first(m, rb)
        self.assertEqual((pt, sb.peer_issuer, sb.peer_serial), (b"x", "CN=Test Office CA", "1A2B"))
        self.assertEqual(E.Session.decode(sb.encode()).peer_serial, "1A2B")


class Routing(unittest.TestCase):
    def test_simultaneous_initiation_as_specified(self):
        """Documents README finding S1: following protocol.md v2's routing rules, two
        devices that start sessions with each other at the same time each replace their
        own session with the other's, and from then on every message is refused."""
        ra, rb = E.SeededRandom(201), E.SeededRandom(202)
        alice, bob = E.Identity.generate(ra), E.Identity.generate(rb)
        spk_a, spk_b = E.SignedPrekey.generate(alice, 1, ra), E.SignedPrekey.generate(bob, 1, rb)
        ca, cb = cert(alice.public), cert(bob.public)
        A = E.SessionCipher(alice, E.Responder(alice, {1: spk_a}, resolver=lambda ik: cb), ra)
        B = E.SessionCipher(bob, E.Responder(bob, {1: spk_b}, resolver=lambda ik: ca), rb)
        A.process_prekey_bundle("bob", E.PrekeyBundle(bob.public, 1, spk_b.pair.public, spk_b.signature), cb)
        B.process_prekey_bundle("alice", E.PrekeyBundle(alice.public, 1, spk_a.pair.public, spk_a.signature), ca)
        ma, mb = A.encrypt("bob", 3, b"a"), B.encrypt("alice", 3, b"b")
        self.assertEqual(A.decrypt("bob", mb).body, b"b")    # Alice's session replaced
        self.assertEqual(B.decrypt("alice", ma).body, b"a")  # Bob's session replaced
        with self.assertRaises(E.HeaderError):
            B.decrypt("alice", A.encrypt("bob", 3, b"again"))
        with self.assertRaises(E.HeaderError):
            A.decrypt("bob", B.encrypt("alice", 3, b"again"))

    def test_peer_started_over(self):
        ra, rb, sa, resp = pair()
        B = E.SessionCipher(resp.identity, resp, rb)
        A = E.SessionCipher(None, None, ra, store={"bob": sa.encode()})
        self.assertEqual(B.decrypt("alice", A.encrypt("bob", 3, b"1")).body, b"1")
        # Alice loses her state and starts over with a new session (same identity).
        ra2 = E.SeededRandom(31)
        alice = E.Identity.from_seed(E.SeededRandom(11).fill(32))
        A2 = E.SessionCipher(alice, None, ra2)
        spk = resp.spks[7]
        A2.process_prekey_bundle("bob", E.PrekeyBundle(resp.identity.public, 7, spk.pair.public,
                                                       spk.signature), cert(resp.identity.public))
        self.assertEqual(B.decrypt("alice", A2.encrypt("bob", 3, b"new")).body, b"new")
        self.assertEqual(A2.decrypt("bob", B.encrypt("alice", 3, b"ok")).body, b"ok")
        # a first message naming another identity for the address is refused
        rc = E.SeededRandom(99)
        carol = E.Identity.generate(rc)
        C = E.SessionCipher(carol, None, rc)
        C.process_prekey_bundle("bob", E.PrekeyBundle(resp.identity.public, 7, spk.pair.public,
                                                      spk.signature), cert(resp.identity.public))
        with self.assertRaisesRegex(E.ProtocolError, "another identity"):
            B.decrypt("alice", C.encrypt("bob", 3, b"x"))


class SafetyNumber(unittest.TestCase):
    def test_symmetric(self):
        a, b = os.urandom(32), os.urandom(32)
        self.assertEqual(E.safety_number(a, b), E.safety_number(b, a))
        sn = E.safety_number(a, b).split(" ")
        self.assertEqual(len(sn), 12)
        self.assertTrue(all(len(g) == 5 and g.isdigit() for g in sn))
        self.assertEqual(len(E.safety_qr(a, b)), 10 + 128)


IK_S = bytes(range(32))


class PEER:  # stands for the pairwise session the distribution arrived on
    ik_remote = IK_S


class Groups(unittest.TestCase):
    def test_bound_to_sender_identity(self):
        own = E.SenderKey.generate(E.SeededRandom(5), IK_S)
        d = own.distribution("g")

        class Other:
            ik_remote = bytes(32)
        with self.assertRaises(E.ProtocolError):
            E.SenderKey.from_distribution(d, Other)
        recv = E.SenderKey.from_distribution(d, PEER)
        # Mallory re-signs Alice's sender key under her own name: refused.
        mallory = E.SenderKey(own.key_id, own.chain_key, 0, own.signing_public,
                              own.signing_seed, sender_ik=bytes(32))
        with self.assertRaises(E.ProtocolError):
            recv.decrypt("g", mallory.encrypt("g", b"x", RNG))
        self.assertEqual(recv.decrypt("g", own.encrypt("g", b"y", RNG)), b"y")

    def test_commitment_checked(self):
        import nacl.bindings as nb
        own = E.SenderKey.generate(E.SeededRandom(5), IK_S)
        recv = E.SenderKey.from_distribution(own.distribution("g"), PEER)
        m = bytearray(own.encrypt("g", b"z", RNG)[:-64])
        off = 1 + 4 + 1 + 32 + 4 + 4 + 24  # the commitment
        m[off] ^= 1
        _, sk64 = nb.crypto_sign_seed_keypair(own.signing_seed)
        forged = bytes(m)
        # keep the AEAD valid: re-encrypt under the altered header with the real key
        mk = E.KDF_CK(E.SenderKey.generate(E.SeededRandom(5), IK_S).chain_key)[1]
        g = E.GroupMessage.parse(forged + bytes(64))
        key, nonce, _ = E.sender_key_material(mk, g.salt)
        forged = g.header + E.Writer().bytes_(E.AEAD_enc(key, nonce, g.header, b"z")).out()
        forged += E.SIG(sk64, forged)
        with self.assertRaisesRegex(E.ProtocolError, "commitment"):
            recv.decrypt("g", forged)
        self.assertEqual(recv.iteration, 0)

    def test_reorder_and_replay(self):
        own = E.SenderKey.generate(E.SeededRandom(5), IK_S)
        d = E.Distribution.decode(own.distribution("grp").encode())
        recv = E.SenderKey.from_distribution(d, PEER)
        ms = [own.encrypt("grp", b"m%d" % i, RNG) for i in range(4)]
        self.assertEqual(recv.decrypt("grp", ms[2], now=10), b"m2")
        self.assertEqual([s[0] for s in recv.skipped], [0, 1])
        rec = recv.encode()
        self.assertEqual(E.SenderKey.decode(rec).encode(), rec)
        self.assertEqual(recv.decrypt("grp", ms[0]), b"m0")
        self.assertEqual(recv.decrypt("grp", ms[3]), b"m3")
        self.assertEqual(recv.decrypt("grp", ms[1]), b"m1")
        for m in ms:
            with self.assertRaises(E.ProtocolError):
                recv.decrypt("grp", m)
        with self.assertRaises(E.ProtocolError):
            recv.decrypt("grp", own.encrypt("other", b"x", RNG))  # same key, another group name
        own_rec = own.encode()
        self.assertEqual(E.SenderKey.decode(own_rec).encode(), own_rec)

    def test_signature_checked(self):
        own = E.SenderKey.generate(E.SeededRandom(5), IK_S)
        recv = E.SenderKey.from_distribution(own.distribution("g"), PEER)
        m = bytearray(own.encrypt("g", b"x", RNG))
        m[-1] ^= 1
        with self.assertRaises(E.ProtocolError):
            recv.decrypt("g", bytes(m))
        self.assertEqual(recv.iteration, 0)

    def test_too_far_ahead(self):
        own = E.SenderKey.generate(E.SeededRandom(5), IK_S)
        recv = E.SenderKey.from_distribution(own.distribution("g"), PEER)
        for _ in range(1001):
            own.encrypt("g", b"", RNG)
        with self.assertRaises(E.ProtocolError):
            recv.decrypt("g", own.encrypt("g", b"", RNG))

    def test_group_id_limit(self):
        with self.assertRaises(E.ProtocolError):
            E.Distribution("x" * 65, 1, 0, bytes(32), bytes(32)).encode()


class Memos(unittest.TestCase):
    def test_round_trip(self):
        att = E.Attachment("a.pdf", "application/pdf", "blob-1", bytes(32), bytes(24),
                           bytes(32), 123)
        m = E.Memo(classification=3, nomor="1", kepada=["a", "b"], tembusan=["c"],
                   tanggal="2026-12-01", sifat=2, body="x" * 1000, attachments=[att])
        b = m.encode()
        self.assertEqual(E.Memo.decode(b).encode(), b)
        s = E.SealedMemo(b, bytes(range(16)), bytes(32), [("CN=CA", "0A")], b"\x30\x00").encode()
        back = E.SealedMemo.decode(s)
        self.assertEqual(back.cms, b"\x30\x00")
        self.assertEqual(back.recipients, [("CN=CA", "0A")])
        self.assertEqual(back.memo_id, bytes(range(16)))
        with self.assertRaises(E.ProtocolError):
            E.SealedMemo(b).encode()  # no recipient
        with self.assertRaises(E.ProtocolError):
            E.Memo(kepada=["x"] * 101).encode()
        with self.assertRaises(E.ProtocolError):
            E.Memo(hal="x" * 4097).encode()


class Attachments(unittest.TestCase):
    def test_sizes(self):
        for size in (0, 1, 65535, 65536, 65537, 2 * 65536, 150000):
            pt = os.urandom(size)
            key, hdr, blob = E.attachment_encrypt(pt, E.SystemRandom())
            chunks = max(1, -(-size // 65536))
            self.assertEqual(len(blob), size + 17 * chunks, size)
            self.assertEqual(E.attachment_decrypt(key, hdr, blob,
                                                  hashlib.sha256(blob).digest(), size), pt)

    def test_tampering(self):
        pt = os.urandom(150000)
        key, hdr, blob = E.attachment_encrypt(pt, E.SystemRandom())
        c = 65536 + 17
        for bad in (blob[:-1], blob[:2 * c], blob[c:2 * c] + blob[:c] + blob[2 * c:],
                    blob + b"\x00"):
            with self.assertRaises(E.ProtocolError):
                E.attachment_decrypt(key, hdr, bad)
        with self.assertRaises(E.ProtocolError):
            E.attachment_decrypt(key, hdr, blob, bytes(32))
        with self.assertRaises(E.ProtocolError):
            E.attachment_decrypt(key, hdr, blob, None, 1)

    def test_two_reads(self):
        pt = os.urandom(70000)
        key, hdr, blob = E.attachment_encrypt(pt, E.SystemRandom())
        h = hashlib.sha256(blob).digest()
        self.assertEqual(E.attachment_blob_sizes(70000), {70000 + 34})
        self.assertEqual(E.attachment_blob_sizes(65536), {65536 + 17, 65536 + 34})
        self.assertEqual(E.attachment_blob_sizes(0), {17})
        reads = iter([blob, blob[:-1] + bytes([blob[-1] ^ 1])])
        with self.assertRaisesRegex(E.ProtocolError, "changed"):
            E.attachment_decrypt(key, hdr, lambda: next(reads), h, 70000)
        with self.assertRaisesRegex(E.ProtocolError, "size"):
            E.attachment_decrypt(key, hdr, lambda: blob, h, 70001)
        self.assertEqual(E.attachment_decrypt(key, hdr, lambda: blob, h, 70000), pt)

    def test_empty_final_after_full_chunk(self):
        import nacl.bindings as nb
        key = os.urandom(32)
        st = nb.crypto_secretstream_xchacha20poly1305_state()
        hdr = nb.crypto_secretstream_xchacha20poly1305_init_push(st, key)
        pt = os.urandom(65536)
        blob = (nb.crypto_secretstream_xchacha20poly1305_push(st, pt, None, E.TAG_MESSAGE)
                + nb.crypto_secretstream_xchacha20poly1305_push(st, b"", None, E.TAG_FINAL))
        self.assertEqual(E.attachment_decrypt(key, hdr, blob), pt)


class KeyStore(unittest.TestCase):
    def test_seal_open(self):
        rng = E.SeededRandom(7)
        ident = E.Identity.generate(rng)
        spk = E.SignedPrekey.generate(ident, 1, rng, created=1700000000)
        c = E.KeyStoreContents(ident.seed, [spk], [E.OneTimePrekey(2, E.DHKeyPair.generate(rng))],
                               {}, {}, [(1, bytes(32))])
        body = c.encode()
        self.assertEqual(E.KeyStoreContents.decode(body).encode(), body)
        f = E.keystore_seal(body, b"passphrase", rng, ops=2, mem=64 << 20)
        self.assertEqual(f[:8], b"SANDIKS\n")
        self.assertEqual(len(f), 41 + 24 + 48 + 24 + len(body) + 16)
        mk, got = E.keystore_open(f, b"passphrase")
        self.assertEqual(got, body)
        with self.assertRaisesRegex(E.ProtocolError, "wrong passphrase"):
            E.keystore_open(f, b"wrongpass")
        bad = bytearray(f); bad[30] ^= 1  # header (salt)
        with self.assertRaisesRegex(E.ProtocolError, "wrong passphrase"):
            E.keystore_open(bytes(bad), b"passphrase")
        bad = bytearray(f); bad[-1] ^= 1
        with self.assertRaisesRegex(E.ProtocolError, "damaged"):
            E.keystore_open(bytes(bad), b"passphrase")

    def test_v2_write_change_passphrase_names(self):
        ra, rb, sa, resp = pair()
        sa.encrypt(b"0", ra, E.CT_RECEIPT)  # never delivered: leaves a skipped key
        sb, _ = resp.accept_first(sa.encrypt(b"1", ra, E.CT_RECEIPT), rb, now=100)
        self.assertEqual(len(sb.ratchet.skipped), 1)
        own = E.SenderKey.generate(E.SeededRandom(5), IK_S)
        recv = E.SenderKey.from_distribution(own.distribution("g"), PEER)
        own.encrypt("g", b"", RNG)
        recv.decrypt("g", own.encrypt("g", b"", RNG), now=100)
        name = E.sender_key_record_name("g|x", "y")
        self.assertEqual(name, b"\x00\x03g|x\x00\x01y")
        self.assertNotEqual(name, E.sender_key_record_name("g", "x|y"))
        c = E.KeyStoreContents(resp.identity.seed, sessions={"alice@x": sb.encode()},
                               sender_keys={name: recv.encode()})
        rng = E.SeededRandom(8)
        f = E.keystore_write(c, b"passwd-1", rng, now=100 + 30 * DAY + 1, ops=2, mem=64 << 20)
        mk, body = E.keystore_open(f, b"passwd-1")
        back = E.KeyStoreContents.decode(body)
        self.assertEqual(E.Session.decode(back.sessions[b"alice@x"]).ratchet.skipped, [])
        self.assertEqual(E.SenderKey.decode(back.sender_keys[name]).skipped, [])
        g = E.keystore_change_passphrase(f, b"passwd-1", b"passwd-2", rng, ops=2, mem=64 << 20)
        mk2, body2 = E.keystore_open(g, b"passwd-2")
        self.assertEqual(body2, body)
        self.assertNotEqual(mk2, mk)
        self.assertNotEqual(g[25:41], f[25:41])  # new salt
        with self.assertRaises(E.ProtocolError):
            E.keystore_open(g, b"passwd-1")

    def test_floor(self):
        for ops, mem in ((1, 64 << 20), (2, (64 << 20) - 1)):
            with self.assertRaises(E.ProtocolError):
                E.KeyStoreHeader.decode(E.KeyStoreHeader(ops, mem, bytes(16)).encode())
            with self.assertRaises(E.ProtocolError):
                E.keystore_seal(b"", b"passphrase", E.SeededRandom(1), ops=ops, mem=mem)
        with self.assertRaises(E.ProtocolError):
            E.keystore_seal(b"", b"1234567", E.SeededRandom(1), ops=2, mem=64 << 20)

    def test_limits(self):
        h = E.KeyStoreHeader(11, 8192, bytes(16)).encode()
        with self.assertRaises(E.ProtocolError):
            E.KeyStoreHeader.decode(h)
        h = E.KeyStoreHeader(3, (2 << 30) + 1, bytes(16)).encode()
        with self.assertRaises(E.ProtocolError):
            E.KeyStoreHeader.decode(h)

    def test_sorted(self):
        c = E.KeyStoreContents(bytes(32), sessions={"a": b"", "b": b""})
        body = bytearray(c.encode())
        i = body.index(b"a"); j = body.index(b"b")
        body[i], body[j] = body[j], body[i]
        with self.assertRaises(E.ProtocolError):
            E.KeyStoreContents.decode(bytes(body))


if __name__ == "__main__":
    unittest.main(verbosity=1)
