#pragma once
// Geometric multigrid preconditioner for the voxel stiffness operator: one V-cycle per
// application. Level 0 is the matrix-free fine operator on the active nodes; coarser levels
// are Galerkin stencils on grids with half the nodes per axis, down to at most 4³ nodes (solved
// densely) or until a dimension is odd. Every level is smoothed by a Chebyshev polynomial in
// D⁻¹A (D: the 3×3 diagonal blocks), whose spectrum bound comes from a few Lanczos steps at
// set-up. The cycle is symmetric, as CG requires.
//
// The whole cycle runs in single precision: a preconditioner only has to be a good
// approximation, and halving the bytes moved speeds up every sweep. The CG it serves keeps the
// exact operator in its own precision.

#include "core/fem/coarse_grid.hpp"
#include "core/fem/dense_coarse_solver.hpp"
#include "core/fem/fine_operator.hpp"
#include "core/fem/lanes.hpp"
#include "core/jobs/progress.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace mf::fem {

struct MultigridSettings {
  int smoothingDegree = 2;     // Chebyshev degree of pre- and post-smoothing on the coarse levels
  int fineSmoothingDegree = 1; // ... and on the fine level, where every sweep costs the most
  double smoothingRange = 15;  // the smoother targets eigenvalues in [λmax / range, λmax]
  int lanczosSteps = 8;        // for the λmax estimate of each level (≈ 97 % of λmax, then +10 %)
  int coarsestSmoothing = 16;  // Chebyshev degree when the coarsest level is too big to factor
  std::size_t coarsestNodes = 64;  // stop coarsening at this many nodes or fewer
};

// The levels of the hierarchy, shared by the CPU and CUDA V-cycles: coarse Galerkin grids
// (finest first) with their smoother bounds, and the dense solver of the coarsest level.
struct MultigridLevel {
  CoarseGrid grid;
  double lambdaMax = 1.0;  // bound on the spectrum of D⁻¹A for the Chebyshev smoother
};
struct MultigridHierarchy {
  double fineLambda = 1.0;
  std::vector<MultigridLevel> levels;
  std::optional<DenseCoarseSolver> dense;  // on the coarsest level, when it is small enough
  int count() const { return 1 + static_cast<int>(levels.size()); }
};
MultigridHierarchy buildMultigridHierarchy(const FineOperator<float>& fine, const MultigridSettings& settings,
                                           Progress& progress);

template <int W>
class Multigrid {
 public:
  Multigrid(const FineOperator<float>& fine, const MultigridSettings& settings, Progress& progress);
  // z = B r: one V-cycle from a zero initial guess; r and z in float or double. Returns r·z
  // per lane (computed while z is written, which CG needs next).
  template <class T>
  LaneScalars apply(const T* r, T* z);
  int levels() const { return hierarchy_.count(); }
  std::size_t memoryBytes() const;

 private:
  struct Work {
    LaneField<float, W> b, x, r, d;
  };
  void cycle(std::size_t level);  // on coarse level `level` (index into hierarchy_.levels)

  const FineOperator<float>& fine_;
  MultigridSettings settings_;
  MultigridHierarchy hierarchy_;
  LaneField<float, W> fb_, fx_, fr_, fd_;
  std::vector<Work> work_;
};

}  // namespace mf::fem
