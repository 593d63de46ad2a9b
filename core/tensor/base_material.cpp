#include "core/tensor/base_material.hpp"

#include "core/tensor/format.hpp"

#include <array>
#include <cmath>

namespace mf {

std::string BaseMaterial::validate() const {
  if (!std::isfinite(youngs) || !(youngs > 0.0))
    return "base Young's modulus E_s must be > 0, it is " + formatNumber(youngs);
  if (!std::isfinite(poisson) || !(poisson > -1.0 && poisson < 0.5))
    return "base Poisson's ratio ν_s must lie in (-1, 0.5), it is " + formatNumber(poisson);
  return {};
}

std::span<const MaterialPreset> materialPresets() {
  static constexpr std::array<MaterialPreset, 4> presets{{
      {"Ti-6Al-4V", 114.0, 0.34},
      {"316L stainless steel", 193.0, 0.30},
      {"AlSi10Mg", 70.0, 0.33},
      {"PA12", 1.7, 0.39},
  }};
  return presets;
}

}  // namespace mf
