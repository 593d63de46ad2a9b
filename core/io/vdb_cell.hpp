#pragma once
// Cells in OpenVDB files. Voxel (i, j, k) of a cell is VDB index coordinate (i, j, k); the
// cell's dimensions travel in the grid metadata "metaforge_dims" so that void borders survive.
//
// Reading accepts what other tools write too: the first grid of the file, solid where
//  - a bool or mask grid is active,
//  - a level set is negative (inside),
//  - any other float grid (a fog volume, a density) is at least 0.5;
// without "metaforge_dims", the cell is the bounding box of the active voxels.

#include "core/voxel/voxel_grid.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace mf::io {

struct VdbCell {
  BinaryCell cell;
  std::string gridName;
  std::string gridClass;                       // "fog volume", "level set", "unknown"
  std::map<std::string, std::string> metadata; // string metadata of the grid
};

// Throws std::runtime_error with the reason (not a VDB file, no grids, no active voxels, …).
VdbCell readVdbCell(const std::filesystem::path& path);

// A fog volume named "density": 1 on solid voxels, voxel size `voxelSize`, with the dimensions
// and the given string metadata (provenance) attached.
void writeVdbFogCell(const std::filesystem::path& path, const BinaryCell& cell, double voxelSize = 1.0,
                     const std::map<std::string, std::string>& metadata = {});

}  // namespace mf::io
