#pragma once
// Loading a cell given on the command line: .raw, .vdb or .npy, optionally resampled.

#include "core/voxel/voxel_grid.hpp"

#include <filesystem>
#include <optional>

namespace mf::cli {

// Throws UserError with one line when the file cannot be used.
BinaryCell loadCell(const std::filesystem::path& path, std::optional<int> resolution = std::nullopt);

}  // namespace mf::cli
