// SPDX-License-Identifier: GPL-3.0-or-later
// The audit log's hash chain (storage.h): the encoding every backend hashes, and the
// check `sandi-relay audit-verify` runs over the whole log.
#include "storage.h"

#include <QCryptographicHash>

#include <string>

namespace sandi::server {

namespace {

constexpr qsizetype kAuditHashBytes = 32; // SHA-256

void appendU32(QByteArray& out, quint32 v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(static_cast<char>((v >> shift) & 0xffU));
}

void appendU64(QByteArray& out, quint64 v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        out.append(static_cast<char>((v >> shift) & 0xffU));
}

void appendString(QByteArray& out, const QString& s)
{
    const QByteArray utf8 = s.toUtf8();
    appendU32(out, static_cast<quint32>(utf8.size()));
    out.append(utf8);
}

std::string seqText(quint64 seq)
{
    return "audit entry " + std::to_string(seq);
}

} // namespace

QByteArray auditEntryEncoding(const AuditEntry& entry)
{
    QByteArray out;
    appendU64(out, entry.seq);
    appendU64(out, static_cast<quint64>(entry.time)); // two's complement, big-endian
    appendString(out, entry.event);
    appendString(out, entry.device);
    appendString(out, entry.detail);
    out.append(entry.previous);
    return out;
}

QByteArray auditEntryHash(const AuditEntry& entry)
{
    return QCryptographicHash::hash(auditEntryEncoding(entry), QCryptographicHash::Sha256);
}

Result<quint64> verifyAuditChain(const std::vector<AuditEntry>& entries)
{
    QByteArray expectedPrevious(kAuditHashBytes, '\0');
    quint64 expectedSeq = 1;
    for (std::size_t i = 0; i < entries.size(); ++i, ++expectedSeq) {
        const AuditEntry& entry = entries[i];
        if (entry.seq != expectedSeq) {
            bool later = false;
            for (std::size_t j = i + 1; j < entries.size() && !later; ++j)
                later = entries[j].seq == expectedSeq;
            return fail(ErrorCode::InvalidInput, seqText(expectedSeq) + (later ? " is out of order" : " is missing") +
                                                     " (found entry " + std::to_string(entry.seq) + " in its place)");
        }
        if (entry.previous.size() != kAuditHashBytes || entry.hash.size() != kAuditHashBytes)
            return fail(ErrorCode::InvalidInput, seqText(entry.seq) + " was changed (a hash is not 32 bytes)");
        if (entry.hash != auditEntryHash(entry))
            return fail(ErrorCode::InvalidInput, seqText(entry.seq) + " was changed (its hash does not match it)");
        if (entry.previous != expectedPrevious) {
            return fail(ErrorCode::InvalidInput,
                        seqText(entry.seq) + (entry.seq == 1
                                                  ? " does not start the chain (previous is not 32 zero bytes)"
                                                  : " does not follow entry " + std::to_string(entry.seq - 1) +
                                                        " (an entry before it was changed or removed)"));
        }
        expectedPrevious = entry.hash;
    }
    return static_cast<quint64>(entries.size());
}

} // namespace sandi::server
