#include "core/fem/fine_operator.hpp"

#include "core/fem/simd_block.hpp"

#include <Eigen/LU>

#include <algorithm>

namespace mf::fem {

std::array<std::size_t, 8> incidentElements(const std::array<int, 3>& d, int i, int j, int k) {
  std::array<std::size_t, 8> e{};
  for (int s = 0; s < 8; ++s) {
    const auto c = localCorner(s);
    const int a = VoxelGrid<int>::wrap(i - c[0], d[0]);
    const int b = VoxelGrid<int>::wrap(j - c[1], d[1]);
    const int cc = VoxelGrid<int>::wrap(k - c[2], d[2]);
    e[s] = (static_cast<std::size_t>(cc) * d[1] + b) * d[0] + a;
  }
  return e;
}

namespace {

// Inverse of a 3×3 block, or zero when it is singular (a node without stiffness).
template <class T, class S>
void invertBlock(const S* block, T* out) {
  Eigen::Matrix3d m;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m(r, c) = static_cast<double>(block[3 * r + c]);
  double det = m.determinant();
  const double scale = m.cwiseAbs().maxCoeff();
  Eigen::Matrix3d inv = Eigen::Matrix3d::Zero();
  if (scale > 0.0 && std::abs(det) > 1e-14 * scale * scale * scale) inv = m.inverse();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) out[3 * r + c] = static_cast<T>(inv(r, c));
}

}  // namespace

FineMesh::FineMesh(const ElementModuli& moduli) : dims(moduli.dims) {
  const int nx = dims[0], ny = dims[1], nz = dims[2];
  const std::size_t nodes = static_cast<std::size_t>(nx) * ny * nz;
  // Mark active nodes in parallel, then number them in grid order.
  gridToActive.assign(nodes, -1);
#pragma omp parallel for schedule(static)
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        bool active = false;
        for (std::size_t e : incidentElements(dims, i, j, k)) active = active || moduli.values[e] > 0.0;
        if (active) gridToActive[(static_cast<std::size_t>(k) * ny + j) * nx + i] = 0;
      }
  for (std::size_t g = 0; g < nodes; ++g)
    if (gridToActive[g] == 0) {
      gridToActive[g] = static_cast<std::int32_t>(activeToGrid.size());
      activeToGrid.push_back(static_cast<std::int32_t>(g));
    }
  neighbours.resize(activeToGrid.size());
  if (moduli.twoPhase) pattern.resize(activeToGrid.size());
#pragma omp parallel for schedule(static)
  for (std::size_t a = 0; a < activeToGrid.size(); ++a) {
    const std::size_t g = activeToGrid[a];
    const int i = static_cast<int>(g % nx), j = static_cast<int>((g / nx) % ny),
              k = static_cast<int>(g / (static_cast<std::size_t>(nx) * ny));
    for (int o = 0; o < kStencilSize; ++o) {
      const auto d = offsetOf(o);
      const std::size_t m = (static_cast<std::size_t>(VoxelGrid<int>::wrap(k + d[2], nz)) * ny +
                             VoxelGrid<int>::wrap(j + d[1], ny)) * nx + VoxelGrid<int>::wrap(i + d[0], nx);
      neighbours[a][o] = gridToActive[m];
    }
    if (moduli.twoPhase) {
      const auto e = incidentElements(dims, i, j, k);
      std::uint8_t p = 0;
      for (int s = 0; s < 8; ++s)
        if (moduli.values[e[s]] == moduli.stiff) p |= static_cast<std::uint8_t>(1u << s);
      pattern[a] = p;
    }
  }
}

template <class T>
FineOperator<T>::FineOperator(const FineMesh& mesh, const ElementModuli& moduli, const Hex8& element)
    : mesh_(&mesh), moduli_(&moduli), element_(&element) {
  for (int s = 0; s < 8; ++s) terms_[s] = stencilTerms(s);
  if (moduli.twoPhase) {
    buildTwoPhaseTables();
  } else {
    diagInv_.resize(activeNodes() * kBlock);
    // Graded cells (SIMP densities) have no pattern table: keep every node's stencil when it
    // fits the budget, or rebuild it in each sweep (8 element blocks per node, 3–4× the cost
    // of the sweep itself). Topology optimization lives on this path.
    const bool keep = activeNodes() * kStencilValues * sizeof(T) <= kStencilCacheBytes;
    if (keep) nodeStencils_.resize(activeNodes() * kStencilValues);
#pragma omp parallel for schedule(static)
    for (std::size_t a = 0; a < activeNodes(); ++a) {
      T local[kStencilValues];
      T* s = keep ? &nodeStencils_[a * kStencilValues] : local;
      buildStencil(a, s);
      invertBlock(s + kCenter * kBlock, &diagInv_[a * kBlock]);
    }
  }
}

template <class T>
void FineOperator<T>::buildTwoPhaseTables() {
  const Matrix24& k = element_->stiffness;
  table_.assign(256 * kStencilValues, T(0));
  tableDiagInv_.assign(256 * kBlock, T(0));
  offsets_.clear();
  for (int p = 0; p < 256; ++p) {
    offsetStart_[p] = static_cast<std::uint16_t>(offsets_.size());
    double s[kStencilValues] = {};
    for (int c = 0; c < 8; ++c) {
      const double e = (p >> c) & 1 ? moduli_->stiff : moduli_->soft;
      if (e == 0.0) continue;
      for (const StencilTerm& t : terms_[c]) addBlock(s, k, c, t, e);
    }
    for (int v = 0; v < kStencilValues; ++v) table_[p * kStencilValues + v] = static_cast<T>(s[v]);
    for (int o = 0; o < kStencilSize; ++o) {
      bool nonzero = false;
      for (int v = 0; v < kBlock; ++v) nonzero = nonzero || s[o * kBlock + v] != 0.0;
      if (nonzero) offsets_.push_back(static_cast<std::uint8_t>(o));
    }
    invertBlock(s + kCenter * kBlock, &tableDiagInv_[p * kBlock]);
  }
  offsetStart_[256] = static_cast<std::uint16_t>(offsets_.size());
}

template <class T>
void FineOperator<T>::buildStencil(std::size_t a, T* out) const {
  std::fill(out, out + kStencilValues, T(0));
  const std::size_t g = mesh_->activeToGrid[a];
  const auto& d = mesh_->dims;
  const int i = static_cast<int>(g % d[0]), j = static_cast<int>((g / d[0]) % d[1]),
            k = static_cast<int>(g / (static_cast<std::size_t>(d[0]) * d[1]));
  const auto e = incidentElements(d, i, j, k);
  for (int s = 0; s < 8; ++s) {
    const double m = moduli_->values[e[s]];
    if (m == 0.0) continue;
    for (const StencilTerm& t : terms_[s]) addBlock(out, element_->stiffness, s, t, m);
  }
}

template <class T>
std::array<double, kStencilValues> FineOperator<T>::stencil(std::size_t a) const {
  std::array<double, kStencilValues> out{};
  if (moduli_->twoPhase) {
    const T* s = &table_[mesh_->pattern[a] * kStencilValues];
    std::copy(s, s + kStencilValues, out.begin());
  } else if (!nodeStencils_.empty()) {
    const T* s = &nodeStencils_[a * kStencilValues];
    std::copy(s, s + kStencilValues, out.begin());
  } else {
    T s[kStencilValues];
    buildStencil(a, s);
    std::copy(s, s + kStencilValues, out.begin());
  }
  return out;
}

template <class T>
template <int W, class Finish>
void FineOperator<T>::sweep(const T* x, Finish&& finish) const {
  const std::size_t n = activeNodes();
  if (moduli_->twoPhase) {
#pragma omp parallel for schedule(static)
    for (std::size_t a = 0; a < n; ++a) {
      const std::uint8_t p = mesh_->pattern[a];
      const T* s = &table_[static_cast<std::size_t>(p) * kStencilValues];
      const auto& nb = mesh_->neighbours[a];
      BlockAccumulator<T, W> acc;
      for (int i = offsetStart_[p], end = offsetStart_[p + 1]; i < end; ++i) {
        const int o = offsets_[i];
        acc.add(s + o * kBlock, x + static_cast<std::size_t>(nb[o]) * 3 * W);
      }
      finish(a, acc, &tableDiagInv_[p * kBlock]);
    }
  } else {
#pragma omp parallel for schedule(static)
    for (std::size_t a = 0; a < n; ++a) {
      T local[kStencilValues];
      const T* s = local;
      if (nodeStencils_.empty()) buildStencil(a, local);
      else s = &nodeStencils_[a * kStencilValues];
      const auto& nb = mesh_->neighbours[a];
      BlockAccumulator<T, W> acc;
      for (int o = 0; o < kStencilSize; ++o)
        if (nb[o] >= 0) acc.add(s + o * kBlock, x + static_cast<std::size_t>(nb[o]) * 3 * W);
      finish(a, acc, &diagInv_[a * kBlock]);
    }
  }
}

template <class T>
template <int W>
void FineOperator<T>::apply(const T* x, T* y) const {
  sweep<W>(x, [y](std::size_t a, const BlockAccumulator<T, W>& acc, const T*) { acc.write(y + a * 3 * W); });
}

template <class T>
template <int W>
LaneScalars FineOperator<T>::applyDot(const T* x, T* y) const {
  // A sweep of its own (not sweep()): the per-thread partial sums need the parallel region.
  using Acc = BlockAccumulator<T, W>;
  const std::size_t n = activeNodes();
  LaneScalars total{};
#pragma omp parallel
  {
    double local[W] = {};
    auto finish = [&](std::size_t a, const Acc& acc) {
      acc.write(y + a * 3 * W);
      const T* xa = x + a * 3 * W;
      const T* ya = y + a * 3 * W;
      for (int v = 0; v < 3 * W; ++v) local[v % W] += static_cast<double>(xa[v]) * static_cast<double>(ya[v]);
    };
    if (moduli_->twoPhase) {
#pragma omp for schedule(static) nowait
      for (std::size_t a = 0; a < n; ++a) {
        const std::uint8_t p = mesh_->pattern[a];
        const T* s = &table_[static_cast<std::size_t>(p) * kStencilValues];
        const auto& nb = mesh_->neighbours[a];
        Acc acc;
        for (int i = offsetStart_[p], end = offsetStart_[p + 1]; i < end; ++i) {
          const int o = offsets_[i];
          acc.add(s + o * kBlock, x + static_cast<std::size_t>(nb[o]) * 3 * W);
        }
        finish(a, acc);
      }
    } else {
#pragma omp for schedule(static) nowait
      for (std::size_t a = 0; a < n; ++a) {
        T s[kStencilValues];
        buildStencil(a, s);
        const auto& nb = mesh_->neighbours[a];
        Acc acc;
        for (int o = 0; o < kStencilSize; ++o)
          if (nb[o] >= 0) acc.add(s + o * kBlock, x + static_cast<std::size_t>(nb[o]) * 3 * W);
        finish(a, acc);
      }
    }
#pragma omp critical
    for (int w = 0; w < W; ++w) total[w] += local[w];
  }
  return total;
}

template <class T>
template <int W>
void FineOperator<T>::residual(const T* b, const T* x, T* r) const {
  sweep<W>(x, [b, r](std::size_t a, const BlockAccumulator<T, W>& acc, const T*) {
    acc.writeResidual(b + a * 3 * W, r + a * 3 * W);
  });
}

template <class T>
template <int W>
void FineOperator<T>::jacobiResidual(const T* b, const T* x, T* z) const {
  sweep<W>(x, [b, z](std::size_t a, const BlockAccumulator<T, W>& acc, const T* dinv) {
    acc.writeJacobiResidual(b + a * 3 * W, dinv, z + a * 3 * W);
  });
}

template <class T>
template <int W>
void FineOperator<T>::blockJacobi(const T* r, T* z) const {
  const std::size_t n = activeNodes();
#pragma omp parallel for schedule(static)
  for (std::size_t a = 0; a < n; ++a) {
    const T* d = moduli_->twoPhase ? &tableDiagInv_[mesh_->pattern[a] * kBlock] : &diagInv_[a * kBlock];
    BlockAccumulator<T, W> acc;
    acc.add(d, r + a * 3 * W);
    acc.write(z + a * 3 * W);
  }
}

#define MF_INSTANTIATE_FINE(T)                                                   \
  template class FineOperator<T>;                                                \
  template void FineOperator<T>::apply<1>(const T*, T*) const;                   \
  template void FineOperator<T>::apply<2>(const T*, T*) const;                   \
  template void FineOperator<T>::apply<4>(const T*, T*) const;                   \
  template void FineOperator<T>::apply<8>(const T*, T*) const;                   \
  template LaneScalars FineOperator<T>::applyDot<1>(const T*, T*) const;         \
  template LaneScalars FineOperator<T>::applyDot<2>(const T*, T*) const;         \
  template LaneScalars FineOperator<T>::applyDot<4>(const T*, T*) const;         \
  template LaneScalars FineOperator<T>::applyDot<8>(const T*, T*) const;         \
  template void FineOperator<T>::blockJacobi<1>(const T*, T*) const;             \
  template void FineOperator<T>::blockJacobi<2>(const T*, T*) const;             \
  template void FineOperator<T>::blockJacobi<4>(const T*, T*) const;             \
  template void FineOperator<T>::blockJacobi<8>(const T*, T*) const;                 \
  template void FineOperator<T>::residual<1>(const T*, const T*, T*) const;         \
  template void FineOperator<T>::residual<2>(const T*, const T*, T*) const;         \
  template void FineOperator<T>::residual<4>(const T*, const T*, T*) const;         \
  template void FineOperator<T>::residual<8>(const T*, const T*, T*) const;         \
  template void FineOperator<T>::jacobiResidual<1>(const T*, const T*, T*) const;   \
  template void FineOperator<T>::jacobiResidual<2>(const T*, const T*, T*) const;   \
  template void FineOperator<T>::jacobiResidual<4>(const T*, const T*, T*) const;   \
  template void FineOperator<T>::jacobiResidual<8>(const T*, const T*, T*) const;
MF_INSTANTIATE_FINE(float)
MF_INSTANTIATE_FINE(double)

}  // namespace mf::fem
