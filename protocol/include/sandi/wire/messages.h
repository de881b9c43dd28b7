// SPDX-License-Identifier: GPL-3.0-or-later
// The bodies of the relay protocol's requests, responses and pushes, each with its
// encoder and a decoder that checks types and limits (docs/protocol.md, "Operations").
// == lets the tests check that decoding a body's encoding gives the body back.
// The relay decodes requests and encodes responses; the client does the reverse.
#pragma once

#include "sandi/wire/frame.h"

#include <vector>

namespace sandi::wire {

// Operation names.
namespace op {
inline const QString kHello = QStringLiteral("hello");
inline const QString kDirectoryList = QStringLiteral("dir.list");
inline const QString kDirectoryDevices = QStringLiteral("dir.devices");
inline const QString kDirectoryDevice = QStringLiteral("dir.device");
inline const QString kPrekeysUpload = QStringLiteral("prekeys.upload");
inline const QString kPrekeysFetch = QStringLiteral("prekeys.fetch");
inline const QString kPrekeysStatus = QStringLiteral("prekeys.status");
inline const QString kSend = QStringLiteral("send");
inline const QString kAck = QStringLiteral("ack");
inline const QString kBlobCreate = QStringLiteral("blob.create");
inline const QString kBlobPut = QStringLiteral("blob.put");
inline const QString kBlobStatus = QStringLiteral("blob.status");
inline const QString kBlobGet = QStringLiteral("blob.get");
// pushes
inline const QString kMessage = QStringLiteral("msg");
inline const QString kDrained = QStringLiteral("drained");
inline const QString kPrekeysLow = QStringLiteral("prekeys.low");
} // namespace op

inline constexpr qsizetype kMaxOneTimePreKeysPerUpload = 100;
inline constexpr qsizetype kMaxClientIdBytes = 64;
inline constexpr qsizetype kMaxSendCopies = 1024; // recipient devices in one send
inline constexpr qsizetype kMaxAckIds = 1000;
inline constexpr qsizetype kMaxVersionsOffered = 16;
inline constexpr qsizetype kMaxAgentBytes = 128;
inline constexpr qsizetype kMaxNipBytes = 64;
inline constexpr qsizetype kMaxChainCertificates = 8;
inline constexpr qsizetype kMaxCertificateBytes = 16 * 1024;
inline constexpr qsizetype kBlobIdChars = 32;
inline constexpr qsizetype kKeyBytes = 32;
inline constexpr qsizetype kSignatureBytes = 64;

struct Hello {
    std::vector<int> versions; // offered, any order
    QString agent;             // e.g. "sandi-cli/0.1"
    [[nodiscard]] QCborMap toCbor() const;
    static Result<Hello> fromCbor(const QCborMap& body);
    bool operator==(const Hello&) const = default;
};

struct Limits {
    qint64 maxFrameBytes = 0;
    qint64 maxSendCopies = 0;
    qint64 maxOneTimePreKeysPerUpload = 0;
    qint64 blobChunkBytes = 0;
    qint64 maxBlobBytes = 0;
    bool operator==(const Limits&) const = default;
};

struct HelloOk {
    int version = kProtocolVersion;
    QString device; // the caller's device id, as the relay derived it from the certificate
    QString nip;
    qint64 oneTimePreKeys = 0; // how many the relay holds for this device
    qint64 queued = 0;         // messages waiting, pushed next
    Limits limits;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<HelloOk> fromCbor(const QCborMap& body);
    bool operator==(const HelloOk&) const = default;
};

struct SignedPreKeyWire {
    quint32 id = 0;
    QByteArray key;       // 32
    QByteArray signature; // 64
    bool operator==(const SignedPreKeyWire&) const = default;
};
struct OneTimePreKeyWire {
    quint32 id = 0;
    QByteArray key; // 32
    bool operator==(const OneTimePreKeyWire&) const = default;
};

struct PrekeyUpload {
    std::optional<SignedPreKeyWire> signedPreKey;
    std::vector<OneTimePreKeyWire> oneTime; // at most kMaxOneTimePreKeysPerUpload
    [[nodiscard]] QCborMap toCbor() const;
    static Result<PrekeyUpload> fromCbor(const QCborMap& body);
    bool operator==(const PrekeyUpload&) const = default;
};

struct PrekeyBundleWire {
    QString device;
    SignedPreKeyWire signedPreKey;
    std::optional<OneTimePreKeyWire> oneTime;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<PrekeyBundleWire> fromCbor(const QCborMap& body);
    bool operator==(const PrekeyBundleWire&) const = default;
};

struct DeviceRequest { // dir.device, prekeys.fetch
    QString device;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<DeviceRequest> fromCbor(const QCborMap& body);
    bool operator==(const DeviceRequest&) const = default;
};

struct NipRequest { // dir.devices
    QString nip;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<NipRequest> fromCbor(const QCborMap& body);
    bool operator==(const NipRequest&) const = default;
};

struct DeviceEntry {
    QString device;
    QString nip, name, position, office;
    std::vector<QByteArray> chain; // DER, leaf first
    qint64 lastSeen = 0;
    [[nodiscard]] QCborMap toCbor(bool withChain) const;
    static Result<DeviceEntry> fromCbor(const QCborMap& body);
    bool operator==(const DeviceEntry&) const = default;
};

struct DeviceList { // dir.list, dir.devices, dir.device (one entry)
    std::vector<DeviceEntry> devices;
    bool withChains = false;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<DeviceList> fromCbor(const QCborMap& body);
    bool operator==(const DeviceList&) const = default;
};

struct SendCopy {
    QString device;
    QByteArray ciphertext;
    bool operator==(const SendCopy&) const = default;
};

struct SendRequest {
    QString clientId;
    std::vector<SendCopy> copies;
    qint64 ttlSeconds = 0; // 0: the relay's default
    [[nodiscard]] QCborMap toCbor() const;
    static Result<SendRequest> fromCbor(const QCborMap& body, qsizetype maxCopies = kMaxSendCopies);
    bool operator==(const SendRequest&) const = default;
};

struct SendOk {
    bool duplicate = false;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<SendOk> fromCbor(const QCborMap& body);
    bool operator==(const SendOk&) const = default;
};

struct Delivery { // push "msg"
    quint64 mid = 0;
    QString from; // sender device id
    QString clientId;
    QByteArray ciphertext;
    qint64 receivedAt = 0; // Unix ms, at the relay
    [[nodiscard]] QCborMap toCbor() const;
    static Result<Delivery> fromCbor(const QCborMap& body);
    bool operator==(const Delivery&) const = default;
};

struct Ack {
    std::vector<quint64> mids;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<Ack> fromCbor(const QCborMap& body);
    bool operator==(const Ack&) const = default;
};

struct BlobCreate {
    qint64 size = 0;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobCreate> fromCbor(const QCborMap& body);
    bool operator==(const BlobCreate&) const = default;
};

struct BlobState { // blob.create's and blob.status's answer
    QString blob;
    qint64 size = 0;
    qint64 received = 0;
    qint64 chunkBytes = 0;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobState> fromCbor(const QCborMap& body);
    bool operator==(const BlobState&) const = default;
};

struct BlobRef { // blob.status
    QString blob;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobRef> fromCbor(const QCborMap& body);
    bool operator==(const BlobRef&) const = default;
};

struct BlobPut {
    QString blob;
    qint64 offset = 0;
    QByteArray data;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobPut> fromCbor(const QCborMap& body, qsizetype maxChunk);
    bool operator==(const BlobPut&) const = default;
};

struct BlobGet {
    QString blob;
    qint64 offset = 0;
    qint64 length = 0;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobGet> fromCbor(const QCborMap& body);
    bool operator==(const BlobGet&) const = default;
};

struct BlobData {
    QByteArray data;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobData> fromCbor(const QCborMap& body, qsizetype maxChunk);
    bool operator==(const BlobData&) const = default;
};

[[nodiscard]] bool isBlobId(const QString& text);

} // namespace sandi::wire
