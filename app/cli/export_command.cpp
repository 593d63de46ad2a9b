// metaforge-cli export: a cell as a printable surface (STL, 3MF) or a volume (VDB level set or
// fog), tiled and scaled to a physical cell size.

#include "app/cli/cell_input.hpp"
#include "app/cli/command.hpp"
#include "app/cli/terminal_progress.hpp"
#include "core/io/cell_export.hpp"
#include "core/tensor/format.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

namespace mf::cli {
namespace {

struct ExportArgs {
  std::string cell;
  std::string out;
  std::string format;  // empty: from the extension of --out
  std::string unit = "mm";
  double cellSize = 10.0;
  int tiles = 1;
  int smoothing = 0;
  int resolution = 0;
  bool json = false;
};

int runExport(const ExportArgs& a) {
  const std::filesystem::path out(a.out);
  const auto format = io::parseExportFormat(a.format.empty() ? out.extension().string() : a.format);
  if (!format)
    throw UserError(a.format.empty() ? "cannot tell the format from '" + a.out + "': use .stl, .3mf or .vdb, or --format"
                                     : "--format must be stl, 3mf, vdb, vdb-levelset or vdb-fog, not '" + a.format + "'");
  if (out.extension().string() != io::formatExtension(*format))
    throw UserError("--out must end in " + io::formatExtension(*format) + " for " + io::formatName(*format) + ": " + a.out);
  const auto unit = io::parseLengthUnit(a.unit);
  if (!unit) throw UserError("--unit must be um, mm, cm, in, ft or m, not '" + a.unit + "'");
  io::ExportOptions options;
  options.format = *format;
  options.unit = *unit;
  options.cellSize = a.cellSize;
  options.tiles = a.tiles;
  options.smoothingSteps = a.smoothing;

  const BinaryCell cell = loadCell(a.cell, a.resolution > 0 ? std::optional<int>(a.resolution) : std::nullopt);
  io::ExportReport r;
  {
    TerminalProgress progress("export");
    try {
      r = io::exportCell(cell, options, out, {{"source", std::filesystem::path(a.cell).filename().string()}}, progress);
    } catch (const std::invalid_argument& e) {
      throw UserError(a.cell + ": " + e.what());
    } catch (const CancelledError&) {
      throw;
    } catch (const std::exception& e) {
      throw UserError(e.what());
    }
  }
  const std::string u = io::unitSymbol(*unit);
  const bool mesh = *format == io::ExportFormat::Stl || *format == io::ExportFormat::ThreeMf;
  if (a.json) {
    nlohmann::json j = {{"path", a.out},
                        {"format", io::formatName(*format)},
                        {"bytes", r.bytes},
                        {"unit", u},
                        {"cell_size", a.cellSize},
                        {"tiles", a.tiles},
                        {"smoothing", a.smoothing},
                        {"voxel_volume", r.voxelVolume}};
    if (mesh) {
      j["triangles"] = r.triangles;
      j["watertight"] = r.meshCheck.watertight();
      j["mesh_volume"] = r.meshVolume;
      j["meshing_tolerance"] = r.meshingTolerance;
      j["volume_within_tolerance"] = r.volumeWithinTolerance();
    } else {
      j["active_voxels"] = r.activeVoxels;
    }
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::printf("wrote %s: %s, %s, %d³ cells of %s %s\n", a.out.c_str(), io::formatName(*format).c_str(),
              formatBytes(r.bytes).c_str(), a.tiles, formatNumber(a.cellSize).c_str(), u.c_str());
  if (mesh) {
    double rel = (r.meshVolume - r.voxelVolume) / r.voxelVolume;
    if (std::abs(rel) < 5e-5) rel = 0.0;  // prints +0.00 %, not -0.00 %
    std::printf("Mesh             %zu triangles, %s\n", r.triangles, r.meshCheck.describe().c_str());
    std::printf("Volume           %s %s³ (voxels %s %s³, %+.2f %%; meshing tolerance ±%s %s³)\n",
                formatNumber(r.meshVolume, 6).c_str(), u.c_str(), formatNumber(r.voxelVolume, 6).c_str(), u.c_str(),
                100.0 * rel, formatNumber(r.meshingTolerance, 3).c_str(), u.c_str());
    if (!r.volumeWithinTolerance())
      std::fprintf(stderr,
                   "metaforge-cli: warning: features 1–2 voxels thin lost volume in meshing; export a finer "
                   "resampling (--resolution %d) for a faithful surface\n",
                   2 * cell.nx());
  } else {
    std::printf("Voxels           %zu active\n", r.activeVoxels);
  }
  return 0;
}

}  // namespace

void addExportCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* c = app.add_subcommand("export", "Export a cell as STL, 3MF or VDB for printing or other tools");
  c->add_option("cell", args->cell, "Cell file (.raw, .vdb or .npy)")->required();
  c->add_option("--out,-o", args->out, "Output file (.stl, .3mf or .vdb)")->required();
  c->add_option("--format", args->format, "stl, 3mf, vdb-levelset (same as vdb) or vdb-fog; default: from --out");
  c->add_option("--unit", args->unit, "Length unit: um, mm, cm, in, ft, m")->capture_default_str();
  c->add_option("--cell-size", args->cellSize, "Edge length of one cell, in --unit")->capture_default_str()->check(CLI::Range(1e-9, 1e9));
  c->add_option("--tiles", args->tiles, "Cells per axis (1-8)")->capture_default_str()->check(CLI::Range(1, 8));
  c->add_option("--smooth", args->smoothing, "Smoothing steps (0-20; 0 keeps the voxel faces)")->capture_default_str()->check(CLI::Range(0, 20));
  c->add_option("--resolution", args->resolution, "Resample the cell to this many voxels per axis first")->check(CLI::Range(2, 1024));
  c->add_flag("--json", args->json, "Print the report as JSON");
  c->callback([args, &action] { action = [args] { return runExport(*args); }; });
}

}  // namespace mf::cli
