#pragma once
// The raw cell format: nx·ny·nz bytes, one per voxel, x fastest (a NumPy uint8 array of shape
// (nz, ny, nx) written with tofile()). 0 is void, any other value is solid. The file carries no
// header; a cube's size is the cube root of the byte count, other shapes are given by the
// caller.

#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <filesystem>
#include <optional>

namespace mf::io {

// Throws std::runtime_error with the reason (missing file, size not a cube, size not matching
// the given dimensions).
BinaryCell readRawCell(const std::filesystem::path& path, std::optional<std::array<int, 3>> dims = std::nullopt);
void writeRawCell(const std::filesystem::path& path, const BinaryCell& cell);

}  // namespace mf::io
