// The tensor command's arguments: the input split at spaces into `metaforge-cli tensor …`,
// parsed by CLI11 with the command's own options, numbers checked as main() checks them, and the
// report computed (its text thrown away).

#include "app/cli/command.hpp"
#include "app/cli/option_checks.hpp"
#include "tests/fuzz/harness.hpp"

#include <iostream>
#include <sstream>
#include <stdexcept>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // At most the 21 constants of --full and a few options: CLI11 handles unmatched words in time
  // quadratic in their number, which under ASan turns 40 of them into seconds (the release CLI
  // takes 0.1 s), and that is not what this harness is after.
  if (size > 1024) return 0;
  std::istringstream words(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<std::string> args{"metaforge-cli", "tensor"};
  for (std::string w; words >> w && args.size() < 2 + 28;) args.push_back(w);
  CLI::App app;
  mf::cli::Action action;
  mf::cli::addTensorCommand(app, action);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  if (!mf::cli::badArgument(static_cast<int>(argv.size()), argv.data()).empty()) return 0;  // as main() does
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
    if (!mf::cli::nonFiniteOption(app).empty()) return 0;
    // The report's text goes nowhere.
    std::ostringstream sink;
    std::streambuf* out = std::cout.rdbuf(sink.rdbuf());
    try {
      if (action) action();
    } catch (...) {
      std::cout.rdbuf(out);
      throw;
    }
    std::cout.rdbuf(out);
  } catch (const CLI::Error&) {
  } catch (const std::exception&) {
  }
  return 0;
}
