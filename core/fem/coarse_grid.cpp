#include "core/fem/coarse_grid.hpp"

#include "core/fem/lanes.hpp"
#include "core/fem/simd_block.hpp"

#include <Eigen/LU>

#include <algorithm>

namespace mf::fem {
namespace {

std::size_t nodeIndex(const std::array<int, 3>& d, int i, int j, int k) {
  return (static_cast<std::size_t>(VoxelGrid<int>::wrap(k, d[2])) * d[1] + VoxelGrid<int>::wrap(j, d[1])) * d[0] +
         VoxelGrid<int>::wrap(i, d[0]);
}

// P_cᵀ K P_c for child c ∈ {0,1}³ of a coarse element: fine local node q of child c sits at
// position c + q ∈ {0, 1, 2}³ in the coarse element, interpolated from coarse corners Q.
std::array<Matrix24, 8> childMatrices(const Matrix24& k) {
  std::array<Matrix24, 8> m;
  for (int c = 0; c < 8; ++c) {
    const auto cc = localCorner(c);
    Matrix24 p = Matrix24::Zero();
    for (int q = 0; q < 8; ++q) {
      const auto cq = localCorner(q);
      for (int Q = 0; Q < 8; ++Q) {
        const auto cQ = localCorner(Q);
        double w = 1.0;
        for (int a = 0; a < 3; ++a) w *= interpolationWeight1D(cc[a] + cq[a] - 2 * cQ[a]);
        for (int d = 0; d < 3; ++d) p(3 * q + d, 3 * Q + d) = w;
      }
    }
    m[c] = p.transpose() * k * p;
  }
  return m;
}

// Adds the coarse element matrix `ke` (24×24) of the element whose local node s is the node
// being assembled into that node's stencil (double accumulators).
void addElementToStencil(double* s, const double* ke, int corner) {
  const auto terms = stencilTerms(corner);
  for (const StencilTerm& t : terms) {
    double* b = s + t.offset * kBlock;
    for (int a = 0; a < 3; ++a)
      for (int c = 0; c < 3; ++c) b[3 * a + c] += ke[(3 * corner + a) * 24 + 3 * t.q + c];  // row-major copy
  }
}

}  // namespace

void CoarseGrid::finish() {
  const std::size_t n = nodes();
  diagInv.assign(n * kBlock, 0.0f);
  active.assign(n, 0);
#pragma omp parallel for schedule(static)
  for (std::size_t a = 0; a < n; ++a) {
    Eigen::Matrix3d m;
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) m(r, c) = stencil[a * kStencilValues + kCenter * kBlock + 3 * r + c];
    const double scale = m.cwiseAbs().maxCoeff();
    const double det = m.determinant();
    if (scale > 0.0 && std::abs(det) > 1e-12 * scale * scale * scale) {
      const Eigen::Matrix3d inv = m.inverse();
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) diagInv[a * kBlock + 3 * r + c] = static_cast<float>(inv(r, c));
      active[a] = 1;
    }
  }
}

CoarseGrid galerkinFromElements(const ElementModuli& moduli, const Hex8& element) {
  const auto fd = moduli.dims;
  CoarseGrid g;
  g.dims = {fd[0] / 2, fd[1] / 2, fd[2] / 2};
  const auto cd = g.dims;
  g.stencil.resize(g.nodes() * kStencilValues);
  const auto children = childMatrices(element.stiffness);
  // Row-major copies: the assembly reads rows of 3 contiguous values.
  std::array<Eigen::Matrix<double, 24, 24, Eigen::RowMajor>, 8> m;
  for (int c = 0; c < 8; ++c) m[c] = children[c];

  // Coarse element E (origin coarse node E) has children 2E + c.
  auto childModuli = [&](int ei, int ej, int ek, double* e) {
    for (int c = 0; c < 8; ++c) {
      const auto cc = localCorner(c);
      e[c] = moduli.values[nodeIndex(fd, 2 * ei + cc[0], 2 * ej + cc[1], 2 * ek + cc[2])];
    }
  };

  if (moduli.twoPhase) {
    // The coarse element matrix depends only on which children are stiff: 256 cases.
    std::vector<double> cache(256 * 576);
    for (int p = 0; p < 256; ++p) {
      Eigen::Matrix<double, 24, 24, Eigen::RowMajor> ke = Eigen::Matrix<double, 24, 24, Eigen::RowMajor>::Zero();
      for (int c = 0; c < 8; ++c) ke += ((p >> c) & 1 ? moduli.stiff : moduli.soft) * m[c];
      std::copy(ke.data(), ke.data() + 576, &cache[p * 576]);
    }
#pragma omp parallel for schedule(static)
    for (int k = 0; k < cd[2]; ++k)
      for (int j = 0; j < cd[1]; ++j)
        for (int i = 0; i < cd[0]; ++i) {
          double s[kStencilValues] = {};
          for (int corner = 0; corner < 8; ++corner) {
            const auto cs = localCorner(corner);
            double e[8];
            childModuli(i - cs[0], j - cs[1], k - cs[2], e);
            int p = 0;
            for (int c = 0; c < 8; ++c) p |= (e[c] == moduli.stiff ? 1 : 0) << c;
            addElementToStencil(s, &cache[p * 576], corner);
          }
          float* out = &g.stencil[nodeIndex(cd, i, j, k) * kStencilValues];
          for (int v = 0; v < kStencilValues; ++v) out[v] = static_cast<float>(s[v]);
        }
  } else {
    // Graded moduli: every coarse element matrix is computed once, one z-slab of elements at a
    // time; node slab k needs element slabs k − 1 and k.
    const std::size_t slab = static_cast<std::size_t>(cd[0]) * cd[1];
    std::vector<double> below(slab * 576), here(slab * 576);
    auto computeSlab = [&](int ek, std::vector<double>& out) {
#pragma omp parallel for schedule(static)
      for (std::size_t n = 0; n < slab; ++n) {
        const int ei = static_cast<int>(n % cd[0]), ej = static_cast<int>(n / cd[0]);
        double e[8];
        childModuli(ei, ej, ek, e);
        Eigen::Map<Eigen::Matrix<double, 24, 24, Eigen::RowMajor>> ke(&out[n * 576]);
        ke.setZero();
        for (int c = 0; c < 8; ++c)
          if (e[c] != 0.0) ke += e[c] * m[c];
      }
    };
    computeSlab(cd[2] - 1, below);  // element slab −1, wrapped
    for (int k = 0; k < cd[2]; ++k) {
      computeSlab(k, here);
#pragma omp parallel for schedule(static)
      for (std::size_t n = 0; n < slab; ++n) {
        const int i = static_cast<int>(n % cd[0]), j = static_cast<int>(n / cd[0]);
        double s[kStencilValues] = {};
        for (int corner = 0; corner < 8; ++corner) {
          const auto cs = localCorner(corner);
          const int ei = VoxelGrid<int>::wrap(i - cs[0], cd[0]), ej = VoxelGrid<int>::wrap(j - cs[1], cd[1]);
          const std::vector<double>& src = cs[2] == 0 ? here : below;
          addElementToStencil(s, &src[(static_cast<std::size_t>(ej) * cd[0] + ei) * 576], corner);
        }
        float* out = &g.stencil[nodeIndex(cd, i, j, k) * kStencilValues];
        for (int v = 0; v < kStencilValues; ++v) out[v] = static_cast<float>(s[v]);
      }
      std::swap(below, here);
    }
  }
  g.finish();
  return g;
}

CoarseGrid galerkinFromStencils(const CoarseGrid& fine) {
  const auto fd = fine.dims;
  CoarseGrid g;
  g.dims = {fd[0] / 2, fd[1] / 2, fd[2] / 2};
  const auto cd = g.dims;
  g.stencil.resize(g.nodes() * kStencilValues);
  // Per axis: for s = δ + e ∈ [−2, 2], the coarse offsets D receiving the fine neighbour and
  // their weights.
  auto options = [](int s, int* d, double* w) {
    switch (s) {
      case -2: d[0] = -1; w[0] = 1.0; return 1;
      case -1: d[0] = -1; w[0] = 0.5; d[1] = 0; w[1] = 0.5; return 2;
      case 0: d[0] = 0; w[0] = 1.0; return 1;
      case 1: d[0] = 0; w[0] = 0.5; d[1] = 1; w[1] = 0.5; return 2;
      default: d[0] = 1; w[0] = 1.0; return 1;
    }
  };
#pragma omp parallel for schedule(static) collapse(2)
  for (int k = 0; k < cd[2]; ++k)
    for (int j = 0; j < cd[1]; ++j)
      for (int i = 0; i < cd[0]; ++i) {
        double s[kStencilValues] = {};
        for (int od = 0; od < kStencilSize; ++od) {
          const auto delta = offsetOf(od);
          const double pw = interpolationWeight1D(delta[0]) * interpolationWeight1D(delta[1]) *
                            interpolationWeight1D(delta[2]);
          const float* f = &fine.stencil[nodeIndex(fd, 2 * i + delta[0], 2 * j + delta[1], 2 * k + delta[2]) * kStencilValues];
          for (int oe = 0; oe < kStencilSize; ++oe) {
            const float* b = f + oe * kBlock;
            bool zero = true;
            for (int v = 0; v < kBlock; ++v) zero = zero && b[v] == 0.0f;
            if (zero) continue;
            const auto e = offsetOf(oe);
            int dx[2], dy[2], dz[2];
            double wx[2], wy[2], wz[2];
            const int nx = options(delta[0] + e[0], dx, wx), ny = options(delta[1] + e[1], dy, wy),
                      nz = options(delta[2] + e[2], dz, wz);
            for (int c = 0; c < nz; ++c)
              for (int bb = 0; bb < ny; ++bb)
                for (int a = 0; a < nx; ++a) {
                  const double w = pw * wx[a] * wy[bb] * wz[c];
                  double* t = s + offsetIndex(dx[a], dy[bb], dz[c]) * kBlock;
                  for (int v = 0; v < kBlock; ++v) t[v] += w * b[v];
                }
          }
        }
        float* out = &g.stencil[nodeIndex(cd, i, j, k) * kStencilValues];
        for (int v = 0; v < kStencilValues; ++v) out[v] = static_cast<float>(s[v]);
      }
  g.finish();
  return g;
}

namespace {

// Visits every node with A x at that node (zero for nodes without stiffness).
template <int W, class Finish>
void coarseSweep(const CoarseGrid& g, const float* x, Finish&& finish) {
  const auto d = g.dims;
#pragma omp parallel for schedule(static) collapse(2) if (g.nodes() > kParallelNodes)
  for (int k = 0; k < d[2]; ++k)
    for (int j = 0; j < d[1]; ++j)
      for (int i = 0; i < d[0]; ++i) {
        const std::size_t n = (static_cast<std::size_t>(k) * d[1] + j) * d[0] + i;
        BlockAccumulator<float, W> acc;
        if (g.active[n]) {
          const float* s = &g.stencil[n * kStencilValues];
          // Neighbour rows, wrapped once per node rather than per offset.
          const int xi[3] = {VoxelGrid<int>::wrap(i - 1, d[0]), i, VoxelGrid<int>::wrap(i + 1, d[0])};
          const int yj[3] = {VoxelGrid<int>::wrap(j - 1, d[1]), j, VoxelGrid<int>::wrap(j + 1, d[1])};
          const int zk[3] = {VoxelGrid<int>::wrap(k - 1, d[2]), k, VoxelGrid<int>::wrap(k + 1, d[2])};
          for (int o = 0; o < kStencilSize; ++o) {
            const std::size_t m = (static_cast<std::size_t>(zk[o / 9]) * d[1] + yj[(o / 3) % 3]) * d[0] + xi[o % 3];
            acc.add(s + o * kBlock, x + m * 3 * W);
          }
        }
        finish(n, acc);
      }
}

}  // namespace

template <int W>
void CoarseGrid::apply(const float* x, float* y) const {
  coarseSweep<W>(*this, x, [y](std::size_t n, const BlockAccumulator<float, W>& acc) { acc.write(y + n * 3 * W); });
}

template <int W>
void CoarseGrid::residual(const float* b, const float* x, float* r) const {
  coarseSweep<W>(*this, x, [b, r](std::size_t n, const BlockAccumulator<float, W>& acc) {
    acc.writeResidual(b + n * 3 * W, r + n * 3 * W);
  });
}

template <int W>
void CoarseGrid::jacobiResidual(const float* b, const float* x, float* z) const {
  coarseSweep<W>(*this, x, [this, b, z](std::size_t n, const BlockAccumulator<float, W>& acc) {
    acc.writeJacobiResidual(b + n * 3 * W, &diagInv[n * kBlock], z + n * 3 * W);
  });
}

template <int W>
void CoarseGrid::blockJacobi(const float* r, float* z) const {
  const std::size_t n = nodes();
#pragma omp parallel for schedule(static) if (n > kParallelNodes)
  for (std::size_t a = 0; a < n; ++a) {
    BlockAccumulator<float, W> acc;
    acc.add(&diagInv[a * kBlock], r + a * 3 * W);
    acc.write(z + a * 3 * W);
  }
}

template void CoarseGrid::apply<1>(const float*, float*) const;
template void CoarseGrid::apply<2>(const float*, float*) const;
template void CoarseGrid::apply<4>(const float*, float*) const;
template void CoarseGrid::apply<8>(const float*, float*) const;
template void CoarseGrid::blockJacobi<1>(const float*, float*) const;
template void CoarseGrid::blockJacobi<2>(const float*, float*) const;
template void CoarseGrid::blockJacobi<4>(const float*, float*) const;
template void CoarseGrid::blockJacobi<8>(const float*, float*) const;
template void CoarseGrid::residual<1>(const float*, const float*, float*) const;
template void CoarseGrid::residual<2>(const float*, const float*, float*) const;
template void CoarseGrid::residual<4>(const float*, const float*, float*) const;
template void CoarseGrid::residual<8>(const float*, const float*, float*) const;
template void CoarseGrid::jacobiResidual<1>(const float*, const float*, float*) const;
template void CoarseGrid::jacobiResidual<2>(const float*, const float*, float*) const;
template void CoarseGrid::jacobiResidual<4>(const float*, const float*, float*) const;
template void CoarseGrid::jacobiResidual<8>(const float*, const float*, float*) const;

}  // namespace mf::fem
