#pragma once
// The trilinear hexahedron on a unit voxel. Every voxel of a cell is one such element; its
// stiffness is its Young's modulus times the unit-modulus matrix below (the Poisson's ratio is
// shared by all phases).
//
// Local node q = a + 2b + 4c sits at corner (a, b, c) ∈ {0, 1}³; its DOFs are 3q + d for the
// displacement component d. Strains use the Voigt convention of core/tensor (engineering shear).

#include "core/tensor/voigt.hpp"

#include <Eigen/Core>

#include <array>

namespace mf::fem {

using Matrix24 = Eigen::Matrix<double, 24, 24>;
using Vector24 = Eigen::Matrix<double, 24, 1>;
using Matrix6x24 = Eigen::Matrix<double, 6, 24>;

constexpr std::array<int, 3> localCorner(int q) { return {q & 1, (q >> 1) & 1, (q >> 2) & 1}; }

struct Hex8 {
  double poisson = 0.3;
  Matrix24 stiffness;       // ∫ Bᵀ D B over the unit cube, D for E = 1 and ν = poisson
  Matrix6x24 stressMatrix;  // ∫ D B: mean stress of the element is stressMatrix · u_e / 1

  // Exact 2×2×2 Gauss integration (the integrand is quadratic per coordinate).
  static Hex8 make(double poisson);

  // Nodal values of the affine field u(x) = ε·x on the unit cube, ε in Voigt form with
  // engineering shear (so B · affineField(ε) = ε exactly).
  static Vector24 affineField(const Vector6& strain);
};

}  // namespace mf::fem
