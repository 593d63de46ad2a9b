// metaforge-cli interpolate: a family of cells between two (core/design/family_interpolation.hpp),
// each member verified by FE, written as .npy cells and family.json.

#include "app/cli/cell_input.hpp"
#include "app/cli/command.hpp"
#include "app/cli/family_plugin.hpp"
#include "app/cli/guide_options.hpp"
#include "app/cli/option_checks.hpp"
#include "app/cli/stiffness_json.hpp"
#include "app/cli/terminal_progress.hpp"

#include "core/design/family_interpolation.hpp"
#include "core/files/atomic_file.hpp"
#include "core/io/cell_export.hpp"
#include "core/io/npy_cell.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace mf::cli {
namespace {

struct InterpolateArgs {
  std::string from, to, out, model, regressor, family = "voxel-diffusion";
  std::string guide = "none";
  std::string bar;             // the family as one graded bar (.stl or .3mf)
  double barCellSize = 10.0;   // mm per member
  GuideOptions weights;
  int members = 11, steps = 25;
  double guidance = 5.0;
  std::uint64_t seed = 1;
};

// The members side by side, one watertight mesh (core/design/family_interpolation.hpp gradedBar).
io::ExportFormat barFormat(const std::string& path) {
  const auto format = io::parseExportFormat(std::filesystem::path(path).extension().string());
  if (!format || (*format != io::ExportFormat::Stl && *format != io::ExportFormat::ThreeMf))
    throw UserError("--bar must name an .stl or .3mf file, not '" + path + "'");
  return *format;
}

void writeBar(const InterpolateArgs& a, const design::InterpolatedFamily& family, nlohmann::json& j) {
  io::ExportOptions o;
  o.format = barFormat(a.bar);
  o.cellSize = a.barCellSize;
  o.cellVoxels = family.members.front().proposal.cell.nx();
  TerminalProgress progress("graded bar");
  const io::ExportReport r = io::exportCell(design::gradedBar(family.members), o, a.bar,
                                            {{"source", "family " + a.from + " to " + a.to}}, progress);
  j["bar"] = {{"file", a.bar}, {"triangles", r.triangles}, {"bytes", r.bytes}, {"cell_size_mm", a.barCellSize}};
  std::printf("wrote %s: the %zu members side by side, %zu triangles, watertight\n", a.bar.c_str(), family.members.size(), r.triangles);
}

int runInterpolate(const InterpolateArgs& a) {
  if (!a.bar.empty()) barFormat(a.bar);  // refused before the work, not after
  const BinaryCell start = loadCellOrSample(a.from), end = loadCellOrSample(a.to);
  nlohmann::json settings = nlohmann::json::object();
  if (!a.model.empty()) settings["model"] = a.model;
  if (!a.regressor.empty()) settings["regressor"] = a.regressor;
  const std::unique_ptr<design::MicrostructureFamily> plugin = createFamily(a.family, settings);
  const design::Interpolation* interpolation = plugin->interpolation();
  if (!interpolation) throw UserError("the family " + a.family + " cannot interpolate between cells");
  design::FamilyRequest request;
  request.steps = a.steps;
  request.guidance = a.guidance;
  request.seed = a.seed;
  if (a.guide == "bulk") request.parameters = a.weights.parameters();
  installInterruptHandler();
  design::InterpolatedFamily family;
  try {
    TerminalProgress progress("interpolate");
    family = design::runInterpolation(*interpolation, start, end, a.members, request, design::HomogenizeSettings{}, progress);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  const std::filesystem::path out = a.out;
  std::filesystem::create_directories(out);
  nlohmann::json j = {{"from", a.from}, {"to", a.to}, {"family", a.family}, {"members", nlohmann::json::array()},
                      {"steps", a.steps}, {"guidance", a.guidance}, {"seed", a.seed}, {"guide", a.guide}};
  if (a.guide == "bulk")
    j["guide_settings"] = {{"bulk_weight", a.weights.bulkWeight}, {"boundary_weight", a.weights.boundaryWeight}, {"scale", a.weights.scale}};
  std::printf("  member  file           vf      K/K_HS  connected  face similarity to the previous\n");
  const std::vector<design::FamilyMember>& members = family.members;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const design::FamilyMember& m = members[i];
    const std::string file = "member-" + std::to_string(i) + ".npy";
    io::writeNpyCell(out / file, m.proposal.cell);
    nlohmann::json row = {{"index", i}, {"file", file}, {"volume_fraction", m.volumeFraction}, {"connected", m.connected},
                          {"provenance", m.proposal.provenance.fields}};
    if (m.homogenized) row["stiffness"] = voigtRows(m.homogenized->stiffness);
    if (m.bulkRatio) row["K_over_K_HS"] = *m.bulkRatio;
    if (m.faceSimilarity) row["face_similarity_to_previous"] = *m.faceSimilarity;
    j["members"].push_back(row);
    std::printf("  %6zu  %-13s  %.3f  %s  %-9s  %s\n", i, file.c_str(), m.volumeFraction,
                m.bulkRatio ? (std::to_string(*m.bulkRatio).substr(0, 6)).c_str() : "  —   ", m.connected ? "yes" : "no",
                m.faceSimilarity ? std::to_string(*m.faceSimilarity).substr(0, 5).c_str() : "—");
  }
  const design::FamilySummary summary = design::summarizeFamily(members);
  j["summary"] = {{"min_K_over_K_HS", summary.minBulkRatio},          {"members_below_0.86_K_HS", summary.belowBulkRatio},
                  {"min_face_similarity", summary.minFaceSimilarity}, {"all_connected", summary.allConnected},
                  {"volume_fraction_monotone", summary.volumeFractionMonotone}, {"making_seconds", family.makingSeconds},
                  {"verifying_seconds", family.verifyingSeconds}};
  if (!a.bar.empty()) writeBar(a, family, j);
  files::writeTextAtomically(out / "family.json", j.dump(2));
  std::printf("min K/K_HS %.3f (%d below 0.86), min face similarity %.3f, %s, vf %s; made in %.1f s, verified in %.1f s\n",
              summary.minBulkRatio, summary.belowBulkRatio, summary.minFaceSimilarity,
              summary.allConnected ? "all connected" : "NOT all connected",
              summary.volumeFractionMonotone ? "monotone" : "NOT monotone", family.makingSeconds, family.verifyingSeconds);
  std::printf("wrote %s (%zu members as .npy, family.json)\n", out.string().c_str(), members.size());
  return 0;
}

}  // namespace

void addInterpolateCommand(CLI::App& app, Action& action) {
  auto a = std::make_shared<InterpolateArgs>();
  CLI::App* cmd = app.add_subcommand("interpolate", "A family of cells between two (DDIM inversion, slerp), each member "
                                                    "verified by FE, with K/K_HS and how well neighbours join");
  cmd->add_option("--from", a->from, "Start: a cell file (.raw, .vdb, .npy) or dataset:INDEX of the bundled dataset")->required();
  cmd->add_option("--to", a->to, "End: likewise")->required();
  cmd->add_option("-n", a->members, "Members, both ends included")->capture_default_str()->check(CLI::Range(2, 101));
  cmd->add_option("--steps", a->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--guidance", a->guidance, "Guidance of the volume-fraction condition")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--seed", a->seed, "Seed")->capture_default_str()->check(seedNumber());
  cmd->add_option("--model", a->model, "Model card (JSON); default: the family's bundled model");
  cmd->add_option("--family", a->family, "Family plugin")->capture_default_str();
  cmd->add_option("--guide", a->guide, "bulk: universal guidance of the interior members toward K near the HS bound and "
                                       "toward shared faces (Eq. 14); none: plain slerp")
      ->capture_default_str()
      ->check(CLI::IsMember({"bulk", "none"}));
  addGuideOptions(cmd, a->weights);
  cmd->add_option("--regressor", a->regressor, "K/K_HS regressor card (JSON); default: the bundled one");
  cmd->add_option("--out", a->out, "Folder for the members (.npy) and family.json")->required();
  cmd->add_option("--bar", a->bar, "Also write the family as one graded bar, the members side by side (.stl or .3mf)");
  cmd->add_option("--bar-cell-size", a->barCellSize, "Edge of one member in the bar, mm")->capture_default_str()->check(CLI::Range(1e-6, 1e6));
  cmd->callback([a, &action] {
    action = [a] { return runInterpolate(*a); };
  });
}

}  // namespace mf::cli
