#pragma once
// The two VDB exports of a tiled cell (cell_export.hpp says what each holds). World
// coordinates: the tiled block spans [0, tiles·cellSize]³.

#include "core/io/surface.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace mf::io {

// Return the number of active voxels written. Written atomically, metadata attached to the grid.
std::size_t writeVdbLevelSet(const std::filesystem::path& path, const BinaryCell& cell, const SurfaceOptions& options,
                             const std::map<std::string, std::string>& metadata, Progress& progress);
std::size_t writeVdbFog(const std::filesystem::path& path, const BinaryCell& cell, const SurfaceOptions& options,
                        const std::map<std::string, std::string>& metadata, Progress& progress);

}  // namespace mf::io
