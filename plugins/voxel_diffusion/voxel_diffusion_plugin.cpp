// The voxel diffusion family as a plugin (plugins/registry/family_plugin.hpp): the trained model
// behind MicrostructureFamily (core/generative/voxel_diffusion_family.hpp), loaded only when a
// family is first made, so that LibTorch costs nothing until then.

#include "core/generative/voxel_diffusion_family.hpp"
#include "plugins/registry/family_plugin.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace {

// Settings: {"model": card path (required), "regressor": K/K_HS regressor card (default: beside
// the model's folder), "plain_threshold": bool}.
std::unique_ptr<mf::design::MicrostructureFamily> makeVoxelDiffusionFamily(const std::string& json) {
  const nlohmann::json settings = nlohmann::json::parse(json, nullptr, false);
  const std::string model = settings.is_object() ? settings.value("model", std::string()) : std::string();
  if (model.empty()) throw std::runtime_error("the voxel diffusion family needs a model card (setting \"model\")");
  // Sampling is one batch of convolutions: it should have every core (LibTorch starts with one
  // here). The app runs it in the compute lane, never beside an FE solve.
  mf::generative::setTorchThreads(0);
  const std::string regressor = settings.is_object() ? settings.value("regressor", std::string()) : std::string();
  auto family = std::make_unique<mf::generative::VoxelDiffusionFamily>(model, regressor);
  // Occupancy ½ without bridges: for measuring what the vf level and the bridges add.
  family->setPlainThreshold(settings.value("plain_threshold", false));
  return family;
}

}  // namespace

MF_DEFINE_FAMILY_PLUGIN(makeVoxelDiffusionFamily)
