#include "core/design/candidate.hpp"

namespace mf::design {

std::string Provenance::summary() const {
  auto field = [&](const char* key) {
    const auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second;
  };
  std::string s = kind;
  if (kind == "file") {
    const std::string path = field("path");
    if (!path.empty()) s += " " + path.substr(path.find_last_of('/') + 1);
  } else {
    const std::string family = field("family");
    if (!family.empty()) s += " " + family;
    const std::string seed = field("seed");
    if (!seed.empty()) s += " (seed " + seed + ")";
  }
  return s;
}

}  // namespace mf::design
