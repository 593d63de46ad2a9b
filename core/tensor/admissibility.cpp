#include "core/tensor/admissibility.hpp"

#include "core/tensor/format.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

namespace mf {
namespace {

std::string entry(int i, int j) { return std::string("C") + std::to_string(i + 1) + std::to_string(j + 1); }

// Cubic in the given axes (to a loose relative tolerance): then the Mandel eigenvalues are
// C11 + 2·C12 (once), C11 − C12 (twice) and 2·C44 (three times), and a user is better served
// by the condition that fails than by an eigenvalue.
bool looksCubic(const Matrix6& c) {
  const double scale = std::max(c.cwiseAbs().maxCoeff(), 1e-300);
  const double tol = 1e-9 * scale;
  auto eq = [&](double a, double b) { return std::abs(a - b) <= tol; };
  const double c11 = c(0, 0), c12 = c(0, 1), c44 = c(3, 3);
  if (!eq(c(1, 1), c11) || !eq(c(2, 2), c11)) return false;
  if (!eq(c(0, 2), c12) || !eq(c(1, 2), c12)) return false;
  if (!eq(c(4, 4), c44) || !eq(c(5, 5), c44)) return false;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) {
      const bool structural = (i < 3 && j < 3) || i == j;
      if (!structural && !eq(c(i, j), 0.0)) return false;
    }
  return true;
}

std::string worstCubicCondition(const Matrix6& c) {
  const auto conds = cubicConditions(c(0, 0), c(0, 1), c(3, 3));
  const CubicCondition* worst = &conds[0];
  for (const CubicCondition& k : conds)
    if (k.value < worst->value) worst = &k;
  return std::string(worst->text) + ", it is " + formatNumber(worst->value);
}

}  // namespace

std::array<CubicCondition, 3> cubicConditions(double c11, double c12, double c44) {
  return {{{"C11 − C12 must be > 0", c11 - c12, true, true, false},
           {"C11 + 2·C12 must be > 0", c11 + 2.0 * c12, true, true, false},
           {"C44 must be > 0", c44, false, false, true}}};
}

Admissibility checkAdmissibility(const Matrix6& c, const AdmissibilityOptions& opts) {
  Admissibility a;

  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      if (!std::isfinite(c(i, j))) {
        a.problem = Admissibility::Problem::NotFinite;
        a.row = i;
        a.col = j;
        a.minEigenvalue = std::nan("");
        a.reason = entry(i, j) + " is " + (std::isnan(c(i, j)) ? "NaN" : "infinite");
        return a;
      }

  const double scale = c.cwiseAbs().maxCoeff();
  for (int i = 0; i < 6; ++i)
    for (int j = i + 1; j < 6; ++j) {
      const double d = std::abs(c(i, j) - c(j, i));
      if (d > a.asymmetry) {
        a.asymmetry = d;
        a.row = i;
        a.col = j;
      }
    }
  if (a.asymmetry > opts.symmetryTol * scale) {
    a.problem = Admissibility::Problem::NotSymmetric;
    a.reason = "not symmetric: " + entry(a.row, a.col) + " = " + formatNumber(c(a.row, a.col)) +
               " but " + entry(a.col, a.row) + " = " + formatNumber(c(a.col, a.row));
    return a;
  }
  a.row = a.col = -1;

  const Vector6 w = mandelWeights();
  const Matrix6 m = w.asDiagonal() * (0.5 * (c + c.transpose())) * w.asDiagonal();
  Eigen::SelfAdjointEigenSolver<Matrix6> eig(m, Eigen::EigenvaluesOnly);
  const Vector6 lambda = eig.eigenvalues();  // ascending
  a.minEigenvalue = lambda(0);
  const double lambdaMax = lambda.cwiseAbs().maxCoeff();
  if (!(lambda(0) > opts.pdTol * lambdaMax) || lambdaMax == 0.0) {
    a.problem = Admissibility::Problem::NotPositiveDefinite;
    a.reason = "not positive definite: ";
    a.reason += looksCubic(c) ? worstCubicCondition(c)
                              : "smallest eigenvalue is " + formatNumber(lambda(0));
    return a;
  }
  return a;
}

}  // namespace mf
