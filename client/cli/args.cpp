// SPDX-License-Identifier: GPL-3.0-or-later
#include "args.h"

#include <charconv>

namespace sandi::client::cli {

Result<Args> Args::parse(std::span<char* const> argv, const OptionSpec& spec)
{
    Args out;
    bool onlyPositional = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string a = argv[i];
        if (const auto alias = spec.shortNames.find(a); alias != spec.shortNames.end()) a = "--" + alias->second;
        if (!onlyPositional && a == "--") {
            onlyPositional = true;
            continue;
        }
        if (onlyPositional || !a.starts_with("--") || a.size() == 2) {
            out.m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        if (spec.flags.contains(name)) {
            if (inlineValue) return fail(ErrorCode::InvalidArgument, "option --" + name + " takes no value");
            out.m_flags.insert(name);
            continue;
        }
        const bool single = spec.single.contains(name);
        if (!single && !spec.repeated.contains(name))
            return fail(ErrorCode::InvalidArgument, "unknown option --" + name);
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else {
            if (i + 1 >= argv.size()) return fail(ErrorCode::InvalidArgument, "option --" + name + " needs a value");
            value = argv[++i];
        }
        auto& slot = out.m_values[name];
        if (single && !slot.empty()) return fail(ErrorCode::InvalidArgument, "option --" + name + " given twice");
        slot.push_back(std::move(value));
    }
    if (out.m_positional.size() < spec.minPositional) return fail(ErrorCode::InvalidArgument, "missing argument");
    if (out.m_positional.size() > spec.maxPositional)
        return fail(ErrorCode::InvalidArgument, "unexpected argument '" + out.m_positional[spec.maxPositional] + "'");
    return out;
}

std::optional<std::string> Args::get(const std::string& name) const
{
    const auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty()) return std::nullopt;
    return it->second.front();
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): option names and values, named at each call
std::string Args::getOr(const std::string& name, std::string fallback) const
{
    auto v = get(name);
    return v ? *v : std::move(fallback);
}

Result<std::string> Args::require(const std::string& name) const
{
    auto v = get(name);
    if (!v) return fail(ErrorCode::InvalidArgument, "option --" + name + " is required");
    return *v;
}

std::vector<std::string> Args::all(const std::string& name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): option names and values, named at each call
Result<int> Args::getInt(const std::string& name, int fallback, int min, int max) const
{
    const auto v = get(name);
    if (!v) return fallback;
    int n = 0;
    const auto r = std::from_chars(v->data(), v->data() + v->size(), n);
    if (r.ec != std::errc() || r.ptr != v->data() + v->size() || n < min || n > max)
        return fail(ErrorCode::InvalidArgument,
                    "option --" + name + " needs a number from " + std::to_string(min) + " to " + std::to_string(max));
    return n;
}

} // namespace sandi::client::cli
