#pragma once
// The contract between MetaForge and a family plugin: a Qt plugin (QtCore only) whose JSON
// metadata names the family, and whose instance makes MicrostructureFamily objects on demand.
//
// Metadata (the plugin's .json, embedded by Q_PLUGIN_METADATA and readable without loading the
// library): {"id", "name", "description", "defaultModel" (optional, relative to resources/),
// "requires" (what the plugin links, for messages)}. A default model's card names its
// "condition_range" ({"C11": [min, max], "C12": …, "C44": …}, the training data's range): the
// registry reads it, still without loading the plugin, as the Eq. 18 normalization a new
// session fixes from its start; the family's propertyRanges() must return the same.

#include "core/design/family.hpp"

#include <QJsonObject>
#include <QtPlugin>

#include <memory>

namespace mf::plugins {

class FamilyPlugin {
 public:
  virtual ~FamilyPlugin() = default;
  // settings: {"model": path of a model card} for families with trained weights (the registry
  // fills in the default one). Throws std::runtime_error with the reason when it cannot.
  virtual std::unique_ptr<design::MicrostructureFamily> createFamily(const QJsonObject& settings) = 0;
};

}  // namespace mf::plugins

#define MF_FAMILY_PLUGIN_IID "org.metaforge.FamilyPlugin/1"
Q_DECLARE_INTERFACE(mf::plugins::FamilyPlugin, MF_FAMILY_PLUGIN_IID)
