// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/session.h"

#include "sandi/client/relay_client.h"
#include "sandi/e2e/identity.h"
#include "sandi/pki/chain.h"
#include "sandi/pki/x509.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QTimeZone>
#include <QTimer>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include <deque>
#include <functional>

namespace sandi::desktop {

using client::DeliveryState;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}
std::string s(const QString& q)
{
    return q.toStdString();
}

QDateTime toDateTime(crypto::TimePoint t)
{
    return QDateTime::fromSecsSinceEpoch(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count(),
                                         Qt::UTC);
}

QDateTime certTime(const ASN1_TIME* t)
{
    auto tp = crypto::asn1TimeToTimePoint(t);
    return tp ? toDateTime(*tp) : QDateTime();
}

constexpr char kWaitingSetting[] = "desktop.waiting"; // drafts composed offline (CBOR, base64)

std::string verifiedKey(const QString& nip)
{
    return "desktop.verified:" + s(nip);
}

// The safety numbers a contact's valid devices have with this device, joined: what
// "checked in person" was recorded for (a new device or a new key clears it).
QString safetyFingerprint(const ContactView& c)
{
    QStringList parts;
    for (const auto& d : c.devices)
        if (d.status == CertificateStatus::Valid) parts << d.device + QLatin1Char('=') + d.safetyNumber;
    parts.sort();
    return parts.join(QLatin1Char(';'));
}

} // namespace

DeviceView deviceView(const QString& deviceId, const std::vector<QByteArray>& chain, const client::Account& account,
                      const QDateTime& now)
{
    DeviceView v;
    v.device = deviceId;
    if (chain.empty()) {
        v.reason = QCoreApplication::translate("sandi::desktop", "The relay gave no certificate for this device.");
        return v;
    }
    std::vector<crypto::Certificate> certs;
    for (const auto& der : chain) {
        auto c =
            crypto::Certificate::parse(std::as_bytes(std::span(der.constData(), static_cast<std::size_t>(der.size()))));
        if (!c) {
            v.reason = QCoreApplication::translate("sandi::desktop", "A certificate in its chain is malformed.");
            return v;
        }
        certs.push_back(std::move(*c));
    }
    X509* leaf = certs.front().native();
    v.label = q(crypto::subjectAttribute(leaf, NID_commonName));
    v.notBefore = certTime(X509_get0_notBefore(leaf));
    v.notAfter = certTime(X509_get0_notAfter(leaf));
    v.issuer = q(certs.front().issuer());
    v.serial = q(certs.front().serialHex());

    crypto::ChainInput in;
    in.leaf = certs.front();
    const std::vector<crypto::Certificate> intermediates(certs.begin() + 1, certs.end());
    in.intermediates = intermediates;
    in.anchors = account.anchors();
    in.crls = account.crls();
    in.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(now.toMSecsSinceEpoch()));
    in.purpose = crypto::Purpose::TlsClient;
    const crypto::Verdict verdict = crypto::validateChain(in);
    switch (verdict.code) {
    case crypto::VerdictCode::Valid:
        v.status = CertificateStatus::Valid;
        break;
    case crypto::VerdictCode::Revoked:
        v.status = CertificateStatus::Revoked;
        break;
    case crypto::VerdictCode::Expired:
        v.status = CertificateStatus::Expired;
        break;
    case crypto::VerdictCode::NotYetValid:
        v.status = CertificateStatus::NotYetValid;
        break;
    default:
        v.status = CertificateStatus::Untrusted;
        break;
    }
    if (verdict.revocation) v.revokedAt = toDateTime(verdict.revocation->date);
    if (v.status != CertificateStatus::Valid) {
        v.reason = q(verdict.reason);
        return v;
    }
    // Valid as a certificate; the device profile (a certified identity key, an NIP) too?
    auto info = account.validateDevice(chain);
    if (!info) {
        v.status = CertificateStatus::Untrusted;
        v.reason = q(info.error().message);
        return v;
    }
    const auto& mine = account.self().identity.identityKey;
    const auto& theirs = info->identity.identityKey;
    v.safetyNumber = q(e2e::safetyNumber(mine, theirs));
    v.qrPayload = QByteArray::fromStdString(e2e::safetyNumberQrPayload(mine, theirs));
    v.identityKeyHex =
        QByteArray(reinterpret_cast<const char*>(theirs.data()), static_cast<qsizetype>(theirs.size())).toHex();
    return v;
}

// ---- The session's thread

class SessionWorker final : public QObject {
  public:
    SessionWorker(Session* session, client::Account& account) : m_session(session), m_account(account) {}

    // On the session thread.
    void init()
    {
        m_relay = std::make_unique<client::RelayClient>(m_account.tls(), m_account.relays(),
                                                        QStringLiteral("sandi-desktop/0.1"));
        m_messenger = std::make_unique<client::Messenger>(m_account, *m_relay);
        QObject::connect(m_relay.get(), &client::RelayClient::connected, this, [this] {
            toGui([](Session& s) { s.setState(ConnectionState::Online, {}); });
            post([this] { afterConnect(); });
        });
        QObject::connect(m_relay.get(), &client::RelayClient::connectionLost, this, [this](const QString& reason) {
            toGui([reason](Session& s) { s.setState(ConnectionState::Connecting, reason); });
        });
        m_prekeyTimer.setInterval(kPrekeyCheckIntervalMs);
        QObject::connect(&m_prekeyTimer, &QTimer::timeout, this, [this] {
            if (m_relay->ready()) post([this] { (void)m_messenger->maintainPrekeys(); });
        });
    }

    void shutdown()
    {
        m_prekeyTimer.stop();
        if (m_relay) m_relay->stop();
        m_messenger.reset();
        m_relay.reset();
    }

    // From any thread: runs `job` on the session thread after the jobs before it.
    void post(std::function<void()> job)
    {
        QMetaObject::invokeMethod(
            this,
            [this, job = std::move(job)]() mutable {
                m_jobs.push_back(std::move(job));
                runJobs();
            },
            Qt::QueuedConnection);
    }

    void toGui(std::function<void(Session&)> f)
    {
        QPointer<Session> target(m_session);
        QMetaObject::invokeMethod(
            m_session,
            [target, f = std::move(f)] {
                if (target) f(*target);
            },
            Qt::QueuedConnection);
    }

    void start()
    {
        toGui([](Session& s) { s.setState(ConnectionState::Connecting, {}); });
        m_messenger->listen([this](const client::InboxEvent& e) { onEvent(e); });
        loadWaiting();
        m_relay->start(true);
        m_prekeyTimer.start();
        loadHistory();
        reportPending();
    }

    void loadHistory()
    {
        auto memos = m_account.local().memos(kHistoryLoadLimit);
        if (!memos) return problem(memos.error());
        QVector<MemoView> views;
        views.reserve(static_cast<qsizetype>(memos->size()));
        for (const auto& m : *memos)
            views.push_back(MemoView::from(m));
        toGui([views = std::move(views)](Session& s) { emit s.historyLoaded(views); });
    }

    void refreshContacts()
    {
        if (!m_relay->ready()) return; // after the next connection
        auto contacts = m_messenger->contacts();
        if (!contacts) return problem(contacts.error());
        QVector<ContactView> views;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const auto& c : *contacts) {
            ContactView v{c.nip, c.name, c.position, c.office, {}, false};
            for (const auto& [device, chain] : c.chains)
                v.devices.push_back(deviceView(device, chain, m_account, now));
            const QString print = safetyFingerprint(v);
            auto stored = m_account.local().setting(verifiedKey(c.nip));
            v.verifiedInPerson = stored && *stored && !print.isEmpty() && q(**stored) == print;
            views.push_back(std::move(v));
        }
        QVector<GroupView> groups;
        if (auto gs = m_account.local().groups())
            for (const auto& g : *gs) {
                QStringList members;
                for (const auto& m : g.members)
                    members << q(m);
                groups.push_back({q(g.name), q(g.owner), members, g.version});
            }
        m_contacts = views;
        toGui([views, groups](Session& s) { emit s.contactsLoaded(views, groups); });
    }

    void setVerified(const QString& nip, bool verified)
    {
        for (const auto& c : m_contacts) {
            if (c.nip != nip) continue;
            const QString print = safetyFingerprint(c);
            auto st = m_account.local().setSetting(verifiedKey(nip), verified ? s(print) : std::string());
            if (!st) return problem(st.error());
        }
        refreshContacts();
    }

    void search(const QString& text)
    {
        auto found = m_account.local().search(s(text));
        QStringList ids;
        if (found)
            for (const auto& m : *found)
                ids << q(m.id);
        toGui([text, ids](Session& s) { emit s.searchFinished(text, ids); });
    }

    // Offline: the draft waits (kept in the history database, so a restart loses nothing)
    // and goes out after the next connection, with the client id it got now.
    void send(quint64 request, Draft d)
    {
        if (d.clientId.isEmpty()) d.clientId = q(randomClientId());
        if (!m_relay->ready()) {
            m_waiting.push_back({request, std::move(d)});
            saveWaiting();
            reportPending();
            return;
        }
        sendNow(request, d);
    }

    void sendNow(quint64 request, const Draft& d)
    {
        client::Outgoing o;
        for (const auto& n : d.toNips)
            o.toNips.push_back(s(n));
        o.group = s(d.group);
        o.memo = d.memo.toMemo();
        o.attachments = d.attachments;
        o.signer = d.signer.get();
        o.clientId = s(d.clientId);
        ++m_pending;
        reportPending();
        auto r = m_messenger->send(o);
        --m_pending;
        if (r) {
            emitMemo(r->memoId, false);
            toGui([request, id = q(r->memoId)](Session& s) { emit s.sendFinished(request, true, id, {}); });
        } else {
            toGui([request, e = q(r.error().message)](Session& s) { emit s.sendFinished(request, false, {}, e); });
        }
        reportPending();
    }

    void markRead(const QString& id)
    {
        auto st = m_messenger->markRead(s(id));
        if (!st) problem(st.error());
        emitMemo(s(id), false);
    }

    void fetchAttachment(quint64 request, const QString& id, int index, const QString& path)
    {
        auto st = m_messenger->fetchAttachment(s(id), index, path.toStdString());
        toGui([request, ok = st.has_value(), e = st ? QString() : q(st.error().message)](Session& s) {
            emit s.attachmentFetched(request, ok, e);
        });
    }

    void createGroup(const QString& name, const QStringList& nips)
    {
        std::vector<std::string> members;
        for (const auto& n : nips)
            members.push_back(s(n));
        auto st = m_messenger->createGroup(s(name), members);
        toGui([ok = st.has_value(), e = st ? QString() : q(st.error().message)](Session& s) {
            emit s.groupFinished(ok, e);
        });
        refreshContacts();
    }

    void runJobs()
    {
        if (m_running) return; // a job waiting for the relay runs a nested event loop
        m_running = true;
        m_messenger->setListening(false);
        while (!m_jobs.empty()) {
            auto job = std::move(m_jobs.front());
            m_jobs.pop_front();
            job();
        }
        m_messenger->setListening(true);
        m_running = false;
    }

    void afterConnect()
    {
        if (auto st = m_messenger->maintainPrekeys(); !st) problem(st.error());
        if (auto st = m_messenger->flushOutbox(); !st) problem(st.error());
        while (!m_waiting.empty() && m_relay->ready()) {
            auto [request, draft] = std::move(m_waiting.front());
            m_waiting.pop_front();
            if (draft.signedDraft && !draft.signer) draft.signer = m_signer;
            if (draft.signedDraft && !draft.signer) { // after a restart: waits for the signing key
                m_waiting.push_back({request, std::move(draft)});
                break;
            }
            sendNow(request, draft);
            saveWaiting();
        }
        (void)m_account.local().deleteExpired(QDateTime::currentSecsSinceEpoch());
        reportPending();
        refreshContacts();
    }

    void onEvent(const client::InboxEvent& e)
    {
        switch (e.kind) {
        case client::InboxEvent::Kind::Memo: {
            MemoView v = MemoView::from(e.memo);
            toGui([v](Session& s) { emit s.memoArrived(v); });
            if (!v.group.isEmpty()) refreshGroupsSoon();
            break;
        }
        case client::InboxEvent::Kind::Receipt:
            emitMemo(e.memo.id, false);
            break;
        case client::InboxEvent::Kind::Problem:
            toGui([t = q(e.text)](Session& s) { emit s.problem(t); });
            break;
        }
    }

    void refreshGroupsSoon()
    {
        post([this] { refreshContacts(); });
    }

    void emitMemo(const std::string& id, bool arrived)
    {
        auto m = m_account.local().memo(id);
        if (!m || !*m) return;
        MemoView v = MemoView::from(**m);
        toGui([v, arrived](Session& s) {
            if (arrived)
                emit s.memoArrived(v);
            else
                emit s.memoChanged(v);
        });
    }

    void setSigner(std::shared_ptr<crypto::Signer> signer)
    {
        m_signer = std::move(signer);
        if (m_signer && m_relay->ready() && !m_waiting.empty()) afterConnect();
    }

    std::string randomClientId()
    {
        std::array<std::byte, 16> b{};
        m_account.rng().fill(b);
        return QByteArray(reinterpret_cast<const char*>(b.data()), b.size()).toHex().toStdString();
    }

    void saveWaiting()
    {
        QCborArray all;
        for (const auto& [request, d] : m_waiting) {
            QCborArray to, files;
            for (const auto& n : d.toNips)
                to.append(n);
            for (const auto& f : d.attachments)
                files.append(QString::fromStdString(f.string()));
            const auto memo = d.memo.toMemo().encode();
            all.append(QCborMap{{QStringLiteral("id"), d.clientId},
                                {QStringLiteral("to"), to},
                                {QStringLiteral("group"), d.group},
                                {QStringLiteral("memo"), QByteArray(reinterpret_cast<const char*>(memo.data()),
                                                                    static_cast<qsizetype>(memo.size()))},
                                {QStringLiteral("files"), files},
                                {QStringLiteral("signed"), d.signedDraft || d.signer != nullptr}});
        }
        const QByteArray bytes = QCborValue(all).toCbor();
        if (auto st = m_account.local().setSetting(kWaitingSetting, bytes.toBase64().toStdString()); !st)
            problem(st.error());
    }

    void loadWaiting()
    {
        auto stored = m_account.local().setting(kWaitingSetting);
        if (!stored || !*stored || (*stored)->empty()) return;
        const QCborArray all =
            QCborValue::fromCbor(QByteArray::fromBase64(QByteArray::fromStdString(**stored))).toArray();
        for (const auto& v : all) {
            const QCborMap m = v.toMap();
            Draft d;
            d.clientId = m.value(QStringLiteral("id")).toString();
            for (const auto& t : m.value(QStringLiteral("to")).toArray())
                d.toNips << t.toString();
            d.group = m.value(QStringLiteral("group")).toString();
            const QByteArray memo = m.value(QStringLiteral("memo")).toByteArray();
            auto decoded =
                e2e::Memo::decode(std::as_bytes(std::span(memo.constData(), static_cast<std::size_t>(memo.size()))));
            if (!decoded) {
                problem(decoded.error().context("a memo waiting to be sent"));
                continue;
            }
            d.memo = MemoFields::fromMemo(*decoded);
            for (const auto& f : m.value(QStringLiteral("files")).toArray())
                d.attachments.emplace_back(f.toString().toStdString());
            d.signedDraft = m.value(QStringLiteral("signed")).toBool();
            m_waiting.push_back({0, std::move(d)});
        }
    }

    void reportPending()
    {
        auto box = m_account.local().outbox();
        int n = m_pending + static_cast<int>(m_waiting.size());
        if (box)
            for (const auto& e : *box)
                if (!e.memoId.empty()) ++n;
        toGui([n](Session& s) {
            s.m_pending = n;
            emit s.pendingSendsChanged(n);
        });
    }

    void problem(const Error& e)
    {
        toGui([t = q(e.message)](Session& s) { emit s.problem(t); });
    }

    Session* m_session;
    client::Account& m_account;
    std::unique_ptr<client::RelayClient> m_relay;
    std::unique_ptr<client::Messenger> m_messenger;
    std::deque<std::function<void()>> m_jobs;
    bool m_running = false;
    int m_pending = 0;
    QTimer m_prekeyTimer;
    QVector<ContactView> m_contacts;
    std::deque<std::pair<quint64, Draft>> m_waiting; // composed while offline
    std::shared_ptr<crypto::Signer> m_signer;
};

// ---- MemoFields

e2e::Memo MemoFields::toMemo() const
{
    e2e::Memo m;
    m.nomor = s(nomor);
    for (const auto& k : kepada)
        m.kepada.push_back(s(k));
    m.dari = s(dari);
    for (const auto& t : tembusan)
        m.tembusan.push_back(s(t));
    m.tanggal = s(tanggal);
    m.sifat = sifat;
    m.lampiran = s(lampiran);
    m.hal = s(hal);
    m.body = s(body);
    m.signerPosition = s(signerPosition);
    m.signerName = s(signerName);
    m.signerRank = s(signerRank);
    m.signerNip = s(signerNip);
    m.classification = classification;
    m.expiresAt = expiresAt;
    return m;
}

MemoFields MemoFields::fromMemo(const e2e::Memo& m)
{
    MemoFields f;
    f.nomor = q(m.nomor);
    for (const auto& k : m.kepada)
        f.kepada << q(k);
    f.dari = q(m.dari);
    for (const auto& t : m.tembusan)
        f.tembusan << q(t);
    f.tanggal = q(m.tanggal);
    f.sifat = m.sifat;
    f.lampiran = q(m.lampiran);
    f.hal = q(m.hal);
    f.body = q(m.body);
    f.signerPosition = q(m.signerPosition);
    f.signerName = q(m.signerName);
    f.signerRank = q(m.signerRank);
    f.signerNip = q(m.signerNip);
    f.classification = m.classification;
    f.expiresAt = m.expiresAt;
    return f;
}

// ---- Session

Result<std::unique_ptr<Session>> Session::open(const std::filesystem::path& store,
                                               const crypto::SecureBuffer& passphrase)
{
    SANDI_ASSIGN(account, client::Account::open(store, passphrase));
    qRegisterMetaType<MemoView>();
    qRegisterMetaType<ContactView>();
    qRegisterMetaType<GroupView>();
    qRegisterMetaType<ConnectionState>();
    std::unique_ptr<Session> session(new Session);
    session->m_account = std::move(account);
    session->m_thread.setObjectName(QStringLiteral("sandi-session"));
    session->m_worker = new SessionWorker(session.get(), *session->m_account);
    session->m_worker->moveToThread(&session->m_thread);
    session->m_thread.start();
    SessionWorker* w = session->m_worker;
    QMetaObject::invokeMethod(
        w, [w] { w->init(); }, Qt::BlockingQueuedConnection);
    return session;
}

Session::~Session()
{
    if (m_worker) {
        SessionWorker* w = m_worker;
        QMetaObject::invokeMethod(
            w,
            [w] {
                w->shutdown();
                delete w;
            },
            Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
    m_account.reset();
}

void Session::setState(ConnectionState state, const QString& detail)
{
    m_state = state;
    emit connectionChanged(state, detail);
}

void Session::start()
{
    m_worker->post([w = m_worker] { w->start(); });
}
void Session::loadHistory()
{
    m_worker->post([w = m_worker] { w->loadHistory(); });
}
void Session::refreshContacts()
{
    m_worker->post([w = m_worker] { w->refreshContacts(); });
}
void Session::search(const QString& text)
{
    m_worker->post([w = m_worker, text] { w->search(text); });
}
quint64 Session::send(const Draft& draft)
{
    const quint64 request = m_nextRequest++;
    m_worker->post([w = m_worker, request, draft]() mutable { w->send(request, std::move(draft)); });
    return request;
}
void Session::markRead(const QString& memoId)
{
    m_worker->post([w = m_worker, memoId] { w->markRead(memoId); });
}
quint64 Session::fetchAttachment(const QString& memoId, int index, const QString& path)
{
    const quint64 request = m_nextRequest++;
    m_worker->post([w = m_worker, request, memoId, index, path] { w->fetchAttachment(request, memoId, index, path); });
    return request;
}
void Session::setVerifiedInPerson(const QString& nip, bool verified)
{
    m_worker->post([w = m_worker, nip, verified] { w->setVerified(nip, verified); });
}
void Session::setSigner(std::shared_ptr<crypto::Signer> signer)
{
    m_worker->post([w = m_worker, signer = std::move(signer)]() mutable { w->setSigner(std::move(signer)); });
}
void Session::createGroup(const QString& name, const QStringList& nips)
{
    m_worker->post([w = m_worker, name, nips] { w->createGroup(name, nips); });
}

const client::DeviceInfo& Session::self() const noexcept
{
    return m_account->self();
}
const std::vector<crypto::Certificate>& Session::anchors() const noexcept
{
    return m_account->anchors();
}
const std::vector<crypto::Crl>& Session::crls() const noexcept
{
    return m_account->crls();
}
const std::filesystem::path& Session::directory() const noexcept
{
    return m_account->directory();
}
QStringList Session::relays() const
{
    return m_account->relays();
}

} // namespace sandi::desktop
