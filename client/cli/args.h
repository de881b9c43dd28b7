// SPDX-License-Identifier: GPL-3.0-or-later
// A small, strict command-line parser: --name VALUE options (repeatable where
// declared), --flag switches and positional arguments. Unknown options are errors.
#pragma once

#include "sandi/core/result.h"

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace sandi::client::cli {

struct OptionSpec {
    std::set<std::string> single;   // --x VALUE, at most once
    std::set<std::string> repeated; // --x VALUE, any number of times
    std::set<std::string> flags;    // --x
    std::size_t minPositional = 0;
    std::size_t maxPositional = 0;
    std::map<std::string, std::string> shortNames{}; // "-o" → "out"
};

class Args {
  public:
    static Result<Args> parse(std::span<char* const> argv, const OptionSpec& spec);

    [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
    [[nodiscard]] std::string getOr(const std::string& name, std::string fallback) const;
    Result<std::string> require(const std::string& name) const;
    [[nodiscard]] std::vector<std::string> all(const std::string& name) const;
    [[nodiscard]] bool flag(const std::string& name) const { return m_flags.contains(name); }
    [[nodiscard]] const std::vector<std::string>& positional() const noexcept { return m_positional; }
    Result<int> getInt(const std::string& name, int fallback, int min, int max) const;

  private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
};

} // namespace sandi::client::cli
