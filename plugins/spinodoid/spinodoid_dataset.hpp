#pragma once
// Spinodoid cells for the dataset machinery (core/dataset/generation.hpp): Θ drawn uniformly over
// the design space, each cell stored as its parameters (Θ and field seed) and made again from
// them at any resolution. SEED_SPECS §4: ρ ∈ [0.3, 1], θ_j ∈ {0} ∪ [15°, 90°].

#include "core/dataset/cell_source.hpp"
#include "core/dataset/sample.hpp"
#include "plugins/spinodoid/spinodoid_geometry.hpp"

#include <cstdint>
#include <string>

namespace mf::spinodoid {

inline constexpr const char* kGeneratorName = "spinodoid-theta";

// Θ uniform over the design space: ρ ~ U[0.3, 1]; each θ_j ~ U[0°, 90°], and 0 below 15° (one
// draw in six: the cone about that axis is absent); all three absent is drawn again.
Design drawDesign(Rng& rng);

struct Parameters {
  Design design;
  std::uint64_t fieldSeed = 0;
};
std::string toJson(const Parameters& p);  // {"density", "cones": [θ1, θ2, θ3], "field_seed"}
// Throws std::invalid_argument, saying what is missing or wrong, for anything else.
Parameters parametersFromJson(const std::string& json);

// The cell of a dataset sample, made again from its parameters at `resolution`.
BinaryCell regenerate(const dataset::Sample& sample, int resolution);

class SpinodoidSource : public dataset::CellSource {
 public:
  std::string name() const override { return kGeneratorName; }
  // A drawn Θ and field seed, realized; nullopt when the solid does not wrap along all three axes.
  std::optional<dataset::GeneratedCell> draw(int resolution, Rng& rng) const override;
};

}  // namespace mf::spinodoid
