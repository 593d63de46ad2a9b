// metaforge-cli: the headless entry point. Every subcommand works without a display.

#include "app/cli/command.hpp"
#include "core/jobs/progress.hpp"
#include "core/jobs/thread_policy.hpp"

#include <metaforge/version.hpp>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

// CLI11 messages can span lines; a user gets exactly one.
std::string oneLine(std::string text) {
  for (char& ch : text)
    if (ch == '\n') ch = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Every number on the command line is finite. NaN and Inf pass CLI11's conversions and its
// ranges (every comparison with NaN is false), and then turn silently into nonsense: design
// --guidance nan exited 0, --vf nan reached the model. Strings that are whole non-finite numbers
// ("nan", "inf", "1e999") are refused for every option.
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

}  // namespace

int main(int argc, char** argv) {
  mf::adoptThreadPolicy(argv);  // no spinning pools fighting over the cores (core/jobs/thread_policy.hpp)
  CLI::App app{"MetaForge: inverse design of mechanical metamaterials by their stiffness.\n"
               "Stiffness values are normalized by the base material's Young's modulus E_s.",
               "metaforge-cli"};
  app.set_version_flag("--version", std::string("metaforge-cli ") + MF_VERSION_STRING);
  app.require_subcommand(1);

  mf::cli::Action action;
  mf::cli::addTensorCommand(app, action);
  mf::cli::addHomogenizeCommand(app, action);
  mf::cli::addCellCommand(app, action);
  mf::cli::addExportCommand(app, action);
  mf::cli::addOptimizeCommand(app, action);
  mf::cli::addDatasetCommand(app, action);
  mf::cli::addTrainCommand(app, action);
  mf::cli::addDesignCommand(app, action);
  mf::cli::addBenchCommand(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help and --version
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::cerr << "metaforge-cli: unknown command '" << argv[1] << "' (see metaforge-cli --help)\n";
      return 2;
    }
    std::cerr << "metaforge-cli: " << oneLine(e.what()) << " (see metaforge-cli --help)\n";
    return 2;
  }
  if (const std::string why = nonFiniteOption(app); !why.empty()) {
    std::cerr << "metaforge-cli: " << why << " (see metaforge-cli --help)\n";
    return 2;
  }
  try {
    return action();
  } catch (const mf::CancelledError&) {
    std::cerr << "metaforge-cli: cancelled\n";
    return 130;
  } catch (const mf::cli::UserError& e) {
    std::cerr << "metaforge-cli: " << oneLine(e.what()) << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "metaforge-cli: error: " << oneLine(e.what()) << '\n';
    return 1;
  }
}
