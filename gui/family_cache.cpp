#include "gui/family_cache.hpp"

#include "plugins/registry/family_registry.hpp"

namespace mf::gui {

std::shared_ptr<const design::MicrostructureFamily> FamilyCache::get(const QString& id) {
  const std::lock_guard lock(mutex_);
  auto& family = families_[id];
  if (!family) family = plugins::FamilyRegistry::instance().create(id);
  return family;
}

}  // namespace mf::gui
