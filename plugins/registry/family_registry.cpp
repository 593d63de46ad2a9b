#include "plugins/registry/family_registry.hpp"

#include "core/io/resources.hpp"
#include "plugins/registry/family_plugin.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QPluginLoader>

#include <unistd.h>

#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

namespace mf::plugins {
namespace {

QString executableDir() {
  std::array<char, 4096> self{};
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  return n > 0 ? QFileInfo(QString::fromLocal8Bit(self.data(), static_cast<int>(n))).absolutePath() : QString();
}

// Loaded plugins stay loaded, one loader per file, shared by every registry of the process. The
// map is never destroyed (nor are its loaders: a plugin's objects may outlive every static), and
// it stays reachable to the end, so a leak checker sees it as what it is: held on purpose.
QObject* loadPlugin(const QString& file, QString& error) {
  static QMutex mutex;
  static auto* const loaders = new std::map<QString, QPluginLoader*>;
  const QMutexLocker lock(&mutex);
  QPluginLoader*& loader = (*loaders)[file];
  if (!loader) loader = new QPluginLoader(file);
  QObject* instance = loader->instance();
  if (!instance) error = loader->errorString();
  return instance;
}

}  // namespace

QStringList FamilyRegistry::defaultSearchPaths() {
  QStringList paths;
  const QString env = qEnvironmentVariable("METAFORGE_PLUGIN_PATH");
  if (!env.isEmpty()) paths += env.split(':', Qt::SkipEmptyParts);
  const QString exe = executableDir();
  if (!exe.isEmpty()) paths << QDir(exe).absoluteFilePath("../lib/metaforge/plugins");
  paths << QStringLiteral(MF_BUILD_PLUGIN_DIR);
  return paths;
}

FamilyRegistry& FamilyRegistry::instance() {
  static FamilyRegistry registry;
  return registry;
}

FamilyRegistry::FamilyRegistry(const QStringList& searchPaths) {
  QStringList seen;
  for (const QString& path : searchPaths) {
    const QDir dir(path);
    if (!dir.exists()) continue;
    for (const QFileInfo& f : dir.entryInfoList({"*.so"}, QDir::Files, QDir::Name)) {
      const QString file = f.canonicalFilePath();
      if (seen.contains(file)) continue;
      seen << file;
      // Reads the embedded metadata only; the library is not loaded.
      const QPluginLoader probe(file);
      const QJsonObject meta = probe.metaData();
      if (meta.value("IID").toString() != MF_FAMILY_PLUGIN_IID) {
        problems_ << f.fileName() + ": not a MetaForge family plugin (" +
                         (meta.isEmpty() ? probe.errorString() : "interface " + meta.value("IID").toString()) + ")";
        continue;
      }
      const QJsonObject m = meta.value("MetaData").toObject();
      FamilyInfo info{m.value("id").toString(),          m.value("name").toString(),
                      m.value("description").toString(), m.value("defaultModel").toString(),
                      m.value("requires").toString(),    file};
      if (info.id.isEmpty()) {
        problems_ << f.fileName() + ": its metadata has no \"id\"";
        continue;
      }
      if (find(info.id)) continue;  // the first folder on the path wins
      if (info.name.isEmpty()) info.name = info.id;
      families_.push_back(info);
    }
  }
}

FamilyRegistry::~FamilyRegistry() = default;

const FamilyInfo* FamilyRegistry::find(const QString& id) const {
  for (const FamilyInfo& f : families_)
    if (f.id == id) return &f;
  return nullptr;
}

QString FamilyRegistry::defaultModelPath(const QString& id) const {
  const FamilyInfo* info = find(id);
  if (!info || info->defaultModel.isEmpty()) return {};
  return QString::fromStdString(io::findResource(info->defaultModel.toStdString()).string());
}

std::optional<design::PropertyRanges> FamilyRegistry::defaultErrorRanges(const QString& id) const {
  const QString card = defaultModelPath(id);
  QFile file(card);
  if (card.isEmpty() || !file.open(QIODevice::ReadOnly)) return std::nullopt;
  const QJsonObject range = QJsonDocument::fromJson(file.read(1 << 22)).object().value("condition_range").toObject();
  design::PropertyRanges r;
  const char* names[3] = {"C11", "C12", "C44"};
  for (std::size_t i = 0; i < 3; ++i) {
    const QJsonArray pair = range.value(names[i]).toArray();
    if (pair.size() != 2) return std::nullopt;
    r.min[i] = pair[0].toDouble(std::nan(""));
    r.max[i] = pair[1].toDouble(std::nan(""));
    if (!(r.max[i] > r.min[i])) return std::nullopt;  // also refuses NaN
  }
  r.source = "model card (" + QFileInfo(card).fileName().toStdString() + ")";
  return r;
}

std::unique_ptr<design::MicrostructureFamily> FamilyRegistry::create(const QString& id, QJsonObject settings) const {
  const FamilyInfo* info = find(id);
  if (!info) {
    QStringList known;
    for (const FamilyInfo& f : families_) known << f.id;
    throw std::runtime_error("no family plugin \"" + id.toStdString() + "\" (" +
                             (known.isEmpty() ? std::string("no family plugins were found; looked in ") +
                                                    defaultSearchPaths().join(", ").toStdString()
                                              : "known: " + known.join(", ").toStdString()) +
                             ")");
  }
  QString error;
  QObject* instance = loadPlugin(info->file, error);
  auto* plugin = qobject_cast<FamilyPlugin*>(instance);
  if (!plugin)
    throw std::runtime_error("the " + info->name.toStdString() + " plugin (" + info->file.toStdString() +
                             ") does not load" + (info->requires_.isEmpty() ? "" : ", it needs " + info->requires_.toStdString()) +
                             ": " + (error.isEmpty() ? "wrong interface" : error.toStdString()));
  if (!settings.contains("model") && !info->defaultModel.isEmpty()) settings["model"] = defaultModelPath(id);
  std::unique_ptr<design::MicrostructureFamily> family = plugin->createFamily(settings);
  if (!family || family->id() != id.toStdString())
    throw std::runtime_error("the " + info->name.toStdString() + " plugin made no family with id \"" + id.toStdString() + "\"");
  return family;
}

}  // namespace mf::plugins
