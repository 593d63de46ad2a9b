#include "plugins/spinodoid/spinodoid_geometry.hpp"

#include "core/voxel/components.hpp"
#include "core/voxel/random_fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace mf::spinodoid {
namespace {

constexpr double kDegree = std::numbers::pi / 180.0;

// The integer wave vectors of the shell, one of each ±k pair (cos(2π(−k)·x + γ) is the same wave
// as cos(2πk·x − γ)): the first nonzero component positive.
const std::vector<std::array<int, 3>>& shell() {
  static const std::vector<std::array<int, 3>> vectors = [] {
    std::vector<std::array<int, 3>> out;
    const int r = kWavenumber + 1;
    for (int a = -r; a <= r; ++a)
      for (int b = -r; b <= r; ++b)
        for (int c = -r; c <= r; ++c) {
          const double len = std::sqrt(double(a * a + b * b + c * c));
          const bool canonical = a > 0 || (a == 0 && (b > 0 || (b == 0 && c > 0)));
          if (canonical && std::abs(len - kWavenumber) <= 0.5) out.push_back({a, b, c});
        }
    return out;
  }();
  return vectors;
}

// How much of wave vector k the cone of half-angle θ about axis e_j takes: 1 well inside, 0 well
// outside, linear across the edge (one lattice spacing wide, narrowing to sharp at 90°).
double coneWeight(const std::array<int, 3>& k, int axis, double theta) {
  if (theta <= 0.0) return 0.0;
  const double len = std::sqrt(double(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]));
  const double angle = std::acos(std::min(1.0, std::abs(k[static_cast<std::size_t>(axis)]) / len)) / kDegree;
  const double spacing = 1.0 / (kWavenumber * kDegree);
  const double edge = std::min(spacing, 2.0 * (90.0 - theta));
  if (edge <= 0.0) return angle <= theta ? 1.0 : 0.0;
  return std::clamp((theta + 0.5 * edge - angle) / edge, 0.0, 1.0);
}

// The union of the three cones (⊕ = OR, SEED_SPECS §4: (ρ, 90°, 90°, 0) is isotropic).
double unionWeight(const std::array<int, 3>& k, const Design& d) {
  double w = 0.0;
  for (int j = 0; j < 3; ++j) w = std::max(w, coneWeight(k, j, d.coneDegrees[static_cast<std::size_t>(j)]));
  return w;
}

void requireAdmissible(const Design& design) {
  if (const std::string why = whyInadmissible(design); !why.empty()) throw std::invalid_argument(why);
}

}  // namespace

std::string whyInadmissible(const Design& d) {
  char buf[160];
  if (!(d.density >= kMinDensity && d.density <= kMaxDensity)) {
    std::snprintf(buf, sizeof buf, "the density ρ = %g lies outside the spinodoid range [%g, %g]", d.density, kMinDensity,
                  kMaxDensity);
    return buf;
  }
  bool any = false;
  for (int j = 0; j < 3; ++j) {
    const double t = d.coneDegrees[static_cast<std::size_t>(j)];
    if (!(t == 0.0 || (t >= kMinConeDegrees && t <= 90.0))) {
      std::snprintf(buf, sizeof buf, "the cone angle θ%d = %g° is neither 0 nor within [%g°, 90°]", j + 1, t, kMinConeDegrees);
      return buf;
    }
    any = any || t > 0.0;
  }
  if (!any) return "every cone angle is 0, which leaves the field no direction to vary in";
  return {};
}

std::vector<Wave> waves(const Design& design, std::uint64_t seed) {
  requireAdmissible(design);
  const auto& k = shell();
  std::vector<double> weight(k.size());
  double total = 0.0;
  for (std::size_t i = 0; i < k.size(); ++i) total += (weight[i] = unionWeight(k[i], design));
  Rng rng(seed);
  std::vector<Wave> out;
  for (std::size_t i = 0; i < k.size(); ++i) {
    // One phase per lattice vector, drawn for every one, so the phases of a seed do not depend on Θ.
    const double gamma = rng.uniform(0.0, 2.0 * std::numbers::pi);
    if (weight[i] <= 0.0) continue;
    const double amplitude = std::sqrt(2.0 * weight[i] / total);
    out.push_back({k[i], amplitude * std::cos(gamma), -amplitude * std::sin(gamma)});
  }
  return out;
}

DensityCell field(const Design& design, int n, std::uint64_t seed) {
  if (n < 2 || n > 1024) throw std::invalid_argument("spinodoid: the resolution must be 2–1024 voxels");
  return sumWaves(n, waves(design, seed));
}

BinaryCell realize(const Design& design, int n, std::uint64_t seed) {
  requireAdmissible(design);
  if (design.density >= 1.0) return BinaryCell(n, std::uint8_t{1});
  DensityCell phi = field(design, n, seed);
  for (double& v : phi.data()) v = -v;  // solid where φ is lowest: the largest values of −φ
  return keepLargestComponent(thresholdToFraction(phi, design.density));
}

double gaussianLevel(double density) {
  if (!(density > 0.0 && density < 1.0)) throw std::invalid_argument("gaussianLevel: the density must lie in (0, 1)");
  // erf⁻¹ by Newton's method on erf from a rational first guess; converges in a few steps.
  const double y = 2.0 * density - 1.0;
  double x = y * std::sqrt(std::numbers::pi) / 2.0;
  for (int i = 0; i < 60; ++i) {
    const double step = (std::erf(x) - y) / (2.0 / std::sqrt(std::numbers::pi) * std::exp(-x * x));
    x -= step;
    if (std::abs(step) < 1e-15 * std::max(1.0, std::abs(x))) break;
  }
  return std::sqrt(2.0) * x;
}

}  // namespace mf::spinodoid
