// SPDX-License-Identifier: GPL-3.0-or-later
// The relay's storage: the SQLite backend's five stores on a real database in a
// temporary directory, the audit chain's encoding (known answer computed with Python's
// hashlib) and tamper detection, and the group-commit executor.
#include "sqlite_storage.h"
#include "storage_executor.h"

#include <QByteArray>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sandi::test {
namespace {

using namespace sandi::server;

// A failed Result fails the test (gtest catches the exception) with the error's text.
template <class T> T must(Result<T> r)
{
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
}
void must(const Status& s)
{
    if (!s) throw std::runtime_error(s.error().message);
}

QString dev(int n)
{
    return QStringLiteral("%1").arg(n, 32, 16, QLatin1Char('0'));
}

QString blobId(int n)
{
    return QStringLiteral("%1").arg(n, 32, 16, QLatin1Char('b'));
}

constexpr qint64 kNow = 1'700'000'000'000;
constexpr qint64 kDay = 86'400'000;
constexpr qint64 kQueue = 100;

std::vector<OutgoingCopy> copiesFor(std::initializer_list<QString> recipients, const QByteArray& payload = "ct")
{
    std::vector<OutgoingCopy> out;
    for (const QString& r : recipients)
        out.push_back({r, payload});
    return out;
}

class SqliteStorageTest : public ::testing::Test {
  protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        storage = must(SqliteStorage::open(dir.path()));
    }
    void reopen()
    {
        storage.reset();
        storage = must(SqliteStorage::open(dir.path()));
    }
    Result<InsertOutcome> send(const QString& sender, const QString& cid, std::initializer_list<QString> to,
                               qint64 now = kNow, qint64 expires = kNow + kDay, qint64 limit = kQueue)
    {
        const auto copies = copiesFor(to, "payload-" + cid.toUtf8());
        return storage->messages().insert(sender, cid, copies, now, expires, limit);
    }
    [[nodiscard]] QString blobPath(const QString& id) const { return dir.path() + "/blobs/" + id; }

    QTemporaryDir dir;
    std::unique_ptr<SqliteStorage> storage;
};

// ---- messages ------------------------------------------------------------------------

TEST_F(SqliteStorageTest, DuplicateSendStoresOnceAndReturnsTheSameMids)
{
    must(storage->begin());
    const InsertOutcome first = must(send(dev(1), "c1", {dev(2), dev(3)}));
    EXPECT_FALSE(first.duplicate);
    ASSERT_EQ(first.mids.size(), 2U);
    EXPECT_LT(first.mids[0], first.mids[1]);
    const InsertOutcome again = must(send(dev(1), "c1", {dev(2), dev(3)}));
    must(storage->commit());
    EXPECT_TRUE(again.duplicate);
    EXPECT_EQ(again.mids, first.mids);
    EXPECT_EQ(must(storage->messages().totalQueued()), 2);
    // The same client id from another sender is another send.
    EXPECT_FALSE(must(send(dev(9), "c1", {dev(2)})).duplicate);
    EXPECT_EQ(must(storage->messages().totalQueued()), 3);
}

TEST_F(SqliteStorageTest, QueueLimitRefusesTheWholeSendAndStoresNothing)
{
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(send(dev(1), QString::number(i), {dev(3)}, kNow, kNow + kDay, 3));
    auto refused = send(dev(1), "over", {dev(2), dev(3)}, kNow, kNow + kDay, 3);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Policy);
    EXPECT_NE(refused.error().message.find(dev(3).toStdString()), std::string::npos) << refused.error().message;
    EXPECT_EQ(must(storage->messages().queueLength(dev(2))), 0);
    EXPECT_EQ(must(storage->messages().queueLength(dev(3))), 3);
    // Not remembered as sent: once there is room the same client id is stored.
    const auto oldest = must(storage->messages().pending(dev(3), 0, 1, kNow));
    ASSERT_EQ(oldest.size(), 1U);
    const std::vector<quint64> ack{oldest.front().mid};
    ASSERT_EQ(must(storage->messages().acknowledge(dev(3), ack)), 1);
    const InsertOutcome later = must(send(dev(1), "over", {dev(2), dev(3)}, kNow, kNow + kDay, 3));
    EXPECT_FALSE(later.duplicate);
    EXPECT_EQ(must(storage->messages().queueLength(dev(3))), 3);
}

TEST_F(SqliteStorageTest, TwoCopiesForOneDeviceCountTowardsItsLimit)
{
    ASSERT_TRUE(send(dev(1), "a", {dev(2)}, kNow, kNow + kDay, 2));
    auto refused = send(dev(1), "b", {dev(2), dev(2)}, kNow, kNow + kDay, 2);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Policy);
    EXPECT_EQ(must(storage->messages().queueLength(dev(2))), 1);
}

TEST_F(SqliteStorageTest, AcknowledgingAnotherDevicesMessageFailsAndDeletesNothing)
{
    const auto mine = must(send(dev(1), "a", {dev(2)})).mids.front();
    const auto theirs = must(send(dev(1), "b", {dev(3)})).mids.front();
    const std::vector<quint64> both{mine, theirs};
    auto refused = storage->messages().acknowledge(dev(2), both);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Policy);
    EXPECT_EQ(must(storage->messages().queueLength(dev(2))), 1);
    EXPECT_EQ(must(storage->messages().queueLength(dev(3))), 1);
    // Unknown mids (and a repeated one) are ignored.
    const std::vector<quint64> own{mine, mine, 999'999, std::numeric_limits<quint64>::max()};
    EXPECT_EQ(must(storage->messages().acknowledge(dev(2), own)), 1);
    EXPECT_EQ(must(storage->messages().queueLength(dev(2))), 0);
    EXPECT_EQ(must(storage->messages().acknowledge(dev(2), own)), 0);
}

TEST_F(SqliteStorageTest, PendingIsAscendingLimitedAfterMidAndUnexpired)
{
    std::vector<quint64> mids;
    mids.reserve(5);
    for (int i = 0; i < 5; ++i)
        mids.push_back(must(send(dev(1), QString::number(i), {dev(2)})).mids.front());
    ASSERT_TRUE(send(dev(1), "other", {dev(3)}));
    ASSERT_TRUE(send(dev(1), "short", {dev(2)}, kNow, kNow + 10));

    const auto all = must(storage->messages().pending(dev(2), 0, 100, kNow));
    ASSERT_EQ(all.size(), 6U);
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_LT(all[i - 1].mid, all[i].mid);
    EXPECT_EQ(all[0].sender, dev(1));
    EXPECT_EQ(all[0].recipient, dev(2));
    EXPECT_EQ(all[0].clientId, "0");
    EXPECT_EQ(all[0].payload, "payload-0");
    EXPECT_EQ(all[0].receivedAt, kNow);
    EXPECT_EQ(all[0].expiresAt, kNow + kDay);

    const auto two = must(storage->messages().pending(dev(2), 0, 2, kNow));
    ASSERT_EQ(two.size(), 2U);
    EXPECT_EQ(two[0].mid, mids[0]);
    EXPECT_EQ(two[1].mid, mids[1]);
    const auto after = must(storage->messages().pending(dev(2), mids[1], 2, kNow));
    ASSERT_EQ(after.size(), 2U);
    EXPECT_EQ(after[0].mid, mids[2]);
    EXPECT_EQ(after[1].mid, mids[3]);
    // The short-lived one is not offered once expired, even before expire() ran.
    EXPECT_EQ(must(storage->messages().pending(dev(2), 0, 100, kNow + 10)).size(), 5U);
    EXPECT_TRUE(must(storage->messages().pending(dev(2), std::numeric_limits<quint64>::max(), 10, kNow)).empty());
    EXPECT_TRUE(must(storage->messages().pending(dev(2), 0, 0, kNow)).empty());
}

TEST_F(SqliteStorageTest, MidsAreNeverReused)
{
    const quint64 first = must(send(dev(1), "a", {dev(2)})).mids.front();
    const std::vector<quint64> ack{first};
    ASSERT_EQ(must(storage->messages().acknowledge(dev(2), ack)), 1);
    reopen();
    EXPECT_GT(must(send(dev(1), "b", {dev(2)})).mids.front(), first);
}

TEST_F(SqliteStorageTest, ExpireDeletesCopiesAndDeduplicationRecords)
{
    const auto shortLived = must(send(dev(1), "a", {dev(2), dev(3)}, kNow, kNow + 10));
    ASSERT_TRUE(send(dev(1), "b", {dev(2)}, kNow, kNow + kDay));
    EXPECT_EQ(must(storage->messages().expire(kNow + 9)), 0);
    EXPECT_EQ(must(storage->messages().expire(kNow + 10)), 2);
    EXPECT_EQ(must(storage->messages().totalQueued()), 1);
    // The deduplication record went with its copies: the same id is a new send.
    const auto resent = must(send(dev(1), "a", {dev(2)}, kNow + 20, kNow + kDay));
    EXPECT_FALSE(resent.duplicate);
    EXPECT_NE(resent.mids.front(), shortLived.mids.front());
}

TEST_F(SqliteStorageTest, AnOutlivedDeduplicationRecordDoesNotSwallowANewSend)
{
    ASSERT_TRUE(send(dev(1), "a", {dev(2)}, kNow, kNow + 10));
    const auto resent = must(send(dev(1), "a", {dev(2)}, kNow + 10, kNow + kDay)); // expire() has not run
    EXPECT_FALSE(resent.duplicate);
    EXPECT_EQ(must(storage->messages().pending(dev(2), 0, 10, kNow + 10)).size(), 1U);
}

TEST_F(SqliteStorageTest, EmptyPayloadAndNoCopies)
{
    const auto copies = copiesFor({dev(2)}, QByteArray());
    ASSERT_TRUE(storage->messages().insert(dev(1), "e", copies, kNow, kNow + kDay, kQueue));
    const auto got = must(storage->messages().pending(dev(2), 0, 10, kNow));
    ASSERT_EQ(got.size(), 1U);
    EXPECT_TRUE(got[0].payload.isEmpty());
    auto none = storage->messages().insert(dev(1), "n", {}, kNow, kNow + kDay, kQueue);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::InvalidArgument);
}

// ---- transactions --------------------------------------------------------------------

TEST_F(SqliteStorageTest, RollbackToSavepointKeepsTheRestOfTheTransaction)
{
    must(storage->begin());
    must(storage->savepoint());
    ASSERT_TRUE(send(dev(1), "kept", {dev(2)}));
    must(storage->releaseSavepoint());
    must(storage->savepoint());
    ASSERT_TRUE(send(dev(1), "undone", {dev(2)}));
    storage->rollbackToSavepoint();
    must(storage->savepoint());
    ASSERT_TRUE(send(dev(1), "kept too", {dev(2)}));
    must(storage->releaseSavepoint());
    must(storage->commit());
    const auto got = must(storage->messages().pending(dev(2), 0, 10, kNow));
    ASSERT_EQ(got.size(), 2U);
    EXPECT_EQ(got[0].clientId, "kept");
    EXPECT_EQ(got[1].clientId, "kept too");

    must(storage->begin());
    ASSERT_TRUE(send(dev(1), "rolled back", {dev(2)}));
    storage->rollback();
    EXPECT_EQ(must(storage->messages().queueLength(dev(2))), 2);
}

// ---- prekeys -------------------------------------------------------------------------

SignedPreKeyRecord signedKey(quint32 id)
{
    return {id, QByteArray(32, static_cast<char>(id)), QByteArray(64, 's')};
}

std::vector<OneTimePreKeyRecord> oneTimeKeys(quint32 from, quint32 count)
{
    std::vector<OneTimePreKeyRecord> out;
    for (quint32 i = from; i < from + count; ++i)
        out.push_back({i, QByteArray(32, static_cast<char>(i))});
    return out;
}

TEST_F(SqliteStorageTest, OneTimePreKeysAreConsumedExactlyOnce)
{
    const auto keys = oneTimeKeys(10, 5);
    EXPECT_EQ(must(storage->prekeys().upload(dev(1), signedKey(1), keys)), 5);
    std::set<quint32> seen;
    for (qint64 i = 0; i < 5; ++i) {
        const PreKeyFetch f = must(storage->prekeys().fetch(dev(1)));
        ASSERT_TRUE(f.oneTimePreKey.has_value());
        EXPECT_TRUE(seen.insert(f.oneTimePreKey->id).second) << "handed out twice: " << f.oneTimePreKey->id;
        EXPECT_EQ(f.oneTimePreKey->id, 10 + i); // the lowest id first
        EXPECT_EQ(f.oneTimePreKey->publicKey, QByteArray(32, static_cast<char>(10 + i)));
        EXPECT_EQ(f.oneTimeRemaining, 4 - i);
        EXPECT_EQ(f.signedPreKey.id, 1U);
    }
    const PreKeyFetch exhausted = must(storage->prekeys().fetch(dev(1)));
    EXPECT_FALSE(exhausted.oneTimePreKey.has_value());
    EXPECT_EQ(exhausted.oneTimeRemaining, 0);
    EXPECT_EQ(exhausted.signedPreKey.publicKey, signedKey(1).publicKey);
    EXPECT_EQ(must(storage->prekeys().oneTimeCount(dev(1))), 0);
}

TEST_F(SqliteStorageTest, SignedPreKeyIsReplacedAndOneTimeIdsReplaced)
{
    ASSERT_TRUE(storage->prekeys().upload(dev(1), signedKey(1), oneTimeKeys(1, 2)));
    auto replacement = oneTimeKeys(2, 1);
    replacement[0].publicKey = QByteArray(32, 'R');
    EXPECT_EQ(must(storage->prekeys().upload(dev(1), signedKey(2), replacement)), 2);
    // No signed prekey given: the stored one stays.
    EXPECT_EQ(must(storage->prekeys().upload(dev(1), std::nullopt, oneTimeKeys(3, 1))), 3);
    const PreKeyFetch a = must(storage->prekeys().fetch(dev(1)));
    EXPECT_EQ(a.signedPreKey.id, 2U);
    EXPECT_EQ(a.signedPreKey.publicKey, signedKey(2).publicKey);
    EXPECT_EQ(a.signedPreKey.signature, signedKey(2).signature);
    EXPECT_EQ(a.oneTimePreKey->id, 1U);
    const PreKeyFetch b = must(storage->prekeys().fetch(dev(1)));
    EXPECT_EQ(b.oneTimePreKey->publicKey, QByteArray(32, 'R'));
}

TEST_F(SqliteStorageTest, FetchWithoutSignedPreKeyIsNotFound)
{
    ASSERT_TRUE(storage->prekeys().upload(dev(1), std::nullopt, oneTimeKeys(1, 2)));
    auto r = storage->prekeys().fetch(dev(1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_EQ(must(storage->prekeys().oneTimeCount(dev(1))), 2); // nothing consumed
    auto unknown = storage->prekeys().fetch(dev(7));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

// ---- directory -----------------------------------------------------------------------

DeviceRecord deviceRecord(int n, const QString& nip, const QString& name, const QString& office, qint64 seen)
{
    DeviceRecord d;
    d.device = dev(n);
    d.nip = nip;
    d.name = name;
    d.position = QStringLiteral("Inspector");
    d.office = office;
    d.chain = {QByteArray("leaf-der-") + QByteArray::number(n), QByteArray("ca-der"), QByteArray()};
    d.firstSeen = seen;
    d.lastSeen = seen;
    d.notAfter = seen + 365 * kDay;
    return d;
}

TEST_F(SqliteStorageTest, UpsertKeepsFirstSeenAndUpdatesTheRest)
{
    must(storage->directory().upsert(deviceRecord(1, "123", "Anna", "Tax", kNow)));
    DeviceRecord later = deviceRecord(1, "123", "Anna Nowak", "Customs", kNow + kDay);
    later.chain = {QByteArray("renewed-leaf")};
    must(storage->directory().upsert(later));
    const auto got = must(storage->directory().device(dev(1)));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->firstSeen, kNow);
    EXPECT_EQ(got->lastSeen, kNow + kDay);
    EXPECT_EQ(got->name, "Anna Nowak");
    EXPECT_EQ(got->office, "Customs");
    EXPECT_EQ(got->position, "Inspector");
    EXPECT_EQ(got->nip, "123");
    EXPECT_EQ(got->notAfter, kNow + kDay + 365 * kDay);
    EXPECT_EQ(got->chain, later.chain);
    EXPECT_FALSE(must(storage->directory().device(dev(2))).has_value());
}

TEST_F(SqliteStorageTest, ChainRoundTripsAndDevicesOfAndAllAreOrdered)
{
    must(storage->directory().upsert(deviceRecord(3, "111", "Zofia", "B", kNow)));
    must(storage->directory().upsert(deviceRecord(1, "111", "Zofia", "B", kNow)));
    must(storage->directory().upsert(deviceRecord(2, "222", "Adam", "B", kNow)));
    must(storage->directory().upsert(deviceRecord(4, "333", "Zenon", "A", kNow)));
    const auto ofNip = must(storage->directory().devicesOf("111"));
    ASSERT_EQ(ofNip.size(), 2U);
    EXPECT_EQ(ofNip[0].device, dev(1));
    EXPECT_EQ(ofNip[1].device, dev(3));
    EXPECT_EQ(ofNip[0].chain, deviceRecord(1, "", "", "", 0).chain); // an empty DER element survives too
    EXPECT_TRUE(must(storage->directory().devicesOf("999")).empty());
    const auto all = must(storage->directory().all());
    ASSERT_EQ(all.size(), 4U);
    EXPECT_EQ(all[0].device, dev(4)); // office A
    EXPECT_EQ(all[1].device, dev(2)); // office B, Adam
    EXPECT_EQ(all[2].device, dev(1)); // office B, Zofia, lower id
    EXPECT_EQ(all[3].device, dev(3));
}

TEST_F(SqliteStorageTest, RemoveDropsTheDevicesPreKeysAndQueue)
{
    must(storage->directory().upsert(deviceRecord(1, "111", "A", "X", kNow)));
    must(storage->directory().upsert(deviceRecord(2, "222", "B", "X", kNow)));
    ASSERT_TRUE(storage->prekeys().upload(dev(1), signedKey(1), oneTimeKeys(1, 3)));
    ASSERT_TRUE(storage->prekeys().upload(dev(2), signedKey(1), oneTimeKeys(1, 3)));
    ASSERT_TRUE(send(dev(2), "to-1", {dev(1), dev(2)}));
    must(storage->directory().remove(dev(1)));
    EXPECT_FALSE(must(storage->directory().device(dev(1))).has_value());
    EXPECT_EQ(must(storage->prekeys().oneTimeCount(dev(1))), 0);
    auto fetched = storage->prekeys().fetch(dev(1));
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().code, ErrorCode::NotFound);
    EXPECT_EQ(must(storage->messages().queueLength(dev(1))), 0);
    // The other device is untouched.
    EXPECT_TRUE(must(storage->directory().device(dev(2))).has_value());
    EXPECT_EQ(must(storage->prekeys().oneTimeCount(dev(2))), 3);
    EXPECT_EQ(must(storage->messages().queueLength(dev(2))), 1);
}

// ---- blobs ---------------------------------------------------------------------------

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a test helper, named at every call
BlobInfo blobInfo(const QString& id, const QString& owner, qint64 size, qint64 created = kNow,
                  qint64 expires = kNow + kDay)
{
    BlobInfo b;
    b.blob = id;
    b.owner = owner;
    b.size = size;
    b.createdAt = created;
    b.expiresAt = expires;
    return b;
}

TEST_F(SqliteStorageTest, BlobAppendAtTheWrongOffsetIsRefusedAndWritesNothing)
{
    must(storage->blobs().create(blobInfo(blobId(1), dev(1), 10)));
    EXPECT_EQ(must(storage->blobs().append(blobId(1), 0, "abcd")), 4);
    for (const qint64 offset : {qint64{0}, qint64{3}, qint64{5}, qint64{-1}}) {
        auto r = storage->blobs().append(blobId(1), offset, "zz");
        ASSERT_FALSE(r) << offset;
        EXPECT_EQ(r.error().code, ErrorCode::Policy);
    }
    auto tooMuch = storage->blobs().append(blobId(1), 4, "0123456789");
    ASSERT_FALSE(tooMuch);
    EXPECT_EQ(tooMuch.error().code, ErrorCode::Policy);
    EXPECT_EQ(must(storage->blobs().info(blobId(1)))->received, 4);
    QFile file(blobPath(blobId(1)));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), "abcd");
    auto unknown = storage->blobs().append(blobId(2), 0, "x");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStorageTest, BlobUploadResumesAfterReopenAndReadsOnlyWhenComplete)
{
    BlobInfo declared = blobInfo(blobId(1), dev(1), 9);
    declared.received = 5; // ignored: a new blob has received nothing
    must(storage->blobs().create(declared));
    auto exists = storage->blobs().create(declared);
    ASSERT_FALSE(exists);
    EXPECT_EQ(exists.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(must(storage->blobs().append(blobId(1), 0, "abc")), 3);
    auto partial = storage->blobs().read(blobId(1), 0, 3);
    ASSERT_FALSE(partial);
    EXPECT_EQ(partial.error().code, ErrorCode::Policy);

    reopen();
    const auto info = must(storage->blobs().info(blobId(1)));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->received, 3);
    EXPECT_FALSE(info->complete());
    EXPECT_EQ(info->owner, dev(1));
    EXPECT_EQ(must(storage->blobs().append(blobId(1), info->received, "defghi")), 9);
    EXPECT_TRUE(must(storage->blobs().info(blobId(1)))->complete());

    EXPECT_EQ(must(storage->blobs().read(blobId(1), 0, 100)), "abcdefghi");
    EXPECT_EQ(must(storage->blobs().read(blobId(1), 2, 3)), "cde");
    EXPECT_EQ(must(storage->blobs().read(blobId(1), 7, 5)), "hi");
    EXPECT_EQ(must(storage->blobs().read(blobId(1), 9, 5)), "");
    for (const auto& [offset, length] : {std::pair<qint64, qint64>{10, 1}, {-1, 2}, {0, -1}}) {
        auto r = storage->blobs().read(blobId(1), offset, length);
        ASSERT_FALSE(r) << offset << " " << length;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    }
    auto unknown = storage->blobs().read(blobId(2), 0, 1);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStorageTest, RolledBackAppendIsOverwrittenOnRetry)
{
    must(storage->blobs().create(blobInfo(blobId(1), dev(1), 6)));
    must(storage->begin());
    EXPECT_EQ(must(storage->blobs().append(blobId(1), 0, "XYZ")), 3);
    storage->rollback(); // the file holds bytes the database never recorded
    EXPECT_EQ(must(storage->blobs().info(blobId(1)))->received, 0);
    EXPECT_EQ(must(storage->blobs().append(blobId(1), 0, "ab")), 2);
    EXPECT_EQ(must(storage->blobs().append(blobId(1), 2, "cdef")), 6);
    EXPECT_EQ(must(storage->blobs().read(blobId(1), 0, 6)), "abcdef");
}

TEST_F(SqliteStorageTest, BlobIdsThatAreNotLowerCaseHexAreRefused)
{
    for (const QString& id : {QStringLiteral("../../../../../../etc/passwd"), blobId(1).toUpper(), blobId(1).left(31),
                              blobId(1) + "0", QString(), QStringLiteral("0123456789abcdef/123456789abcdef")}) {
        auto r = storage->blobs().create(blobInfo(id, dev(1), 1));
        ASSERT_FALSE(r) << id.toStdString();
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
        EXPECT_FALSE(must(storage->blobs().info(id)).has_value());
    }
    auto negative = storage->blobs().create(blobInfo(blobId(1), dev(1), -1));
    ASSERT_FALSE(negative);
}

TEST_F(SqliteStorageTest, EmptyBlobIsCompleteAndReadable)
{
    must(storage->blobs().create(blobInfo(blobId(1), dev(1), 0)));
    EXPECT_TRUE(must(storage->blobs().info(blobId(1)))->complete());
    EXPECT_EQ(must(storage->blobs().read(blobId(1), 0, 10)), "");
}

TEST_F(SqliteStorageTest, UsageSumsTheOwnersDeclaredSizes)
{
    must(storage->blobs().create(blobInfo(blobId(1), dev(1), 100)));
    must(storage->blobs().create(blobInfo(blobId(2), dev(1), 50)));
    must(storage->blobs().create(blobInfo(blobId(3), dev(2), 7)));
    EXPECT_EQ(must(storage->blobs().usage(dev(1))), 150);
    EXPECT_EQ(must(storage->blobs().usage(dev(2))), 7);
    EXPECT_EQ(must(storage->blobs().usage(dev(3))), 0);
    EXPECT_EQ(must(storage->blobs().collect(kNow + kDay, 0)), 3);
    EXPECT_EQ(must(storage->blobs().usage(dev(1))), 0);
}

TEST_F(SqliteStorageTest, CollectDeletesExpiredAndStaleIncompleteBlobsWithTheirFiles)
{
    must(storage->blobs().create(blobInfo(blobId(1), dev(1), 2, kNow, kNow + 10)));          // expires
    must(storage->blobs().create(blobInfo(blobId(2), dev(1), 4, kNow - kDay, kNow + kDay))); // stale, incomplete
    must(storage->blobs().create(blobInfo(blobId(3), dev(1), 2, kNow - kDay, kNow + kDay))); // old but complete
    must(storage->blobs().create(blobInfo(blobId(4), dev(1), 4, kNow, kNow + kDay)));        // recent, incomplete
    ASSERT_TRUE(storage->blobs().append(blobId(1), 0, "ab"));
    ASSERT_TRUE(storage->blobs().append(blobId(2), 0, "ab"));
    ASSERT_TRUE(storage->blobs().append(blobId(3), 0, "ab"));
    ASSERT_TRUE(storage->blobs().append(blobId(4), 0, "ab"));

    // Rolled back: rows and files stay.
    must(storage->begin());
    EXPECT_EQ(must(storage->blobs().collect(kNow + 10, kNow - 1)), 2);
    storage->rollback();
    EXPECT_TRUE(QFile::exists(blobPath(blobId(1))));
    EXPECT_TRUE(QFile::exists(blobPath(blobId(2))));
    EXPECT_TRUE(must(storage->blobs().info(blobId(1))).has_value());

    must(storage->begin());
    EXPECT_EQ(must(storage->blobs().collect(kNow + 10, kNow - 1)), 2);
    EXPECT_TRUE(QFile::exists(blobPath(blobId(1)))); // until the commit
    must(storage->commit());
    EXPECT_FALSE(QFile::exists(blobPath(blobId(1))));
    EXPECT_FALSE(QFile::exists(blobPath(blobId(2))));
    EXPECT_TRUE(QFile::exists(blobPath(blobId(3))));
    EXPECT_TRUE(QFile::exists(blobPath(blobId(4))));
    EXPECT_FALSE(must(storage->blobs().info(blobId(1))).has_value());
    EXPECT_FALSE(must(storage->blobs().info(blobId(2))).has_value());
    EXPECT_TRUE(must(storage->blobs().info(blobId(3))).has_value());
    EXPECT_TRUE(must(storage->blobs().info(blobId(4))).has_value());
    EXPECT_EQ(must(storage->blobs().collect(kNow + 10, kNow - 1)), 0);
}

// ---- audit ---------------------------------------------------------------------------

TEST(AuditChain, EncodingAndHashMatchAnIndependentComputation)
{
    // Python: struct.pack('>Q',1)+struct.pack('>q',1700000000000)+s('connect')+s('d')
    //         +s('żółw')+bytes(32) with s(x) = u32 length ‖ UTF-8; hashlib.sha256.
    AuditEntry e;
    e.seq = 1;
    e.time = kNow;
    e.event = "connect";
    e.device = "d";
    e.detail = QString::fromUtf8("\xc5\xbc\xc3\xb3\xc5\x82w");
    e.previous = QByteArray(32, '\0');
    EXPECT_EQ(auditEntryEncoding(e).toHex(),
              "00000000000000010000018bcfe5680000000007636f6e6e656374000000016400000007c5bcc3b3c58277"
              "0000000000000000000000000000000000000000000000000000000000000000");
    EXPECT_EQ(auditEntryHash(e).toHex(), "0f265f1b69213cb6836ed40bf9d392cbfa74b568a085893eecabf933975873ea");
}

class AuditTest : public SqliteStorageTest {
  protected:
    void SetUp() override
    {
        SqliteStorageTest::SetUp();
        for (int i = 1; i <= 5; ++i) {
            const AuditEntry e = must(storage->audit().append(kNow + i, "connect", i == 2 ? QString() : dev(i),
                                                              "entry " + QString::number(i)));
            ASSERT_EQ(e.seq, static_cast<quint64>(i));
        }
        log = must(storage->audit().entries(1, 100));
        ASSERT_EQ(log.size(), 5U);
    }
    static std::string failure(const std::vector<AuditEntry>& entries)
    {
        auto r = verifyAuditChain(entries);
        if (r) return "verified";
        EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
        return r.error().message;
    }
    std::vector<AuditEntry> log;
};

TEST_F(AuditTest, AppendedEntriesChainAndVerify)
{
    EXPECT_EQ(log[0].previous, QByteArray(32, '\0'));
    for (std::size_t i = 1; i < log.size(); ++i)
        EXPECT_EQ(log[i].previous, log[i - 1].hash);
    EXPECT_TRUE(log[1].device.isEmpty());
    EXPECT_EQ(log[2].detail, "entry 3");
    EXPECT_EQ(log[4].time, kNow + 5);
    EXPECT_EQ(must(verifyAuditChain(log)), 5U);
    EXPECT_EQ(must(verifyAuditChain({})), 0U);
    const auto tail = must(storage->audit().entries(4, 100));
    ASSERT_EQ(tail.size(), 2U);
    EXPECT_EQ(tail[0].seq, 4U);
    EXPECT_EQ(must(storage->audit().entries(2, 2)).size(), 2U);
    reopen();
    const AuditEntry sixth = must(storage->audit().append(kNow + 6, "revoked", dev(6), ""));
    EXPECT_EQ(sixth.seq, 6U);
    EXPECT_EQ(sixth.previous, log[4].hash);
    EXPECT_EQ(must(verifyAuditChain(must(storage->audit().entries(1, 100)))), 6U);
}

TEST_F(AuditTest, ChangedDetailIsDetectedAtItsSeq)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "tamper");
        db.setDatabaseName(dir.path() + "/relay.db");
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec("UPDATE audit SET detail = 'nothing happened' WHERE seq = 3"));
    }
    QSqlDatabase::removeDatabase("tamper");
    const std::string message = failure(must(storage->audit().entries(1, 100)));
    EXPECT_NE(message.find("audit entry 3 was changed"), std::string::npos) << message;
}

TEST_F(AuditTest, ChangedEntryWithRecomputedHashBreaksTheNextLink)
{
    log[2].detail = "nothing happened";
    log[2].hash = auditEntryHash(log[2]);
    const std::string message = failure(log);
    EXPECT_NE(message.find("audit entry 4 does not follow entry 3"), std::string::npos) << message;
}

TEST_F(AuditTest, RemovedEntryIsDetectedAsMissing)
{
    log.erase(log.begin() + 2);
    const std::string message = failure(log);
    EXPECT_NE(message.find("audit entry 3 is missing"), std::string::npos) << message;
}

TEST_F(AuditTest, SwappedEntriesAreDetectedAsReordered)
{
    std::swap(log[1], log[2]);
    const std::string message = failure(log);
    EXPECT_NE(message.find("audit entry 2 is out of order"), std::string::npos) << message;
}

TEST_F(AuditTest, ChangedFirstLinkIsDetected)
{
    log[0].previous = QByteArray(32, '\1');
    log[0].hash = auditEntryHash(log[0]);
    const std::string message = failure(log);
    EXPECT_NE(message.find("audit entry 1 does not start the chain"), std::string::npos) << message;
}

// ---- persistence and schema ----------------------------------------------------------

TEST_F(SqliteStorageTest, DataSurvivesReopening)
{
    const auto mids = must(send(dev(1), "c", {dev(2)})).mids;
    ASSERT_TRUE(storage->prekeys().upload(dev(2), signedKey(1), oneTimeKeys(1, 2)));
    must(storage->directory().upsert(deviceRecord(2, "111", "A", "X", kNow)));
    must(storage->blobs().create(blobInfo(blobId(1), dev(1), 2)));
    ASSERT_TRUE(storage->blobs().append(blobId(1), 0, "hi"));
    reopen();
    const auto got = must(storage->messages().pending(dev(2), 0, 10, kNow));
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].mid, mids[0]);
    EXPECT_EQ(got[0].payload, "payload-c");
    EXPECT_TRUE(must(send(dev(1), "c", {dev(2)})).duplicate);
    EXPECT_EQ(must(storage->prekeys().oneTimeCount(dev(2))), 2);
    EXPECT_EQ(must(storage->directory().device(dev(2)))->chain, deviceRecord(2, "", "", "", 0).chain);
    EXPECT_EQ(must(storage->blobs().read(blobId(1), 0, 2)), "hi");
}

TEST_F(SqliteStorageTest, DatabaseIsInWalModeAtSchemaVersionOne)
{
    storage.reset();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "inspect");
        db.setDatabaseName(dir.path() + "/relay.db");
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec("PRAGMA journal_mode"));
        ASSERT_TRUE(q.next());
        EXPECT_EQ(q.value(0).toString(), "wal");
        ASSERT_TRUE(q.exec("SELECT version FROM schema_version"));
        ASSERT_TRUE(q.next());
        EXPECT_EQ(q.value(0).toInt(), kSqliteSchemaVersion);
        EXPECT_FALSE(q.next());
    }
    QSqlDatabase::removeDatabase("inspect");
}

TEST_F(SqliteStorageTest, NewerSchemaVersionIsRefused)
{
    storage.reset();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "future");
        db.setDatabaseName(dir.path() + "/relay.db");
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec("UPDATE schema_version SET version = 2"));
    }
    QSqlDatabase::removeDatabase("future");
    auto r = SqliteStorage::open(dir.path());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
    EXPECT_NE(r.error().message.find("schema version 2"), std::string::npos) << r.error().message;
}

TEST(SqliteStorageOpen, UnusableDataDirectoryFails)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QFile file(dir.path() + "/file");
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.close();
    auto r = SqliteStorage::open(dir.path() + "/file");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Io);
}

// ---- the executor --------------------------------------------------------------------

StorageExecutor::Factory factoryFor(const QString& path)
{
    return [path]() -> Result<std::unique_ptr<Storage>> {
        auto opened = SqliteStorage::open(path);
        if (!opened) return fail(std::move(opened).error());
        return std::unique_ptr<Storage>(std::move(*opened));
    };
}

// Counts `done` calls; waits (with a generous guard against a hang, not a timing check).
class Completions {
  public:
    void add()
    {
        {
            const std::lock_guard lock(m_mutex);
            ++m_count;
        }
        m_changed.notify_all();
    }
    bool waitFor(int n)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(60), [&] { return m_count >= n; });
    }

  private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_count = 0;
};

// Holds the storage thread in a job until released, so what is submitted meanwhile
// forms one batch.
class Gate {
  public:
    void submitTo(StorageExecutor& executor, Completions& completions)
    {
        executor.submit<int>(
            [this](Storage&) -> Result<int> {
                m_started.set_value();
                m_release.get_future().wait();
                return 0;
            },
            [&completions](const Result<int>&) { completions.add(); });
        m_started.get_future().wait();
    }
    void release() { m_release.set_value(); }

  private:
    std::promise<void> m_started;
    std::promise<void> m_release;
};

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a test helper
std::function<Result<InsertOutcome>(Storage&)> insertJob(const QString& sender, const QString& cid,
                                                         const QString& recipient)
{
    return [=](Storage& s) {
        const auto copies = copiesFor({recipient});
        return s.messages().insert(sender, cid, copies, kNow, kNow + kDay, 1000);
    };
}

TEST(StorageExecutor, FactoryErrorIsReturned)
{
    auto r = StorageExecutor::start(
        []() -> Result<std::unique_ptr<Storage>> { return fail(ErrorCode::Unsupported, "no such backend"); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
    EXPECT_NE(r.error().message.find("no such backend"), std::string::npos);
}

TEST(StorageExecutor, JobsFromFourThreadsAreGroupCommitted)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    std::atomic<std::size_t> observedJobs{0};
    std::atomic<int> commits{0};
    auto executor = must(StorageExecutor::start(factoryFor(dir.path()), [&](qint64 micros, std::size_t jobs) {
        EXPECT_GE(micros, 0);
        observedJobs += jobs;
        ++commits;
    }));
    Completions completions;
    Gate gate;
    gate.submitTo(*executor, completions);

    constexpr int kThreads = 4;
    constexpr int kPerThread = 50;
    std::atomic<int> stored{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                executor->submit<InsertOutcome>(insertJob(dev(t), QString::number(i), dev(100 + t)),
                                                [&](const Result<InsertOutcome>& r) {
                                                    if (r && !r->duplicate && r->mids.size() == 1) ++stored;
                                                    completions.add();
                                                });
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    gate.release();
    ASSERT_TRUE(completions.waitFor(1 + kThreads * kPerThread));
    EXPECT_EQ(stored.load(), kThreads * kPerThread);

    const StorageStats stats = executor->stats();
    EXPECT_EQ(stats.jobs, 1U + kThreads * kPerThread);
    EXPECT_EQ(stats.batches, 2U); // the gate, then everything queued behind it
    EXPECT_LT(stats.batches, stats.jobs);
    EXPECT_EQ(stats.failedCommits, 0U);
    EXPECT_EQ(observedJobs.load(), stats.jobs);
    EXPECT_EQ(commits.load(), 2);

    qint64 total = 0;
    must(executor->runNow([&](Storage& s) -> Status {
        SANDI_ASSIGN(n, s.messages().totalQueued());
        total = n;
        return {};
    }));
    EXPECT_EQ(total, kThreads * kPerThread);
}

TEST(StorageExecutor, AFailingJobDoesNotUndoTheOthersInItsBatch)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    auto executor = must(StorageExecutor::start(factoryFor(dir.path())));
    Completions completions;
    Gate gate;
    gate.submitTo(*executor, completions);

    std::vector<std::optional<Result<InsertOutcome>>> results(3);
    const auto record = [&](std::size_t i) {
        return [&, i](Result<InsertOutcome> r) {
            results[i].emplace(std::move(r));
            completions.add();
        };
    };
    executor->submit<InsertOutcome>(insertJob(dev(1), "a", dev(2)), record(0));
    // Stores a copy, then fails: its savepoint is rolled back.
    executor->submit<InsertOutcome>(
        [](Storage& s) -> Result<InsertOutcome> {
            const auto copies = copiesFor({dev(2)});
            SANDI_TRY(s.messages().insert(dev(1), "b", copies, kNow, kNow + kDay, 1000));
            return fail(ErrorCode::Policy, "refused after writing");
        },
        record(1));
    executor->submit<InsertOutcome>(insertJob(dev(1), "c", dev(2)), record(2));
    gate.release();
    ASSERT_TRUE(completions.waitFor(4));

    ASSERT_TRUE(results[0] && *results[0]);
    ASSERT_TRUE(results[1].has_value());
    ASSERT_FALSE(*results[1]);
    EXPECT_EQ(results[1]->error().code, ErrorCode::Policy);
    EXPECT_EQ(results[1]->error().message, "refused after writing");
    ASSERT_TRUE(results[2] && *results[2]);
    EXPECT_EQ(executor->stats().batches, 2U); // the three shared one transaction

    std::vector<QString> clientIds;
    must(executor->runNow([&](Storage& s) -> Status {
        SANDI_ASSIGN(pending, s.messages().pending(dev(2), 0, 10, kNow));
        for (const auto& m : pending)
            clientIds.push_back(m.clientId);
        return {};
    }));
    EXPECT_EQ(clientIds, (std::vector<QString>{"a", "c"}));
}

TEST(StorageExecutor, RunNowCommitsOrRollsBackItsJob)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    auto executor = must(StorageExecutor::start(factoryFor(dir.path())));
    must(executor->runNow([](Storage& s) -> Status {
        SANDI_TRY(insertJob(dev(1), "a", dev(2))(s));
        return {};
    }));
    const Status failed = executor->runNow([](Storage& s) -> Status {
        SANDI_TRY(insertJob(dev(1), "b", dev(2))(s));
        return fail(ErrorCode::InvalidInput, "then failed");
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().message, "then failed");
    qint64 queued = -1;
    must(executor->runNow([&](Storage& s) -> Status {
        SANDI_ASSIGN(n, s.messages().queueLength(dev(2)));
        queued = n;
        return {};
    }));
    EXPECT_EQ(queued, 1);
    EXPECT_EQ(executor->stats().batches, 3U);
    EXPECT_EQ(executor->stats().failedCommits, 0U);
}

TEST(StorageExecutor, DestructionRunsWhatIsQueuedAndCommitsIt)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Completions completions;
    std::atomic<int> stored{0};
    {
        auto executor = must(StorageExecutor::start(factoryFor(dir.path())));
        Gate gate;
        gate.submitTo(*executor, completions);
        for (int i = 0; i < 20; ++i) {
            executor->submit<InsertOutcome>(insertJob(dev(1), QString::number(i), dev(2)),
                                            [&](const Result<InsertOutcome>& r) {
                                                if (r) ++stored;
                                                completions.add();
                                            });
        }
        gate.release();
    } // the destructor drains the queue
    EXPECT_TRUE(completions.waitFor(21));
    EXPECT_EQ(stored.load(), 20);
    auto reopened = must(SqliteStorage::open(dir.path()));
    EXPECT_EQ(must(reopened->messages().queueLength(dev(2))), 20);
}

} // namespace
} // namespace sandi::test
