#pragma once
// Engineering constants of a stiffness tensor: what an engineer reads off it.

#include "core/tensor/stiffness.hpp"

#include <array>
#include <string>

namespace mf {

struct EngineeringConstants {
  std::array<double, 3> youngs{};  // E1, E2, E3 = 1/S11, 1/S22, 1/S33
  std::array<double, 3> shear{};   // G23, G13, G12 = 1/S44, 1/S55, 1/S66
  // poisson(i, j) = ν_ij = −S_ji / S_ii: lateral contraction along j under stress along i.
  // The diagonal is zero.
  Matrix3 poisson = Matrix3::Zero();
  double bulkVoigt = 0, bulkReuss = 0, bulkHill = 0;
  double shearVoigt = 0, shearReuss = 0, shearHill = 0;
  // Zener ratio 2·C44 / (C11 − C12). For tensors that are not cubic it is computed from the
  // axis averages 2·(C44+C55+C66)/3 / ((C11+C22+C33)/3 − (C12+C13+C23)/3); 1 means isotropic
  // only for cubic tensors.
  double zener = 0;
  // Universal anisotropy index A^U = 5·G_V/G_R + K_V/K_R − 6 (Ranganathan & Ostoja-Starzewski):
  // zero exactly for isotropic tensors, frame independent.
  double universalAnisotropy = 0;
};

// Throws std::domain_error (with the admissibility reason) for inadmissible tensors.
EngineeringConstants engineeringConstants(const Stiffness& c);

// Directional Young's modulus E(d) = 1 / (d⊗d : S : d⊗d). Caches the compliance so that a
// surface of many directions costs 36 multiply-adds per direction.
class DirectionalYoung {
 public:
  explicit DirectionalYoung(const Stiffness& c);  // throws like engineeringConstants
  double operator()(const Vector3& direction) const;  // direction need not be normalized
  const Matrix6& compliance() const { return s_; }

 private:
  Matrix6 s_;
};

struct DirectionalExtremes {
  double min = 0, max = 0;
  Vector3 argmin = Vector3::UnitX(), argmax = Vector3::UnitX();
};

// Global minimum and maximum of E(d) over the unit sphere: a dense Fibonacci sampling of the
// hemisphere (E(d) = E(−d)) followed by a local refinement of the best samples.
DirectionalExtremes youngsExtremes(const Stiffness& c);

// Material symmetry read in the given axes (not after an optimal rotation).
enum class SymmetryClass { Isotropic, Cubic, TransverselyIsotropic, Tetragonal, Orthotropic, Anisotropic };

struct SymmetryInfo {
  SymmetryClass cls = SymmetryClass::Anisotropic;
  int axis = -1;  // 0, 1, 2 for the unique axis of tetragonal / transversely isotropic tensors
  std::string describe() const;  // e.g. "cubic", "tetragonal, axis x3"
};

// Entries are compared with tolerance relTol · max|C_ij|.
SymmetryInfo classifySymmetry(const Stiffness& c, double relTol = 1e-6);
const char* toString(SymmetryClass cls);

}  // namespace mf
