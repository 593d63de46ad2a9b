#include "core/io/resources.hpp"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <vector>

namespace mf::io {

std::filesystem::path findResource(std::string_view relative) {
  namespace fs = std::filesystem;
  const fs::path rel{std::string(relative)};
  const fs::path source = fs::path(MF_SOURCE_RESOURCES) / rel;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("METAFORGE_RESOURCES"); env && *env) candidates.push_back(fs::path(env) / rel);
  std::array<char, 4096> self{};
  if (const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1); n > 0)
    candidates.push_back(fs::path(std::string(self.data(), static_cast<std::size_t>(n))).parent_path() / ".." /
                         "share" / "metaforge" / rel);
  candidates.push_back(source);
  candidates.push_back(fs::path("resources") / rel);
  std::error_code ec;
  for (const fs::path& p : candidates)
    if (fs::exists(p, ec)) return p.lexically_normal();
  return source;
}

}  // namespace mf::io
