#pragma once
// The raw cell format: nx·ny·nz voxels, x fastest (a NumPy array of shape (nz, ny, nx) written
// with tofile()). MetaForge writes one byte per voxel, 0 void and anything else solid. The file
// carries no header, so a cube of one-byte voxels is recognized by its size; any other layout
// (another shape, two- or four-byte voxels, a header to skip) is given by the caller.

#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <filesystem>
#include <optional>

#include <cstdint>

namespace mf::io {

enum class RawVoxel { UInt8, UInt16, Float32 };  // integers: non-zero is solid; floats: ≥ 0.5

struct RawLayout {
  std::array<int, 3> dims{};
  RawVoxel voxel = RawVoxel::UInt8;
  std::uint64_t headerBytes = 0;  // skipped before the voxels
};

// Throws std::runtime_error with the reason (missing file, size not a cube of one-byte voxels,
// size not matching the layout given).
BinaryCell readRawCell(const std::filesystem::path& path, std::optional<RawLayout> layout = std::nullopt);
inline BinaryCell readRawCell(const std::filesystem::path& path, const std::array<int, 3>& dims) {
  return readRawCell(path, RawLayout{dims});
}
// Whether a file of this many bytes is a cube of one-byte voxels (what readRawCell reads with
// no layout given).
bool isCubeOfBytes(std::uint64_t bytes);
// A layout to offer for a file of this many bytes: a cube of one-, two- or four-byte voxels
// where one fits, else none.
std::optional<RawLayout> guessRawLayout(std::uint64_t bytes);
void writeRawCell(const std::filesystem::path& path, const BinaryCell& cell);

}  // namespace mf::io
