# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent Python implementation of the Sandi end-to-end protocol, version 1.

Written from docs/protocol.md alone (plus the comment in tests/support/seeded_random.h
for the deterministic test generator), without reading the C++ sources, as a
known-answer cross-check.  Where the text is silent, the choice made here is marked
"ASSUMPTION" and listed in tests/independent/README.md.

Dependencies: Debian's python3-nacl (PyNaCl 1.5, libsodium) and python3-cryptography.
"""

from __future__ import annotations

import hashlib
import hmac as _hmac
import os
import struct
from dataclasses import dataclass, field
from typing import Callable, Optional

import nacl.bindings as nb
import nacl.exceptions
import nacl.utils
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF as _HKDF


class ProtocolError(Exception):
    """Any refusal: malformed input, failed authentication, a limit exceeded."""


class HeaderError(ProtocolError):
    """No header key of the session opens the message's header."""


# The protocol version implemented (docs/protocol.md's title).  Version 1 is kept because
# it costs a handful of branches; set with use_version() before creating any state.
VERSION = 2


def use_version(v: int) -> None:
    global VERSION
    if v not in (1, 2):
        raise ValueError(f"unsupported protocol version {v}")
    VERSION = v


# --------------------------------------------------------------------------------------
# Random sources
# --------------------------------------------------------------------------------------

class SystemRandom:
    def fill(self, n: int) -> bytes:
        return os.urandom(n)


class SeededRandom:
    """tests/support/seeded_random.h: every fill() draws from a fresh ChaCha20 stream
    (libsodium's randombytes_buf_deterministic) keyed by
    u64le(seed) || u64le(counter) || 16 zero bytes; the counter starts at 0 and
    increases by one per fill() (ASSUMPTION: post-increment; confirmed by the vectors)."""

    def __init__(self, seed: int):
        self.seed = seed
        self.counter = 0

    def fill(self, n: int) -> bytes:
        key = struct.pack("<QQ", self.seed, self.counter) + bytes(16)
        self.counter += 1
        return nacl.utils.randombytes_deterministic(n, key)


# --------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------

U32_MAX = 0xFFFFFFFF


class Writer:
    def __init__(self):
        self._parts: list[bytes] = []

    def u8(self, v: int) -> "Writer":
        self._parts.append(struct.pack(">B", v)); return self

    def u16(self, v: int) -> "Writer":
        self._parts.append(struct.pack(">H", v)); return self

    def u32(self, v: int) -> "Writer":
        self._parts.append(struct.pack(">I", v)); return self

    def u64(self, v: int) -> "Writer":
        self._parts.append(struct.pack(">Q", v)); return self

    def flag(self, v: bool) -> "Writer":
        return self.u8(1 if v else 0)

    def fixed(self, b: bytes, n: Optional[int] = None) -> "Writer":
        if n is not None and len(b) != n:
            raise ValueError(f"fixed field of {n} bytes given {len(b)}")
        self._parts.append(bytes(b)); return self

    def bytes_(self, b: bytes, limit: int = U32_MAX) -> "Writer":
        if len(b) > limit:
            raise ProtocolError("field above its limit")
        self.u32(len(b)); self._parts.append(bytes(b)); return self

    def string(self, s: str | bytes, limit: int = U32_MAX) -> "Writer":
        b = s.encode("utf-8") if isinstance(s, str) else s
        return self.bytes_(b, limit)

    def out(self) -> bytes:
        return b"".join(self._parts)


class Reader:
    def __init__(self, data: bytes):
        self.d = bytes(data)
        self.p = 0

    def _take(self, n: int) -> bytes:
        if n < 0 or self.p + n > len(self.d):
            raise ProtocolError("truncated")
        b = self.d[self.p:self.p + n]
        self.p += n
        return b

    def u8(self) -> int: return self._take(1)[0]
    def u16(self) -> int: return struct.unpack(">H", self._take(2))[0]
    def u32(self) -> int: return struct.unpack(">I", self._take(4))[0]
    def u64(self) -> int: return struct.unpack(">Q", self._take(8))[0]

    def flag(self) -> bool:
        v = self.u8()
        if v not in (0, 1):
            raise ProtocolError("flag other than 0 and 1")
        return v == 1

    def version(self, expected: int = 1) -> int:
        v = self.u8()
        if v != expected:
            raise ProtocolError(f"unknown version {v}")
        return v

    def fixed(self, n: int) -> bytes: return self._take(n)

    def bytes_(self, limit: int = U32_MAX) -> bytes:
        n = self.u32()
        if n > limit:
            raise ProtocolError("length above the field's limit")
        return self._take(n)

    def string(self, limit: int = U32_MAX) -> str:
        b = self.bytes_(limit)
        try:
            # Python's strict UTF-8 codec is RFC 3629: shortest forms only, no
            # surrogates, nothing above U+10FFFF.
            return b.decode("utf-8")
        except UnicodeDecodeError:
            # v2: refused by every decoder; v1 ("Not yet specified"): not yet rejected.
            if VERSION >= 2:
                raise ProtocolError("string is not well-formed UTF-8")
            return b.decode("utf-8", errors="surrogateescape")

    def rest(self) -> bytes:
        b = self.d[self.p:]
        self.p = len(self.d)
        return b

    def remaining(self) -> int: return len(self.d) - self.p

    def end(self) -> None:
        if self.p != len(self.d):
            raise ProtocolError("trailing bytes")


def enc_str(s: str | bytes) -> bytes:
    return s.encode("utf-8") if isinstance(s, str) else bytes(s)


# --------------------------------------------------------------------------------------
# Primitives
# --------------------------------------------------------------------------------------

def DH(sk: bytes, pk: bytes) -> bytes:
    try:
        out = nb.crypto_scalarmult(sk, pk)
    except nacl.exceptions.RuntimeError as e:  # libsodium refuses an all-zero result
        raise ProtocolError("low-order peer key") from e
    if out == bytes(32):
        raise ProtocolError("low-order peer key")
    return out


def SIG(sk64: bytes, m: bytes) -> bytes:
    return nb.crypto_sign(m, sk64)[:64]


def VERIFY(pk: bytes, m: bytes, sig: bytes) -> bool:
    if len(sig) != 64 or len(pk) != 32:
        return False
    try:
        nb.crypto_sign_open(sig + m, pk)
        return True
    except Exception:
        return False


def XDH_pk(ed_pk: bytes) -> bytes:
    try:
        return nb.crypto_sign_ed25519_pk_to_curve25519(ed_pk)
    except Exception as e:
        raise ProtocolError("identity key not convertible to X25519") from e


def XDH_sk(ed_sk64: bytes) -> bytes:
    return nb.crypto_sign_ed25519_sk_to_curve25519(ed_sk64)


def HMAC(k: bytes, m: bytes) -> bytes:
    return _hmac.new(k, m, hashlib.sha256).digest()


def HKDF(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    # "an empty salt means 32 zero bytes" (identical to RFC 5869's default of HashLen zeros)
    if not salt:
        salt = bytes(32)
    return _HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def AEAD_enc(k: bytes, n: bytes, ad: bytes, m: bytes) -> bytes:
    return nb.crypto_aead_xchacha20poly1305_ietf_encrypt(m, ad, n, k)


def AEAD_dec(k: bytes, n: bytes, ad: bytes, c: bytes) -> bytes:
    try:
        return nb.crypto_aead_xchacha20poly1305_ietf_decrypt(c, ad, n, k)
    except nacl.exceptions.CryptoError as e:
        raise ProtocolError("authentication failed") from e


def ct_eq(a: bytes, b: bytes) -> bool:
    return _hmac.compare_digest(a, b)


@dataclass
class DHKeyPair:
    public: bytes
    secret: bytes

    @staticmethod
    def generate(rng) -> "DHKeyPair":
        # ASSUMPTION: an X25519 key pair is 32 RANDOM bytes as the secret and
        # crypto_scalarmult_base of it as the public key (one draw of 32 bytes).
        sk = rng.fill(32)
        return DHKeyPair(nb.crypto_scalarmult_base(sk), sk)


@dataclass
class Identity:
    """An Ed25519 identity key, from its 32-byte seed (the key store stores the seed)."""
    seed: bytes
    public: bytes
    secret64: bytes

    @staticmethod
    def from_seed(seed: bytes) -> "Identity":
        pk, sk = nb.crypto_sign_seed_keypair(seed)
        return Identity(seed, pk, sk)

    @staticmethod
    def generate(rng) -> "Identity":
        return Identity.from_seed(rng.fill(32))

    def sign(self, m: bytes) -> bytes:
        return SIG(self.secret64, m)

    def xdh_secret(self) -> bytes:
        return XDH_sk(self.secret64)


# --------------------------------------------------------------------------------------
# Certified identities (v2)
# --------------------------------------------------------------------------------------

IDENTITY_EXTENSION_OID = "2.25.192707729660500771357454641806843150667"


@dataclass
class CertifiedIdentity:
    key: bytes      # Ed25519 public key
    issuer: str     # the certificate's issuer (RFC 2253, <= 1,024 bytes)
    serial: str     # the certificate's serial number (upper-case hex, <= 64 digits)
    subject: str = ""  # RFC 2253, <= 1,024 bytes (not in the session record)

    @staticmethod
    def from_device_certificate(der_or_pem: bytes) -> "CertifiedIdentity":
        """The identity key from the device certificate's extension (DER
        SubjectPublicKeyInfo of an Ed25519 key).  Chain validation and revocation are
        the PKI library's business and are NOT done here.
        ASSUMPTION: issuer as RFC 4514 text, serial as upper-case hex without leading
        zeros (the spec does not say how either is written in the session record)."""
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives import serialization
        if der_or_pem.lstrip().startswith(b"-----"):
            cert = x509.load_pem_x509_certificate(der_or_pem)
        else:
            cert = x509.load_der_x509_certificate(der_or_pem)
        ext = cert.extensions.get_extension_for_oid(x509.ObjectIdentifier(IDENTITY_EXTENSION_OID))
        if ext.critical:
            raise ProtocolError("identity extension must be non-critical")
        spki = ext.value.value
        pk = serialization.load_der_public_key(spki)
        if not isinstance(pk, Ed25519PublicKey):
            raise ProtocolError("identity key is not Ed25519")
        raw = pk.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return CertifiedIdentity(raw, cert.issuer.rfc4514_string(), f"{cert.serial_number:X}",
                                 cert.subject.rfc4514_string())


# --------------------------------------------------------------------------------------
# Safety number
# --------------------------------------------------------------------------------------

def safety_number(ik_a: bytes, ik_b: bytes, label: bytes = b"Sandi safety number v1") -> str:
    lo, hi = sorted([ik_a, ik_b])
    h = hashlib.sha512(label + lo + hi).digest()
    groups = []
    for g in range(12):
        v = int.from_bytes(h[5 * g:5 * g + 5], "big") % 100000
        groups.append(f"{v:05d}")
    return " ".join(groups)


def safety_qr(ik_a: bytes, ik_b: bytes, prefix: str = "SANDI-SN1:") -> str:
    lo, hi = sorted([ik_a, ik_b])
    return prefix + lo.hex().upper() + hi.hex().upper()


# --------------------------------------------------------------------------------------
# Prekeys and bundles
# --------------------------------------------------------------------------------------

SPK_LABEL = b"Sandi signed prekey v1"
BUNDLE_MAX = 1024


@dataclass
class SignedPrekey:
    id: int
    pair: DHKeyPair
    signature: bytes
    created: int = 0

    @staticmethod
    def generate(identity: Identity, id_: int, rng, created: int = 0) -> "SignedPrekey":
        pair = DHKeyPair.generate(rng)
        return SignedPrekey(id_, pair, identity.sign(SPK_LABEL + pair.public), created)


@dataclass
class OneTimePrekey:
    id: int
    pair: DHKeyPair


@dataclass
class PrekeyBundle:
    identity: bytes
    spk_id: int
    spk: bytes
    signature: bytes
    opk_id: Optional[int] = None
    opk: Optional[bytes] = None

    def encode(self) -> bytes:
        w = Writer().u8(1).fixed(self.identity, 32).u32(self.spk_id).fixed(self.spk, 32)
        w.fixed(self.signature, 64)
        if self.opk is None:
            w.u8(0)
        else:
            w.u8(1).u32(self.opk_id).fixed(self.opk, 32)
        out = w.out()
        if len(out) > BUNDLE_MAX:
            raise ProtocolError("bundle too large")
        return out

    @staticmethod
    def decode(data: bytes) -> "PrekeyBundle":
        if len(data) > BUNDLE_MAX:
            raise ProtocolError("bundle too large")
        r = Reader(data)
        r.version(1)
        ik = r.fixed(32); spk_id = r.u32(); spk = r.fixed(32); sig = r.fixed(64)
        b = PrekeyBundle(ik, spk_id, spk, sig)
        if r.flag():
            b.opk_id = r.u32(); b.opk = r.fixed(32)
        r.end()
        return b

    def verify(self) -> bool:
        return VERIFY(self.identity, SPK_LABEL + self.spk, self.signature)


# --------------------------------------------------------------------------------------
# X3DH
# --------------------------------------------------------------------------------------

X3DH_INFO = b"Sandi X3DH v1"
X3DH_HK_INFO = b"Sandi X3DH header keys v1"


def x3dh_kdf(dhs: list[bytes]) -> tuple[bytes, bytes, bytes]:
    sk = HKDF(b"", b"\xff" * 32 + b"".join(dhs), X3DH_INFO, 32)
    hk = HKDF(b"", sk, X3DH_HK_INFO, 64)
    return sk, hk[:32], hk[32:]


def x3dh_initiator(alice: Identity, bundle: PrekeyBundle, rng):
    """Returns (SK, HKA, NHKB, EK pair)."""
    if not bundle.verify():
        raise ProtocolError("bad signed prekey signature")
    xdh_b = XDH_pk(bundle.identity)  # an error if IK_B is not a valid point, before EK
    ek = DHKeyPair.generate(rng)
    dhs = [DH(alice.xdh_secret(), bundle.spk),
           DH(ek.secret, xdh_b),
           DH(ek.secret, bundle.spk)]
    if bundle.opk is not None:
        dhs.append(DH(ek.secret, bundle.opk))
    sk, hka, nhkb = x3dh_kdf(dhs)
    return sk, hka, nhkb, ek


def x3dh_responder(bob: Identity, spk: DHKeyPair, opk: Optional[DHKeyPair],
                   ik_a: bytes, ek_a: bytes):
    dhs = [DH(spk.secret, XDH_pk(ik_a)),
           DH(bob.xdh_secret(), ek_a),
           DH(spk.secret, ek_a)]
    if opk is not None:
        dhs.append(DH(opk.secret, ek_a))
    return x3dh_kdf(dhs)


# --------------------------------------------------------------------------------------
# Double Ratchet with header encryption
# --------------------------------------------------------------------------------------

ROOT_INFO = b"Sandi ratchet root v1"
MSGKEY_INFO = {1: b"Sandi message keys v1", 2: b"Sandi message keys v2"}
HEADER_AD = b"Sandi header v1"
MAX_SKIP = 1000
MAX_STORED_SKIPPED = 2000
SKIPPED_LIFETIME = 30 * 24 * 3600
MAX_PLAINTEXT = 1 << 20
HEADER_LEN = 40
ENC_HEADER_LEN = 24 + HEADER_LEN + 16  # 80


def KDF_RK_HE(rk: bytes, dh_out: bytes):
    o = HKDF(rk, dh_out, ROOT_INFO, 96)
    return o[:32], o[32:64], o[64:]


def KDF_CK(ck: bytes):
    return HMAC(ck, b"\x02"), HMAC(ck, b"\x01")  # (ck', mk)


def message_key_material(mk: bytes, header_nonce: bytes):
    """Pairwise body key and nonce.  v1: salt empty; v2: salt = the encrypted header's
    24-byte nonce."""
    if VERSION == 1:
        o = HKDF(b"", mk, MSGKEY_INFO[1], 56)
    else:
        o = HKDF(header_nonce, mk, MSGKEY_INFO[2], 56)
    return o[:32], o[32:]


@dataclass
class Skipped:
    hk: bytes
    n: int
    mk: bytes
    stored_at: int


@dataclass
class RatchetState:
    DHs: DHKeyPair
    DHr: Optional[bytes]
    RK: bytes
    CKs: Optional[bytes]
    CKr: Optional[bytes]
    HKs: Optional[bytes]
    HKr: Optional[bytes]
    NHKs: bytes
    NHKr: bytes
    Ns: int = 0
    Nr: int = 0
    PN: int = 0
    skipped: list = field(default_factory=list)  # list[Skipped], oldest first
    lost_messages: int = 0  # v2: messages abandoned by the last decryption (not stored)

    # -- initialisation (the specification's functions) --
    @staticmethod
    def init_alice(sk: bytes, bob_dh_public: bytes, hka: bytes, nhkb: bytes, rng) -> "RatchetState":
        dhs = DHKeyPair.generate(rng)
        rk, cks, nhks = KDF_RK_HE(sk, DH(dhs.secret, bob_dh_public))
        return RatchetState(DHs=dhs, DHr=bob_dh_public, RK=rk, CKs=cks, CKr=None,
                            HKs=hka, HKr=None, NHKs=nhks, NHKr=nhkb)

    @staticmethod
    def init_bob(sk: bytes, bob_pair: DHKeyPair, hka: bytes, nhkb: bytes) -> "RatchetState":
        return RatchetState(DHs=bob_pair, DHr=None, RK=sk, CKs=None, CKr=None,
                            HKs=None, HKr=None, NHKs=nhkb, NHKr=hka)

    def copy(self) -> "RatchetState":
        return RatchetState(DHKeyPair(self.DHs.public, self.DHs.secret), self.DHr, self.RK,
                            self.CKs, self.CKr, self.HKs, self.HKr, self.NHKs, self.NHKr,
                            self.Ns, self.Nr, self.PN,
                            [Skipped(s.hk, s.n, s.mk, s.stored_at) for s in self.skipped])

    # -- encryption --
    def encrypt(self, plaintext: bytes, ad: bytes, rng) -> bytes:
        """Returns the ratchet message: u8 1 || encrypted header (80) || body."""
        if len(plaintext) > MAX_PLAINTEXT:
            raise ProtocolError("plaintext above 1 MiB")
        if self.CKs is None or self.HKs is None:
            raise ProtocolError("no sending chain")
        self.CKs, mk = KDF_CK(self.CKs)
        header = Writer().fixed(self.DHs.public, 32).u32(self.PN).u32(self.Ns).out()
        hn = rng.fill(24)
        enc_header = hn + AEAD_enc(self.HKs, hn, HEADER_AD, header)
        self.Ns += 1
        prefix = bytes([VERSION]) + enc_header
        key, nonce = message_key_material(mk, hn)
        return prefix + AEAD_enc(key, nonce, ad + prefix, plaintext)

    # -- decryption (transactional) --
    def decrypt(self, message: bytes, ad: bytes, rng, now: int = 0,
                check: Optional[Callable[[bytes], object]] = None) -> bytes:
        """Transactional: works on a copy; `check` (raising ProtocolError) runs on the
        authenticated plaintext before the state is committed."""
        self._expire(now)  # "only the expiry in step 2 happens in any case"
        work = self.copy()
        pt = work._decrypt(message, ad, rng, now)
        if check is not None:
            check(pt)
        self.__dict__.update(work.__dict__)
        return pt

    @staticmethod
    def _hdecrypt(hk: Optional[bytes], enc_header: bytes):
        if hk is None:
            return None
        try:
            h = AEAD_dec(hk, enc_header[:24], HEADER_AD, enc_header[24:])
        except ProtocolError:
            return None
        if len(h) != HEADER_LEN:
            return None
        r = Reader(h)
        return r.fixed(32), r.u32(), r.u32()  # dh, pn, n

    def _expire(self, now: int):
        # v2 step 2: delete when stored_at + 2,592,000 < now (so kept at exactly 30 days)
        self.skipped = [s for s in self.skipped if s.stored_at + SKIPPED_LIFETIME >= now]

    def _decrypt(self, message: bytes, ad: bytes, rng, now: int) -> bytes:
        # 1. sizes and version
        if not (1 + ENC_HEADER_LEN + 16 <= len(message) <= 1 + ENC_HEADER_LEN + MAX_PLAINTEXT + 16):
            raise ProtocolError("ratchet message size out of range")
        r = Reader(message)
        r.version(VERSION)  # the ratchet message's version byte follows the protocol's
        enc_header = r.fixed(ENC_HEADER_LEN)
        body = r.rest()
        prefix = message[:1 + ENC_HEADER_LEN]
        full_ad = ad + prefix
        hnonce = enc_header[:24]
        # 2. expiry (done on the real state by decrypt() before the copy)
        # 3. skipped keys, each distinct header key tried once, in stored order
        tried = set()
        for s in self.skipped:
            if s.hk in tried:
                continue
            tried.add(s.hk)
            h = self._hdecrypt(s.hk, enc_header)
            if h is None:
                continue
            for i, t in enumerate(self.skipped):
                if t.hk == s.hk and t.n == h[2]:
                    key, nonce = message_key_material(t.mk, hnonce)
                    pt = AEAD_dec(key, nonce, full_ad, body)
                    del self.skipped[i]
                    return pt
            break  # opened, but no key for its n: stop looking at skipped keys
        # 4. current, then next header key
        h = self._hdecrypt(self.HKr, enc_header)
        dh_ratchet = False
        if h is None:
            h = self._hdecrypt(self.NHKr, enc_header)
            if h is None:
                raise HeaderError("header does not authenticate")
            dh_ratchet = True
        dh, pn, n = h
        # 5. duplicate / replay
        if not dh_ratchet and n < self.Nr:
            raise ProtocolError("duplicate or replayed message")
        self.lost_messages = 0
        # 6. new chain
        if dh_ratchet:
            if VERSION >= 2 and self.CKr is not None and pn - self.Nr > MAX_SKIP:
                self.lost_messages = pn - self.Nr  # abandon the rest of the old chain
            else:
                self._skip(pn, now)
            self._dh_ratchet(dh, rng)
        # 7. skipped keys up to n
        self._skip(n, now)
        # 8. this message
        self.CKr, mk = KDF_CK(self.CKr)
        self.Nr += 1
        key, nonce = message_key_material(mk, hnonce)
        return AEAD_dec(key, nonce, full_ad, body)

    def _skip(self, until: int, now: int):
        if VERSION == 1 and self.Nr + MAX_SKIP < until:  # Signal: checked before CKr
            raise ProtocolError("too many skipped messages")
        if self.CKr is None:  # v2 step 7: nothing if CKr is absent
            return
        if until - self.Nr > MAX_SKIP:
            raise ProtocolError("too many skipped messages")
        while self.Nr < until:
            self.CKr, mk = KDF_CK(self.CKr)
            self.skipped.append(Skipped(self.HKr, self.Nr, mk, now))
            self.Nr += 1
        while len(self.skipped) > MAX_STORED_SKIPPED:
            self.skipped.pop(0)

    def _dh_ratchet(self, dh: bytes, rng):
        self.PN = self.Ns
        self.Ns = 0
        self.Nr = 0
        self.HKs = self.NHKs
        self.HKr = self.NHKr
        self.DHr = dh
        self.RK, self.CKr, self.NHKr = KDF_RK_HE(self.RK, DH(self.DHs.secret, self.DHr))
        self.DHs = DHKeyPair.generate(rng)
        self.RK, self.CKs, self.NHKs = KDF_RK_HE(self.RK, DH(self.DHs.secret, self.DHr))

    # -- record --
    def encode(self) -> bytes:
        w = Writer().u8(1).fixed(self.DHs.public, 32).fixed(self.DHs.secret, 32)
        if self.DHr is None:
            w.u8(0)
        else:
            w.u8(1).fixed(self.DHr, 32)
        w.fixed(self.RK, 32)
        for k in (self.CKs, self.CKr, self.HKs, self.HKr):
            if k is None:
                w.u8(0)
            else:
                w.u8(1).fixed(k, 32)
        w.fixed(self.NHKs, 32).fixed(self.NHKr, 32).u32(self.Ns).u32(self.Nr).u32(self.PN)
        w.u32(len(self.skipped))
        for s in self.skipped:
            w.fixed(s.hk, 32).u32(s.n).fixed(s.mk, 32).u64(s.stored_at)
        return w.out()

    @staticmethod
    def decode_from(r: Reader) -> "RatchetState":
        r.version(1)
        pub = r.fixed(32); sec = r.fixed(32)
        dhr = r.fixed(32) if r.flag() else None
        rk = r.fixed(32)
        opt = [r.fixed(32) if r.flag() else None for _ in range(4)]
        if VERSION >= 2 and ((opt[0] is None) != (opt[2] is None) or (opt[1] is None) != (opt[3] is None)):
            raise ProtocolError("CKs/HKs or CKr/HKr present without the other")
        nhks = r.fixed(32); nhkr = r.fixed(32)
        ns = r.u32(); nr = r.u32(); pn = r.u32()
        count = r.u32()
        if count > MAX_STORED_SKIPPED:
            raise ProtocolError("too many skipped keys in record")
        sk = []
        for _ in range(count):
            sk.append(Skipped(r.fixed(32), r.u32(), r.fixed(32), r.u64()))
        return RatchetState(DHKeyPair(pub, sec), dhr, rk, opt[0], opt[1], opt[2], opt[3],
                            nhks, nhkr, ns, nr, pn, sk)


# --------------------------------------------------------------------------------------
# Sessions and the envelope
# --------------------------------------------------------------------------------------

@dataclass
class FirstMessageHeader:
    ik_a: bytes
    ek_a: bytes
    spk_id: int
    opk_id: Optional[int]
    raw_opk_id: int = 0  # the opk_id field as read

    def encode(self) -> bytes:  # the 73 bytes after the type byte
        return (Writer().fixed(self.ik_a, 32).fixed(self.ek_a, 32).u32(self.spk_id)
                .flag(self.opk_id is not None).u32(self.opk_id or 0).out())

    @staticmethod
    def decode_from(r: Reader) -> "FirstMessageHeader":
        ik = r.fixed(32); ek = r.fixed(32); spk_id = r.u32(); has = r.flag(); opk_id = r.u32()
        # v1: opk_id without a one-time prekey not checked; v2: must be 0 (Bob's step 1)
        h = FirstMessageHeader(ik, ek, spk_id, opk_id if has else None)
        h.raw_opk_id = opk_id
        return h


CT_SEALED_MEMO = 1
CT_DISTRIBUTION = 2
CT_RECEIPT = 3
CONTENT_TYPES = (CT_SEALED_MEMO, CT_DISTRIBUTION, CT_RECEIPT)
MAX_BODY_BYTES = MAX_PLAINTEXT - 1  # v2 kMaxBodyBytes


class SessionPlaintext(bytes):
    """The body (as bytes) with .content_type (None in v1) and .lost_messages."""
    content_type: Optional[int]
    lost_messages: int

    def __new__(cls, body: bytes, content_type: Optional[int], lost: int = 0):
        o = super().__new__(cls, body)
        o.content_type = content_type
        o.lost_messages = lost
        return o

    @property
    def body(self) -> bytes:
        return bytes(self)


def pairwise_plaintext(content_type: Optional[int], body: bytes) -> bytes:
    if VERSION == 1:
        return body
    if content_type not in CONTENT_TYPES:
        raise ProtocolError("unknown content type")
    if len(body) > MAX_BODY_BYTES:
        raise ProtocolError("body above kMaxBodyBytes")
    return bytes([content_type]) + body


def parse_pairwise_plaintext(pt: bytes, lost: int = 0) -> SessionPlaintext:
    if VERSION == 1:
        return SessionPlaintext(pt, None, lost)
    if not pt or pt[0] not in CONTENT_TYPES:
        raise ProtocolError("unknown or missing content type")
    return SessionPlaintext(pt[1:], pt[0], lost)


CERT_NAME_MAX = 1024   # kMaxCertificateNameBytes
CERT_SERIAL_MAX = 64   # kMaxCertificateSerialBytes


@dataclass
class Session:
    initiator: bool
    ik_local: bytes
    ik_remote: bytes
    pending: Optional[FirstMessageHeader]
    ratchet: RatchetState
    # v2: the peer certificate's issuer and serial number (kept in the record)
    peer_issuer: str = ""
    peer_serial: str = ""

    @property
    def ik_a(self) -> bytes:
        return self.ik_local if self.initiator else self.ik_remote

    @property
    def ik_b(self) -> bytes:
        return self.ik_remote if self.initiator else self.ik_local

    def _ad(self, env_header: bytes) -> bytes:
        return self.ik_a + self.ik_b + env_header

    # Initiator
    @staticmethod
    def initiate(alice: Identity, bundle: PrekeyBundle, rng,
                 peer: Optional["CertifiedIdentity"] = None) -> "Session":
        """v2: `peer` (Bob's certified identity) is required; a bundle whose IK is not the
        certified key is refused before anything is drawn or computed."""
        if VERSION >= 2:
            if peer is None:
                raise ProtocolError("a session starts only with a certified identity")
            if not ct_eq(peer.key, bundle.identity):
                raise ProtocolError("bundle identity is not the certified key")
        sk, hka, nhkb, ek = x3dh_initiator(alice, bundle, rng)
        rs = RatchetState.init_alice(sk, bundle.spk, hka, nhkb, rng)
        pending = FirstMessageHeader(alice.public, ek.public, bundle.spk_id, bundle.opk_id)
        s = Session(True, alice.public, bundle.identity, pending, rs)
        if peer is not None:
            s.peer_issuer, s.peer_serial = peer.issuer, peer.serial
        return s

    def encrypt(self, body: bytes, rng, content_type: Optional[int] = None) -> bytes:
        """v2: the plaintext is u8 content_type || body (content_type required)."""
        if self.pending is not None:
            env = b"\x02" + self.pending.encode()
        else:
            env = b"\x01"
        return env + self.ratchet.encrypt(pairwise_plaintext(content_type, body), self._ad(env), rng)

    def decrypt(self, message: bytes, rng, now: int = 0) -> "SessionPlaintext":
        r = Reader(message)
        t = r.u8()
        if t == 1:
            env = message[:1]
        elif t == 2:
            h = FirstMessageHeader.decode_from(r)
            if h.ik_a != self.ik_remote:
                raise ProtocolError("type-2 message does not name the session's peer")
            if self.initiator:  # the peer started a session of its own
                raise HeaderError("a first message from the responder of this session")
            env = message[:74]
        else:
            raise ProtocolError("unknown envelope type")
        pt = self.ratchet.decrypt(r.rest(), self._ad(env), rng, now, check=parse_pairwise_plaintext)
        if self.initiator:
            self.pending = None  # Alice sends type 2 until she has decrypted from Bob
        return parse_pairwise_plaintext(pt, self.ratchet.lost_messages)

    # -- record --
    def encode(self) -> bytes:
        w = Writer().u8(VERSION).flag(self.initiator).fixed(self.ik_local, 32).fixed(self.ik_remote, 32)
        if VERSION >= 2:
            w.string(self.peer_issuer, CERT_NAME_MAX).string(self.peer_serial, CERT_SERIAL_MAX)
        if self.pending is None:
            w.u8(0)
        else:
            w.u8(1).fixed(self.pending.encode())
        return w.out() + self.ratchet.encode()

    @staticmethod
    def decode(data: bytes) -> "Session":
        r = Reader(data)
        r.version(VERSION)
        init = r.flag(); ikl = r.fixed(32); ikr = r.fixed(32)
        issuer = serial = ""
        if VERSION >= 2:
            issuer = r.string(CERT_NAME_MAX); serial = r.string(CERT_SERIAL_MAX)
        pending = FirstMessageHeader.decode_from(r) if r.flag() else None
        rs = RatchetState.decode_from(r)
        r.end()
        return Session(init, ikl, ikr, pending, rs, issuer, serial)


MAX_SEEN_INITIATIONS = 100_000
SEEN_ROTATE_AT = 90_000


@dataclass
class Responder:
    """Bob's side of first messages: his prekeys and the EK_A values he accepted."""
    identity: Identity
    spks: dict  # id -> SignedPrekey
    opks: dict = field(default_factory=dict)  # id -> OneTimePrekey
    seen: set = field(default_factory=set)  # (spk_id, EK_A)
    # v2: maps IK_A to its CertifiedIdentity, or None when uncertified
    resolver: Optional[Callable[[bytes], Optional["CertifiedIdentity"]]] = None

    def accept_first(self, message: bytes, rng, now: int = 0) -> tuple[Session, bytes]:
        r = Reader(message)
        if r.u8() != 2:
            raise ProtocolError("not a first message")
        h = FirstMessageHeader.decode_from(r)
        env = message[:74]
        if VERSION >= 2 and h.opk_id is None and h.raw_opk_id != 0:
            raise ProtocolError("opk_id must be 0 without a one-time prekey")  # step 1
        peer = None
        if VERSION >= 2:
            # step 2: before decrypting anything or changing any state
            peer = self.resolver(h.ik_a) if self.resolver else None
            if peer is None or not ct_eq(peer.key, h.ik_a):
                raise ProtocolError("uncertified initiator")
        # step 3: prekeys
        spk = self.spks.get(h.spk_id)
        if spk is None:
            raise ProtocolError("unknown or retired signed prekey")
        opk = None
        if h.opk_id is not None:
            o = self.opks.get(h.opk_id)
            if o is None:
                raise ProtocolError("unknown or used one-time prekey")
            opk = o.pair
        # step 4: the replay check
        if (h.spk_id, h.ek_a) in self.seen:
            raise ProtocolError("repeated first message")
        if len(self.seen) >= MAX_SEEN_INITIATIONS:
            self.seen = {e for e in self.seen if e[0] in self.spks}
            if len(self.seen) >= MAX_SEEN_INITIATIONS and h.opk_id is None:
                raise ProtocolError("replay cache full: rotate the signed prekey")
        sk, hka, nhkb = x3dh_responder(self.identity, spk.pair, opk, h.ik_a, h.ek_a)
        rs = RatchetState.init_bob(sk, spk.pair, hka, nhkb)
        s = Session(False, self.identity.public, h.ik_a, None, rs)
        if peer is not None:
            s.peer_issuer, s.peer_serial = peer.issuer, peer.serial
        pt = rs.decrypt(r.rest(), s._ad(env), rng, now, check=parse_pairwise_plaintext)
        pt = parse_pairwise_plaintext(pt, rs.lost_messages)
        # only after the first message decrypted:
        if h.opk_id is not None:
            del self.opks[h.opk_id]
        if len(self.seen) < MAX_SEEN_INITIATIONS:
            self.seen.add((h.spk_id, h.ek_a))
        # else: (full, so it had a one-time prekey) accepted without being remembered;
        # the spent one-time prekey refuses its replay
        return s, pt

    def retire_signed_prekey(self, spk_id: int) -> None:
        self.spks.pop(spk_id, None)
        self.seen = {e for e in self.seen if e[0] != spk_id}

    def should_rotate_signed_prekey(self) -> bool:
        return len(self.seen) >= SEEN_ROTATE_AT


class SessionCipher:
    """The session cipher over a session store keyed by the peer's address (protocol.md
    v2 "Routing and the session cipher"): load, advance, store, and only then return.
    The store holds encoded session records, so every step also round-trips them."""

    def __init__(self, identity: Identity, responder: Optional[Responder], rng,
                 now: Callable[[], int] = lambda: 0, store: Optional[dict] = None):
        self.identity = identity
        self.responder = responder
        self.rng = rng
        self.now = now
        self.store = {} if store is None else store

    def load(self, address) -> Optional[Session]:
        rec = self.store.get(address)
        return None if rec is None else Session.decode(rec)

    def _save(self, address, s: Session) -> None:
        self.store[address] = s.encode()

    def process_prekey_bundle(self, address, bundle: PrekeyBundle, peer: CertifiedIdentity) -> None:
        self._save(address, Session.initiate(self.identity, bundle, self.rng, peer))

    def encrypt(self, address, content_type: int, body: bytes) -> bytes:
        s = self.load(address)
        if s is None:
            raise ProtocolError("no session")
        wire = s.encrypt(body, self.rng, content_type)
        self._save(address, s)  # persist before send
        return wire

    def decrypt(self, address, wire: bytes) -> SessionPlaintext:
        if not wire:
            raise ProtocolError("empty message")
        s = self.load(address)
        if wire[0] == 1:
            if s is None:
                raise ProtocolError("no session for a type-1 message")
            pt = s.decrypt(wire, self.rng, self.now())
            self._save(address, s)
            return pt
        if wire[0] != 2:
            raise ProtocolError("unknown envelope type")
        if s is not None:
            h = FirstMessageHeader.decode_from(Reader(wire[1:74]))
            if not ct_eq(h.ik_a, s.ik_remote):
                raise ProtocolError("a first message naming another identity for this address")
            try:
                pt = s.decrypt(wire, self.rng, self.now())
                self._save(address, s)
                return pt
            except HeaderError:
                pass  # the same peer started over: X3DH below replaces the session
        if self.responder is None:
            raise ProtocolError("not accepting first messages")
        ns, pt = self.responder.accept_first(wire, self.rng, self.now())
        self._save(address, ns)
        return pt


# --------------------------------------------------------------------------------------
# Groups (sender keys)
# --------------------------------------------------------------------------------------

GROUP_ID_MAX = 64
# v2 mentions size caps checked before the signature (kMaxDistributionBytes,
# kMaxGroupMessageBytes) only in a commit message; protocol.md gives no values.
# ASSUMPTION: the largest well-formed encodings.
MAX_DISTRIBUTION_BYTES = 1 + 4 + GROUP_ID_MAX + 32 + 4 + 4 + 32 + 32
MAX_GROUP_MESSAGE_BYTES = 1 + 4 + GROUP_ID_MAX + 32 + 4 + 4 + 24 + 32 + 4 + MAX_PLAINTEXT + 16 + 64
SENDER_MSGKEY_INFO = {1: b"Sandi sender message keys v1", 2: b"Sandi sender message keys v2"}


def sender_key_material(mk: bytes, salt: bytes):
    """v1: key || nonce = HKDF(empty, mk, info v1, 56), no commitment key.
    v2: key || nonce || commit_key = HKDF(salt, mk, info v2, 88)."""
    if VERSION == 1:
        o = HKDF(b"", mk, SENDER_MSGKEY_INFO[1], 56)
        return o[:32], o[32:56], None
    o = HKDF(salt, mk, SENDER_MSGKEY_INFO[2], 88)
    return o[:32], o[32:56], o[56:]


@dataclass
class Distribution:
    group_id: str
    key_id: int
    iteration: int
    chain_key: bytes
    signing_public: bytes
    sender_ik: bytes = b""  # v2: the sender's Ed25519 identity key

    def encode(self) -> bytes:
        w = Writer().u8(VERSION).string(self.group_id, GROUP_ID_MAX)
        if VERSION >= 2:
            w.fixed(self.sender_ik, 32)
        return (w.u32(self.key_id).u32(self.iteration).fixed(self.chain_key, 32)
                .fixed(self.signing_public, 32).out())

    @staticmethod
    def decode(data: bytes) -> "Distribution":
        if len(data) > MAX_DISTRIBUTION_BYTES:
            raise ProtocolError("distribution too large")
        r = Reader(data)
        r.version(VERSION)
        gid = r.string(GROUP_ID_MAX)
        ik = r.fixed(32) if VERSION >= 2 else b""
        d = Distribution(gid, r.u32(), r.u32(), r.fixed(32), r.fixed(32), ik)
        r.end()
        return d


@dataclass
class GroupMessage:
    group_id: bytes
    sender_ik: bytes             # v2
    key_id: int
    iteration: int
    salt: Optional[bytes]        # v2
    commitment: Optional[bytes]  # v2
    header: bytes                # m up to and including the iteration (v1) / commitment (v2)
    ciphertext: bytes
    signed: bytes                # m
    signature: bytes

    @staticmethod
    def parse(message: bytes) -> "GroupMessage":
        if len(message) < 64:
            raise ProtocolError("truncated")
        m, sig = message[:-64], message[-64:]
        r = Reader(m)
        r.version(VERSION)
        gid = r.bytes_(GROUP_ID_MAX)
        ik = r.fixed(32) if VERSION >= 2 else b""
        key_id = r.u32(); it = r.u32()
        salt = commitment = None
        if VERSION >= 2:
            salt = r.fixed(24); commitment = r.fixed(32)
        header = m[:r.p]
        ct = r.bytes_(MAX_PLAINTEXT + 16)
        r.end()
        return GroupMessage(gid, ik, key_id, it, salt, commitment, header, ct, m, sig)


@dataclass
class SenderKey:
    """A sender key record (own: with the signing seed; received: without)."""
    key_id: int
    chain_key: bytes
    iteration: int
    signing_public: bytes
    signing_seed: Optional[bytes] = None
    skipped: list = field(default_factory=list)  # [(iteration, mk, stored_at)] ascending
    sender_ik: bytes = b""  # v2: the identity the sender key belongs to

    @staticmethod
    def generate(rng, sender_ik: bytes = b"") -> "SenderKey":
        # ASSUMPTION (order of draws): key_id (4 bytes, big-endian u32), chain key (32),
        # signing seed (32).
        key_id = struct.unpack(">I", rng.fill(4))[0]
        ck = rng.fill(32)
        seed = rng.fill(32)
        pk, _ = nb.crypto_sign_seed_keypair(seed)
        return SenderKey(key_id, ck, 0, pk, seed, sender_ik=sender_ik)

    @staticmethod
    def from_distribution(d: Distribution, session: Optional["Session"] = None) -> "SenderKey":
        """v2: accepted only if the distribution names the (certified) peer of the
        pairwise session it arrived on."""
        if VERSION >= 2:
            if session is None or not ct_eq(d.sender_ik, session.ik_remote):
                raise ProtocolError("distribution names another identity than its session's peer")
        return SenderKey(d.key_id, d.chain_key, d.iteration, d.signing_public, None,
                         sender_ik=d.sender_ik)

    def distribution(self, group_id: str) -> Distribution:
        return Distribution(group_id, self.key_id, self.iteration, self.chain_key,
                            self.signing_public, self.sender_ik)

    def encrypt(self, group_id: str, plaintext: bytes, rng=None) -> bytes:
        if self.signing_seed is None:
            raise ProtocolError("not our own sender key")
        if len(plaintext) > MAX_PLAINTEXT:
            raise ProtocolError("plaintext above 1 MiB")
        next_ck, mk = KDF_CK(self.chain_key)
        w = Writer().u8(VERSION).string(group_id, GROUP_ID_MAX)
        if VERSION >= 2:
            w.fixed(self.sender_ik, 32)
        w.u32(self.key_id).u32(self.iteration)
        salt = b""
        if VERSION >= 2:
            salt = rng.fill(24)
        key, nonce, ck_commit = sender_key_material(mk, salt)
        if VERSION >= 2:
            w.fixed(salt, 24).fixed(HMAC(ck_commit, plaintext), 32)
        header = w.out()
        m = header + Writer().bytes_(AEAD_enc(key, nonce, header, plaintext)).out()
        _, sk64 = nb.crypto_sign_seed_keypair(self.signing_seed)
        self.chain_key = next_ck
        self.iteration += 1
        return m + SIG(sk64, m)

    def _open(self, g: GroupMessage, mk: bytes) -> bytes:
        key, nonce, ck_commit = sender_key_material(mk, g.salt or b"")
        pt = AEAD_dec(key, nonce, g.header, g.ciphertext)
        if VERSION >= 2 and not ct_eq(HMAC(ck_commit, pt), g.commitment):
            raise ProtocolError("plaintext commitment mismatch")
        return pt

    def decrypt(self, group_id: str, message: bytes, now: int = 0) -> bytes:
        if len(message) > MAX_GROUP_MESSAGE_BYTES:
            raise ProtocolError("group message too large")
        if len(message) < 64:
            raise ProtocolError("truncated")
        if not VERIFY(self.signing_public, message[:-64], message[-64:]):
            raise ProtocolError("bad signature")
        g = GroupMessage.parse(message)
        if g.group_id != enc_str(group_id) or g.key_id != self.key_id:
            raise ProtocolError("wrong group or key id")
        if VERSION >= 2 and not ct_eq(g.sender_ik, self.sender_ik):
            raise ProtocolError("group message names another sender")
        it = g.iteration
        self.skipped = [s for s in self.skipped if s[2] + SKIPPED_LIFETIME >= now]
        if it < self.iteration:
            for i, (sit, smk, _) in enumerate(self.skipped):
                if sit == it:
                    pt = self._open(g, smk)
                    del self.skipped[i]
                    return pt
            raise ProtocolError("used iteration")
        if it - self.iteration > MAX_SKIP:
            raise ProtocolError("too far ahead")
        ck = self.chain_key
        new_skipped = []
        cur = self.iteration
        while cur < it:
            ck, mk = KDF_CK(ck)
            new_skipped.append((cur, mk, now))
            cur += 1
        next_ck, mk = KDF_CK(ck)
        pt = self._open(g, mk)  # transactional: commit only on success
        self.skipped = (self.skipped + new_skipped)[-MAX_STORED_SKIPPED:]
        self.chain_key = next_ck
        self.iteration = it + 1
        return pt

    def encode(self) -> bytes:
        w = Writer().u8(VERSION)
        if VERSION >= 2:
            w.fixed(self.sender_ik, 32)
        w.u32(self.key_id).fixed(self.chain_key, 32).u32(self.iteration)
        w.fixed(self.signing_public, 32)
        if self.signing_seed is None:
            w.u8(0)
        else:
            w.u8(1).fixed(self.signing_seed, 32)
        w.u32(len(self.skipped))
        for it, mk, at in self.skipped:
            w.u32(it).fixed(mk, 32).u64(at)
        return w.out()

    @staticmethod
    def decode(data: bytes) -> "SenderKey":
        r = Reader(data)
        r.version(VERSION)
        ik = r.fixed(32) if VERSION >= 2 else b""
        sk = SenderKey(r.u32(), r.fixed(32), r.u32(), r.fixed(32), sender_ik=ik)
        if r.flag():
            sk.signing_seed = r.fixed(32)
            if nb.crypto_sign_seed_keypair(sk.signing_seed)[0] != sk.signing_public:
                raise ProtocolError("signing seed does not match public key")
        k = r.u32()
        if k > MAX_STORED_SKIPPED:
            raise ProtocolError("too many skipped keys")
        prev = -1
        for _ in range(k):
            it = r.u32(); mk = r.fixed(32); at = r.u64()
            if it <= prev or it >= sk.iteration:
                raise ProtocolError("skipped iterations not strictly ascending below iteration")
            prev = it
            sk.skipped.append((it, mk, at))
        r.end()
        return sk


# --------------------------------------------------------------------------------------
# Memos
# --------------------------------------------------------------------------------------

MEMO_STRING_MAX = 4096
MEMO_BODY_MAX = 512 * 1024
MEMO_LIST_MAX = 100
MAX_ENCODED_MEMO = 1 << 20   # kMaxEncodedMemoBytes
MAX_CMS = 4 << 20            # kMaxCmsBytes (v1: unspecified; same value used)


@dataclass
class Attachment:
    name: str
    media_type: str
    blob_id: str
    key: bytes
    stream_header: bytes
    ciphertext_sha256: bytes
    plaintext_size: int

    def write(self, w: Writer):
        w.string(self.name, MEMO_STRING_MAX).string(self.media_type, MEMO_STRING_MAX)
        w.string(self.blob_id, MEMO_STRING_MAX).fixed(self.key, 32).fixed(self.stream_header, 24)
        w.fixed(self.ciphertext_sha256, 32).u64(self.plaintext_size)

    @staticmethod
    def read(r: Reader) -> "Attachment":
        return Attachment(r.string(MEMO_STRING_MAX), r.string(MEMO_STRING_MAX),
                          r.string(MEMO_STRING_MAX), r.fixed(32), r.fixed(24), r.fixed(32),
                          r.u64())


@dataclass
class Memo:
    classification: int = 0  # 0 B, 1 T, 2 R, 3 SR
    nomor: str = ""
    kepada: list = field(default_factory=list)
    dari: str = ""
    tembusan: list = field(default_factory=list)
    tanggal: str = ""
    sifat: int = 0  # 0 Biasa, 1 Segera, 2 Sangat Segera
    lampiran: str = ""
    hal: str = ""
    body: str = ""
    jabatan: str = ""
    nama: str = ""
    pangkat: str = ""
    nip: str = ""
    attachments: list = field(default_factory=list)
    expiry: Optional[int] = None

    def encode(self) -> bytes:
        if self.classification not in range(4) or self.sifat not in range(3):
            raise ProtocolError("enum out of range")
        w = Writer().u8(1).u8(self.classification).string(self.nomor, MEMO_STRING_MAX)
        self._list(w, self.kepada)
        w.string(self.dari, MEMO_STRING_MAX)
        self._list(w, self.tembusan)
        w.string(self.tanggal, MEMO_STRING_MAX).u8(self.sifat)
        w.string(self.lampiran, MEMO_STRING_MAX).string(self.hal, MEMO_STRING_MAX)
        w.string(self.body, MEMO_BODY_MAX)
        for s in (self.jabatan, self.nama, self.pangkat, self.nip):
            w.string(s, MEMO_STRING_MAX)
        w.u32(len(self.attachments))
        for a in self.attachments:
            a.write(w)
        if self.expiry is None:
            w.u8(0)
        else:
            w.u8(1).u64(self.expiry)
        return w.out()

    @staticmethod
    def _list(w: Writer, items):
        if len(items) > MEMO_LIST_MAX:
            raise ProtocolError("list above 100 entries")
        w.u32(len(items))
        for s in items:
            w.string(s, MEMO_STRING_MAX)

    @staticmethod
    def _rlist(r: Reader):
        n = r.u32()
        if n > MEMO_LIST_MAX:
            raise ProtocolError("list above 100 entries")
        return [r.string(MEMO_STRING_MAX) for _ in range(n)]

    @staticmethod
    def decode(data: bytes) -> "Memo":
        r = Reader(data)
        r.version(1)
        m = Memo()
        m.classification = r.u8()
        if m.classification > 3:
            raise ProtocolError("classification out of range")
        m.nomor = r.string(MEMO_STRING_MAX)
        m.kepada = Memo._rlist(r)
        m.dari = r.string(MEMO_STRING_MAX)
        m.tembusan = Memo._rlist(r)
        m.tanggal = r.string(MEMO_STRING_MAX)
        m.sifat = r.u8()
        if m.sifat > 2:
            raise ProtocolError("sifat out of range")
        m.lampiran = r.string(MEMO_STRING_MAX)
        m.hal = r.string(MEMO_STRING_MAX)
        m.body = r.string(MEMO_BODY_MAX)
        m.jabatan = r.string(MEMO_STRING_MAX)
        m.nama = r.string(MEMO_STRING_MAX)
        m.pangkat = r.string(MEMO_STRING_MAX)
        m.nip = r.string(MEMO_STRING_MAX)
        n = r.u32()
        if n > MEMO_LIST_MAX:  # ASSUMPTION: the attachment count has the list limit
            raise ProtocolError("too many attachments")
        m.attachments = [Attachment.read(r) for _ in range(n)]
        if r.flag():
            m.expiry = r.u64()
        r.end()
        return m


MEMO_ID_BYTES = 16
MAX_MEMO_RECIPIENTS = 1024
MAX_CERT_NAME = 1024
MAX_CERT_SERIAL = 64


@dataclass
class SealedMemo:
    """v2 (protocol.md, "Sealed memo"): the bound part B = u8 2 || bytes memo || memo_id ||
    sender IK || u32 n || n x (string issuer || string serial), then u8 signed [|| bytes CMS]."""
    memo: bytes
    memo_id: bytes = bytes(MEMO_ID_BYTES)
    sender: bytes = bytes(32)
    recipients: list = field(default_factory=list)  # [(issuer, serial)]
    cms: Optional[bytes] = None

    def bound(self) -> bytes:
        if not 1 <= len(self.recipients) <= MAX_MEMO_RECIPIENTS:
            raise ProtocolError("sealed memo: 1 to 1,024 recipients")
        w = Writer().u8(2).bytes_(self.memo, MAX_ENCODED_MEMO).fixed(self.memo_id, MEMO_ID_BYTES).fixed(self.sender, 32)
        w.u32(len(self.recipients))
        for issuer, serial in self.recipients:
            w.string(issuer, MAX_CERT_NAME).string(serial, MAX_CERT_SERIAL)
        return w.out()

    def encode(self) -> bytes:
        out = self.bound()
        w = Writer()
        if self.cms is None:
            w.u8(0)
        else:
            w.u8(1).bytes_(self.cms, MAX_CMS)
        return out + w.out()

    @staticmethod
    def decode(data: bytes) -> "SealedMemo":
        r = Reader(data)
        r.version(2)
        memo = r.bytes_(MAX_ENCODED_MEMO)
        memo_id = r.fixed(MEMO_ID_BYTES)
        sender = r.fixed(32)
        n = r.u32()
        if n > MAX_MEMO_RECIPIENTS:
            raise ProtocolError("sealed memo: too many recipients")
        recipients = [(r.string(MAX_CERT_NAME), r.string(MAX_CERT_SERIAL)) for _ in range(n)]
        cms = r.bytes_(MAX_CMS) if r.flag() else None
        r.end()
        Memo.decode(memo)
        return SealedMemo(memo, memo_id, sender, recipients, cms)


# --------------------------------------------------------------------------------------
# Attachments (secretstream)
# --------------------------------------------------------------------------------------

CHUNK = 65536
SS_ABYTES = nb.crypto_secretstream_xchacha20poly1305_ABYTES  # 17
TAG_MESSAGE = nb.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
TAG_FINAL = nb.crypto_secretstream_xchacha20poly1305_TAG_FINAL


def attachment_encrypt(plaintext: bytes, rng) -> tuple[bytes, bytes, bytes]:
    """Returns (key, stream header, ciphertext blob).  The stream header is drawn by
    libsodium itself (crypto_secretstream_*_init_push), not by the injected source."""
    key = rng.fill(32)
    st = nb.crypto_secretstream_xchacha20poly1305_state()
    header = nb.crypto_secretstream_xchacha20poly1305_init_push(st, key)
    chunks = [plaintext[i:i + CHUNK] for i in range(0, len(plaintext), CHUNK)] or [b""]
    out = []
    for i, c in enumerate(chunks):
        tag = TAG_FINAL if i == len(chunks) - 1 else TAG_MESSAGE
        out.append(nb.crypto_secretstream_xchacha20poly1305_push(st, c, None, tag))
    return key, header, b"".join(out)


def attachment_blob_sizes(plaintext_size: int) -> set:
    """The blob sizes a manifest's plaintext size allows: the canonical chunking, and for a
    non-zero multiple of 65,536 also a full last chunk followed by an empty final one."""
    chunks = max(1, -(-plaintext_size // CHUNK))
    sizes = {plaintext_size + SS_ABYTES * chunks}
    if plaintext_size and plaintext_size % CHUNK == 0:
        sizes.add(plaintext_size + SS_ABYTES * (chunks + 1))
    return sizes


def _stream_decrypt(key: bytes, header: bytes, blob: bytes) -> bytes:
    st = nb.crypto_secretstream_xchacha20poly1305_state()
    try:
        nb.crypto_secretstream_xchacha20poly1305_init_pull(st, header, key)
    except Exception as e:
        raise ProtocolError("bad stream header") from e
    out = []
    pos = 0
    final = False
    while pos < len(blob) or not out:
        if final:
            raise ProtocolError("bytes after the final chunk")
        c = blob[pos:pos + CHUNK + SS_ABYTES]
        pos += len(c)
        try:
            m, tag = nb.crypto_secretstream_xchacha20poly1305_pull(st, c, None)
        except Exception as e:
            raise ProtocolError("chunk does not authenticate") from e
        if tag == TAG_FINAL:
            final = True
        elif tag != TAG_MESSAGE or len(m) != CHUNK:
            raise ProtocolError("short or odd non-final chunk")
        out.append(m)
    if not final:
        raise ProtocolError("missing final chunk")
    return b"".join(out)


def attachment_decrypt(key: bytes, header: bytes, blob,
                       sha256: Optional[bytes] = None, size: Optional[int] = None) -> bytes:
    """`blob` is the ciphertext bytes or a function returning them (called once per
    read).  v2: read once, check size and SHA-256 against the manifest before releasing
    anything; read again, decrypt, and hash again (the blob may have changed between)."""
    open_fn = blob if callable(blob) else (lambda: blob)
    first = open_fn()
    if size is not None and len(first) not in attachment_blob_sizes(size):
        raise ProtocolError("size mismatch")
    if sha256 is not None and not ct_eq(hashlib.sha256(first).digest(), sha256):
        raise ProtocolError("ciphertext hash mismatch")
    second = open_fn() if callable(blob) else first
    if sha256 is not None and not ct_eq(hashlib.sha256(second).digest(), sha256):
        raise ProtocolError("ciphertext changed between the two reads")
    pt = _stream_decrypt(key, header, second)
    if size is not None and len(pt) != size:
        raise ProtocolError("size mismatch")
    return pt


# --------------------------------------------------------------------------------------
# Key store file
# --------------------------------------------------------------------------------------

KS_MAGIC = b"SANDIKS\n"
KS_HEADER_LEN = 41
KS_MAX_OPS = 10
KS_MAX_MEM = 2 << 30
KS_DEFAULT_OPS = 3
KS_DEFAULT_MEM = 256 << 20
KS_MIN_OPS = 2          # v2 kMinArgon2 (libsodium's INTERACTIVE)
KS_MIN_MEM = 64 << 20
KS_MAX_FILE = 256 << 20          # kMaxKeyStoreBytes
KS_MAX_NAME = 1024               # kMaxStoreNameBytes
KS_MAX_RECORD = 16 << 20         # kMaxStoreRecordBytes
KS_MAX_SPKS = 1000               # kMaxStoredSignedPreKeys
KS_MAX_OPKS = 100_000            # kMaxStoredOneTimePreKeys
KS_MAX_RECORDS = 1_000_000       # kMaxStoreRecords (sessions, and sender keys, each)
KS_MIN_PASSPHRASE = 8


@dataclass
class KeyStoreHeader:
    ops_limit: int
    mem_limit: int
    salt: bytes

    def encode(self) -> bytes:
        return KS_MAGIC + Writer().u8(1).u64(self.ops_limit).u64(self.mem_limit).fixed(self.salt, 16).out()

    @staticmethod
    def decode(data: bytes) -> "KeyStoreHeader":
        if len(data) < KS_HEADER_LEN or data[:8] != KS_MAGIC:
            raise ProtocolError("not a Sandi key store")
        r = Reader(data[8:KS_HEADER_LEN])
        r.version(1)
        h = KeyStoreHeader(r.u64(), r.u64(), r.fixed(16))
        if h.ops_limit > KS_MAX_OPS or h.mem_limit > KS_MAX_MEM:
            raise ProtocolError("key store asks for too much work")
        if VERSION >= 2 and (h.ops_limit < KS_MIN_OPS or h.mem_limit < KS_MIN_MEM):
            raise ProtocolError("key store asks for too little work")
        return h


def ks_kek(passphrase: bytes, h: KeyStoreHeader) -> bytes:
    return nb.crypto_pwhash_alg(32, passphrase, h.salt, h.ops_limit, h.mem_limit,
                                nb.crypto_pwhash_ALG_ARGON2ID13)


@dataclass
class KeyStoreContents:
    identity_seed: bytes
    spks: list = field(default_factory=list)  # [SignedPrekey]
    opks: list = field(default_factory=list)  # [OneTimePrekey]
    sessions: dict = field(default_factory=dict)  # address (bytes or str) -> session record
    sender_keys: dict = field(default_factory=dict)  # sender_key_record_name() -> record
    seen: list = field(default_factory=list)  # [(spk_id, EK_A)]

    def drop_expired(self, now: int) -> None:
        for a, rec in list(self.sessions.items()):
            sess = Session.decode(rec)
            sess.ratchet._expire(now)
            self.sessions[a] = sess.encode()
        for n, rec in list(self.sender_keys.items()):
            sk = SenderKey.decode(rec)
            sk.skipped = [x for x in sk.skipped if x[2] + SKIPPED_LIFETIME >= now]
            self.sender_keys[n] = sk.encode()

    def encode(self) -> bytes:
        w = Writer().u8(1).fixed(self.identity_seed, 32).u32(len(self.spks))
        for s in self.spks:
            w.u32(s.id).fixed(s.pair.public, 32).fixed(s.pair.secret, 32).fixed(s.signature, 64).u64(s.created)
        w.u32(len(self.opks))
        for o in self.opks:
            w.u32(o.id).fixed(o.pair.public, 32).fixed(o.pair.secret, 32)
        w.u32(len(self.sessions))
        for a in sorted(self.sessions, key=enc_str):
            w.string(a).bytes_(self.sessions[a])
        w.u32(len(self.sender_keys))
        for n in sorted(self.sender_keys, key=enc_str):
            w.string(n).bytes_(self.sender_keys[n])
        w.u32(len(self.seen))
        for sid, ek in sorted(self.seen):
            w.u32(sid).fixed(ek, 32)
        return w.out()

    @staticmethod
    def decode(data: bytes) -> "KeyStoreContents":
        r = Reader(data)
        r.version(1)
        v2 = VERSION >= 2
        c = KeyStoreContents(r.fixed(32))
        n = r.u32()
        if v2 and n > KS_MAX_SPKS:
            raise ProtocolError("too many signed prekeys")
        for _ in range(n):
            i = r.u32(); pub = r.fixed(32); sec = r.fixed(32); sig = r.fixed(64); cr = r.u64()
            c.spks.append(SignedPrekey(i, DHKeyPair(pub, sec), sig, cr))
        m = r.u32()
        if v2 and m > KS_MAX_OPKS:
            raise ProtocolError("too many one-time prekeys")
        for _ in range(m):
            i = r.u32(); pub = r.fixed(32); sec = r.fixed(32)
            c.opks.append(OneTimePrekey(i, DHKeyPair(pub, sec)))
        name_max = KS_MAX_NAME if v2 else U32_MAX
        rec_max = KS_MAX_RECORD if v2 else U32_MAX
        prev = None
        count = r.u32()
        if v2 and count > KS_MAX_RECORDS:
            raise ProtocolError("too many sessions")
        for _ in range(count):
            a = r.bytes_(name_max); rec = r.bytes_(rec_max)
            if prev is not None and a <= prev:
                raise ProtocolError("addresses not strictly ascending")
            prev = a
            if VERSION >= 2:
                Session.decode(rec)  # v2: every record must decode
            c.sessions[a] = rec
        prev = None
        count = r.u32()
        if v2 and count > KS_MAX_RECORDS:
            raise ProtocolError("too many sender keys")
        for _ in range(count):
            n = r.bytes_(name_max); rec = r.bytes_(rec_max)
            if prev is not None and n <= prev:
                raise ProtocolError("names not strictly ascending")
            prev = n
            if VERSION >= 2:
                SenderKey.decode(rec)
            c.sender_keys[n] = rec
        e = r.u32()
        if e > MAX_SEEN_INITIATIONS:
            raise ProtocolError("too many remembered first messages")
        prev = None
        for _ in range(e):
            pair = (r.u32(), r.fixed(32))
            if prev is not None and pair <= prev:
                raise ProtocolError("(spk_id, EK_A) not strictly ascending")
            prev = pair
            c.seen.append(pair)
        r.end()
        return c


def keystore_seal(contents: bytes, passphrase: bytes, rng, ops: int = KS_DEFAULT_OPS,
                  mem: int = KS_DEFAULT_MEM, mk: Optional[bytes] = None) -> bytes:
    # ASSUMPTION (order of draws): salt, MK, nonce_w, nonce_c.
    if VERSION >= 2 and len(passphrase) < KS_MIN_PASSPHRASE:
        raise ProtocolError("passphrase shorter than 8 bytes")
    if ops > KS_MAX_OPS or mem > KS_MAX_MEM or (
            VERSION >= 2 and (ops < KS_MIN_OPS or mem < KS_MIN_MEM)):
        raise ProtocolError("Argon2id parameters outside the allowed range")
    h = KeyStoreHeader(ops, mem, rng.fill(16))
    hb = h.encode()
    if mk is None:
        mk = rng.fill(32)
    kek = ks_kek(passphrase, h)
    nw = rng.fill(24)
    wrapped = AEAD_enc(kek, nw, hb, mk)
    nc = rng.fill(24)
    prefix = hb + nw + wrapped
    return prefix + nc + AEAD_enc(mk, nc, prefix, contents)


def keystore_write(contents: KeyStoreContents, passphrase: bytes, rng, now: int,
                   mk: Optional[bytes] = None, **kw) -> bytes:
    """v2 save: drop skipped keys older than 30 days from every session and sender key
    record, then encode, decode and re-encode (refused unless identical), then seal."""
    contents.drop_expired(now)
    body = contents.encode()
    if KeyStoreContents.decode(body).encode() != body:
        raise ProtocolError("store would not read back")
    return keystore_seal(body, passphrase, rng, mk=mk, **kw)


def keystore_change_passphrase(data: bytes, old: bytes, new: bytes, rng, **kw) -> bytes:
    """v2: a new header (new salt) and a NEW master key; contents re-encrypted under it.
    (v1: the same MK.)"""
    mk, body = keystore_open(data, old)
    return keystore_seal(body, new, rng, mk=None if VERSION >= 2 else mk, **kw)


def sender_key_record_name(group_id: str | bytes, address: str | bytes) -> bytes:
    """v2: u16 len || group_id || u16 len || sender address (v1: group_id | address)."""
    g, a = enc_str(group_id), enc_str(address)
    if VERSION == 1:
        return g + b"|" + a
    return Writer().u16(len(g)).fixed(g).u16(len(a)).fixed(a).out()


def keystore_open(data: bytes, passphrase: bytes) -> tuple[bytes, bytes]:
    """Returns (master key, contents bytes)."""
    if VERSION >= 2 and len(data) > KS_MAX_FILE:
        raise ProtocolError("damaged (key store above kMaxKeyStoreBytes)")
    h = KeyStoreHeader.decode(data)
    if len(data) < KS_HEADER_LEN + 24 + 48 + 24 + 16:
        raise ProtocolError("truncated key store")
    hb = data[:KS_HEADER_LEN]
    nw = data[41:65]
    wrapped = data[65:113]
    nc = data[113:137]
    try:
        mk = AEAD_dec(ks_kek(passphrase, h), nw, hb, wrapped)
    except ProtocolError:
        raise ProtocolError("wrong passphrase (or its header is damaged)")
    try:
        contents = AEAD_dec(mk, nc, data[:113], data[137:])
    except ProtocolError:
        raise ProtocolError("damaged")
    return mk, contents
