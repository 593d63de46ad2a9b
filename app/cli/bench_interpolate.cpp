// metaforge-cli bench interpolate: a family between two cells of the bundled dataset near the
// bulk bound (seed 000 Fig. 8b–c), made twice in the same run — plain slerp and guided (Eq. 14) —
// each member verified by FE (core/design/family_interpolation.hpp does the work; this prints).

#include "app/cli/bench_interpolate.hpp"

#include "app/cli/cell_input.hpp"
#include "app/cli/command.hpp"
#include "app/cli/family_plugin.hpp"
#include "app/cli/terminal_progress.hpp"
#include "core/dataset/coverage.hpp"
#include "core/design/family_interpolation.hpp"
#include "core/files/atomic_file.hpp"
#include "core/voxel/symmetry.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace mf::cli {
namespace {

nlohmann::json membersJson(const design::InterpolatedFamily& f) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < f.members.size(); ++i) {
    const design::FamilyMember& m = f.members[i];
    nlohmann::json row = {{"index", i}, {"volume_fraction", m.volumeFraction}, {"connected", m.connected}};
    if (m.bulkRatio) row["K_over_K_HS"] = *m.bulkRatio;
    if (m.faceSimilarity) row["face_similarity_to_previous"] = *m.faceSimilarity;
    rows.push_back(row);
  }
  return rows;
}

nlohmann::json summaryJson(const design::InterpolatedFamily& f) {
  const design::FamilySummary s = design::summarizeFamily(f.members);
  return {{"min_K_over_K_HS", s.minBulkRatio},          {"members_below_0.86_K_HS", s.belowBulkRatio},
          {"min_face_similarity", s.minFaceSimilarity}, {"all_connected", s.allConnected},
          {"volume_fraction_monotone", s.volumeFractionMonotone}, {"making_seconds", f.makingSeconds}};
}

void printFamily(const char* name, const design::InterpolatedFamily& f) {
  std::printf("%s:\n  member  vf      K/K_HS  connected  face similarity\n", name);
  for (std::size_t i = 0; i < f.members.size(); ++i) {
    const design::FamilyMember& m = f.members[i];
    std::printf("  %6zu  %.3f  %6.3f  %-9s  %s\n", i, m.volumeFraction, m.bulkRatio.value_or(0.0), m.connected ? "yes" : "no",
                m.faceSimilarity ? std::to_string(*m.faceSimilarity).substr(0, 5).c_str() : "—");
  }
  const design::FamilySummary s = design::summarizeFamily(f.members);
  std::printf("  min K/K_HS %.3f (%d of %zu below 0.86), min face similarity %.3f, %s, vf %s, made in %.1f s\n", s.minBulkRatio,
              s.belowBulkRatio, f.members.size(), s.minFaceSimilarity, s.allConnected ? "all connected" : "NOT all connected",
              s.volumeFractionMonotone ? "monotone" : "NOT monotone", f.makingSeconds);
}

}  // namespace

int runBenchInterpolate(const InterpolateBenchArgs& a) {
  const std::vector<dataset::Sample> samples = loadSamples();
  const auto starts = dataset::nearBulkBound(samples, a.vfStart, a.vfTolerance, a.minBulkRatio);
  const auto ends = dataset::nearBulkBound(samples, a.vfEnd, a.vfTolerance, a.minBulkRatio);
  if (static_cast<std::size_t>(a.pair) >= std::min(starts.size(), ends.size()))
    throw UserError("the bundled dataset has " + std::to_string(starts.size()) + " cells with K/K_HS ≥ " + std::to_string(a.minBulkRatio) +
                    " at vf " + std::to_string(a.vfStart) + " and " + std::to_string(ends.size()) + " at vf " +
                    std::to_string(a.vfEnd) + ": no pair " + std::to_string(a.pair));
  const std::size_t from = starts[static_cast<std::size_t>(a.pair)], to = ends[static_cast<std::size_t>(a.pair)];
  const BinaryCell start = mirrorOctant(samples[from].octant), end = mirrorOctant(samples[to].octant);
  std::printf("ends: dataset:%zu (vf %.3f) and dataset:%zu (vf %.3f), pair %d of the cells with K/K_HS ≥ %.2f\n", from,
              samples[from].volumeFraction, to, samples[to].volumeFraction, a.pair, a.minBulkRatio);

  nlohmann::json settings = nlohmann::json::object();
  if (!a.model.empty()) settings["model"] = a.model;
  if (!a.regressor.empty()) settings["regressor"] = a.regressor;
  const std::unique_ptr<design::MicrostructureFamily> plugin = createFamily("voxel-diffusion", settings);
  const design::Interpolation* interpolation = plugin->interpolation();
  if (!interpolation) throw UserError("the voxel-diffusion family cannot interpolate");
  design::FamilyRequest plain;
  plain.steps = a.steps;
  plain.guidance = a.guidance;
  plain.seed = a.seed;
  design::FamilyRequest guided = plain;
  guided.parameters = a.guide.parameters();
  installInterruptHandler();
  design::InterpolatedFamily plainFamily, guidedFamily;
  try {
    TerminalProgress p1("plain family");
    plainFamily = design::runInterpolation(*interpolation, start, end, a.members, plain, design::HomogenizeSettings{}, p1);
    TerminalProgress p2("guided family");
    guidedFamily = design::runInterpolation(*interpolation, start, end, a.members, guided, design::HomogenizeSettings{}, p2);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  printFamily("plain slerp", plainFamily);
  printFamily("guided (Eq. 14)", guidedFamily);
  if (!a.json.empty()) {
    const nlohmann::json j = {
        {"ends", {{"from", from}, {"to", to}, {"pair", a.pair}, {"min_bulk_ratio", a.minBulkRatio}}},
        {"members", a.members},
        {"steps", a.steps},
        {"guidance", a.guidance},
        {"seed", a.seed},
        {"guide", {{"bulk_weight", a.guide.bulkWeight}, {"boundary_weight", a.guide.boundaryWeight}, {"scale", a.guide.scale}}},
        {"plain", {{"summary", summaryJson(plainFamily)}, {"members", membersJson(plainFamily)}}},
        {"guided", {{"summary", summaryJson(guidedFamily)}, {"members", membersJson(guidedFamily)}}}};
    files::writeTextAtomically(a.json, j.dump(2));
  }
  return 0;
}

void addBenchInterpolate(CLI::App* bench, Action& action) {
  auto a = std::make_shared<InterpolateBenchArgs>();
  CLI::App* c = bench->add_subcommand("interpolate", "A family between two dataset cells near the bulk bound, plain and guided "
                                                     "in the same run:\nK/K_HS of every member by FE, face similarity, time");
  c->add_option("--pair", a->pair, "Which pair of ends (0: the stiffest of each; tune on others)")->capture_default_str()->check(CLI::Range(0, 1000));
  c->add_option("--vf-start", a->vfStart, "Volume fraction of the start")->capture_default_str()->check(CLI::Range(0.01, 0.99));
  c->add_option("--vf-end", a->vfEnd, "Volume fraction of the end")->capture_default_str()->check(CLI::Range(0.01, 0.99));
  c->add_option("--vf-tolerance", a->vfTolerance, "How near those the ends' vf must be")->capture_default_str()->check(CLI::Range(0.001, 0.5));
  c->add_option("--min-bulk", a->minBulkRatio, "The ends' least K/K_HS")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  c->add_option("-n", a->members, "Members, both ends included")->capture_default_str()->check(CLI::Range(2, 101));
  c->add_option("--steps", a->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  c->add_option("--guidance", a->guidance, "Guidance of the vf condition")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  c->add_option("--seed", a->seed, "Seed")->capture_default_str();
  addGuideOptions(c, a->guide);
  c->add_option("--model", a->model, "Model card (JSON); default: the bundled one");
  c->add_option("--regressor", a->regressor, "Regressor card (JSON); default: the bundled one");
  c->add_option("--json", a->json, "Also write the figures to this JSON file");
  c->callback([a, &action] { action = [a] { return runBenchInterpolate(*a); }; });
}

}  // namespace mf::cli
