// SPDX-License-Identifier: GPL-3.0-or-later
// The session's thread (private to session.cpp): the Account's RelayClient and Messenger,
// the queue of requests, and the offline drafts. See sandi/desktop/session.h.
#pragma once

#include "sandi/client/relay_client.h"
#include "sandi/desktop/session.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <array>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

namespace sandi::desktop {

namespace worker_detail {
inline QString q(const std::string& s)
{
    return QString::fromStdString(s);
}
inline std::string s(const QString& q)
{
    return q.toStdString();
}
inline constexpr int kJobRetryMs = 20;
inline constexpr int kWaitingRetryMs = 60'000; // a draft whose send failed, tried again while connected
inline constexpr char kDirectorySetting[] = "desktop.directory"; // the relay's last directory (CBOR, base64)
inline constexpr char kWaitingSetting[] = "desktop.waiting";     // drafts composed offline (CBOR, base64)
// A setting kept as base64 CBOR array; nothing when it does not read as one.
inline std::optional<QCborArray> cborArray(const std::string& base64)
{
    QCborParserError parsed{};
    const QCborValue value = QCborValue::fromCbor(QByteArray::fromBase64(QByteArray::fromStdString(base64)), &parsed);
    if (parsed.error != QCborError::NoError || !value.isArray()) return std::nullopt;
    return value.toArray();
}
inline std::string verifiedKey(const QString& nip)
{
    return "desktop.verified:" + s(nip);
}
// The safety numbers a contact's valid devices have with this device, joined: what
// "checked in person" was recorded for (a new device or a new key clears it).
inline QString safetyFingerprint(const ContactView& c)
{
    QStringList parts;
    for (const auto& d : c.devices)
        if (d.status == CertificateStatus::Valid) parts << d.device + QLatin1Char('=') + d.safetyNumber;
    parts.sort();
    return parts.join(QLatin1Char(';'));
}
} // namespace worker_detail

using namespace worker_detail; // NOLINT(google-build-using-namespace): private header of session.cpp

class SessionWorker final : public QObject {
    Q_OBJECT
  public:
    SessionWorker(Session* session, client::Account& account)
        : m_session(session), m_account(account), m_prekeyTimer(this), m_retry(this),
          m_waitingTimer(this) // children: they move to the session thread with it
    {
        m_retry.setSingleShot(true);
        m_retry.setInterval(kJobRetryMs);
        QObject::connect(&m_retry, &QTimer::timeout, this, [this] { runJobs(); });
    }

    // On the session thread.
    Q_INVOKABLE void init()
    {
        m_relay = std::make_unique<client::RelayClient>(m_account.tls(), m_account.relays(),
                                                        QStringLiteral("sandi-desktop/0.1"));
        m_messenger = std::make_unique<client::Messenger>(m_account, *m_relay);
        QObject::connect(m_relay.get(), &client::RelayClient::connected, this, [this] {
            toGui([](Session& s) { s.setState(ConnectionState::Online, {}); });
            post([this] { afterConnect(); });
        });
        QObject::connect(m_relay.get(), &client::RelayClient::connectionLost, this, [this](const QString& reason) {
            // Not connected; the relay client keeps trying (with backoff) in the background.
            toGui([reason](Session& s) { s.setState(ConnectionState::Offline, reason); });
        });
        m_waitingTimer.setInterval(kWaitingRetryMs);
        QObject::connect(&m_waitingTimer, &QTimer::timeout, this, [this] {
            if (!m_waiting.empty() && m_relay->ready()) post([this] { sendWaiting(); });
        });
        m_prekeyTimer.setInterval(kPrekeyCheckIntervalMs);
        QObject::connect(&m_prekeyTimer, &QTimer::timeout, this, [this] {
            if (m_relay->ready()) post([this] { (void)m_messenger->maintainPrekeys(); });
        });
    }

    // First step of closing (may run inside a nested event loop): no more jobs, and the
    // relay connection stops, so every wait for the relay ends with an error. The objects
    // are deleted when the thread has finished (Session::~Session).
    Q_INVOKABLE void beginShutdown()
    {
        m_closing = true;
        m_jobs.clear();
        m_prekeyTimer.stop();
        m_waitingTimer.stop();
        m_retry.stop();
        if (m_messenger) m_messenger->setListening(false);
        if (m_relay) m_relay->stop();
    }

    // From any thread: runs `job` on the session thread after the jobs before it.
    // From any thread: runs `job` on the session thread after the jobs before it.
    void post(std::function<void()> job)
    {
        {
            const std::lock_guard lock(m_incomingMutex);
            m_incoming.push_back(std::move(job));
        }
        QMetaObject::invokeMethod(this, "takeIncoming", Qt::QueuedConnection);
    }

    Q_INVOKABLE void takeIncoming()
    {
        {
            const std::lock_guard lock(m_incomingMutex);
            for (auto& job : m_incoming)
                m_jobs.push_back(std::move(job));
            m_incoming.clear();
        }
        runJobs();
    }

    void toGui(std::function<void(Session&)> f) { m_session->postToGui(std::move(f)); }

    void start()
    {
        toGui([](Session& s) { s.setState(ConnectionState::Connecting, {}); });
        m_messenger->listen([this](const client::InboxEvent& e) { onEvent(e); });
        loadWaiting();
        m_relay->start(true);
        m_prekeyTimer.start();
        m_waitingTimer.start();
        loadHistory();
        showCachedDirectory(); // until the relay answers
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
        saveDirectory(*contacts);
        showContacts(*contacts);
    }

    // The directory as the relay last gave it (chains included), so an official who starts
    // offline can still address memos; every chain is validated again when shown.
    void saveDirectory(const std::vector<client::Contact>& contacts)
    {
        QCborArray all;
        for (const auto& c : contacts) {
            QCborMap chains;
            for (const auto& [device, chain] : c.chains) {
                QCborArray ders;
                for (const auto& der : chain)
                    ders.append(der);
                chains.insert(device, ders);
            }
            all.append(QCborMap{{QStringLiteral("nip"), c.nip},
                                {QStringLiteral("name"), c.name},
                                {QStringLiteral("position"), c.position},
                                {QStringLiteral("office"), c.office},
                                {QStringLiteral("chains"), chains}});
        }
        if (auto st =
                m_account.local().setSetting(kDirectorySetting, QCborValue(all).toCbor().toBase64().toStdString());
            !st)
            problem(st.error());
    }

    void showCachedDirectory()
    {
        auto stored = m_account.local().setting(kDirectorySetting);
        if (!stored || !*stored || (*stored)->empty()) return;
        std::vector<client::Contact> contacts;
        // A cache: one that does not read is ignored (the next connection writes it again).
        const auto all = cborArray(**stored);
        if (!all) return;
        for (const auto& v : *all) {
            const QCborMap m = v.toMap();
            client::Contact c;
            c.nip = m.value(QStringLiteral("nip")).toString();
            c.name = m.value(QStringLiteral("name")).toString();
            c.position = m.value(QStringLiteral("position")).toString();
            c.office = m.value(QStringLiteral("office")).toString();
            const QCborMap chains = m.value(QStringLiteral("chains")).toMap();
            for (auto it = chains.constBegin(); it != chains.constEnd(); ++it) {
                std::vector<QByteArray> chain;
                for (const auto& der : it.value().toArray())
                    chain.push_back(der.toByteArray());
                c.chains[it.key().toString()] = std::move(chain);
            }
            if (!c.nip.isEmpty()) contacts.push_back(std::move(c));
        }
        showContacts(contacts);
    }

    void showContacts(const std::vector<client::Contact>& contacts)
    {
        QVector<ContactView> views;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const auto& c : contacts) {
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
        if (!m_relay->ready() || !sendNow(request, d)) {
            m_waiting.push_back({request, std::move(d)});
            saveWaiting();
            reportPending();
        }
    }

    // Sends now; a send that fails keeps the draft (kept across a restart, retried after
    // the next connection and every kWaitingRetryMs): a typed memo is never lost.
    bool sendNow(quint64 request, const Draft& d)
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
        return r.has_value();
    }

    // The drafts that wait, in order; one that fails stays (its client id makes a later
    // try idempotent), one that needs the signing key waits for it without holding up the rest.
    void sendWaiting()
    {
        if (m_waiting.empty() || !m_relay->ready()) return;
        std::deque<std::pair<quint64, Draft>> still;
        bool wantSigner = false;
        while (!m_waiting.empty()) {
            auto [request, draft] = std::move(m_waiting.front());
            m_waiting.pop_front();
            if (draft.signedDraft && !draft.signer) draft.signer = m_signer;
            if (draft.signedDraft && !draft.signer) {
                wantSigner = true;
                still.push_back({request, std::move(draft)});
                continue;
            }
            if (!m_relay->ready() || !sendNow(request, draft)) still.push_back({request, std::move(draft)});
        }
        m_waiting = std::move(still);
        saveWaiting();
        reportPending();
        if (wantSigner) toGui([](Session& s) { emit s.signerWanted(); });
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
        if (m_closing) return;
        // A job waiting for the relay runs a nested event loop: jobs never run inside one,
        // nor inside the messenger's processing of a delivery.
        if (m_running) return;
        if (m_messenger->processing()) {
            m_retry.start();
            return;
        }
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
        sendWaiting();
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
        if (m_signer) sendWaiting();
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
        const auto all = cborArray(**stored);
        if (!all) {
            // Kept aside, never overwritten: the memos in it may still be recovered.
            (void)m_account.local().setSetting(std::string(kWaitingSetting) + ".unreadable", **stored);
            (void)m_account.local().setSetting(kWaitingSetting, std::string());
            toGui([](Session& s) {
                emit s.problem(QCoreApplication::translate("sandi::desktop",
                                                           "The list of memos waiting to be sent could not be read; "
                                                           "it was kept aside in the history database."));
            });
            return;
        }
        for (const auto& v : *all) {
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
    std::mutex m_incomingMutex;
    std::deque<std::function<void()>> m_incoming; // posted, not yet taken by the session thread
    bool m_closing = false;
    QTimer m_prekeyTimer;
    QTimer m_retry;        // runJobs again once the messenger's delivery processing has ended
    QTimer m_waitingTimer; // tries the waiting drafts again while connected
    QVector<ContactView> m_contacts;
    std::deque<std::pair<quint64, Draft>> m_waiting; // composed while offline
    std::shared_ptr<crypto::Signer> m_signer;
};

} // namespace sandi::desktop
