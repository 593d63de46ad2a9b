#include "gui/family_cache.hpp"

#include "plugins/registry/family_registry.hpp"

namespace mf::gui {

FamilyCache& FamilyCache::instance() {
  // Never destroyed: its models belong to a plugin (LibTorch) whose own statics may be gone by
  // the time this one's destructor would run at exit.
  static FamilyCache* cache = new FamilyCache;
  return *cache;
}

std::shared_ptr<const design::MicrostructureFamily> FamilyCache::get(const QString& id) {
  const std::lock_guard lock(mutex_);
  auto& family = families_[id];
  if (!family) family = plugins::FamilyRegistry::instance().create(id.toStdString());
  return family;
}

}  // namespace mf::gui
