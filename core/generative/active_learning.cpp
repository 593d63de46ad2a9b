#include "core/generative/active_learning.hpp"

#include "core/dataset/cleaning.hpp"
#include "core/dataset/generation.hpp"
#include "core/voxel/random_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace mf::generative {

GrowResult growDataset(const VoxelDiffusionFamily& family, const std::vector<GrowTarget>& targets, const GrowPlan& plan,
                       Progress& progress) {
  if (plan.batch < 1) throw std::invalid_argument("dataset grow: the batch must be at least 1");
  GrowResult out;
  out.cellResolution = 2 * family.model().config().octant;
  const std::size_t n = targets.size(), batch = static_cast<std::size_t>(plan.batch);
  for (std::size_t b = 0; b < n; b += batch) {
    progress.checkCancelled();
    const std::size_t e = std::min(n, b + batch);
    std::vector<Condition> conds;
    for (std::size_t i = b; i < e; ++i) {
      const GrowTarget& t = targets[i];
      conds.push_back(family.conditionRange().normalize(t.c11, t.c12, t.c44, t.volumeFraction));
    }
    SamplerOptions o;
    o.seed = deriveSeed(plan.seed, b);
    o.steps = plan.steps;
    o.guidance = plan.guidance;
    NullProgress quiet;
    const auto cells = family.model().sample(conds, o, quiet);
    for (std::size_t i = b; i < e; ++i) {
      const dataset::CleanedCell clean = dataset::cleanCell(cells[i - b]);
      std::optional<dataset::Sample> s;
      if (clean.accepted()) s = dataset::labelCell(clean.cell, plan.feTolerance);
      if (!s) {
        ++out.rejected;
        continue;
      }
      const GrowTarget& t = targets[i];
      s->index = i;
      s->seed = deriveSeed(plan.seed ^ 0xD1FF, i);
      s->generator = "diffusion";
      const nlohmann::json record = t.record.empty() ? nlohmann::json{{"C11", t.c11}, {"C12", t.c12}, {"C44", t.c44}, {"vf", t.volumeFraction}}
                                                     : nlohmann::json::parse(t.record);
      s->params = nlohmann::json{{"target", record},
                                 {"model", plan.model},
                                 {"model_epochs", family.epochs()},
                                 {"sample_seed", o.seed},
                                 {"batch_position", i - b},
                                 {"run_seed", plan.seed}}
                      .dump();
      out.samples.push_back(std::move(*s));
    }
    progress.report(double(e) / static_cast<double>(n),
                    std::to_string(out.samples.size()) + " cells kept of " + std::to_string(e));
  }
  return out;
}

}  // namespace mf::generative
