// The spinodoid family as a plugin (plugins/registry/family_plugin.hpp): the networks' bundle
// behind MicrostructureFamily (spinodoid_family.hpp), loaded only when the family is first made.

#include "plugins/registry/family_plugin.hpp"
#include "plugins/spinodoid/spinodoid_family.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace {

// Settings: {"model": the bundle's card.json (required)}.
std::unique_ptr<mf::design::MicrostructureFamily> makeSpinodoidFamily(const std::string& json) {
  const nlohmann::json settings = nlohmann::json::parse(json, nullptr, false);
  const std::string model = settings.is_object() ? settings.value("model", std::string()) : std::string();
  if (model.empty()) throw std::runtime_error("the spinodoid family needs a model card (setting \"model\")");
  return std::make_unique<mf::spinodoid::SpinodoidFamily>(model);
}

}  // namespace

MF_DEFINE_FAMILY_PLUGIN(makeSpinodoidFamily)
