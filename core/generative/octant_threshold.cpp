#include "core/generative/octant_threshold.hpp"

#include "core/design/metrics.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/symmetry.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace mf::generative {
namespace {

BinaryCell cellAbove(const float* field, int m, float level) {
  BinaryCell octant(m);
  const float* p = field;
  for (auto& v : octant.data()) v = *p++ > level ? 1 : 0;
  return cubicSymmetrize(mirrorOctant(octant));
}

// The level that leaves the `solid` largest values above it (ties at the boundary go in).
float levelFor(const std::vector<float>& descending, std::size_t solid) {
  if (solid == 0) return std::nextafter(descending.front(), 2.0f);
  if (solid >= descending.size()) return std::nextafter(descending.back(), -2.0f);
  const float in = descending[solid - 1], out = descending[solid];
  const float mid = 0.5f * (in + out);
  return mid < in ? mid : std::nextafter(in, -2.0f);
}

}  // namespace

ThresholdedCell thresholdOctant(const float* field, int m, const OctantThresholdOptions& o) {
  const std::size_t count = static_cast<std::size_t>(m) * m * m;
  std::vector<float> descending(field, field + count);
  std::sort(descending.begin(), descending.end(), std::greater<>());
  float level = 0.0f;
  if (o.volumeFraction)
    level = levelFor(descending, static_cast<std::size_t>(std::lround(std::clamp(*o.volumeFraction, 0.0, 1.0) * double(count))));
  // Solid voxels above a level (ties at the boundary make it differ from what was asked).
  const auto above = [&](float l) {
    return static_cast<std::size_t>(std::lower_bound(descending.begin(), descending.end(), l, std::greater<>()) -
                                    descending.begin());
  };
  const std::size_t solid = above(level);
  ThresholdedCell out{cellAbove(field, m, level), 0.0};
  if (o.maxBridgeVolumeFraction <= 0.0 || solid == 0 || design::isConnected(removeIslands(out.cell))) return out;
  const auto step = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(0.005 * double(count))));
  const auto most = static_cast<std::size_t>(std::floor(o.maxBridgeVolumeFraction * double(count)));
  for (std::size_t extra = step; extra <= most && solid + extra < count; extra += step) {
    const float lower = levelFor(descending, solid + extra);
    const std::size_t added = above(lower) - solid;  // more than `extra` where ties go in together
    if (added > most) break;
    BinaryCell c = cellAbove(field, m, lower);
    if (design::isConnected(removeIslands(c))) return {std::move(c), double(added) / double(count)};
  }
  return out;  // no bridge within reach: the cell as it was (the family removes its islands)
}

}  // namespace mf::generative
