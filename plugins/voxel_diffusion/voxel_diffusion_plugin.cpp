#include "plugins/voxel_diffusion/voxel_diffusion_plugin.hpp"

#include "core/generative/voxel_diffusion_family.hpp"

#include <stdexcept>

namespace mf::plugins {

std::unique_ptr<design::MicrostructureFamily> VoxelDiffusionPlugin::createFamily(const QJsonObject& settings) {
  const QString model = settings.value("model").toString();
  if (model.isEmpty()) throw std::runtime_error("the voxel diffusion family needs a model card (setting \"model\")");
  // Sampling is one batch of convolutions: it should have every core (LibTorch starts with one
  // here). The app runs it in the compute lane, never beside an FE solve.
  generative::setTorchThreads(0);
  auto family = std::make_unique<generative::VoxelDiffusionFamily>(model.toStdString());
  // Occupancy ½ without bridges: for measuring what the vf level and the bridges add.
  family->setPlainThreshold(settings.value("plain_threshold").toBool(false));
  return family;
}

}  // namespace mf::plugins
