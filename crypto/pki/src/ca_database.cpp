// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/ca_database.h"

#include <array>
#include <charconv>

namespace sandi::crypto {
namespace {

constexpr std::string_view kChecksumPrefix = "sha256 ";

std::vector<std::string_view> splitSpaces(std::string_view line)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= line.size()) {
        std::size_t end = line.find(' ', start);
        if (end == std::string_view::npos) end = line.size();
        out.push_back(line.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// Percent-encodes bytes that would break the one-line, space-separated format.
std::string encodeField(std::string_view s)
{
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F || c == '%') {
            out += '%';
            out += kHex[u >> 4U];
            out += kHex[u & 0xFU];
        } else {
            out += c;
        }
    }
    return out;
}

Result<std::string> decodeField(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        unsigned v = 0;
        if (i + 2 >= s.size()) return fail(ErrorCode::InvalidInput, "truncated %-escape");
        const auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
        if (r.ec != std::errc() || r.ptr != s.data() + i + 3) return fail(ErrorCode::InvalidInput, "bad %-escape");
        out += static_cast<char>(v);
        i += 2;
    }
    return out;
}

bool isUpperHex(std::string_view s)
{
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
    return !s.empty();
}

Error corrupt(std::string_view what)
{
    return Error{ErrorCode::InvalidInput, "corrupt CA database: " + std::string(what)};
}

} // namespace

const char* revocationReasonName(RevocationReason r) noexcept
{
    switch (r) {
    case RevocationReason::Unspecified:
        return "unspecified";
    case RevocationReason::KeyCompromise:
        return "keyCompromise";
    case RevocationReason::CaCompromise:
        return "cACompromise";
    case RevocationReason::AffiliationChanged:
        return "affiliationChanged";
    case RevocationReason::Superseded:
        return "superseded";
    case RevocationReason::CessationOfOperation:
        return "cessationOfOperation";
    case RevocationReason::PrivilegeWithdrawn:
        return "privilegeWithdrawn";
    }
    return "unspecified";
}

namespace {
constexpr std::array<RevocationReason, 7> kReasons{
    RevocationReason::Unspecified,        RevocationReason::KeyCompromise, RevocationReason::CaCompromise,
    RevocationReason::AffiliationChanged, RevocationReason::Superseded,    RevocationReason::CessationOfOperation,
    RevocationReason::PrivilegeWithdrawn};
} // namespace

Result<RevocationReason> revocationReasonFromName(std::string_view name)
{
    for (auto r : kReasons)
        if (name == revocationReasonName(r)) return r;
    return fail(ErrorCode::InvalidArgument,
                "unknown revocation reason '" + std::string(name) +
                    "' (unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, "
                    "cessationOfOperation, privilegeWithdrawn)");
}

Result<RevocationReason> revocationReasonFromCode(int code)
{
    for (auto r : kReasons)
        if (static_cast<int>(r) == code) return r;
    return fail(ErrorCode::InvalidInput, "unsupported CRL reason code " + std::to_string(code));
}

std::string formatCaRecord(const CaRecord& r)
{
    std::string line = "cert ";
    line += r.serial;
    line += ' ';
    line += profileSpec(r.profile).name;
    line += ' ';
    line += formatUtc(r.notBefore);
    line += ' ';
    line += formatUtc(r.notAfter);
    if (r.revokedAt) {
        line += " revoked ";
        line += formatUtc(*r.revokedAt);
        line += ' ';
        line += revocationReasonName(r.reason);
    } else {
        line += " valid - -";
    }
    line += ' ';
    line += r.certificateSha256;
    line += ' ';
    line += encodeField(r.subject);
    return line;
}

Result<CaRecord> parseCaRecord(std::string_view line)
{
    if (line.size() > kMaxCaRecordBytes) return fail(corrupt("record too long"));
    const auto f = splitSpaces(line);
    if (f.size() != 10 || f[0] != "cert") return fail(corrupt("a record does not have 10 fields"));
    CaRecord r;
    // Canonical form: BN_bn2hex's, whole octets, no leading zero octet, at most 20 octets.
    if (!isUpperHex(f[1]) || f[1].size() > 40 || f[1].size() % 2 != 0 || f[1].starts_with("00"))
        return fail(corrupt("bad serial number"));
    r.serial = f[1];
    auto profile = profileFromName(f[2]);
    if (!profile) return fail(corrupt("unknown profile"));
    r.profile = *profile;
    auto nb = parseUtc(f[3]);
    auto na = parseUtc(f[4]);
    if (!nb || !na) return fail(corrupt("bad validity time"));
    r.notBefore = *nb;
    r.notAfter = *na;
    if (f[5] == "revoked") {
        auto at = parseUtc(f[6]);
        auto reason = revocationReasonFromName(f[7]);
        if (!at || !reason) return fail(corrupt("bad revocation"));
        r.revokedAt = *at;
        r.reason = *reason;
    } else if (f[5] != "valid" || f[6] != "-" || f[7] != "-") {
        return fail(corrupt("bad status"));
    }
    if (f[8].size() != 64 || !isUpperHex(f[8])) return fail(corrupt("bad certificate hash"));
    r.certificateSha256 = f[8];
    auto subject = decodeField(f[9]);
    if (!subject || subject->empty()) return fail(corrupt("bad subject"));
    r.subject = std::move(*subject);
    return r;
}

Result<CaDatabase> CaDatabase::parse(std::string_view text)
{
    if (text.size() > kMaxCaDatabaseBytes) return fail(corrupt("file too large"));
    const std::size_t lastLineStart = text.rfind('\n', text.size() >= 2 ? text.size() - 2 : 0);
    if (text.empty() || text.back() != '\n' || lastLineStart == std::string_view::npos)
        return fail(corrupt("truncated (no final checksum line)"));
    const std::string_view body = text.substr(0, lastLineStart + 1);
    const std::string_view checksumLine = text.substr(lastLineStart + 1, text.size() - lastLineStart - 2);
    if (!checksumLine.starts_with(kChecksumPrefix)) return fail(corrupt("truncated (no final checksum line)"));
    const std::string expected = sha256Hex(std::as_bytes(std::span(body.data(), body.size())));
    const std::string_view stored = checksumLine.substr(kChecksumPrefix.size());
    // A checksum against accidents (truncation, bit rot), not a MAC: no secret is involved.
    if (stored != expected) return fail(corrupt("checksum mismatch"));

    CaDatabase db;
    std::size_t start = 0;
    std::size_t lineNo = 0;
    bool sawCrlNumber = false;
    while (start < body.size()) {
        const std::size_t end = body.find('\n', start);
        const std::string_view line = body.substr(start, end - start);
        start = end + 1;
        ++lineNo;
        if (lineNo == 1) {
            if (line != kCaDatabaseMagic) return fail(corrupt("not a Sandi CA database (bad first line)"));
            continue;
        }
        if (line.starts_with("crl-number ")) {
            if (sawCrlNumber) return fail(corrupt("two crl-number lines"));
            sawCrlNumber = true;
            const std::string_view n = line.substr(11);
            const auto r = std::from_chars(n.data(), n.data() + n.size(), db.m_crlNumber);
            if (r.ec != std::errc() || r.ptr != n.data() + n.size()) return fail(corrupt("bad crl-number"));
            continue;
        }
        auto record = parseCaRecord(line);
        if (!record) return fail(record.error().context("line " + std::to_string(lineNo)));
        if (auto added = db.add(std::move(*record)); !added) return fail(corrupt("duplicate serial number"));
    }
    if (lineNo == 0) return fail(corrupt("empty"));
    if (!sawCrlNumber) return fail(corrupt("missing crl-number"));
    return db;
}

std::string CaDatabase::serialise() const
{
    std::string body(kCaDatabaseMagic);
    body += "\ncrl-number " + std::to_string(m_crlNumber) + "\n";
    for (const auto& r : m_records) {
        body += formatCaRecord(r);
        body += '\n';
    }
    const std::string checksum = sha256Hex(std::as_bytes(std::span(body.data(), body.size())));
    body += kChecksumPrefix;
    body += checksum;
    body += '\n';
    return body;
}

const CaRecord* CaDatabase::find(std::string_view serial) const noexcept
{
    for (const auto& r : m_records)
        if (r.serial == serial) return &r;
    return nullptr;
}

CaRecord* CaDatabase::find(std::string_view serial) noexcept
{
    for (auto& r : m_records)
        if (r.serial == serial) return &r;
    return nullptr;
}

Status CaDatabase::add(CaRecord record)
{
    if (find(record.serial) != nullptr)
        return fail(ErrorCode::AlreadyExists, "serial number " + record.serial + " is already in the CA database");
    m_records.push_back(std::move(record));
    return {};
}

} // namespace sandi::crypto
