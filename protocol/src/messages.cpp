// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/wire/messages.h"

#include <QCborValue>

#include <limits>

namespace sandi::wire {
namespace {

// Body keys (docs/protocol.md, "Operations").
const QString kVersions = QStringLiteral("versions");
const QString kVersion = QStringLiteral("version");
const QString kAgent = QStringLiteral("agent");
const QString kDevice = QStringLiteral("device");
const QString kDevices = QStringLiteral("devices");
const QString kNip = QStringLiteral("nip");
const QString kName = QStringLiteral("name");
const QString kPosition = QStringLiteral("position");
const QString kOffice = QStringLiteral("office");
const QString kChain = QStringLiteral("chain");
const QString kLastSeen = QStringLiteral("last_seen");
const QString kOtk = QStringLiteral("otk");
const QString kSpk = QStringLiteral("spk");
const QString kQueued = QStringLiteral("queued");
const QString kLimits = QStringLiteral("limits");
const QString kMaxFrame = QStringLiteral("max_frame");
const QString kMaxCopies = QStringLiteral("max_copies");
const QString kMaxOtkUpload = QStringLiteral("max_otk_upload");
const QString kBlobChunk = QStringLiteral("blob_chunk");
const QString kBlobMax = QStringLiteral("blob_max");
const QString kId = QStringLiteral("id");
const QString kKey = QStringLiteral("key");
const QString kSig = QStringLiteral("sig");
const QString kCid = QStringLiteral("cid");
const QString kCopies = QStringLiteral("copies");
const QString kCiphertext = QStringLiteral("c");
const QString kTtl = QStringLiteral("ttl");
const QString kDuplicate = QStringLiteral("dup");
const QString kMid = QStringLiteral("mid");
const QString kMids = QStringLiteral("mids");
const QString kFrom = QStringLiteral("from");
const QString kTs = QStringLiteral("ts");
const QString kSize = QStringLiteral("size");
const QString kReceived = QStringLiteral("received");
const QString kBlob = QStringLiteral("blob");
const QString kOffset = QStringLiteral("off");
const QString kLength = QStringLiteral("len");
const QString kData = QStringLiteral("data");
const QString kCount = QStringLiteral("count");

Unexpected<Error> bad(const QString& key, const char* what)
{
    return fail(ErrorCode::InvalidInput, "field " + key.toStdString() + ": " + what);
}

Result<qint64> int64Field(const QCborMap& m, const QString& key)
{
    SANDI_ASSIGN(v, uintField(m, key));
    if (v > static_cast<quint64>(std::numeric_limits<qint64>::max())) return bad(key, "out of range");
    return static_cast<qint64>(v);
}

Result<quint32> uint32Field(const QCborMap& m, const QString& key)
{
    SANDI_ASSIGN(v, uintField(m, key));
    if (v > std::numeric_limits<quint32>::max()) return bad(key, "out of range");
    return static_cast<quint32>(v);
}

Result<QByteArray> exactBytes(const QCborMap& m, const QString& key, qsizetype size)
{
    SANDI_ASSIGN(b, bytesField(m, key, size));
    if (b.size() != size) return bad(key, "wrong length");
    return b;
}

Result<QString> deviceField(const QCborMap& m, const QString& key)
{
    SANDI_ASSIGN(d, textField(m, key, kDeviceIdChars));
    if (!isDeviceId(d)) return bad(key, "not a device id");
    return d;
}

Result<QString> blobField(const QCborMap& m, const QString& key)
{
    SANDI_ASSIGN(b, textField(m, key, kBlobIdChars));
    if (!isBlobId(b)) return bad(key, "not a blob id");
    return b;
}

Result<QCborMap> entryMap(const QCborValue& v, const QString& key)
{
    if (!v.isMap()) return bad(key, "an entry is not a map");
    return v.toMap();
}

QCborMap signedPreKeyCbor(const SignedPreKeyWire& k)
{
    return QCborMap{{kId, static_cast<qint64>(k.id)}, {kKey, k.key}, {kSig, k.signature}};
}

Result<SignedPreKeyWire> signedPreKeyFrom(const QCborMap& m)
{
    SignedPreKeyWire k;
    SANDI_ASSIGN(id, uint32Field(m, kId));
    SANDI_ASSIGN(key, exactBytes(m, kKey, kKeyBytes));
    SANDI_ASSIGN(sig, exactBytes(m, kSig, kSignatureBytes));
    k.id = id;
    k.key = std::move(key);
    k.signature = std::move(sig);
    return k;
}

QCborMap oneTimeCbor(const OneTimePreKeyWire& k)
{
    return QCborMap{{kId, static_cast<qint64>(k.id)}, {kKey, k.key}};
}

Result<OneTimePreKeyWire> oneTimeFrom(const QCborMap& m)
{
    OneTimePreKeyWire k;
    SANDI_ASSIGN(id, uint32Field(m, kId));
    SANDI_ASSIGN(key, exactBytes(m, kKey, kKeyBytes));
    k.id = id;
    k.key = std::move(key);
    return k;
}

} // namespace

bool isBlobId(const QString& text)
{
    return isDeviceId(text); // the same shape: 32 lower-case hex digits
}

QCborMap Hello::toCbor() const
{
    QCborArray v;
    for (int x : versions)
        v.append(x);
    return QCborMap{{kVersions, v}, {kAgent, agent}};
}

Result<Hello> Hello::fromCbor(const QCborMap& body)
{
    Hello h;
    SANDI_ASSIGN(versions, arrayField(body, kVersions, kMaxVersionsOffered));
    for (const auto& v : versions) {
        if (!v.isInteger() || v.toInteger() < 1 || v.toInteger() > 1'000'000) return bad(kVersions, "not a version");
        h.versions.push_back(static_cast<int>(v.toInteger()));
    }
    if (auto a = optionalField(body, kAgent)) {
        SANDI_ASSIGN(agent, textField(body, kAgent, kMaxAgentBytes));
        h.agent = agent;
    }
    return h;
}

QCborMap HelloOk::toCbor() const
{
    QCborMap l{{kMaxFrame, limits.maxFrameBytes},
               {kMaxCopies, limits.maxSendCopies},
               {kMaxOtkUpload, limits.maxOneTimePreKeysPerUpload},
               {kBlobChunk, limits.blobChunkBytes},
               {kBlobMax, limits.maxBlobBytes}};
    return QCborMap{{kVersion, version},    {kDevice, device}, {kNip, nip},
                    {kOtk, oneTimePreKeys}, {kQueued, queued}, {kLimits, l}};
}

Result<HelloOk> HelloOk::fromCbor(const QCborMap& body)
{
    HelloOk h;
    SANDI_ASSIGN(version, uintField(body, kVersion));
    SANDI_ASSIGN(device, deviceField(body, kDevice));
    SANDI_ASSIGN(nip, textField(body, kNip, kMaxNipBytes));
    SANDI_ASSIGN(otk, int64Field(body, kOtk));
    SANDI_ASSIGN(queued, int64Field(body, kQueued));
    SANDI_ASSIGN(limits, mapField(body, kLimits));
    if (version > 1'000'000) return bad(kVersion, "out of range");
    h.version = static_cast<int>(version);
    h.device = device;
    h.nip = nip;
    h.oneTimePreKeys = otk;
    h.queued = queued;
    SANDI_ASSIGN(mf, int64Field(limits, kMaxFrame));
    SANDI_ASSIGN(mc, int64Field(limits, kMaxCopies));
    SANDI_ASSIGN(mo, int64Field(limits, kMaxOtkUpload));
    SANDI_ASSIGN(bc, int64Field(limits, kBlobChunk));
    SANDI_ASSIGN(bm, int64Field(limits, kBlobMax));
    h.limits = {mf, mc, mo, bc, bm};
    return h;
}

QCborMap PrekeyUpload::toCbor() const
{
    QCborMap m;
    if (signedPreKey) m.insert(kSpk, signedPreKeyCbor(*signedPreKey));
    QCborArray o;
    for (const auto& k : oneTime)
        o.append(oneTimeCbor(k));
    m.insert(kOtk, o);
    return m;
}

Result<PrekeyUpload> PrekeyUpload::fromCbor(const QCborMap& body)
{
    PrekeyUpload u;
    if (optionalField(body, kSpk)) {
        SANDI_ASSIGN(spk, mapField(body, kSpk));
        SANDI_ASSIGN(k, signedPreKeyFrom(spk));
        u.signedPreKey = std::move(k);
    }
    if (optionalField(body, kOtk)) {
        SANDI_ASSIGN(list, arrayField(body, kOtk, kMaxOneTimePreKeysPerUpload));
        for (const auto& e : list) {
            SANDI_ASSIGN(m, entryMap(e, kOtk));
            SANDI_ASSIGN(k, oneTimeFrom(m));
            u.oneTime.push_back(std::move(k));
        }
    }
    return u;
}

QCborMap PrekeyBundleWire::toCbor() const
{
    QCborMap m{{kDevice, device}, {kSpk, signedPreKeyCbor(signedPreKey)}};
    if (oneTime) m.insert(kOtk, oneTimeCbor(*oneTime));
    return m;
}

Result<PrekeyBundleWire> PrekeyBundleWire::fromCbor(const QCborMap& body)
{
    PrekeyBundleWire b;
    SANDI_ASSIGN(device, deviceField(body, kDevice));
    SANDI_ASSIGN(spkMap, mapField(body, kSpk));
    SANDI_ASSIGN(spk, signedPreKeyFrom(spkMap));
    b.device = device;
    b.signedPreKey = std::move(spk);
    if (optionalField(body, kOtk)) {
        SANDI_ASSIGN(otkMap, mapField(body, kOtk));
        SANDI_ASSIGN(otk, oneTimeFrom(otkMap));
        b.oneTime = std::move(otk);
    }
    return b;
}

QCborMap DeviceRequest::toCbor() const
{
    return QCborMap{{kDevice, device}};
}

Result<DeviceRequest> DeviceRequest::fromCbor(const QCborMap& body)
{
    SANDI_ASSIGN(device, deviceField(body, kDevice));
    return DeviceRequest{device};
}

QCborMap NipRequest::toCbor() const
{
    return QCborMap{{kNip, nip}};
}

Result<NipRequest> NipRequest::fromCbor(const QCborMap& body)
{
    SANDI_ASSIGN(nip, textField(body, kNip, kMaxNipBytes));
    if (nip.isEmpty()) return bad(kNip, "empty");
    return NipRequest{nip};
}

QCborMap DeviceEntry::toCbor(bool withChain) const
{
    QCborMap m{{kDevice, device},     {kNip, nip},       {kName, name},
               {kPosition, position}, {kOffice, office}, {kLastSeen, lastSeen}};
    if (withChain) {
        QCborArray c;
        for (const auto& der : chain)
            c.append(der);
        m.insert(kChain, c);
    }
    return m;
}

Result<DeviceEntry> DeviceEntry::fromCbor(const QCborMap& body)
{
    DeviceEntry e;
    SANDI_ASSIGN(device, deviceField(body, kDevice));
    SANDI_ASSIGN(nip, textField(body, kNip, kMaxNipBytes));
    SANDI_ASSIGN(name, textField(body, kName, 1024));
    SANDI_ASSIGN(position, textField(body, kPosition, 1024));
    SANDI_ASSIGN(office, textField(body, kOffice, 1024));
    SANDI_ASSIGN(lastSeen, int64Field(body, kLastSeen));
    e.device = device;
    e.nip = nip;
    e.name = name;
    e.position = position;
    e.office = office;
    e.lastSeen = lastSeen;
    if (optionalField(body, kChain)) {
        SANDI_ASSIGN(chain, arrayField(body, kChain, kMaxChainCertificates));
        for (const auto& c : chain) {
            if (!c.isByteArray() || c.toByteArray().isEmpty() || c.toByteArray().size() > kMaxCertificateBytes)
                return bad(kChain, "not a certificate");
            e.chain.push_back(c.toByteArray());
        }
    }
    return e;
}

QCborMap DeviceList::toCbor() const
{
    QCborArray a;
    for (const auto& d : devices)
        a.append(d.toCbor(withChains));
    return QCborMap{{kDevices, a}};
}

Result<DeviceList> DeviceList::fromCbor(const QCborMap& body)
{
    DeviceList l;
    SANDI_ASSIGN(list, arrayField(body, kDevices, 100'000));
    for (const auto& v : list) {
        SANDI_ASSIGN(m, entryMap(v, kDevices));
        SANDI_ASSIGN(e, DeviceEntry::fromCbor(m));
        l.withChains = l.withChains || !e.chain.empty();
        l.devices.push_back(std::move(e));
    }
    return l;
}

QCborMap SendRequest::toCbor() const
{
    QCborArray a;
    for (const auto& c : copies)
        a.append(QCborMap{{kDevice, c.device}, {kCiphertext, c.ciphertext}});
    QCborMap m{{kCid, clientId}, {kCopies, a}};
    if (ttlSeconds > 0) m.insert(kTtl, ttlSeconds);
    return m;
}

Result<SendRequest> SendRequest::fromCbor(const QCborMap& body, qsizetype maxCopies)
{
    SendRequest r;
    SANDI_ASSIGN(cid, textField(body, kCid, kMaxClientIdBytes));
    if (cid.isEmpty()) return bad(kCid, "empty");
    SANDI_ASSIGN(copies, arrayField(body, kCopies, maxCopies));
    if (copies.isEmpty()) return bad(kCopies, "no recipient device");
    r.clientId = cid;
    for (const auto& v : copies) {
        SANDI_ASSIGN(m, entryMap(v, kCopies));
        SANDI_ASSIGN(device, deviceField(m, kDevice));
        SANDI_ASSIGN(c, bytesField(m, kCiphertext, kMaxFrameBytesLimit));
        if (c.isEmpty()) return bad(kCiphertext, "empty");
        for (const auto& earlier : r.copies)
            if (earlier.device == device) return bad(kCopies, "a device named twice");
        r.copies.push_back({device, std::move(c)});
    }
    if (optionalField(body, kTtl)) {
        SANDI_ASSIGN(ttl, int64Field(body, kTtl));
        r.ttlSeconds = ttl;
    }
    return r;
}

QCborMap SendOk::toCbor() const
{
    return QCborMap{{kDuplicate, duplicate}};
}

Result<SendOk> SendOk::fromCbor(const QCborMap& body)
{
    return SendOk{body.value(kDuplicate).toBool()};
}

QCborMap Delivery::toCbor() const
{
    return QCborMap{{kMid, static_cast<qint64>(mid)},
                    {kFrom, from},
                    {kCid, clientId},
                    {kCiphertext, ciphertext},
                    {kTs, receivedAt}};
}

Result<Delivery> Delivery::fromCbor(const QCborMap& body)
{
    Delivery d;
    SANDI_ASSIGN(mid, uintField(body, kMid));
    SANDI_ASSIGN(from, deviceField(body, kFrom));
    SANDI_ASSIGN(cid, textField(body, kCid, kMaxClientIdBytes));
    SANDI_ASSIGN(c, bytesField(body, kCiphertext, kMaxFrameBytesLimit));
    SANDI_ASSIGN(ts, int64Field(body, kTs));
    d.mid = mid;
    d.from = from;
    d.clientId = cid;
    d.ciphertext = std::move(c);
    d.receivedAt = ts;
    return d;
}

QCborMap Ack::toCbor() const
{
    QCborArray a;
    for (auto m : mids)
        a.append(static_cast<qint64>(m));
    return QCborMap{{kMids, a}};
}

Result<Ack> Ack::fromCbor(const QCborMap& body)
{
    Ack a;
    SANDI_ASSIGN(list, arrayField(body, kMids, kMaxAckIds));
    for (const auto& v : list) {
        if (!v.isInteger() || v.toInteger() < 0) return bad(kMids, "not a message id");
        a.mids.push_back(static_cast<quint64>(v.toInteger()));
    }
    return a;
}

QCborMap BlobCreate::toCbor() const
{
    return QCborMap{{kSize, size}};
}

Result<BlobCreate> BlobCreate::fromCbor(const QCborMap& body)
{
    SANDI_ASSIGN(size, int64Field(body, kSize));
    return BlobCreate{size};
}

QCborMap BlobState::toCbor() const
{
    return QCborMap{{kBlob, blob}, {kSize, size}, {kReceived, received}, {kBlobChunk, chunkBytes}};
}

Result<BlobState> BlobState::fromCbor(const QCborMap& body)
{
    BlobState s;
    SANDI_ASSIGN(blob, blobField(body, kBlob));
    SANDI_ASSIGN(size, int64Field(body, kSize));
    SANDI_ASSIGN(received, int64Field(body, kReceived));
    SANDI_ASSIGN(chunk, int64Field(body, kBlobChunk));
    if (received > size) return bad(kReceived, "more than the size");
    s.blob = blob;
    s.size = size;
    s.received = received;
    s.chunkBytes = chunk;
    return s;
}

QCborMap BlobRef::toCbor() const
{
    return QCborMap{{kBlob, blob}};
}

Result<BlobRef> BlobRef::fromCbor(const QCborMap& body)
{
    SANDI_ASSIGN(blob, blobField(body, kBlob));
    return BlobRef{blob};
}

QCborMap BlobPut::toCbor() const
{
    return QCborMap{{kBlob, blob}, {kOffset, offset}, {kData, data}};
}

Result<BlobPut> BlobPut::fromCbor(const QCborMap& body, qsizetype maxChunk)
{
    BlobPut p;
    SANDI_ASSIGN(blob, blobField(body, kBlob));
    SANDI_ASSIGN(offset, int64Field(body, kOffset));
    SANDI_ASSIGN(data, bytesField(body, kData, maxChunk));
    if (data.isEmpty()) return bad(kData, "empty");
    p.blob = blob;
    p.offset = offset;
    p.data = std::move(data);
    return p;
}

QCborMap BlobGet::toCbor() const
{
    return QCborMap{{kBlob, blob}, {kOffset, offset}, {kLength, length}};
}

Result<BlobGet> BlobGet::fromCbor(const QCborMap& body)
{
    BlobGet g;
    SANDI_ASSIGN(blob, blobField(body, kBlob));
    SANDI_ASSIGN(offset, int64Field(body, kOffset));
    SANDI_ASSIGN(length, int64Field(body, kLength));
    if (length == 0) return bad(kLength, "zero");
    g.blob = blob;
    g.offset = offset;
    g.length = length;
    return g;
}

QCborMap BlobData::toCbor() const
{
    return QCborMap{{kData, data}};
}

Result<BlobData> BlobData::fromCbor(const QCborMap& body, qsizetype maxChunk)
{
    SANDI_ASSIGN(data, bytesField(body, kData, maxChunk));
    return BlobData{std::move(data)};
}

} // namespace sandi::wire
