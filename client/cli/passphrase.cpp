// SPDX-License-Identifier: GPL-3.0-or-later
#include "passphrase.h"

#include "sandi/core/secure_buffer.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

namespace sandi::client::cli {
namespace {

using crypto::SecureBuffer;

// Reads up to kMaxPassphraseBytes from fd until newline/EOF into locked memory.
Result<SecureBuffer> readLine(int fd, const std::string& what)
{
    SecureBuffer buf(kMaxPassphraseBytes + 1);
    std::size_t n = 0;
    for (;;) {
        char c = 0;
        const ssize_t r = ::read(fd, &c, 1);
        if (r < 0) {
            if (errno == EINTR) continue;
            return fail(ErrorCode::Io, "cannot read " + what + ": " + std::strerror(errno));
        }
        if (r == 0 || c == '\n') break;
        if (n == kMaxPassphraseBytes)
            return fail(ErrorCode::InvalidInput,
                        what + " is longer than " + std::to_string(kMaxPassphraseBytes) + " bytes");
        buf.data()[n++] = static_cast<std::byte>(c);
    }
    if (n > 0 && buf.data()[n - 1] == std::byte{'\r'}) --n;
    buf.truncate(n);
    // Keep a NUL after the data for OpenSSL's char* APIs (SecureBuffer has one spare byte).
    return SecureBuffer::fromBytes(buf.bytes());
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): option names and values, named at each call
Result<SecureBuffer> promptOnce(const std::string& prompt, const std::string& fileOption, const std::string& envOption)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(ErrorCode::InvalidArgument,
                    "no terminal to ask for the secret; use --" + fileOption + " FILE or --" + envOption + " VARIABLE");
    struct termios old {};
    const bool isTty = ::tcgetattr(fd, &old) == 0;
    if (isTty) {
        struct termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    const std::string text = prompt + ": ";
    (void)!::write(fd, text.data(), text.size());
    auto line = readLine(fd, "the passphrase");
    if (isTty) ::tcsetattr(fd, TCSAFLUSH, &old);
    (void)!::write(fd, "\n", 1);
    ::close(fd);
    return line;
}

// A secret taken from an environment variable is removed from the environment (so child
// processes and /proc/PID/environ do not see it) and kept here, in locked memory, for the
// rest of the command: two options of one command may name the same variable
// (--ca-pass-env P --pass-env P) and both get it.
std::map<std::string, SecureBuffer>& secretsFromEnvironment()
{
    static std::map<std::string, SecureBuffer> taken;
    return taken;
}

} // namespace

Result<SecureBuffer> readPassphrase(const Args& args, const std::string& prefix, const std::string& prompt,
                                    PassphraseUse use)
{
    return readSecret(args, prefix + "pass-file", prefix + "pass-env", prompt, use);
}

Result<SecureBuffer> readSecret(const Args& args, const std::string& fileOption, const std::string& envOption,
                                const std::string& prompt, PassphraseUse use)
{
    const auto file = args.get(fileOption);
    const auto env = args.get(envOption);
    if (file && env)
        return fail(ErrorCode::InvalidArgument, "give --" + fileOption + " or --" + envOption + ", not both");
    Result<SecureBuffer> pass = fail(ErrorCode::InvalidArgument, "no passphrase");
    if (file) {
        const int fd = ::open(file->c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return fail(ErrorCode::Io, "cannot open passphrase file " + *file + ": " + std::strerror(errno));
        pass = readLine(fd, "passphrase file " + *file);
        ::close(fd);
    } else if (env) {
        auto& taken = secretsFromEnvironment();
        if (const auto it = taken.find(*env); it != taken.end()) return SecureBuffer::fromBytes(it->second.bytes());
        char* value = std::getenv(env->c_str());
        if (value == nullptr) return fail(ErrorCode::InvalidArgument, "environment variable " + *env + " is not set");
        const std::size_t len = std::strlen(value);
        if (len > kMaxPassphraseBytes) return fail(ErrorCode::InvalidInput, "passphrase in " + *env + " is too long");
        pass = SecureBuffer::fromBytes(std::as_bytes(std::span(value, len)));
        crypto::secureWipe(std::as_writable_bytes(std::span(value, len)));
        ::unsetenv(env->c_str());
        if (pass) taken.emplace(*env, SecureBuffer::fromBytes(pass->bytes()));
    } else {
        pass = promptOnce(prompt, fileOption, envOption);
        if (pass && use == PassphraseUse::New) {
            auto again = promptOnce(prompt + " (again)", fileOption, envOption);
            if (!again) return fail(std::move(again).error());
            if (!crypto::constantTimeEqual(pass->bytes(), again->bytes()))
                return fail(ErrorCode::InvalidArgument, "the two passphrases differ");
        }
    }
    if (pass && pass->empty()) return fail(ErrorCode::InvalidArgument, "empty passphrase");
    return pass;
}

} // namespace sandi::client::cli
