#include "core/voxel/resample.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace mf {
namespace {

struct Weight {
  int from;
  double w;
};

// Overlap weights of new voxels (m per axis) over old ones (n per axis), rows summing to 1.
std::vector<std::vector<Weight>> overlapWeights(int n, int m) {
  std::vector<std::vector<Weight>> rows(m);
  for (int j = 0; j < m; ++j) {
    // New voxel j spans [j·n/m, (j+1)·n/m) in old voxel units; exact in integers scaled by m.
    const long long lo = static_cast<long long>(j) * n, hi = static_cast<long long>(j + 1) * n;
    for (long long i = lo / m; i * m < hi; ++i) {
      const long long a = std::max(lo, i * m), b = std::min(hi, (i + 1) * m);
      if (b > a) rows[j].push_back({static_cast<int>(i), static_cast<double>(b - a) / static_cast<double>(n)});
    }
  }
  return rows;
}

}  // namespace

DensityCell resample(const DensityCell& cell, int nx, int ny, int nz) {
  if (cell.empty()) throw std::invalid_argument("resample: the cell is empty");
  if (nx <= 0 || ny <= 0 || nz <= 0) throw std::invalid_argument("resample: target size must be positive");
  const auto wx = overlapWeights(cell.nx(), nx), wy = overlapWeights(cell.ny(), ny),
             wz = overlapWeights(cell.nz(), nz);
  DensityCell a(nx, cell.ny(), cell.nz());
  for (int k = 0; k < cell.nz(); ++k)
    for (int j = 0; j < cell.ny(); ++j)
      for (int i = 0; i < nx; ++i) {
        double s = 0.0;
        for (const Weight& w : wx[i]) s += w.w * cell(w.from, j, k);
        a(i, j, k) = s;
      }
  DensityCell b(nx, ny, cell.nz());
  for (int k = 0; k < cell.nz(); ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        double s = 0.0;
        for (const Weight& w : wy[j]) s += w.w * a(i, w.from, k);
        b(i, j, k) = s;
      }
  DensityCell c(nx, ny, nz);
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        double s = 0.0;
        for (const Weight& w : wz[k]) s += w.w * b(i, j, w.from);
        c(i, j, k) = s;
      }
  return c;
}

BinaryCell resample(const BinaryCell& cell, int nx, int ny, int nz) {
  // 0.5 − 1e-12: a voxel exactly half covered (e.g. 2:1 downsampling of a checkerboard row)
  // counts as solid, independent of round-off in the weights.
  return threshold(resample(toDensity(cell), nx, ny, nz), 0.5 - 1e-12);
}

}  // namespace mf
