// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/result.h"

namespace sandi {

const char* errorCodeName(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid argument";
    case ErrorCode::InvalidInput:
        return "invalid input";
    case ErrorCode::BadSignature:
        return "bad signature";
    case ErrorCode::DigestMismatch:
        return "digest mismatch";
    case ErrorCode::WrongPassphrase:
        return "wrong passphrase";
    case ErrorCode::NotFound:
        return "not found";
    case ErrorCode::AlreadyExists:
        return "already exists";
    case ErrorCode::Io:
        return "I/O error";
    case ErrorCode::Crypto:
        return "cryptographic failure";
    case ErrorCode::Policy:
        return "policy violation";
    case ErrorCode::Unsupported:
        return "unsupported";
    }
    return "error";
}

Error Error::context(std::string_view what) const
{
    std::string m(what);
    m += ": ";
    m += message;
    return Error{code, std::move(m)};
}

} // namespace sandi
