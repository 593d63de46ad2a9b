#pragma once
// Finds the families and makes them; the app, the CLI (with or without Qt) and the tests all go
// through it. A family is either a plugin found by its manifest (family_plugin.hpp) in the search
// folders, or built into the program and registered statically (registerBuiltIn). Discovery
// reads manifests only (a plugin that links LibTorch costs nothing until its family is used);
// create() loads a plugin once and keeps it loaded for the life of the process (LibTorch does
// not survive being unloaded).

#include "core/design/family.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mf::plugins {

// One control of the Generate box, from the manifest's "parameters".
// One control a family's manifest asks the Generate box for (the schema of its own options).
struct FamilyParameter {
  std::string name;   // "guidance" and "steps" set those FamilyRequest fields; others go by name into its parameters
  std::string label;  // "Guidance"
  std::string tip;    // what it does, for the control's tooltip
  double defaultValue = 0, min = 0, max = 0;
  double step = 0;    // the spin box's step; 0: a 40th of the range (1 for integers)
  bool integer = false;
};

struct FamilyInfo {
  std::string id;            // "voxel-diffusion"
  std::string name;          // "Voxel diffusion"
  std::string description;
  std::string defaultModel;  // relative to resources/, empty for families without weights
  std::string requires_;     // what the plugin needs, for messages ("LibTorch")
  std::string library;       // the plugin library (absolute), empty for a built-in family
  std::vector<FamilyParameter> parameters;
  // The target forms it aims at, narrowest first ("cubic", "orthotropic", "full"): the Target
  // dock switches to the widest when the family is chosen. Empty: any.
  std::vector<std::string> targetForms;
  int order = 100;           // the manifest's "order": families are listed by it (the app's default is the first)
};

using FamilyFactory = std::function<std::unique_ptr<design::MicrostructureFamily>(const nlohmann::json& settings)>;

class FamilyRegistry {
 public:
  // Looks for manifests in these folders (see defaultSearchPaths()), after the built-in families.
  explicit FamilyRegistry(const std::vector<std::string>& searchPaths = defaultSearchPaths());
  ~FamilyRegistry();
  FamilyRegistry(const FamilyRegistry&) = delete;
  FamilyRegistry& operator=(const FamilyRegistry&) = delete;

  // $METAFORGE_PLUGIN_PATH (':'-separated), then <executable's folder>/../lib/metaforge/plugins,
  // then the build tree's plugin folder (compiled in).
  static std::vector<std::string> defaultSearchPaths();
  // One registry per process for the app and the CLI.
  static FamilyRegistry& instance();
  // A family compiled into the program (tests, families without heavy dependencies). Registries
  // made afterwards list it first. Thread-safe.
  static void registerBuiltIn(FamilyInfo info, FamilyFactory factory);

  const std::vector<FamilyInfo>& families() const { return families_; }
  const FamilyInfo* find(const std::string& id) const;
  // Manifests and libraries that looked like plugins but could not be used, each with the reason.
  const std::vector<std::string>& problems() const { return problems_; }

  // A family from `id`. A missing "model" setting becomes the family's default model. Throws
  // std::runtime_error: unknown id (naming the known ones), a plugin that will not load (the
  // loader's reason), or the family's own refusal (a missing or corrupt model, …).
  std::unique_ptr<design::MicrostructureFamily> create(const std::string& id, nlohmann::json settings = nlohmann::json::object()) const;
  // The default model card of `id` resolved against the resources (empty when it has none).
  std::string defaultModelPath(const std::string& id) const;
  // The Eq. 18 ranges of `id`'s default model, read from its card's "condition_range" without
  // loading the plugin (so a new session can fix its error normalization at once); the same
  // as the made family's propertyRanges(). Empty for a family without a model card, or a card
  // without a usable range.
  std::optional<design::PropertyRanges> defaultErrorRanges(const std::string& id) const;

 private:
  void readManifest(const std::string& path);
  std::vector<FamilyInfo> families_;
  std::vector<std::string> problems_;
  std::vector<std::string> searchPaths_;
};

}  // namespace mf::plugins
