#include "app/cli/bench_accuracy.hpp"

#include "app/cli/command.hpp"
#include "app/cli/terminal_progress.hpp"

#include "core/design/accuracy_benchmark.hpp"
#include "core/files/atomic_file.hpp"
#include "plugins/registry/family_registry.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace mf::cli {

namespace {

// One row per cell; the family's diagnostic provenance fields (bridges, islands) last.
std::string perCellCsv(const design::AccuracyReport& r, const std::vector<std::string>& diagnostics) {
  std::ostringstream out;
  out << "target,C11,C12,C44,vf,cell,achieved_C11,achieved_C12,achieved_C44,achieved_vf,error,connected";
  for (const std::string& d : diagnostics) out << ',' << d;
  out << '\n';
  for (const design::AccuracyCell& c : r.cells) {
    out << c.target << ',' << c.want(1, 1) << ',' << c.want(1, 2) << ',' << c.want(4, 4) << ','
        << (c.wantVolumeFraction ? std::to_string(*c.wantVolumeFraction) : std::string()) << ',' << c.cell << ','
        << c.achieved(1, 1) << ',' << c.achieved(1, 2) << ',' << c.achieved(4, 4) << ',' << c.achievedVolumeFraction << ','
        << c.error << ',' << c.connected;
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

nlohmann::json asJson(const AccuracyArgs& a, const design::AccuracyReport& r, int epochs) {
  nlohmann::json j = {{"family", a.family}, {"targets", r.targets}, {"skipped_targets", a.skip},
                      {"cells_per_target", r.cellsPerTarget}, {"steps", a.steps}, {"guidance", a.guidance},
                      {"error", r.metric}, {"mean_error", r.meanError}, {"mean_error_standard_error", r.meanErrorStdErr},
                      {"best_of_n_error", r.bestOfNError}, {"best_of_n_error_standard_error", r.bestOfNErrorStdErr},
                      {"connected_share", r.connectedShare}, {"diversity_mean_similarity", r.diversity},
                      {"sampling_seconds_per_target", r.samplingSecondsPerTarget},
                      {"verify_seconds_per_target", r.verifySecondsPerTarget},
                      {"threshold", a.plainThreshold ? "occupancy 1/2, no bridges" : "vf level, bridges"},
                      {"model_epochs", epochs}};
  if (r.novelty) j["novelty_max_similarity_to_training"] = *r.novelty;
  for (const auto& [field, share] : r.provenanceShares) j["share_with_" + field] = share;
  return j;
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
  installInterruptHandler();
  const design::AccuracyReport r = [&] {
    TerminalProgress progress("bench accuracy");
    return design::benchmarkAccuracy(*family, targets, plan, training, data->diagnosticFields(), progress);
  }();
  if (!a.cells.empty()) files::writeTextAtomically(a.cells, perCellCsv(r, data->diagnosticFields()));
  const std::string card = a.model.empty() ? registry.defaultModelPath(a.family) : a.model;
  if (!a.json.empty()) files::writeTextAtomically(a.json, asJson(a, r, modelEpochs(card)).dump(2));
  // The family's own settings, those its manifest offers (steps and guidance for the diffusion model).
  std::string settingsText;
  if (const plugins::FamilyInfo* info = registry.find(a.family))
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
  return 0;
}

}  // namespace mf::cli
