// SPDX-License-Identifier: GPL-3.0-or-later
// What `sandi verify` and the desktop build on: a file's ETSI indication from its
// signatures and problems, the exit status of a run, the trust directories, and text
// from files made safe to print.
#include "../../support/test_pki.h"

#include "sandi/client/display_text.h"
#include "sandi/client/documents.h"
#include "sandi/client/trust_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sandi::test {
namespace {

using client::FileReport;
using crypto::Indication;

SignatureReport signature(Indication indication, std::string sub)
{
    SignatureReport s;
    s.indication = indication;
    s.subIndication = std::move(sub);
    s.valid = indication == Indication::TotalPassed;
    if (!s.valid) s.problem("SOME_PROBLEM", "details");
    return s;
}

TEST(FileIndication, TheWorstSignatureOrFileProblemDecides)
{
    FileReport f;
    f.signatures.push_back(signature(Indication::TotalPassed, ""));
    EXPECT_EQ(f.indication().indication, Indication::TotalPassed);
    EXPECT_EQ(f.indication().subIndication, "");

    f.signatures.push_back(signature(Indication::Indeterminate, "TRY_LATER"));
    EXPECT_EQ(f.indication().indication, Indication::Indeterminate);
    EXPECT_EQ(f.indication().subIndication, "TRY_LATER");

    f.signatures.push_back(signature(Indication::TotalFailed, "HASH_FAILURE"));
    f.signatures.push_back(signature(Indication::TotalFailed, "SIG_CRYPTO_FAILURE"));
    EXPECT_EQ(f.indication().indication, Indication::TotalFailed);
    EXPECT_EQ(f.indication().subIndication, "HASH_FAILURE"); // the first among equals

    FileReport unsigned_;
    unsigned_.problems.push_back({std::string(crypto::finding::kNoSignatures), "none"});
    EXPECT_EQ(unsigned_.indication().indication, Indication::TotalFailed);
    EXPECT_EQ(unsigned_.indication().subIndication, "FORMAT_FAILURE");

    // A file problem fails a file whose signatures pass.
    FileReport appended;
    appended.signatures.push_back(signature(Indication::TotalPassed, ""));
    appended.problems.push_back({std::string(crypto::finding::kDataAfterLastEof), "junk"});
    EXPECT_EQ(appended.indication().indication, Indication::TotalFailed);

    FileReport unreadable;
    unreadable.error = Error{ErrorCode::InvalidInput, "not a PDF"};
    EXPECT_EQ(unreadable.indication().indication, Indication::Indeterminate);
    EXPECT_NE(unreadable.indication().indication, Indication::TotalPassed);
}

TEST(FileIndication, ExitStatusOfARun)
{
    auto status = [](std::vector<FileReport> files) { return client::verifyExitStatus(client::summarize(files)); };
    FileReport passed;
    passed.signatures.push_back(signature(Indication::TotalPassed, ""));
    FileReport undecided;
    undecided.signatures.push_back(signature(Indication::Indeterminate, "TRY_LATER"));
    FileReport failed;
    failed.signatures.push_back(signature(Indication::TotalFailed, "HASH_FAILURE"));
    FileReport unreadable;
    unreadable.error = Error{ErrorCode::Io, "gone"};

    EXPECT_EQ(status({passed, passed}), 0);
    EXPECT_EQ(status({passed, undecided}), 3);
    EXPECT_EQ(status({undecided, failed, passed}), 1);
    EXPECT_EQ(status({passed, failed, unreadable}), 2);
    EXPECT_EQ(status({}), 2);
    const auto sum = client::summarize(std::vector<FileReport>{passed, undecided, failed, unreadable});
    EXPECT_EQ(sum.valid, 1U);
    EXPECT_EQ(sum.indeterminate, 1U);
    EXPECT_EQ(sum.failed, 1U);
    EXPECT_EQ(sum.notValid, 2U);
    EXPECT_EQ(sum.unreadable, 1U);
}

TEST(DisplayText, ControlsAndBidiOverridesAreEscaped)
{
    using client::escapeForDisplay;
    EXPECT_EQ(escapeForDisplay("Wa Ode Sitti Hasnah, Kota Baubau"), "Wa Ode Sitti Hasnah, Kota Baubau");
    EXPECT_EQ(escapeForDisplay("caf\xc3\xa9 \xe2\x80\x94 \xe6\x96\x87"), "caf\xc3\xa9 \xe2\x80\x94 \xe6\x96\x87");
    EXPECT_EQ(escapeForDisplay("\x1b[2K\rVALID"), "\\x1b[2K\\x0dVALID");
    EXPECT_EQ(escapeForDisplay(std::string_view("a\0b", 3)), "a\\x00b");
    EXPECT_EQ(escapeForDisplay("tab\there\nline"), "tab\\x09here\\x0aline");
    EXPECT_EQ(escapeForDisplay("del\x7f"), "del\\x7f");
    EXPECT_EQ(escapeForDisplay("csi\xc2\x9b"
                               "2J"),
              "csi\\u009b2J"); // C1 CSI
    EXPECT_EQ(escapeForDisplay("\xe2\x80\xae"
                               "FDP.exe"),
              "\\u202eFDP.exe");
    for (std::uint32_t cp : {0x202AU, 0x202BU, 0x202CU, 0x202DU, 0x202EU, 0x2066U, 0x2067U, 0x2068U, 0x2069U}) {
        const std::string utf8{static_cast<char>(0xE0U | (cp >> 12U)), static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)),
                               static_cast<char>(0x80U | (cp & 0x3FU))};
        const auto shown = escapeForDisplay(utf8);
        EXPECT_EQ(shown.substr(0, 2), "\\u") << std::hex << cp;
        EXPECT_EQ(shown.find('\xe2'), std::string::npos) << std::hex << cp;
    }
    // Not UTF-8 (a lone continuation byte, an overlong ESC, a cut sequence): bytes escaped.
    EXPECT_EQ(escapeForDisplay("\x80"), "\\x80");
    EXPECT_EQ(escapeForDisplay("\xc0\x9b"), "\\xc0\\x9b");
    EXPECT_EQ(escapeForDisplay("\xe2\x80"), "\\xe2\\x80");
    // A backslash in the input cannot pose as one of our escapes.
    EXPECT_EQ(escapeForDisplay("\\x1b"), "\\\\x1b");
    // Every single byte: no control reaches the output.
    for (int b = 0; b < 256; ++b) {
        const auto shown = escapeForDisplay(std::string(1, static_cast<char>(b)));
        for (char c : shown) {
            const auto u = static_cast<unsigned char>(c);
            EXPECT_FALSE(u < 0x20 || u == 0x7F || u >= 0x80) << "byte " << b;
        }
    }
}

class TrustDirTest : public ::testing::Test {
  protected:
    TestPki pki;

    std::string dir(const std::string& name)
    {
        const auto p = pki.dir.path() / name;
        std::filesystem::create_directories(p);
        return p.string();
    }
    static void write(const std::string& path, std::span<const std::byte> bytes)
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
    static void write(const std::string& path, std::string_view text) { write(path, std::as_bytes(std::span(text))); }
};

TEST_F(TrustDirTest, EveryPemIsReadAndABadOneIsAWarningNamingIt)
{
    const std::string system = dir("system");
    const std::string user = dir("user");
    const Certificate root(ossl::upRef(pki.root->certificate()));
    const Certificate baubau(ossl::upRef(pki.baubau->certificate()));
    write(system + "/psre-induk.pem", root.der());
    write(system + "/broken.pem", std::string_view("-----BEGIN CERTIFICATE-----\nnot base64\n"));
    write(system + "/README", std::string_view("not a .pem: not read"));
    write(user + "/kota-baubau.pem", baubau.der());
    const auto t = client::loadTrustDirectories({system, user, dir("empty"), (pki.dir.path() / "absent").string()});
    ASSERT_EQ(t.anchors.size(), 2U);
    EXPECT_EQ(t.anchors[0].subject(), root.subject());
    EXPECT_EQ(t.anchors[1].subject(), baubau.subject());
    ASSERT_EQ(t.warnings.size(), 1U) << (t.warnings.empty() ? "" : t.warnings[1]);
    EXPECT_NE(t.warnings[0].find(system + "/broken.pem"), std::string::npos) << t.warnings[0];
    EXPECT_EQ(t.files.size(), 2U);
}

TEST_F(TrustDirTest, TheEnvironmentNamesTheDirectories)
{
    const std::string system = dir("etc-sandi-trust.d");
    const std::string config = dir("config");
    std::filesystem::create_directories(config + "/sandi/trust.d");
    const Certificate root(ossl::upRef(pki.root->certificate()));
    write(system + "/root.pem", root.der());
    write(config + "/sandi/trust.d/root-again.pem", root.der());
    ::setenv(client::kSystemTrustDirVariable, system.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", config.c_str(), 1);
    const auto d = client::defaultTrustDirectories();
    EXPECT_EQ(d.system, system);
    EXPECT_EQ(d.user, config + "/sandi/trust.d");
    EXPECT_EQ(client::defaultTrustAnchors().anchors.size(), 2U);
    ::unsetenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME"); // NOLINT(concurrency-mt-unsafe)
    const std::string savedHome = home != nullptr ? home : "";
    ::setenv("HOME", "/home/auditor", 1);
    EXPECT_EQ(client::defaultTrustDirectories().user, "/home/auditor/.config/sandi/trust.d");
    if (home != nullptr)
        ::setenv("HOME", savedHome.c_str(), 1);
    else
        ::unsetenv("HOME");
    ::unsetenv(client::kSystemTrustDirVariable);
    EXPECT_EQ(client::defaultTrustDirectories().system, "/etc/sandi/trust.d");
}

} // namespace
} // namespace sandi::test
