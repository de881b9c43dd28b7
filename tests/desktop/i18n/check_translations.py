#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""desktop_translations_complete: are the committed .ts files of sandi-desktop up to date
with the sources, and is every Indonesian message translated?

lupdate runs over the current sources (the same project as `update_translations`, written
by client/desktop/CMakeLists.txt) into TEMPORARY copies of the committed .ts files; the
repository is never written. It fails, listing each message, when
  - the code has a string the committed .ts lacks, or the .ts keeps one the code dropped;
  - a message of the Indonesian .ts is unfinished, empty, or has the wrong number of
    plural forms (Indonesian has one);
  - a translation loses, adds or changes a placeholder (%1, %2, %L1, %n) or the "&"
    accelerator of its source;
  - an Indonesian translation is its English source copied (apart from a few words that
    stay, such as "Sandi", "NIP", "OK", "PDF");
  - a plural message of the English .ts (the only ones it needs) is not translated.

  check_translations.py --lupdate LUPDATE --project PROJECT.json [--complete id] [-- LUPDATE_OPTIONS...]
  check_translations.py --lupdate LUPDATE --selftest
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DEFAULT_OPTIONS = ["-no-obsolete", "-locations", "none"]
PLURAL_FORMS = {"id": 1, "en": 2}
PLACEHOLDER = re.compile(r"%L?(\d{1,2}|n)")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# Words an Indonesian text keeps as they are; a translation equal to its English source is
# otherwise taken for an untranslated copy.
SAME_IN_INDONESIAN = {"Sandi", "NIP", "PIN", "OK", "PDF", "QR", "relay", "B", "T", "R", "SR", "L", "n"}


def placeholders(text):
    return sorted(set(m.group(1) for m in PLACEHOLDER.finditer(text)))


def accelerators(text):
    """The accelerator letters of a text: "&x" (not "&&", not an HTML entity)."""
    text = ENTITY.sub("", text.replace("&&", ""))
    return [text[i + 1] for i, c in enumerate(text) if c == "&" and i + 1 < len(text) and not text[i + 1].isspace()]


def read_ts(path):
    """{(context, source, comment, numerus): {"type": ..., "forms": [...]}}, the language."""
    root = ET.parse(path).getroot()
    messages = {}
    for ctx in root.iter("context"):
        cname = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            key = (cname, m.findtext("source") or "", m.findtext("comment") or "", m.get("numerus") == "yes")
            tr = m.find("translation")
            if tr is None:
                entry = {"type": "missing", "forms": []}
            elif key[3]:
                entry = {"type": tr.get("type", ""), "forms": [nf.text or "" for nf in tr.findall("numerusform")]}
            else:
                entry = {"type": tr.get("type", ""), "forms": [tr.text or ""]}
            messages[key] = entry
    return messages, root.get("language", "")


def describe(key):
    ctx, src, comment, _ = key
    return f"{ctx}: {src!r}" + (f" ({comment})" if comment else "")


def check_message(key, entry, lang, complete):
    """Problems of one message; complete=True: every message needs a translation."""
    ctx, src, comment, numerus = key
    if not complete and not numerus:
        return []  # e.g. English: the source text is the English text
    problems = []
    if entry["type"] in ("unfinished", "missing", "vanished", "obsolete"):
        return [f"{describe(key)}: {entry['type'] or 'not translated'}"]
    forms = entry["forms"]
    want = PLURAL_FORMS.get(lang.split("_")[0], None) if numerus else 1
    if want is not None and len(forms) != want:
        problems.append(f"{describe(key)}: {len(forms)} plural form(s), {lang} has {want}")
    for i, text in enumerate(forms):
        where = f"{describe(key)}" + (f" [form {i}]" if numerus else "")
        if not text.strip():
            problems.append(f"{where}: empty translation")
            continue
        if placeholders(text) != placeholders(src):
            problems.append(f"{where}: placeholders {placeholders(src)} became {placeholders(text)} in {text!r}")
        if complete and text == src and any(w not in SAME_IN_INDONESIAN for w in re.findall(r"[A-Za-z]+", src)):
            problems.append(f"{where}: the translation is the English source")
        if len(accelerators(text)) != len(accelerators(src)):
            problems.append(
                f"{where}: {len(accelerators(src))} accelerator(s) (&) in the source, "
                f"{len(accelerators(text))} in {text!r}")
    return problems


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check(lupdate, project_path, complete_langs, options):
    with open(project_path, encoding="utf-8") as f:
        project = json.load(f)
    committed = project["translations"]
    before = {p: sha256(p) for p in committed}
    problems = []
    with tempfile.TemporaryDirectory(prefix="sandi-i18n-") as tmp:
        copies = []
        for p in committed:
            c = os.path.join(tmp, os.path.basename(p))
            shutil.copyfile(p, c)
            copies.append(c)
        project["translations"] = copies
        tmp_project = os.path.join(tmp, "project.json")
        with open(tmp_project, "w", encoding="utf-8") as f:
            json.dump(project, f)
        run = subprocess.run([lupdate, "-project", tmp_project, *options], capture_output=True, text=True)
        if run.returncode != 0:
            return [f"lupdate failed ({run.returncode}):\n{run.stdout}{run.stderr}"]
        for original, fresh_path in zip(committed, copies):
            name = os.path.basename(original)
            old, _ = read_ts(original)
            fresh, lang = read_ts(fresh_path)
            for key in sorted(set(fresh) - set(old)):
                problems.append(f"{name}: not in the committed .ts (run update_translations): {describe(key)}")
            for key in sorted(set(old) - set(fresh)):
                problems.append(f"{name}: no longer in the code (run update_translations): {describe(key)}")
            complete = lang in complete_langs
            count = 0
            for key in sorted(fresh):
                found = check_message(key, fresh[key], lang, complete)
                problems += [f"{name}: {p}" for p in found]
                count += 1
            print(f"{name} ({lang}): {count} messages, "
                  f"{sum(1 for e in fresh.values() if e['type'] not in ('unfinished', 'missing'))} translated")
    for p in committed:
        if sha256(p) != before[p]:
            problems.append(f"{p} was modified by the check (it must not be)")
    return problems


# ---- self-test: the check must be able to fail

FIXTURE_CPP = r'''
#include <QCoreApplication>
void f(int n) {
    QCoreApplication::translate("Fixture", "&Open %1");
    QCoreApplication::translate("Fixture", "Plain");
    QCoreApplication::translate("Fixture", "%n file(s)", nullptr, n);
}
'''

def fixture_ts(lang, messages):
    body = []
    for src, tr, numerus in messages:
        attr = ' numerus="yes"' if numerus else ""
        if tr is None:
            t = '<translation type="unfinished"></translation>'
        elif numerus:
            t = "<translation>" + "".join(f"<numerusform>{x}</numerusform>" for x in tr) + "</translation>"
        else:
            t = f"<translation>{tr}</translation>"
        body.append(f"<message{attr}><source>{src}</source>{t}</message>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="{lang}">'
            f"<context><name>Fixture</name>{''.join(body)}</context></TS>\n")


def selftest(lupdate):
    good = [("&amp;Open %1", "&amp;Buka %1", False), ("Plain", "Polos", False), ("%n file(s)", ["%n berkas"], True)]
    en = [("&amp;Open %1", None, False), ("Plain", None, False), ("%n file(s)", ["%n file", "%n files"], True)]
    cases = {
        "complete": (good, en, True),
        "unfinished": ([good[0], ("Plain", None, False), good[2]], en, False),
        "empty": ([good[0], ("Plain", "", False), good[2]], en, False),
        "lost placeholder": ([("&amp;Open %1", "&amp;Buka", False), good[1], good[2]], en, False),
        "changed placeholder": ([("&amp;Open %1", "&amp;Buka %2", False), good[1], good[2]], en, False),
        "lost accelerator": ([("&amp;Open %1", "Buka %1", False), good[1], good[2]], en, False),
        "copied English": ([good[0], ("Plain", "Plain", False), good[2]], en, False),
        "lost %n": ([good[0], good[1], ("%n file(s)", ["beberapa berkas"], True)], en, False),
        "string not in .ts": (good[:2], en[:2], False),
        "string no longer in code": (good + [("Gone", "Hilang", False)], en, False),
        "English plural missing": (good, en[:2] + [("%n file(s)", None, True)], False),
    }
    failures = 0
    with tempfile.TemporaryDirectory(prefix="sandi-i18n-selftest-") as tmp:
        src = os.path.join(tmp, "fixture.cpp")
        with open(src, "w") as f:
            f.write(FIXTURE_CPP)
        for name, (id_msgs, en_msgs, should_pass) in cases.items():
            ts_id, ts_en = os.path.join(tmp, "fixture_id.ts"), os.path.join(tmp, "fixture_en.ts")
            with open(ts_id, "w") as f:
                f.write(fixture_ts("id", id_msgs))
            with open(ts_en, "w") as f:
                f.write(fixture_ts("en", en_msgs))
            before = (sha256(ts_id), sha256(ts_en))
            project = os.path.join(tmp, "project.json")
            with open(project, "w") as f:
                json.dump({"projectFile": src, "includePaths": [], "sources": [src],
                           "translations": [ts_id, ts_en]}, f)
            problems = check(lupdate, project, {"id"}, DEFAULT_OPTIONS)
            ok = (not problems) == should_pass and before == (sha256(ts_id), sha256(ts_en))
            print(f"selftest {name}: {'ok' if ok else 'WRONG'} ({len(problems)} problem(s))")
            for p in problems:
                print(f"    {p}")
            failures += not ok
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lupdate", required=True)
    ap.add_argument("--project")
    ap.add_argument("--complete", action="append", default=None, help="languages that need every message (id)")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("options", nargs="*", help="lupdate options (after --)")
    args = ap.parse_args()
    if args.selftest:
        failures = selftest(args.lupdate)
        print("selftest: " + ("FAILED" if failures else "passed"))
        return 1 if failures else 0
    if not args.project:
        ap.error("--project is needed")
    problems = check(args.lupdate, args.project, set(args.complete or ["id"]), args.options or DEFAULT_OPTIONS)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
