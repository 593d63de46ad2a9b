#include "core/io/cell_file.hpp"

#include "core/io/npy_cell.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/vdb_cell.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace mf::io {

const std::vector<std::string>& cellFileExtensions() {
  static const std::vector<std::string> extensions = {".raw", ".vdb", ".npy"};
  return extensions;
}

CellFile readCell(const std::filesystem::path& path, const std::optional<RawLayout>& rawLayout) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  CellFile out;
  if (ext == ".raw") {
    out.cell = readRawCell(path, rawLayout);
    out.format = "raw";
  } else if (ext == ".vdb") {
    VdbCell vdb = readVdbCell(path);
    out.cell = std::move(vdb.cell);
    out.metadata = std::move(vdb.metadata);
    out.format = "vdb";
  } else if (ext == ".npy") {
    out.cell = readNpyCell(path);
    out.format = "npy";
  } else {
    throw std::runtime_error("unsupported cell format '" + ext + "' of " + path.string() + " (use .raw, .vdb or .npy)");
  }
  if (!out.cell.isCube())
    throw std::runtime_error(path.string() + ": the cell is " + describeDims(out.cell.dims()) +
                             " voxels; MetaForge needs a cube of voxels (n×n×n)");
  return out;
}

}  // namespace mf::io
