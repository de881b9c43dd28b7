// SPDX-License-Identifier: GPL-3.0-or-later
// One authenticated device on one WebSocket: decodes its frames, runs its requests
// through the storage executor, pushes its queued messages (at most the delivery
// window unacknowledged at a time) and says when the backlog is drained. Lives on its
// worker thread; everything here runs there.
#pragma once

#include "device_trust.h"
#include "relay_context.h"

#include "sandi/wire/messages.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <set>

class QWebSocket;

namespace sandi::server {

class Connection final : public QObject {
    Q_OBJECT
  public:
    Connection(QWebSocket* socket, AuthenticatedDevice device, QString peerAddress, RelayContext& context,
               QObject* parent = nullptr);
    ~Connection() override;

  private:
    void onBinary(const QByteArray& message);
    void onFrameFragment(const QByteArray& fragment, bool last);
    void onDisconnected();
    void handle(const wire::Frame& frame);

    void hello(const wire::Frame& f);
    void directoryList(const wire::Frame& f);
    void directoryDevices(const wire::Frame& f);
    void directoryDevice(const wire::Frame& f);
    void prekeysUpload(const wire::Frame& f);
    void prekeysFetch(const wire::Frame& f);
    void prekeysStatus(const wire::Frame& f);
    void send(const wire::Frame& f);
    void ack(const wire::Frame& f);
    void blobCreate(const wire::Frame& f);
    void blobPut(const wire::Frame& f);
    void blobStatus(const wire::Frame& f);
    void blobGet(const wire::Frame& f);

    void sendFrame(const wire::Frame& frame);
    void reply(quint64 id, const QCborMap& body) { sendFrame(wire::response(id, body)); }
    void refuse(quint64 id, const QString& code, const QString& text) { sendFrame(wire::failure(id, code, text)); }
    void refuseStorage(quint64 id, const Error& error);
    void closeWithError(const QString& code, const QString& text);

    // Runs `job` in the next storage batch; `done` runs on this connection's thread
    // after the commit (not at all if the connection is gone by then).
    template <class T> void store(std::function<Result<T>(Storage&)> job, std::function<void(Result<T>)> done);

    void wake(std::vector<StoredMessage> messages);
    void notice(const wire::Frame& frame) { sendFrame(frame); }
    void recheck();
    void fetchBacklog();
    void pump();

    QWebSocket* m_socket;
    AuthenticatedDevice m_device;
    QString m_address;
    RelayContext& m_ctx;
    std::shared_ptr<Mailbox> m_mailbox;
    QTimer m_idle;
    QTimer m_ping;
    QTimer m_retry;    // a failed backlog read is tried again
    int m_pending = 0; // requests waiting for the storage thread
    bool m_hello = false;
    bool m_closing = false;
    qint64 m_fragmentBytes = 0;

    std::deque<StoredMessage> m_outgoing;
    std::set<quint64> m_inflight;
    quint64 m_highest = 0; // highest mid taken into m_outgoing
    bool m_fetching = false;
    bool m_needFetch = false;
    bool m_drainPending = true; // "drained" not yet said for the backlog found at hello
};

} // namespace sandi::server
