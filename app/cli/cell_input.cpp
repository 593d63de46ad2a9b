#include "app/cli/cell_input.hpp"

#include "app/cli/command.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/vdb_cell.hpp"
#include "core/voxel/resample.hpp"

namespace mf::cli {

BinaryCell loadCell(const std::filesystem::path& path, std::optional<int> resolution) {
  BinaryCell cell;
  const std::string ext = path.extension().string();
  try {
    if (ext == ".raw") cell = io::readRawCell(path);
    else if (ext == ".vdb") cell = io::readVdbCell(path).cell;
    else throw UserError("unsupported cell format '" + ext + "' of " + path.string() + " (use .raw or .vdb)");
  } catch (const UserError&) {
    throw;
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
