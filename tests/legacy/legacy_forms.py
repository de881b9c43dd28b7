#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Legacy PDF signature forms, generated at test time: for each form a valid file and
its broken twins (content changed after signing, a signature byte flipped, the digest
algorithm OID swapped, the signer certificate swapped for an impostor with the same
issuer and serial), checked with `sandi verify` and, where it reads the form, pdfsig.

The CMS structures are assembled here byte by byte (DER), with `openssl` for the key
operations, or made by `openssl cms -sign` itself (a second, independent producer):
adbe.pkcs7.detached without signed attributes, ESS signing-certificate-v2 listing
several certificates, two SignerInfos, adbe.pkcs7.sha1, adbe.x509.rsa_sha1, bytes after
the CMS inside /Contents, an enveloping CMS, an ECDSA value under an RSA algorithm OID,
BSI plain ECDSA (r||s), signed attributes out of DER order.

  legacy_forms.py SANDI WORK_DIR
"""
import hashlib
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pdftool  # noqa: E402

SANDI, WORK = sys.argv[1], sys.argv[2]
os.makedirs(WORK, exist_ok=True)
PLACEHOLDER = 8192  # bytes of /Contents


def path(name):
    return os.path.join(WORK, name)


def run(*args, data=None):
    return subprocess.run(list(args), input=data, capture_output=True, check=True).stdout


# ---- DER ------------------------------------------------------------------------------

def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(ln)]) + ln + content


def seq(*xs):
    return tlv(0x30, b"".join(xs))


def der_set(*xs, sort=True):
    return tlv(0x31, b"".join(sorted(xs) if sort else xs))


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.insert(0, 0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(chunk)
    return tlv(0x06, out)


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


NULL = b"\x05\x00"


def octets(b):
    return tlv(0x04, b)


def read(data, pos=0):
    """(tag, content start, end) of the element at pos."""
    tag, first = data[pos], data[pos + 1]
    if first < 0x80:
        return tag, pos + 2, pos + 2 + first
    n = first & 0x7F
    length = int.from_bytes(data[pos + 2:pos + 2 + n], "big")
    return tag, pos + 2 + n, pos + 2 + n + length


def children(data):
    out, pos = [], 0
    while pos < len(data):
        tag, start, end = read(data, pos)
        out.append(data[pos:end])
        pos = end
    return out


def content(element):
    _, start, end = read(element)
    return element[start:end]


OID = {
    "data": "1.2.840.113549.1.7.1", "signedData": "1.2.840.113549.1.7.2", "contentType": "1.2.840.113549.1.9.3",
    "messageDigest": "1.2.840.113549.1.9.4", "signingTime": "1.2.840.113549.1.9.5",
    "signingCertificateV2": "1.2.840.113549.1.9.16.2.47",
    "sha1": "1.3.14.3.2.26", "sha256": "2.16.840.1.101.3.4.2.1", "sha512": "2.16.840.1.101.3.4.2.3",
    "sha256WithRSAEncryption": "1.2.840.113549.1.1.11", "ecdsa-with-SHA256": "1.2.840.10045.4.3.2",
    "ecdsa-plain-SHA256": "0.4.0.127.0.7.1.1.4.1.3", "ecdsa-plain-SHA1": "0.4.0.127.0.7.1.1.4.1.1",
    "ecdsa-plain-arc7": "0.4.0.127.0.7.1.1.4.1.7",  # not assigned by TR-03111
}


def attr(name, value):
    return seq(oid(OID[name]), der_set(value))


# ---- a PKI of our own ------------------------------------------------------------------

def make_pki():
    def req(name, key, cn, serial=None, ca=False, extfile=None):
        run("openssl", "req", "-new", "-key", path(key), "-subj", "/CN=%s/O=Sandi legacy test" % cn, "-out",
            path(name + ".csr"))
        args = ["openssl", "x509", "-req", "-in", path(name + ".csr"), "-CA", path("root.pem"), "-CAkey",
                path("root.key"), "-days", "3650", "-out", path(name + ".pem"), "-extfile", path("ext.cnf"),
                "-extensions", "leaf"]
        args += ["-set_serial", str(serial)] if serial else ["-CAcreateserial"]
        run(*args)
    open(path("ext.cnf"), "w").write(
        "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path("root.key"))
    run("openssl", "req", "-x509", "-new", "-key", path("root.key"), "-subj", "/CN=Legacy Test Root/O=Sandi legacy test",
        "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-out", path("root.pem"))
    for key, alg in (("rsa.key", ["RSA", "-pkeyopt", "rsa_keygen_bits:2048"]), ("ec.key", ["EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
                     ("impostor.key", ["RSA", "-pkeyopt", "rsa_keygen_bits:2048"]), ("impostor-ec.key", ["EC", "-pkeyopt", "ec_paramgen_curve:P-256"])):
        run("openssl", "genpkey", "-algorithm", *alg, "-out", path(key))
    req("rsa", "rsa.key", "Signer RSA", serial=1001)
    req("ec", "ec.key", "Signer EC", serial=1002)
    # Impostors: the same issuer and serial as the real signers, another key.
    req("impostor", "impostor.key", "Signer RSA", serial=1001)
    req("impostor-ec", "impostor-ec.key", "Signer EC", serial=1002)


def cert_der(name):
    return run("openssl", "x509", "-in", path(name + ".pem"), "-outform", "DER")


def issuer_and_serial(cert):
    tbs = children(content(cert))[0]
    fields = children(content(tbs))
    if fields[0][0] == 0xA0:
        fields = fields[1:]
    return seq(fields[2], fields[0])  # issuer Name, serialNumber


def sign_bytes(key, data, md="sha256"):
    return run("openssl", "dgst", "-" + md, "-sign", path(key), data=data)


def ecdsa_plain(der_sig, size=32):
    r, s = [content(x) for x in children(content(der_sig))]
    return r.lstrip(b"\0").rjust(size, b"\0") + s.lstrip(b"\0").rjust(size, b"\0")


# ---- CMS assembled here ------------------------------------------------------------------

def signer_info(signer, signed, md="sha256", attrs=True, ess=None, sigalg=None, sort_sent=True, sign_sorted=True,
                plain=False, flip=False, digest_oid=None):
    """A SignerInfo by `signer` ("rsa" or "ec") over the bytes `signed`."""
    cert = cert_der(signer)
    key = signer + ".key"
    sigalg = sigalg or ("sha256WithRSAEncryption" if signer.startswith("rsa") else "ecdsa-with-SHA256")
    if plain and not sigalg.startswith("ecdsa-plain"):
        sigalg = "ecdsa-plain-SHA256"
    digest = hashlib.new(md, signed).digest()
    parts = [integer(1), issuer_and_serial(cert), seq(oid(OID[digest_oid or md]), NULL)]
    if attrs:
        ess_certs = ess if ess is not None else [cert]
        items = [attr("contentType", oid(OID["data"])), attr("messageDigest", octets(digest)),
                 attr("signingCertificateV2", seq(seq(*[seq(octets(hashlib.sha256(c).digest())) for c in ess_certs])))]
        unsorted = sorted(items, reverse=True)  # never DER's order (the set has distinct members)
        sent = der_set(*(items if sort_sent else unsorted), sort=sort_sent)
        covered = der_set(*(items if sign_sorted else unsorted), sort=sign_sorted)
        value = sign_bytes(key, covered, md)
        parts.append(b"\xa0" + sent[1:])
    else:
        value = sign_bytes(key, signed, md)
    if plain:
        value = ecdsa_plain(value)
    if flip:
        value = value[:-5] + bytes([value[-5] ^ 0x01]) + value[-4:]
    parts.append(seq(oid(OID[sigalg]), NULL) if "RSA" in sigalg else seq(oid(OID[sigalg])))
    parts.append(octets(value))
    return seq(*parts)


def signed_data(infos, certs, econtent=None, md="sha256"):
    encap = seq(oid(OID["data"])) if econtent is None else seq(oid(OID["data"]), tlv(0xA0, octets(econtent)))
    sd = seq(integer(1), der_set(seq(oid(OID[md]), NULL)), encap, tlv(0xA0, b"".join(certs)),
             der_set(*infos, sort=False))
    return seq(oid(OID["signedData"]), tlv(0xA0, sd))


# ---- edits of a finished CMS (for the CMS openssl made) ---------------------------------

def edit_signer(cms, fn, index=0):
    ci = children(content(cms))
    sd = children(content(content(ci[1])))
    infos = children(content(sd[-1]))
    fields = children(content(infos[index]))
    infos[index] = seq(*fn(fields))
    sd[-1] = tlv(0x31, b"".join(infos))
    return seq(ci[0], tlv(0xA0, seq(*sd)))


def flip_signature(fields):
    i = max(k for k, f in enumerate(fields) if f[0] == 0x04)
    v = bytearray(content(fields[i]))
    v[len(v) // 2] ^= 0x01
    fields[i] = octets(bytes(v))
    return fields


def swap_digest_oid(fields):
    fields[2] = seq(oid(OID["sha512"]), NULL)
    return fields


def swap_certificates(cms, old, new):
    assert old in cms
    return cms.replace(old, new) if len(old) == len(new) else rebuild_certs(cms, old, new)


def rebuild_certs(cms, old, new):
    ci = children(content(cms))
    sd = children(content(content(ci[1])))
    for i, f in enumerate(sd):
        if f[0] == 0xA0:
            sd[i] = tlv(0xA0, b"".join(new if c == old else c for c in children(content(f))))
    return seq(ci[0], tlv(0xA0, seq(*sd)))


# ---- PDFs -------------------------------------------------------------------------------

def prepared(sub_filter, extra=b""):
    """A base document with a signature dictionary waiting for its /Contents."""
    data, widget = pdftool.add_empty_signature_field(pdftool.base_pdf())
    pdf = pdftool.Pdf(data)
    v = pdf.size()
    body = pdf.object(widget)
    body = body[:-2].rstrip() + b" /V %d 0 R >>" % v
    sig = (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /" + sub_filter + b" /M (D:20261201090000Z)" + extra +
           b" /ByteRange [0 9999999999 9999999999 9999999999] /Contents <" + b"0" * (2 * PLACEHOLDER) + b"> >>")
    data = pdf.update({widget: body, v: sig})
    a = data.rindex(b"/Contents <") + len(b"/Contents ")
    b = data.index(b">", a) + 1
    br = b"/ByteRange [0 %d %d %d]" % (a, b, len(data) - b)
    old = re.search(rb"/ByteRange \[0 9999999999 9999999999 9999999999\]", data)
    data = data[:old.start()] + br.ljust(old.end() - old.start()) + data[old.end():]
    return data, a, b


def signed_range(data, a, b):
    return data[:a] + data[b:]


def place(data, a, b, contents, trailer=b""):
    hexed = (contents + trailer).hex().upper().encode()
    assert len(hexed) <= b - a - 2, "the signature does not fit the placeholder"
    return data[:a + 1] + hexed.ljust(b - a - 2, b"0") + data[b - 1:]


def change_content(data):
    i = data.index(b"Rp 10.000.000")
    return data[:i] + b"Rp 90.000.000" + data[i + len(b"Rp 10.000.000"):]


# ---- verdicts -----------------------------------------------------------------------------

INTEGRITY = {"CMS_DIGEST_MISMATCH", "CMS_SIGNATURE_INVALID", "CMS_ALGORITHM_MISMATCH", "CMS_ATTRIBUTES_NOT_DER",
             "CMS_MALFORMED", "CMS_UNSUPPORTED", "UNSUPPORTED_SUBFILTER"}
HASH_OR_SIGNATURE = {"CMS_DIGEST_MISMATCH", "CMS_SIGNATURE_INVALID", "CMS_ALGORITHM_MISMATCH"}
results = []


def sandi(name):
    r = subprocess.run([SANDI, "verify", "--json", "--no-revocation-check", "--trust", path("root.pem"), path(name)],
                       capture_output=True, text=True)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if r.returncode not in (0, 1, 3) or not lines:  # 3: INDETERMINATE (an unsupported algorithm)
        return None, r.returncode
    return json.loads(lines[0])["signatures"][0], r.returncode


def pdfsig(name):
    r = subprocess.run(["pdfsig", "-nocert", path(name)], capture_output=True, text=True)
    out = r.stdout + r.stderr
    if "Signature is Valid." in out:
        return "valid"
    if "Signature Type: unknown" in out:
        return "not-read"
    return "unknown-failure" if "Unknown Validation Failure" in out else "invalid"


def check(name, data, want, remark=None, codes=None, pdfsig_valid=None):
    """want: "valid" (no problem at all, `remark` among the remarks) or "broken" (a problem
    among `codes`). pdfsig_valid: True/False to require pdfsig's verdict, None to record it."""
    open(path(name), "wb").write(data)
    sig, rc = sandi(name)
    ps = pdfsig(name)
    why = []
    if sig is None:
        why.append("sandi crashed or printed no verdict (exit %d)" % rc)
    else:
        problems = {p["code"] for p in sig["problems"]}
        remarks = {p["code"] for p in sig["remarks"]}
        if want == "valid":
            if problems or rc != 0:
                why.append("not valid: %s" % sorted(problems))
            if remark and remark not in remarks:
                why.append("remark %s missing (remarks %s)" % (remark, sorted(remarks)))
        elif not problems & (codes or HASH_OR_SIGNATURE):
            why.append("want one of %s, got %s" % (sorted(codes or HASH_OR_SIGNATURE), sorted(problems)))
    if pdfsig_valid is not None and (ps == "valid") != pdfsig_valid:
        why.append("pdfsig says %s" % ps)
    results.append((name, not why))
    print("%-44s %-6s %-5s sandi %-40s pdfsig %-8s %s" % (
        name, want, "ok" if not why else "FAIL",
        ",".join(sorted({p["code"] for p in sig["problems"]})) if sig else "-", ps, "; ".join(why)))


def twins(form, build, remark, pdfsig_valid=None, certswap=True, digest_codes=None):
    """`build(edit)` makes the file; `edit` is None for the valid one, or one of the
    broken twins' names."""
    check(form + ".pdf", build(None), "valid", remark, pdfsig_valid=pdfsig_valid)
    check(form + "-content.pdf", build("content"), "broken", pdfsig_valid=False if pdfsig_valid else None)
    check(form + "-sigflip.pdf", build("sigflip"), "broken", pdfsig_valid=False if pdfsig_valid else None)
    check(form + "-digestoid.pdf", build("digestoid"), "broken", codes=digest_codes,
          pdfsig_valid=False if pdfsig_valid else None)
    if certswap:
        # An impostor certificate (same issuer and serial, another key): the signature
        # does not verify with its key, or the ESS attribute does not name it.
        check(form + "-certswap.pdf", build("certswap"), "broken", codes=HASH_OR_SIGNATURE | {"CMS_MALFORMED"},
              pdfsig_valid=False if pdfsig_valid else None)


def finish_cms(data, a, b, cms, edit, signer="rsa"):
    if edit == "sigflip":
        cms = edit_signer(cms, flip_signature)
    elif edit == "digestoid":
        cms = edit_signer(cms, swap_digest_oid)
    elif edit == "certswap":
        cms = swap_certificates(cms, cert_der(signer), cert_der("impostor" if signer == "rsa" else "impostor-ec"))
    out = place(data, a, b, cms)
    return change_content(out) if edit == "content" else out


def openssl_cms(signer, payload, *flags):
    open(path("payload.bin"), "wb").write(payload)
    return run("openssl", "cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-signer",
               path(signer + ".pem"), "-inkey", path(signer + ".key"), "-in", path("payload.bin"), *flags)


def main():
    make_pki()
    rsa, ec, root = cert_der("rsa"), cert_der("ec"), cert_der("root")

    # adbe.pkcs7.detached without signed attributes (openssl cms -noattr): the
    # signature is over the content's digest.
    for signer in ("rsa", "ec"):
        def build(edit, signer=signer):
            data, a, b = prepared(b"adbe.pkcs7.detached")
            cms = openssl_cms(signer, signed_range(data, a, b), "-noattr")
            return finish_cms(data, a, b, cms, edit, signer)
        twins("pkcs7-noattr-" + signer, build, "CMS_NO_SIGNED_ATTRIBUTES", pdfsig_valid=True)

    # ESS signing-certificate-v2 listing several certificates (the signer first, then
    # the root, then the signer again): only the first identifies the signer.
    def build_ess(edit, ess=None):
        data, a, b = prepared(b"ETSI.CAdES.detached")
        cms = signed_data([signer_info("rsa", signed_range(data, a, b), ess=ess or [rsa, root, rsa],
                                       flip=edit == "sigflip", digest_oid="sha512" if edit == "digestoid" else None)],
                          [rsa, root])
        if edit == "certswap":
            cms = swap_certificates(cms, rsa, cert_der("impostor"))
        out = place(data, a, b, cms)
        return change_content(out) if edit == "content" else out
    twins("ess-v2-several", build_ess, None, pdfsig_valid=True)
    check("ess-v2-root-first.pdf", build_ess(None, ess=[root, rsa]), "broken", codes={"CMS_MALFORMED"})

    # Two SignerInfos: both valid, the second invalid, the first invalid.
    def build_two(bad=None):
        data, a, b = prepared(b"adbe.pkcs7.detached")
        content_ = signed_range(data, a, b)
        infos = [signer_info("rsa", content_, flip=bad == 0), signer_info("ec", content_, flip=bad == 1)]
        return place(data, a, b, signed_data(infos, [rsa, ec]))
    check("two-signers.pdf", build_two(), "valid", "CMS_MULTIPLE_SIGNERS")
    check("two-signers-second-invalid.pdf", build_two(1), "broken", codes={"CMS_SIGNATURE_INVALID"})
    check("two-signers-first-invalid.pdf", build_two(0), "broken", codes={"CMS_SIGNATURE_INVALID"})

    # adbe.pkcs7.sha1: the CMS encapsulates the SHA-1 digest of the byte range, here
    # with a SHA-1 CMS (as Acrobat made them) and a SHA-256 one. pdfsig (Poppler 22.12)
    # hashes the byte range with the CMS's own digest algorithm and lets NSS compare:
    # right for the first, a "Digest Mismatch" for the second (recorded, not required).
    for md in ("sha1", "sha256"):
        def build_sha1(edit, md=md):
            data, a, b = prepared(b"adbe.pkcs7.sha1")
            open(path("payload.bin"), "wb").write(hashlib.sha1(signed_range(data, a, b)).digest())
            cms = run("openssl", "cms", "-sign", "-binary", "-outform", "DER", "-md", md, "-signer", path("rsa.pem"),
                      "-inkey", path("rsa.key"), "-in", path("payload.bin"), "-nodetach")
            return finish_cms(data, a, b, cms, edit)
        twins("pkcs7-sha1-" + md, build_sha1, "CMS_SHA1_SUBFILTER", pdfsig_valid=True if md == "sha1" else None)

    # adbe.x509.rsa_sha1: a PKCS#1 signature in an OCTET STRING, the certificate in /Cert
    # (pdfsig does not read this form: "Signature Type: unknown").
    def build_x509(edit, md="sha1"):
        cert = cert_der("impostor") if edit == "certswap" else rsa
        data, a, b = prepared(b"adbe.x509.rsa_sha1", b" /Cert [<%s> <%s>]" % (cert.hex().encode(), root.hex().encode()))
        value = sign_bytes("rsa.key", signed_range(data, a, b), md)
        if edit == "sigflip":
            value = value[:10] + bytes([value[10] ^ 1]) + value[11:]
        if edit == "digestoid":  # the DigestInfo names SHA-256 but holds the SHA-1 digest
            info = seq(seq(oid(OID["sha256"]), NULL), octets(hashlib.sha1(signed_range(data, a, b)).digest()))
            open(path("info.bin"), "wb").write(info)
            value = run("openssl", "pkeyutl", "-sign", "-inkey", path("rsa.key"), "-pkeyopt",
                        "rsa_padding_mode:pkcs1", "-in", path("info.bin"))
        out = place(data, a, b, octets(value))
        return change_content(out) if edit == "content" else out
    twins("x509-rsa-sha1", build_x509, "CMS_SHA1_SUBFILTER")
    # The same form over SHA-256 (the DigestInfo names it; later Acrobat versions).
    check("x509-rsa-sha1-over-sha256.pdf", build_x509(None, "sha256"), "valid", "CMS_SHA1_SUBFILTER")

    # Bytes after the CMS inside /Contents: zeros (padding, nothing to say) and junk (a remark).
    data, a, b = prepared(b"ETSI.CAdES.detached")
    cms = openssl_cms("rsa", signed_range(data, a, b))
    check("trailing-zeros.pdf", place(data, a, b, cms, b"\0" * 64), "valid", pdfsig_valid=True)
    check("trailing-junk.pdf", place(data, a, b, cms, b"\xde\xad\xbe\xef" * 16), "valid", "CMS_TRAILING_DATA")
    check("trailing-junk-content.pdf", change_content(place(data, a, b, cms, b"\xde\xad\xbe\xef" * 16)), "broken")

    # An enveloping CMS (the signed bytes inside it) under ETSI.CAdES.detached.
    def build_env(edit):
        data, a, b = prepared(b"ETSI.CAdES.detached")
        rng = signed_range(data, a, b)
        if len(rng) > PLACEHOLDER // 2:
            raise SystemExit("the document is too large to envelop")
        cms = openssl_cms("rsa", rng, "-nodetach")
        return finish_cms(data, a, b, cms, edit)
    twins("enveloping", build_env, "CMS_ENCAPSULATED_CONTENT")

    # An ECDSA value whose signatureAlgorithm says RSA: a contradiction is a failure.
    data, a, b = prepared(b"ETSI.CAdES.detached")
    cms = signed_data([signer_info("ec", signed_range(data, a, b), sigalg="sha256WithRSAEncryption")], [ec])
    check("ecdsa-as-rsa.pdf", place(data, a, b, cms), "broken", codes={"CMS_ALGORITHM_MISMATCH"})

    # BSI TR-03111 plain ECDSA (r || s, ecdsa-plain-SHA256).
    def build_plain(edit):
        data, a, b = prepared(b"ETSI.CAdES.detached")
        cms = signed_data([signer_info("ec", signed_range(data, a, b), plain=True, flip=edit == "sigflip",
                                       digest_oid="sha512" if edit == "digestoid" else None)], [ec])
        if edit == "certswap":
            cms = swap_certificates(cms, ec, cert_der("impostor-ec"))
        out = place(data, a, b, cms)
        return change_content(out) if edit == "content" else out
    twins("ecdsa-plain", build_plain, None)
    # An unknown plain-ECDSA arc is unsupported (never "does not verify"); a plain-ECDSA
    # OID naming SHA-1 over a SHA-256 digest, or over an RSA key, contradicts.
    data, a, b = prepared(b"ETSI.CAdES.detached")
    rng = signed_range(data, a, b)
    check("ecdsa-plain-unknown-arc.pdf",
          place(data, a, b, signed_data([signer_info("ec", rng, plain=True, sigalg="ecdsa-plain-arc7")], [ec])),
          "broken", codes={"CMS_UNSUPPORTED"})
    check("ecdsa-plain-sha1-oid.pdf",
          place(data, a, b, signed_data([signer_info("ec", rng, plain=True, sigalg="ecdsa-plain-SHA1")], [ec])),
          "broken", codes={"CMS_ALGORITHM_MISMATCH"})
    check("ecdsa-plain-rsa-key.pdf",
          place(data, a, b, signed_data([signer_info("rsa", rng, sigalg="ecdsa-plain-SHA256")], [rsa])),
          "broken", codes={"CMS_ALGORITHM_MISMATCH"})

    # Signed attributes sent out of DER order and signed as sent: DSS (BouncyCastle)
    # verifies the DER encoding and fails, OpenSSL/pdfsig verify the order as sent.
    data, a, b = prepared(b"ETSI.CAdES.detached")
    rng = signed_range(data, a, b)
    check("attrs-unsorted-signed-as-sent.pdf",
          place(data, a, b, signed_data([signer_info("rsa", rng, sort_sent=False, sign_sorted=False)], [rsa])),
          "broken", codes={"CMS_ATTRIBUTES_NOT_DER"})
    # ... and sent out of order but signed over the DER order: what DSS verifies.
    check("attrs-unsorted-signed-sorted.pdf",
          place(data, a, b, signed_data([signer_info("rsa", rng, sort_sent=False, sign_sorted=True)], [rsa])),
          "valid")

    failed = [n for n, ok in results if not ok]
    print("legacy_forms: %d passed, %d failed" % (len(results) - len(failed), len(failed)))
    sys.exit(1 if failed else 0)


main()
