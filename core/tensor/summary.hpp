#pragma once
// Everything MetaForge says about one stiffness tensor at a glance: admissibility, symmetry,
// engineering constants, directional extremes and the ratios to the bounds at a volume
// fraction. The CLI prints it, the GUI shows it; both read the same numbers.

#include "core/tensor/bounds.hpp"
#include "core/tensor/engineering.hpp"

#include <optional>

namespace mf {

struct BoundRatios {
  double volumeFraction = 0;
  IsotropicModuli voigt;           // Voigt bound at this volume fraction
  IsotropicModuli hashinShtrikman; // HS upper bound at this volume fraction
  // Hill averages over the bounds: K_H/K_HS, G_H/G_HS and E_H/E_HS with E_H = 9K_H·G_H/(3K_H + G_H).
  // For cubic tensors K_H is exact: (C11 + 2·C12)/3.
  double bulkRatio = 0, shearRatio = 0, youngsRatio = 0;
};

struct TensorSummary {
  Stiffness stiffness;
  BaseMaterial base;
  Admissibility admissibility;
  SymmetryInfo symmetry;
  // The rest needs an admissible tensor.
  std::optional<EngineeringConstants> constants;
  std::optional<DirectionalExtremes> extremes;
  double youngs100 = 0, youngs110 = 0, youngs111 = 0;  // E along [100], [110], [111]
  std::optional<BoundRatios> bounds;                   // when a volume fraction is given
};

// The ratios alone (NaN for an inadmissible tensor); throws std::invalid_argument for a volume
// fraction outside [0, 1]. What summarize reports, and the K/K_HS label of the regressor.
BoundRatios boundRatios(const Stiffness& c, const BaseMaterial& base, double volumeFraction);

// Throws std::invalid_argument for an unusable base material or a volume fraction outside
// [0, 1]; an inadmissible tensor is not an error here, it is reported in the summary.
TensorSummary summarize(const Stiffness& c, const BaseMaterial& base = {},
                        std::optional<double> volumeFraction = std::nullopt);

}  // namespace mf
