// SPDX-License-Identifier: GPL-3.0-or-later
// Result<T>: a value or an Error, with std::expected's member names.
// (clang 14 with libstdc++ 12 cannot use <expected>, and the fuzz build needs clang.)
#pragma once

#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace sandi {

// What went wrong, as a category a caller can branch on. The message names the
// problem for a person; it never contains a secret (passphrase, key, plaintext).
enum class ErrorCode {
    InvalidArgument, // the caller asked for something impossible (bad option, unknown profile)
    InvalidInput,    // outside input is malformed (a bad certificate, a corrupt record)
    BadSignature,    // a signature or MAC does not verify
    DigestMismatch,  // a signature is intact but covers other content (the content changed)
    WrongPassphrase, // decryption of a key failed: wrong passphrase (or tampered file)
    NotFound,        // a file, record or object does not exist
    AlreadyExists,   // refusing to overwrite
    Io,              // the operating system refused (open, write, fsync, rename)
    Crypto,          // a cryptographic library failed for another reason
    Policy,          // input is well formed but violates a rule (name constraints, limits)
    Unsupported,     // well formed, but not something Sandi does
};

const char* errorCodeName(ErrorCode code) noexcept;

struct [[nodiscard]] Error {
    ErrorCode code = ErrorCode::InvalidInput;
    std::string message;

    // "what: message" — adds context while keeping the code.
    [[nodiscard]] Error context(std::string_view what) const;
};

template <class E = Error> struct Unexpected {
    E value;
};

inline Unexpected<Error> fail(ErrorCode code, std::string message)
{
    return Unexpected<Error>{Error{code, std::move(message)}};
}
inline Unexpected<Error> fail(Error error)
{
    return Unexpected<Error>{std::move(error)};
}

template <class T> class [[nodiscard]] Result {
  public:
    using value_type = T;
    using error_type = Error;

    // NOLINTBEGIN(bugprone-forwarding-reference-overload): the requires-clause keeps
    // Result itself (not constructible into T) out; clang-tidy 14 does not read it.
    template <class U = T>
    requires std::is_constructible_v<T, U&&> Result(U&& value)
        : m_v(std::in_place_index<0>, std::forward<U>(value)) {} // NOLINT(google-explicit-constructor)
    // NOLINTEND(bugprone-forwarding-reference-overload)
    Result(Unexpected<Error> e)
        : m_v(std::in_place_index<1>, std::move(e.value)) {} // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool has_value() const noexcept { return m_v.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() &
    {
        check();
        return std::get<0>(m_v);
    }
    const T& value() const&
    {
        check();
        return std::get<0>(m_v);
    }
    T&& value() &&
    {
        check();
        return std::get<0>(std::move(m_v));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const&
    {
        checkError();
        return std::get<1>(m_v);
    }
    Error&& error() &&
    {
        checkError();
        return std::get<1>(std::move(m_v));
    }

  private:
    // Misuse by the programmer (reading a value that is not there) aborts.
    void check() const
    {
        if (!has_value()) std::abort();
    }
    void checkError() const
    {
        if (has_value()) std::abort();
    }
    std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void> {
  public:
    using value_type = void;
    Result() = default;
    Result(Unexpected<Error> e) : m_error(std::move(e.value)), m_failed(true) {} // NOLINT(google-explicit-constructor)
    [[nodiscard]] bool has_value() const noexcept { return !m_failed; }
    explicit operator bool() const noexcept { return has_value(); }
    void value() const
    {
        if (m_failed) std::abort();
    }
    const Error& error() const&
    {
        if (!m_failed) std::abort();
        return m_error;
    }
    Error&& error() &&
    {
        if (!m_failed) std::abort();
        return std::move(m_error);
    }

  private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

} // namespace sandi

// Propagate an error from an expression returning Result<...>.
#define SANDI_TRY(expr)                                                                                                \
    do {                                                                                                               \
        if (auto sandi_try_r_ = (expr); !sandi_try_r_) return ::sandi::fail(std::move(sandi_try_r_).error());          \
    } while (0)

#define SANDI_CONCAT_INNER_(a, b) a##b
#define SANDI_CONCAT_(a, b) SANDI_CONCAT_INNER_(a, b)
// auto x = SANDI_TRY_VALUE(expr);  — needs statement expressions; we avoid them and
// use SANDI_ASSIGN(var, expr) instead, which declares `var`.
#define SANDI_ASSIGN(var, expr)                                                                                        \
    auto SANDI_CONCAT_(sandi_r_, __LINE__) = (expr);                                                                   \
    if (!SANDI_CONCAT_(sandi_r_, __LINE__))                                                                            \
        return ::sandi::fail(std::move(SANDI_CONCAT_(sandi_r_, __LINE__)).error());                                    \
    auto var = std::move(*SANDI_CONCAT_(sandi_r_, __LINE__))
