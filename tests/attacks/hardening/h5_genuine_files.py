# SPDX-License-Identifier: GPL-3.0-or-later
# Genuine files stay valid: a signed revision that ends right after %%EOF with the next update
# starting with its end-of-line; "%%EOF" or "endobj" inside strings of a later revision or of
# the signature dictionary itself; trailing NUL or white-space padding longer than qpdf's
# startxref search window. pdfsig (Poppler) is asked too, for the record.
from hcommon import *

c = Cases("h5_genuine_files")
base = write("h5-base.pdf", pdftool.base_pdf())
signed = sandi_sign(base, path("h5-signed.pdf"))


def pdfsig_valid(name):
    r = subprocess.run(["pdfsig", path(name + ".pdf")], capture_output=True, text=True)
    n = r.stdout.count("Signature Validation: Signature is Valid.")
    return n, r.stdout.count("Signature #")


def signed_to_eof(data, sig, eol):
    """`data` + a signature update whose range stops right after its %%EOF; then `eol`."""
    d = add_signature(data, sig)  # (signed to the end; re-signed below without the end-of-line)
    d = d[:-1] if d.endswith(b"\n") else d
    m = list(re.finditer(rb"/ByteRange \[0 (\d{10}) (\d{10}) (\d{10})\]", d))[-1]
    a, b = int(m.group(1)), int(m.group(2))
    placeholder = d[:m.start()] + b"/ByteRange [0 0000000000 0000000000 0000000000]" + d[m.end():a + 1] + \
        b"0" * PLACEHOLDER_HEX + d[b - 1:]
    return fill_signature(placeholder) + eol


cases = []
for eol, tag in ((b"\n", "lf"), (b"\r\n", "crlf"), (b"\r", "cr")):
    # The signed revision ends at %%EOF; the next update (another signature) starts with the EOL.
    two = signed_to_eof(signed, None, eol)
    cases.append(("h5-range-at-eof-then-update-" + tag, add_signature(two, field_name=b"Third")))
    cases.append(("h5-range-at-eof-last-" + tag, two))
# "%%EOF" and "endobj" inside strings: of the signature dictionary (before /Contents), of a
# later revision's signature dictionary.
for text, tag in ((b"(%%EOF)", "eof"), (b"(\\n%%EOF\\n)", "eol-eof"), (b"(endobj)", "endobj"),
                  (b"(a\\) endobj \\(b)", "escaped-endobj"), (b"<656E646F626A>", "hex"),
                  (b"(x ( endobj ) y)", "nested-endobj")):
    sig = sig_dict(extra=b"/Reason " + text + b" /Name (startxref) ")
    cases.append(("h5-string-in-sigdict-" + tag, add_signature(signed, sig)))
    later = add_signature(add_signature(signed, sig_dict()), sig, field_name=b"Later")
    cases.append(("h5-string-in-later-" + tag, later))
raw_eof = add_signature(signed, sig_dict(extra=b"/Reason (line\n%%EOF\nmore) "))
cases.append(("h5-raw-eof-line-in-string", raw_eof))
# Padding after the last %%EOF, longer than qpdf's window (1054 bytes).
for n, pad, tag in ((2000, b"\0", "nul-2000"), (70000, b"\0", "nul-70000"), (5000, b" ", "space-5000"),
                    (3000, b"\r\n", "crlf-3000")):
    cases.append(("h5-padding-" + tag, signed + pad * n))
    cases.append(("h5-padding-two-sigs-" + tag, add_signature(signed) + pad * n))
for name, data in cases:
    c.expect(name, data, valid=True)
    valid, total = pdfsig_valid(name)
    print("   pdfsig: %d of %d signatures valid" % (valid, total))
c.done()
