#pragma once
// The one voxel grid of MetaForge: a periodic box of nx × ny × nz voxels, x fastest in memory
// (index = (k·ny + j)·nx + i), so a NumPy array of shape (nz, ny, nx) has the same layout.
// A unit cell is periodic, so every neighbour lookup may wrap around.
//
//   BinaryCell  — 0 void, 1 solid (designs, exports, similarity)
//   DensityCell — values in [0, 1] (SIMP topology optimization, resampling)

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace mf {

template <class T>
class VoxelGrid {
 public:
  using value_type = T;

  VoxelGrid() = default;
  VoxelGrid(int nx, int ny, int nz, T value = T{}) : nx_(nx), ny_(ny), nz_(nz) {
    if (nx < 0 || ny < 0 || nz < 0)
      throw std::invalid_argument("voxel grid dimensions must be non-negative");
    data_.assign(static_cast<std::size_t>(nx) * ny * nz, value);
  }
  explicit VoxelGrid(int n, T value = T{}) : VoxelGrid(n, n, n, value) {}

  int nx() const { return nx_; }
  int ny() const { return ny_; }
  int nz() const { return nz_; }
  std::array<int, 3> dims() const { return {nx_, ny_, nz_}; }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  bool isCube() const { return nx_ == ny_ && ny_ == nz_; }

  std::size_t index(int i, int j, int k) const {
    return (static_cast<std::size_t>(k) * ny_ + j) * nx_ + i;
  }
  T& operator()(int i, int j, int k) { return data_[index(i, j, k)]; }
  const T& operator()(int i, int j, int k) const { return data_[index(i, j, k)]; }
  // Periodic access: any integer coordinates, wrapped into the cell.
  const T& wrapped(int i, int j, int k) const {
    return (*this)(wrap(i, nx_), wrap(j, ny_), wrap(k, nz_));
  }

  std::vector<T>& data() { return data_; }
  const std::vector<T>& data() const { return data_; }
  T& operator[](std::size_t n) { return data_[n]; }
  const T& operator[](std::size_t n) const { return data_[n]; }

  bool operator==(const VoxelGrid& o) const = default;

  static int wrap(int i, int n) {
    const int r = i % n;
    return r < 0 ? r + n : r;
  }

 private:
  int nx_ = 0, ny_ = 0, nz_ = 0;
  std::vector<T> data_;
};

using BinaryCell = VoxelGrid<std::uint8_t>;
using DensityCell = VoxelGrid<double>;

// Share of solid voxels (binary) or mean density.
double volumeFraction(const BinaryCell& cell);
double volumeFraction(const DensityCell& cell);

// Solid where density ≥ level.
BinaryCell threshold(const DensityCell& cell, double level = 0.5);
DensityCell toDensity(const BinaryCell& cell);

// Periodic translation by (di, dj, dk) voxels: out(i + di, j + dj, k + dk) = in(i, j, k).
template <class T>
VoxelGrid<T> circularShift(const VoxelGrid<T>& in, int di, int dj, int dk);

// Relabels the axes: out axis a is in axis perm[a], e.g. {1, 0, 2} swaps x and y.
template <class T>
VoxelGrid<T> permuteAxes(const VoxelGrid<T>& in, std::array<int, 3> perm);

// "64×64×64"
std::string describeDims(const std::array<int, 3>& dims);

}  // namespace mf
