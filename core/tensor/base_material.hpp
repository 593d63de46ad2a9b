#pragma once
// The isotropic base material a cell is made of. All stiffness values in MetaForge are
// normalized by its Young's modulus E_s (default E_s = 1, ν_s = 0.3); a physical preset only
// says how to convert normalized values to GPa for display and export.

#include "core/tensor/stiffness.hpp"

#include <span>
#include <string>

namespace mf {

struct BaseMaterial {
  double youngs = 1.0;   // E_s, in the unit of the stiffness values (1 = normalized)
  double poisson = 0.3;  // ν_s

  double bulk() const { return youngs / (3.0 * (1.0 - 2.0 * poisson)); }
  double shear() const { return youngs / (2.0 * (1.0 + poisson)); }
  double lambda() const { return youngs * poisson / ((1.0 + poisson) * (1.0 - 2.0 * poisson)); }
  Stiffness stiffness() const { return Stiffness::isotropicEnu(youngs, poisson); }

  // Empty when usable, else the reason (E_s must be > 0, ν_s in (-1, 0.5)).
  std::string validate() const;
};

// A printable material: its Young's modulus in GPa converts normalized values to GPa.
struct MaterialPreset {
  const char* name;
  double youngsGPa;
  double poisson;
};

// Ti-6Al-4V, 316L, AlSi10Mg, PA12 (typical data-sheet values for printed parts).
std::span<const MaterialPreset> materialPresets();

}  // namespace mf
