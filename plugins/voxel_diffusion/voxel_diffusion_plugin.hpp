#pragma once
// The voxel diffusion family as a plugin: the trained model behind MicrostructureFamily
// (core/generative/voxel_diffusion_family.hpp), loaded only when a family is first made.

#include "plugins/registry/family_plugin.hpp"

#include <QObject>

namespace mf::plugins {

class VoxelDiffusionPlugin final : public QObject, public FamilyPlugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID MF_FAMILY_PLUGIN_IID FILE "voxel_diffusion.json")
  Q_INTERFACES(mf::plugins::FamilyPlugin)

 public:
  std::unique_ptr<design::MicrostructureFamily> createFamily(const QJsonObject& settings) override;
};

}  // namespace mf::plugins
