// SPDX-License-Identifier: GPL-3.0-or-later
// An unlocked account, as the desktop uses it: the Account, its RelayClient and its
// Messenger live on a thread of their own, so the window never waits for the relay or
// for the history database. The GUI thread asks through Session's methods (each request
// is queued and the requests run one at a time, in order) and learns the outcome from
// Session's signals, always emitted on the GUI thread. Deliveries are taken as they
// arrive, between requests. Nothing here knows about widgets.
#pragma once

#include "sandi/client/account.h"
#include "sandi/client/messenger.h"
#include "sandi/desktop/views.h"

#include <QObject>
#include <QThread>

#include <deque>
#include <functional>

#include <filesystem>
#include <memory>
#include <mutex>

namespace sandi::crypto {
class Signer;
}

namespace sandi::desktop {

inline constexpr int kPrekeyCheckIntervalMs = 5 * 60 * 1000; // besides after every (re)connection
inline constexpr int kHistoryLoadLimit = 5000;               // newest memos loaded at unlock

// The nota dinas fields of a memo to send (e2e::Memo without attachments: copyable).
struct MemoFields {
    QString nomor;
    QStringList kepada;
    QString dari;
    QStringList tembusan;
    QString tanggal; // YYYY-MM-DD
    e2e::Urgency sifat = e2e::Urgency::Biasa;
    QString lampiran, hal, body;
    QString signerPosition, signerName, signerRank, signerNip;
    e2e::Classification classification = e2e::Classification::Biasa;
    std::optional<qint64> expiresAt; // seconds since the epoch
    [[nodiscard]] e2e::Memo toMemo() const;
    static MemoFields fromMemo(const e2e::Memo& memo);
};

// What a memo to send says (the GUI's form), with its attachments and optional signer.
struct Draft {
    QStringList toNips; // or:
    QString group;
    MemoFields memo; // nota dinas fields, classification, sifat, expiry
    std::vector<std::filesystem::path> attachments;
    std::shared_ptr<crypto::Signer> signer; // signs the memo when set (used on the session thread)
    QString clientId;                       // "" → a new one; keep it to retry the same send
    bool signedDraft = false;               // to be signed (a draft kept across a restart has no signer yet)
};

class SessionWorker;

class Session final : public QObject {
    Q_OBJECT
  public:
    // Opens the account (a wrong passphrase → WrongPassphrase) and starts its thread.
    // Nothing connects until start().
    static Result<std::unique_ptr<Session>> open(const std::filesystem::path& store,
                                                 const crypto::SecureBuffer& passphrase);
    ~Session() override; // stops the thread and closes the account (keys wiped)

    // Connects (and reconnects with backoff), then publishes prekeys, sends what the outbox
    // holds and takes deliveries. Loads the history and the directory.
    void start();

    // Requests; each answered by the signal named beside it.
    void loadHistory();                                                             // historyLoaded
    void refreshContacts();                                                         // contactsLoaded
    void search(const QString& text);                                               // searchFinished
    quint64 send(const Draft& draft);                                               // sendFinished (also memoChanged)
    void markRead(const QString& memoId);                                           // memoChanged
    quint64 fetchAttachment(const QString& memoId, int index, const QString& path); // attachmentFetched
    void setVerifiedInPerson(const QString& nip, bool verified);                    // contactsLoaded
    void createGroup(const QString& name, const QStringList& nips);                 // groupFinished, contactsLoaded
    // The official's signing key, once opened: signs drafts that were kept across a restart.
    void setSigner(std::shared_ptr<crypto::Signer> signer);

    // The account's fixed facts (read on any thread: they do not change while it is open).
    [[nodiscard]] const client::DeviceInfo& self() const noexcept;
    [[nodiscard]] const std::vector<crypto::Certificate>& anchors() const noexcept;
    [[nodiscard]] const std::vector<crypto::Crl>& crls() const noexcept;
    [[nodiscard]] const std::filesystem::path& directory() const noexcept;
    [[nodiscard]] QStringList relays() const;
    [[nodiscard]] ConnectionState connectionState() const noexcept { return m_state; }
    [[nodiscard]] int pendingSends() const noexcept { return m_pending; }

  signals:
    void connectionChanged(sandi::desktop::ConnectionState state, const QString& detail);
    void historyLoaded(const QVector<sandi::desktop::MemoView>& memos); // newest first
    void memoArrived(const sandi::desktop::MemoView& memo);             // a new incoming memo
    void memoChanged(const sandi::desktop::MemoView& memo);             // sent, a receipt, read, or stored
    void contactsLoaded(const QVector<sandi::desktop::ContactView>& contacts,
                        const QVector<sandi::desktop::GroupView>& groups);
    void searchFinished(const QString& text, const QStringList& memoIds);
    void sendFinished(quint64 request, bool ok, const QString& memoId, const QString& error);
    void attachmentFetched(quint64 request, bool ok, const QString& error);
    void groupFinished(bool ok, const QString& error);
    void pendingSendsChanged(int pending); // sends composed but not yet accepted by the relay
    void signerWanted();                   // a signed memo waits for the signing key (after a restart)
    void problem(const QString& text);     // something the user should know (never secret)

  private:
    friend class SessionWorker;
    Session() = default;
    void setState(ConnectionState state, const QString& detail);
    // From the session thread: runs `f` on the GUI thread, in order (never after ~Session).
    void postToGui(std::function<void(Session&)> f);
    Q_INVOKABLE void takeFromWorker();

    std::unique_ptr<client::Account> m_account;
    QThread m_thread;
    SessionWorker* m_worker = nullptr; // lives on m_thread, deleted when it finishes
    ConnectionState m_state = ConnectionState::Offline;
    int m_pending = 0;
    quint64 m_nextRequest = 1;
    std::mutex m_toGuiMutex;
    std::deque<std::function<void(Session&)>> m_toGui;
};

// A certificate chain's status for people (contact details), from sandi_pki's validation
// against the account's anchors and CRLs at `now`.
DeviceView deviceView(const QString& deviceId, const std::vector<QByteArray>& chain, const client::Account& account,
                      const QDateTime& now);

} // namespace sandi::desktop
