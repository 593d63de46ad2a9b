#include "plugins/registry/family_registry.hpp"

#include "core/io/resources.hpp"
#include "plugins/registry/family_plugin.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace mf::plugins {
namespace {

namespace fs = std::filesystem;

std::string executableDir() {
  std::array<char, 4096> self{};
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  return n > 0 ? fs::path(std::string(self.data(), static_cast<std::size_t>(n))).parent_path().string() : std::string();
}

struct BuiltIn {
  FamilyInfo info;
  FamilyFactory factory;
};

// The built-in families and the loaded plugins, shared by every registry of the process. Never
// destroyed (a family may outlive every static) and reachable to the end, so a leak checker sees
// them as what they are: held on purpose.
std::mutex& staticMutex() {
  static std::mutex m;
  return m;
}
std::vector<BuiltIn>& builtIns() {
  static auto* const list = new std::vector<BuiltIn>;
  return *list;
}

// The factory of a plugin library, loaded once per file.
MfCreateFamily loadFactory(const std::string& library, std::string& error) {
  static auto* const loaded = new std::map<std::string, MfCreateFamily>;
  const std::lock_guard lock(staticMutex());
  if (const auto it = loaded->find(library); it != loaded->end()) return it->second;
  void* handle = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    error = why ? why : "dlopen failed";
    return nullptr;
  }
  auto factory = reinterpret_cast<MfCreateFamily>(::dlsym(handle, "mf_create_family"));
  if (!factory) {
    error = "it has no mf_create_family";
    return nullptr;
  }
  return (*loaded)[library] = factory;
}

std::optional<std::string> readSmallFile(const fs::path& path, std::uintmax_t limit) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > limit) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  return s.str();
}

std::string text(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// The manifest's controls; one that cannot be used (an empty range, a default outside it) is
// left out and named in `bad`.
std::vector<FamilyParameter> parametersOf(const nlohmann::json& list, std::vector<std::string>& bad) {
  std::vector<FamilyParameter> out;
  if (!list.is_array()) return out;
  for (const nlohmann::json& p : list) {
    if (!p.is_object() || text(p, "name").empty()) continue;
    FamilyParameter f;
    f.name = text(p, "name");
    f.label = text(p, "label").empty() ? f.name : text(p, "label");
    f.integer = text(p, "type") == "integer";
    f.tip = text(p, "tip");
    const auto number = [&](const char* key) { return p.contains(key) && p[key].is_number() ? p[key].get<double>() : 0.0; };
    f.defaultValue = number("default");
    f.min = number("min");
    f.max = number("max");
    f.step = number("step");
    // A control whose range is empty or holds no default would be unusable: the manifest is wrong.
    if (!(f.min < f.max) || f.defaultValue < f.min || f.defaultValue > f.max || f.step < 0) {
      bad.push_back(f.name);
      continue;
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace

std::vector<std::string> FamilyRegistry::defaultSearchPaths() {
  std::vector<std::string> paths;
  if (const char* env = std::getenv("METAFORGE_PLUGIN_PATH")) {
    std::stringstream s(env);
    for (std::string item; std::getline(s, item, ':');)
      if (!item.empty()) paths.push_back(item);
  }
  if (const std::string exe = executableDir(); !exe.empty()) paths.push_back((fs::path(exe) / "../lib/metaforge/plugins").string());
  paths.push_back(MF_BUILD_PLUGIN_DIR);
  return paths;
}

FamilyRegistry& FamilyRegistry::instance() {
  static FamilyRegistry registry;
  return registry;
}

void FamilyRegistry::registerBuiltIn(FamilyInfo info, FamilyFactory factory) {
  const std::lock_guard lock(staticMutex());
  info.library.clear();
  builtIns().push_back({std::move(info), std::move(factory)});
}

FamilyRegistry::FamilyRegistry(const std::vector<std::string>& searchPaths) : searchPaths_(searchPaths) {
  {
    const std::lock_guard lock(staticMutex());
    for (const BuiltIn& b : builtIns())
      if (!find(b.info.id)) families_.push_back(b.info);
  }
  std::vector<std::string> seen;
  for (const std::string& folder : searchPaths) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<fs::path> manifests;
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) manifests.push_back(entry.path());
    std::sort(manifests.begin(), manifests.end());
    for (const fs::path& m : manifests) {
      const std::string canonical = fs::weakly_canonical(m, ec).string();
      if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
      seen.push_back(canonical);
      readManifest(canonical);
    }
  }
  std::stable_sort(families_.begin(), families_.end(), [](const FamilyInfo& a, const FamilyInfo& b) { return a.order < b.order; });
}

FamilyRegistry::~FamilyRegistry() = default;

// Checked before anything is loaded (CloudCompare's rule): the contract's version, an id, and a
// library that is there. What fails is listed in problems() with the reason, and skipped.
void FamilyRegistry::readManifest(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  const auto bytes = readSmallFile(path, 1 << 20);
  const nlohmann::json m = bytes ? nlohmann::json::parse(*bytes, nullptr, false) : nlohmann::json();
  if (!m.is_object() || !m.contains("metaforge_family_plugin")) {
    problems_.push_back(name + ": not a MetaForge family manifest");
    return;
  }
  if (m["metaforge_family_plugin"] != MF_FAMILY_PLUGIN_API) {
    problems_.push_back(name + ": written for family plugin contract " + m["metaforge_family_plugin"].dump() +
                        ", this build reads " + std::to_string(MF_FAMILY_PLUGIN_API));
    return;
  }
  std::vector<std::string> badParameters;
  FamilyInfo info{text(m, "id"), text(m, "name"), text(m, "description"), text(m, "defaultModel"), text(m, "requires"),
                  text(m, "library"), parametersOf(m.value("parameters", nlohmann::json()), badParameters), {}, 100};
  for (const std::string& p : badParameters)
    problems_.push_back(name + ": its parameter \"" + p + "\" is left out (its range is empty or does not hold its default)");
  if (info.id.empty()) return problems_.push_back(name + ": its manifest has no \"id\"");
  if (info.library.empty()) return problems_.push_back(name + ": its manifest names no \"library\"");
  info.library = (fs::path(path).parent_path() / info.library).string();
  std::error_code ec;
  if (!fs::is_regular_file(info.library, ec)) return problems_.push_back(name + ": its library " + info.library + " is missing");
  if (find(info.id)) return;  // a built-in family, or the first folder on the path, wins
  if (info.name.empty()) info.name = info.id;
  if (m.contains("order") && m["order"].is_number_integer()) info.order = m["order"].get<int>();
  if (m.contains("targetForms") && m["targetForms"].is_array())
    for (const nlohmann::json& f : m["targetForms"])
      if (f.is_string() && (f == "cubic" || f == "orthotropic" || f == "full")) info.targetForms.push_back(f.get<std::string>());
  families_.push_back(std::move(info));
}

const FamilyInfo* FamilyRegistry::find(const std::string& id) const {
  for (const FamilyInfo& f : families_)
    if (f.id == id) return &f;
  return nullptr;
}

std::string FamilyRegistry::defaultModelPath(const std::string& id) const {
  const FamilyInfo* info = find(id);
  if (!info || info->defaultModel.empty()) return {};
  return io::findResource(info->defaultModel).string();
}

std::optional<design::PropertyRanges> FamilyRegistry::defaultErrorRanges(const std::string& id) const {
  const std::string card = defaultModelPath(id);
  const auto bytes = card.empty() ? std::nullopt : readSmallFile(card, 1 << 22);
  if (!bytes) return std::nullopt;
  const nlohmann::json j = nlohmann::json::parse(*bytes, nullptr, false);
  if (!j.is_object() || !j.contains("condition_range") || !j["condition_range"].is_object()) return std::nullopt;
  const nlohmann::json& range = j["condition_range"];
  design::PropertyRanges r;
  const char* names[3] = {"C11", "C12", "C44"};
  for (std::size_t i = 0; i < 3; ++i) {
    const nlohmann::json pair = range.value(names[i], nlohmann::json());
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number()) return std::nullopt;
    r.min[i] = pair[0].get<double>();
    r.max[i] = pair[1].get<double>();
    if (!(r.max[i] > r.min[i])) return std::nullopt;  // also refuses NaN
  }
  r.source = "model card (" + fs::path(card).filename().string() + ")";
  return r;
}

std::unique_ptr<design::MicrostructureFamily> FamilyRegistry::create(const std::string& id, nlohmann::json settings) const {
  const FamilyInfo* info = find(id);
  if (!info) {
    std::string known, looked;
    for (const FamilyInfo& f : families_) known += (known.empty() ? "" : ", ") + f.id;
    for (const std::string& p : searchPaths_) looked += (looked.empty() ? "" : ", ") + p;
    throw std::runtime_error("no family plugin \"" + id + "\" (" +
                             (known.empty() ? "no family plugins were found; looked in " + looked : "known: " + known) + ")");
  }
  if (!settings.is_object()) settings = nlohmann::json::object();
  if (!settings.contains("model") && !info->defaultModel.empty()) settings["model"] = defaultModelPath(id);
  std::unique_ptr<design::MicrostructureFamily> family;
  if (info->library.empty()) {
    FamilyFactory factory;
    {
      const std::lock_guard lock(staticMutex());
      for (const BuiltIn& b : builtIns())
        if (b.info.id == id) factory = b.factory;
    }
    family = factory(settings);
  } else {
    std::string error;
    const MfCreateFamily factory = loadFactory(info->library, error);
    if (!factory)
      throw std::runtime_error("the " + info->name + " plugin (" + info->library + ") does not load" +
                               (info->requires_.empty() ? "" : ", it needs " + info->requires_) + ": " + error);
    std::array<char, 2048> why{};
    family.reset(factory(settings.dump().c_str(), why.data(), why.size()));
    if (!family) throw std::runtime_error(why.data());
  }
  if (!family || family->id() != id)
    throw std::runtime_error("the " + info->name + " plugin made no family with id \"" + id + "\"");
  return family;
}

}  // namespace mf::plugins
