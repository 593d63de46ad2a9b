#pragma once
// Opening a cell from any of the formats MetaForge reads, chosen by the file extension:
// .raw (raw_cell.hpp), .vdb (vdb_cell.hpp), .npy (npy_cell.hpp).

#include "core/io/raw_cell.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace mf::io {

struct CellFile {
  BinaryCell cell;
  std::string format;                          // "raw", "vdb", "npy"
  std::map<std::string, std::string> metadata; // what the file carried (VDB grid metadata)
};

// The extensions readCell understands, for file dialogs: ".raw", ".vdb", ".npy".
const std::vector<std::string>& cellFileExtensions();

// Throws std::runtime_error with one line that names the file and the reason. A cell must be a
// cube of voxels (the FE engine and the exporters need cubic cells).
// A .raw file is read with `rawLayout` where given (raw_cell.hpp).
CellFile readCell(const std::filesystem::path& path, const std::optional<RawLayout>& rawLayout = std::nullopt);

}  // namespace mf::io
