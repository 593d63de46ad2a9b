#pragma once
// Grid transfers of the multigrid hierarchy: trilinear prolongation P from a periodic grid with
// half the nodes per axis, and restriction R = Pᵀ (unscaled, so that the coarse operators are
// the Galerkin products Pᵀ A P). Fine node i, per axis: even i interpolates coarse node i/2 with
// weight 1; odd i takes ½ of each of (i ± 1)/2.
//
// Fields follow the LaneField layout. `fineIndex(g)` maps a fine grid node to its position in
// the fine field (the fine level stores active nodes only), −1 for nodes without unknowns.

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/fem/lanes.hpp"
#include "core/voxel/voxel_grid.hpp"

namespace mf::fem {

// bc = R · rf on the full coarse grid of dims cd.
template <int W, class TF, class FineIndex>
void restrictField(const std::array<int, 3>& fd, FineIndex fineIndex, const TF* rf,
                   const std::array<int, 3>& cd, float* bc) {
#pragma omp parallel for schedule(static) collapse(2) \
    if (static_cast<std::size_t>(cd[0]) * cd[1] * cd[2] > kParallelNodes)
  for (int k = 0; k < cd[2]; ++k)
    for (int j = 0; j < cd[1]; ++j)
      for (int i = 0; i < cd[0]; ++i) {
        alignas(64) float acc[3 * W] = {};
        for (int dz = -1; dz <= 1; ++dz)
          for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
              const std::size_t g =
                  (static_cast<std::size_t>(VoxelGrid<int>::wrap(2 * k + dz, fd[2])) * fd[1] +
                   VoxelGrid<int>::wrap(2 * j + dy, fd[1])) * fd[0] + VoxelGrid<int>::wrap(2 * i + dx, fd[0]);
              const std::int64_t a = fineIndex(g);
              if (a < 0) continue;
              const float w = (dx ? 0.5f : 1.0f) * (dy ? 0.5f : 1.0f) * (dz ? 0.5f : 1.0f);
              const TF* src = rf + static_cast<std::size_t>(a) * 3 * W;
              for (int v = 0; v < 3 * W; ++v) acc[v] += w * static_cast<float>(src[v]);
            }
        std::copy(acc, acc + 3 * W, bc + ((static_cast<std::size_t>(k) * cd[1] + j) * cd[0] + i) * 3 * W);
      }
}

// xf += P · xc for the fine nodes listed by `fineNodes` (count entries; fineNode(a) = grid index).
template <int W, class TF, class FineNode>
void prolongAdd(const std::array<int, 3>& fd, std::size_t count, FineNode fineNode,
                const std::array<int, 3>& cd, const float* xc, TF* xf) {
#pragma omp parallel for schedule(static) if (count > kParallelNodes)
  for (std::size_t a = 0; a < count; ++a) {
    const std::size_t g = fineNode(a);
    const int p[3] = {static_cast<int>(g % fd[0]), static_cast<int>((g / fd[0]) % fd[1]),
                      static_cast<int>(g / (static_cast<std::size_t>(fd[0]) * fd[1]))};
    int idx[3][2];
    float wt[3][2];
    int n[3];
    for (int d = 0; d < 3; ++d) {
      if (p[d] % 2 == 0) {
        idx[d][0] = p[d] / 2;
        wt[d][0] = 1.0f;
        n[d] = 1;
      } else {
        idx[d][0] = (p[d] - 1) / 2;
        idx[d][1] = VoxelGrid<int>::wrap((p[d] + 1) / 2, cd[d]);
        wt[d][0] = wt[d][1] = 0.5f;
        n[d] = 2;
      }
    }
    alignas(64) float acc[3 * W] = {};
    for (int c = 0; c < n[2]; ++c)
      for (int b = 0; b < n[1]; ++b)
        for (int aa = 0; aa < n[0]; ++aa) {
          const float w = wt[0][aa] * wt[1][b] * wt[2][c];
          const float* src = xc + ((static_cast<std::size_t>(idx[2][c]) * cd[1] + idx[1][b]) * cd[0] + idx[0][aa]) * 3 * W;
          for (int v = 0; v < 3 * W; ++v) acc[v] += w * src[v];
        }
    TF* dst = xf + a * 3 * W;
    for (int v = 0; v < 3 * W; ++v) dst[v] += static_cast<TF>(acc[v]);
  }
}

}  // namespace mf::fem
