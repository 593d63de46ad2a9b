#pragma once
// Upper bounds on the isotropic moduli of a porous cell: the base material (phase 1, volume
// fraction f) with voids (phase 2, volume fraction 1 − f). Every bound is the base material at
// f = 1 and zero at f = 0.

#include "core/tensor/base_material.hpp"

namespace mf {

struct IsotropicModuli {
  double bulk = 0.0;     // K
  double shear = 0.0;    // G
  double youngs = 0.0;   // E = 9KG / (3K + G); 0 when K = G = 0
  double poisson = 0.0;  // ν = (3K − 2G) / (2(3K + G)); NaN when K = G = 0

  static IsotropicModuli fromBulkShear(double bulk, double shear);
};

// Voigt (rule of mixtures): K = f·K_s, G = f·G_s.
IsotropicModuli voigtBound(const BaseMaterial& base, double volumeFraction);

// Hashin–Shtrikman upper bounds for a porous solid (the stiff phase is the matrix):
//   K_HS = 4 G_s K_s f / (4 G_s + 3 K_s (1 − f))
//   G_HS = G_s f (9 K_s + 8 G_s) / (15 K_s + 20 G_s − 6 f (K_s + 2 G_s))
// (the two-phase Hashin–Shtrikman formula with K_2 = G_2 = 0).
IsotropicModuli hashinShtrikmanUpper(const BaseMaterial& base, double volumeFraction);

}  // namespace mf
