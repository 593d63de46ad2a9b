#include "core/io/atomic_file.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <system_error>

#include <unistd.h>

namespace mf::io {

void writeAtomically(const std::filesystem::path& path,
                     const std::function<void(const std::filesystem::path&)>& write) {
  namespace fs = std::filesystem;
  static std::atomic<unsigned> counter{0};
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) throw std::runtime_error("cannot write " + path.string() + ": no directory " + dir.string());
  // Same directory, so the rename stays on one file system and is atomic. The extension is
  // kept because some writers choose the format by it.
  const fs::path tmp = dir / ("." + path.stem().string() + ".tmp" + std::to_string(::getpid()) + "-" +
                              std::to_string(counter++) + path.extension().string());
  try {
    write(tmp);
    if (!fs::exists(tmp)) throw std::runtime_error("cannot write " + path.string());
    fs::rename(tmp, path);
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
}

}  // namespace mf::io
