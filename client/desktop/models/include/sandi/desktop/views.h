// SPDX-License-Identifier: GPL-3.0-or-later
// What the desktop shows, as plain copyable values: the session's thread makes them from
// client/core's records (never with key material: an attachment's key stays in the
// history database) and hands them to the models on the GUI thread through signals.
#pragma once

#include "sandi/client/local_store.h"
#include "sandi/client/messenger.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace sandi::desktop {

enum class ConnectionState { Offline, Connecting, Online };

struct AttachmentView {
    int index = 0;
    QString name;
    QString mediaType;
    qint64 size = 0;
};

struct MemoView {
    QString id;
    bool incoming = true;
    QString peerNip;        // the sender (incoming)
    QStringList recipients; // NIPs (outgoing)
    QString group;          // "" for a direct memo
    QString classification; // "B", "T", "R", "SR"
    QString urgency;        // "biasa", "segera", "sangat-segera"
    QString nomor, dari, tanggal, lampiran, hal, body;
    QStringList kepada, tembusan;
    QString signerName, signerPosition, signerNip;
    bool signedMemo = false;
    QString verdict; // "valid", "invalid: …", "unsigned"
    QDateTime received;
    std::optional<QDateTime> expires;
    bool read = false;
    client::DeliveryState state = client::DeliveryState::Queued;
    std::vector<AttachmentView> attachments;

    // The conversation a memo belongs to: "group:NAME", or "nip:NIP" of the other official
    // (the first recipient of an outgoing direct memo).
    [[nodiscard]] QString conversationKey() const;
    // R and SR: never shown outside the unlocked window (notifications, previews).
    [[nodiscard]] bool confidential() const { return classification == u"R" || classification == u"SR"; }
    static MemoView from(const client::StoredMemo& memo);
};

enum class CertificateStatus { Valid, Revoked, Expired, NotYetValid, Untrusted };

struct DeviceView {
    QString device; // wire device id
    QString label;  // the certificate's CN
    CertificateStatus status = CertificateStatus::Untrusted;
    QString reason; // why it is not valid (from the chain validation), "" when valid
    QDateTime notBefore, notAfter;
    std::optional<QDateTime> revokedAt;
    QString issuer, serial;
    QString safetyNumber; // with this device (60 digits in groups of 5), "" if not valid
    QByteArray qrPayload; // e2e::safetyNumberQrPayload, for the QR code
    QString identityKeyHex;
};

struct ContactView {
    QString nip, name, position, office;
    std::vector<DeviceView> devices; // valid and refused ones
    bool verifiedInPerson = false;   // every valid device's safety number was checked
    [[nodiscard]] bool reachable() const;
};

struct GroupView {
    QString name, owner;
    QStringList members; // NIPs
    quint64 version = 0;
};

} // namespace sandi::desktop

Q_DECLARE_METATYPE(sandi::desktop::MemoView)
Q_DECLARE_METATYPE(sandi::desktop::ContactView)
Q_DECLARE_METATYPE(sandi::desktop::GroupView)
Q_DECLARE_METATYPE(sandi::desktop::ConnectionState)
