#pragma once
// Finds the family plugins and makes families from them; the CLI and the GUI both go through it.
// Discovery reads each plugin's metadata without loading it (a plugin that links LibTorch costs
// nothing until its family is used); create() loads the plugin once and keeps it loaded for the
// life of the process (LibTorch does not survive being unloaded).

#include "core/design/family.hpp"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace mf::plugins {

struct FamilyInfo {
  QString id;            // "voxel-diffusion"
  QString name;          // "Voxel diffusion"
  QString description;
  QString defaultModel;  // relative to resources/, empty for families without weights
  QString requires_;     // what the plugin needs, for messages ("LibTorch")
  QString file;          // the plugin library
};

class FamilyRegistry {
 public:
  // Looks for plugins in these folders (see defaultSearchPaths()).
  explicit FamilyRegistry(const QStringList& searchPaths = defaultSearchPaths());
  ~FamilyRegistry();
  FamilyRegistry(const FamilyRegistry&) = delete;
  FamilyRegistry& operator=(const FamilyRegistry&) = delete;

  // $METAFORGE_PLUGIN_PATH (':'-separated), then <executable's folder>/../lib/metaforge/plugins,
  // then the build tree's plugin folder (compiled in).
  static QStringList defaultSearchPaths();
  // One registry per process for the app and the CLI.
  static FamilyRegistry& instance();

  const std::vector<FamilyInfo>& families() const { return families_; }
  const FamilyInfo* find(const QString& id) const;
  // Libraries that looked like plugins but could not be read, each with the reason.
  const QStringList& problems() const { return problems_; }

  // A family from plugin `id`. A missing "model" setting becomes the plugin's default model.
  // Throws std::runtime_error: unknown id (naming the known ones), a plugin that will not load
  // (Qt's reason), or the plugin's own refusal (a missing or corrupt model, …).
  std::unique_ptr<design::MicrostructureFamily> create(const QString& id, QJsonObject settings = {}) const;
  // The default model card of `id` resolved against the resources (empty when it has none).
  QString defaultModelPath(const QString& id) const;
  // The Eq. 18 ranges of `id`'s default model, read from its card's "condition_range" without
  // loading the plugin (so a new session can fix its error normalization at once); the same
  // as the made family's propertyRanges(). Empty for a family without a model card, or a card
  // without a usable range.
  std::optional<design::PropertyRanges> defaultErrorRanges(const QString& id) const;

 private:
  std::vector<FamilyInfo> families_;
  QStringList problems_;
};

}  // namespace mf::plugins
