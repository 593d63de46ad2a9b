#pragma once
// Index conventions for 4th-order elasticity tensors in 6×6 form. Every stiffness in MetaForge
// uses exactly this convention; nothing else in the code base defines its own.
//
//   Voigt order:   1 = 11, 2 = 22, 3 = 33, 4 = 23, 5 = 13, 6 = 12
//   Strain vector: (ε11, ε22, ε33, γ23, γ13, γ12) with engineering shear γij = 2 εij
//   Stress vector: (σ11, σ22, σ33, σ23, σ13, σ12)
//   σ = C ε, so C(Voigt)_{mn} = C_{ijkl} with m ↔ (ij), n ↔ (kl), without extra factors,
//   and S = C⁻¹ is the compliance that returns engineering shear strains (S44 = 1/G23).
//
//   Mandel form: C_M = W C W with W = diag(1, 1, 1, √2, √2, √2). C_M is the matrix of the
//   tensor in an orthonormal basis of symmetric 2nd-order tensors, so its eigenvalues are the
//   tensor's Kelvin moduli and rotations act on it as orthogonal 6×6 matrices.

#include <Eigen/Core>

#include <array>

namespace mf {

using Matrix6 = Eigen::Matrix<double, 6, 6>;
using Vector6 = Eigen::Matrix<double, 6, 1>;
using Matrix3 = Eigen::Matrix3d;
using Vector3 = Eigen::Vector3d;

// Voigt index (0-based) of the symmetric pair (i, j), i, j ∈ {0, 1, 2}.
constexpr int voigtIndex(int i, int j) {
  constexpr int table[3][3] = {{0, 5, 4}, {5, 1, 3}, {4, 3, 2}};
  return table[i][j];
}

// The tensor index pair (i, j) of a 0-based Voigt index.
constexpr std::array<int, 2> voigtPair(int m) {
  constexpr int pairs[6][2] = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
  return {pairs[m][0], pairs[m][1]};
}

// 1-based label "11", "22", "33", "23", "13", "12" of a 0-based Voigt index.
constexpr const char* voigtLabel(int m) {
  constexpr const char* labels[6] = {"11", "22", "33", "23", "13", "12"};
  return labels[m];
}

// Diagonal of W in C_M = W C W.
inline Vector6 mandelWeights() {
  const double r = 1.4142135623730950488;  // √2
  Vector6 w;
  w << 1.0, 1.0, 1.0, r, r, r;
  return w;
}

// A full 4th-order tensor C_ijkl, stored densely (81 values). Used for rotation and for
// conversions; the 6×6 forms are what the rest of the program passes around.
struct Tensor4 {
  std::array<double, 81> data{};
  double& operator()(int i, int j, int k, int l) { return data[((i * 3 + j) * 3 + k) * 3 + l]; }
  double operator()(int i, int j, int k, int l) const {
    return data[((i * 3 + j) * 3 + k) * 3 + l];
  }
};

}  // namespace mf
