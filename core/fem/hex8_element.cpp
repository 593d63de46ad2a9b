#include "core/fem/hex8_element.hpp"

#include "core/tensor/stiffness.hpp"

#include <cmath>

namespace mf::fem {
namespace {

// Strain-displacement matrix at point (x, y, z) of the unit cube.
Matrix6x24 strainDisplacement(double x, double y, double z) {
  Matrix6x24 b = Matrix6x24::Zero();
  const double p[3] = {x, y, z};
  for (int q = 0; q < 8; ++q) {
    const auto c = localCorner(q);
    double f[3], df[3];  // 1D shape function and derivative per axis
    for (int a = 0; a < 3; ++a) {
      f[a] = c[a] ? p[a] : 1.0 - p[a];
      df[a] = c[a] ? 1.0 : -1.0;
    }
    const double dN[3] = {df[0] * f[1] * f[2], f[0] * df[1] * f[2], f[0] * f[1] * df[2]};
    const int u = 3 * q, v = 3 * q + 1, w = 3 * q + 2;
    b(0, u) = dN[0];
    b(1, v) = dN[1];
    b(2, w) = dN[2];
    b(3, v) = dN[2];  // γ23 = ∂u2/∂x3 + ∂u3/∂x2
    b(3, w) = dN[1];
    b(4, u) = dN[2];  // γ13 = ∂u1/∂x3 + ∂u3/∂x1
    b(4, w) = dN[0];
    b(5, u) = dN[1];  // γ12 = ∂u1/∂x2 + ∂u2/∂x1
    b(5, v) = dN[0];
  }
  return b;
}

}  // namespace

Hex8 Hex8::make(double poisson) {
  Hex8 h;
  h.poisson = poisson;
  const Matrix6 d = Stiffness::isotropicEnu(1.0, poisson).voigt();
  h.stiffness.setZero();
  h.stressMatrix.setZero();
  const double g = 0.5 / std::sqrt(3.0);
  for (int iz = 0; iz < 2; ++iz)
    for (int iy = 0; iy < 2; ++iy)
      for (int ix = 0; ix < 2; ++ix) {
        const Matrix6x24 b = strainDisplacement(0.5 + (ix ? g : -g), 0.5 + (iy ? g : -g), 0.5 + (iz ? g : -g));
        h.stiffness += 0.125 * b.transpose() * d * b;
        h.stressMatrix += 0.125 * d * b;
      }
  h.stiffness = 0.5 * (h.stiffness + h.stiffness.transpose()).eval();
  return h;
}

Vector24 Hex8::affineField(const Vector6& e) {
  // Symmetric tensor strain from Voigt engineering strain.
  Matrix3 eps;
  eps << e(0), 0.5 * e(5), 0.5 * e(4),
         0.5 * e(5), e(1), 0.5 * e(3),
         0.5 * e(4), 0.5 * e(3), e(2);
  Vector24 u;
  for (int q = 0; q < 8; ++q) {
    const auto c = localCorner(q);
    const Vector3 x(c[0], c[1], c[2]);
    u.segment<3>(3 * q) = eps * x;
  }
  return u;
}

}  // namespace mf::fem
