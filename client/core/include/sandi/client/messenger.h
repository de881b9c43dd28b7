// SPDX-License-Identifier: GPL-3.0-or-later
// The messaging use cases over an Account and a RelayClient: publishing prekeys,
// the directory (every device certificate validated here, never trusted from the
// relay), sending a memo to every device of every recipient and to this official's
// other devices (persist before send: the ciphertexts go to the outbox before the
// first attempt), receiving (deduplicated, decrypted, stored, acknowledged, receipts),
// attachments (encrypted client-side, uploaded and downloaded in resumable chunks)
// and groups. docs/messaging.md describes the flows.
#pragma once

#include "sandi/client/account.h"
#include "sandi/client/relay_client.h"

#include <QTimer>

#include <deque>
#include <functional>
#include <map>

namespace sandi::crypto {
class Signer;
}

namespace sandi::client {

inline constexpr int kReconnectWaitMs = 60'000; // how long a transfer waits for the relay to come back
// One-time prekeys kept in the key store: the newest; older ones were handed out long ago.
inline constexpr std::size_t kMaxRetainedOneTimePreKeys = 1000;

struct Outgoing {
    std::vector<std::string> toNips;
    std::string group; // instead of toNips: every member of the group
    e2e::Memo memo;    // hal, body, classification, sifat, … (the rest is filled in)
    std::vector<std::filesystem::path> attachments;
    crypto::Signer* signer = nullptr; // signs the memo (CAdES) when set
    std::string clientId;             // "" → a random one; the same id makes a retry idempotent
};

struct SendReport {
    std::string memoId;
    std::string clientId;
    std::size_t devices = 0;
    bool duplicate = false;       // the relay had stored this client id before
    bool alreadyAccepted = false; // this store had sent it before: nothing was sent again
    std::string outboxError;      // older queued sends that still failed ("" if none)
};

struct InboxEvent {
    enum class Kind { Memo, Receipt, Problem };
    Kind kind = Kind::Memo;
    StoredMemo memo;  // Memo: the stored memo; Receipt: only its id is set (the memo whose state changed)
    std::string text; // Receipt/Problem: what happened
};

struct Contact {
    QString nip, name, position, office;
    std::map<QString, std::vector<QByteArray>>
        chains;                      // device id → the chain the relay gave (DER, leaf first), valid or not
    std::vector<DeviceInfo> devices; // valid ones only
    std::vector<std::pair<QString, std::string>> refused; // device id, why its certificate was not accepted
};

class Messenger final : public QObject {
    Q_OBJECT
  public:
    Messenger(Account& account, RelayClient& relay, QObject* parent = nullptr);

    // After each hello: publishes the signed prekey if the relay has none of ours,
    // and tops the one-time prekeys up to kInitialOneTimePreKeys.
    Status maintainPrekeys();

    Result<std::vector<Contact>> contacts();
    Result<SendReport> send(const Outgoing& outgoing);
    // Sends what the outbox still holds (after a failure or a crash).
    Status flushOutbox();

    // Takes deliveries until the relay says the backlog is drained and everything is
    // stored and acknowledged, then for `extraMs` more (0: return at once; <0: forever).
    Status receive(int extraMs, const std::function<void(const InboxEvent&)>& onEvent);

    // For a client that runs all day (the desktop): takes deliveries as they arrive, as
    // receive() does, and reports each through `onEvent` (called on this thread) for as
    // long as listening is on. setListening(false) holds new deliveries, queued and
    // unacknowledged, while another use case runs; setListening(true) takes them.
    void listen(std::function<void(const InboxEvent&)> onEvent);
    void setListening(bool on);
    // A delivery is being processed (it may wait for the relay in a nested event loop):
    // a caller on the same thread runs no other use case until it ends.
    [[nodiscard]] bool processing() const noexcept { return m_processing; }

    Status markRead(const std::string& memoId);
    Status fetchAttachment(const std::string& memoId, int index, const std::filesystem::path& out);

    // Groups (kept by every member; changes are signed by the member who made them and
    // shown to the others as memos of their own kind).
    Status createGroup(const std::string& name, const std::vector<std::string>& memberNips);
    Status addToGroup(const std::string& name, const std::vector<std::string>& nips);
    Status removeFromGroup(const std::string& name, const std::vector<std::string>& nips);

  private:
    void onPush(const wire::Frame& frame);
    void processQueue();
    void processDelivery(const wire::Delivery& d);
    void acknowledge(quint64 mid);
    Result<DeviceInfo> device(const QString& deviceId);
    Result<std::vector<DeviceInfo>> devicesOf(const QString& nip);
    Status ensureSession(const DeviceInfo& peer);
    Result<std::vector<std::pair<std::string, std::vector<std::uint8_t>>>>
    encryptFor(const std::vector<DeviceInfo>& devices, e2e::ContentType type, std::span<const std::byte> body);
    Status transmit(const OutboxEntry& entry, bool& duplicate);
    Status sendControl(const std::vector<DeviceInfo>& devices, e2e::ContentType type, const QByteArray& body,
                       const std::string& clientId);
    Result<e2e::MemoAttachment> upload(const std::filesystem::path& file);
    Status publishGroup(const GroupRecord& g, const std::vector<std::string>& notify);
    Result<QCborMap> callWithReconnect(const QString& op, const QCborMap& body);
    void emitEvent(const InboxEvent& e);

    Account& m_account;
    RelayClient& m_relay;
    std::map<QString, DeviceInfo> m_devices;             // validated this run
    std::map<QString, std::vector<QByteArray>> m_chains; // as the relay gave them, valid or not
    std::deque<wire::Delivery> m_queue;
    bool m_processing = false;
    bool m_receiving = false;
    QTimer m_processSoon; // runs processQueue from the event loop, outside the socket's signal
    bool m_drained = false;
    int m_acksInFlight = 0;
    bool m_prekeysLow = false;
    std::function<void(const InboxEvent&)> m_onEvent;
};

} // namespace sandi::client
