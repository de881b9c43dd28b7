// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-relay [run] [--config FILE] [--SETTING VALUE]...   the relay, in the foreground
// sandi-relay check-config [--config FILE] [flags]          reads and checks the settings, loads keys and trust
// sandi-relay audit-verify --data DIR                       checks the audit log's hash chain
// docs/relay.md describes every setting.
#include "config.h"
#include "log.h"
#include "relay_server.h"
#include "sqlite_storage.h"

#include "sandi/core/random.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

using namespace sandi;
using namespace sandi::server;

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int signal)
{
    const char c = static_cast<char>(signal);
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &c, 1);
}

void usage(FILE* out)
{
    std::fprintf(out, "usage: sandi-relay [run|check-config] [--config FILE] [--SETTING VALUE]...\n"
                      "       sandi-relay audit-verify --data DIR\n\nsettings (each also a key of the INI file):\n");
    for (const auto& s : settingSpecs())
        std::fprintf(out, "  --%-30s %s%s\n", s.key, s.help, s.repeatable ? " (repeatable)" : "");
}

int die(const std::string& message, int status = 2)
{
    std::fprintf(stderr, "sandi-relay: error: %s\n", message.c_str());
    return status;
}

int relayMain(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("sandi-relay");
    crypto::initialise();
    QStringList args = app.arguments().mid(1);
    QString command = "run";
    if (!args.isEmpty() && !args.front().startsWith("--")) command = args.takeFirst();
    if (command == "help" || args.contains("--help") || args.contains("-h")) {
        usage(stdout);
        return 0;
    }
    QString configFile;
    QList<std::pair<QString, QString>> flags;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString a = args[i];
        if (!a.startsWith("--")) return die("unexpected argument '" + a.toStdString() + "'");
        a = a.mid(2);
        QString value;
        if (const qsizetype eq = a.indexOf('='); eq >= 0) {
            value = a.mid(eq + 1);
            a = a.left(eq);
        } else {
            if (i + 1 >= args.size()) return die("--" + a.toStdString() + " needs a value");
            value = args[++i];
        }
        if (a == "config")
            configFile = value;
        else
            flags.append({a, value});
    }

    if (command == "audit-verify") {
        QString data;
        for (const auto& [k, v] : flags) {
            if (k == "data")
                data = v;
            else
                return die("audit-verify takes only --data DIR");
        }
        if (data.isEmpty()) return die("audit-verify needs --data DIR");
        auto storage = SqliteStorage::open(data);
        if (!storage) return die(storage.error().message);
        std::vector<AuditEntry> all;
        constexpr int kPage = 10'000;
        for (quint64 from = 1;;) {
            if (auto st = (*storage)->begin(); !st) return die(st.error().message);
            auto page = (*storage)->audit().entries(from, kPage);
            (*storage)->rollback();
            if (!page) return die(page.error().message);
            for (auto& e : *page)
                all.push_back(std::move(e));
            if (page->size() < static_cast<std::size_t>(kPage)) break;
            from = all.back().seq + 1;
        }
        auto verified = verifyAuditChain(all);
        if (!verified) {
            std::printf("audit log NOT intact: %s\n", verified.error().message.c_str());
            return 1;
        }
        std::printf("audit log intact: %llu entries, last hash %s\n", static_cast<unsigned long long>(*verified),
                    all.empty() ? "-" : all.back().hash.toHex().constData());
        return 0;
    }
    if (command != "run" && command != "check-config") {
        usage(stderr);
        return 2;
    }

    auto config = loadConfig(configFile, flags);
    if (!config) return die(config.error().message);
    if (command == "check-config") {
        auto trust = DeviceTrust::load(config->trust, config->crls);
        if (!trust) return die(trust.error().message, 1);
        auto pass = readPassphrase(config->tlsPassFile, config->tlsPassEnv);
        if (!pass) return die(pass.error().message, 1);
        auto tls = serverTlsConfiguration(config->tlsP12, *pass, (*trust)->anchors());
        if (!tls) return die(tls.error().message, 1);
        std::printf("configuration ok: listen %s, %zu trust anchor(s), %zu CRL(s), data %s\n",
                    config->listen.toString().toUtf8().constData(), (*trust)->anchors().size(), (*trust)->crlCount(),
                    config->dataDir.toUtf8().constData());
        return 0;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0) return die("socketpair failed");
    QSocketNotifier notifier(g_signalFds[1], QSocketNotifier::Read);
    std::unique_ptr<RelayServer> relay;
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char c = 0;
        if (::read(g_signalFds[1], &c, 1) != 1) return;
        if (c == SIGHUP) {
            logEvent(LogLevel::Info, "sighup", {{"action", "reloading CRLs"}});
            if (relay) relay->reloadCrls();
        } else {
            logEvent(LogLevel::Info, "stopping", {{"signal", QString::number(c)}});
            QCoreApplication::quit();
        }
    });
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    // Thousands of connections need as many descriptors as the administrator allows.
    if (rlimit nofile{}; ::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &nofile);
    }
    ::umask(077); // the database and the blobs are the relay's alone
    auto started = RelayServer::start(std::move(*config));
    if (!started) return die(started.error().message, 1);
    relay = std::move(*started);
    const Endpoint at = relay->listening();
    std::printf("listening on wss://%s/\n", at.toString().toUtf8().constData());
    if (auto http = relay->httpListening()) std::printf("http on http://%s/\n", http->toString().toUtf8().constData());
    std::fflush(stdout);
    logEvent(LogLevel::Info, "listening", {{"addr", at.toString()}});
    const int status = QCoreApplication::exec();
    relay.reset();
    return status;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return relayMain(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sandi-relay: fatal: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "sandi-relay: fatal: unknown exception\n");
    }
    return 70;
}
