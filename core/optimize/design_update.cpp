#include "core/optimize/design_update.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mf::optimize {

void MmaUpdater::update(std::vector<double>& x, const std::vector<double>& df, double g,
                        const std::vector<double>& dg) {
  const std::size_t n = x.size();
  if (df.size() != n || dg.size() != n) throw std::invalid_argument("MMA: gradient sizes differ from the design");
  constexpr double xmin = 0.0, xmax = 1.0, span = xmax - xmin;
  constexpr double asyInit = 0.5, asyIncr = 1.2, asyDecr = 0.7, albefa = 0.1, raa0 = 1e-5;
  ++iteration_;
  if (iteration_ <= 2) {
    low_.resize(n);
    upp_.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      low_[j] = x[j] - asyInit * span;
      upp_[j] = x[j] + asyInit * span;
    }
  } else {
    for (std::size_t j = 0; j < n; ++j) {
      const double sign = (x[j] - xold1_[j]) * (xold1_[j] - xold2_[j]);
      const double factor = sign > 0 ? asyIncr : (sign < 0 ? asyDecr : 1.0);
      low_[j] = x[j] - factor * (xold1_[j] - low_[j]);
      upp_[j] = x[j] + factor * (upp_[j] - xold1_[j]);
      low_[j] = std::clamp(low_[j], x[j] - 10 * span, x[j] - 0.01 * span);
      upp_[j] = std::clamp(upp_[j], x[j] + 0.01 * span, x[j] + 10 * span);
    }
  }

  std::vector<double> alpha(n), beta(n), p0(n), q0(n), p1(n), q1(n);
  double r1 = g;
  for (std::size_t j = 0; j < n; ++j) {
    alpha[j] = std::max({xmin, low_[j] + albefa * (x[j] - low_[j]), x[j] - move_ * span});
    beta[j] = std::min({xmax, upp_[j] - albefa * (upp_[j] - x[j]), x[j] + move_ * span});
    const double ux2 = (upp_[j] - x[j]) * (upp_[j] - x[j]);
    const double xl2 = (x[j] - low_[j]) * (x[j] - low_[j]);
    const double reg = raa0 / span;
    p0[j] = ux2 * (1.001 * std::max(df[j], 0.0) + 0.001 * std::max(-df[j], 0.0) + reg);
    q0[j] = xl2 * (0.001 * std::max(df[j], 0.0) + 1.001 * std::max(-df[j], 0.0) + reg);
    p1[j] = ux2 * (1.001 * std::max(dg[j], 0.0) + 0.001 * std::max(-dg[j], 0.0) + reg);
    q1[j] = xl2 * (0.001 * std::max(dg[j], 0.0) + 1.001 * std::max(-dg[j], 0.0) + reg);
    r1 -= p1[j] / (upp_[j] - x[j]) + q1[j] / (x[j] - low_[j]);
  }

  // For a multiplier λ the separable subproblem is solved voxel by voxel in closed form:
  // (p0 + λp1)/(U − x)² = (q0 + λq1)/(x − L)².
  std::vector<double> trial(n);
  auto solve = [&](double lambda) {
    double gval = r1;
    for (std::size_t j = 0; j < n; ++j) {
      const double sp = std::sqrt(p0[j] + lambda * p1[j]);
      const double sq = std::sqrt(q0[j] + lambda * q1[j]);
      const double xj = std::clamp((sp * low_[j] + sq * upp_[j]) / (sp + sq), alpha[j], beta[j]);
      trial[j] = xj;
      gval += p1[j] / (upp_[j] - xj) + q1[j] / (xj - low_[j]);
    }
    return gval;
  };
  double lambda = 0.0;
  if (solve(0.0) > 0.0) {
    // The approximate constraint decreases in λ: bisect in log space.
    double lo = 1e-12, hi = 1.0;
    while (solve(hi) > 0.0 && hi < 1e14) hi *= 10.0;
    for (int it = 0; it < 100 && hi / lo > 1.0 + 1e-10; ++it) {
      const double mid = std::sqrt(lo * hi);
      (solve(mid) > 0.0 ? lo : hi) = mid;
    }
    lambda = hi;
    solve(lambda);
  }
  xold2_ = xold1_.empty() ? x : xold1_;
  xold1_ = x;
  x = trial;
}

void optimalityCriteriaUpdate(std::vector<double>& x, const std::vector<double>& df, const std::vector<double>& dg,
                              const ConstraintFunction& g, double moveLimit) {
  const std::size_t n = x.size();
  std::vector<double> trial(n);
  auto step = [&](double lambda) {
    for (std::size_t j = 0; j < n; ++j) {
      const double b = std::max(-df[j], 1e-30) / (lambda * std::max(dg[j], 1e-30));
      trial[j] = std::clamp(x[j] * std::sqrt(b), std::max(0.0, x[j] - moveLimit), std::min(1.0, x[j] + moveLimit));
    }
    return g(trial);
  };
  double lo = 1e-20, hi = 1e20;
  for (int it = 0; it < 200 && hi / lo > 1.0 + 1e-6; ++it) {
    const double mid = std::sqrt(lo * hi);
    (step(mid) > 0.0 ? lo : hi) = mid;
  }
  step(hi);
  x = trial;
}

}  // namespace mf::optimize
