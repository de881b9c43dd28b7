// SPDX-License-Identifier: GPL-3.0-or-later
#include "relay_context.h"

#include "log.h"

#include <algorithm>
#include <cmath>

namespace sandi::server {

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): one call, from the executor's observer
void Metrics::observeCommit(qint64 micros, std::size_t jobs)
{
    std::size_t i = 0;
    while (i < kBuckets.size() && micros > kBuckets[i])
        ++i;
    commitBuckets[i].fetch_add(1, std::memory_order_relaxed);
    commitCount.fetch_add(1, std::memory_order_relaxed);
    commitMicrosSum.fetch_add(static_cast<quint64>(std::max<qint64>(micros, 0)), std::memory_order_relaxed);
    commitJobs.fetch_add(jobs, std::memory_order_relaxed);
}

QByteArray Metrics::prometheus() const
{
    QByteArray out;
    auto line = [&](const char* name, const char* type, const char* help, auto value) {
        out += QByteArray("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
               QByteArray::number(static_cast<qint64>(value)) + "\n";
    };
    line("sandi_relay_connections", "gauge", "Open device connections.", connections.load());
    line("sandi_relay_connections_total", "counter", "Device connections accepted.", connectionsTotal.load());
    line("sandi_relay_refused_handshakes_total", "counter", "Connections refused at the handshake.",
         refusedHandshakes.load());
    line("sandi_relay_messages_accepted_total", "counter", "Message copies made durable.", accepted.load());
    line("sandi_relay_messages_duplicate_total", "counter", "Sends answered from the deduplication record.",
         duplicates.load());
    line("sandi_relay_messages_delivered_total", "counter", "Message copies acknowledged by their device.",
         delivered.load());
    line("sandi_relay_messages_expired_total", "counter", "Message copies that expired undelivered.", expired.load());
    line("sandi_relay_limit_hits_total", "counter", "Requests refused by a limit.", limitHits.load());
    line("sandi_relay_bad_frames_total", "counter", "Connections closed for a malformed or oversized frame.",
         badFrames.load());
    line("sandi_relay_queue_depth", "gauge", "Message copies waiting for their device.", queueDepth.load());
    out += "# HELP sandi_relay_commit_seconds Duration of one group commit.\n# TYPE sandi_relay_commit_seconds "
           "histogram\n";
    quint64 cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += commitBuckets[i].load();
        out += "sandi_relay_commit_seconds_bucket{le=\"" +
               QByteArray::number(static_cast<double>(kBuckets[i]) / 1e6, 'g', 6) + "\"} " +
               QByteArray::number(cumulative) + "\n";
    }
    cumulative += commitBuckets[kBuckets.size()].load();
    out += "sandi_relay_commit_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(cumulative) + "\n";
    out += "sandi_relay_commit_seconds_sum " +
           QByteArray::number(static_cast<double>(commitMicrosSum.load()) / 1e6, 'f', 6) + "\n";
    out += "sandi_relay_commit_seconds_count " + QByteArray::number(commitCount.load()) + "\n";
    line("sandi_relay_commit_jobs_total", "counter", "Storage requests committed (in all batches).", commitJobs.load());
    return out;
}

bool TokenBucket::take(std::chrono::steady_clock::time_point now, qint64& retryAfterMs, double cost)
{
    if (m_last.time_since_epoch().count() != 0) {
        const double elapsed = std::chrono::duration<double>(now - m_last).count();
        m_tokens = std::min(m_burst, m_tokens + elapsed * m_rate);
    }
    m_last = now;
    if (m_tokens >= cost) {
        m_tokens -= cost;
        retryAfterMs = 0;
        return true;
    }
    // More than the bucket holds can never pass: say when a full bucket is back.
    const double need = std::min(cost, m_burst) - m_tokens;
    retryAfterMs = static_cast<qint64>(std::ceil(need / m_rate * 1000.0));
    return false;
}

qint64 RelayContext::nowMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(m_clock().time_since_epoch()).count();
}

void RelayContext::attach(const QString& device, const void* key, Online online)
{
    std::lock_guard lock(m_mutex);
    m_online.emplace(device, std::pair{key, std::move(online)});
}

void RelayContext::detach(const QString& device, const void* key)
{
    std::lock_guard lock(m_mutex);
    auto [b, e] = m_online.equal_range(device);
    for (auto it = b; it != e; ++it) {
        if (it->second.first == key) {
            m_online.erase(it);
            return;
        }
    }
}

void RelayContext::notify(const QString& device, const std::vector<StoredMessage>& messages)
{
    std::lock_guard lock(m_mutex);
    auto [b, e] = m_online.equal_range(device);
    for (auto it = b; it != e; ++it) {
        auto wake = it->second.second.wake;
        it->second.second.mailbox->post([wake, messages] { wake(messages); });
    }
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a device, then the error frame's code and text
void RelayContext::closeDevice(const QString& device, const QString& code, const QString& text)
{
    std::lock_guard lock(m_mutex);
    auto [b, e] = m_online.equal_range(device);
    for (auto it = b; it != e; ++it) {
        auto close = it->second.second.close;
        it->second.second.mailbox->post([close, code, text] { close(code, text); });
    }
}

void RelayContext::pushNotice(const QString& device, const wire::Frame& frame)
{
    std::lock_guard lock(m_mutex);
    auto [b, e] = m_online.equal_range(device);
    for (auto it = b; it != e; ++it) {
        auto notice = it->second.second.notice;
        it->second.second.mailbox->post([notice, frame] { notice(frame); });
    }
}

void RelayContext::recheckAll()
{
    std::lock_guard lock(m_mutex);
    for (auto& [device, entry] : m_online) {
        auto recheck = entry.second.recheck;
        entry.second.mailbox->post([recheck] { recheck(); });
    }
}

std::vector<QString> RelayContext::onlineDevices() const
{
    std::lock_guard lock(m_mutex);
    std::vector<QString> out;
    for (const auto& [device, entry] : m_online)
        if (out.empty() || out.back() != device) out.push_back(device);
    return out;
}

bool RelayContext::takeSendTokens(const QString& device, double copies, qint64& retryAfterMs)
{
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(device);
    if (it == m_buckets.end())
        it = m_buckets.emplace(device, TokenBucket(m_config.ratePerSecond, m_config.rateBurst)).first;
    return it->second.take(std::chrono::steady_clock::now(), retryAfterMs, copies);
}

bool RelayContext::takePrekeyFetch(const QString& device, qint64& retryAfterMs)
{
    std::lock_guard lock(m_mutex);
    auto it = m_fetchBuckets.find(device);
    if (it == m_fetchBuckets.end())
        it = m_fetchBuckets.emplace(device, TokenBucket(kPrekeyFetchesPerMinute / 60.0, kPrekeyFetchBurst)).first;
    return it->second.take(std::chrono::steady_clock::now(), retryAfterMs);
}

bool RelayContext::admitAddress(const QString& address)
{
    std::lock_guard lock(m_mutex);
    int& n = m_perAddress[address];
    if (n >= m_config.maxConnectionsPerAddress || m_total >= m_config.maxConnections) {
        if (n == 0) m_perAddress.erase(address);
        return false;
    }
    ++n;
    ++m_total;
    return true;
}

void RelayContext::releaseAddress(const QString& address)
{
    std::lock_guard lock(m_mutex);
    auto it = m_perAddress.find(address);
    if (it == m_perAddress.end()) return;
    --m_total;
    if (--it->second == 0) m_perAddress.erase(it);
}

void RelayContext::audit(const QString& event, const QString& device, const QString& detail)
{
    const qint64 at = nowMs();
    // The log line carries the entry's seq and hash: the journal keeps an outside copy of
    // the chain's head, against which `audit-verify` shows a log cut short at its end.
    m_storage.submit<AuditEntry>(
        [=](Storage& s) { return s.audit().append(at, event, device, detail); },
        [event, device, detail](const Result<AuditEntry>& r) {
            if (!r) {
                logEvent(LogLevel::Error, "audit-failed",
                         {{"what", event}, {"device", device}, {"error", QString::fromStdString(r.error().message)}});
                return;
            }
            logEvent(LogLevel::Info, "audit",
                     {{"what", event},
                      {"device", device},
                      {"detail", detail},
                      {"seq", QString::number(r->seq)},
                      {"hash", QString::fromLatin1(r->hash.toHex())}});
        });
}

} // namespace sandi::server
