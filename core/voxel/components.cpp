#include "core/voxel/components.hpp"

#include <algorithm>
#include <vector>

namespace mf {

int ComponentLabels::largest() const {
  if (sizes.empty()) return -1;
  return static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
}

namespace {

std::vector<std::array<int, 3>> neighbourOffsets(Connectivity c) {
  std::vector<std::array<int, 3>> out;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int order = std::abs(dx) + std::abs(dy) + std::abs(dz);
        if (order == 0) continue;
        if (c == Connectivity::Face && order > 1) continue;
        if (c == Connectivity::Edge && order > 2) continue;
        out.push_back({dx, dy, dz});
      }
  return out;
}

}  // namespace

ComponentLabels periodicComponents(const BinaryCell& cell, Connectivity connectivity) {
  ComponentLabels out;
  out.labels = VoxelGrid<std::int32_t>(cell.nx(), cell.ny(), cell.nz(), -1);
  if (cell.empty()) return out;
  const auto offsets = neighbourOffsets(connectivity);
  const std::array<int, 3> n = cell.dims();
  // Each visited voxel remembers in which periodic image of the cell the search reached it;
  // meeting a voxel again from another image means the component wraps.
  VoxelGrid<std::array<std::int16_t, 3>> image(n[0], n[1], n[2]);
  std::vector<std::array<int, 3>> stack;

  for (int k = 0; k < n[2]; ++k)
    for (int j = 0; j < n[1]; ++j)
      for (int i = 0; i < n[0]; ++i) {
        if (!cell(i, j, k) || out.labels(i, j, k) >= 0) continue;
        const int id = static_cast<int>(out.sizes.size());
        out.sizes.push_back(0);
        out.wraps.push_back({false, false, false});
        out.labels(i, j, k) = id;
        image(i, j, k) = {0, 0, 0};
        stack.push_back({i, j, k});
        while (!stack.empty()) {
          const auto p = stack.back();
          stack.pop_back();
          ++out.sizes[id];
          const auto img = image(p[0], p[1], p[2]);
          for (const auto& d : offsets) {
            std::array<int, 3> q{}, qimg{};
            for (int a = 0; a < 3; ++a) {
              const int raw = p[a] + d[a];
              q[a] = VoxelGrid<int>::wrap(raw, n[a]);
              qimg[a] = img[a] + (raw < 0 ? -1 : (raw >= n[a] ? 1 : 0));
            }
            if (!cell(q[0], q[1], q[2])) continue;
            std::int32_t& label = out.labels(q[0], q[1], q[2]);
            auto& seen = image(q[0], q[1], q[2]);
            if (label < 0) {
              label = id;
              seen = {static_cast<std::int16_t>(qimg[0]), static_cast<std::int16_t>(qimg[1]),
                      static_cast<std::int16_t>(qimg[2])};
              stack.push_back(q);
            } else {
              for (int a = 0; a < 3; ++a)
                if (seen[a] != qimg[a]) out.wraps[id][a] = true;
            }
          }
        }
      }
  return out;
}

BinaryCell keepLargestComponent(const BinaryCell& cell, Connectivity connectivity) {
  const ComponentLabels comps = periodicComponents(cell, connectivity);
  const int keep = comps.largest();
  BinaryCell out(cell.nx(), cell.ny(), cell.nz());
  for (std::size_t n = 0; n < cell.size(); ++n) out[n] = comps.labels[n] == keep && keep >= 0 ? 1 : 0;
  return out;
}

BinaryCell removeIslands(const BinaryCell& cell, Connectivity connectivity) {
  const ComponentLabels comps = periodicComponents(cell, connectivity);
  std::size_t largest = 0;
  for (const auto size : comps.sizes) largest = std::max<std::size_t>(largest, static_cast<std::size_t>(size));
  BinaryCell out(cell.nx(), cell.ny(), cell.nz());
  for (std::size_t n = 0; n < cell.size(); ++n) {
    const int label = comps.labels[n];
    out[n] = label >= 0 && static_cast<std::size_t>(comps.sizes[static_cast<std::size_t>(label)]) == largest ? 1 : 0;
  }
  return out;
}

}  // namespace mf
