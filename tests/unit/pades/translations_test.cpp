// SPDX-License-Identifier: GPL-3.0-or-later
// The people's output in Bahasa Indonesia is complete: every finding code (fixed, chain
// and PDF change codes) has a fixed sentence in po/id.po and an entry in po/sandi.pot,
// and every message of the template is translated. (The labels of `sandi verify` are
// checked against the source by the po_labels_complete test, with xgettext and msgcmp.)
#include "sandi/pades/pades_verify.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace sandi::test {
namespace {

using namespace sandi::crypto;

// msgctxt + "\004" + msgid → msgstr, from a .po file (the subset of the syntax our files use).
std::map<std::string, std::string> readPo(const std::string& name)
{
    std::ifstream in(std::string(SANDI_SOURCE_DIR) + "/po/" + name);
    std::map<std::string, std::string> out;
    std::string line, ctxt, id, str, *current = nullptr;
    bool haveEntry = false;
    auto unquote = [](std::string_view s) {
        std::string r;
        const auto a = s.find('"');
        const auto b = s.rfind('"');
        if (a == std::string_view::npos || b <= a) return r;
        for (std::size_t i = a + 1; i < b; ++i) {
            if (s[i] == '\\' && i + 1 < b) {
                ++i;
                r += s[i] == 'n' ? '\n' : s[i];
            } else {
                r += s[i];
            }
        }
        return r;
    };
    auto flush = [&] {
        if (haveEntry && !id.empty()) out[(ctxt.empty() ? "" : ctxt + "\004") + id] = str;
        ctxt.clear();
        id.clear();
        str.clear();
        haveEntry = false;
    };
    while (std::getline(in, line)) {
        if (line.starts_with("msgctxt ")) {
            if (haveEntry) flush();
            ctxt = unquote(line);
            current = &ctxt;
        } else if (line.starts_with("msgid ")) {
            if (haveEntry) flush();
            id = unquote(line);
            current = &id;
        } else if (line.starts_with("msgstr ")) {
            str = unquote(line);
            current = &str;
            haveEntry = true;
        } else if (line.starts_with("\"") && current != nullptr) {
            *current += unquote(line);
        }
    }
    flush();
    return out;
}

TEST(Translations, EveryFindingCodeHasAnIndonesianSentence)
{
    const auto id = readPo("id.po");
    const auto pot = readPo("sandi.pot");
    ASSERT_FALSE(id.empty());
    std::vector<std::string> codes;
    for (auto c : fixedFindingCodes())
        codes.emplace_back(c);
    for (auto c : modificationCodes())
        codes.emplace_back(c);
    for (auto& c : allChainFindingCodes())
        codes.push_back(c);
    for (const auto& code : codes) {
        const std::string key = "finding\004" + code;
        const auto it = id.find(key);
        ASSERT_NE(it, id.end()) << code << " has no msgctxt \"finding\" entry in po/id.po";
        EXPECT_FALSE(it->second.empty()) << code << " is untranslated in po/id.po";
        EXPECT_TRUE(pot.contains(key)) << code << " is missing from po/sandi.pot";
    }
}

TEST(Translations, EveryTemplateMessageIsTranslated)
{
    const auto id = readPo("id.po");
    const auto pot = readPo("sandi.pot");
    ASSERT_GT(pot.size(), 100U);
    for (const auto& [key, english] : pot) {
        const auto it = id.find(key);
        ASSERT_NE(it, id.end()) << "po/id.po lacks " << key;
        EXPECT_FALSE(it->second.empty()) << "po/id.po leaves " << key << " untranslated";
    }
}

} // namespace
} // namespace sandi::test
