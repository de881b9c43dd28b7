// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/session.h"

#include "session_worker.h"

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
    QMetaObject::invokeMethod(w, "init", Qt::BlockingQueuedConnection);
    return session;
}

Session::~Session()
{
    if (m_worker) {
        SessionWorker* w = m_worker;
        QMetaObject::invokeMethod(w, "beginShutdown", Qt::BlockingQueuedConnection);
        // Deleted on its own thread once that thread's event loop has returned: no nested
        // loop of a use case is still on its stack then.
        QObject::connect(&m_thread, &QThread::finished, [w] { delete w; }); // no context: runs on the finishing thread
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
    m_account.reset();
}

void Session::postToGui(std::function<void(Session&)> f)
{
    {
        const std::lock_guard lock(m_toGuiMutex);
        m_toGui.push_back(std::move(f));
    }
    QMetaObject::invokeMethod(this, "takeFromWorker", Qt::QueuedConnection);
}

void Session::takeFromWorker()
{
    std::deque<std::function<void(Session&)>> batch;
    {
        const std::lock_guard lock(m_toGuiMutex);
        batch.swap(m_toGui);
    }
    for (auto& f : batch)
        f(*this);
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
    m_worker->post([w = m_worker, request, draft] { w->send(request, draft); });
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
