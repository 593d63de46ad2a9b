#pragma once
// The voxel diffusion family: a trained model bundle (card.json + weights) behind the
// MicrostructureFamily interface. The card gives the architecture, the conditions' normalization
// and the dataset, whose property range (f_SDF) decides which targets are in reach.

#include "core/dataset/property_range.hpp"
#include "core/design/family.hpp"
#include "core/generative/diffusion_model.hpp"
#include "core/generative/interpolation.hpp"
#include "core/generative/training.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

namespace mf::generative {

class BulkRegressor;

// A trained model as shipped: the card (JSON) and the weights it names. Throws
// std::runtime_error with a clear reason for a missing, incomplete or corrupt bundle.
struct ModelBundle {
  std::unique_ptr<DiffusionModel> model;
  ConditionRange range;
  int epochs = 0;
  std::filesystem::path dataset;  // the training data, as the card names it (may be gone)
};
ModelBundle loadModelBundle(const std::filesystem::path& cardPath);

class VoxelDiffusionFamily final : public design::MicrostructureFamily, public design::HeldOutData, public design::Interpolation {
 public:
  // Throws std::runtime_error with a clear reason for a missing or corrupt bundle. The K/K_HS
  // regressor of guided interpolation is read from regressorCard when first needed (default:
  // regressor/card.json beside the model's folder, as bundled).
  explicit VoxelDiffusionFamily(const std::filesystem::path& cardPath, std::filesystem::path regressorCard = {});
  ~VoxelDiffusionFamily() override;

  std::string id() const override { return "voxel-diffusion"; }
  std::string displayName() const override { return "Voxel diffusion"; }
  // Cubic, admissible, and f_SDF ≥ kReachableSdf (seed 000's active-learning band: the range
  // of the training data and a little beyond); else the nearest dataset sample as the way out.
  design::TargetCheck checkTarget(const design::FamilyRequest& request) const override;
  static constexpr double kReachableSdf = -0.025;
  std::vector<design::ProposedCell> propose(const design::FamilyRequest& request, Progress& progress) const override;
  std::optional<design::PropertyRanges> propertyRanges() const override;
  // "default-32 (CPU)": the bundle's folder, the cell resolution it samples, the device.
  std::string modelSummary() const override;
  const design::HeldOutData* heldOutData() const override { return this; }
  // DDIM inversion of the ends, slerp, each member at the blended vf (interpolation.hpp). The
  // request's parameters kBulkGuidance (w_f), kBoundaryGuidance (w_b) and kGuidanceScale (s),
  // when either weight is given, guide the interior members by Eq. 14.
  const design::Interpolation* interpolation() const override { return this; }
  static constexpr const char* kBulkGuidance = kBulkGuidanceParameter;
  static constexpr const char* kBoundaryGuidance = kBoundaryGuidanceParameter;
  static constexpr const char* kGuidanceScale = kGuidanceScaleParameter;
  static constexpr const char* kStiffnessCondition = kStiffnessConditionParameter;
  std::vector<design::ProposedCell> interpolate(const BinaryCell& start, const BinaryCell& end, int members,
                                                const design::FamilyRequest& settings, Progress& progress) const override;
  // The ends' C11, C12, C44 by FE as the model's conditions (kStiffnessCondition).
  std::array<Condition, 2> endConditions(const BinaryCell& start, const BinaryCell& end, Progress& progress) const;
  // The fixed 5 % split of the model's dataset (isHeldOut), or of another one; their cubic
  // C11, C12, C44 and volume fraction.
  std::vector<Target> heldOutTargets(const std::string& dataset = {}) const override;
  // The mirrored cells of the rest of the model's dataset.
  std::vector<BinaryCell> trainingCells() const override;
  // Bridges added where the cell would fall apart, islands removed.
  std::vector<std::string> diagnosticFields() const override {
    return {"bridged_volume_fraction", "islands_removed_voxels"};
  }

  const DiffusionModel& model() const { return *bundle_.model; }
  const ConditionRange& conditionRange() const { return bundle_.range; }
  int epochs() const { return bundle_.epochs; }
  // The dataset behind the model (labels only), when the card's path exists.
  const std::vector<dataset::Sample>& datasetLabels() const { return labels_; }
  const std::filesystem::path& datasetPath() const { return bundle_.dataset; }
  // Occupancy ½, no bridges (what the sampler did before vf levels and bridges): for
  // measuring what those add.
  void setPlainThreshold(bool plain) { plainThreshold_ = plain; }

 private:
  // The regressor, loaded on first use (throws std::runtime_error when it cannot be).
  const BulkRegressor& regressor() const;

  bool plainThreshold_ = false;
  std::filesystem::path card_, regressorCard_;
  mutable std::mutex regressorMutex_;
  mutable std::unique_ptr<BulkRegressor> regressor_;
  ModelBundle bundle_;
  std::vector<dataset::Sample> labels_;
  std::optional<dataset::PropertyRange> propertyRange_;
};

}  // namespace mf::generative
