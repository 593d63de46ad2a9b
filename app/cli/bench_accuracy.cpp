#include "app/cli/bench_accuracy.hpp"

#include "app/cli/command.hpp"
#include "app/cli/terminal_progress.hpp"

#include "core/design/accuracy_benchmark.hpp"
#include "core/files/atomic_file.hpp"
#include "plugins/registry/family_registry.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <functional>
#include <fstream>
#include <sstream>

namespace mf::cli {

namespace {

// One row per cell, the constants the error reads (target, then achieved); the family's
// diagnostic provenance fields (bridges, islands) last.
std::string perCellCsv(const design::AccuracyReport& r, const std::vector<std::string>& diagnostics) {
  std::ostringstream out;
  out.precision(17);
  out << "target";
  for (const std::string& n : r.constantNames) out << ',' << n;
  out << ",vf,cell";
  for (const std::string& n : r.constantNames) out << ",achieved_" << n;
  out << ",achieved_vf,error,connected";
  for (const std::string& d : diagnostics) out << ',' << d;
  out << '\n';
  if (r.cells.empty()) return out.str();
  const design::TargetMetric metric = design::metricFor(r.cells.front().want, {});
  for (const design::AccuracyCell& c : r.cells) {
    out << c.target;
    for (double v : metric.constants(c.want)) out << ',' << v;
    out << ',' << (c.wantVolumeFraction ? std::to_string(*c.wantVolumeFraction) : std::string()) << ',' << c.cell;
    for (double v : metric.constants(c.achieved)) out << ',' << v;
    out << ',' << c.achievedVolumeFraction << ',' << c.error << ',' << c.connected;
    for (const std::string& d : diagnostics) out << ',' << (c.provenance.count(d) ? c.provenance.at(d) : std::string());
    out << '\n';
  }
  return out.str();
}

// The "epochs" of the model card the family was made from (0 when it has none): which weights
// the figures are of (resources/models/make-default.sh checks it).
int modelEpochs(const std::string& card) {
  std::ifstream in(card);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() && j.contains("epochs") && j["epochs"].is_number_integer() ? j["epochs"].get<int>() : 0;
}

// `takes`: the family's manifest names these settings (the others mean nothing to it).
nlohmann::json asJson(const AccuracyArgs& a, const design::AccuracyReport& r, int epochs,
                      const std::function<bool(const char*)>& takes) {
  nlohmann::json j = {{"family", a.family}, {"targets", r.targets}, {"skipped_targets", a.skip},
                      {"cells_per_target", r.cellsPerTarget},
                      {"error", r.metric}, {"mean_error", r.meanError}, {"mean_error_standard_error", r.meanErrorStdErr},
                      {"best_of_n_error", r.bestOfNError}, {"best_of_n_error_standard_error", r.bestOfNErrorStdErr},
                      {"connected_share", r.connectedShare}, {"diversity_mean_similarity", r.diversity},
                      {"sampling_seconds_per_target", r.samplingSecondsPerTarget},
                      {"verify_seconds_per_target", r.verifySecondsPerTarget},
                      {"model_epochs", epochs}};
  if (takes("steps")) j["steps"] = a.steps;
  if (takes("guidance")) {
    j["guidance"] = a.guidance;
    j["threshold"] = a.plainThreshold ? "occupancy 1/2, no bridges" : "vf level, bridges";  // the diffusion model's
  }
  if (r.novelty) j["novelty_max_similarity_to_training"] = *r.novelty;
  for (const auto& [field, share] : r.provenanceShares) j["share_with_" + field] = share;
  for (std::size_t k = 0; k < r.constantNames.size(); ++k) {
    j["r2_target_vs_achieved_all_cells"][r.constantNames[k]] = r.r2AllCells[k];
    j["r2_target_vs_achieved_best_cells"][r.constantNames[k]] = r.r2BestCells[k];
  }
  if (r.networkSecondsAllTargets) {
    j["network_seconds_all_targets"] = *r.networkSecondsAllTargets;
    j["realize_seconds_all_targets"] = r.realizeSecondsAllTargets.value_or(0.0);
  }
  if (const auto& p = r.polished)
    j["polished"] = {{"resolution", a.polishResolution}, {"cells_per_target", p->cellsPerTarget}, {"filter_radius", a.polishFilter}, {"beta_start", a.polishBeta}, {"move_limit", a.polishMove},        {"mean_error", p->meanError},
                     {"mean_error_standard_error", p->meanErrorStdErr}, {"best_of_n_error", p->bestOfNError},
                     {"best_of_n_error_standard_error", p->bestOfNErrorStdErr}, {"connected_share", p->connectedShare},
                     {"improved_share", p->improvedShare},      {"median_seconds_per_cell", p->medianSecondsPerCell},
                     {"mean_rounds", p->meanRounds}};
  for (const design::ExampleRoundTrip& e : r.examples) {
    nlohmann::json x = {{"name", e.name}, {"mean_error", e.meanError}, {"best_of_n_error", e.bestError}};
    const design::TargetMetric metric = design::metricFor(e.target, {});
    const std::vector<std::string> names = metric.constantNames();
    const std::vector<double> values = metric.constants(e.target);
    for (std::size_t k = 0; k < names.size(); ++k) x["target"][names[k]] = values[k];
    j["examples"].push_back(x);
  }
  return j;
}

// R² of achieved against target per constant: the lowest names the constant the family reaches worst.
void printCorrelation(const design::AccuracyReport& r) {
  if (r.constantNames.empty()) return;
  std::printf("  R² target vs achieved (all cells / best of each target):");
  for (std::size_t k = 0; k < r.constantNames.size(); ++k)
    std::printf("%s %s %.3f/%.3f", k ? "," : "", r.constantNames[k].c_str(), r.r2AllCells[k], r.r2BestCells[k]);
  std::printf("\n");
}

}  // namespace

int runBenchAccuracy(const AccuracyArgs& a) {
  plugins::FamilyRegistry& registry = plugins::FamilyRegistry::instance();
  nlohmann::json settings = nlohmann::json::object();
  if (!a.model.empty()) settings["model"] = a.model;
  if (a.plainThreshold) settings["plain_threshold"] = true;
  std::unique_ptr<design::MicrostructureFamily> family;
  try {
    family = registry.create(a.family, settings);
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
  const design::HeldOutData* data = family->heldOutData();
  if (!data) throw UserError("the family " + a.family + " has no held-out data to aim at");
  std::vector<design::HeldOutData::Target> targets = data->heldOutTargets(a.dataset);
  if (static_cast<int>(targets.size()) <= a.skip)
    throw UserError("the dataset has " + std::to_string(targets.size()) + " held-out samples; nothing is left after skipping " +
                    std::to_string(a.skip));
  targets.erase(targets.begin(), targets.begin() + a.skip);  // --skip: settings are chosen on the others
  if (static_cast<int>(targets.size()) > a.targets) targets.resize(static_cast<std::size_t>(a.targets));
  std::vector<PackedCell> training;
  for (const BinaryCell& c : data->trainingCells()) training.emplace_back(c);
  design::AccuracyPlan plan;
  plan.cellsPerTarget = a.n;
  plan.steps = a.steps;
  plan.guidance = a.guidance;
  plan.firstNumber = a.skip;
  if (a.polish) {
    plan.polish = design::PolishSettings{};
    plan.polish->resolution = a.polishResolution;
    plan.polish->filterRadius = a.polishFilter;
    plan.polish->betaStart = a.polishBeta;
    plan.polish->moveLimit = a.polishMove;
    plan.polishCells = a.polishCells;
  }
  installInterruptHandler();
  const design::AccuracyReport r = [&] {
    TerminalProgress progress("bench accuracy");
    try {
      return design::benchmarkAccuracy(*family, targets, plan, training, data->diagnosticFields(), progress, data->examples());
    } catch (const std::invalid_argument& e) {
      throw UserError(e.what());
    }
  }();
  if (!a.cells.empty()) files::writeTextAtomically(a.cells, perCellCsv(r, data->diagnosticFields()));
  const std::string card = a.model.empty() ? registry.defaultModelPath(a.family) : a.model;
  const plugins::FamilyInfo* manifest = registry.find(a.family);
  const auto takes = [manifest](const char* name) {
    if (!manifest) return false;
    for (const plugins::FamilyParameter& p : manifest->parameters)
      if (p.name == name) return true;
    return false;
  };
  if (!a.json.empty()) files::writeTextAtomically(a.json, asJson(a, r, modelEpochs(card), takes).dump(2));
  // The family's own settings, those its manifest offers (steps and guidance for the diffusion model).
  std::string settingsText;
  if (const plugins::FamilyInfo* info = manifest)
    for (const plugins::FamilyParameter& p : info->parameters) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%s %g", settingsText.empty() ? " (" : ", ", p.name.c_str(),
                    p.name == "steps" ? double(a.steps) : p.name == "guidance" ? a.guidance : p.defaultValue);
      settingsText += buf;
    }
  if (a.plainThreshold) settingsText += settingsText.empty() ? " (threshold: occupancy 1/2, no bridges" : ", threshold: occupancy 1/2, no bridges";
  if (!settingsText.empty()) settingsText += ")";
  std::printf("%d held-out targets (numbers %d to %d) × %d cells of %s%s, through the design study:\n", r.targets,
              a.skip + 1, a.skip + r.targets, r.cellsPerTarget, a.family.c_str(), settingsText.c_str());
  std::printf("  error: %s\n", r.metric.c_str());
  std::printf("  mean error %.2f %% (± %.2f), best of %d %.2f %% (± %.2f)\n", 100 * r.meanError, 100 * r.meanErrorStdErr,
              r.cellsPerTarget, 100 * r.bestOfNError, 100 * r.bestOfNErrorStdErr);
  std::printf("  connected %.1f %%", 100 * r.connectedShare);
  for (const auto& [field, share] : r.provenanceShares) std::printf(", %s > 0: %.1f %%", field.c_str(), 100 * share);
  std::printf("\n  diversity (mean similarity within a target) %.3f", r.diversity);
  if (r.novelty) std::printf(", novelty (max similarity to training) %.3f", *r.novelty);
  std::printf("\n  proposing %.2f s and verifying %.2f s per target\n", r.samplingSecondsPerTarget, r.verifySecondsPerTarget);
  printCorrelation(r);
  if (const auto& p = r.polished)
    std::printf("  polished toward the target (the best %d of each target's %d): mean error %.2f %% (± %.2f), best %.2f %% "
                "(± %.2f); connected %.1f %%, improved %.1f %%, %.1f rounds, median %.1f s per cell\n",
                p->cellsPerTarget, r.cellsPerTarget, 100 * p->meanError, 100 * p->meanErrorStdErr, 100 * p->bestOfNError, 100 * p->bestOfNErrorStdErr,
                100 * p->connectedShare, 100 * p->improvedShare, p->meanRounds, p->medianSecondsPerCell);
  if (r.networkSecondsAllTargets)
    std::printf("  network part of the %d queries in one batch %.3f s (realizing one cell each %.1f s more)\n", r.targets,
                *r.networkSecondsAllTargets, r.realizeSecondsAllTargets.value_or(0.0));
  for (const design::ExampleRoundTrip& e : r.examples)
    std::printf("  example %s: its FE tensor asked back, mean error %.2f %%, best of %d %.2f %%\n", e.name.c_str(),
                100 * e.meanError, r.cellsPerTarget, 100 * e.bestError);
  return 0;
}

}  // namespace mf::cli
