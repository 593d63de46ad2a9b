#pragma once
// Cells in NumPy .npy files, so that cells made in Python open directly. A 3-D array of shape
// (nz, ny, nx) in C order (or (nx, ny, nz) in Fortran order: the same bytes) maps to voxel
// (i, j, k) like the raw format. Accepted types: bool, (u)int8/16/32/64 and float32/64 in either
// byte order; integers are solid where non-zero, floats where ≥ 0.5 (a density).

#include "core/voxel/voxel_grid.hpp"

#include <filesystem>

namespace mf::io {

// Throws std::runtime_error with the reason (not an .npy file, unsupported type, not 3-D,
// truncated data).
BinaryCell readNpyCell(const std::filesystem::path& path);

// A uint8 array of shape (nz, ny, nx), 0 and 1; written atomically.
void writeNpyCell(const std::filesystem::path& path, const BinaryCell& cell);

}  // namespace mf::io
