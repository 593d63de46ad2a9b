// metaforge-cli explore: extreme cells by generation + topology optimization, against random
// starts with the same budget in the same run (core/design/extreme_exploration.hpp does the
// work); writes every start's result as .npy, the best of each kind, and explore.json.

#include "app/cli/cell_input.hpp"
#include "app/cli/command.hpp"
#include "app/cli/family_plugin.hpp"
#include "app/cli/option_checks.hpp"
#include "app/cli/stiffness_json.hpp"
#include "app/cli/terminal_progress.hpp"

#include "core/design/extreme_exploration.hpp"
#include "core/files/atomic_file.hpp"
#include "core/io/npy_cell.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace mf::cli {
namespace {

struct ExploreArgs {
  std::string objective, out, model, dataset, family = "voxel-diffusion";
  design::ExploreSettings settings;
};

const char* valueName(design::Extreme e) {
  switch (e) {
    case design::Extreme::MinPoisson: return "nu";
    case design::Extreme::MaxIsotropicE: return "E_over_E_HS";
    case design::Extreme::MaxIsotropicG: return "G_over_G_HS";
  }
  return "value";
}

nlohmann::json measureJson(design::Extreme e, const design::ExtremeMeasure& m) {
  return {{valueName(e), m.value}, {"zener", m.zener}, {"volume_fraction", m.volumeFraction}, {"isotropic", m.isotropic}};
}

std::string startFile(std::size_t i, const design::ExploreStart& st) {
  char name[64];
  std::snprintf(name, sizeof name, "start-%02zu-%s.npy", i, design::toString(st.origin));
  return name;
}

void printBest(const char* kind, const design::Exploration& x, const std::optional<std::size_t>& best, design::Extreme e) {
  if (!best) return;
  const design::ExploreStart& st = x.starts[*best];
  std::printf("best %-9s start %2zu: %s %.4f (Zener %.3f, vf %.3f)\n", kind, *best, valueName(e), st.measure.value,
              st.measure.zener, st.measure.volumeFraction);
}

int runExplore(ExploreArgs a) {
  design::ExploreSettings& s = a.settings;
  try {
    s.objective = design::extremeFromString(a.objective);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  const std::vector<dataset::Sample> samples = loadSamples(a.dataset);
  nlohmann::json familySettings = nlohmann::json::object();
  if (!a.model.empty()) familySettings["model"] = a.model;
  const std::unique_ptr<design::MicrostructureFamily> plugin = createFamily(a.family, familySettings);
  installInterruptHandler();
  design::Exploration x;
  try {
    TerminalProgress progress("explore");
    x = design::exploreExtreme(*plugin, samples, s, design::HomogenizeSettings{}, progress);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  const std::filesystem::path out = a.out;
  std::filesystem::create_directories(out);
  const char* name = valueName(s.objective);
  nlohmann::json j = {{"objective", a.objective},     {"volume_fraction", s.volumeFraction}, {"starts_per_kind", s.starts},
                      {"conditions", s.conditions},   {"iterations", s.iterations},          {"seed", s.seed},
                      {"family", a.family},           {"zener_tolerance", s.zenerTolerance}, {"band_tolerance", s.bandTolerance},
                      {"generation_seconds", x.generationSeconds}, {"starts", nlohmann::json::array()}};
  std::printf("  start  origin     %-12s  Zener   vf     start's   TO's      kept   s\n", name);
  for (std::size_t i = 0; i < x.starts.size(); ++i) {
    const design::ExploreStart& st = x.starts[i];
    const std::string file = startFile(i, st);
    io::writeNpyCell(out / file, st.cell);
    nlohmann::json row = {{"index", i},
                          {"origin", design::toString(st.origin)},
                          {"seed", st.seed},
                          {"file", file},
                          {"stiffness", voigtRows(st.homogenized.stiffness)},
                          {"result", measureJson(s.objective, st.measure)},
                          {"optimized", measureJson(s.objective, st.optimizedMeasure)},
                          {"kept_start", st.keptStart},
                          {"connected", st.connected},
                          {"iterations", st.iterations},
                          {"seconds", st.seconds}};
    if (st.condition) row["condition_dataset_index"] = *st.condition;
    if (st.startMeasure) row["start"] = measureJson(s.objective, *st.startMeasure);
    j["starts"].push_back(row);
    std::printf("  %5zu  %-9s  %12.4f  %6.3f  %.3f  %8s  %8.4f  %-5s  %.1f\n", i, design::toString(st.origin), st.measure.value,
                st.measure.zener, st.measure.volumeFraction,
                st.startMeasure ? std::to_string(st.startMeasure->value).substr(0, 7).c_str() : "—", st.optimizedMeasure.value,
                st.keptStart ? "start" : "TO", st.seconds);
  }
  if (x.datasetBest && x.datasetMeasure) {
    j["dataset_best"] = measureJson(s.objective, *x.datasetMeasure);
    j["dataset_best"]["dataset_index"] = *x.datasetBest;
    j["dataset_in_band"] = x.datasetInBand;
    j["dataset_band_tolerance"] = x.bandTolerance;
    std::printf("dataset's best in vf %.2f ± %.2f (%zu cells): %s %.4f (dataset:%zu, Zener %.3f)\n", s.volumeFraction,
                x.bandTolerance, x.datasetInBand, name, x.datasetMeasure->value, *x.datasetBest, x.datasetMeasure->zener);
  }
  for (const auto& [kind, best] : {std::pair{"generated", x.bestGenerated}, std::pair{"random", x.bestRandom}}) {
    if (!best) continue;
    const std::string file = std::string("best-") + kind + ".npy";
    io::writeNpyCell(out / file, x.starts[*best].cell);
    j[std::string("best_") + kind] = {{"start", *best}, {"file", file}, {"result", measureJson(s.objective, x.starts[*best].measure)}};
  }
  printBest("generated", x, x.bestGenerated, s.objective);
  printBest("random", x, x.bestRandom, s.objective);
  files::writeTextAtomically(out / "explore.json", j.dump(2));
  std::printf("wrote %s (%zu results as .npy, best-generated.npy, best-random.npy, explore.json)\n", out.string().c_str(),
              x.starts.size());
  return 0;
}

}  // namespace

void addExploreCommand(CLI::App& app, Action& action) {
  auto a = std::make_shared<ExploreArgs>();
  design::ExploreSettings& s = a->settings;
  CLI::App* cmd = app.add_subcommand("explore", "Extreme cells: dataset cells near the extreme condition generated starts, "
                                                "each refined by topology optimization,\nbeside as many random starts with "
                                                "the same budget; every result verified by FE");
  cmd->add_option("--objective", a->objective, "min-poisson, max-E-iso or max-G-iso (isotropic: Zener within the tolerance)")
      ->required()
      ->check(CLI::IsMember({"min-poisson", "max-E-iso", "max-G-iso"}));
  cmd->add_option("--vf", s.volumeFraction, "Volume fraction")->required()->check(CLI::Range(0.02, 0.98));
  cmd->add_option("--starts", s.starts, "Starts of each kind (generated, random)")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--conditions", s.conditions, "Dataset cells nearest the extreme whose properties condition the generation")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--iterations", s.iterations, "TO iterations per start")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--band", s.bandTolerance, "The dataset's band: vf ± this")->capture_default_str()->check(CLI::Range(0.001, 0.5));
  cmd->add_option("--zener-tolerance", s.zenerTolerance, "Isotropic: |Zener − 1| allowed")->capture_default_str()->check(CLI::Range(0.001, 1.0));
  cmd->add_option("--beta-start", s.betaStart, "The projection's first β (both kinds of start)")->capture_default_str()->check(CLI::Range(1.0, 64.0));
  cmd->add_option("--stiffness-weight", s.stiffnessWeight, "min-poisson: first weight of the fading stiffness term")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--seed", s.seed, "Seed")->capture_default_str()->check(seedNumber());
  cmd->add_option("--steps", s.generation.steps, "DDIM steps of the generation")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--guidance", s.generation.guidance, "Guidance of the generation")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--model", a->model, "Model card (JSON); default: the family's bundled model");
  cmd->add_option("--family", a->family, "Family plugin that generates the starts")->capture_default_str();
  cmd->add_option("--dataset", a->dataset, "Dataset (HDF5) whose cells condition the starts; default: the bundled one");
  cmd->add_option("--out", a->out, "Folder for the results (.npy) and explore.json")->required();
  cmd->callback([a, &action] { action = [a] { return runExplore(*a); }; });
}

}  // namespace mf::cli
