#pragma once
// Resampling a periodic cell to another resolution by exact volume overlap: every new voxel
// takes the volume-weighted mean of the old voxels it overlaps (a box filter, separable per
// axis). The mean density is preserved exactly for any pair of resolutions.

#include "core/voxel/voxel_grid.hpp"

namespace mf {

DensityCell resample(const DensityCell& cell, int nx, int ny, int nz);
// Binary: resample the 0/1 density, then solid where the overlap is at least half.
BinaryCell resample(const BinaryCell& cell, int nx, int ny, int nz);

}  // namespace mf
