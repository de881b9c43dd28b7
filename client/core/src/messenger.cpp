// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/messenger.h"

#include "sandi/core/atomic_file.h"
#include "sandi/e2e/identity.h"
#include "sandi/pki/x509.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/validation.h"

#include <openssl/x509.h>

#include <QCborValue>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <set>

namespace sandi::client {
namespace fs = std::filesystem;
namespace {

crypto::TimePoint now()
{
    return std::chrono::system_clock::now();
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::string hex(std::span<const std::byte> b)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::byte x : b) {
        out += kDigits[std::to_integer<unsigned>(x) >> 4];
        out += kDigits[std::to_integer<unsigned>(x) & 15];
    }
    return out;
}

std::span<const std::byte> spanOf(const QByteArray& b)
{
    return std::as_bytes(std::span(b.constData(), static_cast<std::size_t>(b.size())));
}

QByteArray qbytes(std::span<const std::byte> b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}

std::string randomId(crypto::Random& rng)
{
    std::array<std::byte, 16> raw{};
    rng.fill(raw);
    return hex(raw);
}

// A group memo names its group in Kepada: "Grup: NAME".
constexpr char kGroupPrefix[] = "Grup: ";

const char* urgencyKey(e2e::Urgency u)
{
    switch (u) {
    case e2e::Urgency::Biasa:
        return "biasa";
    case e2e::Urgency::Segera:
        return "segera";
    case e2e::Urgency::SangatSegera:
        return "sangat-segera";
    }
    return "biasa";
}

// Attachment key material: key (32) ‖ stream header (24) ‖ ciphertext SHA-256 (32) ‖ u64 size.
crypto::SecureBuffer encodeKey(const e2e::AttachmentKey& k)
{
    crypto::SecureBuffer out(32 + e2e::kAttachmentHeaderBytes + 32 + 8);
    auto b = out.bytes();
    std::copy(k.key.bytes().begin(), k.key.bytes().end(), b.begin());
    std::copy(k.header.begin(), k.header.end(), b.begin() + 32);
    std::copy(k.ciphertextSha256.begin(), k.ciphertextSha256.end(), b.begin() + 32 + e2e::kAttachmentHeaderBytes);
    for (int i = 0; i < 8; ++i)
        b[32 + e2e::kAttachmentHeaderBytes + 32 + static_cast<std::size_t>(i)] =
            static_cast<std::byte>((k.plaintextBytes >> (56 - 8 * i)) & 0xff);
    return out;
}

Result<e2e::AttachmentKey> decodeKey(const crypto::SecureBuffer& s)
{
    if (s.size() != 32 + e2e::kAttachmentHeaderBytes + 32 + 8)
        return fail(ErrorCode::InvalidInput, "stored attachment key has the wrong size");
    auto b = s.bytes();
    e2e::AttachmentKey k;
    k.key = e2e::SecretKey::fromBytes(b.subspan(0, 32));
    std::copy_n(b.begin() + 32, e2e::kAttachmentHeaderBytes, k.header.begin());
    std::copy_n(b.begin() + 32 + e2e::kAttachmentHeaderBytes, 32, k.ciphertextSha256.begin());
    for (int i = 0; i < 8; ++i)
        k.plaintextBytes =
            (k.plaintextBytes << 8) |
            std::to_integer<std::uint64_t>(b[32 + e2e::kAttachmentHeaderBytes + 32 + static_cast<std::size_t>(i)]);
    return k;
}

StoredMemo toStored(const e2e::OpenedMemo& opened, Direction direction, const DeviceInfo& from)
{
    const e2e::Memo& m = opened.memo;
    StoredMemo s;
    s.id = hex(opened.sealed.memoId);
    s.direction = direction;
    s.peerNip = from.identity.nip;
    s.peerDevice = from.device.toStdString();
    s.classification = e2e::classificationCode(m.classification);
    s.urgency = urgencyKey(m.sifat);
    s.nomor = m.nomor;
    s.dari = m.dari;
    s.tanggal = m.tanggal;
    s.lampiran = m.lampiran;
    s.hal = m.hal;
    s.body = m.body;
    s.kepada = m.kepada;
    s.tembusan = m.tembusan;
    s.signerName = m.signerName;
    s.signerPosition = m.signerPosition;
    s.signerNip = m.signerNip;
    s.signedMemo = opened.sealed.signature.has_value();
    s.verdict = !s.signedMemo ? "unsigned" : opened.signedByTheSender ? "valid" : "invalid";
    s.receivedAt = nowMs();
    s.expiresAt = m.expiresAt;
    s.state = direction == Direction::Outgoing ? DeliveryState::Accepted : DeliveryState::Delivered;
    const e2e::Bytes sealed = opened.sealed.encode();
    const auto* first = reinterpret_cast<const std::uint8_t*>(sealed.data());
    s.sealed.assign(first, first + sealed.size());
    for (const auto& k : m.kepada)
        if (k.rfind(kGroupPrefix, 0) == 0) s.group = k.substr(std::string_view(kGroupPrefix).size());
    int index = 0;
    for (const auto& a : m.attachments) {
        StoredAttachment sa;
        sa.index = index++;
        sa.name = a.name;
        sa.mediaType = a.mediaType;
        sa.blobId = a.blobId;
        sa.size = a.key.plaintextBytes;
        sa.keyMaterial = encodeKey(a.key);
        s.attachments.push_back(std::move(sa));
    }
    return s;
}

std::vector<std::uint8_t> toVector(std::span<const std::byte> b)
{
    const auto* p = reinterpret_cast<const std::uint8_t*>(b.data());
    return {p, p + b.size()};
}

// The bytes a group change's signature covers (docs/protocol.md, "Client contents").
QByteArray groupChangeMessage(const GroupRecord& g, const std::string& by)
{
    std::string members;
    for (const auto& m : g.members)
        members += (members.empty() ? "" : ",") + m;
    const std::string text = "Sandi group change v1\n" + g.name + "\n" + std::to_string(g.version) + "\n" + g.owner +
                             "\n" + members + "\n" + by;
    return QByteArray::fromStdString(text);
}

} // namespace

Messenger::Messenger(Account& account, RelayClient& relay, QObject* parent)
    : QObject(parent), m_account(account), m_relay(relay)
{
    connect(&m_relay, &RelayClient::pushReceived, this, &Messenger::onPush);
    m_processSoon.setSingleShot(true);
    m_processSoon.setInterval(0);
    connect(&m_processSoon, &QTimer::timeout, this, &Messenger::processQueue);
    // Each connection pushes its backlog and then says "drained" once.
    connect(&m_relay, &RelayClient::connected, this, [this] { m_drained = false; });
}

Result<QCborMap> Messenger::callWithReconnect(const QString& op, const QCborMap& body)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kReconnectWaitMs);
    for (;;) {
        auto r = m_relay.callSync(op, body);
        if (r || r.error().code != ErrorCode::Io || std::chrono::steady_clock::now() > deadline) return r;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        SANDI_TRY(m_relay.waitReady(static_cast<int>(std::max<qint64>(left.count(), 1))));
    }
}

Status Messenger::maintainPrekeys()
{
    e2e::AccountData& data = m_account.keys().data();
    auto& local = m_account.local();
    SANDI_ASSIGN(published, local.setting("published-signed-prekey"));
    const auto& spk = data.signedPreKeys.back();
    wire::PrekeyUpload up;
    if (!published || *published != std::to_string(spk.id) + "@" + m_relay.currentUrl().toStdString())
        up.signedPreKey = wire::SignedPreKeyWire{spk.id, qbytes(spk.keyPair.publicKey.bytes()), qbytes(spk.signature)};
    // How many the relay holds now (the hello's count is old by the time prekeys.low comes).
    SANDI_ASSIGN(status, m_relay.callSync(wire::op::kPrekeysStatus, {}));
    const qint64 have = status.value(QStringLiteral("count")).toInteger();
    if (have < static_cast<qint64>(kInitialOneTimePreKeys)) {
        // Fresh one-time prekeys, saved before they are published.
        std::uint32_t next = 1;
        for (const auto& k : data.oneTimePreKeys)
            next = std::max(next, k.id + 1);
        SANDI_ASSIGN(last, local.setting("last-one-time-prekey"));
        if (last) next = std::max<std::uint32_t>(next, static_cast<std::uint32_t>(std::stoul(*last)) + 1);
        const auto want = static_cast<std::size_t>(static_cast<qint64>(kInitialOneTimePreKeys) - have);
        std::vector<e2e::OneTimePreKey> fresh;
        for (std::size_t i = 0; i < want; ++i)
            fresh.push_back(
                e2e::OneTimePreKey{next + static_cast<std::uint32_t>(i), e2e::DhKeyPair::generate(m_account.rng())});
        for (auto& k : fresh) {
            up.oneTime.push_back({k.id, qbytes(k.keyPair.publicKey.bytes())});
            data.oneTimePreKeys.push_back(std::move(k));
        }
        std::sort(data.oneTimePreKeys.begin(), data.oneTimePreKeys.end(),
                  [](const auto& a, const auto& b) { return a.id < b.id; });
        // Keys handed out and never used (a device that drains others' prekeys) must not
        // pile up until the store cannot be saved: the oldest beyond the cap go.
        if (data.oneTimePreKeys.size() > kMaxRetainedOneTimePreKeys)
            data.oneTimePreKeys.erase(data.oneTimePreKeys.begin(),
                                      data.oneTimePreKeys.end() -
                                          static_cast<std::ptrdiff_t>(kMaxRetainedOneTimePreKeys));
        SANDI_TRY(m_account.keys().save(m_account.rng(), now()));
        SANDI_TRY(local.setSetting("last-one-time-prekey", std::to_string(next + want - 1)));
    }
    if (!up.signedPreKey && up.oneTime.empty()) return {};
    // At most kMaxOneTimePreKeysPerUpload per request.
    while (true) {
        wire::PrekeyUpload part;
        part.signedPreKey = up.signedPreKey;
        const auto n = std::min<std::size_t>(up.oneTime.size(), wire::kMaxOneTimePreKeysPerUpload);
        part.oneTime.assign(up.oneTime.begin(), up.oneTime.begin() + static_cast<std::ptrdiff_t>(n));
        up.oneTime.erase(up.oneTime.begin(), up.oneTime.begin() + static_cast<std::ptrdiff_t>(n));
        SANDI_ASSIGN(r, m_relay.callSync(wire::op::kPrekeysUpload, part.toCbor()));
        (void)r;
        up.signedPreKey.reset();
        if (up.oneTime.empty()) break;
    }
    SANDI_TRY(
        local.setSetting("published-signed-prekey", std::to_string(spk.id) + "@" + m_relay.currentUrl().toStdString()));
    m_prekeysLow = false;
    return {};
}

Result<DeviceInfo> Messenger::device(const QString& deviceId)
{
    if (auto it = m_devices.find(deviceId); it != m_devices.end()) return it->second;
    SANDI_ASSIGN(body, callWithReconnect(wire::op::kDirectoryDevice, wire::DeviceRequest{deviceId}.toCbor()));
    SANDI_ASSIGN(list, wire::DeviceList::fromCbor(body));
    if (list.devices.size() != 1 || list.devices.front().device != deviceId)
        return fail(ErrorCode::InvalidInput, "the relay answered with another device");
    m_chains[deviceId] = list.devices.front().chain;
    SANDI_ASSIGN(info, m_account.validateDevice(list.devices.front().chain));
    if (info.device != deviceId) return fail(ErrorCode::InvalidInput, "the relay's certificate is not that device's");
    m_devices[deviceId] = info;
    return info;
}

Result<std::vector<DeviceInfo>> Messenger::devicesOf(const QString& nip)
{
    SANDI_ASSIGN(body, callWithReconnect(wire::op::kDirectoryDevices, wire::NipRequest{nip}.toCbor()));
    SANDI_ASSIGN(list, wire::DeviceList::fromCbor(body));
    std::vector<DeviceInfo> out;
    for (const auto& e : list.devices) {
        auto info = m_account.validateDevice(e.chain);
        if (!info || info->device != e.device || info->identity.nip != nip.toStdString()) continue;
        m_devices[info->device] = *info;
        out.push_back(std::move(*info));
    }
    return out;
}

Result<std::vector<Contact>> Messenger::contacts()
{
    SANDI_ASSIGN(body, callWithReconnect(wire::op::kDirectoryList, {}));
    SANDI_ASSIGN(list, wire::DeviceList::fromCbor(body));
    std::map<QString, Contact> byNip;
    for (const auto& e : list.devices) {
        Contact& c = byNip[e.nip];
        c.nip = e.nip;
        if (c.name.isEmpty()) c.name = e.name;
        if (c.position.isEmpty()) c.position = e.position;
        if (c.office.isEmpty()) c.office = e.office;
        auto info = device(e.device);
        if (auto ch = m_chains.find(e.device); ch != m_chains.end()) c.chains[e.device] = ch->second;
        if (!info)
            c.refused.emplace_back(e.device, info.error().message);
        else if (info->identity.nip != e.nip.toStdString())
            c.refused.emplace_back(e.device, "its certificate names another NIP");
        else {
            c.name = info->name; // the certificate's word, not the relay's
            c.position = info->position;
            c.office = info->office;
            c.devices.push_back(std::move(*info));
        }
    }
    std::vector<Contact> out;
    out.reserve(byNip.size());
    for (auto& [nip, c] : byNip)
        out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [](const Contact& a, const Contact& b) {
        return std::tie(a.office, a.name, a.nip) < std::tie(b.office, b.name, b.nip);
    });
    return out;
}

Status Messenger::ensureSession(const DeviceInfo& peer)
{
    e2e::KeyStoreSessionStore sessions(m_account.keys(), m_account.rng(), now);
    SANDI_ASSIGN(existing, sessions.load(peer.device.toStdString()));
    if (existing) return {};
    SANDI_ASSIGN(body, callWithReconnect(wire::op::kPrekeysFetch, wire::DeviceRequest{peer.device}.toCbor()));
    SANDI_ASSIGN(b, wire::PrekeyBundleWire::fromCbor(body));
    e2e::PreKeyBundle bundle;
    bundle.identity = peer.identity.identityKey; // the certificate's, never the relay's
    bundle.signedPreKeyId = b.signedPreKey.id;
    bundle.signedPreKey = e2e::DhPublicKey::fromBytes(spanOf(b.signedPreKey.key));
    std::copy_n(spanOf(b.signedPreKey.signature).begin(), e2e::kSignatureBytes, bundle.signedPreKeySignature.begin());
    if (b.oneTime) {
        bundle.oneTimePreKeyId = b.oneTime->id;
        bundle.oneTimePreKey = e2e::DhPublicKey::fromBytes(spanOf(b.oneTime->key));
    }
    return e2e::processPreKeyBundle(sessions, peer.device.toStdString(), m_account.keys().data().identity,
                                    peer.identity, bundle, m_account.rng());
}

Result<std::vector<std::pair<std::string, std::vector<std::uint8_t>>>>
Messenger::encryptFor(const std::vector<DeviceInfo>& devices, e2e::ContentType type, std::span<const std::byte> body)
{
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> copies;
    for (const auto& d : devices) {
        SANDI_TRY(ensureSession(d));
        e2e::KeyStoreSessionStore sessions(m_account.keys(), m_account.rng(), now);
        SANDI_ASSIGN(c, e2e::encryptMessage(sessions, d.device.toStdString(), type, body, m_account.rng()));
        copies.emplace_back(d.device.toStdString(), toVector(c));
    }
    return copies;
}

Status Messenger::transmit(const OutboxEntry& entry, bool& duplicate)
{
    wire::SendRequest req;
    req.clientId = QString::fromStdString(entry.clientId);
    for (const auto& [device, c] : entry.copies)
        req.copies.push_back({QString::fromStdString(device),
                              QByteArray(reinterpret_cast<const char*>(c.data()), static_cast<qsizetype>(c.size()))});
    const qint64 ttl = (entry.expiresAt - nowMs()) / 1000;
    if (entry.expiresAt > 0 && ttl > 0) req.ttlSeconds = ttl;
    SANDI_TRY(m_account.local().outboxAttempted(entry.clientId));
    SANDI_ASSIGN(body, callWithReconnect(wire::op::kSend, req.toCbor()));
    SANDI_ASSIGN(ok, wire::SendOk::fromCbor(body));
    duplicate = ok.duplicate;
    SANDI_TRY(m_account.local().outboxDone(entry.clientId));
    if (!entry.memoId.empty()) SANDI_TRY(m_account.local().setDeliveryState(entry.memoId, DeliveryState::Accepted));
    return {};
}

Status Messenger::flushOutbox()
{
    SANDI_ASSIGN(entries, m_account.local().outbox());
    for (const auto& e : entries) {
        bool dup = false;
        SANDI_TRY(transmit(e, dup));
    }
    return {};
}

Result<e2e::MemoAttachment> Messenger::upload(const fs::path& file)
{
    const fs::path tmpDir = m_account.directory() / "tmp";
    std::error_code ec;
    fs::create_directories(tmpDir, ec);
    const fs::path tmp = tmpDir / (randomId(m_account.rng()) + ".enc");
    struct Remove {
        fs::path p;
        ~Remove()
        {
            std::error_code e;
            fs::remove(p, e);
        }
    } cleanup{tmp};
    SANDI_ASSIGN(key, e2e::encryptAttachmentFile(file.string(), tmp.string(), m_account.rng()));
    const auto size = static_cast<qint64>(fs::file_size(tmp, ec));
    if (ec) return fail(ErrorCode::Io, "cannot read the encrypted attachment");
    SANDI_ASSIGN(created, callWithReconnect(wire::op::kBlobCreate, wire::BlobCreate{size}.toCbor()));
    SANDI_ASSIGN(state, wire::BlobState::fromCbor(created));
    QFile in(QString::fromStdString(tmp.string()));
    if (!in.open(QIODevice::ReadOnly)) return fail(ErrorCode::Io, "cannot read the encrypted attachment");
    const qint64 chunk = std::max<qint64>(1024, state.chunkBytes);
    while (state.received < state.size) {
        if (!in.seek(state.received)) return fail(ErrorCode::Io, "cannot read the encrypted attachment");
        const QByteArray data = in.read(std::min(chunk, state.size - state.received));
        auto put = m_relay.callSync(wire::op::kBlobPut, wire::BlobPut{state.blob, state.received, data}.toCbor());
        if (!put) {
            // Connection lost or the offset moved on (an earlier put landed): ask where the relay is.
            if (put.error().code != ErrorCode::Io && relayErrorCode(put.error()) != wire::error::kForbidden &&
                relayErrorCode(put.error()) != wire::error::kBadRequest)
                return fail(put.error());
            SANDI_ASSIGN(status, callWithReconnect(wire::op::kBlobStatus, wire::BlobRef{state.blob}.toCbor()));
            SANDI_ASSIGN(st, wire::BlobState::fromCbor(status));
            if (st.received == state.received && put.error().code != ErrorCode::Io) return fail(put.error());
            state = st;
            continue;
        }
        SANDI_ASSIGN(st, wire::BlobState::fromCbor(*put));
        state = st;
    }
    e2e::MemoAttachment a;
    a.name = file.filename().string();
    a.mediaType = file.extension() == ".pdf" ? "application/pdf" : "application/octet-stream";
    a.blobId = state.blob.toStdString();
    a.key = std::move(key);
    return a;
}

Result<SendReport> Messenger::send(const Outgoing& o)
{
    LocalStore& local = m_account.local();
    SendReport report;
    report.clientId = o.clientId.empty() ? randomId(m_account.rng()) : o.clientId;
    // A retry with the same client id: send what the outbox holds, or nothing if it was accepted.
    SANDI_ASSIGN(pending, local.outbox());
    for (const auto& e : pending) {
        if (e.clientId != report.clientId) continue;
        bool dup = false;
        SANDI_TRY(transmit(e, dup));
        report.memoId = e.memoId;
        report.devices = e.copies.size();
        report.duplicate = dup;
        return report;
    }
    SANDI_ASSIGN(sentBefore, local.setting("sent:" + report.clientId));
    if (sentBefore) {
        report.memoId = *sentBefore;
        report.alreadyAccepted = true;
        return report;
    }

    std::vector<std::string> nips = o.toNips;
    e2e::Memo memo{o.memo.nomor,      o.memo.kepada,     o.memo.dari,      o.memo.tembusan,       o.memo.tanggal,
                   o.memo.sifat,      o.memo.lampiran,   o.memo.hal,       o.memo.body,           o.memo.signerPosition,
                   o.memo.signerName, o.memo.signerRank, o.memo.signerNip, o.memo.classification, {},
                   o.memo.expiresAt};
    if (!o.group.empty()) {
        SANDI_ASSIGN(g, local.group(o.group));
        if (!g) return fail(ErrorCode::NotFound, "no group named '" + o.group + "' (sandi group list)");
        nips = g->members;
        memo.kepada.insert(memo.kepada.begin(), kGroupPrefix + o.group);
    }
    if (nips.empty()) return fail(ErrorCode::InvalidArgument, "no recipient (--to NIP or --group NAME)");
    const DeviceInfo& self = m_account.self();
    std::vector<DeviceInfo> targets;
    std::set<QString> seen{self.device};
    for (const auto& nip : nips) {
        SANDI_ASSIGN(devs, devicesOf(QString::fromStdString(nip)));
        if (devs.empty() && nip != self.identity.nip)
            return fail(ErrorCode::NotFound, "no device with a valid certificate for NIP " + nip);
        for (auto& d : devs)
            if (seen.insert(d.device).second) {
                if (memo.kepada.empty() || o.group.empty()) {
                    const std::string who = d.name.toStdString();
                    if (std::find(memo.kepada.begin(), memo.kepada.end(), who) == memo.kepada.end() &&
                        o.memo.kepada.empty())
                        memo.kepada.push_back(who);
                }
                targets.push_back(std::move(d));
            }
    }
    // This official's other devices (every device of the sender sees what it sent).
    SANDI_ASSIGN(mine, devicesOf(QString::fromStdString(self.identity.nip)));
    for (auto& d : mine)
        if (seen.insert(d.device).second) targets.push_back(std::move(d));
    if (targets.empty()) return fail(ErrorCode::NotFound, "no recipient device");

    if (memo.dari.empty())
        memo.dari = self.name.toStdString() + (self.office.isEmpty() ? "" : ", " + self.office.toStdString());
    if (memo.tanggal.empty()) memo.tanggal = QDate::currentDate().toString(Qt::ISODate).toStdString();
    // The signer block names the official: the signing certificate's CN and title when the
    // memo is signed, else the device certificate's.
    if (o.signer != nullptr) {
        X509* cert = o.signer->certificate();
        if (memo.signerName.empty()) memo.signerName = crypto::subjectAttribute(cert, NID_commonName);
        if (memo.signerPosition.empty()) memo.signerPosition = crypto::subjectAttribute(cert, NID_title);
    }
    if (memo.signerName.empty()) memo.signerName = self.name.toStdString();
    if (memo.signerPosition.empty()) memo.signerPosition = self.position.toStdString();
    if (memo.signerNip.empty()) memo.signerNip = self.identity.nip;
    for (const auto& file : o.attachments) {
        auto a = upload(file);
        if (!a) return fail(a.error().context("attachment " + file.filename().string()));
        memo.attachments.push_back(std::move(*a));
    }
    if (memo.lampiran.empty() && !memo.attachments.empty())
        memo.lampiran = std::to_string(memo.attachments.size()) + " berkas";

    std::vector<e2e::MemoRecipient> recipients;
    recipients.reserve(targets.size());
    for (const auto& d : targets)
        recipients.push_back({d.identity.issuer, d.identity.serial});
    SANDI_ASSIGN(sealed, e2e::sealMemo(memo, self.identity.identityKey, recipients, o.signer, m_account.rng(), now()));
    const e2e::Bytes plaintext = sealed.encode();
    SANDI_ASSIGN(copies, encryptFor(targets, e2e::ContentType::SealedMemo, plaintext));

    OutboxEntry entry;
    entry.clientId = report.clientId;
    entry.memoId = hex(sealed.memoId);
    entry.createdAt = nowMs();
    entry.expiresAt = memo.expiresAt ? *memo.expiresAt * 1000 : 0;
    entry.copies = std::move(copies);

    e2e::OpenedMemo opened{std::move(memo), std::move(sealed), o.signer != nullptr, std::nullopt};
    StoredMemo stored = toStored(opened, Direction::Outgoing, self);
    stored.peerNip.clear();
    stored.recipients = nips;
    stored.state = DeliveryState::Queued;
    stored.verdict = o.signer != nullptr ? "signed" : "unsigned";
    SANDI_TRY(local.putMemo(stored));
    SANDI_TRY(local.enqueue(entry));
    SANDI_TRY(local.setSetting("sent:" + report.clientId, entry.memoId));
    report.memoId = entry.memoId;
    report.devices = entry.copies.size();
    bool dup = false;
    SANDI_TRY(transmit(entry, dup));
    report.duplicate = dup;
    // Whatever an earlier, failed command left in the outbox goes now too.
    if (auto rest = flushOutbox(); !rest) report.outboxError = rest.error().message;
    return report;
}

Status Messenger::sendControl(const std::vector<DeviceInfo>& devices, e2e::ContentType type, const QByteArray& body,
                              const std::string& clientId)
{
    if (devices.empty()) return {};
    SANDI_ASSIGN(copies, encryptFor(devices, type, spanOf(body)));
    OutboxEntry entry;
    entry.clientId = clientId;
    entry.createdAt = nowMs();
    entry.copies = std::move(copies);
    if (auto st = m_account.local().enqueue(entry); !st) {
        if (st.error().code == ErrorCode::AlreadyExists) return {};
        return st;
    }
    bool dup = false;
    return transmit(entry, dup);
}

void Messenger::onPush(const wire::Frame& frame)
{
    if (frame.op == wire::op::kMessage) {
        auto d = wire::Delivery::fromCbor(frame.body);
        if (!d) {
            emitEvent({InboxEvent::Kind::Problem, {}, "a malformed delivery from the relay: " + d.error().message});
            return;
        }
        m_queue.push_back(std::move(*d));
        // Deliveries are taken only inside receive(); otherwise (while sending) they wait,
        // unacknowledged, and the relay delivers them again to the next receive.
        // Never inside the WebSocket's own signal: processing waits for the relay's answers,
        // which that socket cannot read until its signal returns.
        if (m_receiving && !m_processing) m_processSoon.start();
    } else if (frame.op == wire::op::kDrained) {
        m_drained = true;
    } else if (frame.op == wire::op::kPrekeysLow) {
        m_prekeysLow = true;
    }
}

void Messenger::processQueue()
{
    if (m_processing || !m_receiving) return;
    m_processing = true;
    while (!m_queue.empty()) {
        wire::Delivery d = std::move(m_queue.front());
        m_queue.pop_front();
        processDelivery(d);
    }
    m_processing = false;
}

void Messenger::acknowledge(quint64 mid)
{
    ++m_acksInFlight;
    m_relay.call(wire::op::kAck, wire::Ack{{mid}}.toCbor(), [this](const Result<QCborMap>& r) {
        --m_acksInFlight;
        if (!r) emitEvent({InboxEvent::Kind::Problem, {}, "acknowledgement not delivered: " + r.error().message});
    });
}

void Messenger::emitEvent(const InboxEvent& e)
{
    if (m_onEvent) m_onEvent(e);
}

void Messenger::processDelivery(const wire::Delivery& d)
{
    LocalStore& local = m_account.local();
    const std::string from = d.from.toStdString();
    const std::string cid = d.clientId.toStdString();
    auto problem = [&](const std::string& what) {
        emitEvent(
            {InboxEvent::Kind::Problem, {}, "message " + std::to_string(d.mid) + " from device " + from + ": " + what});
        (void)local.rememberDelivery(from, cid, nowMs());
        acknowledge(d.mid);
    };
    auto seen = local.seenDelivery(from, cid);
    if (!seen) {
        emitEvent({InboxEvent::Kind::Problem, {}, "local history: " + seen.error().message});
        return; // not acknowledged: the relay delivers it again
    }
    if (*seen) return acknowledge(d.mid);
    auto sender = device(d.from);
    if (!sender) return problem("the sender's certificate is not accepted: " + sender.error().message);
    const DeviceInfo& s = *sender;
    e2e::KeyStoreSessionStore sessions(m_account.keys(), m_account.rng(), now);
    e2e::AccountPreKeyStore prekeys(m_account.keys().data());
    const e2e::IdentityResolver resolve = [&s](const e2e::IdentityPublicKey& key) -> Result<e2e::CertifiedIdentity> {
        if (!crypto::constantTimeEqual(key, s.identity.identityKey))
            return fail(ErrorCode::Policy, "the message names another identity key than the sender's certificate");
        return s.identity;
    };
    auto pt = e2e::decryptMessage(sessions, from, m_account.keys().data().identity, prekeys, resolve,
                                  spanOf(d.ciphertext), now(), m_account.rng());
    if (!pt) return problem("cannot be decrypted: " + pt.error().message);
    const bool fromMyself = s.identity.nip == m_account.self().identity.nip;

    switch (pt->type) {
    case e2e::ContentType::SealedMemo: {
        const auto options = m_account.verifyOptions();
        e2e::MemoOpenContext ctx{s.identity, m_account.self().identity, options, local.memoIds()};
        auto opened = e2e::openSealedMemo(pt->body, ctx);
        if (!opened) return problem("memo refused: " + opened.error().message);
        StoredMemo stored = toStored(*opened, fromMyself ? Direction::Outgoing : Direction::Incoming, s);
        if (!stored.group.empty()) {
            // Filed under a group only if the sender is one of its members here.
            auto g = local.group(stored.group);
            const bool member =
                g && *g && std::find((*g)->members.begin(), (*g)->members.end(), s.identity.nip) != (*g)->members.end();
            if (!member) stored.group.clear();
        }
        if (fromMyself) stored.peerNip.clear();
        if (auto st = local.putIncoming(stored, from, cid); !st) {
            if (st.error().code != ErrorCode::AlreadyExists) {
                emitEvent({InboxEvent::Kind::Problem, {}, "local history: " + st.error().message});
                return; // not acknowledged
            }
            (void)local.rememberDelivery(from, cid, nowMs());
        }
        emitEvent({InboxEvent::Kind::Memo, std::move(stored), {}});
        acknowledge(d.mid);
        if (!fromMyself) {
            QCborMap receipt{{QStringLiteral("memo"), qbytes(opened->sealed.memoId)},
                             {QStringLiteral("kind"), QStringLiteral("delivered")},
                             {QStringLiteral("at"), nowMs()}};
            if (auto st =
                    sendControl({s}, e2e::ContentType::Receipt, receipt.toCborValue().toCbor(),
                                "rd" + hex(opened->sealed.memoId) + m_account.self().device.left(8).toStdString());
                !st)
                emitEvent({InboxEvent::Kind::Problem, {}, "delivery receipt not sent: " + st.error().message});
        }
        return;
    }
    case e2e::ContentType::Receipt: {
        const QCborMap r = QCborValue::fromCbor(qbytes(pt->body)).toMap();
        const QByteArray memo = r.value(QStringLiteral("memo")).toByteArray();
        const QString kind = r.value(QStringLiteral("kind")).toString();
        if (memo.size() != static_cast<qsizetype>(e2e::kMemoIdBytes) || (kind != "delivered" && kind != "read"))
            return problem("a malformed receipt");
        const std::string memoId = hex(spanOf(memo));
        (void)local.setDeliveryState(memoId, kind == "read" ? DeliveryState::Read : DeliveryState::Delivered);
        (void)local.rememberDelivery(from, cid, nowMs());
        InboxEvent e{InboxEvent::Kind::Receipt, {}, kind.toStdString() + " " + memoId + " by " + s.identity.nip};
        e.memo.id = memoId; // the memo whose state changed
        emitEvent(e);
        return acknowledge(d.mid);
    }
    case e2e::ContentType::GroupChange: {
        const QCborMap m = QCborValue::fromCbor(qbytes(pt->body)).toMap();
        GroupRecord g;
        g.name = m.value(QStringLiteral("group")).toString().toStdString();
        g.version = static_cast<std::uint64_t>(m.value(QStringLiteral("version")).toInteger());
        g.owner = m.value(QStringLiteral("owner")).toString().toStdString();
        for (const auto& v : m.value(QStringLiteral("members")).toArray())
            g.members.push_back(v.toString().toStdString());
        std::sort(g.members.begin(), g.members.end());
        const QByteArray sig = m.value(QStringLiteral("sig")).toByteArray();
        e2e::Signature signature{};
        if (g.name.empty() || sig.size() != static_cast<qsizetype>(signature.size()))
            return problem("a malformed group change");
        std::copy_n(spanOf(sig).begin(), signature.size(), signature.begin());
        if (!e2e::verifySignature(s.identity.identityKey, spanOf(groupChangeMessage(g, s.identity.nip)), signature))
            return problem("a group change whose signature does not verify");
        auto existing = local.group(g.name);
        const bool member =
            std::find(g.members.begin(), g.members.end(), m_account.self().identity.nip) != g.members.end();
        if (existing && *existing &&
            std::find((*existing)->members.begin(), (*existing)->members.end(), s.identity.nip) ==
                (*existing)->members.end())
            return problem("a change of group " + g.name + " by someone who is not a member");
        if (auto st = local.putGroup(g); !st) return problem("group change refused: " + st.error().message);
        StoredMemo note;
        note.id = randomId(m_account.rng());
        note.direction = Direction::Incoming;
        note.peerNip = s.identity.nip;
        note.peerDevice = from;
        note.group = g.name;
        note.classification = "B";
        note.urgency = "biasa";
        note.hal = "Perubahan anggota grup " + g.name;
        std::string list;
        for (const auto& x : g.members)
            list += (list.empty() ? "" : ", ") + x;
        note.body = s.name.toStdString() + " (NIP " + s.identity.nip + ") mengubah anggota grup " + g.name +
                    " (versi " + std::to_string(g.version) + "): " + list +
                    (member ? "" : ". Anda bukan lagi anggota.");
        note.verdict = "signed group change";
        note.receivedAt = nowMs();
        note.state = DeliveryState::Delivered;
        (void)local.putIncoming(note, from, cid);
        emitEvent({InboxEvent::Kind::Memo, std::move(note), {}});
        return acknowledge(d.mid);
    }
    case e2e::ContentType::SenderKeyDistribution:
        return problem("sender keys are not used by this client");
    }
}

Status Messenger::receive(int extraMs, const std::function<void(const InboxEvent&)>& onEvent)
{
    m_onEvent = onEvent;
    m_receiving = true;
    struct Stop {
        Messenger* m;
        ~Stop()
        {
            m->m_receiving = false;
            m->m_onEvent = nullptr;
        }
    } stopReceiving{this};
    // Memos whose sender set an expiry are deleted from the history once it passed.
    SANDI_TRY(m_account.local().deleteExpired(QDateTime::currentSecsSinceEpoch()));
    SANDI_TRY(flushOutbox());
    processQueue(); // what arrived before
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(20);
    bool lost = false;
    auto conn = connect(&m_relay, &RelayClient::connectionLost, &loop, [&] { lost = true; });
    connect(&tick, &QTimer::timeout, &loop, [&] {
        if (m_prekeysLow && !m_processing) (void)maintainPrekeys();
        if (m_drained && m_queue.empty() && !m_processing && m_acksInFlight == 0) loop.quit();
        if (lost && extraMs == 0) loop.quit();
    });
    tick.start();
    loop.exec();
    disconnect(conn);
    if (lost && !m_drained) return fail(m_relay.lastError());
    if (extraMs != 0) {
        QEventLoop more;
        QTimer stop;
        stop.setSingleShot(true);
        connect(&stop, &QTimer::timeout, &more, &QEventLoop::quit);
        if (extraMs > 0) stop.start(extraMs);
        QTimer again;
        again.setInterval(200);
        connect(&again, &QTimer::timeout, &more, [&] {
            if (m_prekeysLow && !m_processing && m_relay.ready()) (void)maintainPrekeys();
        });
        again.start();
        more.exec();
        // Let what arrived at the end finish.
        while (m_processing || !m_queue.empty() || m_acksInFlight > 0)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return {};
}

void Messenger::listen(std::function<void(const InboxEvent&)> onEvent)
{
    m_onEvent = std::move(onEvent);
    setListening(true);
}

void Messenger::setListening(bool on)
{
    m_receiving = on;
    if (on && !m_processing && !m_queue.empty()) m_processSoon.start();
}

Status Messenger::markRead(const std::string& memoId)
{
    LocalStore& local = m_account.local();
    SANDI_ASSIGN(memo, local.memo(memoId));
    if (!memo) return fail(ErrorCode::NotFound, "no memo " + memoId);
    SANDI_TRY(local.markRead(memoId, nowMs()));
    if (memo->direction != Direction::Incoming || memo->peerDevice.empty()) return {};
    SANDI_ASSIGN(sender, device(QString::fromStdString(memo->peerDevice)));
    QByteArray id = QByteArray::fromHex(QByteArray::fromStdString(memoId));
    QCborMap receipt{{QStringLiteral("memo"), id},
                     {QStringLiteral("kind"), QStringLiteral("read")},
                     {QStringLiteral("at"), nowMs()}};
    return sendControl({sender}, e2e::ContentType::Receipt, receipt.toCborValue().toCbor(),
                       "rr" + memoId + m_account.self().device.left(8).toStdString());
}

Status Messenger::fetchAttachment(const std::string& memoId, int index, const fs::path& out)
{
    SANDI_ASSIGN(memo, m_account.local().memo(memoId));
    if (!memo) return fail(ErrorCode::NotFound, "no memo " + memoId);
    const StoredAttachment* a = nullptr;
    for (const auto& x : memo->attachments)
        if (x.index == index) a = &x;
    if (a == nullptr)
        return fail(ErrorCode::NotFound, "memo " + memoId + " has no attachment " + std::to_string(index));
    SANDI_ASSIGN(key, decodeKey(a->keyMaterial));
    const QString blob = QString::fromStdString(a->blobId);
    // The id comes from the sender's memo and names a file below: only the relay's form.
    if (!wire::isBlobId(blob)) return fail(ErrorCode::InvalidInput, "the memo names a malformed attachment blob id");
    SANDI_ASSIGN(statusBody, callWithReconnect(wire::op::kBlobStatus, wire::BlobRef{blob}.toCbor()));
    SANDI_ASSIGN(state, wire::BlobState::fromCbor(statusBody));
    const fs::path part = m_account.directory() / "tmp" / (a->blobId + ".part");
    std::error_code ec;
    fs::create_directories(part.parent_path(), ec);
    QFile file(QString::fromStdString(part.string()));
    if (!file.open(QIODevice::ReadWrite)) return fail(ErrorCode::Io, "cannot write " + part.string());
    qint64 have = file.size(); // resumes a download an earlier run began
    if (have > state.size) {
        file.resize(0);
        have = 0;
    }
    file.seek(have);
    while (have < state.size) {
        SANDI_ASSIGN(
            body, callWithReconnect(wire::op::kBlobGet,
                                    wire::BlobGet{blob, have, std::min(state.chunkBytes, state.size - have)}.toCbor()));
        SANDI_ASSIGN(data, wire::BlobData::fromCbor(body, wire::kMaxFrameBytesLimit));
        if (data.data.isEmpty()) return fail(ErrorCode::InvalidInput, "the relay sent an empty chunk");
        if (file.write(data.data) != data.data.size()) return fail(ErrorCode::Io, "cannot write " + part.string());
        have += data.data.size();
    }
    file.close();
    auto st = e2e::decryptAttachmentFile(key, part.string(), out.string());
    fs::remove(part, ec);
    return st;
}

namespace {
QByteArray encodeGroupChange(const GroupRecord& g, const e2e::IdentityKeyPair& identity, const std::string& by)
{
    QCborArray members;
    for (const auto& m : g.members)
        members.append(QString::fromStdString(m));
    const e2e::Signature sig = identity.sign(spanOf(groupChangeMessage(g, by)));
    QCborMap m{{QStringLiteral("group"), QString::fromStdString(g.name)},
               {QStringLiteral("version"), static_cast<qint64>(g.version)},
               {QStringLiteral("owner"), QString::fromStdString(g.owner)},
               {QStringLiteral("members"), members},
               {QStringLiteral("sig"), qbytes(sig)}};
    return m.toCborValue().toCbor();
}
} // namespace

Status Messenger::publishGroup(const GroupRecord& g, const std::vector<std::string>& notify)
{
    SANDI_TRY(m_account.local().putGroup(g));
    const QByteArray body = encodeGroupChange(g, m_account.keys().data().identity, m_account.self().identity.nip);
    std::vector<DeviceInfo> devices;
    std::set<QString> seen{m_account.self().device};
    std::vector<std::string> nips = notify;
    nips.push_back(m_account.self().identity.nip); // this official's other devices
    for (const auto& nip : nips) {
        SANDI_ASSIGN(devs, devicesOf(QString::fromStdString(nip)));
        for (auto& d : devs)
            if (seen.insert(d.device).second) devices.push_back(std::move(d));
    }
    return sendControl(devices, e2e::ContentType::GroupChange, body, randomId(m_account.rng()));
}

Status Messenger::createGroup(const std::string& name, const std::vector<std::string>& memberNips)
{
    if (name.empty() || name.size() > 200) return fail(ErrorCode::InvalidArgument, "a group name has 1 to 200 bytes");
    SANDI_ASSIGN(existing, m_account.local().group(name));
    if (existing) return fail(ErrorCode::AlreadyExists, "a group named '" + name + "' exists");
    GroupRecord g;
    g.name = name;
    g.owner = m_account.self().identity.nip;
    g.members = memberNips;
    g.members.push_back(g.owner);
    std::sort(g.members.begin(), g.members.end());
    g.members.erase(std::unique(g.members.begin(), g.members.end()), g.members.end());
    g.version = 1;
    return publishGroup(g, g.members);
}

Status Messenger::addToGroup(const std::string& name, const std::vector<std::string>& nips)
{
    SANDI_ASSIGN(existing, m_account.local().group(name));
    if (!existing) return fail(ErrorCode::NotFound, "no group named '" + name + "'");
    GroupRecord g = *existing;
    for (const auto& n : nips)
        g.members.push_back(n);
    std::sort(g.members.begin(), g.members.end());
    g.members.erase(std::unique(g.members.begin(), g.members.end()), g.members.end());
    ++g.version;
    return publishGroup(g, g.members);
}

Status Messenger::removeFromGroup(const std::string& name, const std::vector<std::string>& nips)
{
    SANDI_ASSIGN(existing, m_account.local().group(name));
    if (!existing) return fail(ErrorCode::NotFound, "no group named '" + name + "'");
    GroupRecord g = *existing;
    std::vector<std::string> notify = g.members; // the removed ones learn it too
    for (const auto& n : nips) {
        if (std::find(g.members.begin(), g.members.end(), n) == g.members.end()) {
            std::string why = n;
            why += " is not a member of ";
            why += name;
            return fail(ErrorCode::NotFound, std::move(why));
        }
        g.members.erase(std::remove(g.members.begin(), g.members.end(), n), g.members.end());
    }
    ++g.version;
    // Memos are encrypted pairwise to each member's devices: from this change on, the
    // removed members are simply not among the recipients (no shared key to rotate).
    return publishGroup(g, notify);
}

} // namespace sandi::client
