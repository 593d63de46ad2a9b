#pragma once
// Families made from the plugin registry, kept while the app runs: making one loads a model and
// its dataset's property range (a second or more), which no later Generate, window or check of
// a target should pay again. One per process, like the registry. Thread-safe: jobs make and
// use families on worker threads.

#include "core/design/family.hpp"

#include <QString>

#include <map>
#include <memory>
#include <mutex>

namespace mf::gui {

class FamilyCache {
 public:
  static FamilyCache& instance();

  // The family with this registry id, made on first use. Throws std::runtime_error (the
  // registry's or the plugin's reason: no such plugin, missing or corrupt model, …).
  std::shared_ptr<const design::MicrostructureFamily> get(const QString& id);

 private:
  std::mutex mutex_;
  std::map<QString, std::shared_ptr<const design::MicrostructureFamily>> families_;
};

}  // namespace mf::gui
