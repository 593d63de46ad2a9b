#include "render/colormap.hpp"

#include <vtkLookupTable.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace mf::render {
namespace {

// Entries 0, 32, 64, …, 224 and 255 of matplotlib's 256-entry viridis table (CC0, by
// Stéfan van der Walt and Nathaniel Smith). Linear interpolation between them stays within
// about 1/255 of the full table.
constexpr std::array<std::array<double, 3>, 9> kViridis = {{
    {0.267004, 0.004874, 0.329415},
    {0.278826, 0.175490, 0.483397},
    {0.229739, 0.322361, 0.545706},
    {0.172719, 0.448791, 0.557885},
    {0.127568, 0.566949, 0.550556},
    {0.157851, 0.683765, 0.501686},
    {0.369214, 0.788888, 0.382914},
    {0.678489, 0.863742, 0.189503},
    {0.993248, 0.906157, 0.143936},
}};
constexpr std::array<double, 9> kPositions = {0.0,         32.0 / 255,  64.0 / 255,
                                              96.0 / 255,  128.0 / 255, 160.0 / 255,
                                              192.0 / 255, 224.0 / 255, 1.0};

std::array<double, 3> viridis(double t) {
  t = std::clamp(t, 0.0, 1.0);
  std::size_t k = 0;
  while (k + 2 < kPositions.size() && t > kPositions[k + 1]) ++k;
  const double u = (t - kPositions[k]) / (kPositions[k + 1] - kPositions[k]);
  std::array<double, 3> rgb{};
  for (int c = 0; c < 3; ++c) rgb[c] = (1.0 - u) * kViridis[k][c] + u * kViridis[k + 1][c];
  return rgb;
}

}  // namespace

std::array<double, 3> viridisColor(double t) { return viridis(t); }

vtkSmartPointer<vtkLookupTable> makeStiffnessLookupTable(double min, double max) {
  // The colour range spans at least 1 % of the mean value: otherwise round-off in a nearly
  // isotropic tensor would be stretched over the whole map and look like real anisotropy.
  const double mid = 0.5 * (min + max);
  const double minSpan = std::max(0.01 * std::abs(mid), 1e-12);
  if (max - min < minSpan) {
    min = mid - 0.5 * minSpan;
    max = mid + 0.5 * minSpan;
  }
  auto lut = vtkSmartPointer<vtkLookupTable>::New();
  const int n = 256;
  lut->SetNumberOfTableValues(n);
  lut->SetTableRange(min, max);
  lut->Build();  // before filling: a later Build() must not overwrite our values
  for (int i = 0; i < n; ++i) {
    const auto rgb = viridis(static_cast<double>(i) / (n - 1));
    lut->SetTableValue(i, rgb[0], rgb[1], rgb[2], 1.0);
  }
  return lut;
}

}  // namespace mf::render
