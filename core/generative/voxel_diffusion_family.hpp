#pragma once
// The voxel diffusion family: a trained model bundle (card.json + weights) behind the
// MicrostructureFamily interface. The card gives the architecture, the conditions' normalization
// and the dataset, whose property range (f_SDF) decides which targets are in reach.

#include "core/dataset/property_range.hpp"
#include "core/design/family.hpp"
#include "core/generative/diffusion_model.hpp"
#include "core/generative/training.hpp"

#include <filesystem>
#include <memory>
#include <optional>

namespace mf::generative {

class VoxelDiffusionFamily final : public design::MicrostructureFamily {
 public:
  // Throws std::runtime_error with a clear reason for a missing or corrupt bundle.
  explicit VoxelDiffusionFamily(const std::filesystem::path& cardPath);
  ~VoxelDiffusionFamily() override;

  std::string id() const override { return "voxel-diffusion"; }
  std::string displayName() const override { return "Voxel diffusion"; }
  std::string checkTarget(const design::FamilyRequest& request) const override;
  std::vector<design::ProposedCell> propose(const design::FamilyRequest& request, Progress& progress) const override;

  const DiffusionModel& model() const { return *model_; }
  const ConditionRange& conditionRange() const { return range_; }
  int epochs() const { return epochs_; }
  // The dataset behind the model (labels only), when the card's path exists.
  const std::vector<dataset::Sample>& datasetLabels() const { return labels_; }

 private:
  std::filesystem::path card_;
  std::unique_ptr<DiffusionModel> model_;
  ConditionRange range_;
  int epochs_ = 0;
  std::vector<dataset::Sample> labels_;
  std::optional<dataset::PropertyRange> propertyRange_;
};

}  // namespace mf::generative
