// SPDX-License-Identifier: GPL-3.0-or-later
// The relay protocol (protocol/, sandi_wire): frames and every body through encode and
// decode, each limit at and past its value, and the refusals (truncation, trailing bytes,
// nesting, missing keys, wrong types). Inputs the fuzz targets found are in
// tests/fuzz/regressions/wire_*; the ones that broke a decoder are repeated here.
#include "sandi/wire/messages.h"

#include <QCborValue>

#include <gtest/gtest.h>

#include <limits>
#include <ostream>

using namespace sandi;
using namespace sandi::wire;

// gtest shows a QString as its text (found by ADL: QString is in the global namespace).
void PrintTo(const QString& s, std::ostream* os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace {

const QString kAlice = deviceIdOf("alice's phone certificate");
const QString kBob = deviceIdOf("bob's laptop certificate");
const QString kBlob = deviceIdOf("an attachment");
const QByteArray kKey(kKeyBytes, 'k');
const QByteArray kSignature(kSignatureBytes, 's');

// A body's value through its encoding and decoder.
template <class T, class... Limit> T roundTrip(const T& value, Limit... limit)
{
    auto decoded = T::fromCbor(value.toCbor(), limit...);
    EXPECT_TRUE(decoded) << (decoded ? "" : decoded.error().message);
    return decoded ? *decoded : T{};
}

template <class T> void expectInvalid(const T& result, const char* key)
{
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(result.error().message.find(key), std::string::npos) << result.error().message;
}

Frame roundTrip(const Frame& f)
{
    auto decoded = Frame::decode(f.encode());
    EXPECT_TRUE(decoded) << (decoded ? "" : decoded.error().message);
    return decoded ? *decoded : Frame{};
}

void expectSameFrame(const Frame& a, const Frame& b)
{
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.op, b.op);
    EXPECT_EQ(a.body, b.body);
    EXPECT_EQ(a.errorCode, b.errorCode);
    EXPECT_EQ(a.errorText, b.errorText);
}

// A request whose body holds `arrays` arrays one inside the other.
QByteArray nestedRequest(int arrays)
{
    QCborValue v = QCborArray{};
    for (int i = 1; i < arrays; ++i)
        v = QCborArray{v};
    return request(1, op::kSend, QCborMap{{QStringLiteral("x"), v}}).encode();
}

} // namespace

// --- frames -------------------------------------------------------------------------

TEST(WireFrame, EveryKindRoundTrips)
{
    const QCborMap body{{QStringLiteral("k"), 1}};
    for (const Frame& f :
         {request(7, op::kSend, body), request(0, op::kDirectoryList), response(7, body), response(8),
          failure(9, error::kBadRequest, QStringLiteral("field cid: missing")), push(op::kMessage, body),
          push(op::kDrained), connectionError(error::kNotHello, QStringLiteral("hello first"))}) {
        const Frame back = roundTrip(f);
        expectSameFrame(back, f);
        EXPECT_EQ(back.encode(), f.encode());
    }
    EXPECT_TRUE(roundTrip(failure(9, error::kInternal, {})).failed());
}

TEST(WireFrame, LargestIdRoundTrips)
{
    const quint64 largest = std::numeric_limits<qint64>::max();
    EXPECT_EQ(roundTrip(request(largest, op::kAck)).id, largest);
}

TEST(WireFrame, TooLargeIsPolicy)
{
    // The size is checked before any parsing: even a well-formed frame is refused.
    QByteArray big =
        request(1, op::kSend, QCborMap{{QStringLiteral("c"), QByteArray(kDefaultMaxFrameBytes, 'x')}}).encode();
    ASSERT_GT(big.size(), kDefaultMaxFrameBytes);
    auto r = Frame::decode(big);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
    EXPECT_TRUE(Frame::decode(big, big.size()));
    r = Frame::decode(big, big.size() - 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
    // At the limit exactly (a byte string this long has a five-byte head, the empty one a one-byte head).
    const auto padded = [](qsizetype pad) {
        return request(1, op::kSend, QCborMap{{QStringLiteral("c"), QByteArray(pad, 'x')}}).encode();
    };
    const qsizetype pad = kDefaultMaxFrameBytes - padded(0).size() - 4;
    ASSERT_EQ(padded(pad).size(), kDefaultMaxFrameBytes);
    EXPECT_TRUE(Frame::decode(padded(pad)));
    r = Frame::decode(padded(pad + 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
}

TEST(WireFrame, TruncatedAndTrailingBytesAreRefused)
{
    const QByteArray f = request(1, op::kHello, Hello{{1}, QStringLiteral("t")}.toCbor()).encode();
    ASSERT_TRUE(Frame::decode(f));
    for (qsizetype n = 0; n < f.size(); ++n)
        EXPECT_FALSE(Frame::decode(f.left(n))) << n;
    auto r = Frame::decode(f + '\0');
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(r.error().message.find("bytes after"), std::string::npos);
    EXPECT_FALSE(Frame::decode(f + f));
}

TEST(WireFrame, NestingIsBounded)
{
    // The frame's map holds the body, the body the arrays: kMaxCborNesting levels below the frame.
    EXPECT_TRUE(Frame::decode(nestedRequest(kMaxCborNesting - 1)));
    auto r = Frame::decode(nestedRequest(kMaxCborNesting));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("nested deeper"), std::string::npos);
    EXPECT_FALSE(Frame::decode(nestedRequest(2000))); // beyond Qt's own recursion limit too
}

TEST(WireFrame, MalformedFramesAreRefused)
{
    const auto refused = [](const QByteArray& bytes) {
        auto r = Frame::decode(bytes);
        return !r && r.error().code == ErrorCode::InvalidInput;
    };
    EXPECT_TRUE(refused({}));
    EXPECT_TRUE(refused(QByteArray::fromHex("83010203")));                                 // an array
    EXPECT_TRUE(refused(QByteArray::fromHex("a1617409")));                                 // kind 9
    EXPECT_TRUE(refused(QByteArray::fromHex("a1617400")));                                 // kind 0
    EXPECT_TRUE(refused(QByteArray::fromHex("a0")));                                       // no kind
    EXPECT_TRUE(refused(QByteArray::fromHex("a161746131")));                               // kind as text
    EXPECT_TRUE(refused(QByteArray::fromHex("bb7fffffffffffffff617401")));                 // a huge count
    EXPECT_TRUE(refused(QByteArray::fromHex("a361740162696401626f707b00000000ffffffff"))); // a huge length
    EXPECT_TRUE(refused(QByteArray::fromHex("a361740162696401626f7062c328")));             // bad UTF-8
    EXPECT_TRUE(refused(QByteArray::fromHex("a361740162696401626f7063eda080")));           // a UTF-8 surrogate

    const auto withKeys = [](QCborMap m) { return QCborValue(m).toCbor(); };
    const QString t = QStringLiteral("t"), id = QStringLiteral("id"), o = QStringLiteral("op"), b = QStringLiteral("b"),
                  e = QStringLiteral("e");
    EXPECT_TRUE(refused(withKeys({{t, 1}, {o, op::kAck}})));            // no id
    EXPECT_TRUE(refused(withKeys({{t, 1}, {id, -1}, {o, op::kAck}})));  // negative id
    EXPECT_TRUE(refused(withKeys({{t, 1}, {id, 1.5}, {o, op::kAck}}))); // id not an integer
    EXPECT_TRUE(refused(withKeys({{t, 1}, {id, 1}})));                  // no op
    EXPECT_TRUE(refused(withKeys({{t, 1}, {id, 1}, {o, QString()}})));  // empty op
    EXPECT_TRUE(refused(withKeys({{t, 1}, {id, 1}, {o, QString(kMaxOpBytes + 1, u'x')}})));
    EXPECT_FALSE(refused(withKeys({{t, 1}, {id, 1}, {o, QString(kMaxOpBytes, u'x')}})));
    EXPECT_TRUE(refused(withKeys({{t, 1}, {id, 1}, {o, op::kAck}, {b, QCborArray{}}}))); // body not a map
    EXPECT_TRUE(refused(withKeys({{t, 3}, {b, QCborMap{}}})));                           // push without op
    EXPECT_TRUE(refused(withKeys({{t, 4}})));                                            // error without e
    EXPECT_TRUE(refused(withKeys({{t, 4}, {e, QCborMap{}}})));                           // error without code
    EXPECT_TRUE(refused(withKeys({{t, 4}, {e, QCborMap{{QStringLiteral("c"), QString(kMaxOpBytes + 1, u'X')}}}})));
    EXPECT_TRUE(refused(withKeys({{t, 2}, {id, 1}, {e, QCborMap{{QStringLiteral("c"), 5}}}})));
    EXPECT_TRUE(refused(withKeys(
        {{t, 2}, {id, 1}, {e, QCborMap{{QStringLiteral("c"), QStringLiteral("X")}, {QStringLiteral("m"), 5}}}})));
    // Unknown keys are ignored (later versions may add them).
    auto r = Frame::decode(withKeys({{t, 1}, {id, 1}, {o, op::kAck}, {QStringLiteral("future"), 1}}));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->op, op::kAck);
}

TEST(WireFrame, ErrorTextIsCutToBytesAtACharacterBoundary)
{
    // tests/fuzz/regressions/wire_frame/error-text-cut-inside-a-character.cbor: the text
    // was cut at kMaxErrorTextBytes UTF-16 units, splitting a surrogate pair; its lone
    // half came back as '?' after encode and decode, and 1024 units can be 3 KiB of UTF-8.
    const QString emoji = QString::fromUtf8("\xF0\x9F\x98\x80"); // U+1F600, four bytes, two units
    const QChar euro(0x20AC);                                    // three bytes, one unit
    for (const QString& text : {QString(kMaxErrorTextBytes - 1, u'e') + emoji + QStringLiteral("tail"),
                                QString(kMaxErrorTextBytes - 2, u'e') + emoji + QStringLiteral("tail"),
                                QString(kMaxErrorTextBytes, euro), QString(kMaxErrorTextBytes + 5, u'e')}) {
        const Frame f = roundTrip(connectionError(error::kInternal, text));
        EXPECT_LE(f.errorText.toUtf8().size(), kMaxErrorTextBytes);
        EXPECT_GE(f.errorText.toUtf8().size(), kMaxErrorTextBytes - 3);
        EXPECT_TRUE(text.startsWith(f.errorText));
        EXPECT_EQ(QString::fromUtf8(f.errorText.toUtf8()), f.errorText); // whole characters only
        expectSameFrame(roundTrip(f), f);
    }
    const QString fits = QString(kMaxErrorTextBytes - 4, u'e') + emoji;
    EXPECT_EQ(roundTrip(failure(1, error::kInternal, fits)).errorText, fits);
}

// --- bodies -------------------------------------------------------------------------

TEST(WireBodies, EveryBodyRoundTrips)
{
    const Hello hello{{1, 2}, QStringLiteral("sandi-cli/0.1")};
    EXPECT_EQ(roundTrip(hello), hello);
    EXPECT_EQ(roundTrip(Hello{{1}, {}}), (Hello{{1}, {}}));

    HelloOk ok;
    ok.device = kAlice;
    ok.nip = QStringLiteral("198001012006041001");
    ok.oneTimePreKeys = 42;
    ok.queued = 3;
    ok.limits = {kDefaultMaxFrameBytes, kMaxSendCopies, kMaxOneTimePreKeysPerUpload, 512 << 10, 256 << 20};
    EXPECT_EQ(roundTrip(ok), ok);

    PrekeyUpload upload;
    upload.signedPreKey = SignedPreKeyWire{7, kKey, kSignature};
    upload.oneTime = {{100, kKey}, {std::numeric_limits<quint32>::max(), kKey}};
    EXPECT_EQ(roundTrip(upload), upload);
    EXPECT_EQ(roundTrip(PrekeyUpload{}), PrekeyUpload{});

    const PrekeyBundleWire bundle{kBob, {7, kKey, kSignature}, OneTimePreKeyWire{100, kKey}};
    EXPECT_EQ(roundTrip(bundle), bundle);
    const PrekeyBundleWire noOneTime{kBob, {7, kKey, kSignature}, std::nullopt};
    EXPECT_EQ(roundTrip(noOneTime), noOneTime);

    EXPECT_EQ(roundTrip(DeviceRequest{kBob}), DeviceRequest{kBob});
    EXPECT_EQ(roundTrip(NipRequest{QStringLiteral("1980")}), NipRequest{QStringLiteral("1980")});

    const QByteArray der = QByteArray::fromHex("3082010a");
    const DeviceEntry entry{kBob,       QStringLiteral("1980"), "Bob", "Kepala Seksi", "Kota Baubau",
                            {der, der}, 1'767'225'600'000};
    const DeviceList withChains{{entry}, true};
    EXPECT_EQ(roundTrip(withChains), withChains);
    DeviceEntry bare = entry;
    bare.chain.clear();
    const DeviceList list{{bare, DeviceEntry{kAlice, "1981", "Alice", "Staf", "Kota Baubau", {}, 0}}, false};
    EXPECT_EQ(roundTrip(list), list);
    EXPECT_EQ(roundTrip(DeviceList{}), DeviceList{});

    const SendRequest send{QStringLiteral("c-1"), {{kAlice, "a"}, {kBob, "b"}}, 3600};
    EXPECT_EQ(roundTrip(send), send);
    const SendRequest noTtl{QStringLiteral("c-1"), {{kAlice, "a"}}, 0};
    EXPECT_EQ(roundTrip(noTtl), noTtl);
    EXPECT_EQ(roundTrip(SendOk{true}), SendOk{true});
    EXPECT_EQ(roundTrip(SendOk{false}), SendOk{false});

    const Delivery delivery{9, kAlice, QStringLiteral("c-1"), "ciphertext", 1'767'225'600'000};
    EXPECT_EQ(roundTrip(delivery), delivery);
    EXPECT_EQ(roundTrip(Ack{{1, 2, 3}}), (Ack{{1, 2, 3}}));
    EXPECT_EQ(roundTrip(Ack{}), Ack{});
    EXPECT_EQ(roundTrip(BlobCreate{300'000}), BlobCreate{300'000});
    const BlobState state{kBlob, 300'000, 4096, 512 << 10};
    EXPECT_EQ(roundTrip(state), state);
    EXPECT_EQ(roundTrip(BlobRef{kBlob}), BlobRef{kBlob});
    const BlobPut put{kBlob, 4096, QByteArray(1000, 'x')};
    EXPECT_EQ(roundTrip(put, qsizetype{1000}), put);
    const BlobGet get{kBlob, 4096, 8192};
    EXPECT_EQ(roundTrip(get), get);
    const BlobData data{QByteArray(1000, 'y')};
    EXPECT_EQ(roundTrip(data, qsizetype{1000}), data);
    EXPECT_EQ(roundTrip(BlobData{}, qsizetype{1000}), BlobData{});
}

TEST(WireBodies, DeviceIdKnownAnswer)
{
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 ... (FIPS 180-2, B.1)
    EXPECT_EQ(deviceIdOf("abc"), QStringLiteral("ba7816bf8f01cfea414140de5dae2223"));
    EXPECT_TRUE(isDeviceId(deviceIdOf("abc")));
    EXPECT_FALSE(isDeviceId(QStringLiteral("BA7816BF8F01CFEA414140DE5DAE2223")));
    EXPECT_FALSE(isDeviceId(QStringLiteral("ba7816bf8f01cfea414140de5dae222")));
    EXPECT_FALSE(isDeviceId(QStringLiteral("ba7816bf8f01cfea414140de5dae2223a")));
    EXPECT_FALSE(isDeviceId(QStringLiteral("ba7816bf8f01cfea414140de5dae222g")));
    EXPECT_FALSE(isBlobId({}));
}

TEST(WireBodies, MissingKeysAreRefused)
{
    expectInvalid(Hello::fromCbor({}), "versions");
    expectInvalid(DeviceRequest::fromCbor({}), "device");
    expectInvalid(NipRequest::fromCbor({}), "nip");
    expectInvalid(SendRequest::fromCbor({}), "cid");
    expectInvalid(SendRequest::fromCbor({{QStringLiteral("cid"), QStringLiteral("c")}}), "copies");
    expectInvalid(Ack::fromCbor({}), "mids");
    expectInvalid(BlobCreate::fromCbor({}), "size");
    expectInvalid(BlobRef::fromCbor({}), "blob");
    expectInvalid(BlobPut::fromCbor({{QStringLiteral("blob"), kBlob}}, 10), "off");
    expectInvalid(BlobGet::fromCbor({{QStringLiteral("blob"), kBlob}, {QStringLiteral("off"), 0}}), "len");
    expectInvalid(BlobData::fromCbor({}, 10), "data");
    expectInvalid(PrekeyBundleWire::fromCbor({{QStringLiteral("device"), kBob}}), "spk");
    expectInvalid(DeviceList::fromCbor({}), "devices");
    expectInvalid(Delivery::fromCbor({{QStringLiteral("mid"), 1}}), "from");
    QCborMap ok = [] {
        HelloOk h;
        h.device = kAlice;
        return h.toCbor();
    }();
    ASSERT_TRUE(HelloOk::fromCbor(ok));
    for (const char* key : {"version", "device", "nip", "otk", "queued", "limits"}) {
        QCborMap m = ok;
        m.remove(QString::fromLatin1(key));
        expectInvalid(HelloOk::fromCbor(m), key);
    }
    QCborMap limits = ok.value(QStringLiteral("limits")).toMap();
    limits.remove(QStringLiteral("blob_max"));
    ok.insert(QStringLiteral("limits"), limits);
    expectInvalid(HelloOk::fromCbor(ok), "blob_max");
    // Each field of a signed prekey.
    const QCborMap spk = PrekeyBundleWire{kBob, {7, kKey, kSignature}, std::nullopt}.toCbor();
    for (const char* key : {"id", "key", "sig"}) {
        QCborMap inner = spk.value(QStringLiteral("spk")).toMap();
        inner.remove(QString::fromLatin1(key));
        QCborMap m = spk;
        m.insert(QStringLiteral("spk"), inner);
        expectInvalid(PrekeyBundleWire::fromCbor(m), key);
    }
}

TEST(WireBodies, WrongTypesAreRefused)
{
    const QString versions = QStringLiteral("versions");
    expectInvalid(Hello::fromCbor({{versions, 1}}), "versions");
    expectInvalid(Hello::fromCbor({{versions, QCborArray{QStringLiteral("1")}}}), "versions");
    expectInvalid(Hello::fromCbor({{versions, QCborArray{0}}}), "versions");
    expectInvalid(Hello::fromCbor({{versions, QCborArray{1}}, {QStringLiteral("agent"), 5}}), "agent");
    expectInvalid(DeviceRequest::fromCbor({{QStringLiteral("device"), kBob.toUtf8()}}), "device");
    expectInvalid(DeviceRequest::fromCbor({{QStringLiteral("device"), kBob.toUpper()}}), "device");
    expectInvalid(NipRequest::fromCbor({{QStringLiteral("nip"), 1980}}), "nip");
    expectInvalid(NipRequest::fromCbor({{QStringLiteral("nip"), QString()}}), "nip");
    expectInvalid(Ack::fromCbor({{QStringLiteral("mids"), QCborArray{1, -2}}}), "mids");
    expectInvalid(Ack::fromCbor({{QStringLiteral("mids"), QCborArray{1.0}}}), "mids");
    expectInvalid(BlobCreate::fromCbor({{QStringLiteral("size"), -1}}), "size");
    expectInvalid(BlobCreate::fromCbor({{QStringLiteral("size"), QStringLiteral("1")}}), "size");
    expectInvalid(BlobRef::fromCbor({{QStringLiteral("blob"), QStringLiteral("../etc/passwd")}}), "blob");
    expectInvalid(BlobGet::fromCbor(BlobGet{kBlob, 0, 0}.toCbor()), "len");
    expectInvalid(BlobPut::fromCbor(BlobPut{kBlob, 0, {}}.toCbor(), 10), "data");
    expectInvalid(BlobState::fromCbor(BlobState{kBlob, 10, 11, 4}.toCbor()), "received");
    EXPECT_TRUE(BlobState::fromCbor(BlobState{kBlob, 10, 10, 4}.toCbor()));

    // Keys of the wrong length and identifiers past 32 bits.
    PrekeyBundleWire bundle{kBob, {7, kKey, kSignature}, OneTimePreKeyWire{1, kKey}};
    bundle.signedPreKey.key = kKey.left(kKeyBytes - 1);
    expectInvalid(PrekeyBundleWire::fromCbor(bundle.toCbor()), "key");
    bundle.signedPreKey.key = kKey;
    bundle.signedPreKey.signature = kSignature + 'x';
    expectInvalid(PrekeyBundleWire::fromCbor(bundle.toCbor()), "sig");
    bundle.signedPreKey.signature = kSignature;
    QCborMap m = bundle.toCbor();
    m.insert(QStringLiteral("otk"), QCborMap{{QStringLiteral("id"), qint64{1} << 32}, {QStringLiteral("key"), kKey}});
    expectInvalid(PrekeyBundleWire::fromCbor(m), "id");
    m.insert(QStringLiteral("otk"), QCborArray{});
    expectInvalid(PrekeyBundleWire::fromCbor(m), "otk");

    // Sends: a copy that is not a map, an empty ciphertext, an empty client id.
    const QString cid = QStringLiteral("cid"), copies = QStringLiteral("copies");
    expectInvalid(SendRequest::fromCbor({{cid, QStringLiteral("c")}, {copies, QCborArray{1}}}), "copies");
    expectInvalid(SendRequest::fromCbor(SendRequest{QStringLiteral("c"), {{kBob, {}}}, 0}.toCbor()), "field c:");
    expectInvalid(SendRequest::fromCbor(SendRequest{{}, {{kBob, "x"}}, 0}.toCbor()), "cid");
    expectInvalid(SendRequest::fromCbor(SendRequest{QStringLiteral("c"), {}, 0}.toCbor()), "copies");

    // Directory entries: a certificate that is not a byte string, or empty, or too large.
    DeviceEntry entry{kBob, "1980", "Bob", "", "", {"x"}, 0};
    for (const QCborValue& bad :
         {QCborValue(1), QCborValue(QByteArray()), QCborValue(QByteArray(kMaxCertificateBytes + 1, 'x'))}) {
        QCborMap e = entry.toCbor(true);
        e.insert(QStringLiteral("chain"), QCborArray{bad});
        expectInvalid(DeviceList::fromCbor({{QStringLiteral("devices"), QCborArray{e}}}), "chain");
    }
    expectInvalid(DeviceList::fromCbor({{QStringLiteral("devices"), QCborArray{1}}}), "devices");
}

TEST(WireBodies, SendRefusesADeviceNamedTwice)
{
    const SendRequest twice{QStringLiteral("c-1"), {{kAlice, "a"}, {kBob, "b"}, {kAlice, "c"}}, 0};
    expectInvalid(SendRequest::fromCbor(twice.toCbor()), "named twice");
}

TEST(WireBodies, SendCopiesAreBounded)
{
    SendRequest send{QStringLiteral("c-1"), {}, 0};
    for (int i = 0; i < 3; ++i)
        send.copies.push_back({deviceIdOf(QByteArray::number(i)), "x"});
    EXPECT_TRUE(SendRequest::fromCbor(send.toCbor(), 3));
    expectInvalid(SendRequest::fromCbor(send.toCbor(), 2), "copies");
    send.clientId = QString(kMaxClientIdBytes + 1, u'c');
    expectInvalid(SendRequest::fromCbor(send.toCbor(), 3), "cid");
}

TEST(WireBodies, OneTimePreKeysAreBounded)
{
    PrekeyUpload upload;
    for (qsizetype i = 0; i < kMaxOneTimePreKeysPerUpload; ++i)
        upload.oneTime.push_back({static_cast<quint32>(i), kKey});
    EXPECT_EQ(roundTrip(upload), upload);
    upload.oneTime.push_back({1000, kKey});
    expectInvalid(PrekeyUpload::fromCbor(upload.toCbor()), "otk");
}

TEST(WireBodies, AckIdsAreBounded)
{
    Ack ack;
    for (qsizetype i = 0; i < kMaxAckIds; ++i)
        ack.mids.push_back(static_cast<quint64>(i));
    EXPECT_EQ(roundTrip(ack), ack);
    ack.mids.push_back(static_cast<quint64>(kMaxAckIds));
    expectInvalid(Ack::fromCbor(ack.toCbor()), "mids");
}

TEST(WireBodies, OtherLimits)
{
    Hello hello;
    hello.versions.assign(static_cast<std::size_t>(kMaxVersionsOffered), 1);
    EXPECT_TRUE(Hello::fromCbor(hello.toCbor()));
    hello.versions.push_back(1);
    expectInvalid(Hello::fromCbor(hello.toCbor()), "versions");
    expectInvalid(Hello::fromCbor(Hello{{1}, QString(kMaxAgentBytes + 1, u'a')}.toCbor()), "agent");
    EXPECT_TRUE(Hello::fromCbor(Hello{{1}, QString(kMaxAgentBytes, u'a')}.toCbor()));
    // Text limits count UTF-8 bytes: 43 three-byte characters are 129 bytes.
    expectInvalid(Hello::fromCbor(Hello{{1}, QString(kMaxAgentBytes / 3 + 1, QChar(0x20AC))}.toCbor()), "agent");
    expectInvalid(NipRequest::fromCbor(NipRequest{QString(kMaxNipBytes + 1, u'1')}.toCbor()), "nip");
    // Blob chunks: the caller's limit.
    EXPECT_TRUE(BlobPut::fromCbor(BlobPut{kBlob, 0, QByteArray(100, 'x')}.toCbor(), 100));
    expectInvalid(BlobPut::fromCbor(BlobPut{kBlob, 0, QByteArray(101, 'x')}.toCbor(), 100), "data");
    EXPECT_TRUE(BlobData::fromCbor(BlobData{QByteArray(100, 'x')}.toCbor(), 100));
    expectInvalid(BlobData::fromCbor(BlobData{QByteArray(101, 'x')}.toCbor(), 100), "data");
    // Integers: the largest qint64 is accepted, beyond it is not an integer for QCborValue.
    const qint64 largest = std::numeric_limits<qint64>::max();
    EXPECT_EQ(roundTrip(BlobCreate{largest}), BlobCreate{largest});
    expectInvalid(
        BlobCreate::fromCbor(QCborValue::fromCbor(QByteArray::fromHex("a16473697a651bffffffffffffffff")).toMap()),
        "size");
    // The directory: kMaxChainCertificates certificates, and no more.
    DeviceEntry entry{
        kBob, "1980", "Bob", "", "", std::vector<QByteArray>(static_cast<std::size_t>(kMaxChainCertificates), "x"), 0};
    EXPECT_TRUE(DeviceList::fromCbor(DeviceList{{entry}, true}.toCbor()));
    entry.chain.push_back("x");
    expectInvalid(DeviceList::fromCbor(DeviceList{{entry}, true}.toCbor()), "chain");
}
