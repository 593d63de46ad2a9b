#include "core/tensor/summary.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace mf {

TensorSummary summarize(const Stiffness& c, const BaseMaterial& base,
                        std::optional<double> volumeFraction) {
  if (const std::string why = base.validate(); !why.empty()) throw std::invalid_argument(why);
  TensorSummary s;
  s.stiffness = c;
  s.base = base;
  s.admissibility = c.admissibility();
  s.symmetry = classifySymmetry(c);
  if (volumeFraction) {
    BoundRatios ratios;
    ratios.volumeFraction = *volumeFraction;
    ratios.voigt = voigtBound(base, *volumeFraction);  // validates the volume fraction
    ratios.hashinShtrikman = hashinShtrikmanUpper(base, *volumeFraction);
    ratios.bulkRatio = ratios.shearRatio = ratios.youngsRatio = std::nan("");
    s.bounds = ratios;
  }
  if (!s.admissibility.ok()) return s;

  s.constants = engineeringConstants(c);
  s.extremes = youngsExtremes(c);
  const DirectionalYoung young(c);
  s.youngs100 = young(Vector3(1, 0, 0));
  s.youngs110 = young(Vector3(1, 1, 0));
  s.youngs111 = young(Vector3(1, 1, 1));
  if (s.bounds) {
    const auto hill = IsotropicModuli::fromBulkShear(s.constants->bulkHill, s.constants->shearHill);
    BoundRatios& ratios = *s.bounds;
    const auto& hs = ratios.hashinShtrikman;
    auto ratio = [](double a, double b) { return b > 0.0 ? a / b : std::numeric_limits<double>::infinity(); };
    ratios.bulkRatio = ratio(hill.bulk, hs.bulk);
    ratios.shearRatio = ratio(hill.shear, hs.shear);
    ratios.youngsRatio = ratio(hill.youngs, hs.youngs);
  }
  return s;
}

}  // namespace mf
