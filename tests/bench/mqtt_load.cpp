// SPDX-License-Identifier: GPL-3.0-or-later
// The relay benchmark's load generator against Mosquitto: the same patterns, options
// and JSON as bench_relay_load (relay_load.cpp), over MQTT 3.1.1 with libmosquitto,
// TLS 1.3 with the same device certificates (the broker takes the certificate's CN as
// the user name).
//
//   load mode: receiver i subscribes to bench/<i> at QoS 1 (persistent session), sender i
//   publishes to it at QoS 1 (at most WINDOW unacknowledged per connection); accepted =
//   PUBACKs received, delivered = PUBLISHes received (libmosquitto acknowledges each).
//   idle mode: BASELINE, then CONNECTIONS more connections that only connect.
//
// Each thread runs its own poll() loop over its clients (mosquitto_loop_read/_write/_misc),
// so the generator uses THREADS threads whatever the number of connections.
#include "load_common.h"

#include <mosquitto.h>

#include <poll.h>

#include <csignal>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

namespace {

using namespace sandi::bench;

const char* const kUsage =
    "usage: bench_mqtt_load --port P --certs DIR --ca ROOT.pem --pid BROKER_PID [--mode load|idle]\n"
    "  load: [--pairs 50] [--rate 5000] [--size 1024] [--seconds 10] [--warmup 2] [--window 64] [--drain 15]\n"
    "  idle: [--connections 1000] [--baseline 10] [--settle 2]\n"
    "  both: [--host 127.0.0.1] [--threads 2] [--cert-offset 0]\n";

constexpr int kKeepaliveSeconds = 60;
constexpr int kQos = 1;
constexpr std::int64_t kMiscEveryNs = 500'000'000;

struct Spec {
    int index = 0; // the certificate's
    bool sender = false;
    int peer = -1; // a sender's receiver (its certificate index)
};

struct Shared {
    std::atomic<int> ready{0};
    std::atomic<int> failed{0};
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<int> sendersDone{0};
};

std::string topicOf(int index)
{
    return "bench/" + std::to_string(index);
}

class Worker final {
  public:
    Worker(const Options& o, Shared& shared) : m_o(o), m_shared(shared), m_filler(static_cast<std::size_t>(o.size))
    {
        std::mt19937 rng(12345);
        for (auto& c : m_filler)
            c = static_cast<unsigned char>(rng() & 0xffU);
        m_thread = std::thread([this] { run(); });
    }
    ~Worker()
    {
        m_stop = true;
        m_thread.join();
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void open(std::vector<Spec> specs)
    {
        const std::lock_guard lock(m_mutex);
        for (auto& s : specs)
            m_incoming.push_back(s);
    }
    void startLoad(std::int64_t start, Window measured, double rate)
    {
        const std::lock_guard lock(m_mutex);
        m_window = measured;
        m_schedule = std::make_unique<Schedule>(start, measured.to, rate);
    }
    // After the thread stopped (the destructor joined it) or while it waits: see Shared.
    Tally takeTally()
    {
        const std::lock_guard lock(m_mutex);
        Tally t = std::move(m_tally);
        m_tally = {};
        return t;
    }

  private:
    struct Client {
        Worker* worker = nullptr;
        mosquitto* mosq = nullptr;
        Spec spec;
        std::string peerTopic;
        bool ready = false;
        bool dead = false;
        int inflight = 0;
        std::deque<std::int64_t> backlog;
        std::uint64_t seq = 0;
        std::unordered_set<std::int64_t> seen;
    };

    void connectOne(const Spec& s)
    {
        auto c = std::make_unique<Client>();
        c->worker = this;
        c->spec = s;
        if (s.sender) c->peerTopic = topicOf(s.peer);
        const std::string id = "bench-" + std::to_string(m_o.certOffset + s.index);
        c->mosq = mosquitto_new(id.c_str(), false, c.get());
        const std::string pem = certPath(m_o, s.index, "pem"), key = certPath(m_o, s.index, "key");
        int rc = c->mosq == nullptr ? MOSQ_ERR_NOMEM : MOSQ_ERR_SUCCESS;
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_int_option(c->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_int_option(c->mosq, MOSQ_OPT_TCP_NODELAY, 1);
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_int_option(c->mosq, MOSQ_OPT_SEND_MAXIMUM, m_o.window);
        if (rc == MOSQ_ERR_SUCCESS)
            rc = mosquitto_tls_set(c->mosq, m_o.ca.c_str(), nullptr, pem.c_str(), key.c_str(), nullptr);
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_tls_opts_set(c->mosq, 1, "tlsv1.3", nullptr);
        if (rc == MOSQ_ERR_SUCCESS) {
            mosquitto_connect_callback_set(c->mosq, [](mosquitto*, void* self, int result) {
                static_cast<Client*>(self)->worker->onConnect(*static_cast<Client*>(self), result);
            });
            mosquitto_subscribe_callback_set(c->mosq, [](mosquitto*, void* self, int, int, const int*) {
                static_cast<Client*>(self)->worker->onReady(*static_cast<Client*>(self));
            });
            mosquitto_publish_callback_set(c->mosq, [](mosquitto*, void* self, int) {
                static_cast<Client*>(self)->worker->onPuback(*static_cast<Client*>(self));
            });
            mosquitto_message_callback_set(c->mosq, [](mosquitto*, void* self, const mosquitto_message* m) {
                static_cast<Client*>(self)->worker->onMessage(*static_cast<Client*>(self), m);
            });
            mosquitto_disconnect_callback_set(c->mosq, [](mosquitto*, void* self, int result) {
                static_cast<Client*>(self)->worker->onLost(*static_cast<Client*>(self), result);
            });
            rc = mosquitto_connect(c->mosq, m_o.host.c_str(), m_o.port, kKeepaliveSeconds);
        }
        if (rc != MOSQ_ERR_SUCCESS) {
            std::fprintf(stderr, "%s: %s\n", id.c_str(), mosquitto_strerror(rc));
            if (c->mosq != nullptr) mosquitto_destroy(c->mosq);
            ++m_shared.failed;
            return;
        }
        m_clients.push_back(std::move(c));
    }

    void onConnect(Client& c, int result)
    {
        if (result != 0) {
            std::fprintf(stderr, "CONNACK refused: %s\n", mosquitto_connack_string(result));
            c.dead = true;
            ++m_shared.failed;
            return;
        }
        if (m_o.mode == "load" && !c.spec.sender) {
            const int rc = mosquitto_subscribe(c.mosq, nullptr, topicOf(c.spec.index).c_str(), kQos);
            if (rc != MOSQ_ERR_SUCCESS) {
                c.dead = true;
                ++m_shared.failed;
            }
            return;
        }
        onReady(c);
    }

    void onReady(Client& c)
    {
        if (c.ready) return;
        c.ready = true;
        ++m_shared.ready;
    }

    void onLost(Client& c, int result)
    {
        if (c.dead) return;
        c.dead = true;
        if (!c.ready) {
            ++m_shared.failed;
            std::fprintf(stderr, "connection lost before it was ready: %s\n", mosquitto_strerror(result));
        } else if (!m_stop) {
            ++m_tally.errors["disconnected"];
        }
    }

    void onPuback(Client& c)
    {
        if (!c.spec.sender) return;
        --c.inflight;
        ++m_tally.accepted;
        ++m_shared.accepted;
        const std::int64_t now = nowNs();
        if (m_window.contains(now)) ++m_tally.acceptedInWindow;
        if (!c.backlog.empty() && !m_schedule->over(now)) {
            const std::int64_t due = c.backlog.front();
            c.backlog.pop_front();
            publish(c, due);
        }
    }

    void onMessage(Client& c, const mosquitto_message* m)
    {
        if (countDelivery(m_tally, c.seen, m_window, static_cast<const unsigned char*>(m->payload),
                          static_cast<std::size_t>(m->payloadlen)))
            ++m_shared.delivered;
    }

    void publish(Client& c, std::int64_t due)
    {
        std::vector<unsigned char> payload = m_filler;
        stampPayload(payload.data(), due, uniqueId(c.spec.index, ++c.seq));
        const int rc = mosquitto_publish(c.mosq, nullptr, c.peerTopic.c_str(), static_cast<int>(payload.size()),
                                         payload.data(), kQos, false);
        if (rc != MOSQ_ERR_SUCCESS) {
            ++m_tally.rejected;
            ++m_tally.errors[std::string("publish:") + mosquitto_strerror(rc)];
            return;
        }
        ++c.inflight;
        ++m_tally.sent;
    }

    void schedule(std::int64_t now)
    {
        if (!m_schedule || m_loadOver) return;
        if (m_senders.empty())
            for (auto& c : m_clients)
                if (c->spec.sender) m_senders.push_back(c.get());
        if (!m_senders.empty()) {
            m_schedule->takeDue(now, [&](std::int64_t due) {
                Client& c = *m_senders[m_next++ % m_senders.size()];
                ++m_tally.scheduled;
                if (c.inflight < m_o.window)
                    publish(c, due);
                else if (c.backlog.size() < kMaxBacklogPerSender)
                    c.backlog.push_back(due);
                else
                    ++m_tally.unsent;
            });
        }
        if (m_schedule->over(now)) {
            m_loadOver = true;
            for (Client* c : m_senders) {
                m_tally.unsent += c->backlog.size();
                c->backlog.clear();
            }
        }
    }

    void checkDrained()
    {
        if (!m_loadOver || m_reportedDrained) return;
        for (Client* c : m_senders)
            if (c->inflight > 0 && !c->dead) return;
        m_reportedDrained = true;
        ++m_shared.sendersDone;
    }

    void run()
    {
        std::vector<pollfd> fds;
        std::vector<Client*> polled;
        std::int64_t lastMisc = nowNs();
        while (!m_stop) {
            std::vector<Spec> incoming;
            {
                const std::lock_guard lock(m_mutex);
                incoming.swap(m_incoming);
            }
            for (const Spec& s : incoming)
                connectOne(s);

            const std::lock_guard lock(m_mutex); // the callbacks below touch the tally
            schedule(nowNs());
            fds.clear();
            polled.clear();
            for (auto& c : m_clients) {
                const int fd = mosquitto_socket(c->mosq);
                if (c->dead || fd < 0) continue;
                const auto events = static_cast<short>(POLLIN | (mosquitto_want_write(c->mosq) ? POLLOUT : 0));
                fds.push_back(pollfd{fd, events, 0});
                polled.push_back(c.get());
            }
            const int timeoutMs = m_schedule && !m_loadOver ? 1 : 20;
            if (::poll(fds.data(), fds.size(), timeoutMs) < 0) continue;
            for (std::size_t i = 0; i < fds.size(); ++i) {
                Client& c = *polled[i];
                if ((fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0) mosquitto_loop_read(c.mosq, 1);
                if (!c.dead && (fds[i].revents & POLLOUT) != 0) mosquitto_loop_write(c.mosq, 1);
            }
            const std::int64_t now = nowNs();
            if (now - lastMisc > kMiscEveryNs) {
                lastMisc = now;
                for (auto& c : m_clients)
                    if (!c->dead) mosquitto_loop_misc(c->mosq);
            }
            checkDrained();
        }
        for (auto& c : m_clients) {
            mosquitto_disconnect(c->mosq);
            mosquitto_destroy(c->mosq);
        }
    }

    const Options& m_o;
    Shared& m_shared;
    std::vector<unsigned char> m_filler;
    std::mutex m_mutex;
    std::vector<Spec> m_incoming;
    std::vector<std::unique_ptr<Client>> m_clients;
    std::vector<Client*> m_senders;
    std::size_t m_next = 0;
    std::unique_ptr<Schedule> m_schedule;
    Window m_window;
    bool m_loadOver = false;
    bool m_reportedDrained = false;
    Tally m_tally;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

template <class F> bool waitFor(F&& done, double seconds)
{
    const std::int64_t deadline = nowNs() + static_cast<std::int64_t>(seconds * 1e9);
    while (!done()) {
        if (nowNs() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    const Options o = parseOptions(argc, argv, kUsage);
    raiseFileLimit();
    std::signal(SIGPIPE, SIG_IGN);
    mosquitto_lib_init();
    Shared shared;
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < o.threads; ++i)
        workers.push_back(std::make_unique<Worker>(o, shared));

    auto openConnections = [&](int first, int count, auto&& spec) {
        std::vector<std::vector<Spec>> perWorker(workers.size());
        for (int i = 0; i < count; ++i)
            perWorker[static_cast<std::size_t>(i) % workers.size()].push_back(spec(first + i));
        const int target = shared.ready.load() + shared.failed.load() + count;
        const std::int64_t t0 = nowNs();
        for (std::size_t i = 0; i < workers.size(); ++i)
            workers[i]->open(std::move(perWorker[i]));
        const bool all = waitFor([&] { return shared.ready.load() + shared.failed.load() >= target; }, 120);
        std::fprintf(stderr, "%d connections ready in %.2f s (%d failed)\n", shared.ready.load(),
                     static_cast<double>(nowNs() - t0) / 1e9, shared.failed.load());
        return all && shared.failed.load() == 0;
    };
    auto finish = [&](int status) {
        workers.clear();
        mosquitto_lib_cleanup();
        return status;
    };

    if (o.mode == "idle") {
        auto plain = [](int i) { return Spec{i, false, -1}; };
        if (!openConnections(0, o.baseline, plain)) return finish(1);
        waitFor([] { return false; }, o.settle);
        const std::int64_t before = procStatusKib(o.pid, "VmRSS");
        if (!openConnections(o.baseline, o.connections, plain)) return finish(1);
        waitFor([] { return false; }, o.settle);
        const std::int64_t after = procStatusKib(o.pid, "VmRSS");
        Json j;
        j.str("server", "mosquitto")
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

    if (!openConnections(0, o.pairs, [](int i) { return Spec{2 * i + 1, false, -1}; })) return finish(1);
    if (!openConnections(0, o.pairs, [](int i) { return Spec{2 * i, true, 2 * i + 1}; })) return finish(1);

    const std::int64_t start = nowNs() + 200'000'000;
    const Window measured{start + static_cast<std::int64_t>(o.warmup * 1e9),
                          start + static_cast<std::int64_t>((o.warmup + o.seconds) * 1e9)};
    for (std::size_t i = 0; i < workers.size(); ++i)
        workers[i]->startLoad(start, measured, threadRate(o, static_cast<int>(i)));
    waitFor([&] { return nowNs() >= measured.from; }, o.warmup + 1);
    const double serverCpu0 = procCpuSeconds(o.pid), selfCpu0 = selfCpuSeconds();
    waitFor([&] { return nowNs() >= measured.to; }, o.seconds + 1);
    const double serverCpu = procCpuSeconds(o.pid) - serverCpu0, selfCpu = selfCpuSeconds() - selfCpu0;
    const bool drained = waitFor(
        [&] {
            return shared.sendersDone.load() == static_cast<int>(workers.size()) &&
                   shared.delivered.load() >= shared.accepted.load();
        },
        o.drain);
    if (!drained) std::fprintf(stderr, "not drained after %.0f s\n", o.drain);
    Tally total;
    for (auto& w : workers) {
        Tally t = w->takeTally();
        total.add(t);
    }
    std::printf("%s\n", loadReport("mosquitto", o, total, o.seconds, serverCpu, selfCpu, o.pid).c_str());
    return finish(0);
}
