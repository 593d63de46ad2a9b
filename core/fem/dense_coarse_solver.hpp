#pragma once
// Exact solve on the coarsest multigrid level (a few hundred unknowns). The periodic operator
// is singular: rigid translations cost no energy. Adding τ·T Tᵀ (T: the three translations)
// makes it definite without changing its action on the translation-free residuals it receives;
// the solution is returned translation-free. If more null modes remain (parts that float
// freely even on the coarsest grid), a pseudo-inverse from the eigen-decomposition is used.

#include "core/fem/coarse_grid.hpp"

#include <Eigen/Core>

namespace mf::fem {

class DenseCoarseSolver {
 public:
  DenseCoarseSolver() = default;
  explicit DenseCoarseSolver(const CoarseGrid& grid);
  template <int W>
  void solve(const float* b, float* x) const;
  std::size_t unknowns() const { return static_cast<std::size_t>(inverse_.rows()); }
  // The (deflated) inverse, row-major by unknown, and the nodes that carry stiffness: what the
  // solve applies, for backends that run it elsewhere.
  const Eigen::MatrixXf& inverse() const { return inverse_; }
  const std::vector<std::uint8_t>& activeNodes() const { return active_; }

 private:
  Eigen::MatrixXf inverse_;
  std::vector<std::uint8_t> active_;
  double activeCount_ = 0.0;
};

// Largest coarsest level solved densely (8³ nodes).
constexpr std::size_t kMaxDenseCoarseUnknowns = 1536;

}  // namespace mf::fem
