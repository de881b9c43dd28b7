// SPDX-License-Identifier: GPL-3.0-or-later
#include "connection.h"

#include "log.h"

#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>

namespace sandi::server {
namespace {

QString text(const Error& e)
{
    return QString::fromStdString(e.message);
}

QString randomBlobId()
{
    QByteArray raw(wire::kBlobIdChars / 2, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(raw.data()), raw.size() / 4);
    return QString::fromLatin1(raw.toHex());
}

wire::BlobState stateOf(const BlobInfo& info, qint64 chunk)
{
    return {info.blob, info.size, info.received, chunk};
}

} // namespace

Connection::Connection(QWebSocket* socket, AuthenticatedDevice device, QString peerAddress, RelayContext& context,
                       QObject* parent)
    : QObject(parent), m_socket(socket), m_device(std::move(device)), m_address(std::move(peerAddress)), m_ctx(context),
      m_mailbox(std::make_shared<Mailbox>(this))
{
    m_socket->setParent(this);
    const auto maxFrame = static_cast<quint64>(m_ctx.config().maxFrameBytes);
    // Qt drops the connection itself (close code 1009) beyond twice the limit; between the
    // limit and that, this connection says why in an error frame first.
    m_socket->setMaxAllowedIncomingMessageSize(2 * maxFrame);
    m_socket->setMaxAllowedIncomingFrameSize(2 * maxFrame);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Connection::onBinary);
    connect(m_socket, &QWebSocket::binaryFrameReceived, this, &Connection::onFrameFragment);
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString&) {
        closeWithError(wire::error::kBadFrame, "text frames are not part of the protocol");
    });
    connect(m_socket, &QWebSocket::disconnected, this, &Connection::onDisconnected);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_idle.start(); });
    connect(m_socket, &QWebSocket::bytesWritten, this, [this] {
        if (!m_outgoing.empty() && m_socket->bytesToWrite() < kPushPauseBytes) pump();
    });

    m_idle.setSingleShot(true);
    m_idle.setInterval(m_ctx.config().idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this,
            [this] { closeWithError(wire::error::kIdle, "nothing received for the idle timeout"); });
    m_idle.start();
    m_ping.setInterval(std::max(50, m_ctx.config().idleTimeoutMs / 3));
    connect(&m_ping, &QTimer::timeout, this, [this] { m_socket->ping(); });
    m_ping.start();
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &Connection::pump);

    ++m_ctx.metrics().connections;
    ++m_ctx.metrics().connectionsTotal;
    m_ctx.audit("connect", m_device.device, "nip=" + m_device.nip + " address=" + m_address);

    DeviceRecord record;
    record.device = m_device.device;
    record.nip = m_device.nip;
    record.name = m_device.name;
    record.position = m_device.position;
    record.office = m_device.office;
    record.chain = m_device.chain;
    record.firstSeen = record.lastSeen = m_ctx.nowMs();
    record.notAfter = m_device.notAfter;
    store<bool>(
        [record](Storage& s) -> Result<bool> {
            SANDI_TRY(s.directory().upsert(record));
            return true;
        },
        [](const Result<bool>&) {});
}

Connection::~Connection()
{
    m_mailbox->clear();
    m_ctx.detach(m_device.device, this);
}

template <class T> void Connection::store(std::function<Result<T>(Storage&)> job, std::function<void(Result<T>)> done)
{
    std::weak_ptr<Mailbox> mailbox = m_mailbox;
    ++m_pending;
    m_ctx.storage().submit<T>(std::move(job), [this, mailbox, done = std::move(done)](Result<T> r) mutable {
        auto box = mailbox.lock();
        if (!box) return;
        auto shared = std::make_shared<Result<T>>(std::move(r));
        box->post([this, done, shared]() mutable {
            --m_pending;
            done(std::move(*shared));
        });
    });
}

void Connection::sendFrame(const wire::Frame& frame)
{
    if (m_closing) return;
    m_socket->sendBinaryMessage(frame.encode());
    if (m_socket->bytesToWrite() > kMaxUnsentBytes) {
        m_ctx.audit("limit", m_device.device, "a connection that does not read what it asked for");
        m_closing = true;
        m_socket->abort();
    }
}

void Connection::closeWithError(const QString& code, const QString& why)
{
    if (m_closing) return;
    logEvent(LogLevel::Info, "close", {{"device", m_device.device}, {"code", code}, {"reason", why}});
    sendFrame(wire::connectionError(code, why));
    m_closing = true;
    const auto closeCode = code == wire::error::kFrameTooLarge ? QWebSocketProtocol::CloseCodeTooMuchData
                                                               : QWebSocketProtocol::CloseCodePolicyViolated;
    m_socket->close(closeCode, code);
    // A peer that does not answer the close handshake is cut off.
    QTimer::singleShot(2000, this, [this] { m_socket->abort(); });
}

void Connection::onDisconnected()
{
    m_ctx.detach(m_device.device, this);
    m_mailbox->clear();
    --m_ctx.metrics().connections;
    m_ctx.releaseAddress(m_address);
    logEvent(LogLevel::Debug, "disconnect", {{"device", m_device.device}});
    deleteLater();
}

void Connection::onFrameFragment(const QByteArray& fragment, bool last)
{
    m_fragmentBytes += fragment.size();
    if (m_fragmentBytes > m_ctx.config().maxFrameBytes) {
        ++m_ctx.metrics().badFrames;
        m_ctx.audit("limit", m_device.device, "frame larger than max-frame-bytes");
        closeWithError(wire::error::kFrameTooLarge,
                       "a frame larger than " + QString::number(m_ctx.config().maxFrameBytes) + " bytes");
    }
    if (last) m_fragmentBytes = 0;
}

void Connection::onBinary(const QByteArray& message)
{
    if (m_closing) return;
    m_idle.start();
    auto frame = wire::Frame::decode(message, m_ctx.config().maxFrameBytes);
    if (!frame) {
        ++m_ctx.metrics().badFrames;
        const bool tooLarge = frame.error().code == ErrorCode::Policy;
        if (tooLarge) m_ctx.audit("limit", m_device.device, "frame larger than max-frame-bytes");
        return closeWithError(tooLarge ? wire::error::kFrameTooLarge : wire::error::kBadFrame, text(frame.error()));
    }
    if (frame->kind != wire::FrameKind::Request) {
        ++m_ctx.metrics().badFrames;
        return closeWithError(wire::error::kBadFrame, "a client sends only requests");
    }
    handle(*frame);
}

void Connection::handle(const wire::Frame& f)
{
    namespace op = wire::op;
    if (m_pending >= kMaxPendingRequests) {
        ++m_ctx.metrics().limitHits;
        return refuse(f.id, wire::error::kRateLimited,
                      "more than " + QString::number(kMaxPendingRequests) + " requests waiting; wait for answers");
    }
    if (!m_hello && f.op != op::kHello)
        return closeWithError(wire::error::kNotHello, "the first request must be hello");
    if (f.op == op::kHello) return hello(f);
    if (f.op == op::kSend) return send(f);
    if (f.op == op::kAck) return ack(f);
    if (f.op == op::kDirectoryList) return directoryList(f);
    if (f.op == op::kDirectoryDevices) return directoryDevices(f);
    if (f.op == op::kDirectoryDevice) return directoryDevice(f);
    if (f.op == op::kPrekeysUpload) return prekeysUpload(f);
    if (f.op == op::kPrekeysFetch) return prekeysFetch(f);
    if (f.op == op::kPrekeysStatus) return prekeysStatus(f);
    if (f.op == op::kBlobCreate) return blobCreate(f);
    if (f.op == op::kBlobPut) return blobPut(f);
    if (f.op == op::kBlobStatus) return blobStatus(f);
    if (f.op == op::kBlobGet) return blobGet(f);
    refuse(f.id, wire::error::kUnknownOp, "unknown operation " + f.op.left(wire::kMaxOpBytes));
}

void Connection::refuseStorage(quint64 id, const Error& e)
{
    switch (e.code) {
    case ErrorCode::NotFound:
        return refuse(id, wire::error::kNotFound, text(e));
    case ErrorCode::Policy:
        return refuse(id, wire::error::kForbidden, text(e));
    case ErrorCode::InvalidInput:
    case ErrorCode::InvalidArgument:
        return refuse(id, wire::error::kBadRequest, text(e));
    default:
        logEvent(LogLevel::Error, "storage", {{"device", m_device.device}, {"error", text(e)}});
        return refuse(id, wire::error::kStorage, "the relay's storage failed; retry later");
    }
}

void Connection::hello(const wire::Frame& f)
{
    if (m_hello) return refuse(f.id, wire::error::kBadRequest, "hello was already said");
    auto h = wire::Hello::fromCbor(f.body);
    if (!h) return closeWithError(wire::error::kBadFrame, text(h.error()));
    if (std::find(h->versions.begin(), h->versions.end(), wire::kProtocolVersion) == h->versions.end())
        return closeWithError(wire::error::kUnsupportedVersion,
                              "this relay speaks protocol version " + QString::number(wire::kProtocolVersion));
    m_hello = true;
    const QString device = m_device.device;
    struct Counts {
        qint64 otk = 0;
        qint64 queued = 0;
    };
    store<Counts>(
        [device](Storage& s) -> Result<Counts> {
            SANDI_ASSIGN(otk, s.prekeys().oneTimeCount(device));
            SANDI_ASSIGN(queued, s.messages().queueLength(device));
            return Counts{otk, queued};
        },
        [this, id = f.id](Result<Counts> r) {
            if (!r) return refuseStorage(id, r.error());
            wire::HelloOk ok;
            ok.device = m_device.device;
            ok.nip = m_device.nip;
            ok.oneTimePreKeys = r->otk;
            ok.queued = r->queued;
            const auto& c = m_ctx.config();
            ok.limits = {c.maxFrameBytes, wire::kMaxSendCopies, wire::kMaxOneTimePreKeysPerUpload, c.blobChunkBytes,
                         c.maxBlobBytes};
            reply(id, ok.toCbor());
            RelayContext::Online online;
            online.mailbox = m_mailbox;
            online.wake = [this](std::vector<StoredMessage> m) { wake(std::move(m)); };
            online.close = [this](const QString& code, const QString& why) { closeWithError(code, why); };
            online.notice = [this](const wire::Frame& frame) { notice(frame); };
            online.recheck = [this] { recheck(); };
            m_ctx.attach(m_device.device, this, std::move(online));
            fetchBacklog();
        });
}

void Connection::recheck()
{
    auto again = m_ctx.trust().authenticate(m_device.chain, m_ctx.now());
    if (again) return;
    m_ctx.audit("revoked", m_device.device, "disconnected: " + text(again.error()));
    const QString device = m_device.device;
    store<bool>(
        [device](Storage& s) -> Result<bool> {
            SANDI_TRY(s.directory().remove(device));
            return true;
        },
        [](const Result<bool>&) {});
    closeWithError(wire::error::kRevoked, "this device's certificate is no longer valid: " + text(again.error()));
}

void Connection::directoryList(const wire::Frame& f)
{
    store<std::vector<DeviceRecord>>(
        [](Storage& s) { return s.directory().all(); },
        [this, id = f.id](Result<std::vector<DeviceRecord>> r) {
            if (!r) return refuseStorage(id, r.error());
            wire::DeviceList list;
            for (const auto& d : *r)
                list.devices.push_back({d.device, d.nip, d.name, d.position, d.office, {}, d.lastSeen});
            reply(id, list.toCbor());
        });
}

void Connection::directoryDevices(const wire::Frame& f)
{
    auto req = wire::NipRequest::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    store<std::vector<DeviceRecord>>(
        [nip = req->nip](Storage& s) { return s.directory().devicesOf(nip); },
        [this, id = f.id](Result<std::vector<DeviceRecord>> r) {
            if (!r) return refuseStorage(id, r.error());
            wire::DeviceList list;
            list.withChains = true;
            for (const auto& d : *r)
                list.devices.push_back({d.device, d.nip, d.name, d.position, d.office, d.chain, d.lastSeen});
            reply(id, list.toCbor());
        });
}

void Connection::directoryDevice(const wire::Frame& f)
{
    auto req = wire::DeviceRequest::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    store<std::optional<DeviceRecord>>(
        [device = req->device](Storage& s) { return s.directory().device(device); },
        [this, id = f.id](Result<std::optional<DeviceRecord>> r) {
            if (!r) return refuseStorage(id, r.error());
            if (!*r) return refuse(id, wire::error::kUnknownDevice, "no such device");
            const auto& d = **r;
            wire::DeviceList list;
            list.withChains = true;
            list.devices.push_back({d.device, d.nip, d.name, d.position, d.office, d.chain, d.lastSeen});
            reply(id, list.toCbor());
        });
}

void Connection::prekeysUpload(const wire::Frame& f)
{
    auto req = wire::PrekeyUpload::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    std::optional<SignedPreKeyRecord> spk;
    if (req->signedPreKey)
        spk = SignedPreKeyRecord{req->signedPreKey->id, req->signedPreKey->key, req->signedPreKey->signature};
    std::vector<OneTimePreKeyRecord> otks;
    for (const auto& k : req->oneTime)
        otks.push_back({k.id, k.key});
    store<qint64>([device = m_device.device, spk, otks](Storage& s) { return s.prekeys().upload(device, spk, otks); },
                  [this, id = f.id](Result<qint64> r) {
                      if (!r) return refuseStorage(id, r.error());
                      reply(id, QCborMap{{QStringLiteral("count"), *r}});
                  });
}

void Connection::prekeysStatus(const wire::Frame& f)
{
    store<qint64>([device = m_device.device](Storage& s) { return s.prekeys().oneTimeCount(device); },
                  [this, id = f.id](Result<qint64> r) {
                      if (!r) return refuseStorage(id, r.error());
                      reply(id, QCborMap{{QStringLiteral("count"), *r}});
                  });
}

void Connection::prekeysFetch(const wire::Frame& f)
{
    auto req = wire::DeviceRequest::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    qint64 retryAfter = 0;
    if (!m_ctx.takePrekeyFetch(m_device.device, retryAfter)) {
        ++m_ctx.metrics().limitHits;
        m_ctx.audit("limit", m_device.device, "prekey fetches");
        return refuse(f.id, wire::error::kRateLimited,
                      "too many prekey bundles fetched; retry after " + QString::number(retryAfter) + " ms");
    }
    const QString target = req->device;
    store<PreKeyFetch>([target](Storage& s) { return s.prekeys().fetch(target); },
                       [this, id = f.id, target](Result<PreKeyFetch> r) {
                           if (!r) {
                               if (r.error().code == ErrorCode::NotFound)
                                   return refuse(id, wire::error::kNotFound, "that device has published no prekeys");
                               return refuseStorage(id, r.error());
                           }
                           wire::PrekeyBundleWire b;
                           b.device = target;
                           b.signedPreKey = {r->signedPreKey.id, r->signedPreKey.publicKey, r->signedPreKey.signature};
                           if (r->oneTimePreKey)
                               b.oneTime = wire::OneTimePreKeyWire{r->oneTimePreKey->id, r->oneTimePreKey->publicKey};
                           reply(id, b.toCbor());
                           if (!r->oneTimePreKey)
                               m_ctx.audit("prekeys-exhausted", target, "bundle without a one-time prekey");
                           if (r->oneTimeRemaining < m_ctx.config().lowPreKeyThreshold)
                               m_ctx.pushNotice(target,
                                                wire::push(wire::op::kPrekeysLow,
                                                           QCborMap{{QStringLiteral("count"), r->oneTimeRemaining}}));
                       });
}

void Connection::send(const wire::Frame& f)
{
    qint64 retryAfter = 0;
    auto req = wire::SendRequest::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    if (!m_ctx.takeSendTokens(m_device.device, static_cast<double>(req->copies.size()), retryAfter)) {
        ++m_ctx.metrics().limitHits;
        m_ctx.audit("limit", m_device.device, "rate-per-second");
        return refuse(f.id, wire::error::kRateLimited,
                      "too many messages; retry after " + QString::number(retryAfter) + " ms");
    }
    const auto& c = m_ctx.config();
    const qint64 now = m_ctx.nowMs();
    const qint64 ttl = req->ttlSeconds > 0 ? std::min(req->ttlSeconds, c.messageTtlSeconds) : c.messageTtlSeconds;
    const qint64 expiresAt = now + ttl * 1000;
    std::vector<OutgoingCopy> copies;
    copies.reserve(req->copies.size());
    for (auto& copy : req->copies)
        copies.push_back({copy.device, std::move(copy.ciphertext)});
    struct Sent {
        InsertOutcome outcome;
        std::vector<OutgoingCopy> copies;
    };
    const QString sender = m_device.device;
    const QString cid = req->clientId;
    const qint64 maxQueue = c.maxQueuePerDevice;
    store<Sent>(
        [sender, cid, copies = std::move(copies), now, expiresAt, maxQueue](Storage& s) mutable -> Result<Sent> {
            for (const auto& copy : copies) {
                SANDI_ASSIGN(known, s.directory().device(copy.recipient));
                if (!known)
                    return fail(ErrorCode::NotFound, "unknown recipient device " + copy.recipient.toStdString());
            }
            SANDI_ASSIGN(outcome, s.messages().insert(sender, cid, copies, now, expiresAt, maxQueue));
            return Sent{std::move(outcome), std::move(copies)};
        },
        [this, id = f.id, cid, now, expiresAt](Result<Sent> r) {
            if (!r) {
                if (r.error().code == ErrorCode::NotFound)
                    return refuse(id, wire::error::kUnknownDevice, text(r.error()));
                if (r.error().code == ErrorCode::Policy) {
                    ++m_ctx.metrics().limitHits;
                    m_ctx.audit("limit", m_device.device, "max-queue-per-device: " + text(r.error()));
                    return refuse(id, wire::error::kQueueFull, text(r.error()));
                }
                return refuseStorage(id, r.error());
            }
            reply(id, wire::SendOk{r->outcome.duplicate}.toCbor());
            if (r->outcome.duplicate) {
                ++m_ctx.metrics().duplicates;
                return;
            }
            m_ctx.metrics().accepted += r->copies.size();
            for (std::size_t i = 0; i < r->copies.size() && i < r->outcome.mids.size(); ++i) {
                StoredMessage m;
                m.mid = r->outcome.mids[i];
                m.recipient = r->copies[i].recipient;
                m.sender = m_device.device;
                m.clientId = cid;
                m.payload = std::move(r->copies[i].payload);
                m.receivedAt = now;
                m.expiresAt = expiresAt;
                m_ctx.notify(m.recipient, {m});
            }
        });
}

void Connection::ack(const wire::Frame& f)
{
    auto req = wire::Ack::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    store<int>(
        [device = m_device.device, mids = req->mids](Storage& s) { return s.messages().acknowledge(device, mids); },
        [this, id = f.id, mids = req->mids](Result<int> r) {
            if (!r) {
                if (r.error().code == ErrorCode::Policy) {
                    m_ctx.audit("refused", m_device.device, "acknowledged another device's message");
                    return refuse(id, wire::error::kForbidden, "a message id of another device's queue");
                }
                return refuseStorage(id, r.error());
            }
            m_ctx.metrics().delivered += static_cast<quint64>(*r);
            for (auto mid : mids)
                m_inflight.erase(mid);
            reply(id, QCborMap{{QStringLiteral("count"), *r}});
            pump();
        });
}

void Connection::wake(std::vector<StoredMessage> messages)
{
    if (!m_hello || m_closing) return;
    if (m_fetching) {
        m_needFetch = true;
        return;
    }
    const auto window = static_cast<std::size_t>(m_ctx.config().deliveryWindow);
    for (auto& m : messages) {
        if (m.mid <= m_highest) continue;
        if (m_outgoing.size() >= 2 * window) {
            m_needFetch = true; // the rest stays in storage until the window opens
            break;
        }
        m_highest = m.mid;
        m_outgoing.push_back(std::move(m));
    }
    pump();
}

void Connection::fetchBacklog()
{
    if (m_fetching || m_closing) return;
    m_fetching = true;
    m_needFetch = false;
    const int limit = 2 * m_ctx.config().deliveryWindow;
    store<std::vector<StoredMessage>>(
        [device = m_device.device, after = m_highest, limit, now = m_ctx.nowMs()](Storage& s) {
            return s.messages().pending(device, after, limit, now);
        },
        [this, limit](Result<std::vector<StoredMessage>> r) {
            m_fetching = false;
            if (!r) {
                logEvent(LogLevel::Error, "storage", {{"device", m_device.device}, {"error", text(r.error())}});
                m_needFetch = true;
                m_retry.start(1000);
                return;
            }
            if (r->size() >= static_cast<std::size_t>(limit)) m_needFetch = true;
            for (auto& m : *r) {
                if (m.mid <= m_highest) continue;
                m_highest = m.mid;
                m_outgoing.push_back(std::move(m));
            }
            pump();
        });
}

void Connection::pump()
{
    if (m_closing) return;
    const auto window = static_cast<std::size_t>(m_ctx.config().deliveryWindow);
    while (m_inflight.size() < window && !m_outgoing.empty() && m_socket->bytesToWrite() < kPushPauseBytes) {
        StoredMessage m = std::move(m_outgoing.front());
        m_outgoing.pop_front();
        wire::Delivery d{m.mid, m.sender, m.clientId, m.payload, m.receivedAt};
        sendFrame(wire::push(wire::op::kMessage, d.toCbor()));
        m_inflight.insert(m.mid);
    }
    if (!m_outgoing.empty() || m_fetching) return;
    if (m_needFetch) {
        if (m_inflight.size() < window) fetchBacklog();
        return;
    }
    if (m_drainPending) {
        m_drainPending = false;
        sendFrame(wire::push(wire::op::kDrained));
    }
}

void Connection::blobCreate(const wire::Frame& f)
{
    auto req = wire::BlobCreate::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    const auto& c = m_ctx.config();
    if (req->size <= 0 || req->size > c.maxBlobBytes) {
        ++m_ctx.metrics().limitHits;
        return refuse(f.id, wire::error::kTooLarge, "a blob holds 1 to " + QString::number(c.maxBlobBytes) + " bytes");
    }
    BlobInfo info;
    info.blob = randomBlobId();
    info.owner = m_device.device;
    info.size = req->size;
    info.createdAt = m_ctx.nowMs();
    info.expiresAt = info.createdAt + c.blobTtlSeconds * 1000;
    const qint64 quota = c.blobQuotaBytes;
    store<BlobInfo>(
        [info, quota](Storage& s) -> Result<BlobInfo> {
            SANDI_ASSIGN(used, s.blobs().usage(info.owner));
            if (used + info.size > quota)
                return fail(ErrorCode::Policy, "blob-quota-bytes: " + std::to_string(used) + " bytes stored, quota " +
                                                   std::to_string(quota));
            SANDI_TRY(s.blobs().create(info));
            return info;
        },
        [this, id = f.id](Result<BlobInfo> r) {
            if (!r) {
                if (r.error().code == ErrorCode::Policy) {
                    ++m_ctx.metrics().limitHits;
                    m_ctx.audit("limit", m_device.device, text(r.error()));
                    return refuse(id, wire::error::kQuotaExceeded, text(r.error()));
                }
                return refuseStorage(id, r.error());
            }
            reply(id, stateOf(*r, m_ctx.config().blobChunkBytes).toCbor());
        });
}

void Connection::blobPut(const wire::Frame& f)
{
    auto req = wire::BlobPut::fromCbor(f.body, m_ctx.config().blobChunkBytes);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    store<BlobInfo>(
        [owner = m_device.device, put = *req](Storage& s) -> Result<BlobInfo> {
            SANDI_ASSIGN(info, s.blobs().info(put.blob));
            if (!info) return fail(ErrorCode::NotFound, "no such blob");
            if (info->owner != owner)
                return fail(ErrorCode::Policy, "only the device that created a blob writes to it");
            if (put.offset + put.data.size() > info->size)
                return fail(ErrorCode::InvalidInput, "data beyond the blob's size");
            SANDI_ASSIGN(received, s.blobs().append(put.blob, put.offset, put.data));
            info->received = received;
            return *info;
        },
        [this, id = f.id](Result<BlobInfo> r) {
            if (!r) return refuseStorage(id, r.error());
            reply(id, stateOf(*r, m_ctx.config().blobChunkBytes).toCbor());
        });
}

void Connection::blobStatus(const wire::Frame& f)
{
    auto req = wire::BlobRef::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    store<std::optional<BlobInfo>>([blob = req->blob](Storage& s) { return s.blobs().info(blob); },
                                   [this, id = f.id](Result<std::optional<BlobInfo>> r) {
                                       if (!r) return refuseStorage(id, r.error());
                                       if (!*r) return refuse(id, wire::error::kNotFound, "no such blob");
                                       reply(id, stateOf(**r, m_ctx.config().blobChunkBytes).toCbor());
                                   });
}

void Connection::blobGet(const wire::Frame& f)
{
    auto req = wire::BlobGet::fromCbor(f.body);
    if (!req) return refuse(f.id, wire::error::kBadRequest, text(req.error()));
    const qint64 length = std::min(req->length, m_ctx.config().blobChunkBytes);
    store<QByteArray>(
        [get = *req, length](Storage& s) -> Result<QByteArray> {
            SANDI_ASSIGN(info, s.blobs().info(get.blob));
            if (!info) return fail(ErrorCode::NotFound, "no such blob");
            if (!info->complete()) return fail(ErrorCode::NotFound, "the blob's upload is not complete");
            return s.blobs().read(get.blob, get.offset, length);
        },
        [this, id = f.id](Result<QByteArray> r) {
            if (!r) return refuseStorage(id, r.error());
            reply(id, wire::BlobData{*r}.toCbor());
        });
}

} // namespace sandi::server
