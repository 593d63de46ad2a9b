#include "core/tensor/summary.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace mf {

BoundRatios boundRatios(const Stiffness& c, const BaseMaterial& base, double volumeFraction) {
  BoundRatios ratios;
  ratios.volumeFraction = volumeFraction;
  ratios.voigt = voigtBound(base, volumeFraction);  // validates the volume fraction
  ratios.hashinShtrikman = hashinShtrikmanUpper(base, volumeFraction);
  ratios.bulkRatio = ratios.shearRatio = ratios.youngsRatio = std::nan("");
  if (!c.admissibility().ok()) return ratios;
  const EngineeringConstants constants = engineeringConstants(c);
  const auto hill = IsotropicModuli::fromBulkShear(constants.bulkHill, constants.shearHill);
  const auto& hs = ratios.hashinShtrikman;
  auto ratio = [](double a, double b) { return b > 0.0 ? a / b : std::numeric_limits<double>::infinity(); };
  ratios.bulkRatio = ratio(hill.bulk, hs.bulk);
  ratios.shearRatio = ratio(hill.shear, hs.shear);
  ratios.youngsRatio = ratio(hill.youngs, hs.youngs);
  return ratios;
}

TensorSummary summarize(const Stiffness& c, const BaseMaterial& base,
                        std::optional<double> volumeFraction) {
  if (const std::string why = base.validate(); !why.empty()) throw std::invalid_argument(why);
  TensorSummary s;
  s.stiffness = c;
  s.base = base;
  s.admissibility = c.admissibility();
  s.symmetry = classifySymmetry(c);
  if (volumeFraction) s.bounds = boundRatios(c, base, *volumeFraction);
  if (!s.admissibility.ok()) return s;

  s.constants = engineeringConstants(c);
  s.extremes = youngsExtremes(c);
  const DirectionalYoung young(c);
  s.youngs100 = young(Vector3(1, 0, 0));
  s.youngs110 = young(Vector3(1, 1, 0));
  s.youngs111 = young(Vector3(1, 1, 1));
  return s;
}

}  // namespace mf
