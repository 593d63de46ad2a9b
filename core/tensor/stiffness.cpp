#include "core/tensor/stiffness.hpp"

#include "core/tensor/format.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Geometry>

#include <cmath>
#include <stdexcept>

namespace mf {

Stiffness Stiffness::fromMandel(const Matrix6& m) {
  const Vector6 w = mandelWeights();
  const Vector6 inv = w.cwiseInverse();
  return Stiffness(inv.asDiagonal() * m * inv.asDiagonal());
}

Stiffness Stiffness::fromTensor4(const Tensor4& t) {
  Matrix6 c;
  for (int m = 0; m < 6; ++m) {
    const auto [i, j] = voigtPair(m);
    for (int n = 0; n < 6; ++n) {
      const auto [k, l] = voigtPair(n);
      c(m, n) = t(i, j, k, l);
    }
  }
  return Stiffness(c);
}

Stiffness Stiffness::fromConstants21(std::span<const double, 21> upper) {
  Matrix6 c;
  int k = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = i; j < 6; ++j) {
      c(i, j) = upper[k];
      c(j, i) = upper[k];
      ++k;
    }
  return Stiffness(c);
}

Stiffness Stiffness::cubic(double c11, double c12, double c44) {
  return orthotropic(c11, c12, c12, c11, c12, c11, c44, c44, c44);
}

Stiffness Stiffness::orthotropic(double c11, double c12, double c13, double c22, double c23,
                                 double c33, double c44, double c55, double c66) {
  Matrix6 c = Matrix6::Zero();
  c(0, 0) = c11;
  c(1, 1) = c22;
  c(2, 2) = c33;
  c(0, 1) = c(1, 0) = c12;
  c(0, 2) = c(2, 0) = c13;
  c(1, 2) = c(2, 1) = c23;
  c(3, 3) = c44;
  c(4, 4) = c55;
  c(5, 5) = c66;
  return Stiffness(c);
}

Stiffness Stiffness::isotropicLame(double lambda, double mu) {
  return cubic(lambda + 2.0 * mu, lambda, mu);
}

Stiffness Stiffness::isotropicEnu(double youngs, double poisson) {
  if (!(poisson > -1.0 && poisson < 0.5))
    throw std::invalid_argument("Poisson's ratio must lie in (-1, 0.5), it is " +
                                formatNumber(poisson));
  const double mu = youngs / (2.0 * (1.0 + poisson));
  const double lambda = youngs * poisson / ((1.0 + poisson) * (1.0 - 2.0 * poisson));
  return isotropicLame(lambda, mu);
}

Matrix6 Stiffness::mandel() const {
  const Vector6 w = mandelWeights();
  return w.asDiagonal() * c_ * w.asDiagonal();
}

Tensor4 Stiffness::tensor4() const {
  Tensor4 t;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        for (int l = 0; l < 3; ++l) t(i, j, k, l) = c_(voigtIndex(i, j), voigtIndex(k, l));
  return t;
}

std::array<double, 21> Stiffness::constants21() const {
  std::array<double, 21> out{};
  int k = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = i; j < 6; ++j) out[k++] = c_(i, j);
  return out;
}

Matrix6 Stiffness::complianceVoigt() const {
  const Admissibility a = admissibility();
  if (!a.ok()) throw std::domain_error("no compliance: " + a.reason);
  // Invert in Mandel form, where the matrix is symmetric positive definite and well scaled,
  // then convert back: S_V = W S_M W (the compliance picks up the factors of 2 of γ = 2ε).
  const Matrix6 sm = Eigen::LLT<Matrix6>(mandel()).solve(Matrix6::Identity());
  const Vector6 w = mandelWeights();
  Matrix6 s = w.asDiagonal() * sm * w.asDiagonal();
  return 0.5 * (s + s.transpose());
}

Stiffness Stiffness::rotated(const Matrix3& R) const {
  const double orthErr = (R * R.transpose() - Matrix3::Identity()).cwiseAbs().maxCoeff();
  if (!(orthErr < 1e-9) || !(std::abs(R.determinant() - 1.0) < 1e-9))
    throw std::invalid_argument("rotation matrix must be orthonormal with determinant +1");
  // Contract one index at a time: 4 × 81 × 3 multiply-adds instead of 81 × 81.
  Tensor4 a = tensor4();
  Tensor4 b;
  for (int pass = 0; pass < 4; ++pass) {
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k)
          for (int l = 0; l < 3; ++l) {
            // Rotate the last index, then cycle the indices so every pass treats a new one.
            double s = 0.0;
            for (int q = 0; q < 3; ++q) s += R(l, q) * a(i, j, k, q);
            b(l, i, j, k) = s;
          }
    std::swap(a, b);
  }
  // The contraction order breaks the tensor's symmetries at round-off level; restore them.
  const Matrix6 c = fromTensor4(a).voigt();
  return Stiffness(0.5 * (c + c.transpose()));
}

bool Stiffness::isApprox(const Stiffness& other, double relTol) const {
  const double scale = std::max(c_.cwiseAbs().maxCoeff(), other.c_.cwiseAbs().maxCoeff());
  return (c_ - other.c_).cwiseAbs().maxCoeff() <= relTol * std::max(scale, 1e-300);
}

Matrix3 rotationAboutAxis(const Vector3& axis, double angle) {
  if (!(axis.norm() > 0.0)) throw std::invalid_argument("rotation axis must be non-zero");
  return Eigen::AngleAxisd(angle, axis.normalized()).toRotationMatrix();
}

}  // namespace mf
