#pragma once
// Update rules for SIMP design variables x ∈ [0, 1]ⁿ: minimize f(x) subject to one constraint
// g(x) ≤ 0 (the volume fraction).
//
//   MMA  Svanberg's method of moving asymptotes (1987, with the 2007 regularization): f and g
//        are replaced by convex separable approximations p/(U − x) + q/(x − L); with a single
//        constraint the dual is one-dimensional and a bisection on its multiplier solves the
//        subproblem exactly. Works for objectives whose gradients change sign (Poisson's
//        ratio, target matching, penalties).
//   OC   the optimality-criteria fixed point x ← x·(−∂f/∂x / λ∂g/∂x)^½ within a move limit, for
//        objectives that only improve with material (bulk or shear stiffness). The caller gives
//        the exact constraint, because with a Heaviside projection g is not linear in x.

#include <functional>
#include <vector>

namespace mf::optimize {

class MmaUpdater {
 public:
  explicit MmaUpdater(double moveLimit = 0.2) : move_(moveLimit) {}
  // One outer iteration: x is replaced by the subproblem's solution. df, dg: gradients at x.
  void update(std::vector<double>& x, const std::vector<double>& df, double g, const std::vector<double>& dg);

 private:
  double move_;
  int iteration_ = 0;
  std::vector<double> xold1_, xold2_, low_, upp_;
};

// g(x) for a trial design: the caller evaluates the constraint exactly (filter + projection).
using ConstraintFunction = std::function<double(const std::vector<double>&)>;
void optimalityCriteriaUpdate(std::vector<double>& x, const std::vector<double>& df, const std::vector<double>& dg,
                              const ConstraintFunction& g, double moveLimit = 0.2);

}  // namespace mf::optimize
