#include "core/io/cell_export.hpp"

#include "core/io/stl_file.hpp"
#include "core/io/threemf_file.hpp"
#include "core/io/vdb_export.hpp"
#include "core/tensor/format.hpp"

#include <metaforge/version.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace mf::io {

std::string formatName(ExportFormat format) {
  switch (format) {
    case ExportFormat::Stl: return "STL";
    case ExportFormat::ThreeMf: return "3MF";
    case ExportFormat::VdbLevelSet: return "VDB level set";
    case ExportFormat::VdbFog: return "VDB fog volume";
  }
  return "?";
}

std::string formatExtension(ExportFormat format) {
  switch (format) {
    case ExportFormat::Stl: return ".stl";
    case ExportFormat::ThreeMf: return ".3mf";
    case ExportFormat::VdbLevelSet:
    case ExportFormat::VdbFog: return ".vdb";
  }
  return "";
}

const std::vector<ExportFormat>& allExportFormats() {
  static const std::vector<ExportFormat> formats = {ExportFormat::Stl, ExportFormat::ThreeMf, ExportFormat::VdbLevelSet,
                                                    ExportFormat::VdbFog};
  return formats;
}

std::optional<ExportFormat> parseExportFormat(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!t.empty() && t[0] == '.') t.erase(0, 1);
  if (t == "stl") return ExportFormat::Stl;
  if (t == "3mf") return ExportFormat::ThreeMf;
  if (t == "vdb" || t == "vdb-levelset" || t == "levelset") return ExportFormat::VdbLevelSet;
  if (t == "vdb-fog" || t == "fog") return ExportFormat::VdbFog;
  return std::nullopt;
}

double meshingTolerance(double area, double voxelSize) { return 0.1 * area * voxelSize; }

namespace {

std::string utcNow() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

void validate(const BinaryCell& cell, const ExportOptions& o) {
  if (cell.empty()) throw std::invalid_argument("the cell is empty (0 voxels)");
  checkCellBlock(cell, o.cellVoxels);
  if (!(o.cellSize > 0.0) || !std::isfinite(o.cellSize))
    throw std::invalid_argument("the cell size must be a positive number, not " + formatNumber(o.cellSize));
  if (o.tiles < 1 || o.tiles > 8) throw std::invalid_argument("tiling must be 1 to 8 cells per axis, not " + std::to_string(o.tiles));
  if (o.smoothingSteps < 0 || o.smoothingSteps > 20)
    throw std::invalid_argument("smoothing must be 0 to 20 steps, not " + std::to_string(o.smoothingSteps));
  if (volumeFraction(cell) == 0.0) throw std::invalid_argument("the cell has no solid voxels: there is nothing to export");
}

}  // namespace

std::map<std::string, std::string> exportMetadata(const BinaryCell& cell, const ExportOptions& o,
                                                  const std::map<std::string, std::string>& provenance) {
  std::map<std::string, std::string> m = provenance;
  m["application"] = std::string("MetaForge ") + MF_VERSION_STRING;
  m["created"] = utcNow();
  m["cell_voxels"] = describeDims(cell.dims());
  m["volume_fraction"] = formatNumber(volumeFraction(cell));
  m["tiles"] = std::to_string(o.tiles);
  m["cell_size"] = formatNumber(o.cellSize);
  m["unit"] = unitSymbol(o.unit);
  m["smoothing"] = std::to_string(o.smoothingSteps);
  return m;
}

ExportReport exportCell(const BinaryCell& cell, const ExportOptions& o, const std::filesystem::path& path,
                        const std::map<std::string, std::string>& provenance, Progress& progress) {
  validate(cell, o);
  const auto metadata = exportMetadata(cell, o, provenance);
  SurfaceOptions surface{o.tiles, o.smoothingSteps, o.cellSize};
  surface.cellVoxels = o.cellVoxels;
  const double h = voxelEdge(cell, surface);
  const std::array<double, 3> extent = blockExtent(cell, surface);
  ExportReport report;
  report.path = path;
  report.voxelVolume = volumeFraction(cell) * extent[0] * extent[1] * extent[2];
  switch (o.format) {
    case ExportFormat::Stl:
    case ExportFormat::ThreeMf: {
      SubProgress meshing(progress, 0.0, 0.8);
      const TriangleMesh mesh = extractSurface(cell, surface, meshing);
      progress.report(0.8, "checking the mesh");
      report.triangles = mesh.triangles.size();
      report.meshCheck = checkMesh(mesh);
      report.meshVolume = enclosedVolume(mesh);
      report.meshingTolerance = meshingTolerance(surfaceArea(mesh), h);
      if (!report.meshCheck.watertight())
        throw std::runtime_error("the surface mesh is not watertight (" + report.meshCheck.describe() + "); nothing was written");
      progress.checkCancelled();
      progress.report(0.9, "writing " + formatName(o.format));
      if (o.format == ExportFormat::Stl) {
        // 80 bytes: the most useful provenance first.
        std::string header = "MetaForge " + metadata.at("cell_voxels") + " vf " + metadata.at("volume_fraction") + " " +
                             std::to_string(o.tiles) + "^3 cells of " + metadata.at("cell_size") + " " +
                             metadata.at("unit");
        if (const auto it = provenance.find("source"); it != provenance.end()) header += " " + it->second;
        writeBinaryStl(path, mesh, header);
      } else {
        auto meta = metadata;
        meta["Application"] = meta["application"];
        meta.erase("application");
        meta["CreationDate"] = meta["created"];
        meta.erase("created");
        if (const auto it = provenance.find("name"); it != provenance.end()) meta["Title"] = it->second;
        write3mf(path, mesh, o.unit, meta);
      }
      break;
    }
    case ExportFormat::VdbLevelSet:
      report.activeVoxels = writeVdbLevelSet(path, cell, surface, metadata, progress);
      break;
    case ExportFormat::VdbFog:
      report.activeVoxels = writeVdbFog(path, cell, surface, metadata, progress);
      break;
  }
  report.bytes = std::filesystem::file_size(path);
  progress.report(1.0, "exported " + path.filename().string());
  return report;
}

}  // namespace mf::io
