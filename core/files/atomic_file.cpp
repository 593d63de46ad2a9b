#include "core/files/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include <signal.h>
#include <unistd.h>

namespace mf::files {
namespace {

namespace fs = std::filesystem;

// ".<stem>.tmp<pid>-<n><ext>" beside the target: the same directory keeps the rename on one
// file system (so it is atomic), the extension is kept because some writers choose the format
// by it, and the pid says whose it is.
std::string temporaryPrefix(const fs::path& path) { return "." + path.stem().string() + ".tmp"; }

// A test's hook for "killed while writing": MF_FAULT_KILL_WRITING=<file name>[:n] makes the n-th
// write (default the first) of a file of that name cut its temporary in half and the process
// die by SIGKILL, as a power cut or kill -9 would, before the rename.
void killHereIfAsked(const fs::path& path, const fs::path& tmp) {
  static const char* fault = std::getenv("MF_FAULT_KILL_WRITING");
  if (!fault) return;
  const std::string spec = fault;
  const std::size_t colon = spec.find(':');
  if (path.filename().string() != spec.substr(0, colon)) return;
  static std::atomic<int> writes{0};
  const int nth = colon == std::string::npos ? 1 : std::atoi(spec.c_str() + colon + 1);
  if (++writes < nth) return;
  std::error_code ignored;
  fs::resize_file(tmp, fs::file_size(tmp, ignored) / 2, ignored);
  ::kill(::getpid(), SIGKILL);
}

bool processAlive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

}  // namespace

int removeStaleTemporaries(const fs::path& path) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const std::string prefix = temporaryPrefix(path), ext = path.extension().string();
  int removed = 0;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() < prefix.size() + ext.size() ||
        name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
      continue;
    const std::string rest = name.substr(prefix.size());
    const std::size_t dash = rest.find('-');
    if (dash == std::string::npos || dash == 0) continue;
    long pid = 0;
    try {
      pid = std::stol(rest.substr(0, dash));
    } catch (const std::exception&) {
      continue;
    }
    if (processAlive(pid)) continue;
    std::error_code ignored;
    if (fs::remove(e.path(), ignored)) ++removed;
  }
  return removed;
}

void writeAtomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  static std::atomic<unsigned> counter{0};
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) throw std::runtime_error("cannot write " + path.string() + ": no directory " + dir.string());
  removeStaleTemporaries(path);
  const fs::path tmp = dir / (temporaryPrefix(path) + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                              path.extension().string());
  try {
    write(tmp);
    if (!fs::exists(tmp)) throw std::runtime_error("cannot write " + path.string());
    killHereIfAsked(path, tmp);
    fs::rename(tmp, path);
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
}

void writeTextAtomically(const fs::path& path, const std::string& text) {
  writeAtomically(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string() + " (disk full?)");
  });
}

}  // namespace mf::files
