#pragma once
// Cubic-symmetric cells. A cell of 2m voxels per side is stored as one octant of m³ voxels and
// mirrored across the three centre planes:
//   cell(i) = octant(i − m)        for i ≥ m
//   cell(i) = octant(m − 1 − i)    for i < m        (and the same in y and z)
// so the octant is the corner [m, 2m)³ of the cell and the cell is symmetric under
// i → 2m − 1 − i. A cubic cell is, in addition, invariant under every permutation of the axes.

#include "core/voxel/voxel_grid.hpp"

namespace mf {

template <class T>
VoxelGrid<T> mirrorOctant(const VoxelGrid<T>& octant);
// The octant [m, 2m)³ of a cell with even dimensions.
template <class T>
VoxelGrid<T> extractOctant(const VoxelGrid<T>& cell);

// Average over the 48 symmetries of the cube about the cell centre (3 mirrors × 6 axis
// permutations): the orthogonal projection onto cubic-symmetric densities.
DensityCell cubicSymmetrize(const DensityCell& cell);
// Binary version: solid where at least half of the 48 images are solid.
BinaryCell cubicSymmetrize(const BinaryCell& cell);

template <class T>
bool isMirrorSymmetric(const VoxelGrid<T>& cell);
// Mirror symmetric and invariant under axis permutations.
template <class T>
bool isCubicSymmetric(const VoxelGrid<T>& cell);

}  // namespace mf
