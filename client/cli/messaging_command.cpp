// SPDX-License-Identifier: GPL-3.0-or-later
// The messaging commands: account, contacts, send, inbox, read, attachment, memo,
// group, search. They only parse and print; the work is client/core's. Exit status:
// 0 done, 1 the relay is unreachable or refused, 2 usage or bad input.
#include "args.h"
#include "commands.h"
#include "passphrase.h"

#include "sandi/client/account.h"
#include "sandi/client/messenger.h"
#include "sandi/client/relay_client.h"
#include "sandi/core/atomic_file.h"
#include "sandi/e2e/identity.h"
#include "sandi/sign/signer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>

namespace sandi::client::cli {
namespace fs = std::filesystem;
namespace {

constexpr int kExitRelay = 1;
constexpr int kConnectTimeoutMs = 15'000;
constexpr std::size_t kMaxBodyFileBytes = e2e::kMaxMemoBodyBytes;

// A failure and the exit status it means.
struct Failure {
    Error error;
    int status;
};

int exitFor(const Error& e)
{
    switch (e.code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::InvalidInput:
    case ErrorCode::WrongPassphrase:
    case ErrorCode::AlreadyExists:
    case ErrorCode::Unsupported:
        return kExitError;
    case ErrorCode::NotFound:
        return relayErrorCode(e).isEmpty() ? kExitError : kExitRelay;
    default:
        return kExitRelay;
    }
}

QCoreApplication& application()
{
    static int argc = 1;
    static char name[] = "sandi";
    static char* argv[] = {name, nullptr};
    static QCoreApplication* app = QCoreApplication::instance() != nullptr ? nullptr : new QCoreApplication(argc, argv);
    return app != nullptr ? *app : *QCoreApplication::instance();
}

fs::path storeOf(const Args& args)
{
    if (auto s = args.get("store")) return *s;
    return defaultStoreDirectory();
}

Result<std::unique_ptr<Account>> openAccount(const Args& args)
{
    const fs::path store = storeOf(args);
    SANDI_ASSIGN(pass,
                 readPassphrase(args, "", "Passphrase of the Sandi store " + store.string(), PassphraseUse::Existing));
    return Account::open(store, pass);
}

// An account, its relay connection and its messenger, connected.
struct Session {
    std::unique_ptr<Account> account;
    std::unique_ptr<RelayClient> relay;
    std::unique_ptr<Messenger> messenger;
};

Result<Session> connectSession(const Args& args, bool keepReconnecting)
{
    application();
    Session s;
    SANDI_ASSIGN(account, openAccount(args));
    s.account = std::move(account);
    s.relay = std::make_unique<RelayClient>(s.account->tls(), s.account->relays(), QStringLiteral("sandi-cli/0.1"));
    s.messenger = std::make_unique<Messenger>(*s.account, *s.relay);
    s.relay->start(keepReconnecting);
    SANDI_TRY(s.relay->waitReady(kConnectTimeoutMs));
    SANDI_TRY(s.messenger->maintainPrekeys());
    return s;
}

QJsonObject memoJson(const StoredMemo& m)
{
    QJsonArray attachments;
    for (const auto& a : m.attachments)
        attachments.append(QJsonObject{{"index", a.index},
                                       {"name", QString::fromStdString(a.name)},
                                       {"media_type", QString::fromStdString(a.mediaType)},
                                       {"size", static_cast<qint64>(a.size)}});
    QJsonArray kepada, tembusan;
    for (const auto& k : m.kepada)
        kepada.append(QString::fromStdString(k));
    for (const auto& t : m.tembusan)
        tembusan.append(QString::fromStdString(t));
    static constexpr const char* kStates[] = {"queued", "accepted", "delivered", "read"};
    QJsonObject o{{"id", QString::fromStdString(m.id)},
                  {"direction", m.direction == Direction::Incoming ? "in" : "out"},
                  {"from", QString::fromStdString(m.direction == Direction::Incoming ? m.peerNip : m.signerNip)},
                  {"device", QString::fromStdString(m.peerDevice)},
                  {"classification", QString::fromStdString(m.classification)},
                  {"urgency", QString::fromStdString(m.urgency)},
                  {"nomor", QString::fromStdString(m.nomor)},
                  {"kepada", kepada},
                  {"dari", QString::fromStdString(m.dari)},
                  {"tembusan", tembusan},
                  {"tanggal", QString::fromStdString(m.tanggal)},
                  {"lampiran", QString::fromStdString(m.lampiran)},
                  {"hal", QString::fromStdString(m.hal)},
                  {"body", QString::fromStdString(m.body)},
                  {"signer", QJsonObject{{"name", QString::fromStdString(m.signerName)},
                                         {"position", QString::fromStdString(m.signerPosition)},
                                         {"nip", QString::fromStdString(m.signerNip)}}},
                  {"attachments", attachments},
                  {"signed", m.signedMemo},
                  {"verdict", QString::fromStdString(m.verdict)},
                  {"received", QDateTime::fromMSecsSinceEpoch(m.receivedAt, Qt::UTC).toString(Qt::ISODateWithMs)},
                  {"state", QString::fromLatin1(kStates[static_cast<int>(m.state)])}};
    if (!m.group.empty()) o.insert("group", QString::fromStdString(m.group));
    if (m.expiresAt) o.insert("expires", QDateTime::fromSecsSinceEpoch(*m.expiresAt, Qt::UTC).toString(Qt::ISODate));
    if (m.readAt) o.insert("read", QDateTime::fromMSecsSinceEpoch(*m.readAt, Qt::UTC).toString(Qt::ISODateWithMs));
    return o;
}

void printJson(std::FILE* out, const QJsonObject& o)
{
    std::fprintf(out, "%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}

// What a sender wrote, safe for a terminal: control characters (escape sequences, carriage
// returns that would overwrite the line) become '?'; newlines only where `multiline`.
std::string shown(const std::string& text, bool multiline = false)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || u == 0x7f)
            out += '?';
        else
            out += c;
    }
    return out;
}

void printMemo(std::FILE* out, const StoredMemo& raw, bool full)
{
    StoredMemo m;
    m.id = raw.id;
    m.direction = raw.direction;
    m.peerNip = shown(raw.peerNip);
    m.classification = raw.classification;
    m.urgency = raw.urgency;
    m.hal = shown(raw.hal);
    m.nomor = shown(raw.nomor);
    m.dari = shown(raw.dari);
    m.tanggal = shown(raw.tanggal);
    m.lampiran = shown(raw.lampiran);
    m.body = shown(raw.body, true);
    for (const auto& k : raw.kepada)
        m.kepada.push_back(shown(k));
    for (const auto& t : raw.tembusan)
        m.tembusan.push_back(shown(t));
    m.signerName = shown(raw.signerName);
    m.signerPosition = shown(raw.signerPosition);
    m.signerNip = shown(raw.signerNip);
    m.signedMemo = raw.signedMemo;
    m.verdict = raw.verdict;
    for (const auto& a : raw.attachments) {
        StoredAttachment x;
        x.index = a.index;
        x.name = shown(a.name);
        x.size = a.size;
        m.attachments.push_back(std::move(x));
    }
    const bool red = m.classification == "R" || m.classification == "SR";
    std::fprintf(out, "[%s]%s %s  %s  %s  %s\n", m.classification.c_str(), red ? " (RAHASIA)" : "", m.id.c_str(),
                 m.direction == Direction::Incoming ? ("dari NIP " + m.peerNip).c_str() : "terkirim", m.urgency.c_str(),
                 m.hal.c_str());
    if (!full) return;
    // What Sandi checked comes first, before anything the sender wrote.
    std::fprintf(out, "  pengirim (sertifikat perangkat): %s\n  tanda tangan (diperiksa Sandi): %s\n",
                 m.direction == Direction::Incoming ? ("NIP " + m.peerNip).c_str() : "perangkat ini",
                 m.signedMemo ? m.verdict.c_str() : "tidak ditandatangani");
    auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v)
            s += (s.empty() ? "" : "; ") + x;
        return s;
    };
    std::fprintf(out,
                 "  Nomor    : %s\n  Kepada   : %s\n  Dari     : %s\n  Tembusan : %s\n  Tanggal  : %s\n"
                 "  Sifat    : %s\n  Lampiran : %s\n  Hal      : %s\n\n%s\n\n  %s\n  %s\n  NIP %s\n",
                 m.nomor.c_str(), list(m.kepada).c_str(), m.dari.c_str(), list(m.tembusan).c_str(), m.tanggal.c_str(),
                 m.urgency.c_str(), m.lampiran.c_str(), m.hal.c_str(), m.body.c_str(), m.signerPosition.c_str(),
                 m.signerName.c_str(), m.signerNip.c_str());
    std::fprintf(out, "  tanda tangan: %s\n", m.signedMemo ? m.verdict.c_str() : "tidak ditandatangani");
    for (const auto& a : m.attachments)
        std::fprintf(out, "  lampiran %d: %s (%llu bytes)\n", a.index, a.name.c_str(),
                     static_cast<unsigned long long>(a.size));
}

Result<e2e::Classification> classificationFrom(const std::string& s)
{
    if (s == "B") return e2e::Classification::Biasa;
    if (s == "T") return e2e::Classification::Terbatas;
    if (s == "R") return e2e::Classification::Rahasia;
    if (s == "SR") return e2e::Classification::SangatRahasia;
    return fail(ErrorCode::InvalidArgument, "--classification is B, T, R or SR");
}

Result<e2e::Urgency> urgencyFrom(const std::string& s)
{
    if (s == "biasa") return e2e::Urgency::Biasa;
    if (s == "segera") return e2e::Urgency::Segera;
    if (s == "sangat-segera") return e2e::Urgency::SangatSegera;
    return fail(ErrorCode::InvalidArgument, "--urgency is biasa, segera or sangat-segera");
}

Result<qint64> durationSeconds(const std::string& s)
{
    if (s.empty()) return fail(ErrorCode::InvalidArgument, "empty duration");
    const char unit = s.back();
    qint64 factor = 1;
    std::string digits = s;
    if (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd') {
        factor = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : 86400;
        digits.pop_back();
    }
    bool ok = false;
    const qint64 n = QString::fromStdString(digits).toLongLong(&ok);
    if (!ok || n <= 0 || n > qint64{3650} * 86400 / factor)
        return fail(ErrorCode::InvalidArgument, "--expires takes a duration such as 3600s, 90m, 12h or 7d");
    return n * factor;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the same order as every command's runner
int run(std::span<char* const> argv, std::FILE* out, std::FILE* err, const char* usage, const char* name,
        const std::function<Status(std::span<char* const>)>& body)
{
    for (char* a : argv)
        if (std::string_view(a) == "--help") {
            std::fputs(usage, out);
            return kExitOk;
        }
    application(); // Qt's TLS backend and sockets need it, even for local work
    auto r = body(argv);
    if (!r) {
        std::fprintf(err, "sandi %s: error: %s\n", name, r.error().message.c_str());
        return exitFor(r.error());
    }
    return kExitOk;
}

const OptionSpec kStoreOptions{{"store", "pass-file", "pass-env"}, {}, {}, 0, 0};

OptionSpec withStore(OptionSpec spec)
{
    spec.single.insert(kStoreOptions.single.begin(), kStoreOptions.single.end());
    return spec;
}

constexpr char kAccountUsage[] =
    "usage: sandi account request --store DIR --out REQ.csr --name NAME --nip NIP [--position TITLE]\n"
    "                             [--pass-file F | --pass-env VAR]\n"
    "       sandi account init --store DIR --cert DEVICE.crt.pem [--chain FILE]... --trust ROOT.pem [--crl FILE]...\n"
    "                          --relay wss://HOST:PORT [--relay URL]... [--pass-file F | --pass-env VAR]\n"
    "       sandi account show --store DIR [--pass-file F | --pass-env VAR]\n"
    "Every device key is made here and never leaves the store; the office CA issues the request with\n"
    "'sandi ca issue --profile device --csr REQ.csr'. docs/messaging.md describes enrolment.\n";

} // namespace

int runAccount(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kAccountUsage, "account", [&](std::span<char* const> a) -> Status {
        if (a.empty()) return fail(ErrorCode::InvalidArgument, "account request | init | show");
        const std::string sub = a.front();
        if (sub == "request") {
            SANDI_ASSIGN(args,
                         Args::parse(a.subspan(1), withStore({{"out", "name", "nip", "position"}, {}, {}, 0, 0})));
            SANDI_ASSIGN(outPath, args.require("out"));
            SANDI_ASSIGN(cn, args.require("name"));
            SANDI_ASSIGN(nip, args.require("nip"));
            SANDI_ASSIGN(pass, readPassphrase(args, "", "New passphrase for the Sandi store", PassphraseUse::New));
            crypto::SystemRandom rng;
            SANDI_TRY(Account::request(storeOf(args), pass, {cn, nip, args.getOr("position", "")}, outPath, rng));
            std::fprintf(out,
                         "store %s created; certificate request written to %s\n"
                         "have the office CA issue it: sandi ca issue --dir OFFICE_DIR --profile device --csr %s "
                         "--out PREFIX\n",
                         storeOf(args).string().c_str(), outPath.c_str(), outPath.c_str());
            return {};
        }
        if (sub == "init") {
            SANDI_ASSIGN(
                args, Args::parse(a.subspan(1), withStore({{"cert"}, {"chain", "trust", "crl", "relay"}, {}, 0, 0})));
            SANDI_ASSIGN(pass, readPassphrase(args, "", "Passphrase of the Sandi store", PassphraseUse::Existing));
            InitParams p;
            p.certificate = args.getOr("cert", "");
            for (const auto& t : args.all("trust"))
                p.trust.emplace_back(t);
            for (const auto& c : args.all("crl"))
                p.crls.emplace_back(c);
            for (const auto& c : args.all("chain"))
                p.chainFiles.emplace_back(c);
            for (const auto& r : args.all("relay"))
                p.relays.append(QString::fromStdString(r));
            SANDI_TRY(Account::init(storeOf(args), pass, p));
            SANDI_ASSIGN(account, Account::open(storeOf(args), pass));
            std::fprintf(out, "account ready: %s (NIP %s), device %s\n", account->self().name.toUtf8().constData(),
                         account->self().identity.nip.c_str(), account->self().device.toUtf8().constData());
            return {};
        }
        if (sub == "show") {
            SANDI_ASSIGN(args, Args::parse(a.subspan(1), kStoreOptions));
            SANDI_ASSIGN(account, openAccount(args));
            const auto& s = account->self();
            std::fprintf(out,
                         "name     %s\nposition %s\noffice   %s\nNIP      %s\ndevice   %s\nissuer   %s\nserial   %s\n",
                         s.name.toUtf8().constData(), s.position.toUtf8().constData(), s.office.toUtf8().constData(),
                         s.identity.nip.c_str(), s.device.toUtf8().constData(), s.identity.issuer.c_str(),
                         s.identity.serial.c_str());
            for (const auto& r : account->relays())
                std::fprintf(out, "relay    %s\n", r.toUtf8().constData());
            return {};
        }
        return fail(ErrorCode::InvalidArgument, "unknown account command '" + sub + "'");
    });
}

namespace {
constexpr char kContactsUsage[] = "usage: sandi contacts [--json] [--store DIR] [--pass-file F | --pass-env VAR]\n"
                                  "Offices, officials (NIP, name, position) and their devices, each device certificate "
                                  "validated here.\n";
}

int runContacts(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kContactsUsage, "contacts", [&](std::span<char* const> a) -> Status {
        SANDI_ASSIGN(args, Args::parse(a, withStore({{}, {}, {"json"}, 0, 0})));
        SANDI_ASSIGN(s, connectSession(args, false));
        SANDI_ASSIGN(contacts, s.messenger->contacts());
        QString office;
        for (const auto& c : contacts) {
            if (args.flag("json")) {
                QJsonArray devices;
                for (const auto& d : c.devices)
                    devices.append(QJsonObject{{"device", d.device}, {"name", d.name}, {"status", "valid"}});
                for (const auto& [id, why] : c.refused)
                    devices.append(
                        QJsonObject{{"device", id}, {"status", "refused"}, {"reason", QString::fromStdString(why)}});
                printJson(out, QJsonObject{{"nip", c.nip},
                                           {"name", c.name},
                                           {"position", c.position},
                                           {"office", c.office},
                                           {"devices", devices}});
                continue;
            }
            if (c.office != office) {
                office = c.office;
                std::fprintf(out, "%s\n", office.toUtf8().constData());
            }
            std::fprintf(out, "  %-20s %-32s %s — %zu device(s)%s\n", c.nip.toUtf8().constData(),
                         c.name.toUtf8().constData(), c.position.toUtf8().constData(), c.devices.size(),
                         c.refused.empty() ? "" : (", " + std::to_string(c.refused.size()) + " refused").c_str());
        }
        return {};
    });
}

namespace {
constexpr char kSendUsage[] =
    "usage: sandi send (--to NIP [--to NIP]... | --group NAME) --hal SUBJECT --body-file F\n"
    "                  [--classification B|T|R|SR] [--urgency biasa|segera|sangat-segera] [--nomor N]\n"
    "                  [--tembusan TEXT]... [--attach FILE]... [--sign --key SIGNER.p12 [--key-pass-file F |\n"
    "                  --key-pass-env VAR]] [--expires DURATION] [--id CLIENT-ID]\n"
    "                  [--store DIR] [--pass-file F | --pass-env VAR]\n"
    "Returns once the relay has accepted the memo (exit 0); 1 if the relay is unreachable or refuses\n"
    "(the memo stays in the outbox and a retry with the same --id sends it once), 2 for usage.\n";
}

int runSend(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kSendUsage, "send", [&](std::span<char* const> a) -> Status {
        SANDI_ASSIGN(args, Args::parse(a, withStore({{"group", "hal", "body-file", "classification", "urgency", "key",
                                                      "key-pass-file", "key-pass-env", "expires", "id", "nomor"},
                                                     {"to", "attach", "tembusan"},
                                                     {"sign"},
                                                     0,
                                                     0})));
        Outgoing o;
        o.toNips = args.all("to");
        o.group = args.getOr("group", "");
        if (o.toNips.empty() == o.group.empty())
            return fail(ErrorCode::InvalidArgument, "give --to NIP (repeatable) or --group NAME");
        SANDI_ASSIGN(hal, args.require("hal"));
        SANDI_ASSIGN(bodyFile, args.require("body-file"));
        SANDI_ASSIGN(bodyText, crypto::readTextFile(bodyFile, kMaxBodyFileBytes));
        o.memo.hal = hal;
        o.memo.body = bodyText;
        o.memo.nomor = args.getOr("nomor", "");
        o.memo.tembusan = args.all("tembusan");
        SANDI_ASSIGN(cls, classificationFrom(args.getOr("classification", "B")));
        SANDI_ASSIGN(urg, urgencyFrom(args.getOr("urgency", "biasa")));
        o.memo.classification = cls;
        o.memo.sifat = urg;
        if (auto e = args.get("expires")) {
            SANDI_ASSIGN(secs, durationSeconds(*e));
            o.memo.expiresAt = QDateTime::currentSecsSinceEpoch() + secs;
        }
        for (const auto& f : args.all("attach")) {
            if (!fs::is_regular_file(f)) return fail(ErrorCode::InvalidArgument, "--attach " + f + ": no such file");
            o.attachments.emplace_back(f);
        }
        o.clientId = args.getOr("id", "");
        if (o.clientId.size() > static_cast<std::size_t>(wire::kMaxClientIdBytes))
            return fail(ErrorCode::InvalidArgument, "--id is at most 64 bytes");
        std::optional<crypto::KeySigner> signer;
        if (args.flag("sign")) {
            SANDI_ASSIGN(keyPath, args.require("key"));
            SANDI_ASSIGN(p12, crypto::readFile(keyPath, std::size_t{1} << 20));
            SANDI_ASSIGN(pass, readSecret(args, "key-pass-file", "key-pass-env", "Passphrase of " + keyPath,
                                          PassphraseUse::Existing));
            SANDI_ASSIGN(k, crypto::KeySigner::fromPkcs12(p12, pass));
            signer.emplace(std::move(k));
            o.signer = &*signer;
        } else if (args.get("key")) {
            return fail(ErrorCode::InvalidArgument, "--key signs only with --sign");
        }
        SANDI_ASSIGN(s, connectSession(args, true));
        SANDI_ASSIGN(report, s.messenger->send(o));
        if (report.alreadyAccepted)
            std::fprintf(out, "memo %s was accepted before (client id %s); nothing sent again\n", report.memoId.c_str(),
                         report.clientId.c_str());
        else
            std::fprintf(out, "memo %s accepted by the relay for %zu device(s)%s (client id %s)\n",
                         report.memoId.c_str(), report.devices, report.duplicate ? ", a retry stored once" : "",
                         report.clientId.c_str());
        if (!report.outboxError.empty())
            std::fprintf(err, "sandi send: earlier queued memos are still waiting: %s\n", report.outboxError.c_str());
        return {};
    });
}

namespace {
constexpr char kInboxUsage[] =
    "usage: sandi inbox [--json] [--watch] [--wait SECONDS] [--store DIR] [--pass-file F | --pass-env VAR]\n"
    "Fetches, decrypts, stores and acknowledges what the relay holds for this device. --wait keeps fetching\n"
    "for SECONDS after the backlog, --watch until interrupted. Exit 1 when the relay refuses or is unreachable.\n";
}

int runInbox(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kInboxUsage, "inbox", [&](std::span<char* const> a) -> Status {
        SANDI_ASSIGN(args, Args::parse(a, withStore({{"wait"}, {}, {"json", "watch"}, 0, 0})));
        SANDI_ASSIGN(wait, args.getInt("wait", 0, 0, 86400 * 365));
        const bool watch = args.flag("watch");
        SANDI_ASSIGN(s, connectSession(args, watch || wait > 0));
        if (watch) {
            std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
            std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
        }
        int memos = 0;
        SANDI_TRY(s.messenger->receive(watch ? -1 : wait * 1000, [&](const InboxEvent& e) {
            switch (e.kind) {
            case InboxEvent::Kind::Memo:
                ++memos;
                if (args.flag("json"))
                    printJson(out, memoJson(e.memo));
                else
                    printMemo(out, e.memo, false);
                break;
            case InboxEvent::Kind::Receipt:
                if (!args.flag("json")) std::fprintf(out, "receipt: %s\n", e.text.c_str());
                break;
            case InboxEvent::Kind::Problem:
                std::fprintf(err, "sandi inbox: %s\n", e.text.c_str());
                break;
            }
            std::fflush(out);
        }));
        if (!args.flag("json")) std::fprintf(err, "%d new memo(s)\n", memos);
        return {};
    });
}

namespace {
constexpr char kReadUsage[] = "usage: sandi read ID [--json] [--store DIR] [--pass-file F | --pass-env VAR]\n"
                              "Shows a memo from the local history and tells its sender it was read.\n";
}

int runRead(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kReadUsage, "read", [&](std::span<char* const> a) -> Status {
        SANDI_ASSIGN(args, Args::parse(a, withStore({{}, {}, {"json", "offline"}, 1, 1})));
        const std::string id = args.positional().front();
        std::unique_ptr<Account> account;
        Session s;
        if (args.flag("offline")) {
            SANDI_ASSIGN(acc, openAccount(args));
            account = std::move(acc);
        } else {
            SANDI_ASSIGN(sess, connectSession(args, false));
            s = std::move(sess);
        }
        Account& acc = account ? *account : *s.account;
        SANDI_ASSIGN(memo, acc.local().memo(id));
        if (!memo) return fail(ErrorCode::InvalidArgument, "no memo " + id + " in the local history");
        if (args.flag("json"))
            printJson(out, memoJson(*memo));
        else
            printMemo(out, *memo, true);
        if (s.messenger) SANDI_TRY(s.messenger->markRead(id));
        return {};
    });
}

namespace {
constexpr char kAttachmentUsage[] =
    "usage: sandi attachment get ID INDEX -o FILE [--store DIR] [--pass-file F | --pass-env VAR]\n"
    "Downloads an attachment (resuming a download an earlier run began), checks and decrypts it.\n";
}

int runAttachment(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kAttachmentUsage, "attachment", [&](std::span<char* const> a) -> Status {
        if (a.empty() || std::string_view(a.front()) != "get")
            return fail(ErrorCode::InvalidArgument, "attachment get ID INDEX -o FILE");
        SANDI_ASSIGN(args, Args::parse(a.subspan(1), withStore({{"out"}, {}, {}, 2, 2, {{"-o", "out"}}})));
        SANDI_ASSIGN(outPath, args.require("out"));
        bool ok = false;
        const int index = QString::fromStdString(args.positional()[1]).toInt(&ok);
        if (!ok || index < 0) return fail(ErrorCode::InvalidArgument, "INDEX is a number");
        SANDI_ASSIGN(s, connectSession(args, true));
        SANDI_TRY(s.messenger->fetchAttachment(args.positional()[0], index, outPath));
        std::fprintf(out, "wrote %s\n", outPath.c_str());
        return {};
    });
}

namespace {
constexpr char kMemoUsage[] =
    "usage: sandi memo export ID -o NAME.memo [--store DIR] [--pass-file F | --pass-env VAR]\n"
    "Writes the memo as signed (NAME.memo) and, for a signed memo, its signature NAME.memo.p7s,\n"
    "which 'sandi verify NAME.memo.p7s' checks.\n";
}

int runMemo(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kMemoUsage, "memo", [&](std::span<char* const> a) -> Status {
        if (a.empty() || std::string_view(a.front()) != "export")
            return fail(ErrorCode::InvalidArgument, "memo export ID -o NAME.memo");
        SANDI_ASSIGN(args, Args::parse(a.subspan(1), withStore({{"out"}, {}, {}, 1, 1, {{"-o", "out"}}})));
        SANDI_ASSIGN(outPath, args.require("out"));
        SANDI_ASSIGN(account, openAccount(args));
        SANDI_ASSIGN(memo, account->local().memo(args.positional().front()));
        if (!memo) return fail(ErrorCode::InvalidArgument, "no memo " + args.positional().front());
        const auto bytes = std::as_bytes(std::span(memo->sealed));
        SANDI_ASSIGN(sealed, e2e::SealedMemo::decode(bytes));
        const e2e::Bytes content = sealed.signedContent();
        SANDI_TRY(crypto::writeFileAtomically(outPath, std::span<const std::byte>(content.data(), content.size()),
                                              crypto::FileMode::Private));
        std::fprintf(out, "wrote %s\n", outPath.c_str());
        if (sealed.signature) {
            SANDI_TRY(crypto::writeFileAtomically(
                outPath + ".p7s", std::span<const std::byte>(sealed.signature->data(), sealed.signature->size()),
                crypto::FileMode::Public));
            std::fprintf(out, "wrote %s.p7s (check it with: sandi verify --trust ROOT.pem %s.p7s)\n", outPath.c_str(),
                         outPath.c_str());
        }
        return {};
    });
}

namespace {
constexpr char kGroupUsage[] =
    "usage: sandi group create NAME --member NIP [--member NIP]...\n"
    "       sandi group add NAME --member NIP...    sandi group remove NAME --member NIP...\n"
    "       sandi group list [--json]\n"
    "       (each with [--store DIR] [--pass-file F | --pass-env VAR])\n"
    "Membership changes are signed with this device's identity key and sent to every member.\n";
}

int runGroup(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kGroupUsage, "group", [&](std::span<char* const> a) -> Status {
        if (a.empty()) return fail(ErrorCode::InvalidArgument, "group create | add | remove | list");
        const std::string sub = a.front();
        if (sub == "list") {
            SANDI_ASSIGN(args, Args::parse(a.subspan(1), withStore({{}, {}, {"json"}, 0, 0})));
            SANDI_ASSIGN(account, openAccount(args));
            SANDI_ASSIGN(groups, account->local().groups());
            for (const auto& g : groups) {
                QJsonArray members;
                std::string list;
                for (const auto& m : g.members) {
                    members.append(QString::fromStdString(m));
                    list += (list.empty() ? "" : ", ") + m;
                }
                if (args.flag("json"))
                    printJson(out, QJsonObject{{"name", QString::fromStdString(g.name)},
                                               {"owner", QString::fromStdString(g.owner)},
                                               {"version", static_cast<qint64>(g.version)},
                                               {"members", members}});
                else
                    std::fprintf(out, "%s (v%llu): %s\n", g.name.c_str(), static_cast<unsigned long long>(g.version),
                                 list.c_str());
            }
            return {};
        }
        SANDI_ASSIGN(args, Args::parse(a.subspan(1), withStore({{}, {"member"}, {}, 1, 1})));
        const std::string name = args.positional().front();
        const auto members = args.all("member");
        if (members.empty()) return fail(ErrorCode::InvalidArgument, "give --member NIP");
        SANDI_ASSIGN(s, connectSession(args, true));
        if (sub == "create")
            SANDI_TRY(s.messenger->createGroup(name, members));
        else if (sub == "add")
            SANDI_TRY(s.messenger->addToGroup(name, members));
        else if (sub == "remove")
            SANDI_TRY(s.messenger->removeFromGroup(name, members));
        else
            return fail(ErrorCode::InvalidArgument, "unknown group command '" + sub + "'");
        std::fprintf(out, "group %s: %s done, members told\n", name.c_str(), sub.c_str());
        return {};
    });
}

namespace {
constexpr char kSearchUsage[] = "usage: sandi search TEXT [--json] [--store DIR] [--pass-file F | --pass-env VAR]\n"
                                "Full-text search over the decrypted local history.\n";
}

int runSearch(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return run(argv, out, err, kSearchUsage, "search", [&](std::span<char* const> a) -> Status {
        SANDI_ASSIGN(args, Args::parse(a, withStore({{}, {}, {"json"}, 1, 1})));
        SANDI_ASSIGN(account, openAccount(args));
        SANDI_ASSIGN(found, account->local().search(args.positional().front()));
        for (const auto& m : found) {
            if (args.flag("json"))
                printJson(out, memoJson(m));
            else
                printMemo(out, m, false);
        }
        return {};
    });
}

} // namespace sandi::client::cli
