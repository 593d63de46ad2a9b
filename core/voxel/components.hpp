#pragma once
// Connected components of the solid phase of a periodic cell. Voxels across the cell boundary
// are neighbours. A component *wraps* along an axis when it connects to its own periodic image
// along that axis: only wrapping components can carry load in the infinite lattice.

#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace mf {

enum class Connectivity {
  Face = 6,     // voxels sharing a face (what a printer and a user call "connected")
  Edge = 18,    // ... or an edge
  Vertex = 26,  // ... or a corner (what the hex8 FE mesh couples)
};

struct ComponentLabels {
  VoxelGrid<std::int32_t> labels;             // component id per voxel, -1 for void
  std::vector<std::int64_t> sizes;            // voxels per component
  std::vector<std::array<bool, 3>> wraps;     // per component: connects to its image along x, y, z
  int largest() const;                        // id of the largest component, -1 when none
};

ComponentLabels periodicComponents(const BinaryCell& cell, Connectivity connectivity = Connectivity::Face);

// The largest component alone (ties: the lowest id, i.e. first in memory order).
BinaryCell keepLargestComponent(const BinaryCell& cell, Connectivity connectivity = Connectivity::Face);

// Every component as large as the largest, the rest (islands, specks) removed. Unlike
// keepLargestComponent this keeps a symmetric cell symmetric: images of a component under a
// symmetry of the cell have its size, so they stay or go together.
BinaryCell removeIslands(const BinaryCell& cell, Connectivity connectivity = Connectivity::Face);

}  // namespace mf
