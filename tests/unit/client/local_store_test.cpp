// SPDX-License-Identifier: GPL-3.0-or-later
// LocalStore: the SQLCipher history database. The raw SQLCipher API is used beside it
// to look at and tamper with the file as another program would.
#include "sandi/client/local_store.h"
#include "sandi/core/atomic_file.h"

#include <gtest/gtest.h>
#include <sqlcipher/sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include <sys/stat.h>

namespace sandi::test {
namespace {

using namespace sandi::client;
namespace fs = std::filesystem;

class TempDir final {
  public:
    TempDir()
    {
        std::random_device rd;
        char name[40];
        std::snprintf(name, sizeof name, "sandi-local-store-%08x%08x", rd(), rd());
        m_path = fs::temp_directory_path() / name;
        fs::create_directories(m_path);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

crypto::SecureBuffer makeKey(std::uint8_t seed)
{
    crypto::SecureBuffer key(kHistoryKeyBytes);
    for (std::size_t i = 0; i < key.size(); ++i)
        key.data()[i] = static_cast<std::byte>(seed + i * 7);
    return key;
}

std::string memoId(unsigned n)
{
    char id[40];
    std::snprintf(id, sizeof id, "%032x", n);
    return id;
}

// The file's bytes as a string (to search with find); "" if it does not exist.
std::string readAll(const fs::path& p)
{
    auto bytes = crypto::readFile(p, std::size_t{64} << 20);
    if (!bytes) return {};
    return {reinterpret_cast<const char*>(bytes->data()), bytes->size()};
}

crypto::SecureBuffer keyMaterial(std::string_view text)
{
    return crypto::SecureBuffer::fromString(text);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a test helper; the id number and the time differ in every call
StoredMemo makeMemo(unsigned n, std::int64_t receivedAt, std::string hal = "Rapat", std::string body = "Isi memo")
{
    StoredMemo m;
    m.id = memoId(n);
    m.direction = Direction::Incoming;
    m.peerNip = "198501012010011001";
    m.peerDevice = "device-" + std::to_string(n);
    m.classification = "B";
    m.urgency = "biasa";
    m.nomor = "00" + std::to_string(n) + "/ND/2025";
    m.dari = "Kepala Biro Umum";
    m.tanggal = "2025-03-01";
    m.hal = std::move(hal);
    m.body = std::move(body);
    m.verdict = "unsigned";
    m.receivedAt = receivedAt;
    return m;
}

StoredMemo fullMemo()
{
    StoredMemo m = makeMemo(0xabcdef, 1'740'000'000'123, "Undangan rapat koordinasi anggaran",
                            "Dengan hormat,\nkami mengundang Bapak/Ibu. Kata-unik-badan-memo-Q7Z.");
    m.direction = Direction::Outgoing;
    m.peerNip = "";
    m.peerDevice = "";
    m.recipients = {"198501012010011001", "group:biro-umum", ""};
    m.group = "biro-umum";
    m.classification = "SR";
    m.urgency = "sangat-segera";
    m.lampiran = "2 berkas";
    m.kepada = {"Sekretaris Jenderal", "Kepala Biro\nKeuangan (two lines)", ""};
    m.tembusan = {"Inspektur Jenderal"};
    m.signerName = "Budi Santoso";
    m.signerPosition = "Kepala Biro Umum";
    m.signerNip = "197001011995031001";
    m.signedMemo = true;
    m.verdict = "valid";
    m.expiresAt = 1'900'000'000;
    m.readAt = 1'740'000'100'000;
    m.state = DeliveryState::Delivered;
    m.sealed = {0x02, 0x00, 0xff, 0x10, 0x00, 0x7f};
    StoredAttachment a;
    a.index = 1;
    a.name = "lampiran-2.pdf";
    a.mediaType = "application/pdf";
    a.blobId = "blob-2";
    a.size = 123'456'789'012;
    a.keyMaterial = keyMaterial(std::string("KEYMATERIAL-SECOND-\0-\xff", 22));
    StoredAttachment b;
    b.index = 0;
    b.name = "lampiran-1.jpg";
    b.mediaType = "image/jpeg";
    b.blobId = "blob-1";
    b.size = 0;
    b.keyMaterial = keyMaterial("KEYMATERIAL-FIRST-ATTACHMENT");
    m.attachments.push_back(std::move(a));
    m.attachments.push_back(std::move(b));
    return m;
}

bool sameBytes(const crypto::SecureBuffer& a, const crypto::SecureBuffer& b)
{
    return a.size() == b.size() && std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin());
}

void expectSameMemo(const StoredMemo& a, const StoredMemo& b)
{
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.direction, b.direction);
    EXPECT_EQ(a.peerNip, b.peerNip);
    EXPECT_EQ(a.peerDevice, b.peerDevice);
    EXPECT_EQ(a.recipients, b.recipients);
    EXPECT_EQ(a.group, b.group);
    EXPECT_EQ(a.classification, b.classification);
    EXPECT_EQ(a.urgency, b.urgency);
    EXPECT_EQ(a.nomor, b.nomor);
    EXPECT_EQ(a.dari, b.dari);
    EXPECT_EQ(a.tanggal, b.tanggal);
    EXPECT_EQ(a.lampiran, b.lampiran);
    EXPECT_EQ(a.hal, b.hal);
    EXPECT_EQ(a.body, b.body);
    EXPECT_EQ(a.kepada, b.kepada);
    EXPECT_EQ(a.tembusan, b.tembusan);
    EXPECT_EQ(a.signerName, b.signerName);
    EXPECT_EQ(a.signerPosition, b.signerPosition);
    EXPECT_EQ(a.signerNip, b.signerNip);
    EXPECT_EQ(a.signedMemo, b.signedMemo);
    EXPECT_EQ(a.verdict, b.verdict);
    EXPECT_EQ(a.receivedAt, b.receivedAt);
    EXPECT_EQ(a.expiresAt, b.expiresAt);
    EXPECT_EQ(a.readAt, b.readAt);
    EXPECT_EQ(a.state, b.state);
    EXPECT_EQ(a.sealed, b.sealed);
}

std::vector<std::string> ids(const std::vector<StoredMemo>& memos)
{
    std::vector<std::string> out;
    out.reserve(memos.size());
    for (const auto& m : memos)
        out.push_back(m.id);
    return out;
}

// Runs SQL on the file with SQLCipher directly, keyed as LocalStore keys it.
void rawExec(const fs::path& file, const crypto::SecureBuffer& key, const std::string& sql)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr), SQLITE_OK);
    std::string pragma = "PRAGMA key = \"x'";
    for (const std::byte b : key.bytes()) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", std::to_integer<unsigned>(b));
        pragma += hex;
    }
    pragma += "'\";";
    EXPECT_EQ(sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

class LocalStoreTest : public ::testing::Test {
  protected:
    [[nodiscard]] fs::path file() const { return m_dir.path() / "history.db"; }
    LocalStore open()
    {
        auto store = LocalStore::open(file(), m_key);
        if (!store) ADD_FAILURE() << store.error().message;
        return std::move(store).value();
    }

    TempDir m_dir;
    crypto::SecureBuffer m_key = makeKey(1);
};

TEST_F(LocalStoreTest, FullMemoRoundTrip)
{
    auto store = open();
    const StoredMemo in = fullMemo();
    ASSERT_TRUE(store.putMemo(in));

    auto out = store.memo(in.id);
    ASSERT_TRUE(out) << out.error().message;
    ASSERT_TRUE(out->has_value());
    const StoredMemo& m = **out;
    expectSameMemo(in, m);
    ASSERT_EQ(m.attachments.size(), 2U); // ordered by index
    EXPECT_EQ(m.attachments[0].index, 0);
    EXPECT_EQ(m.attachments[0].name, "lampiran-1.jpg");
    EXPECT_EQ(m.attachments[0].mediaType, "image/jpeg");
    EXPECT_EQ(m.attachments[0].blobId, "blob-1");
    EXPECT_EQ(m.attachments[0].size, 0U);
    EXPECT_TRUE(sameBytes(m.attachments[0].keyMaterial, in.attachments[1].keyMaterial));
    EXPECT_EQ(m.attachments[1].index, 1);
    EXPECT_EQ(m.attachments[1].name, "lampiran-2.pdf");
    EXPECT_EQ(m.attachments[1].size, 123'456'789'012U);
    EXPECT_TRUE(sameBytes(m.attachments[1].keyMaterial, in.attachments[0].keyMaterial));

    // Empty optionals and lists come back empty, not as zero or [""].
    StoredMemo plain = makeMemo(7, 5);
    ASSERT_TRUE(store.putMemo(plain));
    auto p = store.memo(plain.id);
    ASSERT_TRUE(p && p->has_value());
    expectSameMemo(plain, **p);
    EXPECT_FALSE((*p)->expiresAt.has_value());
    EXPECT_FALSE((*p)->readAt.has_value());
    EXPECT_TRUE((*p)->kepada.empty());
    EXPECT_TRUE((*p)->attachments.empty());

    auto none = store.memo(memoId(999));
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
}

TEST_F(LocalStoreTest, RefusesBadMemos)
{
    auto store = open();
    StoredMemo m = makeMemo(1, 1);
    m.id = "ABCDEF00ABCDEF00ABCDEF00ABCDEF00"; // upper case
    auto r = store.putMemo(m);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    m.id = memoId(1) + "0";
    EXPECT_FALSE(store.putMemo(m));

    StoredMemo twice = fullMemo();
    twice.attachments[1].index = twice.attachments[0].index;
    r = store.putMemo(twice);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    auto stored = store.memo(twice.id);
    ASSERT_TRUE(stored);
    EXPECT_FALSE(stored->has_value()); // rolled back, memo row included
}

TEST_F(LocalStoreTest, PutMemoTwiceIsAlreadyExists)
{
    auto store = open();
    ASSERT_TRUE(store.putMemo(makeMemo(1, 10, "Asli", "pertama")));
    auto r = store.putMemo(makeMemo(1, 20, "Pengganti", "kedua"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::AlreadyExists);
    auto m = store.memo(memoId(1));
    ASSERT_TRUE(m && m->has_value());
    EXPECT_EQ((*m)->hal, "Asli");
    auto all = store.memos();
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 1U);
}

TEST_F(LocalStoreTest, ReopenWithTheRightKeySeesTheData)
{
    {
        auto store = open();
        ASSERT_TRUE(store.putMemo(fullMemo()));
        ASSERT_TRUE(store.setSetting("relay.lastSeen", "42"));
    }
    auto store = open();
    auto m = store.memo(fullMemo().id);
    ASSERT_TRUE(m && m->has_value());
    expectSameMemo(fullMemo(), **m);
    EXPECT_EQ((*m)->attachments.size(), 2U);
    auto s = store.setting("relay.lastSeen");
    ASSERT_TRUE(s && s->has_value());
    EXPECT_EQ(**s, "42");
}

TEST_F(LocalStoreTest, WrongKeyIsWrongPassphraseAndChangesNothing)
{
    {
        auto store = open();
        ASSERT_TRUE(store.putMemo(fullMemo()));
    }
    const std::string before = readAll(file());
    ASSERT_FALSE(before.empty());

    auto wrong = LocalStore::open(file(), makeKey(2));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
    EXPECT_NE(wrong.error().message.find("wrong passphrase"), std::string::npos);

    EXPECT_EQ(readAll(file()), before);
    EXPECT_FALSE(fs::exists(fs::path(file()).concat("-wal")));
    EXPECT_FALSE(fs::exists(fs::path(file()).concat("-journal")));

    auto store = open();
    auto m = store.memo(fullMemo().id);
    ASSERT_TRUE(m && m->has_value());
}

TEST_F(LocalStoreTest, KeyOfTheWrongSizeIsRefused)
{
    auto r = LocalStore::open(file(), crypto::SecureBuffer(kHistoryKeyBytes - 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}

TEST_F(LocalStoreTest, FileIsPrivateAndNotPlaintext)
{
    const StoredMemo m = fullMemo();
    {
        auto store = open();
        ASSERT_TRUE(store.putMemo(m));
        ASSERT_TRUE(store.putGroup({"kelompok-rahasia-xyz", "198501012010011001", {"a", "b"}, 1}));
        // Before closing, the commits are in the write-ahead log.
        const fs::path wal = fs::path(file()).concat("-wal");
        ASSERT_TRUE(fs::exists(wal));
        const std::string walBytes = readAll(wal);
        EXPECT_GT(walBytes.size(), 0U);
        EXPECT_EQ(walBytes.find("Kata-unik-badan-memo-Q7Z"), std::string::npos);
        EXPECT_EQ(walBytes.find("KEYMATERIAL-FIRST-ATTACHMENT"), std::string::npos);
        EXPECT_EQ(walBytes.find("kelompok-rahasia-xyz"), std::string::npos);
        EXPECT_EQ(walBytes.find("koordinasi"), std::string::npos);
    }
    const std::string bytes = readAll(file());
    EXPECT_GT(bytes.size(), 1000U);
    EXPECT_NE(bytes.rfind("SQLite format 3", 0), 0U);
    EXPECT_EQ(bytes.find("Kata-unik-badan-memo-Q7Z"), std::string::npos);
    EXPECT_EQ(bytes.find("KEYMATERIAL-FIRST-ATTACHMENT"), std::string::npos);
    EXPECT_EQ(bytes.find("kelompok-rahasia-xyz"), std::string::npos);
    EXPECT_EQ(bytes.find("koordinasi"), std::string::npos);
    EXPECT_EQ(bytes.find("CREATE TABLE"), std::string::npos);

    struct stat st {};
    ASSERT_EQ(::stat(file().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777U, 0600U);
}

TEST_F(LocalStoreTest, MemosNewestFirstWithLimit)
{
    auto store = open();
    ASSERT_TRUE(store.putMemo(makeMemo(1, 300)));
    ASSERT_TRUE(store.putMemo(makeMemo(2, 100)));
    ASSERT_TRUE(store.putMemo(makeMemo(3, 200)));
    auto all = store.memos();
    ASSERT_TRUE(all);
    EXPECT_EQ(ids(*all), (std::vector<std::string>{memoId(1), memoId(3), memoId(2)}));
    auto two = store.memos(2);
    ASSERT_TRUE(two);
    EXPECT_EQ(ids(*two), (std::vector<std::string>{memoId(1), memoId(3)}));
    auto bad = store.memos(-1);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
}

TEST_F(LocalStoreTest, SearchFindsBodyHalNomorAndPeerNewestFirst)
{
    auto store = open();
    StoredMemo older = makeMemo(1, 1000, "Laporan bulanan", "Rincian anggaran kegiatan terlampir.");
    StoredMemo newer = makeMemo(2, 2000, "Anggaran tahun 2026", "Mohon ditinjau.");
    StoredMemo other = makeMemo(3, 3000, "Cuti bersama", "Kantor tutup either or neither.");
    other.peerNip = "199912312020122002";
    ASSERT_TRUE(store.putMemo(older));
    ASSERT_TRUE(store.putMemo(other));
    ASSERT_TRUE(store.putMemo(newer));

    auto r = store.search("anggaran");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(ids(*r), (std::vector<std::string>{memoId(2), memoId(1)})); // hal match, body match; newest first

    r = store.search("Rincian");
    ASSERT_TRUE(r);
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(1)});
    r = store.search("laporan");
    ASSERT_TRUE(r);
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(1)});

    r = store.search("anggaran", 1);
    ASSERT_TRUE(r);
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(2)});

    // All parts must match; the last word of a part may be a prefix.
    r = store.search("anggaran ditinjau");
    ASSERT_TRUE(r);
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(2)});
    r = store.search("angga");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->size(), 2U);
    r = store.search("anggaran tidakada");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->empty());

    // Nomor as one phrase, and the peer's NIP.
    r = store.search("003/ND");
    ASSERT_TRUE(r);
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(3)});
    r = store.search("199912312020122002");
    ASSERT_TRUE(r);
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(3)});

    // The results carry the whole memo.
    r = store.search("Cuti");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->size(), 1U);
    expectSameMemo(other, r->front());
}

TEST_F(LocalStoreTest, SearchTextIsNeverFtsSyntax)
{
    auto store = open();
    ASSERT_TRUE(store.putMemo(makeMemo(1, 1, "Pilihan", "either or neither and foo bar")));
    ASSERT_TRUE(store.putMemo(makeMemo(2, 2, "Lain", "tidak ada kata itu")));

    // As an FTS query "OR" alone is a syntax error; here it is the word "or".
    auto r = store.search("OR");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(1)});
    r = store.search("\"AND\" OR *");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(1)});
    r = store.search("foo\"bar");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(ids(*r), std::vector<std::string>{memoId(1)});

    for (const char* text :
         {"*", "\"",      "\"\"",     "-",    "-foo",           "NEAR",  "NEAR/3 foo",   "foo NEAR bar",
          "(", ")",       "foo)",     "^foo", "body:foo",       "'",     "x' OR '1'='1", "\\",
          "%", "NOT foo", "\xff\xfe", "AND",  "\"unterminated", "a*b*c", "   "}) {
        auto s = store.search(text);
        EXPECT_TRUE(s) << text << ": " << s.error().message;
    }
    r = store.search("");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->empty());
    r = store.search("* ( )");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->empty());
}

TEST_F(LocalStoreTest, SearchTextLimit)
{
    auto store = open();
    ASSERT_TRUE(store.putMemo(makeMemo(1, 1, "Pilihan", "kata")));
    std::string text = "kata";
    text.resize(kMaxSearchTextBytes, ' ');
    auto r = store.search(text);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->size(), 1U);
    text.push_back(' ');
    r = store.search(text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    r = store.search("kata", -1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}

TEST_F(LocalStoreTest, MarkReadKeepsTheFirstReading)
{
    auto store = open();
    ASSERT_TRUE(store.putMemo(makeMemo(1, 1)));
    ASSERT_TRUE(store.markRead(memoId(1), 5000));
    ASSERT_TRUE(store.markRead(memoId(1), 9000));
    auto m = store.memo(memoId(1));
    ASSERT_TRUE(m && m->has_value());
    EXPECT_EQ((*m)->readAt, std::optional<std::int64_t>(5000));
    auto r = store.markRead(memoId(2), 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

TEST_F(LocalStoreTest, DeliveryStateOnlyRises)
{
    auto store = open();
    ASSERT_TRUE(store.putMemo(makeMemo(1, 1)));
    auto state = [&]() {
        auto m = store.memo(memoId(1));
        EXPECT_TRUE(m && m->has_value());
        return (*m)->state;
    };
    EXPECT_EQ(state(), DeliveryState::Queued);
    ASSERT_TRUE(store.setDeliveryState(memoId(1), DeliveryState::Delivered));
    EXPECT_EQ(state(), DeliveryState::Delivered);
    ASSERT_TRUE(store.setDeliveryState(memoId(1), DeliveryState::Accepted)); // a late receipt
    EXPECT_EQ(state(), DeliveryState::Delivered);
    ASSERT_TRUE(store.setDeliveryState(memoId(1), DeliveryState::Read));
    EXPECT_EQ(state(), DeliveryState::Read);
    auto r = store.setDeliveryState(memoId(2), DeliveryState::Read);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

TEST_F(LocalStoreTest, IncomingDeduplication)
{
    auto store = open();
    auto seen = store.seenDelivery("dev-a", "c-1");
    ASSERT_TRUE(seen);
    EXPECT_FALSE(*seen);

    ASSERT_TRUE(store.putIncoming(makeMemo(1, 10), "dev-a", "c-1"));
    seen = store.seenDelivery("dev-a", "c-1");
    ASSERT_TRUE(seen);
    EXPECT_TRUE(*seen);
    seen = store.seenDelivery("dev-b", "c-1"); // both parts of the pair count
    ASSERT_TRUE(seen);
    EXPECT_FALSE(*seen);
    auto m = store.memo(memoId(1));
    ASSERT_TRUE(m && m->has_value());

    // The same delivery again: refused, and its memo is not stored.
    auto r = store.putIncoming(makeMemo(2, 20), "dev-a", "c-1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::AlreadyExists);
    m = store.memo(memoId(2));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->has_value());

    // A new delivery of a stored memo: refused, and the delivery is not remembered (one transaction).
    r = store.putIncoming(makeMemo(1, 30), "dev-a", "c-2");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::AlreadyExists);
    seen = store.seenDelivery("dev-a", "c-2");
    ASSERT_TRUE(seen);
    EXPECT_FALSE(*seen);

    ASSERT_TRUE(store.rememberDelivery("dev-c", "c-9", 100));
    ASSERT_TRUE(store.rememberDelivery("dev-c", "c-9", 200)); // idempotent
    seen = store.seenDelivery("dev-c", "c-9");
    ASSERT_TRUE(seen);
    EXPECT_TRUE(*seen);
    EXPECT_FALSE(store.rememberDelivery("", "c-9", 1));
}

TEST_F(LocalStoreTest, MemoIdsPersist)
{
    const std::array<std::byte, e2e::kMemoIdBytes> a{std::byte{1}, std::byte{2}, std::byte{0}, std::byte{0xff}};
    const std::array<std::byte, e2e::kMemoIdBytes> b{std::byte{1}, std::byte{2}, std::byte{0}, std::byte{0xfe}};
    {
        auto store = open();
        e2e::MemoIdStore& seen = store.memoIds();
        auto c = seen.contains(a);
        ASSERT_TRUE(c);
        EXPECT_FALSE(*c);
        ASSERT_TRUE(seen.remember(a));
        ASSERT_TRUE(seen.remember(a)); // remembering twice is fine
        c = seen.contains(a);
        ASSERT_TRUE(c);
        EXPECT_TRUE(*c);
        c = seen.contains(b);
        ASSERT_TRUE(c);
        EXPECT_FALSE(*c);
        auto empty = seen.remember({});
        ASSERT_FALSE(empty);
        EXPECT_EQ(empty.error().code, ErrorCode::InvalidArgument);

        // The reference stays valid when the store is moved.
        LocalStore moved = std::move(store);
        c = seen.contains(a);
        ASSERT_TRUE(c);
        EXPECT_TRUE(*c);
    }
    auto store = open();
    auto c = store.memoIds().contains(a);
    ASSERT_TRUE(c);
    EXPECT_TRUE(*c);
    c = store.memoIds().contains(b);
    ASSERT_TRUE(c);
    EXPECT_FALSE(*c);
}

OutboxEntry entry(std::string clientId, std::int64_t createdAt)
{
    OutboxEntry e;
    e.clientId = std::move(clientId);
    e.memoId = memoId(static_cast<unsigned>(createdAt));
    e.createdAt = createdAt;
    e.expiresAt = createdAt + 86'400'000;
    e.copies = {{"device-1", {0x00, 0x01, 0xff}}, {"device-2", {}}, {"", {0x00}}};
    return e;
}

TEST_F(LocalStoreTest, Outbox)
{
    {
        auto store = open();
        ASSERT_TRUE(store.enqueue(entry("c-late", 300)));
        ASSERT_TRUE(store.enqueue(entry("c-early", 100)));
        OutboxEntry receipt = entry("c-mid", 200);
        receipt.memoId = "";
        receipt.copies.clear();
        ASSERT_TRUE(store.enqueue(receipt));

        auto dup = store.enqueue(entry("c-early", 999));
        ASSERT_FALSE(dup);
        EXPECT_EQ(dup.error().code, ErrorCode::AlreadyExists);

        auto q = store.outbox();
        ASSERT_TRUE(q) << q.error().message;
        ASSERT_EQ(q->size(), 3U);
        EXPECT_EQ((*q)[0].clientId, "c-early");
        EXPECT_EQ((*q)[1].clientId, "c-mid");
        EXPECT_EQ((*q)[2].clientId, "c-late");
        const OutboxEntry expected = entry("c-early", 100);
        EXPECT_EQ((*q)[0].memoId, expected.memoId);
        EXPECT_EQ((*q)[0].createdAt, 100);
        EXPECT_EQ((*q)[0].expiresAt, expected.expiresAt);
        EXPECT_EQ((*q)[0].copies, expected.copies);
        EXPECT_EQ((*q)[0].attempts, 0);
        EXPECT_TRUE((*q)[1].copies.empty());
        EXPECT_EQ((*q)[1].memoId, "");

        ASSERT_TRUE(store.outboxAttempted("c-early"));
        ASSERT_TRUE(store.outboxAttempted("c-early"));
        ASSERT_TRUE(store.outboxDone("c-mid"));
        auto missing = store.outboxDone("c-mid");
        ASSERT_FALSE(missing);
        EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
        missing = store.outboxAttempted("c-none");
        ASSERT_FALSE(missing);
        EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
        EXPECT_FALSE(store.enqueue(entry("", 1)));
    }
    auto store = open();
    auto q = store.outbox();
    ASSERT_TRUE(q);
    ASSERT_EQ(q->size(), 2U);
    EXPECT_EQ((*q)[0].clientId, "c-early");
    EXPECT_EQ((*q)[0].attempts, 2);
    EXPECT_EQ((*q)[0].copies, entry("c-early", 100).copies);
    EXPECT_EQ((*q)[1].clientId, "c-late");
    EXPECT_EQ((*q)[1].attempts, 0);
}

TEST_F(LocalStoreTest, GroupVersionNeverGoesDown)
{
    auto store = open();
    ASSERT_TRUE(store.putGroup({"tim-b", "111", {"111", "222"}, 1}));
    ASSERT_TRUE(store.putGroup({"tim-a", "333", {"333"}, 7}));
    ASSERT_TRUE(store.putGroup({"tim-b", "111", {"111", "222", "444"}, 3}));

    auto lower = store.putGroup({"tim-b", "111", {"111"}, 2});
    ASSERT_FALSE(lower);
    EXPECT_EQ(lower.error().code, ErrorCode::Policy);
    auto g = store.group("tim-b");
    ASSERT_TRUE(g && g->has_value());
    EXPECT_EQ((*g)->version, 3U);
    EXPECT_EQ((*g)->owner, "111");
    EXPECT_EQ((*g)->members, (std::vector<std::string>{"111", "222", "444"}));

    ASSERT_TRUE(store.putGroup({"tim-b", "111", {"111", "444"}, 3})); // the same version replaces
    g = store.group("tim-b");
    ASSERT_TRUE(g && g->has_value());
    EXPECT_EQ((*g)->members, (std::vector<std::string>{"111", "444"}));

    auto all = store.groups();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2U);
    EXPECT_EQ((*all)[0].name, "tim-a");
    EXPECT_EQ((*all)[0].version, 7U);
    EXPECT_EQ((*all)[1].name, "tim-b");

    auto none = store.group("tim-c");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    EXPECT_FALSE(store.putGroup({"", "1", {}, 1}));
}

TEST_F(LocalStoreTest, DeleteExpiredRemovesMemosAttachmentsAndIndex)
{
    auto store = open();
    constexpr std::int64_t kNow = 1'800'000'000;
    StoredMemo past = fullMemo(); // with attachments
    past.expiresAt = kNow - 1;
    past.body = "kadaluwarsa lampau";
    StoredMemo exact = makeMemo(2, 2, "Tepat", "kadaluwarsa sekarang");
    exact.expiresAt = kNow;
    StoredMemo future = makeMemo(3, 3, "Nanti", "kadaluwarsa besok");
    future.expiresAt = kNow + 1;
    StoredMemo forever = makeMemo(4, 1, "Selamanya", "kadaluwarsa tidak pernah");
    StoredMemo last = makeMemo(5, 5, "Terakhir", "kadaluwarsa terakhir zzzunik");
    last.expiresAt = kNow - 100;
    ASSERT_TRUE(store.putMemo(past));
    ASSERT_TRUE(store.putMemo(exact));
    ASSERT_TRUE(store.putMemo(future));
    ASSERT_TRUE(store.putMemo(forever));
    ASSERT_TRUE(store.putMemo(last)); // the highest rowid, which SQLite reuses

    auto n = store.deleteExpired(kNow);
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, 3);
    auto all = store.memos();
    ASSERT_TRUE(all);
    EXPECT_EQ(ids(*all), (std::vector<std::string>{memoId(3), memoId(4)}));
    auto found = store.search("kadaluwarsa");
    ASSERT_TRUE(found);
    EXPECT_EQ(ids(*found), (std::vector<std::string>{memoId(3), memoId(4)}));

    // A new memo takes the deleted one's rowid: the old index rows must be gone with it.
    ASSERT_TRUE(store.putMemo(makeMemo(6, 6, "Baru", "isi baru")));
    found = store.search("zzzunik");
    ASSERT_TRUE(found);
    EXPECT_TRUE(found->empty());
    found = store.search("baru");
    ASSERT_TRUE(found);
    EXPECT_EQ(ids(*found), std::vector<std::string>{memoId(6)});

    // The attachments went with their memo: storing the id again shows none.
    StoredMemo again = makeMemo(0xabcdef, 7);
    ASSERT_TRUE(store.putMemo(again));
    auto m = store.memo(again.id);
    ASSERT_TRUE(m && m->has_value());
    EXPECT_TRUE((*m)->attachments.empty());

    n = store.deleteExpired(kNow);
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 0);
}

TEST_F(LocalStoreTest, Settings)
{
    {
        auto store = open();
        auto s = store.setting("relay.url");
        ASSERT_TRUE(s);
        EXPECT_FALSE(s->has_value());
        ASSERT_TRUE(store.setSetting("relay.url", "wss://relay.example"));
        ASSERT_TRUE(store.setSetting("relay.url", "wss://relay2.example"));
        ASSERT_TRUE(store.setSetting("empty", ""));
        auto bad = store.setSetting("", "x");
        ASSERT_FALSE(bad);
        EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    }
    auto store = open();
    auto s = store.setting("relay.url");
    ASSERT_TRUE(s && s->has_value());
    EXPECT_EQ(**s, "wss://relay2.example");
    s = store.setting("empty");
    ASSERT_TRUE(s && s->has_value());
    EXPECT_EQ(**s, "");
}

TEST_F(LocalStoreTest, NewerSchemaIsUnsupportedAndUntouched)
{
    {
        auto store = open();
        ASSERT_TRUE(store.putMemo(makeMemo(1, 1)));
    }
    rawExec(file(), m_key, "UPDATE schema_version SET version = " + std::to_string(kLocalStoreSchemaVersion + 1));
    const std::string before = readAll(file());
    auto r = LocalStore::open(file(), m_key);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
    EXPECT_EQ(readAll(file()), before);
}

TEST_F(LocalStoreTest, ForeignDatabaseIsInvalidInput)
{
    rawExec(file(), m_key, "CREATE TABLE something_else (x); INSERT INTO something_else VALUES (1);");
    const std::string before = readAll(file());
    auto r = LocalStore::open(file(), m_key);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(readAll(file()), before);
}

TEST_F(LocalStoreTest, DamagedListIsInvalidInput)
{
    {
        auto store = open();
        ASSERT_TRUE(store.putMemo(fullMemo()));
    }
    // A count of 2 entries with room for none.
    rawExec(file(), m_key, "UPDATE memos SET kepada = x'00000002'");
    auto store = open();
    auto m = store.memo(fullMemo().id);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(m.error().message.find("Kata-unik"), std::string::npos);
}

} // namespace
} // namespace sandi::test
