// SPDX-License-Identifier: GPL-3.0-or-later
// What the two load generators of the relay benchmark share (relay_load.cpp against
// sandi-relay, mqtt_load.cpp against Mosquitto): the options, the payload layout, the
// open-loop schedule, the figures and their JSON, and reading the server's memory and
// CPU time from /proc. Header-only, no Qt: the MQTT generator is plain C++.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace sandi::bench {

using Clock = std::chrono::steady_clock;

inline std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// Every message's payload starts with the time it was due by the schedule, the time it
// was handed to the socket (steady clock, ns) and a number unique in the run (the
// sender's index << 40 | its count), each 8 bytes little-endian; the rest is filler.
inline constexpr std::size_t kStampBytes = 8;
inline constexpr std::size_t kPayloadHeaderBytes = 3 * kStampBytes;
inline constexpr unsigned kSenderShift = 40;

inline std::int64_t uniqueId(int sender, std::uint64_t count)
{
    return static_cast<std::int64_t>((static_cast<std::uint64_t>(sender) << kSenderShift) | count);
}

inline void putStamp(unsigned char* at, std::int64_t ns)
{
    auto v = static_cast<std::uint64_t>(ns);
    for (std::size_t i = 0; i < kStampBytes; ++i) {
        at[i] = static_cast<unsigned char>(v & 0xffU);
        v >>= 8U;
    }
}

inline std::int64_t getStamp(const unsigned char* at)
{
    std::uint64_t v = 0;
    for (std::size_t i = kStampBytes; i-- > 0;)
        v = (v << 8U) | at[i];
    return static_cast<std::int64_t>(v);
}

// Limits of the generators themselves.
inline constexpr int kMaxConnections = 100'000;
inline constexpr int kMaxWindow = 10'000;
inline constexpr std::size_t kMaxBacklogPerSender = 1'000'000; // due, not yet sent (window full)

struct Options {
    std::string mode = "load"; // load | idle
    std::string host = "127.0.0.1";
    int port = 0;
    std::string certs; // directory of dev-NNNNN.pem / .key (bench_device_certs)
    std::string ca;    // trust anchor of the server's certificate
    int pairs = 50;
    double rate = 5000; // messages per second, all senders together
    int size = 1024;
    double seconds = 10; // measured
    double warmup = 2;   // sent but not measured, before
    double drain = 15;   // at most, after, for responses and deliveries
    int window = 64;     // requests in flight per sender connection
    int connections = 1000;
    int baseline = 10; // idle mode: connections opened before the first memory reading
    double settle = 2; // idle mode: seconds before each memory reading
    int threads = 2;
    int pid = 0;         // the server's process
    int certOffset = 0;  // first certificate used
    int connecting = 32; // handshakes under way at once, per thread
};

// --name value pairs; an unknown name or a bad number ends the program.
inline Options parseOptions(int argc, char** argv, const char* usage)
{
    Options o;
    auto number = [&](const char* name, const char* v) {
        char* end = nullptr;
        const double d = std::strtod(v, &end);
        if (end == v || *end != '\0') {
            std::fprintf(stderr, "--%s: '%s' is not a number\n%s", name, v, usage);
            std::exit(2);
        }
        return d;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            std::exit(0);
        }
        if (a.rfind("--", 0) != 0 || i + 1 >= argc) {
            std::fprintf(stderr, "unexpected argument '%s'\n%s", a.c_str(), usage);
            std::exit(2);
        }
        const std::string name = a.substr(2);
        const char* v = argv[++i];
        if (name == "mode")
            o.mode = v;
        else if (name == "host")
            o.host = v;
        else if (name == "certs")
            o.certs = v;
        else if (name == "ca")
            o.ca = v;
        else if (name == "port")
            o.port = static_cast<int>(number("port", v));
        else if (name == "pairs")
            o.pairs = static_cast<int>(number("pairs", v));
        else if (name == "rate")
            o.rate = number("rate", v);
        else if (name == "size")
            o.size = static_cast<int>(number("size", v));
        else if (name == "seconds")
            o.seconds = number("seconds", v);
        else if (name == "warmup")
            o.warmup = number("warmup", v);
        else if (name == "drain")
            o.drain = number("drain", v);
        else if (name == "window")
            o.window = static_cast<int>(number("window", v));
        else if (name == "connections")
            o.connections = static_cast<int>(number("connections", v));
        else if (name == "baseline")
            o.baseline = static_cast<int>(number("baseline", v));
        else if (name == "settle")
            o.settle = number("settle", v);
        else if (name == "threads")
            o.threads = static_cast<int>(number("threads", v));
        else if (name == "pid")
            o.pid = static_cast<int>(number("pid", v));
        else if (name == "cert-offset")
            o.certOffset = static_cast<int>(number("cert-offset", v));
        else if (name == "connecting")
            o.connecting = static_cast<int>(number("connecting", v));
        else {
            std::fprintf(stderr, "unknown option --%s\n%s", name.c_str(), usage);
            std::exit(2);
        }
    }
    const bool ok = (o.mode == "load" || o.mode == "idle") && o.port > 0 && o.port < 65536 && !o.certs.empty() &&
                    !o.ca.empty() && o.pairs >= 1 && 2 * o.pairs <= kMaxConnections && o.rate > 0 &&
                    o.size >= static_cast<int>(kPayloadHeaderBytes) && o.size <= (1 << 20) && o.seconds > 0 &&
                    o.warmup >= 0 && o.drain >= 0 && o.window >= 1 && o.window <= kMaxWindow && o.connections >= 1 &&
                    o.connections <= kMaxConnections && o.baseline >= 1 && o.threads >= 1 && o.threads <= 64 &&
                    o.certOffset >= 0 && o.connecting >= 1;
    if (!ok) {
        std::fprintf(stderr, "bad or missing options\n%s", usage);
        std::exit(2);
    }
    return o;
}

inline std::string certPath(const Options& o, int index, const char* ext)
{
    char name[32];
    std::snprintf(name, sizeof name, "/dev-%05d.%s", o.certOffset + index, ext);
    return o.certs + name;
}

// Raises the open-file limit to the hard limit (a thousand connections need more than 1024).
inline void raiseFileLimit()
{
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &r);
    }
}

// /proc/PID/status fields in KiB (VmRSS, VmHWM); 0 when unreadable.
inline std::int64_t procStatusKib(int pid, const char* field)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/status";
    std::FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) return 0;
    const std::size_t n = std::strlen(field);
    char line[256];
    std::int64_t kib = 0;
    while (std::fgets(line, sizeof line, f) != nullptr) {
        if (std::strncmp(line, field, n) == 0 && line[n] == ':') {
            kib = std::atoll(line + n + 1);
            break;
        }
    }
    std::fclose(f);
    return kib;
}

// User + system CPU seconds of a process (/proc/PID/stat fields 14 and 15).
inline double procCpuSeconds(int pid)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/stat";
    std::FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) return 0;
    char buf[1024];
    const std::size_t got = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[got] = '\0';
    const char* close = std::strrchr(buf, ')');
    if (close == nullptr) return 0;
    // After "pid (comm)": field 3 is the state; utime and stime are fields 14 and 15.
    unsigned long long utime = 0, stime = 0;
    if (std::sscanf(close + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return 0;
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

inline double selfCpuSeconds()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
}

// The open-loop schedule of one thread: message k is due at start + k / rate.
class Schedule final {
  public:
    Schedule(std::int64_t startNs, std::int64_t endNs, double rate) : m_start(startNs), m_end(endNs), m_rate(rate) {}
    // The due times of the messages due by `now` and not yet taken, in order.
    template <class F> void takeDue(std::int64_t now, F&& each)
    {
        if (now < m_start) return;
        // Messages 0..floor(elapsed × rate) are due by now; none at or after the end.
        const double total = std::ceil(static_cast<double>(m_end - m_start) * 1e-9 * m_rate);
        const double byNow = std::floor(static_cast<double>(now - m_start) * 1e-9 * m_rate) + 1;
        const auto due = static_cast<std::uint64_t>(std::min(byNow, total));
        for (; m_taken < due; ++m_taken)
            each(m_start + static_cast<std::int64_t>(static_cast<double>(m_taken) * 1e9 / m_rate));
    }
    [[nodiscard]] bool over(std::int64_t now) const { return now >= m_end; }

  private:
    std::int64_t m_start, m_end;
    double m_rate;
    std::uint64_t m_taken = 0;
};

// A thread's share of the rate: sender i runs on thread i % threads.
inline double threadRate(const Options& o, int thread)
{
    int senders = 0;
    for (int i = 0; i < o.pairs; ++i)
        if (i % o.threads == thread) ++senders;
    return o.rate * senders / o.pairs;
}

// The measured window: [from, to) on the steady clock.
struct Window {
    std::int64_t from = 0, to = 0;
    [[nodiscard]] bool contains(std::int64_t t) const { return t >= from && t < to; }
};

// What one thread counted; the threads' figures are added up at the end.
struct Tally {
    std::uint64_t scheduled = 0; // due by the schedule (measured window and warm-up)
    std::uint64_t sent = 0;      // handed to the socket
    std::uint64_t unsent = 0;    // still waiting for the window to open at the end
    std::uint64_t accepted = 0;  // positive answers (send response / PUBACK)
    std::uint64_t acceptedInWindow = 0;
    std::uint64_t rejected = 0;  // error answers
    std::uint64_t delivered = 0; // pushes / PUBLISHes received by the receivers
    std::uint64_t deliveredInWindow = 0;
    std::uint64_t duplicates = 0; // a message delivered twice
    std::map<std::string, std::uint64_t> errors;
    std::vector<std::uint32_t> latencyUs;     // due time → received, messages due in the window
    std::vector<std::uint32_t> wireLatencyUs; // handed to the socket → received
    void add(const Tally& o)
    {
        scheduled += o.scheduled;
        sent += o.sent;
        unsent += o.unsent;
        accepted += o.accepted;
        acceptedInWindow += o.acceptedInWindow;
        rejected += o.rejected;
        delivered += o.delivered;
        deliveredInWindow += o.deliveredInWindow;
        duplicates += o.duplicates;
        for (const auto& [k, v] : o.errors)
            errors[k] += v;
        latencyUs.insert(latencyUs.end(), o.latencyUs.begin(), o.latencyUs.end());
        wireLatencyUs.insert(wireLatencyUs.end(), o.wireLatencyUs.begin(), o.wireLatencyUs.end());
    }
};

inline std::uint32_t micros(std::int64_t ns)
{
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(ns / 1000, 0, 0xffffffff));
}

// Writes a payload's header just before it is handed to the socket.
inline void stampPayload(unsigned char* p, std::int64_t due, std::int64_t id)
{
    putStamp(p, due);
    putStamp(p + kStampBytes, nowNs());
    putStamp(p + 2 * kStampBytes, id);
}

// Counts a payload a receiver got (`seen`: that receiver's ids so far); false for a
// duplicate or a payload too short to be the benchmark's.
inline bool countDelivery(Tally& t, std::unordered_set<std::int64_t>& seen, const Window& measured,
                          const unsigned char* p, std::size_t size)
{
    const std::int64_t now = nowNs();
    if (size < kPayloadHeaderBytes) {
        ++t.errors["short-payload"];
        return false;
    }
    if (!seen.insert(getStamp(p + 2 * kStampBytes)).second) {
        ++t.duplicates;
        return false;
    }
    ++t.delivered;
    if (measured.contains(now)) ++t.deliveredInWindow;
    const std::int64_t due = getStamp(p);
    if (measured.contains(due)) {
        t.latencyUs.push_back(micros(now - due));
        t.wireLatencyUs.push_back(micros(now - getStamp(p + kStampBytes)));
    }
    return true;
}

inline double percentileMs(std::vector<std::uint32_t>& v, double p)
{
    if (v.empty()) return -1;
    const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]) / 1000.0;
}

// A JSON object written field by field (numbers and plain ASCII strings only).
class Json final {
  public:
    Json& num(const char* key, double v)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return raw(key, buf);
    }
    Json& integer(const char* key, std::int64_t v) { return raw(key, std::to_string(v)); }
    Json& str(const char* key, const std::string& v) { return raw(key, "\"" + v + "\""); }
    Json& raw(const char* key, const std::string& v)
    {
        m_out += (m_out.empty() ? "{" : ", ");
        m_out += "\"" + std::string(key) + "\": " + v;
        return *this;
    }
    [[nodiscard]] std::string text() const { return m_out.empty() ? "{}" : m_out + "}"; }

  private:
    std::string m_out;
};

// The load mode's figures, as both generators print them.
inline std::string loadReport(const char* server, const Options& o, Tally& t, double windowSeconds, double serverCpu,
                              double selfCpu, int pid)
{
    std::string errors = "{";
    for (const auto& [k, v] : t.errors)
        errors += (errors.size() > 1 ? ", \"" : "\"") + k + "\": " + std::to_string(v);
    errors += "}";
    Json j;
    j.str("server", server)
        .str("mode", "load")
        .integer("pairs", o.pairs)
        .num("rate", o.rate)
        .integer("size", o.size)
        .integer("window", o.window)
        .num("seconds", windowSeconds)
        .integer("scheduled", static_cast<std::int64_t>(t.scheduled))
        .integer("sent", static_cast<std::int64_t>(t.sent))
        .integer("unsent", static_cast<std::int64_t>(t.unsent))
        .integer("accepted", static_cast<std::int64_t>(t.accepted))
        .integer("rejected", static_cast<std::int64_t>(t.rejected))
        .integer("delivered", static_cast<std::int64_t>(t.delivered))
        .integer("duplicates", static_cast<std::int64_t>(t.duplicates))
        .num("accepted_per_s", static_cast<double>(t.acceptedInWindow) / windowSeconds)
        .num("delivered_per_s", static_cast<double>(t.deliveredInWindow) / windowSeconds)
        .integer("latency_samples", static_cast<std::int64_t>(t.latencyUs.size()))
        .num("p50_ms", percentileMs(t.latencyUs, 50))
        .num("p90_ms", percentileMs(t.latencyUs, 90))
        .num("p99_ms", percentileMs(t.latencyUs, 99))
        .num("max_ms", percentileMs(t.latencyUs, 100))
        .num("wire_p50_ms", percentileMs(t.wireLatencyUs, 50))
        .num("wire_p99_ms", percentileMs(t.wireLatencyUs, 99))
        .integer("server_hwm_kib", procStatusKib(pid, "VmHWM"))
        .integer("server_rss_kib", procStatusKib(pid, "VmRSS"))
        .num("server_cpu_cores", serverCpu / windowSeconds)
        .num("generator_cpu_cores", selfCpu / windowSeconds)
        .raw("errors", errors);
    return j.text();
}

} // namespace sandi::bench
