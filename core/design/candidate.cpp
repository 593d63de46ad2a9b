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
  } else if (kind == "dataset") {
    s += " " + field("dataset") + " #" + field("index");
  } else {
    const std::string family = field("family");
    if (!family.empty()) s += " " + family;
    const std::string seed = field("seed");
    if (!seed.empty()) s += " (seed " + seed + ")";
  }
  return s;
}

Provenance familyProvenance(const std::string& family, const std::string& model, std::uint64_t seed, std::size_t index) {
  return {"family", {{"family", family}, {"model", model}, {"seed", std::to_string(seed)}, {"index", std::to_string(index)}}};
}

}  // namespace mf::design
