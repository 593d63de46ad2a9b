#include "app/cli/generative_module.hpp"

#include "app/cli/command.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <filesystem>

namespace mf::cli {

int runGenerativeCommand(const std::string& command, const std::string& argumentsJson) {
  std::array<char, 4096> self{};
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  const std::filesystem::path dir =
      n > 0 ? std::filesystem::path(std::string(self.data(), static_cast<std::size_t>(n))).parent_path() : ".";
  const std::filesystem::path module = dir / "libmf_cli_generative.so";
  void* handle = ::dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    throw UserError("'" + command + "' needs the diffusion module " + module.string() +
                    ", which is missing or cannot load (build with LibTorch: package libtorch-dev): " + ::dlerror());
  using Entry = int (*)(const char*, const char*, char*, unsigned long);
  auto entry = reinterpret_cast<Entry>(::dlsym(handle, "mf_generative_command"));
  if (!entry) throw UserError(module.string() + " has no entry point mf_generative_command");
  std::array<char, 2048> error{};
  const int rc = entry(command.c_str(), argumentsJson.c_str(), error.data(), error.size());
  if (rc != 0 && error[0]) throw UserError(error.data());
  return rc;  // the module stays loaded until exit: LibTorch does not like being unloaded
}

}  // namespace mf::cli
