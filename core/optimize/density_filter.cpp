#include "core/optimize/density_filter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mf::optimize {

DensityFilter::DensityFilter(double radius) : radius_(radius) {
  if (!(radius >= 1.0)) throw std::invalid_argument("density filter radius must be at least 1 voxel");
  const int r = static_cast<int>(std::ceil(radius)) - 1;
  double sum = 0.0;
  for (int c = -r; c <= r; ++c)
    for (int b = -r; b <= r; ++b)
      for (int a = -r; a <= r; ++a) {
        const double w = radius - std::sqrt(double(a * a + b * b + c * c));
        if (w > 0) {
          taps_.push_back({{a, b, c}, w});
          sum += w;
        }
      }
  for (Tap& t : taps_) t.weight /= sum;
}

DensityCell DensityFilter::apply(const DensityCell& x) const {
  if (taps_.size() == 1) return x;
  DensityCell out(x.nx(), x.ny(), x.nz());
  const int nx = x.nx(), ny = x.ny(), nz = x.nz();
#pragma omp parallel for schedule(static) if (x.size() > 32768)
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        double s = 0.0;
        for (const Tap& t : taps_) s += t.weight * x.wrapped(i + t.offset[0], j + t.offset[1], k + t.offset[2]);
        out(i, j, k) = s;
      }
  return out;
}

double HeavisideProjection::value(double rho) const {
  const double d = std::tanh(beta * eta) + std::tanh(beta * (1.0 - eta));
  return (std::tanh(beta * eta) + std::tanh(beta * (rho - eta))) / d;
}

double HeavisideProjection::derivative(double rho) const {
  const double d = std::tanh(beta * eta) + std::tanh(beta * (1.0 - eta));
  const double t = std::tanh(beta * (rho - eta));
  return beta * (1.0 - t * t) / d;
}

DensityCell HeavisideProjection::apply(const DensityCell& filtered) const {
  DensityCell out = filtered;
  // Rounding may put H(1) a few ulps above 1; densities must stay in [0, 1].
  for (double& v : out.data()) v = std::clamp(value(v), 0.0, 1.0);
  return out;
}

double grayness(const DensityCell& density) {
  double s = 0.0;
  for (double v : density.data()) s += 4.0 * v * (1.0 - v);
  return density.empty() ? 0.0 : s / static_cast<double>(density.size());
}

}  // namespace mf::optimize
