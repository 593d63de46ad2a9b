#include "plugins/spinodoid/spinodoid_dataset.hpp"

#include "core/voxel/components.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace mf::spinodoid {

Design drawDesign(Rng& rng) {
  Design d;
  d.density = rng.uniform(kMinDensity, kMaxDensity);
  do {
    for (double& theta : d.coneDegrees) {
      theta = rng.uniform(0.0, 90.0);
      if (theta < kMinConeDegrees) theta = 0.0;
    }
  } while (d.coneDegrees == std::array<double, 3>{0.0, 0.0, 0.0});
  return d;
}

std::string toJson(const Parameters& p) {
  return nlohmann::json{{"density", p.design.density},
                        {"cones", {p.design.coneDegrees[0], p.design.coneDegrees[1], p.design.coneDegrees[2]}},
                        {"field_seed", p.fieldSeed}}
      .dump();
}

Parameters parametersFromJson(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  const auto bad = [](const std::string& why) { return std::invalid_argument("spinodoid parameters: " + why); };
  if (!j.is_object()) throw bad("not a JSON object");
  if (!j.contains("density") || !j["density"].is_number()) throw bad("no number 'density'");
  if (!j.contains("cones") || !j["cones"].is_array() || j["cones"].size() != 3) throw bad("'cones' is not three angles");
  if (!j.contains("field_seed") || !j["field_seed"].is_number_unsigned()) throw bad("no whole number 'field_seed'");
  Parameters p;
  p.design.density = j["density"].get<double>();
  for (std::size_t i = 0; i < 3; ++i) {
    if (!j["cones"][i].is_number()) throw bad("'cones' is not three angles");
    p.design.coneDegrees[i] = j["cones"][i].get<double>();
  }
  p.fieldSeed = j["field_seed"].get<std::uint64_t>();
  if (const std::string why = whyInadmissible(p.design); !why.empty()) throw bad(why);
  return p;
}

BinaryCell regenerate(const dataset::Sample& sample, int resolution) {
  const Parameters p = parametersFromJson(sample.params);
  return realize(p.design, resolution, p.fieldSeed);
}

std::optional<dataset::GeneratedCell> SpinodoidSource::draw(int resolution, Rng& rng) const {
  Parameters p;
  p.design = drawDesign(rng);
  p.fieldSeed = rng.next();
  BinaryCell cell = realize(p.design, resolution, p.fieldSeed);
  const ComponentLabels parts = periodicComponents(cell);
  const int main = parts.largest();
  if (main < 0 || parts.wraps[static_cast<std::size_t>(main)] != std::array<bool, 3>{true, true, true}) return std::nullopt;
  return dataset::GeneratedCell{std::move(cell), toJson(p)};
}

}  // namespace mf::spinodoid
