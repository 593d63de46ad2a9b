#pragma once
// Whole numbers from untrusted JSON (session files, model cards, a dataset's parameters). The
// range is checked before any cast: nlohmann's get<int>() of 1e300 is undefined behaviour
// (UBSan's float-cast-overflow, found by the model-card fuzzer) and of 2^40 silently wraps.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace mf::files {

// The value when it is a whole number in [lo, hi] (3.0 counts; 2.5, "3", NaN and 1e300 do not).
inline std::optional<std::int64_t> integerIn(const nlohmann::json& j, std::int64_t lo, std::int64_t hi) {
  if (j.is_number_unsigned()) {
    const std::uint64_t u = j.get<std::uint64_t>();
    if (hi < 0 || u > static_cast<std::uint64_t>(hi)) return std::nullopt;
    const auto v = static_cast<std::int64_t>(u);
    return v >= lo ? std::optional<std::int64_t>(v) : std::nullopt;
  }
  if (j.is_number_integer()) {
    const std::int64_t v = j.get<std::int64_t>();
    return v >= lo && v <= hi ? std::optional<std::int64_t>(v) : std::nullopt;
  }
  if (j.is_number_float()) {
    const double d = j.get<double>();
    // Compared as doubles before the cast, so the cast is always defined.
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) >= 9.0e18 || d < static_cast<double>(lo) || d > static_cast<double>(hi))
      return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// The same, or one error that says what the field is and what it must be.
inline std::int64_t integerField(const nlohmann::json& j, const std::string& what, std::int64_t lo, std::int64_t hi) {
  if (const auto v = integerIn(j, lo, hi)) return *v;
  throw std::runtime_error(what + " must be a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

}  // namespace mf::files
