// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/visual/stamp_record.h"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace sandi::client::visual {
namespace {

constexpr std::array<std::string_view, 5> kKeys{"signer", "nip", "t", "doc", "base"};
constexpr std::size_t kTimeLength = 16; // YYYYMMDDTHHMMSSZ

bool unreserved(unsigned char c) noexcept
{
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string percentEncode(std::string_view s)
{
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c)) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4U];
            out += kHex[c & 0xFU];
        }
    }
    return out;
}

int hexValue(char c) noexcept
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the value, and its key for messages
Result<std::string> percentDecode(std::string_view s, std::string_view key)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (unreserved(c)) {
            out += s[i];
            continue;
        }
        if (c != '%' || i + 2 >= s.size())
            return fail(ErrorCode::InvalidInput, "stamp record: a bad character in " + std::string(key));
        const int h = hexValue(s[i + 1]);
        const int l = hexValue(s[i + 2]);
        if (h < 0 || l < 0) return fail(ErrorCode::InvalidInput, "stamp record: a bad %-escape in " + std::string(key));
        out += static_cast<char>(h * 16 + l);
        i += 2;
    }
    return out;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the value, and its key for messages
Result<std::string> hexField(std::string_view v, std::string_view key, std::size_t maxLength, bool upper)
{
    if (v.size() > maxLength || v.size() % 2 != 0)
        return fail(ErrorCode::InvalidInput, "stamp record: " + std::string(key) + " has a wrong length");
    std::string out;
    for (char c : v) {
        if (hexValue(c) < 0) return fail(ErrorCode::InvalidInput, "stamp record: " + std::string(key) + " is not hex");
        out += static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                       : std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string formatTime(crypto::TimePoint t)
{
    const auto days = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{days};
    const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - days)};
    std::array<char, 24> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d%02u%02uT%02ld%02ld%02ldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()));
    return buf.data();
}

Result<crypto::TimePoint> parseTime(std::string_view v)
{
    if (v.size() != kTimeLength || v[8] != 'T' || v[15] != 'Z')
        return fail(ErrorCode::InvalidInput, "stamp record: t is not YYYYMMDDTHHMMSSZ");
    auto num = [&](std::size_t at, std::size_t n) -> int {
        int x = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (v[i] < '0' || v[i] > '9') return -1;
            x = x * 10 + (v[i] - '0');
        }
        return x;
    };
    const int year = num(0, 4), month = num(4, 2), day = num(6, 2), hour = num(9, 2), minute = num(11, 2),
              second = num(13, 2);
    if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 59)
        return fail(ErrorCode::InvalidInput, "stamp record: t is out of range");
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return fail(ErrorCode::InvalidInput, "stamp record: t is not a calendar date");
    return crypto::TimePoint{std::chrono::sys_days{ymd}} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
           std::chrono::seconds{second};
}

} // namespace

std::string formatStampRecord(const StampRecord& r)
{
    const std::array<std::string, 5> values{percentEncode(r.signer), percentEncode(r.nip), formatTime(r.time),
                                            percentEncode(r.documentId), percentEncode(r.base)};
    std::string out(kStampRecordPrefix);
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
        if (i > 0) out += ';';
        out.append(kKeys[i]).append("=").append(values[i]);
    }
    return out;
}

bool isStampRecord(std::string_view text) noexcept
{
    return text.starts_with(kStampRecordPrefix);
}

Result<StampRecord> parseStampRecord(std::string_view text)
{
    if (!isStampRecord(text)) return fail(ErrorCode::InvalidInput, "not a Sandi stamp record");
    if (text.size() > kMaxStampRecordBytes) return fail(ErrorCode::InvalidInput, "stamp record: too long");
    std::string_view rest = text.substr(kStampRecordPrefix.size());
    std::array<std::string_view, 5> raw{};
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
        const std::size_t semi = rest.find(';');
        const std::string_view item = rest.substr(0, semi);
        if ((semi == std::string_view::npos) != (i + 1 == kKeys.size()))
            return fail(ErrorCode::InvalidInput, "stamp record: not exactly five fields");
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos || item.substr(0, eq) != kKeys[i])
            return fail(ErrorCode::InvalidInput,
                        "stamp record: field " + std::to_string(i + 1) + " is not " + std::string(kKeys[i]));
        raw[i] = item.substr(eq + 1);
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    }
    StampRecord r;
    SANDI_ASSIGN(signer, percentDecode(raw[0], kKeys[0]));
    SANDI_ASSIGN(nip, percentDecode(raw[1], kKeys[1]));
    if (signer.empty() || signer.size() > kMaxStampNameBytes || nip.size() > kMaxStampNameBytes)
        return fail(ErrorCode::InvalidInput, "stamp record: signer is empty, or signer or nip too long");
    r.signer = std::move(signer);
    r.nip = std::move(nip);
    SANDI_ASSIGN(t, parseTime(raw[2]));
    r.time = t;
    SANDI_ASSIGN(doc, hexField(raw[3], kKeys[3], kDocumentIdHexMax, true));
    SANDI_ASSIGN(base, hexField(raw[4], kKeys[4], kBaseHexLength, false));
    if (base.size() != kBaseHexLength) return fail(ErrorCode::InvalidInput, "stamp record: base is not a SHA-256");
    r.documentId = std::move(doc);
    r.base = std::move(base);
    return r;
}

} // namespace sandi::client::visual
