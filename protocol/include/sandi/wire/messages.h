// SPDX-License-Identifier: GPL-3.0-or-later
// The bodies of the relay protocol's requests, responses and pushes, each with its
// encoder and a decoder that checks types and limits (docs/protocol.md, "Operations").
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
};

struct Limits {
    qint64 maxFrameBytes = 0;
    qint64 maxSendCopies = 0;
    qint64 maxOneTimePreKeysPerUpload = 0;
    qint64 blobChunkBytes = 0;
    qint64 maxBlobBytes = 0;
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
};

struct SignedPreKeyWire {
    quint32 id = 0;
    QByteArray key;       // 32
    QByteArray signature; // 64
};
struct OneTimePreKeyWire {
    quint32 id = 0;
    QByteArray key; // 32
};

struct PrekeyUpload {
    std::optional<SignedPreKeyWire> signedPreKey;
    std::vector<OneTimePreKeyWire> oneTime; // at most kMaxOneTimePreKeysPerUpload
    [[nodiscard]] QCborMap toCbor() const;
    static Result<PrekeyUpload> fromCbor(const QCborMap& body);
};

struct PrekeyBundleWire {
    QString device;
    SignedPreKeyWire signedPreKey;
    std::optional<OneTimePreKeyWire> oneTime;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<PrekeyBundleWire> fromCbor(const QCborMap& body);
};

struct DeviceRequest { // dir.device, prekeys.fetch
    QString device;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<DeviceRequest> fromCbor(const QCborMap& body);
};

struct NipRequest { // dir.devices
    QString nip;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<NipRequest> fromCbor(const QCborMap& body);
};

struct DeviceEntry {
    QString device;
    QString nip, name, position, office;
    std::vector<QByteArray> chain; // DER, leaf first
    qint64 lastSeen = 0;
    [[nodiscard]] QCborMap toCbor(bool withChain) const;
    static Result<DeviceEntry> fromCbor(const QCborMap& body);
};

struct DeviceList { // dir.list, dir.devices, dir.device (one entry)
    std::vector<DeviceEntry> devices;
    bool withChains = false;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<DeviceList> fromCbor(const QCborMap& body);
};

struct SendCopy {
    QString device;
    QByteArray ciphertext;
};

struct SendRequest {
    QString clientId;
    std::vector<SendCopy> copies;
    qint64 ttlSeconds = 0; // 0: the relay's default
    [[nodiscard]] QCborMap toCbor() const;
    static Result<SendRequest> fromCbor(const QCborMap& body, qsizetype maxCopies = kMaxSendCopies);
};

struct SendOk {
    bool duplicate = false;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<SendOk> fromCbor(const QCborMap& body);
};

struct Delivery { // push "msg"
    quint64 mid = 0;
    QString from; // sender device id
    QString clientId;
    QByteArray ciphertext;
    qint64 receivedAt = 0; // Unix ms, at the relay
    [[nodiscard]] QCborMap toCbor() const;
    static Result<Delivery> fromCbor(const QCborMap& body);
};

struct Ack {
    std::vector<quint64> mids;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<Ack> fromCbor(const QCborMap& body);
};

struct BlobCreate {
    qint64 size = 0;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobCreate> fromCbor(const QCborMap& body);
};

struct BlobState { // blob.create's and blob.status's answer
    QString blob;
    qint64 size = 0;
    qint64 received = 0;
    qint64 chunkBytes = 0;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobState> fromCbor(const QCborMap& body);
};

struct BlobRef { // blob.status
    QString blob;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobRef> fromCbor(const QCborMap& body);
};

struct BlobPut {
    QString blob;
    qint64 offset = 0;
    QByteArray data;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobPut> fromCbor(const QCborMap& body, qsizetype maxChunk);
};

struct BlobGet {
    QString blob;
    qint64 offset = 0;
    qint64 length = 0;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobGet> fromCbor(const QCborMap& body);
};

struct BlobData {
    QByteArray data;
    [[nodiscard]] QCborMap toCbor() const;
    static Result<BlobData> fromCbor(const QCborMap& body, qsizetype maxChunk);
};

[[nodiscard]] bool isBlobId(const QString& text);

} // namespace sandi::wire
