#pragma once
// The surface of a cell: what the viewport draws and what gets printed. The solid voxels of the
// (tiled) cell become a narrow-band level set whose zero crossing runs along the voxel faces
// (OpenVDB topologyToLevelSet), OpenVDB's volumeToMesh turns it into a closed triangle mesh, and
// optional Taubin smoothing rounds the voxel steps (mesh_smoothing.hpp). Outside the tiled block
// is void, so the mesh is closed there too.
//
// The mesher rounds convex voxel edges and corners (its vertices average the crossings in each
// dual cell), which loses volume: about 0.1·A·h for walls 8 voxels thick (A the area, h the
// voxel edge), much more for features 1–2 voxels thin. By default the surface is then moved
// along its normals, by at most a quarter voxel, until it encloses the voxel volume again: the
// printed part keeps the design's volume fraction, which its stiffness depends on most.
//
// Coordinates: the block of tiles³ cells spans [0, tiles·cellSize]³; voxel (i, j, k) of the cell
// is the box [i, i+1]·h × … with h = cellSize / n. A grid of several cells side by side (a
// family's graded bar: cellVoxels = n, the grid (k·n)×n×n) spans [0, tiles·k·cellSize] along x.

#include "core/io/triangle_mesh.hpp"
#include "core/jobs/progress.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <array>

namespace mf::io {

struct SurfaceOptions {
  int tiles = 1;           // n×n×n copies of the cell (1–8)
  int smoothingSteps = 0;  // Taubin λ|μ pairs; 0 keeps the voxel faces
  double cellSize = 1.0;   // edge length of one cell, in the unit of the output
  bool keepVoxelVolume = true;  // offset the surface to the voxel volume (see above)
  // Voxels along one cell's edge; 0: the grid is one cubic cell (n×n×n). Otherwise every side of
  // the grid is a whole number of cells of this many voxels (a block of cells side by side).
  int cellVoxels = 0;
};

// Throws std::invalid_argument unless the grid is one cubic cell (cellVoxels 0) or a whole number
// of cellVoxels³ cells along every side.
void checkCellBlock(const BinaryCell& cell, int cellVoxels);

// The edge of one voxel: cellSize over the voxels along one cell's edge.
double voxelEdge(const BinaryCell& cell, const SurfaceOptions& options);
// The block's extent along each axis, tiles · voxels · h.
std::array<double, 3> blockExtent(const BinaryCell& cell, const SurfaceOptions& options);

// Throws std::invalid_argument for an empty cell, a cell without solid voxels, a grid that is not
// a cube of voxels (or a whole number of cellVoxels cells per side), or options out of range. Reports progress and honours Cancel between the stages.
TriangleMesh extractSurface(const BinaryCell& cell, const SurfaceOptions& options, Progress& progress);

}  // namespace mf::io
