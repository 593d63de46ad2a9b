#pragma once
// The one stiffness type of MetaForge. It holds the 6×6 Voigt matrix in the convention of
// voigt.hpp. Values are dimensionless: normalized by the base material's Young's modulus
// (see base_material.hpp), unless a caller says otherwise.
//
// A Stiffness may hold an inadmissible matrix (a user is typing one); admissibility() says
// why, and operations that need an admissible tensor (compliance) throw with that reason.

#include "core/tensor/admissibility.hpp"
#include "core/tensor/voigt.hpp"

#include <span>

namespace mf {

class Stiffness {
 public:
  Stiffness() : c_(Matrix6::Zero()) {}

  // --- constructors -------------------------------------------------------------------
  static Stiffness fromVoigt(const Matrix6& c) { return Stiffness(c); }
  static Stiffness fromMandel(const Matrix6& m);
  static Stiffness fromTensor4(const Tensor4& t);
  // 21 independent constants, upper triangle row by row:
  // C11 C12 C13 C14 C15 C16 C22 C23 C24 C25 C26 C33 C34 C35 C36 C44 C45 C46 C55 C56 C66.
  static Stiffness fromConstants21(std::span<const double, 21> upper);
  static Stiffness cubic(double c11, double c12, double c44);
  static Stiffness orthotropic(double c11, double c12, double c13, double c22, double c23,
                               double c33, double c44, double c55, double c66);
  static Stiffness isotropicEnu(double youngs, double poisson);
  static Stiffness isotropicLame(double lambda, double mu);

  // --- views --------------------------------------------------------------------------
  const Matrix6& voigt() const { return c_; }
  // 1-based Voigt access, C(1,1) … C(6,6), to read like the literature.
  double operator()(int i, int j) const { return c_(i - 1, j - 1); }
  Matrix6 mandel() const;
  Tensor4 tensor4() const;
  // The 21 independent constants in the order of fromConstants21 (upper triangle).
  std::array<double, 21> constants21() const;

  // --- algebra ------------------------------------------------------------------------
  Admissibility admissibility(const AdmissibilityOptions& opts = {}) const {
    return checkAdmissibility(c_, opts);
  }
  // S = C⁻¹ in Voigt form with engineering shear strains. Throws std::domain_error with the
  // admissibility reason when C is not symmetric positive definite.
  Matrix6 complianceVoigt() const;
  // C'_ijkl = R_ia R_jb R_kc R_ld C_abcd. R must be a rotation (det +1, orthonormal); throws
  // std::invalid_argument otherwise.
  Stiffness rotated(const Matrix3& R) const;

  bool isApprox(const Stiffness& other, double relTol = 1e-12) const;

 private:
  explicit Stiffness(const Matrix6& c) : c_(c) {}
  Matrix6 c_;
};

// Rotation by `angle` radians about `axis` (need not be normalized).
Matrix3 rotationAboutAxis(const Vector3& axis, double angle);

}  // namespace mf
