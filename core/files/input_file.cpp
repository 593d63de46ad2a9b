#include "core/files/input_file.hpp"

#include <stdexcept>
#include <string>
#include <system_error>

namespace mf::files {
namespace {

std::string sizeText(std::uint64_t bytes) {
  if (bytes >= (1ull << 30)) return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1ull << 20)) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1ull << 10)) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::uint64_t checkInputFile(const std::filesystem::path& path, std::uint64_t maxBytes, const char* what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) {
    if (ec == std::errc::too_many_symbolic_link_levels)
      throw std::runtime_error(path.string() + ": a loop of symbolic links, not a " + what);
    if (ec == std::errc::no_such_file_or_directory) throw std::runtime_error(path.string() + ": no such file");
    throw std::runtime_error(path.string() + ": cannot read it (" + ec.message() + ")");
  }
  switch (st.type()) {
    case fs::file_type::regular: break;
    case fs::file_type::not_found: throw std::runtime_error(path.string() + ": no such file");
    case fs::file_type::directory: throw std::runtime_error(path.string() + ": a directory, not a " + std::string(what));
    default: throw std::runtime_error(path.string() + ": not a regular file (a pipe, socket or device), not a " + std::string(what));
  }
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) throw std::runtime_error(path.string() + ": cannot read its size (" + ec.message() + ")");
  if (size == 0) throw std::runtime_error(path.string() + ": the file is empty");
  if (size > maxBytes)
    throw std::runtime_error(path.string() + ": " + sizeText(size) + ", more than the " + sizeText(maxBytes) + " a " + what +
                             " may have");
  return size;
}

void checkCellDims(const std::filesystem::path& path, std::int64_t nx, std::int64_t ny, std::int64_t nz) {
  const std::string dims = std::to_string(nx) + "×" + std::to_string(ny) + "×" + std::to_string(nz);
  for (const std::int64_t n : {nx, ny, nz})
    if (n < 1 || n > Limits::kMaxCellSide)
      throw std::runtime_error(path.string() + ": a " + dims + " cell; each side must lie in 1–" +
                               std::to_string(Limits::kMaxCellSide) + " voxels");
  const auto voxels = static_cast<std::uint64_t>(nx) * static_cast<std::uint64_t>(ny) * static_cast<std::uint64_t>(nz);
  if (voxels > Limits::kMaxCellVoxels)
    throw std::runtime_error(path.string() + ": a " + dims + " cell has " + std::to_string(voxels) +
                             " voxels, more than the 512³ MetaForge reads");
}

}  // namespace mf::files
