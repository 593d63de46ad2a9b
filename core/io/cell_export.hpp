#pragma once
// Exporting a cell for printing or for other tools: one entry point for every format, used by
// the GUI's export dialog and by `metaforge-cli export`.
//
//  STL (binary) and 3MF: the surface mesh (surface.hpp) of the tiled cell, scaled to the chosen
//    cell size and unit, refused unless it is watertight.
//  VDB level set: the narrow-band signed distance of the tiled cell ("surface"), zero on the voxel
//    faces, or on the smoothed surface when smoothing is on.
//  VDB fog volume: 1 in solid voxels, 0 elsewhere ("density"), the voxels themselves.
// Every file is written atomically and carries the provenance where the format has room: 3MF
// model metadata, VDB grid metadata, the first 80 bytes of STL.

#include "core/io/length_unit.hpp"
#include "core/io/surface.hpp"
#include "core/io/triangle_mesh.hpp"
#include "core/jobs/progress.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mf::io {

enum class ExportFormat { Stl, ThreeMf, VdbLevelSet, VdbFog };

std::string formatName(ExportFormat format);       // "STL", "3MF", "VDB level set", "VDB fog volume"
std::string formatExtension(ExportFormat format);  // ".stl", ".3mf", ".vdb", ".vdb"
// "stl", "3mf", "vdb" (level set), "vdb-levelset", "vdb-fog"; or the extension of a path.
std::optional<ExportFormat> parseExportFormat(const std::string& text);
const std::vector<ExportFormat>& allExportFormats();

struct ExportOptions {
  ExportFormat format = ExportFormat::Stl;
  LengthUnit unit = LengthUnit::Millimeter;
  double cellSize = 10.0;  // edge of one cell, in `unit`
  int tiles = 1;           // n×n×n cells
  int smoothingSteps = 0;  // mesh formats and the level set
  // Voxels along one cell's edge; 0: the grid is one cubic cell. A block of cells side by side
  // (a family's graded bar, (k·n)×n×n voxels) gives n, and each cell is cellSize across.
  int cellVoxels = 0;
};

struct ExportReport {
  std::filesystem::path path;
  std::uintmax_t bytes = 0;
  std::size_t triangles = 0;     // mesh formats
  MeshCheck meshCheck;           // mesh formats
  double meshVolume = 0.0;       // in unit³ (mesh formats)
  double voxelVolume = 0.0;      // solid voxel volume of the tiled cell, in unit³
  double meshingTolerance = 0.0; // allowed |meshVolume − voxelVolume| (see meshingTolerance)
  std::size_t activeVoxels = 0;  // VDB formats
  // False when features 1–2 voxels thin lost more volume than the surface offset may restore
  // (surface.hpp); exporting from a finer resampling of the cell helps.
  bool volumeWithinTolerance() const { return std::abs(meshVolume - voxelVolume) <= meshingTolerance; }
};

// The meshing tolerance for a mesh of area `area` from voxels of edge `voxelSize`: a tenth of a
// voxel layer over the surface, |V_mesh − V_voxels| ≤ 0.1 · A · h. The raw mesher stays inside it
// for walls of 8 voxels and more; with the default volume offset (surface.hpp) any cell whose
// features are at least 2–3 voxels thick lands within ~0.1 % of the voxel volume.
double meshingTolerance(double area, double voxelSize);

// Provenance keys written into every file (in addition to the caller's): "application",
// "created" (UTC, ISO 8601), "cell_voxels", "volume_fraction", "tiles", "cell_size", "unit",
// "smoothing".
std::map<std::string, std::string> exportMetadata(const BinaryCell& cell, const ExportOptions& options,
                                                  const std::map<std::string, std::string>& provenance);

// Throws std::invalid_argument for options out of range or a cell that cannot be exported,
// std::runtime_error when the mesh is not watertight or the file cannot be written,
// CancelledError when cancelled (nothing is written then).
ExportReport exportCell(const BinaryCell& cell, const ExportOptions& options, const std::filesystem::path& path,
                        const std::map<std::string, std::string>& provenance, Progress& progress);

}  // namespace mf::io
