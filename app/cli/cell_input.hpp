#pragma once
// Loading a cell given on the command line: .raw, .vdb or .npy, optionally resampled; or a
// sample of a dataset (the bundled one unless a file is given).

#include "core/dataset/sample.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mf::cli {

// Throws UserError with one line when the file cannot be used.
BinaryCell loadCell(const std::filesystem::path& path, std::optional<int> resolution = std::nullopt);

// The samples (with their cells) of `path`, or of the bundled dataset when it is empty. Throws
// UserError with the reader's reason.
std::vector<dataset::Sample> loadSamples(const std::filesystem::path& path = {});

// A cell file, or "dataset:INDEX": sample INDEX (its position) of the bundled dataset, mirrored
// to the full cell.
BinaryCell loadCellOrSample(const std::string& spec);

}  // namespace mf::cli
