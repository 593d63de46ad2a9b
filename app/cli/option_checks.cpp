#include "app/cli/option_checks.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace mf::cli {

std::string badArgument(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] == '\0')
      return "argument " + std::to_string(i) + " is empty ('' is neither an option nor a value)";
  return {};
}

std::string nonFiniteOption(const CLI::App& app) {
  for (const CLI::Option* o : app.get_options())
    for (const std::string& r : o->results()) {
      char* end = nullptr;
      const double v = std::strtod(r.c_str(), &end);
      if (end != r.c_str() && *end == '\0' && !std::isfinite(v)) return o->get_name() + ": '" + r + "' is not a finite number";
    }
  // The subcommands that ran, and option groups (CLI11 keeps them as nameless subcommands).
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return a->parsed() || a->get_name().empty(); }))
    if (std::string why = nonFiniteOption(*sub); !why.empty()) return why;
  return {};
}

CLI::Validator seedNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [at, ec] = std::from_chars(text.data(), end, v);
        if (text.empty() || text[0] == '+' || ec != std::errc() || at != end)
          return "a seed is a whole number from 0 to 18446744073709551615, not '" + text + "'";
        return {};
      },
      "SEED");
}

}  // namespace mf::cli
