// SPDX-License-Identifier: GPL-3.0-or-later
// What every connection thread shares: the settings, the storage executor, the
// trust, the registry of online devices (with the per-device rate limits and the
// per-address connection counts), the metrics and the audit log.
#pragma once

#include "config.h"
#include "device_trust.h"
#include "storage_executor.h"

#include "sandi/wire/frame.h"

#include <QObject>
#include <QPointer>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace sandi::server {

// A thread-safe way to reach a QObject that may be deleted meanwhile: its owner
// clears the target under the lock in its destructor, so a post either happens
// before the destruction (and Qt drops the event with the object) or not at all.
class Mailbox final {
  public:
    explicit Mailbox(QObject* target) : m_target(target) {}
    void clear()
    {
        std::lock_guard lock(m_mutex);
        m_target = nullptr;
    }
    template <class F> bool post(F&& f)
    {
        std::lock_guard lock(m_mutex);
        if (m_target == nullptr) return false;
#ifndef __clang_analyzer__ // Qt frees the slot object it makes; the analyzer cannot follow it
        QMetaObject::invokeMethod(m_target, std::forward<F>(f), Qt::QueuedConnection);
#endif
        return true;
    }

  private:
    std::mutex m_mutex;
    QObject* m_target;
};

// Prometheus metrics (docs/relay.md, "Metrics"). Counters only go up.
struct Metrics {
    std::atomic<qint64> connections{0};
    std::atomic<quint64> connectionsTotal{0};
    std::atomic<quint64> refusedHandshakes{0};
    std::atomic<quint64> accepted{0};   // message copies made durable
    std::atomic<quint64> duplicates{0}; // sends answered from the deduplication record
    std::atomic<quint64> delivered{0};  // copies acknowledged by their device
    std::atomic<quint64> expired{0};
    std::atomic<quint64> limitHits{0};
    std::atomic<quint64> badFrames{0};
    std::atomic<qint64> queueDepth{0}; // sampled
    // Commit latency histogram (microseconds), cumulative buckets as Prometheus wants them.
    static constexpr std::array<qint64, 12> kBuckets{100,    250,    500,    1000,    2500,    5000,
                                                     10'000, 25'000, 50'000, 100'000, 250'000, 1'000'000};
    std::array<std::atomic<quint64>, kBuckets.size() + 1> commitBuckets{};
    std::atomic<quint64> commitCount{0};
    std::atomic<quint64> commitMicrosSum{0};
    std::atomic<quint64> commitJobs{0};
    void observeCommit(qint64 micros, std::size_t jobs);
    [[nodiscard]] QByteArray prometheus() const;
};

// A token bucket (rate per second, burst).
class TokenBucket final {
  public:
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): named at the one call
    TokenBucket(double rate, double burst) : m_rate(rate), m_burst(burst), m_tokens(burst) {}
    // Takes one token; false when empty (then `retryAfterMs` says when one is back).
    bool take(std::chrono::steady_clock::time_point now, qint64& retryAfterMs, double cost = 1.0);

  private:
    double m_rate, m_burst, m_tokens;
    std::chrono::steady_clock::time_point m_last{};
};

// Bundles (each consuming one of the target's one-time prekeys) one device may fetch: a
// client starts sessions with a few dozen devices at most at once; a device draining
// another's prekeys is stopped here.
inline constexpr double kPrekeyFetchesPerMinute = 60;
inline constexpr double kPrekeyFetchBurst = 120;
// Requests of one connection waiting for the storage thread; more are refused
// (RATE_LIMITED) so that no connection can queue unbounded work for everyone.
inline constexpr int kMaxPendingRequests = 64;
// Bytes written to a connection and not yet sent; above it no more pushes are made and
// far above it the connection is closed (a reader that does not read).
inline constexpr qint64 kPushPauseBytes = qint64{4} << 20;
inline constexpr qint64 kMaxUnsentBytes = qint64{64} << 20;

class RelayContext final {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;
    RelayContext(RelayConfig config, StorageExecutor& storage, DeviceTrust& trust, Clock clock)
        : m_config(std::move(config)), m_storage(storage), m_trust(trust), m_clock(std::move(clock))
    {
    }
    [[nodiscard]] const RelayConfig& config() const noexcept { return m_config; }
    [[nodiscard]] StorageExecutor& storage() noexcept { return m_storage; }
    [[nodiscard]] DeviceTrust& trust() noexcept { return m_trust; }
    [[nodiscard]] Metrics& metrics() noexcept { return m_metrics; }
    [[nodiscard]] qint64 nowMs() const;
    [[nodiscard]] std::chrono::system_clock::time_point now() const { return m_clock(); }

    // Online devices: each connection registers its mailbox under its device id.
    struct Online {
        std::shared_ptr<Mailbox> mailbox;
        std::function<void(std::vector<StoredMessage>)> wake;  // runs on the connection's thread
        std::function<void(QString code, QString text)> close; // runs on the connection's thread
        std::function<void(wire::Frame)> notice;               // a push frame, on the connection's thread
        std::function<void()> recheck;                         // validate the certificate again (CRLs changed)
    };
    void attach(const QString& device, const void* key, Online online);
    void detach(const QString& device, const void* key);
    // Wakes every connection of `device` with the messages just stored for it.
    void notify(const QString& device, const std::vector<StoredMessage>& messages);
    void closeDevice(const QString& device, const QString& code, const QString& text);
    void pushNotice(const QString& device, const wire::Frame& frame);
    // Every connection validates its certificate again (after a CRL reload).
    void recheckAll();
    [[nodiscard]] std::vector<QString> onlineDevices() const;

    // A send costs one token per copy (a send to 1,000 devices is 1,000 messages).
    bool takeSendTokens(const QString& device, double copies, qint64& retryAfterMs);
    // One-time prekeys fetched by `device` (for anyone): kPrekeyFetchesPerMinute.
    bool takePrekeyFetch(const QString& device, qint64& retryAfterMs);

    // Connections per address (counted from accept to close).
    bool admitAddress(const QString& address);
    void releaseAddress(const QString& address);

    // Appends a security event to the audit log (never message contents) and logs it.
    void audit(const QString& event, const QString& device, const QString& detail);

  private:
    RelayConfig m_config;
    StorageExecutor& m_storage;
    DeviceTrust& m_trust;
    Clock m_clock;
    Metrics m_metrics;
    mutable std::mutex m_mutex;
    std::multimap<QString, std::pair<const void*, Online>> m_online;
    std::map<QString, TokenBucket> m_buckets;
    std::map<QString, TokenBucket> m_fetchBuckets;
    std::map<QString, int> m_perAddress;
    int m_total = 0;
};

} // namespace sandi::server
