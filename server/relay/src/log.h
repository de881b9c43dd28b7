// SPDX-License-Identifier: GPL-3.0-or-later
// Structured logs on stderr, one event per line as logfmt (`level=info event=listening
// addr=…`), with the syslog priority prefix journald reads (`<6>`) when running under
// systemd (JOURNAL_STREAM set). Never a secret or a message's contents.
#pragma once

#include <QString>

#include <initializer_list>
#include <utility>

namespace sandi::server {

enum class LogLevel { Error = 3, Warning = 4, Info = 6, Debug = 7 };
void logEvent(LogLevel level, const char* event, std::initializer_list<std::pair<const char*, QString>> fields = {});

} // namespace sandi::server
