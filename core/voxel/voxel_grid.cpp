#include "core/voxel/voxel_grid.hpp"

#include <algorithm>
#include <numeric>

namespace mf {

double volumeFraction(const BinaryCell& cell) {
  if (cell.empty()) return 0.0;
  const auto solid = std::count_if(cell.data().begin(), cell.data().end(), [](auto v) { return v != 0; });
  return static_cast<double>(solid) / static_cast<double>(cell.size());
}

double volumeFraction(const DensityCell& cell) {
  if (cell.empty()) return 0.0;
  return std::accumulate(cell.data().begin(), cell.data().end(), 0.0) / static_cast<double>(cell.size());
}

BinaryCell threshold(const DensityCell& cell, double level) {
  BinaryCell out(cell.nx(), cell.ny(), cell.nz());
  for (std::size_t n = 0; n < cell.size(); ++n) out[n] = cell[n] >= level ? 1 : 0;
  return out;
}

DensityCell toDensity(const BinaryCell& cell) {
  DensityCell out(cell.nx(), cell.ny(), cell.nz());
  for (std::size_t n = 0; n < cell.size(); ++n) out[n] = cell[n] != 0 ? 1.0 : 0.0;
  return out;
}

template <class T>
VoxelGrid<T> circularShift(const VoxelGrid<T>& in, int di, int dj, int dk) {
  VoxelGrid<T> out(in.nx(), in.ny(), in.nz());
  for (int k = 0; k < in.nz(); ++k)
    for (int j = 0; j < in.ny(); ++j)
      for (int i = 0; i < in.nx(); ++i)
        out(VoxelGrid<T>::wrap(i + di, in.nx()), VoxelGrid<T>::wrap(j + dj, in.ny()),
            VoxelGrid<T>::wrap(k + dk, in.nz())) = in(i, j, k);
  return out;
}

template <class T>
VoxelGrid<T> permuteAxes(const VoxelGrid<T>& in, std::array<int, 3> perm) {
  std::array<int, 3> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  if (sorted != std::array<int, 3>{0, 1, 2})
    throw std::invalid_argument("permuteAxes: perm must be a permutation of {0, 1, 2}");
  const auto d = in.dims();
  VoxelGrid<T> out(d[perm[0]], d[perm[1]], d[perm[2]]);
  std::array<int, 3> src{};
  for (int k = 0; k < out.nz(); ++k)
    for (int j = 0; j < out.ny(); ++j)
      for (int i = 0; i < out.nx(); ++i) {
        src[perm[0]] = i;
        src[perm[1]] = j;
        src[perm[2]] = k;
        out(i, j, k) = in(src[0], src[1], src[2]);
      }
  return out;
}

std::string describeDims(const std::array<int, 3>& d) {
  return std::to_string(d[0]) + "×" + std::to_string(d[1]) + "×" + std::to_string(d[2]);
}

template VoxelGrid<std::uint8_t> circularShift(const VoxelGrid<std::uint8_t>&, int, int, int);
template VoxelGrid<double> circularShift(const VoxelGrid<double>&, int, int, int);
template VoxelGrid<std::uint8_t> permuteAxes(const VoxelGrid<std::uint8_t>&, std::array<int, 3>);
template VoxelGrid<double> permuteAxes(const VoxelGrid<double>&, std::array<int, 3>);

}  // namespace mf
