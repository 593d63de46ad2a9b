#pragma once
// A family from the plugin registry, as a command asks for one: the registry's or the plugin's
// reason (no such plugin, a missing or corrupt model) becomes the command's one-line error.

#include "app/cli/command.hpp"
#include "plugins/registry/family_registry.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace mf::cli {

inline std::unique_ptr<design::MicrostructureFamily> createFamily(const std::string& id, const nlohmann::json& settings) {
  try {
    return plugins::FamilyRegistry::instance().create(id, settings);
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
}

}  // namespace mf::cli
