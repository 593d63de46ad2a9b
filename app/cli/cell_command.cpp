// metaforge-cli cell: single-cell utilities. `cell tpms` writes a triply periodic minimal
// surface cell; `cell info` describes a cell file.

#include "app/cli/cell_input.hpp"
#include "app/cli/command.hpp"
#include "core/dataset/tpms.hpp"
#include "core/io/npy_cell.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/vdb_cell.hpp"
#include "core/tensor/format.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/symmetry.hpp"

#include <cstdio>
#include <memory>

namespace mf::cli {
namespace {

struct TpmsArgs {
  std::string kind = "gyroid";
  int resolution = 32;
  double volumeFraction = 0.3;
  bool network = false;
  std::string out;
};

int runTpms(const TpmsArgs& a) {
  Tpms kind;
  if (a.kind == "gyroid") kind = Tpms::Gyroid;
  else if (a.kind == "schwarz-p") kind = Tpms::SchwarzP;
  else if (a.kind == "diamond") kind = Tpms::Diamond;
  else throw UserError("--kind must be gyroid, schwarz-p or diamond, not '" + a.kind + "'");
  if (a.resolution < 2 || a.resolution > 1024) throw UserError("--resolution must lie in [2, 1024]");
  BinaryCell cell;
  try {
    cell = tpmsCell(kind, a.resolution, a.volumeFraction, !a.network);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  const std::filesystem::path out(a.out);
  try {
    if (out.extension() == ".raw") io::writeRawCell(out, cell);
    else if (out.extension() == ".npy") io::writeNpyCell(out, cell);
    else if (out.extension() == ".vdb")
      io::writeVdbFogCell(out, cell, 1.0 / a.resolution,
                          {{"metaforge_generator", std::string("tpms ") + toString(kind) + (a.network ? " network" : " sheet")},
                           {"metaforge_volume_fraction", formatNumber(volumeFraction(cell))}});
    else throw UserError("the output must end in .raw, .npy or .vdb: " + a.out);
  } catch (const UserError&) {
    throw;
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
  std::printf("wrote %s: %s %s, %d³ voxels, volume fraction %s\n", a.out.c_str(), toString(kind),
              a.network ? "network" : "sheet", a.resolution, formatNumber(volumeFraction(cell), 4).c_str());
  return 0;
}

int runInfo(const std::string& path) {
  const BinaryCell cell = loadCell(path);
  const ComponentLabels face = periodicComponents(cell, Connectivity::Face);
  const ComponentLabels vertex = periodicComponents(cell, Connectivity::Vertex);
  auto spans = [](const ComponentLabels& l) {
    std::string s;
    if (l.sizes.empty()) return std::string("-");
    const auto& w = l.wraps[l.largest()];
    for (int a = 0; a < 3; ++a)
      if (w[a]) s += std::string(s.empty() ? "" : " ") + "xyz"[a];
    return s.empty() ? std::string("no axis") : s;
  };
  const auto faces = solidOnFaces(cell);
  std::string faceList;
  const char* names[6] = {"-x", "+x", "-y", "+y", "-z", "+z"};
  for (int f = 0; f < 6; ++f)
    if (faces[f]) faceList += std::string(faceList.empty() ? "" : " ") + names[f];
  std::printf("Cell             %s\n", path.c_str());
  std::printf("Voxels           %s\n", describeDims(cell.dims()).c_str());
  std::printf("Volume fraction  %s\n", formatNumber(volumeFraction(cell), 6).c_str());
  std::printf("Components       %zu face-connected (largest spans %s), %zu corner-connected (largest spans %s)\n",
              face.sizes.size(), spans(face).c_str(), vertex.sizes.size(), spans(vertex).c_str());
  std::printf("Solid on faces   %s\n", faceList.empty() ? "none" : faceList.c_str());
  std::printf("Symmetry         %s\n", isCubicSymmetric(cell)    ? "cubic (mirror planes and axis permutations)"
                                       : isMirrorSymmetric(cell) ? "mirror planes (orthotropic)"
                                                                 : "no mirror planes or axis permutations about the centre");
  return 0;
}

}  // namespace

void addCellCommand(CLI::App& app, Action& action) {
  CLI::App* cell = app.add_subcommand("cell", "Single-cell utilities: generate a TPMS cell, describe a cell file");
  cell->require_subcommand(1);
  auto tpms = std::make_shared<TpmsArgs>();
  CLI::App* t = cell->add_subcommand("tpms", "Write a gyroid, Schwarz P or diamond cell at a volume fraction");
  t->add_option("--kind", tpms->kind, "gyroid, schwarz-p or diamond")->capture_default_str();
  t->add_option("--resolution", tpms->resolution, "Voxels per side")->capture_default_str()->check(CLI::Range(2, 1024));
  t->add_option("--vf", tpms->volumeFraction, "Volume fraction of solid")->capture_default_str()->check(CLI::Range(0.001, 1.0));
  t->add_flag("--network", tpms->network, "One labyrinth of the surface instead of a sheet around it");
  t->add_option("--out", tpms->out, "Output file: .raw, .npy or .vdb (fog volume)")->required();
  t->callback([tpms, &action] { action = [tpms] { return runTpms(*tpms); }; });
  auto path = std::make_shared<std::string>();
  CLI::App* info = cell->add_subcommand("info", "Size, volume fraction, connectivity, faces and symmetry of a cell");
  info->add_option("cell", *path, "The cell, .raw or .vdb")->required();
  info->callback([path, &action] { action = [path] { return runInfo(*path); }; });
}

}  // namespace mf::cli
