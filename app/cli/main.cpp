// metaforge-cli: the headless entry point. Every subcommand works without a display.

#include "app/cli/command.hpp"
#include "app/cli/option_checks.hpp"
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
  mf::cli::addInterpolateCommand(app, action);
  mf::cli::addExploreCommand(app, action);
  mf::cli::addBenchCommand(app, action);

  if (const std::string why = mf::cli::badArgument(argc, argv); !why.empty()) {
    std::cerr << "metaforge-cli: " << why << " (see metaforge-cli --help)\n";
    return 2;
  }
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
  if (const std::string why = mf::cli::nonFiniteOption(app); !why.empty()) {
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
