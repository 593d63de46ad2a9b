#include "core/tensor/bounds.hpp"

#include "core/tensor/format.hpp"

#include <cmath>
#include <stdexcept>

namespace mf {
namespace {

void requireInputs(const BaseMaterial& base, double f) {
  if (const std::string why = base.validate(); !why.empty()) throw std::invalid_argument(why);
  if (!std::isfinite(f) || f < 0.0 || f > 1.0)
    throw std::invalid_argument("volume fraction must lie in [0, 1], it is " + formatNumber(f));
}

}  // namespace

IsotropicModuli IsotropicModuli::fromBulkShear(double bulk, double shear) {
  IsotropicModuli m;
  m.bulk = bulk;
  m.shear = shear;
  const double denom = 3.0 * bulk + shear;
  if (denom > 0.0) {
    m.youngs = 9.0 * bulk * shear / denom;
    m.poisson = (3.0 * bulk - 2.0 * shear) / (2.0 * denom);
  } else {
    m.youngs = 0.0;
    m.poisson = std::nan("");
  }
  return m;
}

IsotropicModuli voigtBound(const BaseMaterial& base, double f) {
  requireInputs(base, f);
  return IsotropicModuli::fromBulkShear(f * base.bulk(), f * base.shear());
}

IsotropicModuli hashinShtrikmanUpper(const BaseMaterial& base, double f) {
  requireInputs(base, f);
  const double ks = base.bulk(), gs = base.shear();
  const double bulk = 4.0 * gs * ks * f / (4.0 * gs + 3.0 * ks * (1.0 - f));
  // The textbook form with G_2 = K_2 = 0 simplifies to this one, which is exact at f = 0:
  const double shear = gs * f * (9.0 * ks + 8.0 * gs) / (15.0 * ks + 20.0 * gs - 6.0 * f * (ks + 2.0 * gs));
  return IsotropicModuli::fromBulkShear(bulk, shear);
}

}  // namespace mf
