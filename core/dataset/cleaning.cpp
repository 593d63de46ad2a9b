#include "core/dataset/cleaning.hpp"

#include "core/voxel/components.hpp"
#include "core/voxel/random_fields.hpp"
#include "core/voxel/symmetry.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace mf::dataset {

bool octantTouchesAllFaces(const BinaryCell& o) {
  const int nx = o.nx(), ny = o.ny(), nz = o.nz();
  bool face[6] = {};
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        if (!o(i, j, k)) continue;
        face[0] |= i == 0;
        face[1] |= i == nx - 1;
        face[2] |= j == 0;
        face[3] |= j == ny - 1;
        face[4] |= k == 0;
        face[5] |= k == nz - 1;
      }
  return std::all_of(std::begin(face), std::end(face), [](bool b) { return b; });
}

CleanedCell cleanCell(const BinaryCell& cell) {
  if (!cell.isCube() || cell.nx() % 2) return {{}, "not a cube with an even side"};
  const ComponentLabels labels = periodicComponents(cell, Connectivity::Face);
  const int largest = labels.largest();
  if (largest < 0) return {{}, "empty"};
  BinaryCell kept(cell.nx(), cell.ny(), cell.nz());
  for (std::size_t v = 0; v < kept.size(); ++v) kept[v] = labels.labels[v] == largest ? 1 : 0;
  const auto& wraps = labels.wraps[static_cast<std::size_t>(largest)];
  if (!(wraps[0] && wraps[1] && wraps[2])) return {{}, "does not span the cell"};
  if (!isCubicSymmetric(kept)) return {{}, "largest component is not cubic-symmetric"};
  const double vf = volumeFraction(kept);
  if (vf < 0.02 || vf > 0.98) return {{}, "volume fraction out of range"};
  if (!octantTouchesAllFaces(extractOctant(kept))) return {{}, "octant does not reach all its faces"};
  return {kept, {}};
}

std::array<double, 4> propertyPoint(const Sample& s) {
  return {s.stiffness(0, 0), s.stiffness(0, 1), s.stiffness(3, 3), s.volumeFraction};
}

PropertyBox PropertyBox::of(const std::vector<Sample>& samples) {
  if (samples.empty()) throw std::invalid_argument("property range of an empty dataset");
  PropertyBox b;
  for (const Sample& s : samples) b.include(s);
  return b;
}

void PropertyBox::include(const Sample& s) {
  const auto p = propertyPoint(s);
  for (std::size_t a = 0; a < 4; ++a) {
    lo[a] = std::min(lo[a], p[a]);
    hi[a] = std::max(hi[a], p[a]);
  }
}

std::array<double, 4> PropertyBox::normalize(const std::array<double, 4>& p) const {
  std::array<double, 4> out{};
  for (int a = 0; a < 4; ++a) out[a] = hi[a] > lo[a] ? (p[a] - lo[a]) / (hi[a] - lo[a]) : 0.5;
  return out;
}

std::vector<std::size_t> thinSamples(const std::vector<Sample>& samples, int bins, int cap) {
  if (bins < 1 || cap < 1) throw std::invalid_argument("thinning needs bins ≥ 1 and cap ≥ 1");
  if (samples.empty()) return {};
  const PropertyBox box = PropertyBox::of(samples);
  std::map<long, std::vector<std::pair<std::uint64_t, std::size_t>>> cells;
  for (std::size_t s = 0; s < samples.size(); ++s) {
    const auto p = box.normalize(propertyPoint(samples[s]));
    long key = 0;
    for (int a = 0; a < 4; ++a) key = key * bins + std::clamp(static_cast<int>(p[a] * bins), 0, bins - 1);
    cells[key].push_back({deriveSeed(samples[s].seed, 0x7417), s});
  }
  std::vector<std::size_t> kept;
  for (auto& [key, members] : cells) {
    std::sort(members.begin(), members.end());
    for (std::size_t m = 0; m < members.size() && m < static_cast<std::size_t>(cap); ++m) kept.push_back(members[m].second);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

}  // namespace mf::dataset
