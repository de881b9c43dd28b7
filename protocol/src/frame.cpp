// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/wire/frame.h"

#include <QCborStreamReader>
#include <QCborValue>
#include <QCryptographicHash>

namespace sandi::wire {
namespace {

const QString kKind = QStringLiteral("t");
const QString kId = QStringLiteral("id");
const QString kOp = QStringLiteral("op");
const QString kBody = QStringLiteral("b");
const QString kError = QStringLiteral("e");
const QString kCode = QStringLiteral("c");
const QString kText = QStringLiteral("m");

// Depth of nested containers, bounded before anything is converted.
bool nestingWithin(const QCborValue& v, qsizetype depth)
{
    if (depth > kMaxCborNesting) return false;
    if (v.isMap()) {
        const QCborMap m = v.toMap();
        for (auto it = m.cbegin(); it != m.cend(); ++it)
            if (!nestingWithin(it.key(), depth + 1) || !nestingWithin(it.value(), depth + 1)) return false;
    } else if (v.isArray()) {
        const QCborArray a = v.toArray();
        for (const auto& e : a)
            if (!nestingWithin(e, depth + 1)) return false;
    } else if (v.isTag()) {
        return nestingWithin(v.taggedValue(), depth + 1);
    }
    return true;
}

// At most `maxBytes` of UTF-8, cut before the character that would not fit whole (Qt
// has checked the CBOR text was UTF-8, so toUtf8() gives those bytes back).
QString truncatedToUtf8Bytes(const QString& text, qsizetype maxBytes)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= maxBytes) return text;
    qsizetype end = maxBytes;
    while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) // a continuation byte
        --end;
    return QString::fromUtf8(utf8.left(end));
}

Unexpected<Error> bad(std::string what)
{
    return fail(ErrorCode::InvalidInput, "relay frame: " + std::move(what));
}

} // namespace

QByteArray Frame::encode() const
{
    QCborMap m;
    m.insert(kKind, static_cast<int>(kind));
    switch (kind) {
    case FrameKind::Request:
        m.insert(kId, static_cast<qint64>(id));
        m.insert(kOp, op);
        m.insert(kBody, body);
        break;
    case FrameKind::Response:
        m.insert(kId, static_cast<qint64>(id));
        if (failed())
            m.insert(kError, QCborMap{{kCode, errorCode}, {kText, errorText}});
        else
            m.insert(kBody, body);
        break;
    case FrameKind::Push:
        m.insert(kOp, op);
        m.insert(kBody, body);
        break;
    case FrameKind::ConnectionError:
        m.insert(kError, QCborMap{{kCode, errorCode}, {kText, errorText}});
        break;
    }
    return m.toCborValue().toCbor();
}

Result<Frame> Frame::decode(const QByteArray& bytes, qsizetype maxBytes)
{
    if (bytes.size() > maxBytes)
        return fail(ErrorCode::Policy, "relay frame: " + std::to_string(bytes.size()) +
                                           " bytes, more than the limit of " + std::to_string(maxBytes));
    QCborStreamReader reader(bytes);
    if (!reader.isMap()) return bad("not a CBOR map");
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError)
        return bad("malformed CBOR (" + reader.lastError().toString().toStdString() + ")");
    if (reader.currentOffset() != bytes.size()) return bad("bytes after the CBOR map");
    if (!value.isMap()) return bad("not a CBOR map");
    if (!nestingWithin(value, 0)) return bad("nested deeper than " + std::to_string(kMaxCborNesting));
    const QCborMap m = value.toMap();

    Frame f;
    const QCborValue kindValue = m.value(kKind);
    if (!kindValue.isInteger()) return bad("no kind (t)");
    const qint64 kind = kindValue.toInteger();
    if (kind < 1 || kind > 4) return bad("unknown kind " + std::to_string(kind));
    f.kind = static_cast<FrameKind>(kind);

    auto readId = [&]() -> Status {
        const QCborValue idValue = m.value(kId); // not `id`: clang's -Wshadow sees Frame::id here
        if (!idValue.isInteger() || idValue.toInteger() < 0) return bad("no request id");
        f.id = static_cast<quint64>(idValue.toInteger());
        return {};
    };
    auto readOp = [&]() -> Status {
        const QCborValue o = m.value(kOp);
        if (!o.isString() || o.toString().isEmpty() || o.toString().toUtf8().size() > kMaxOpBytes)
            return bad("no operation (op)");
        f.op = o.toString();
        return {};
    };
    auto readBody = [&]() -> Status {
        const QCborValue b = m.value(kBody);
        if (b.isUndefined()) return {}; // an empty body may be left out
        if (!b.isMap()) return bad("body (b) is not a map");
        f.body = b.toMap();
        return {};
    };
    auto readError = [&]() -> Status {
        const QCborValue e = m.value(kError);
        if (!e.isMap()) return bad("no error (e)");
        const QCborMap em = e.toMap();
        const QCborValue code = em.value(kCode);
        const QCborValue text = em.value(kText);
        if (!code.isString() || code.toString().isEmpty() || code.toString().toUtf8().size() > kMaxOpBytes)
            return bad("error without a code");
        if (!text.isUndefined() && !text.isString()) return bad("error text is not text");
        f.errorCode = code.toString();
        f.errorText = truncatedToUtf8Bytes(text.toString(), kMaxErrorTextBytes);
        return {};
    };

    switch (f.kind) {
    case FrameKind::Request:
        SANDI_TRY(readId());
        SANDI_TRY(readOp());
        SANDI_TRY(readBody());
        break;
    case FrameKind::Response:
        SANDI_TRY(readId());
        if (m.contains(kError))
            SANDI_TRY(readError());
        else
            SANDI_TRY(readBody());
        break;
    case FrameKind::Push:
        SANDI_TRY(readOp());
        SANDI_TRY(readBody());
        break;
    case FrameKind::ConnectionError:
        SANDI_TRY(readError());
        break;
    }
    return f;
}

Frame request(quint64 id, const QString& op, const QCborMap& body)
{
    Frame f;
    f.kind = FrameKind::Request;
    f.id = id;
    f.op = op;
    f.body = body;
    return f;
}

Frame response(quint64 id, const QCborMap& body)
{
    Frame f;
    f.kind = FrameKind::Response;
    f.id = id;
    f.body = body;
    return f;
}

Frame failure(quint64 id, const QString& code, const QString& text)
{
    Frame f;
    f.kind = FrameKind::Response;
    f.id = id;
    f.errorCode = code;
    f.errorText = text;
    return f;
}

Frame push(const QString& op, const QCborMap& body)
{
    Frame f;
    f.kind = FrameKind::Push;
    f.op = op;
    f.body = body;
    return f;
}

Frame connectionError(const QString& code, const QString& text)
{
    Frame f;
    f.kind = FrameKind::ConnectionError;
    f.errorCode = code;
    f.errorText = text;
    return f;
}

namespace {
Unexpected<Error> badField(const QString& key, const char* what)
{
    return fail(ErrorCode::InvalidInput, "field " + key.toStdString() + ": " + what);
}
} // namespace

Result<QString> textField(const QCborMap& map, const QString& key, qsizetype maxBytes)
{
    const QCborValue v = map.value(key);
    if (v.isUndefined()) return badField(key, "missing");
    if (!v.isString()) return badField(key, "not text");
    QString s = v.toString();
    if (s.toUtf8().size() > maxBytes) return badField(key, "too long");
    return s;
}

Result<QByteArray> bytesField(const QCborMap& map, const QString& key, qsizetype maxBytes)
{
    const QCborValue v = map.value(key);
    if (v.isUndefined()) return badField(key, "missing");
    if (!v.isByteArray()) return badField(key, "not a byte string");
    QByteArray b = v.toByteArray();
    if (b.size() > maxBytes) return badField(key, "too long");
    return b;
}

Result<quint64> uintField(const QCborMap& map, const QString& key)
{
    const QCborValue v = map.value(key);
    if (v.isUndefined()) return badField(key, "missing");
    if (!v.isInteger() || v.toInteger() < 0) return badField(key, "not an unsigned integer");
    return static_cast<quint64>(v.toInteger());
}

Result<QCborArray> arrayField(const QCborMap& map, const QString& key, qsizetype maxEntries)
{
    const QCborValue v = map.value(key);
    if (v.isUndefined()) return badField(key, "missing");
    if (!v.isArray()) return badField(key, "not an array");
    QCborArray a = v.toArray();
    if (a.size() > maxEntries) return badField(key, "too many entries");
    return a;
}

Result<QCborMap> mapField(const QCborMap& map, const QString& key)
{
    const QCborValue v = map.value(key);
    if (v.isUndefined()) return badField(key, "missing");
    if (!v.isMap()) return badField(key, "not a map");
    return v.toMap();
}

std::optional<QCborValue> optionalField(const QCborMap& map, const QString& key)
{
    const QCborValue v = map.value(key);
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    return v;
}

QString deviceIdOf(const QByteArray& certificateDer)
{
    const QByteArray digest = QCryptographicHash::hash(certificateDer, QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.left(kDeviceIdChars / 2).toHex());
}

bool isDeviceId(const QString& text)
{
    if (text.size() != kDeviceIdChars) return false;
    for (const QChar c : text)
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'))) return false;
    return true;
}

} // namespace sandi::wire
