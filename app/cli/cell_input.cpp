#include "app/cli/cell_input.hpp"

#include "app/cli/command.hpp"
#include "core/io/cell_file.hpp"
#include "core/voxel/resample.hpp"

namespace mf::cli {

BinaryCell loadCell(const std::filesystem::path& path, std::optional<int> resolution) {
  BinaryCell cell;
  try {
    cell = io::readCell(path).cell;
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
  if (resolution) {
    if (*resolution < 1) throw UserError("--resolution must be at least 1");
    cell = resample(cell, *resolution, *resolution, *resolution);
  }
  return cell;
}

}  // namespace mf::cli
