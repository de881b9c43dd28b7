#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: check_transcript.py tests/vectors/e2e-v2.txt   (needs python3-cryptography and libsodium)
# An independent check of docs/protocol.md against tests/vectors/e2e-v2.txt (written from the spec).
import ctypes, hashlib, hmac, struct, sys
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
_RAW = (Encoding.Raw, PublicFormat.Raw)  # public_bytes_raw() is newer than Debian 12's python3-cryptography

na = ctypes.CDLL("libsodium.so.23"); assert na.sodium_init() >= 0
V = {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"): continue
    k, _, v = line.partition(" "); V[k] = v
H = lambda k: bytes.fromhex(V[k])

def x_pub(sk): return X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes(*_RAW)
def DH(sk, pk):
    out = X25519PrivateKey.from_private_bytes(sk).exchange(X25519PublicKey.from_public_bytes(pk))
    assert out != bytes(32); return out
def ed_pub(seed): return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(*_RAW)
def SIG(seed, m): return Ed25519PrivateKey.from_private_bytes(seed).sign(m)
def VERIFY(pk, m, s): Ed25519PublicKey.from_public_bytes(pk).verify(s, m)
def XDH_pub(ik):
    out = ctypes.create_string_buffer(32); assert na.crypto_sign_ed25519_pk_to_curve25519(out, ik) == 0; return out.raw
def XDH_sec(seed): return hashlib.sha512(seed).digest()[:32]
def HMAC(k, m): return hmac.new(k, m, hashlib.sha256).digest()
def HKDF(salt, ikm, info, L):
    if not salt: salt = bytes(32)
    prk = HMAC(salt, ikm); t = b""; out = b""; i = 1
    while len(out) < L:
        t = HMAC(prk, t + info + bytes([i])); out += t; i += 1
    return out[:L]
def AEAD(k, n, ad, m):
    out = ctypes.create_string_buffer(len(m) + 16); ol = ctypes.c_ulonglong()
    na.crypto_aead_xchacha20poly1305_ietf_encrypt(out, ctypes.byref(ol), m, ctypes.c_ulonglong(len(m)), ad, ctypes.c_ulonglong(len(ad)), None, n, k)
    return out.raw[:ol.value]
def AEAD_open(k, n, ad, c):
    if len(c) < 16: return None
    out = ctypes.create_string_buffer(len(c)); ol = ctypes.c_ulonglong()
    r = na.crypto_aead_xchacha20poly1305_ietf_decrypt(out, ctypes.byref(ol), None, c, ctypes.c_ulonglong(len(c)), ad, ctypes.c_ulonglong(len(ad)), n, k)
    return None if r != 0 else out.raw[:ol.value]
def KDF_RK(rk, dh):
    o = HKDF(rk, dh, b"Sandi ratchet root v1", 96); return o[:32], o[32:64], o[64:]
def KDF_CK(ck): return HMAC(ck, b"\x01"), HMAC(ck, b"\x02")
u32 = lambda v: struct.pack(">I", v)

class Rng:  # replays the recorded draws, checking the sizes
    def __init__(s, prefix): s.d = [H(k) for k in sorted(k for k in V if k.startswith(prefix))]; s.i = 0
    def fill(s, n):
        b = s.d[s.i]; s.i += 1; assert len(b) == n, (len(b), n); return b

# the test generator, checked against the recorded draws
def seeded(seed, counter, n):
    key = struct.pack("<QQ", seed, counter) + bytes(16)
    out = ctypes.create_string_buffer(n); na.randombytes_buf_deterministic(out, ctypes.c_size_t(n), key); return out.raw
for name, seed in (("alice", 101), ("bob", 102), ("group", 103)):
    for k in sorted(k for k in V if k.startswith("transcript.rng.%s." % name)):
        c = int(k.rsplit(".", 1)[1]); assert seeded(seed, c, len(H(k))) == H(k), k

class Ratchet:
    def __init__(s): s.skipped = []; s.ckr = s.cks = s.hkr = s.hks = s.dhr = None; s.ns = s.nr = s.pn = 0
    def encrypt(s, pt, ad, rng):
        mk, s.cks = KDF_CK(s.cks)
        hn = rng.fill(24)
        eh = hn + AEAD(s.hks, hn, b"Sandi header v1", s.dhs_pub + u32(s.pn) + u32(s.ns))
        s.ns += 1
        kn = HKDF(hn, mk, b"Sandi message keys v2", 56)
        head = b"\x02" + eh
        return head + AEAD(kn[:32], kn[32:], ad + head, pt)
    def open_header(s, hk, eh):
        h = AEAD_open(hk, eh[:24], b"Sandi header v1", eh[24:])
        return None if h is None else (h[:32], struct.unpack(">I", h[32:36])[0], struct.unpack(">I", h[36:40])[0])
    def skip(s, until):
        if s.ckr is None: return
        assert not (until > s.nr and until - s.nr > 1000)
        while s.nr < until:
            mk, s.ckr = KDF_CK(s.ckr); s.skipped.append((s.hkr, s.nr, mk)); s.nr += 1
    def decrypt(s, msg, ad, rng):
        assert msg[0] == 2; eh = msg[1:81]; body = msg[81:]; ad2 = ad + msg[:81]
        tried = set(); lost = 0
        for hk, n, mk in list(s.skipped):
            if hk in tried: continue
            tried.add(hk); h = s.open_header(hk, eh)
            if h is None: continue
            for e in s.skipped:
                if e[0] == hk and e[1] == h[2]:
                    kn = HKDF(eh[:24], e[2], b"Sandi message keys v2", 56)
                    pt = AEAD_open(kn[:32], kn[32:], ad2, body); assert pt is not None
                    s.skipped.remove(e); return pt, 0
            break
        h = s.open_header(s.hkr, eh) if s.hkr else None; new = False
        if h is None:
            h = s.open_header(s.nhkr, eh); new = h is not None
        assert h is not None
        dh, pn, n = h
        if not new: assert n >= s.nr
        if new:
            if s.ckr is not None and pn > s.nr and pn - s.nr > 1000: lost = pn - s.nr
            else: s.skip(pn)
            s.pn = s.ns; s.ns = s.nr = 0; s.hks = s.nhks; s.hkr = s.nhkr; s.dhr = dh
            s.rk, s.ckr, s.nhkr = KDF_RK(s.rk, DH(s.dhs, s.dhr))
            s.dhs = rng.fill(32); s.dhs_pub = x_pub(s.dhs)
            s.rk, s.cks, s.nhks = KDF_RK(s.rk, DH(s.dhs, s.dhr))
        s.skip(n)
        mk, s.ckr = KDF_CK(s.ckr); s.nr += 1
        kn = HKDF(eh[:24], mk, b"Sandi message keys v2", 56)
        pt = AEAD_open(kn[:32], kn[32:], ad2, body); assert pt is not None
        return pt, lost

def x3dh(dhs):
    sk = HKDF(b"", b"\xff" * 32 + b"".join(dhs), b"Sandi X3DH v1", 32)
    hk = HKDF(b"", sk, b"Sandi X3DH header keys v1", 64); return sk, hk[:32], hk[32:]

A, B, G = Rng("transcript.rng.alice."), Rng("transcript.rng.bob."), Rng("transcript.rng.group.")
a_seed = A.fill(32); a_ik = ed_pub(a_seed); assert a_ik == H("transcript.alice.identity.public")
b_seed = B.fill(32); b_ik = ed_pub(b_seed); assert b_ik == H("transcript.bob.identity.public")
spk = B.fill(32); opk = B.fill(32)
assert spk == H("transcript.bob.signed-prekey.secret") and opk == H("transcript.bob.one-time-prekey.secret")
bundle = H("transcript.bundle")
assert bundle[0] == 1 and bundle[1:33] == b_ik
spk_id = struct.unpack(">I", bundle[33:37])[0]; spk_pub = bundle[37:69]; sig = bundle[69:133]
assert bundle[133] == 1; opk_id = struct.unpack(">I", bundle[134:138])[0]; opk_pub = bundle[138:170]; assert len(bundle) == 170
assert spk_pub == x_pub(spk) and opk_pub == x_pub(opk)
VERIFY(b_ik, b"Sandi signed prekey v1" + spk_pub, sig)
assert SIG(b_seed, b"Sandi signed prekey v1" + spk_pub) == sig
# Alice initiates
ek = A.fill(32); ek_pub = x_pub(ek)
SK, HKA, NHKB = x3dh([DH(XDH_sec(a_seed), spk_pub), DH(ek, XDH_pub(b_ik)), DH(ek, spk_pub), DH(ek, opk_pub)])
alice = Ratchet(); alice.dhs = A.fill(32); alice.dhs_pub = x_pub(alice.dhs); alice.dhr = spk_pub
alice.rk, alice.cks, alice.nhks = KDF_RK(SK, DH(alice.dhs, spk_pub)); alice.hks = HKA; alice.nhkr = NHKB
pending = a_ik + ek_pub + u32(spk_id) + b"\x01" + u32(opk_id)
AD = a_ik + b_ik
bob = None
bob_group = None

def content(pt):
    assert pt and pt[0] in (1, 2, 3); return pt[0], pt[1:]

order = V["transcript.delivery"].split()
sent = {}
def send(nn):
    global pending
    frm = V["transcript.%s.from" % nn]; body = H("transcript.%s.body" % nn); ct = int(V["transcript.%s.content-type" % nn])
    if frm == "alice":
        env = (b"\x02" + pending) if pending else b"\x01"
        w = env + alice.encrypt(bytes([ct]) + body, AD + env, A)
    else:
        w = b"\x01" + bob.encrypt(bytes([ct]) + body, AD + b"\x01", B)
    assert w == H("transcript.%s.wire" % nn), "wire " + nn
    sent[nn] = w
send("01"); send("02")
for nn in order:
    if nn not in sent: send(nn)
    w = sent[nn]; frm = V["transcript.%s.from" % nn]
    if frm == "alice":
        if w[0] == 2:
            env = w[:74]; ik, e, sid, has, oid = env[1:33], env[33:65], struct.unpack(">I", env[65:69])[0], env[69], struct.unpack(">I", env[70:74])[0]
            assert ik == a_ik
            if bob is None:
                assert sid == spk_id and has == 1 and oid == opk_id
                sk2, hka2, nhkb2 = x3dh([DH(spk, XDH_pub(ik)), DH(XDH_sec(b_seed), e), DH(spk, e), DH(opk, e)])
                assert sk2 == SK
                bob = Ratchet(); bob.dhs = spk; bob.dhs_pub = spk_pub; bob.rk = sk2; bob.nhks = nhkb2; bob.nhkr = hka2
            pt, lost = bob.decrypt(w[74:], AD + env, B)
        else:
            pt, lost = bob.decrypt(w[1:], AD + w[:1], B)
        t, body = content(pt)
        if t == 2:  # the sender key distribution
            assert body[0] == 2; gl = struct.unpack(">I", body[1:5])[0]; gid = body[5:5 + gl]; p = 5 + gl
            assert body[p:p + 32] == a_ik  # the pairwise peer
            key_id = body[p + 32:p + 36]; it = struct.unpack(">I", body[p + 36:p + 40])[0]
            bob_group = dict(gid=gid, ik=a_ik, key_id=key_id, it=it, ck=body[p + 40:p + 72], spub=body[p + 72:p + 104]); assert len(body) == p + 104
    else:
        pt, lost = alice.decrypt(w[1:], AD + w[:1], A)
        pending = None
        t, body = content(pt)
    assert t == int(V["transcript.%s.content-type" % nn]) and body == H("transcript.%s.body" % nn), nn
    print("ok", nn, frm, V.get("transcript.%s.text" % nn, "(type %d, %d bytes)" % (t, len(body))))
# the sealed memo in 01
# (v2: u8 2 || bytes memo || memo id (16) || sender IK || u32 n || n x (string issuer || string serial) || u8 signed)
m = H("transcript.01.body"); assert m[0] == 2; ml = struct.unpack(">I", m[1:5])[0]; memo = m[5:5 + ml]; p = 5 + ml
assert m[p:p + 16] == H("transcript.rng.memo.00"); p += 16
assert m[p:p + 32] == H("transcript.alice.identity.public"); p += 32
assert struct.unpack(">I", m[p:p + 4])[0] == 1; p += 4
for _ in range(2): sl = struct.unpack(">I", m[p:p + 4])[0]; p += 4 + sl
assert m[p] == 0 and len(m) == p + 1
print("memo:", memo[:60])
# the sender key as Alice drew it
assert G.fill(4) == bob_group["key_id"]; assert G.fill(32) == bob_group["ck"]; gseed = G.fill(32); assert ed_pub(gseed) == bob_group["spub"]
for i in ("01", "02"):
    w = H("transcript.group.%s.wire" % i); mpart, s = w[:-64], w[-64:]
    VERIFY(bob_group["spub"], mpart, s)
    assert mpart[0] == 2; gl = struct.unpack(">I", mpart[1:5])[0]; assert mpart[5:5 + gl] == bob_group["gid"] == V["transcript.group.id"].encode(); p = 5 + gl
    assert mpart[p:p + 32] == bob_group["ik"] and mpart[p + 32:p + 36] == bob_group["key_id"]
    it = struct.unpack(">I", mpart[p + 36:p + 40])[0]; assert it == bob_group["it"]
    salt = mpart[p + 40:p + 64]; commitment = mpart[p + 64:p + 96]; header = mpart[:p + 96]
    cl = struct.unpack(">I", mpart[p + 96:p + 100])[0]; ct = mpart[p + 100:]; assert len(ct) == cl
    assert salt == G.fill(24)
    mk, bob_group["ck"] = KDF_CK(bob_group["ck"]); bob_group["it"] += 1
    k = HKDF(salt, mk, b"Sandi sender message keys v2", 88)
    pt = AEAD_open(k[:32], k[32:56], header, ct); assert pt is not None
    assert hmac.compare_digest(HMAC(k[56:], pt), commitment)
    assert pt.decode() == V["transcript.group.%s.text" % i]
    print("ok group", i, pt.decode())
print("transcript verified from the spec")
