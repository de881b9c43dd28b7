// SPDX-License-Identifier: GPL-3.0-or-later
// Load generator of the relay benchmark (docs/benchmarks.md, "Relay"; run by
// tests/bench/relay_bench.py): TLS WebSocket connections with device certificates to
// a running sandi-relay, speaking the relay protocol through sandi::wire.
//
//   load mode: PAIRS sender/receiver devices; the senders send RATE messages per second
//   in all (open loop: message k of a thread is due at start + k/rate; at most WINDOW
//   sends in flight per connection, the rest waits in order), each a "send" of one SIZE-
//   byte copy to its receiver; the receivers take the "msg" pushes and acknowledge them
//   (one "ack" per batch that arrived together). Reports accepted sends per second
//   (responses), delivery latency (due time → push received, and handed to the socket →
//   received), the relay's peak RSS and CPU use.
//   idle mode: BASELINE connections say hello, then CONNECTIONS more; the relay's RSS
//   growth divided by CONNECTIONS is the cost of one idle authenticated connection.
//
// One JSON object on stdout. The generator shares the machine with the relay: it runs
// THREADS event loops (one per core by default), each owning its share of the sockets.
#include "load_common.h"

#include "sandi/wire/messages.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <csignal>
#include <deque>
#include <memory>
#include <random>

namespace {

using namespace sandi::bench;
namespace wire = sandi::wire;

const char* const kUsage =
    "usage: bench_relay_load --port P --certs DIR --ca ROOT.pem --pid RELAY_PID [--mode load|idle]\n"
    "  load: [--pairs 50] [--rate 5000] [--size 1024] [--seconds 10] [--warmup 2] [--window 64] [--drain 15]\n"
    "  idle: [--connections 1000] [--baseline 10] [--settle 2]\n"
    "  both: [--host 127.0.0.1] [--threads 2] [--cert-offset 0] [--connecting 32]\n";

constexpr quint64 kHelloId = 1;
constexpr int kTickMs = 1;

struct Device {
    QSslConfiguration tls;
    QString id;
};

Device loadDevice(const Options& o, int index, const QList<QSslCertificate>& anchors)
{
    QFile pem(QString::fromStdString(certPath(o, index, "pem")));
    QFile keyFile(QString::fromStdString(certPath(o, index, "key")));
    if (!pem.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", certPath(o, index, "pem").c_str());
        std::exit(2);
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(pem.readAll(), QSsl::Pem);
    const QSslKey key(keyFile.readAll(), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (chain.isEmpty() || key.isNull()) {
        std::fprintf(stderr, "%s: no certificate or key\n", certPath(o, index, "pem").c_str());
        std::exit(2);
    }
    Device d;
    d.tls = QSslConfiguration::defaultConfiguration();
    d.tls.setProtocol(QSsl::TlsV1_3OrLater);
    d.tls.setLocalCertificate(chain.front());
    d.tls.setLocalCertificateChain(chain);
    d.tls.setPrivateKey(key);
    d.tls.setCaCertificates(anchors);
    d.tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    d.id = wire::deviceIdOf(chain.front().toDer());
    return d;
}

// What the threads share while running.
struct Shared {
    std::atomic<int> ready{0};
    std::atomic<int> failed{0};
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<int> sendersDone{0}; // threads whose senders have no request in flight after the end
};

// One thread's connections.
class Shard final : public QObject {
  public:
    Shard(const Options& o, Shared& shared)
        : m_o(o), m_shared(shared), m_filler(static_cast<qsizetype>(o.size), '\0'), m_tick(this)
    {
        std::mt19937 rng(12345);
        for (auto& c : m_filler)
            c = static_cast<char>(rng() & 0xffU);
    }

    struct Spec {
        Device device;
        int index = 0; // the certificate's
        bool sender = false;
        QString peer; // a sender's receiver
    };

    // Opens the connections (at most `connecting` handshakes at once); each counts in
    // Shared::ready once its hello is answered.
    void open(std::vector<Spec> specs)
    {
        for (auto& s : specs)
            m_toOpen.push_back(std::move(s));
        openMore();
    }

    void startLoad(std::int64_t start, Window measured, double rate)
    {
        m_window = measured;
        m_schedule = std::make_unique<Schedule>(start, measured.to, rate);
        for (auto& c : m_conns)
            if (c->sender) m_senders.push_back(c.get());
        connect(&m_tick, &QTimer::timeout, this, &Shard::tick);
        m_tick.setTimerType(Qt::PreciseTimer);
        m_tick.start(kTickMs);
    }

    Tally takeTally()
    {
        Tally t = std::move(m_tally);
        m_tally = {};
        return t;
    }

    void closeAll()
    {
        m_closing = true;
        m_tick.stop();
        for (auto& c : m_conns) {
            c->ws->disconnect(this);
            c->ws->abort();
        }
    }

  private:
    struct Conn {
        std::unique_ptr<QWebSocket> ws;
        bool sender = false;
        QString peer;
        bool ready = false;
        quint64 nextId = kHelloId + 1;
        int inflight = 0;
        std::deque<std::int64_t> backlog; // due times waiting for the window
        std::uint64_t seq = 0;
        std::vector<quint64> acks;
        bool ackQueued = false;
        std::unordered_set<std::int64_t> seen; // payload ids delivered (duplicates)
        int index = 0;                         // the certificate's
        bool failed = false;
    };

    void openMore()
    {
        while (m_connecting < m_o.connecting && !m_toOpen.empty()) {
            Spec s = std::move(m_toOpen.front());
            m_toOpen.pop_front();
            auto c = std::make_unique<Conn>();
            c->sender = s.sender;
            c->peer = s.peer;
            c->index = s.index;
            c->ws = std::make_unique<QWebSocket>(QString(), QWebSocketProtocol::VersionLatest);
            c->ws->setSslConfiguration(s.device.tls);
            Conn* raw = c.get();
            connect(raw->ws.get(), &QWebSocket::connected, this, [this, raw] {
                const wire::Hello h{{wire::kProtocolVersion}, QStringLiteral("bench_relay_load")};
                raw->ws->sendBinaryMessage(wire::request(kHelloId, wire::op::kHello, h.toCbor()).encode());
            });
            connect(raw->ws.get(), &QWebSocket::binaryMessageReceived, this,
                    [this, raw](const QByteArray& m) { onFrame(*raw, m); });
            auto lost = [this, raw] {
                if (raw->failed) return;
                raw->failed = true;
                if (!raw->ready) {
                    --m_connecting;
                    ++m_shared.failed;
                    std::fprintf(stderr, "connection refused or lost before hello: %s\n",
                                 raw->ws->errorString().toUtf8().constData());
                    openMore();
                } else if (!m_closing) {
                    ++m_tally.errors["disconnected"];
                }
            };
            connect(raw->ws.get(), &QWebSocket::disconnected, this, lost);
            connect(raw->ws.get(), qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, lost);
            ++m_connecting;
            raw->ws->open(QUrl(QStringLiteral("wss://%1:%2/v1").arg(QString::fromStdString(m_o.host)).arg(m_o.port)));
            m_conns.push_back(std::move(c));
        }
    }

    void onFrame(Conn& c, const QByteArray& bytes)
    {
        auto f = wire::Frame::decode(bytes, wire::kMaxFrameBytesLimit);
        if (!f) {
            ++m_tally.errors["bad-frame"];
            return;
        }
        if (f->kind == wire::FrameKind::Push) {
            if (f->op == wire::op::kMessage) onDelivery(c, f->body);
            return;
        }
        if (f->kind == wire::FrameKind::ConnectionError) {
            ++m_tally.errors["connection-error:" + f->errorCode.toStdString()];
            return;
        }
        if (f->kind != wire::FrameKind::Response) return;
        if (f->id == kHelloId && !c.ready) {
            --m_connecting;
            if (f->failed()) {
                ++m_shared.failed;
                std::fprintf(stderr, "hello refused: %s\n", f->errorText.toUtf8().constData());
            } else {
                c.ready = true;
                ++m_shared.ready;
            }
            openMore();
            return;
        }
        if (!c.sender) { // an ack's answer
            if (f->failed()) ++m_tally.errors["ack:" + f->errorCode.toStdString()];
            return;
        }
        --c.inflight;
        if (f->failed()) {
            ++m_tally.rejected;
            ++m_tally.errors["send:" + f->errorCode.toStdString()];
        } else {
            ++m_tally.accepted;
            ++m_shared.accepted;
            if (m_window.contains(nowNs())) ++m_tally.acceptedInWindow;
        }
        if (!c.backlog.empty() && m_schedule && !m_schedule->over(nowNs())) {
            const std::int64_t due = c.backlog.front();
            c.backlog.pop_front();
            sendOne(c, due);
        }
        if (m_draining && c.inflight == 0) checkDrained();
    }

    void onDelivery(Conn& c, const QCborMap& body)
    {
        auto d = wire::Delivery::fromCbor(body);
        if (!d) {
            ++m_tally.errors["bad-delivery"];
            return;
        }
        if (countDelivery(m_tally, c.seen, m_window, reinterpret_cast<const unsigned char*>(d->ciphertext.constData()),
                          static_cast<std::size_t>(d->ciphertext.size())))
            ++m_shared.delivered;
        c.acks.push_back(d->mid);
        if (c.acks.size() >= static_cast<std::size_t>(wire::kMaxAckIds)) flushAcks(c);
        if (!c.ackQueued && !c.acks.empty()) {
            c.ackQueued = true;
            QTimer::singleShot(0, this, [this, &c] { flushAcks(c); });
        }
    }

    void flushAcks(Conn& c)
    {
        c.ackQueued = false;
        if (c.acks.empty()) return;
        wire::Ack a;
        a.mids = std::move(c.acks);
        c.acks.clear();
        c.ws->sendBinaryMessage(wire::request(c.nextId++, wire::op::kAck, a.toCbor()).encode());
    }

    void sendOne(Conn& c, std::int64_t due)
    {
        QByteArray payload = m_filler;
        stampPayload(reinterpret_cast<unsigned char*>(payload.data()), due, uniqueId(c.index, ++c.seq));
        wire::SendRequest r;
        r.clientId = QString::number(c.seq);
        r.copies.push_back({c.peer, std::move(payload)});
        c.ws->sendBinaryMessage(wire::request(c.nextId++, wire::op::kSend, r.toCbor()).encode());
        ++c.inflight;
        ++m_tally.sent;
    }

    void tick()
    {
        const std::int64_t now = nowNs();
        if (!m_senders.empty()) {
            m_schedule->takeDue(now, [&](std::int64_t due) {
                Conn& c = *m_senders[m_next++ % m_senders.size()];
                ++m_tally.scheduled;
                if (c.inflight < m_o.window)
                    sendOne(c, due);
                else if (c.backlog.size() < kMaxBacklogPerSender)
                    c.backlog.push_back(due);
                else
                    ++m_tally.unsent;
            });
        }
        if (m_schedule->over(now)) {
            m_tick.stop();
            for (Conn* c : m_senders) {
                m_tally.unsent += c->backlog.size();
                c->backlog.clear();
            }
            m_draining = true;
            checkDrained();
        }
    }

    void checkDrained()
    {
        if (m_reportedDrained) return;
        for (Conn* c : m_senders)
            if (c->inflight > 0) return;
        m_reportedDrained = true;
        ++m_shared.sendersDone;
    }

    const Options& m_o;
    Shared& m_shared;
    QByteArray m_filler;
    std::deque<Spec> m_toOpen;
    int m_connecting = 0;
    std::vector<std::unique_ptr<Conn>> m_conns;
    std::vector<Conn*> m_senders;
    std::size_t m_next = 0;
    std::unique_ptr<Schedule> m_schedule;
    Window m_window;
    QTimer m_tick; // a child, so it moves to the shard's thread
    bool m_draining = false;
    bool m_reportedDrained = false;
    bool m_closing = false;
    Tally m_tally;
};

// Waits, running the main thread's event loop, until `done` or `seconds` passed.
template <class F> bool waitFor(F&& done, double seconds)
{
    const std::int64_t deadline = nowNs() + static_cast<std::int64_t>(seconds * 1e9);
    while (!done()) {
        if (nowNs() > deadline) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(5);
    }
    return true;
}

void sleepFor(double seconds)
{
    waitFor([] { return false; }, seconds);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const Options o = parseOptions(argc, argv, kUsage);
    raiseFileLimit();
    std::signal(SIGPIPE, SIG_IGN);
    QFile caFile(QString::fromStdString(o.ca));
    if (!caFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", o.ca.c_str());
        return 2;
    }
    const QList<QSslCertificate> anchors = QSslCertificate::fromData(caFile.readAll(), QSsl::Pem);

    Shared shared;
    std::vector<std::unique_ptr<QThread>> threads;
    std::vector<Shard*> shards;
    for (int i = 0; i < o.threads; ++i) {
        auto t = std::make_unique<QThread>();
        auto* s = new Shard(o, shared);
        s->moveToThread(t.get());
        QObject::connect(t.get(), &QThread::finished, s, &QObject::deleteLater);
        t->start();
        shards.push_back(s);
        threads.push_back(std::move(t));
    }
    auto onShard = [&](std::size_t i, auto&& f) {
        QMetaObject::invokeMethod(shards[i], std::forward<decltype(f)>(f), Qt::BlockingQueuedConnection);
    };
    auto finish = [&](int status) {
        for (std::size_t i = 0; i < shards.size(); ++i)
            onShard(i, [s = shards[i]] { s->closeAll(); });
        for (auto& t : threads) {
            t->quit();
            t->wait();
        }
        return status;
    };
    // Opens `count` connections from certificate `first` on, spread over the threads.
    auto openConnections = [&](int first, int count, auto&& spec) {
        std::vector<std::vector<Shard::Spec>> perShard(shards.size());
        for (int i = 0; i < count; ++i)
            perShard[static_cast<std::size_t>(i) % shards.size()].push_back(spec(first + i));
        const int target = shared.ready.load() + shared.failed.load() + count;
        const std::int64_t t0 = nowNs();
        for (std::size_t i = 0; i < shards.size(); ++i)
            onShard(i, [s = shards[i], specs = std::move(perShard[i])]() mutable { s->open(std::move(specs)); });
        const bool all = waitFor([&] { return shared.ready.load() + shared.failed.load() >= target; }, 120);
        std::fprintf(stderr, "%d connections ready in %.2f s (%d failed)\n", shared.ready.load(),
                     static_cast<double>(nowNs() - t0) / 1e9, shared.failed.load());
        return all && shared.failed.load() == 0;
    };

    if (o.mode == "idle") {
        auto plain = [&](int i) { return Shard::Spec{loadDevice(o, i, anchors), i, false, {}}; };
        if (!openConnections(0, o.baseline, plain)) return finish(1);
        sleepFor(o.settle);
        const std::int64_t before = procStatusKib(o.pid, "VmRSS");
        if (!openConnections(o.baseline, o.connections, plain)) return finish(1);
        sleepFor(o.settle);
        const std::int64_t after = procStatusKib(o.pid, "VmRSS");
        Json j;
        j.str("server", "sandi-relay")
            .str("mode", "idle")
            .integer("connections", o.connections)
            .integer("baseline_connections", o.baseline)
            .integer("rss_before_kib", before)
            .integer("rss_after_kib", after)
            .integer("server_hwm_kib", procStatusKib(o.pid, "VmHWM"))
            .num("kib_per_connection", static_cast<double>(after - before) / o.connections);
        std::printf("%s\n", j.text().c_str());
        return finish(0);
    }

    // Load: receivers (certificates 2i+1) first, so every sender's peer is in the directory.
    std::vector<Device> receivers;
    for (int i = 0; i < o.pairs; ++i)
        receivers.push_back(loadDevice(o, 2 * i + 1, anchors));
    auto receiver = [&](int i) { return Shard::Spec{receivers[static_cast<std::size_t>(i)], 2 * i + 1, false, {}}; };
    auto sender = [&](int i) {
        return Shard::Spec{loadDevice(o, 2 * i, anchors), 2 * i, true, receivers[static_cast<std::size_t>(i)].id};
    };
    if (!openConnections(0, o.pairs, receiver)) return finish(1);
    if (!openConnections(0, o.pairs, sender)) return finish(1);

    const std::int64_t start = nowNs() + 200'000'000; // 0.2 s for every thread to be ready
    const Window measured{start + static_cast<std::int64_t>(o.warmup * 1e9),
                          start + static_cast<std::int64_t>((o.warmup + o.seconds) * 1e9)};
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const double rate = threadRate(o, static_cast<int>(i));
        onShard(i, [s = shards[i], start, measured, rate] { s->startLoad(start, measured, rate); });
    }
    waitFor([&] { return nowNs() >= measured.from; }, o.warmup + 1);
    const double serverCpu0 = procCpuSeconds(o.pid), selfCpu0 = selfCpuSeconds();
    waitFor([&] { return nowNs() >= measured.to; }, o.seconds + 1);
    const double serverCpu = procCpuSeconds(o.pid) - serverCpu0, selfCpu = selfCpuSeconds() - selfCpu0;
    const bool drained = waitFor(
        [&] {
            return shared.sendersDone.load() == static_cast<int>(shards.size()) &&
                   shared.delivered.load() >= shared.accepted.load();
        },
        o.drain);
    if (!drained) std::fprintf(stderr, "not drained after %.0f s\n", o.drain);
    Tally total;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        Tally t;
        onShard(i, [&t, s = shards[i]] { t = s->takeTally(); });
        total.add(t);
    }
    std::printf("%s\n", loadReport("sandi-relay", o, total, o.seconds, serverCpu, selfCpu, o.pid).c_str());
    return finish(0);
}
