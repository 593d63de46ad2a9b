#pragma once
// The LibTorch-backed commands (train, dataset grow, bench sample) live in a module,
// libmf_cli_generative.so beside metaforge-cli, that is loaded only when such a command runs:
// linking LibTorch into the CLI itself adds about half a second to every command's start.
//
// The boundary is one C function taking the command's arguments as JSON and returning an exit
// code; a user error comes back as text.

#include <string>

namespace mf::cli {

// Runs `command` in the module; throws UserError when the module is missing or reports one.
int runGenerativeCommand(const std::string& command, const std::string& argumentsJson);

}  // namespace mf::cli

// The module's entry point. Returns the exit code; on a user error returns 1 and writes the
// message (NUL-terminated, truncated to errorSize) into error.
extern "C" int mf_generative_command(const char* command, const char* argumentsJson, char* error,
                                     unsigned long errorSize);
