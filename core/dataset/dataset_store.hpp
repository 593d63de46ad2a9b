#pragma once
// The HDF5 dataset store (schema: docs/dataset.md). A file holds one group, /samples, of
// parallel datasets indexed by sample:
//   octant           uint8   [N, m, m, m]   gzip, chunked by 16 samples
//   stiffness        float64 [N, 6, 6]      C^H (Voigt, E_s = 1)
//   volume_fraction  float64 [N]
//   index, seed      uint64  [N]
//   generator, params, fe    variable-length UTF-8 strings [N] (params and fe are JSON)
// and root attributes format = "metaforge-dataset", version, cell_resolution (2m), octants (1).
// A family whose cells are made again from their parameters (a spinodoid's Θ and field seed)
// stores no voxels: octants = 0 and no octant column; cell_resolution is then the resolution
// the FE labelled them at. A file without the octants attribute (written before it) stores them.
//
// Every write leaves a complete, closed file behind: appending copies the file, extends the
// copy and renames it over the original. A process killed at any moment leaves either the old
// or the new file, never a torn one, so a generation run can resume from what is on disk.

#include "core/dataset/sample.hpp"

#include <filesystem>
#include <vector>

namespace mf::dataset {

enum class CellStorage {
  Octant,       // each sample's octant (cubic-symmetric cells)
  Regenerated,  // none: the cells are made again from the samples' parameters
};

struct DatasetInfo {
  int cellResolution = 0;  // 2m
  std::size_t count = 0;
  CellStorage storage = CellStorage::Octant;
};

// Creates or replaces `path` with these samples (all with the same octant size; with
// CellStorage::Regenerated, all without one).
void writeDataset(const std::filesystem::path& path, const std::vector<Sample>& samples, int cellResolution,
                  CellStorage storage = CellStorage::Octant);
// Appends to `path`, creating it when missing. The octant size and the storage must match the file's.
void appendSamples(const std::filesystem::path& path, const std::vector<Sample>& samples, int cellResolution,
                   CellStorage storage = CellStorage::Octant);

DatasetInfo readDatasetInfo(const std::filesystem::path& path);
// With the octants; throws std::runtime_error, saying why, for a file that stores none.
std::vector<Sample> readDataset(const std::filesystem::path& path);
// Only the labels (no voxels): fast, for statistics and the property range.
std::vector<Sample> readDatasetLabels(const std::filesystem::path& path);
// What the file holds: the octants where it stores them, else the labels and parameters.
std::vector<Sample> readStoredSamples(const std::filesystem::path& path);

}  // namespace mf::dataset
