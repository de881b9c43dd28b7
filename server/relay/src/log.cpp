// SPDX-License-Identifier: GPL-3.0-or-later
#include "log.h"

#include <QDateTime>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace sandi::server {
namespace {

const char* levelName(LogLevel l)
{
    switch (l) {
    case LogLevel::Error:
        return "error";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Info:
        return "info";
    case LogLevel::Debug:
        return "debug";
    }
    return "info";
}

QString quoted(const QString& v)
{
    bool plain = !v.isEmpty();
    for (QChar c : v)
        if (c.isSpace() || c == '"' || c == '=' || c.unicode() < 0x20) plain = false;
    if (plain) return v;
    QString out = "\"";
    for (QChar c : v) {
        if (c == '"' || c == '\\') out += '\\';
        if (c.unicode() < 0x20)
            out += ' ';
        else
            out += c;
    }
    return out + "\"";
}

} // namespace

void logEvent(LogLevel level, const char* event, std::initializer_list<std::pair<const char*, QString>> fields)
{
    static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    static std::mutex mutex;
    QString line;
    if (journal)
        line += "<" + QString::number(static_cast<int>(level)) + ">";
    else
        line += "time=" + QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + " ";
    line += QString("level=") + levelName(level) + " event=" + event;
    for (const auto& [k, v] : fields)
        line += QString(" ") + k + "=" + quoted(v);
    const QByteArray bytes = line.toUtf8();
    std::lock_guard lock(mutex);
    std::fprintf(stderr, "%s\n", bytes.constData());
    std::fflush(stderr);
}

} // namespace sandi::server
