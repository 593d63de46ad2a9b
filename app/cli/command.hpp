#pragma once
// How metaforge-cli's subcommands plug into main(): each one adds its options to the parser
// and, when chosen, leaves behind the action that main() runs after parsing succeeded.

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>

namespace mf::cli {

// The action of the chosen subcommand; it returns the process exit code.
using Action = std::function<int()>;

// A problem with what the user asked for (not a bug): main() prints it as one line on stderr
// and exits with code 1.
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void addTensorCommand(CLI::App& app, Action& action);
void addHomogenizeCommand(CLI::App& app, Action& action);
void addBenchCommand(CLI::App& app, Action& action);
void addCellCommand(CLI::App& app, Action& action);
void addExportCommand(CLI::App& app, Action& action);
void addOptimizeCommand(CLI::App& app, Action& action);
void addDatasetCommand(CLI::App& app, Action& action);
void addTrainCommand(CLI::App& app, Action& action);
void addDesignCommand(CLI::App& app, Action& action);
void addInterpolateCommand(CLI::App& app, Action& action);
void addExploreCommand(CLI::App& app, Action& action);

}  // namespace mf::cli
