#include "core/voxel/symmetry.hpp"

#include <algorithm>
#include <array>

namespace mf {

template <class T>
VoxelGrid<T> mirrorOctant(const VoxelGrid<T>& oct) {
  const int mx = oct.nx(), my = oct.ny(), mz = oct.nz();
  VoxelGrid<T> cell(2 * mx, 2 * my, 2 * mz);
  auto fold = [](int i, int m) { return i < m ? m - 1 - i : i - m; };
  for (int k = 0; k < 2 * mz; ++k)
    for (int j = 0; j < 2 * my; ++j)
      for (int i = 0; i < 2 * mx; ++i) cell(i, j, k) = oct(fold(i, mx), fold(j, my), fold(k, mz));
  return cell;
}

template <class T>
VoxelGrid<T> extractOctant(const VoxelGrid<T>& cell) {
  if (cell.nx() % 2 || cell.ny() % 2 || cell.nz() % 2)
    throw std::invalid_argument("extractOctant: cell dimensions " + describeDims(cell.dims()) +
                                " must be even");
  const int mx = cell.nx() / 2, my = cell.ny() / 2, mz = cell.nz() / 2;
  VoxelGrid<T> oct(mx, my, mz);
  for (int k = 0; k < mz; ++k)
    for (int j = 0; j < my; ++j)
      for (int i = 0; i < mx; ++i) oct(i, j, k) = cell(mx + i, my + j, mz + k);
  return oct;
}

namespace {

// Visits the 48 images of voxel (i, j, k) in a cubic cell of side n.
template <class F>
void forEachCubicImage(int n, int i, int j, int k, F&& f) {
  static constexpr std::array<std::array<int, 3>, 6> perms = {
      {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};
  const std::array<int, 3> p = {i, j, k};
  for (const auto& perm : perms)
    for (int m = 0; m < 8; ++m) {
      std::array<int, 3> q = {p[perm[0]], p[perm[1]], p[perm[2]]};
      for (int a = 0; a < 3; ++a)
        if (m & (1 << a)) q[a] = n - 1 - q[a];
      f(q[0], q[1], q[2]);
    }
}

void requireCube(const std::array<int, 3>& d, const char* what) {
  if (!(d[0] == d[1] && d[1] == d[2]))
    throw std::invalid_argument(std::string(what) + ": cell " + describeDims(d) + " is not a cube");
}

}  // namespace

DensityCell cubicSymmetrize(const DensityCell& cell) {
  requireCube(cell.dims(), "cubicSymmetrize");
  const int n = cell.nx();
  DensityCell out(n, n, n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        // Sum over the images of the orbit's canonical voxel, in one fixed order, so that every
        // voxel of an orbit gets the bit-identical average (thresholds then stay symmetric).
        std::array<int, 3> r = {std::min(i, n - 1 - i), std::min(j, n - 1 - j), std::min(k, n - 1 - k)};
        std::sort(r.begin(), r.end());
        double sum = 0.0;
        forEachCubicImage(n, r[0], r[1], r[2], [&](int a, int b, int c) { sum += cell(a, b, c); });
        out(i, j, k) = sum / 48.0;
      }
  return out;
}

BinaryCell cubicSymmetrize(const BinaryCell& cell) {
  requireCube(cell.dims(), "cubicSymmetrize");
  const int n = cell.nx();
  BinaryCell out(n, n, n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        int solid = 0;
        forEachCubicImage(n, i, j, k, [&](int a, int b, int c) { solid += cell(a, b, c) != 0; });
        out(i, j, k) = solid >= 24 ? 1 : 0;
      }
  return out;
}

template <class T>
bool isMirrorSymmetric(const VoxelGrid<T>& c) {
  for (int k = 0; k < c.nz(); ++k)
    for (int j = 0; j < c.ny(); ++j)
      for (int i = 0; i < c.nx(); ++i) {
        const T v = c(i, j, k);
        if (v != c(c.nx() - 1 - i, j, k) || v != c(i, c.ny() - 1 - j, k) || v != c(i, j, c.nz() - 1 - k))
          return false;
      }
  return true;
}

template <class T>
bool isCubicSymmetric(const VoxelGrid<T>& c) {
  if (!c.isCube() || !isMirrorSymmetric(c)) return false;
  const int n = c.nx();
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const T v = c(i, j, k);
        if (v != c(j, i, k) || v != c(k, j, i) || v != c(i, k, j)) return false;
      }
  return true;
}

template VoxelGrid<std::uint8_t> mirrorOctant(const VoxelGrid<std::uint8_t>&);
template VoxelGrid<double> mirrorOctant(const VoxelGrid<double>&);
template VoxelGrid<std::uint8_t> extractOctant(const VoxelGrid<std::uint8_t>&);
template VoxelGrid<double> extractOctant(const VoxelGrid<double>&);
template bool isMirrorSymmetric(const VoxelGrid<std::uint8_t>&);
template bool isMirrorSymmetric(const VoxelGrid<double>&);
template bool isCubicSymmetric(const VoxelGrid<std::uint8_t>&);
template bool isCubicSymmetric(const VoxelGrid<double>&);

}  // namespace mf
