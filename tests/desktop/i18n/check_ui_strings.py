#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""desktop_no_untranslated_ui_strings: no user-visible string outside tr().

Scans the C++ of sandi-desktop (client/desktop/{models,widgets,app}, *.cpp and *.h) for
string literals passed to the setters and constructors that put text on the screen
(setText, setWindowTitle, setToolTip, addItem, QLabel(...), QMessageBox::warning(...),
...) that are not inside tr(...), translate(...), QCoreApplication::translate(...) or the
QT_TR*_NOOP macros. A literal without any letter ("-", ": ") is not text to translate,
nor is a path, a URL or a file name without spaces ("/usr/lib", "wss://host:8443",
"sandi-request.csr").
A deliberate exception (an object name, a style sheet, a format) carries the marker
comment `// i18n: not UI` on the literal's line or on the line the call starts.

  check_ui_strings.py DESKTOP_DIR             the check (fails listing each literal)
  check_ui_strings.py --selftest FIXTURE_DIR  violation.cpp must fail on exactly the lines
                                              marked `// expect: untranslated`, clean.cpp
                                              must pass
"""
import os
import re
import sys

# Calls whose string arguments reach the screen (or a screen reader).
SETTERS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "setStatusTip", "setWhatsThis", "addTab", "insertTab", "setTabText",
    "setTabToolTip", "setTitle", "addItem", "addItems", "insertItem", "insertItems", "setItemText",
    "addAction", "addMenu", "addButton", "setButtonText", "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels", "setHeaderLabels", "setHeaderLabel", "showMessage", "setLabelText",
    "setInformativeText", "setDetailedText", "setPrefix", "setSuffix", "setSpecialValueText",
    "setWindowIconText", "setNameFilter", "setNameFilters", "setCancelButtonText", "setOkButtonText",
    "addRow", "insertRow", "setSubTitle", "addSection", "setApplicationDisplayName", "setApplicationDescription",
}
# Widgets (and items) whose constructors take a text.
CONSTRUCTORS = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QToolButton", "QCommandLinkButton",
    "QGroupBox", "QAction", "QMenu", "QMessageBox", "QListWidgetItem", "QTableWidgetItem",
    "QTreeWidgetItem", "QStandardItem", "QProgressDialog", "QWizardPage", "QDockWidget",
}
# Static functions of these classes show their string arguments (QMessageBox::warning, ...).
STATIC_DIALOGS = {"QMessageBox", "QFileDialog", "QInputDialog", "QToolTip", "QWhatsThis"}
# Inside these, a literal is translated.
TRANSLATORS = {"tr", "translate", "qtTrId", "QT_TR_NOOP", "QT_TR_N_NOOP", "QT_TRANSLATE_NOOP",
               "QT_TRANSLATE_N_NOOP", "QT_TRID_NOOP", "QT_TRANSLATE_NOOP3"}
MARKER = "i18n: not UI"
LETTER = re.compile(r"[^\W\d_]")
# A path, a URL or a file name ("/usr/lib", "wss://relay.example.go.id:8443",
# "sandi-request.csr"): not text to translate.
NOT_TEXT = re.compile(r"^(\S*/\S*|[\w.-]*\.[A-Za-z0-9]{1,5})$")


def tokenize(text):
    """(kind, value, first line, last line): kinds id, str, punct. Comments are dropped."""
    tokens = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif c == '"' or (c in "uUL8R" and re.match(r'(u8|u|U|L)?R?"', text[i:])):
            m = re.match(r'(u8|u|U|L)?(R?)"', text[i:])
            start_line = line
            j = i + m.end()
            if m.group(2):  # raw string R"delim(...)delim"
                d_end = text.find("(", j)
                delim = text[j:d_end]
                close = text.find(")" + delim + '"', d_end)
                close = n if close < 0 else close
                value = text[d_end + 1:close]
                j = close + len(delim) + 2
            else:
                buf = []
                while j < n and text[j] != '"':
                    if text[j] == "\\" and j + 1 < n:
                        buf.append(text[j:j + 2])
                        j += 2
                    else:
                        buf.append(text[j])
                        j += 1
                value = "".join(buf)
                j += 1
            line += text.count("\n", i, j)
            tokens.append(("str", value, start_line, line))
            i = j
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c.isdigit():
            m = re.match(r"[\w.']+", text[i:])
            i += m.end()
        elif c.isalpha() or c == "_":
            m = re.match(r"\w+", text[i:])
            tokens.append(("id", m.group(0), line, line))
            i += m.end()
        elif text.startswith("::", i):
            tokens.append(("punct", "::", line, line))
            i += 2
        else:
            tokens.append(("punct", c, line, line))
            i += 1
    return tokens


def matching(tokens, open_at):
    """Index of the bracket closing tokens[open_at] ( ( or { )."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    stack = []
    for k in range(open_at, len(tokens)):
        kind, v = tokens[k][0], tokens[k][1]
        if kind != "punct":
            continue
        if v in pairs:
            stack.append(pairs[v])
        elif stack and v == stack[-1]:
            stack.pop()
            if not stack:
                return k
    return len(tokens) - 1


def call_sites(tokens):
    """(name, index of the opening bracket) for every call whose texts reach the screen."""
    for k, (kind, v, _, _) in enumerate(tokens):
        if kind != "id":
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None:
            continue
        if v in SETTERS and nxt[1] == "(":
            yield v, k + 1
        elif v in CONSTRUCTORS and nxt[1] in "({":
            yield v, k + 1
        elif v in CONSTRUCTORS and nxt[0] == "id" and k + 2 < len(tokens) and tokens[k + 2][1] in "({":
            yield v, k + 2  # QLabel label("...")
        elif v in STATIC_DIALOGS and nxt[1] == "::" and k + 3 < len(tokens) and tokens[k + 3][1] == "(":
            yield f"{v}::{tokens[k + 2][1]}", k + 3


def violations(path, text):
    lines = text.split("\n")
    marked = {i + 1 for i, l in enumerate(lines) if MARKER in l}
    tokens = tokenize(text)
    found = {}
    for name, open_at in call_sites(tokens):
        close = matching(tokens, open_at)
        call_line = tokens[open_at][2]
        k = open_at + 1
        while k < close:
            kind, v, first, last = tokens[k]
            if kind == "id" and v in TRANSLATORS and tokens[k + 1][1] == "(":
                k = matching(tokens, k + 1) + 1
                continue
            if kind == "punct" and v == "{" and tokens[k - 1][1] in (")", "]", "mutable"):
                k = matching(tokens, k) + 1  # a lambda's body is code, not this call's text
                continue
            if kind == "str" and LETTER.search(v) and not NOT_TEXT.match(v):
                if not (marked & set(range(first, last + 1))) and call_line not in marked:
                    found[(first, v)] = f"{path}:{first}: \"{v}\" passed to {name}() outside tr()"
            k += 1
    return [found[key] for key in sorted(found)]


def scan(desktop_dir):
    out = []
    for sub in ("models", "widgets", "app"):
        for root, _, files in os.walk(os.path.join(desktop_dir, sub)):
            for f in sorted(files):
                if f.endswith((".cpp", ".h")):
                    p = os.path.join(root, f)
                    with open(p, encoding="utf-8") as fh:
                        out += violations(os.path.relpath(p, desktop_dir), fh.read())
    return out


def selftest(fixture_dir):
    ok = True
    with open(os.path.join(fixture_dir, "violation.cpp"), encoding="utf-8") as f:
        text = f.read()
    expected = {i + 1 for i, l in enumerate(text.split("\n")) if "expect: untranslated" in l}
    got = violations("violation.cpp", text)
    got_lines = {int(v.split(":")[1]) for v in got}
    for v in got:
        print(f"    {v}")
    if not expected or got_lines != expected:
        print(f"selftest violation.cpp: WRONG: expected lines {sorted(expected)}, found {sorted(got_lines)}")
        ok = False
    else:
        print(f"selftest violation.cpp: ok, fails on its {len(expected)} marked line(s)")
    with open(os.path.join(fixture_dir, "clean.cpp"), encoding="utf-8") as f:
        got = violations("clean.cpp", f.read())
    for v in got:
        print(f"    {v}")
    print(f"selftest clean.cpp: {'ok, passes' if not got else 'WRONG: it fails'}")
    ok = ok and not got
    return 0 if ok else 1


def main(argv):
    if len(argv) == 3 and argv[1] == "--selftest":
        return selftest(argv[2])
    if len(argv) != 2:
        print(__doc__)
        return 2
    found = scan(argv[1])
    for v in found:
        print(v)
    print(f"{len(found)} user-visible literal(s) outside tr()")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
