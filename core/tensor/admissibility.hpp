#pragma once
// Is a 6×6 matrix a physically admissible stiffness? The answer always carries the reason,
// because users type tensors by hand and must see *why* one is rejected.

#include "core/tensor/voigt.hpp"

#include <array>
#include <string>

namespace mf {

struct Admissibility {
  enum class Problem { None, NotFinite, NotSymmetric, NotPositiveDefinite };

  Problem problem = Problem::None;
  std::string reason;         // one line, ready to show to a user; empty when admissible
  int row = -1, col = -1;     // 0-based Voigt indices: first non-finite entry or worst asymmetric pair
  double asymmetry = 0.0;     // |C_ij − C_ji| of the worst pair
  double minEigenvalue = 0.0; // smallest eigenvalue of the Mandel matrix (valid unless NotFinite)

  bool ok() const { return problem == Problem::None; }
};

struct AdmissibilityOptions {
  // Symmetry is judged relative to the largest entry: |C_ij − C_ji| ≤ symmetryTol · max|C|.
  double symmetryTol = 1e-9;
  // Positive definiteness requires λ_min > pdTol · max|λ|, so a tensor that is singular up to
  // round-off is rejected too (it would make the compliance meaningless).
  double pdTol = 1e-12;
};

// Checks, in this order: every entry finite; symmetric; positive definite. For tensors with
// cubic symmetry the reason names the violated condition (C11 − C12 > 0, C11 + 2·C12 > 0,
// C44 > 0), since that is what a user can act on.
Admissibility checkAdmissibility(const Matrix6& voigt, const AdmissibilityOptions& opts = {});

// The conditions for a cubic tensor to be positive definite, phrased as a user reads them.
// They are its Kelvin moduli: C11 + 2·C12 (bulk mode), C11 − C12 and 2·C44 (shear modes).
struct CubicCondition {
  const char* text;  // e.g. "C11 − C12 must be > 0"
  double value;      // the quantity that must be > 0
  bool usesC11, usesC12, usesC44;
  bool holds() const { return value > 0.0; }
};
std::array<CubicCondition, 3> cubicConditions(double c11, double c12, double c44);

}  // namespace mf
