#include "core/generative/voxel_diffusion_family.hpp"

#include "core/generative/bulk_regressor.hpp"

#include "core/dataset/dataset_store.hpp"
#include "core/design/study.hpp"
#include "core/fem/homogenize.hpp"
#include "core/generative/interpolation.hpp"
#include "core/tensor/admissibility.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/symmetry.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace mf::generative {

ModelBundle loadModelBundle(const std::filesystem::path& cardPath) {
  const ModelCard card = readModelCard(cardPath);
  checkWeights(card);
  ModelBundle b;
  b.range.lo = card.lo;
  b.range.hi = card.hi;
  b.epochs = card.epochs;
  b.dataset = card.dataset;
  b.model = std::make_unique<DiffusionModel>(DiffusionModel::load(card.weights, card.config));
  return b;
}

VoxelDiffusionFamily::VoxelDiffusionFamily(const std::filesystem::path& cardPath, std::filesystem::path regressorCard)
    : card_(cardPath),
      regressorCard_(regressorCard.empty() ? cardPath.parent_path().parent_path() / "regressor" / "card.json" : std::move(regressorCard)),
      bundle_(loadModelBundle(cardPath)) {
  if (!bundle_.dataset.empty() && std::filesystem::exists(bundle_.dataset)) {
    labels_ = dataset::readDatasetLabels(bundle_.dataset);
    if (!labels_.empty()) propertyRange_ = dataset::PropertyRange::build(labels_);
  }
}

VoxelDiffusionFamily::~VoxelDiffusionFamily() = default;

design::TargetCheck VoxelDiffusionFamily::checkTarget(const design::FamilyRequest& r) const {
  if (const Admissibility adm = r.target.admissibility(); !adm.ok()) return {"inadmissible target: " + adm.reason, {}};
  // The model makes cubic cells; a target with any other symmetry would be silently projected.
  if (design::targetClassOf(r.target) != design::TargetClass::Cubic)
    return {"the voxel diffusion model makes cubic cells: the target must be cubic (C11 = C22 = C33, "
            "C12 = C13 = C23, C44 = C55 = C66, no other terms)",
            {}};
  if (!propertyRange_) return {};
  const double c11 = r.target(1, 1), c12 = r.target(1, 2), c44 = r.target(4, 4);
  const auto& box = propertyRange_->box();
  double best = -1e300;
  for (int k = 0; k <= 20; ++k) {  // with vf free, the best vf counts
    const double vf = r.volumeFraction ? *r.volumeFraction : box.lo[3] + (box.hi[3] - box.lo[3]) * k / 20.0;
    best = std::max(best, propertyRange_->sdf({c11, c12, c44, vf}));
    if (r.volumeFraction) break;
  }
  if (best >= kReachableSdf) return {};
  // The nearest sample of the dataset is a target the model has seen a cell for.
  const auto t = box.normalize({c11, c12, c44, r.volumeFraction.value_or(0.0)});
  const dataset::Sample* nearest = nullptr;
  double bestD = 1e300;
  for (const auto& s : labels_) {
    const auto p = box.normalize(dataset::propertyPoint(s));
    double d = 0;
    for (std::size_t k = 0; k < (r.volumeFraction ? 4u : 3u); ++k) d += (p[k] - t[k]) * (p[k] - t[k]);
    if (d < bestD) bestD = d, nearest = &s;
  }
  char buf[200];
  std::snprintf(buf, sizeof buf, "outside the model's range: f_SDF %.3f, below %.3f at the edge of its training data",
                best, kReachableSdf);
  design::TargetCheck check{buf, {}};
  if (nearest) {
    design::DesignTarget reachable = design::DesignTarget::cubic(nearest->stiffness(0, 0), nearest->stiffness(0, 1),
                                                                 nearest->stiffness(3, 3), nearest->volumeFraction);
    reachable.volumeFractionFree = !r.volumeFraction;
    check.nearest = reachable;
  }
  return check;
}

std::optional<design::PropertyRanges> VoxelDiffusionFamily::propertyRanges() const {
  return design::PropertyRanges{bundle_.range.lo, bundle_.range.hi, "model card (" + card_.filename().string() + ")"};
}

std::vector<design::HeldOutData::Target> VoxelDiffusionFamily::heldOutTargets(const std::string& other) const {
  std::vector<Target> out;
  for (const dataset::Sample& s : dataset::readDatasetLabels(other.empty() ? bundle_.dataset : std::filesystem::path(other)))
    if (isHeldOut(s))
      out.push_back({Stiffness::cubic(s.stiffness(0, 0), s.stiffness(0, 1), s.stiffness(3, 3)), s.volumeFraction});
  return out;
}

std::vector<BinaryCell> VoxelDiffusionFamily::trainingCells() const {
  std::vector<BinaryCell> out;
  if (bundle_.dataset.empty() || !std::filesystem::exists(bundle_.dataset)) return out;
  for (const dataset::Sample& s : dataset::readDataset(bundle_.dataset))
    if (!isHeldOut(s)) out.push_back(mirrorOctant(s.octant));
  return out;
}

std::string VoxelDiffusionFamily::modelSummary() const {
  const std::string folder = card_.parent_path().filename().string();
  return (folder.empty() ? card_.stem().string() : folder) + "-" + std::to_string(2 * bundle_.model->config().octant) +
         " (" + samplingDeviceName() + ")";
}

std::vector<design::ProposedCell> VoxelDiffusionFamily::propose(const design::FamilyRequest& r,
                                                                Progress& progress) const {
  if (const design::TargetCheck check = checkTarget(r); !check.ok()) throw std::invalid_argument(check.describe());
  Condition cond = bundle_.range.normalize(r.target(1, 1), r.target(1, 2), r.target(4, 4), r.volumeFraction.value_or(0.0));
  if (!r.volumeFraction) cond[3] = kDropped;
  SamplerOptions o;
  o.steps = r.steps;
  o.guidance = r.guidance;
  o.seed = r.seed;
  if (plainThreshold_) o.matchVolumeFraction = false, o.maxBridgeVolumeFraction = 0.0;
  const auto cells =
      bundle_.model->sampleThresholded(std::vector<Condition>(static_cast<std::size_t>(r.count), cond), o, progress);
  std::vector<design::ProposedCell> out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    // Specks apart from the main solid are removed (what seed 000 scores, and what a printer
    // would leave loose in the powder); the symmetric removal keeps the cell exactly cubic.
    const BinaryCell delivered = removeIslands(cells[i].cell);
    std::size_t removed = 0;
    for (std::size_t v = 0; v < delivered.size(); ++v) removed += cells[i].cell[v] != delivered[v];
    design::Provenance p = design::familyProvenance(id(), card_.string(), r.seed, i);
    p.fields.insert({{"guidance", std::to_string(r.guidance)},
                {"steps", std::to_string(r.steps)},
                {"islands_removed_voxels", std::to_string(removed)},
                {"islands_removed_volume_fraction", std::to_string(static_cast<double>(removed) / delivered.size())},
                {"bridged_volume_fraction", std::to_string(cells[i].bridgedVolumeFraction)},
                // What the cell was thresholded at (the target's vf, where it has one): the delivered vf
                // differs from it by the bridges added and the islands removed.
                {"threshold_volume_fraction", o.matchVolumeFraction && r.volumeFraction && r.guidance != 0.0
                                                  ? std::to_string(*r.volumeFraction)
                                                  : std::string("occupancy 1/2")}});
    out.push_back({delivered, p, nullptr});  // the voxels are the design
  }
  return out;
}

const BulkRegressor& VoxelDiffusionFamily::regressor() const {
  std::lock_guard lock(regressorMutex_);
  if (!regressor_) {
    try {
      regressor_ = std::make_unique<BulkRegressor>(loadRegressorBundle(regressorCard_).regressor);
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument(std::string("guidance toward K/K_HS needs the regressor: ") + e.what());
    }
  }
  return *regressor_;
}

std::array<Condition, 2> VoxelDiffusionFamily::endConditions(const BinaryCell& start, const BinaryCell& end, Progress& progress) const {
  // The ends' stiffness by our FE on the dataset's base material, as the model's labels are.
  std::array<Condition, 2> out{};
  const BinaryCell* ends[2] = {&start, &end};
  for (int k = 0; k < 2; ++k) {
    SubProgress p(progress, 0.05 * k, 0.05 * (k + 1));
    p.report(0.0, k == 0 ? "the start's stiffness" : "the end's stiffness");
    const Stiffness c = fem::homogenize(*ends[k], BaseMaterial{}, fem::HomogenizationOptions{}, p).stiffness.value();
    out[static_cast<std::size_t>(k)] = bundle_.range.normalize(c(1, 1), c(1, 2), c(4, 4), 0.0);
  }
  return out;
}

std::vector<design::ProposedCell> VoxelDiffusionFamily::interpolate(const BinaryCell& start, const BinaryCell& end,
                                                                  int members, const design::FamilyRequest& settings,
                                                                  Progress& progress) const {
  InterpolationPlan plan;
  plan.members = members;
  plan.steps = settings.steps;
  plan.guidance = settings.guidance;
  plan.seed = settings.seed;
  const auto& given = settings.parameters;
  if (given.count(kBulkGuidance) || given.count(kBoundaryGuidance)) {
    PropertyGuidance g;
    const auto take = [&](const char* name, double& value) {
      if (const auto it = given.find(name); it != given.end()) value = it->second;
    };
    take(kBulkGuidance, g.propertyWeight);
    take(kBoundaryGuidance, g.boundaryWeight);
    take(kGuidanceScale, g.scale);
    take(kProjectionSlopeParameter, g.projectionSlope);
    if (!(std::isfinite(g.propertyWeight) && std::isfinite(g.boundaryWeight) && std::isfinite(g.scale)) || g.propertyWeight < 0 ||
        g.boundaryWeight < 0 || g.scale < 0)
      throw std::invalid_argument("guidance weights and scale must be finite and not negative");
    if (!(std::isfinite(g.projectionSlope) && g.projectionSlope > 0))
      throw std::invalid_argument("the projection's slope must be a positive number");
    if (g.propertyWeight != 0.0) g.regressor = &regressor();
    plan.property = g;
  }
  if (const auto it = given.find(kStiffnessCondition); it != given.end() && it->second != 0.0) plan.endStiffness = endConditions(start, end, progress);
  if (const auto it = given.find(kThetaScheduleParameter); it != given.end() && it->second != 0.0) plan.schedule = ThetaSchedule::Authors;
  std::vector<design::ProposedCell> out;
  const std::vector<InterpolatedMember> family = generative::interpolate(*bundle_.model, start, end, plan, progress);
  for (std::size_t i = 0; i < family.size(); ++i) {
    design::Provenance p = design::familyProvenance(id(), card_.string(), settings.seed, i);
    p.fields.insert({{"interpolation_member", std::to_string(i)},
                     {"interpolation_members", std::to_string(family.size())},
                     {"theta", std::to_string(family[i].theta)},
                     {"conditioned_volume_fraction", std::to_string(family[i].volumeFraction)},
                     {"guidance", std::to_string(settings.guidance)},
                     {"steps", std::to_string(settings.steps)}});
    if (plan.property)
      p.fields.insert({{kBulkGuidance, std::to_string(plan.property->propertyWeight)},
                       {kBoundaryGuidance, std::to_string(plan.property->boundaryWeight)},
                       {kGuidanceScale, std::to_string(plan.property->scale)},
                       {kProjectionSlopeParameter, std::to_string(plan.property->projectionSlope)},
                       {"regressor", plan.property->propertyWeight != 0.0 ? regressorCard_.string() : std::string("none")}});
    if (plan.endStiffness) p.fields.insert({kStiffnessCondition, "1"});
    if (plan.schedule == ThetaSchedule::Authors) p.fields.insert({kThetaScheduleParameter, "authors"});
    // Islands apart from the main solid removed, as for every sampled cell (propose); the ends
    // are the given cells themselves.
    const bool end = i == 0 || i + 1 == family.size();
    out.push_back({end ? family[i].cell : removeIslands(family[i].cell), std::move(p), nullptr});
  }
  return out;
}

}  // namespace mf::generative
