#include "core/dataset/tpms.hpp"

#include "core/tensor/format.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace mf {

const char* toString(Tpms kind) {
  switch (kind) {
    case Tpms::Gyroid: return "gyroid";
    case Tpms::SchwarzP: return "Schwarz P";
    case Tpms::Diamond: return "diamond";
  }
  return "?";
}

DensityCell tpmsField(Tpms kind, int n) {
  if (n < 1) throw std::invalid_argument("TPMS resolution must be at least 1");
  DensityCell f(n);
  const double h = 2.0 * std::numbers::pi / n;
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = h * (i + 0.5), y = h * (j + 0.5), z = h * (k + 0.5);
        double v = 0.0;
        switch (kind) {
          case Tpms::Gyroid: v = std::sin(x) * std::cos(y) + std::sin(y) * std::cos(z) + std::sin(z) * std::cos(x); break;
          case Tpms::SchwarzP: v = std::cos(x) + std::cos(y) + std::cos(z); break;
          case Tpms::Diamond:
            v = std::sin(x) * std::sin(y) * std::sin(z) + std::sin(x) * std::cos(y) * std::cos(z) +
                std::cos(x) * std::sin(y) * std::cos(z) + std::cos(x) * std::cos(y) * std::sin(z);
            break;
        }
        f(i, j, k) = v;
      }
  return f;
}

BinaryCell tpmsCell(Tpms kind, int n, double volumeFraction, bool sheet) {
  if (!(volumeFraction > 0.0 && volumeFraction <= 1.0))
    throw std::invalid_argument("volume fraction must lie in (0, 1], it is " + formatNumber(volumeFraction));
  const DensityCell f = tpmsField(kind, n);
  const std::size_t count = f.size();
  const auto target = static_cast<std::size_t>(std::llround(volumeFraction * static_cast<double>(count)));
  // Rank voxels (smallest |f| first for sheets, largest f first for networks) by a key rounded
  // to 1e-12: voxels related by a symmetry of the surface then tie exactly, and a tie group is
  // taken whole, so the cell keeps the surface's symmetry.
  std::vector<double> key(count);
  for (std::size_t v = 0; v < count; ++v) key[v] = std::round((sheet ? std::abs(f[v]) : -f[v]) * 1e12);
  if (target == 0) return BinaryCell(n);
  std::vector<double> sorted = key;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(target - 1), sorted.end());
  const double cut = sorted[target - 1];
  // Take the boundary tie group whole or leave it out, whichever lands nearer the target.
  std::size_t below = 0, upTo = 0;
  for (double k : key) {
    below += k < cut;
    upTo += k <= cut;
  }
  const bool whole = below == 0 || upTo - target <= target - below;
  BinaryCell c(n);
  for (std::size_t v = 0; v < count; ++v) c[v] = (whole ? key[v] <= cut : key[v] < cut) ? 1 : 0;
  return c;
}

}  // namespace mf
