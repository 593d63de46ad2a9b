#pragma once
// Triply periodic minimal surfaces, voxelized at a requested volume fraction: cheap, smooth,
// well-connected cells for benchmarks and for the procedural part of the dataset.
//
//   gyroid      sin x cos y + sin y cos z + sin z cos x
//   Schwarz P   cos x + cos y + cos z
//   diamond     sin x sin y sin z + sin x cos y cos z + cos x sin y cos z + cos x cos y sin z
// with x = 2π(i + ½)/n per axis. A *sheet* cell keeps the voxels where |f| is smallest (a
// thickened surface), a *network* cell those where f is largest (one of the two labyrinths).

#include "core/voxel/voxel_grid.hpp"

#include <string>

namespace mf {

enum class Tpms { Gyroid, SchwarzP, Diamond };
const char* toString(Tpms kind);

// The level-set function sampled at voxel centres.
DensityCell tpmsField(Tpms kind, int n);

// The round(volumeFraction · n³) voxels nearest the surface (sheet) or deepest inside (network),
// with the voxels tied with the last one either all in or all out, whichever is nearer: ties come
// from the surface's symmetries, and keeping them together keeps the cell symmetric. The
// fraction is met to within half a tie group.
BinaryCell tpmsCell(Tpms kind, int n, double volumeFraction, bool sheet = true);

}  // namespace mf
