#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every label `sandi verify` and its HTML report (--report) mark with tr() is in po/sandi.pot
# and translated in po/id.po.
set -euo pipefail
SRC=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xgettext --keyword=tr --language=C++ --from-code=UTF-8 -o "$work/labels.pot" "$SRC/client/cli/verify_command.cpp" \
  "$SRC/client/visual/src/html_report.cpp" "$SRC/client/core/src/report.cpp"
msgcmp --use-untranslated "$SRC/po/sandi.pot" "$work/labels.pot"
msgcmp "$SRC/po/id.po" "$work/labels.pot"
msgfmt --check -o /dev/null "$SRC/po/id.po"
echo "po_labels_complete: $(grep -c '^msgid' "$work/labels.pot") labels, all translated"
