// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/atomic_file.h"
#include "sandi/core/random.h"
#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"

#include "../../support/test_pki.h"

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <sys/stat.h>

namespace sandi::test {
namespace {

Result<int> half(int x)
{
    if (x % 2 != 0) return fail(ErrorCode::InvalidArgument, "odd");
    return x / 2;
}

Result<int> quarter(int x)
{
    SANDI_ASSIGN(h, half(x));
    SANDI_ASSIGN(q, half(h));
    return q;
}

TEST(Result, PropagatesTheFirstError)
{
    EXPECT_EQ(*quarter(8), 2);
    auto r = quarter(6);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(r.error().message, "odd");
    EXPECT_EQ(r.error().context("quartering").message, "quartering: odd");
}

TEST(SecureBuffer, MovesWithoutCopyAndKeepsContents)
{
    auto a = SecureBuffer::fromString("secret");
    const std::byte* p = a.data();
    SecureBuffer b = std::move(a);
    EXPECT_EQ(b.data(), p);
    EXPECT_EQ(a.size(), 0U); // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_EQ(std::string_view(b.chars(), b.size()), "secret");
    EXPECT_EQ(b.chars()[b.size()], '\0');
    static_assert(!std::is_copy_constructible_v<SecureBuffer>);
    static_assert(!std::is_copy_assignable_v<SecureBuffer>);
}

TEST(SecureBuffer, TruncateWipesTheTail)
{
    auto a = SecureBuffer::fromString("abcdef");
    a.truncate(2);
    EXPECT_EQ(a.size(), 2U);
    EXPECT_EQ(a.data()[2], std::byte{0});
    EXPECT_EQ(a.data()[5], std::byte{0});
}

TEST(ConstantTimeEqual, ComparesContentAndLength)
{
    const std::array<std::byte, 3> x{std::byte{1}, std::byte{2}, std::byte{3}};
    std::array<std::byte, 3> y = x;
    EXPECT_TRUE(crypto::constantTimeEqual(x, y));
    y[2] = std::byte{4};
    EXPECT_FALSE(crypto::constantTimeEqual(x, y));
    EXPECT_FALSE(crypto::constantTimeEqual(std::span(x).first(2), x));
    EXPECT_TRUE(crypto::constantTimeEqual({}, {}));
}

TEST(SeededRandom, IsDeterministicPerSeedAndAdvances)
{
    SeededRandom a(7), b(7), c(8);
    std::array<std::byte, 32> x{}, y{}, z{}, w{};
    a.fill(x);
    b.fill(y);
    c.fill(z);
    a.fill(w);
    EXPECT_EQ(x, y);
    EXPECT_NE(x, z);
    EXPECT_NE(x, w);
}

TEST(AtomicFile, WritesReplacesAndRefuses)
{
    TempDir dir;
    const auto path = dir.path() / "f.txt";
    ASSERT_TRUE(writeFileAtomically(path, std::string_view("one"), FileMode::Private));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777U, 0600U);
    ASSERT_TRUE(writeFileAtomically(path, std::string_view("two"), FileMode::Public));
    EXPECT_EQ(*readTextFile(path, 100), "two");
    auto refused = writeFileAtomically(path, std::string_view("three"), FileMode::Public, Overwrite::Refuse);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(*readTextFile(path, 100), "two");
    // No temporary file is left behind, whatever happened.
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 1);
}

TEST(AtomicFile, NeverReplacesSomethingThatIsNotARegularFile)
{
    TempDir dir;
    std::filesystem::create_directory(dir.path() / "sub");
    auto r = writeFileAtomically(dir.path() / "sub", std::string_view("x"));
    ASSERT_FALSE(r);
    EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "sub"));
    // The real case: `sandi sign IN -o /dev/null` must not turn /dev/null into a file.
    ASSERT_FALSE(writeFileAtomically("/dev/null", std::string_view("x")));
    EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
}

TEST(AtomicFile, ReadRefusesOversizedAndMissingFiles)
{
    TempDir dir;
    const auto path = dir.path() / "big";
    ASSERT_TRUE(writeFileAtomically(path, std::string(1000, 'x')));
    auto big = readFile(path, 999);
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().message.find("larger than"), std::string::npos);
    auto missing = readFile(dir.path() / "nope", 10);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(FileLock, SecondLockFailsUntilTheFirstIsReleased)
{
    TempDir dir;
    const auto path = dir.path() / ".lock";
    {
        auto first = FileLock::acquire(path);
        ASSERT_TRUE(first);
        auto second = FileLock::acquire(path);
        ASSERT_FALSE(second);
        EXPECT_NE(second.error().message.find("locked"), std::string::npos);
    }
    EXPECT_TRUE(FileLock::acquire(path));
}

TEST(Layering, CryptoIncludesNoQt)
{
    // The configure step refuses Qt includes under crypto/; this checks the tree as built.
    const std::filesystem::path root = SANDI_SOURCE_DIR "/crypto";
    int files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        ++files;
        std::ifstream in(e.path());
        std::string line;
        while (std::getline(in, line)) {
            const auto pos = line.find_first_not_of(" \t");
            if (pos == std::string::npos || line.compare(pos, 8, "#include") != 0) continue;
            EXPECT_EQ(line.find("<Q"), std::string::npos) << e.path() << ": " << line;
            EXPECT_EQ(line.find("\"Q"), std::string::npos) << e.path() << ": " << line;
        }
    }
    EXPECT_GT(files, 10);
}

} // namespace
} // namespace sandi::test
