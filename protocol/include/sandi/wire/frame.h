// SPDX-License-Identifier: GPL-3.0-or-later
// The relay protocol's frames (docs/protocol.md, "Relay protocol"): one WebSocket
// binary message = one CBOR map. Requests carry an id the response repeats; the relay
// pushes deliveries and notices; a connection error is the last frame before close.
// Shared by sandi-relay and the client core (Qt Core only).
#pragma once

#include "sandi/core/result.h"

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QString>

#include <optional>

namespace sandi::wire {

inline constexpr int kProtocolVersion = 1;
// Frames larger than this are refused by both sides (the relay's `max-frame-bytes`
// setting may lower it, never raise it beyond kMaxFrameBytesLimit).
inline constexpr qsizetype kDefaultMaxFrameBytes = qsizetype{1} << 20; // 1 MiB
inline constexpr qsizetype kMaxFrameBytesLimit = qsizetype{16} << 20;  // 16 MiB
inline constexpr qsizetype kMaxCborNesting = 16;                       // maps/arrays inside a frame
inline constexpr qsizetype kMaxErrorTextBytes = 1024;                  // longer error texts are cut, between characters
inline constexpr qsizetype kMaxOpBytes = 64;

enum class FrameKind : int { Request = 1, Response = 2, Push = 3, ConnectionError = 4 };

struct Frame {
    FrameKind kind = FrameKind::Request;
    quint64 id = 0;    // requests and responses
    QString op;        // requests and pushes
    QCborMap body;     // requests, successful responses, pushes
    QString errorCode; // failed responses and connection errors
    QString errorText;

    [[nodiscard]] bool failed() const { return !errorCode.isEmpty(); }
    [[nodiscard]] QByteArray encode() const;
    // One well-formed CBOR map of at most `maxBytes`, nothing after it, with the keys
    // its kind needs and no unknown kind. Unknown keys are ignored (later versions).
    static Result<Frame> decode(const QByteArray& bytes, qsizetype maxBytes = kDefaultMaxFrameBytes);
};

Frame request(quint64 id, const QString& op, const QCborMap& body = {});
Frame response(quint64 id, const QCborMap& body = {});
Frame failure(quint64 id, const QString& code, const QString& text);
Frame push(const QString& op, const QCborMap& body = {});
Frame connectionError(const QString& code, const QString& text);

// Error codes (docs/protocol.md, "Errors").
namespace error {
inline const QString kBadFrame = QStringLiteral("BAD_FRAME");
inline const QString kFrameTooLarge = QStringLiteral("FRAME_TOO_LARGE");
inline const QString kNotHello = QStringLiteral("NOT_HELLO");
inline const QString kUnsupportedVersion = QStringLiteral("UNSUPPORTED_VERSION");
inline const QString kRevoked = QStringLiteral("REVOKED");
inline const QString kIdle = QStringLiteral("IDLE_TIMEOUT");
inline const QString kShuttingDown = QStringLiteral("SHUTTING_DOWN");
inline const QString kBadRequest = QStringLiteral("BAD_REQUEST");
inline const QString kUnknownOp = QStringLiteral("UNKNOWN_OP");
inline const QString kNotFound = QStringLiteral("NOT_FOUND");
inline const QString kUnknownDevice = QStringLiteral("UNKNOWN_DEVICE");
inline const QString kForbidden = QStringLiteral("FORBIDDEN");
inline const QString kQueueFull = QStringLiteral("QUEUE_FULL");
inline const QString kRateLimited = QStringLiteral("RATE_LIMITED");
inline const QString kQuotaExceeded = QStringLiteral("QUOTA_EXCEEDED");
inline const QString kTooLarge = QStringLiteral("TOO_LARGE");
inline const QString kStorage = QStringLiteral("STORAGE_UNAVAILABLE");
inline const QString kInternal = QStringLiteral("INTERNAL");
} // namespace error

// Reading a body's fields with their type and size checked; the error names the key.
Result<QString> textField(const QCborMap& map, const QString& key, qsizetype maxBytes);
Result<QByteArray> bytesField(const QCborMap& map, const QString& key, qsizetype maxBytes);
Result<quint64> uintField(const QCborMap& map, const QString& key);
Result<QCborArray> arrayField(const QCborMap& map, const QString& key, qsizetype maxEntries);
Result<QCborMap> mapField(const QCborMap& map, const QString& key);
std::optional<QCborValue> optionalField(const QCborMap& map, const QString& key);

// A device id: the first 16 bytes of SHA-256 over the device certificate's DER, as 32
// lower-case hex digits.
inline constexpr qsizetype kDeviceIdChars = 32;
QString deviceIdOf(const QByteArray& certificateDer);
[[nodiscard]] bool isDeviceId(const QString& text);

} // namespace sandi::wire
