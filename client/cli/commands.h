// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <span>

namespace sandi::client::cli {

// Exit statuses shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1; // a verdict: something is not valid
inline constexpr int kExitError = 2;   // usage error or unreadable / bad input

int runCa(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runCert(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runSign(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runTimestamp(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runVerify(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runAccount(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runContacts(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runSend(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runInbox(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runRead(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runAttachment(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runMemo(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runGroup(std::span<char* const> args, std::FILE* out, std::FILE* err);
int runSearch(std::span<char* const> args, std::FILE* out, std::FILE* err);

} // namespace sandi::client::cli
