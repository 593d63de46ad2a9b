#include "core/tensor/engineering.hpp"

#include <Eigen/Geometry>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace mf {

EngineeringConstants engineeringConstants(const Stiffness& stiff) {
  const Matrix6 s = stiff.complianceVoigt();  // throws with the reason when inadmissible
  const Matrix6& c = stiff.voigt();
  EngineeringConstants e;
  for (int i = 0; i < 3; ++i) {
    e.youngs[i] = 1.0 / s(i, i);
    e.shear[i] = 1.0 / s(i + 3, i + 3);
    for (int j = 0; j < 3; ++j)
      if (i != j) e.poisson(i, j) = -s(j, i) / s(i, i);
  }
  const double cDiag = c(0, 0) + c(1, 1) + c(2, 2);
  const double cOff = c(0, 1) + c(0, 2) + c(1, 2);
  const double cShear = c(3, 3) + c(4, 4) + c(5, 5);
  const double sDiag = s(0, 0) + s(1, 1) + s(2, 2);
  const double sOff = s(0, 1) + s(0, 2) + s(1, 2);
  const double sShear = s(3, 3) + s(4, 4) + s(5, 5);
  e.bulkVoigt = (cDiag + 2.0 * cOff) / 9.0;
  e.shearVoigt = (cDiag - cOff + 3.0 * cShear) / 15.0;
  e.bulkReuss = 1.0 / (sDiag + 2.0 * sOff);
  e.shearReuss = 15.0 / (4.0 * sDiag - 4.0 * sOff + 3.0 * sShear);
  e.bulkHill = 0.5 * (e.bulkVoigt + e.bulkReuss);
  e.shearHill = 0.5 * (e.shearVoigt + e.shearReuss);
  e.zener = 2.0 * (cShear / 3.0) / (cDiag / 3.0 - cOff / 3.0);
  // A^U is a difference of O(1) terms; anything below a few ulps of 6 is round-off.
  const double au = 5.0 * e.shearVoigt / e.shearReuss + e.bulkVoigt / e.bulkReuss - 6.0;
  e.universalAnisotropy = au > 64.0 * std::numeric_limits<double>::epsilon() ? au : 0.0;
  return e;
}

DirectionalYoung::DirectionalYoung(const Stiffness& c) : s_(c.complianceVoigt()) {}

double DirectionalYoung::operator()(const Vector3& direction) const {
  const Vector3 d = direction.normalized();
  // Uniaxial unit stress d⊗d in Voigt form; its work-conjugate normal strain along d is
  // aᵀ S a because the strain vector carries engineering shear.
  Vector6 a;
  a << d(0) * d(0), d(1) * d(1), d(2) * d(2), d(1) * d(2), d(0) * d(2), d(0) * d(1);
  return 1.0 / a.dot(s_ * a);
}

namespace {

// Orthonormal tangent basis at a unit vector.
std::pair<Vector3, Vector3> tangentBasis(const Vector3& n) {
  const Vector3 helper = std::abs(n.x()) < 0.9 ? Vector3::UnitX() : Vector3::UnitY();
  const Vector3 t1 = n.cross(helper).normalized();
  return {t1, n.cross(t1)};
}

// Local pattern search on the sphere; sign = +1 maximizes, −1 minimizes. A move must gain more
// than round-off: along a flat ridge, gains of an ulp kept a small step going for hundreds of
// thousands of moves (0.7 s for one orthotropic tensor, a fuzz finding's timeout under ASan).
Vector3 refine(const DirectionalYoung& young, Vector3 d, double sign) {
  double best = sign * young(d);
  double step = 0.05;
  for (int moves = 0; step > 1e-10 && moves < 5000; ++moves) {
    bool improved = false;
    const auto [t1, t2] = tangentBasis(d);
    const std::array<Vector3, 8> moves8 = {t1, -t1, t2, -t2, t1 + t2, t1 - t2, -t1 + t2, -t1 - t2};
    for (const Vector3& t : moves8) {
      const Vector3 cand = (d + step * t).normalized();
      const double v = sign * young(cand);
      if (v > best + 4 * std::numeric_limits<double>::epsilon() * std::abs(best)) {
        best = v;
        d = cand;
        improved = true;
      }
    }
    if (!improved) step *= 0.5;
  }
  return d;
}

// E(d) is flat at an extremum, so the search only pins the direction to ~1e-8. When a
// low-index direction (⟨100⟩, ⟨110⟩, ⟨111⟩) lies within 1e-5 rad and is at least as extreme up
// to round-off, it is the exact answer; report it. The sign is fixed so that the first
// non-zero component is positive (E(d) = E(−d)).
Vector3 canonicalDirection(const DirectionalYoung& young, Vector3 d, double sign) {
  d.normalize();
  const double value = sign * young(d);
  auto snapToLowIndex = [&]() -> Vector3 {
    for (int a = -1; a <= 1; ++a)
      for (int b = -1; b <= 1; ++b)
        for (int c = -1; c <= 1; ++c) {
          if (a == 0 && b == 0 && c == 0) continue;
          const Vector3 k = Vector3(a, b, c).normalized();
          if (std::abs(std::abs(k.dot(d)) - 1.0) > 5e-11) continue;  // angle ≳ 1e-5 rad
          if (sign * young(k) >= value - 1e-12 * std::abs(value)) return k;
        }
    return d;
  };
  d = snapToLowIndex();
  for (int i = 0; i < 3; ++i)
    if (std::abs(d(i)) > 1e-12) {
      if (d(i) < 0) d = -d;
      break;
    }
  return (d.array() + 0.0).matrix();  // no negative zeros in reports
}

}  // namespace

DirectionalExtremes youngsExtremes(const Stiffness& c) {
  const DirectionalYoung young(c);
  // Fibonacci lattice on the upper hemisphere, plus the axes and diagonals that are often
  // exact extremes for symmetric tensors.
  std::vector<Vector3> dirs = {Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1),
                               Vector3(1, 1, 0), Vector3(1, 0, 1), Vector3(0, 1, 1),
                               Vector3(1, 1, 1), Vector3(1, -1, 1), Vector3(-1, 1, 1),
                               Vector3(1, 1, -1)};
  const int n = 4000;
  const double golden = std::numbers::pi * (3.0 - std::sqrt(5.0));
  for (int i = 0; i < n; ++i) {
    const double z = 1.0 - (i + 0.5) / n;
    const double r = std::sqrt(std::max(0.0, 1.0 - z * z));
    dirs.emplace_back(r * std::cos(golden * i), r * std::sin(golden * i), z);
  }
  // Refine the few best candidates of each kind: the global extreme may sit in a basin
  // that the best sample does not belong to. Symmetric tensors have several equal extremes;
  // of those, the canonical one (largest components first, see canonicalDirection) is
  // reported, so that the answer does not depend on which basin round-off favoured.
  auto bestK = [&](double sign) {
    std::vector<std::pair<double, Vector3>> scored;
    scored.reserve(dirs.size());
    for (const Vector3& d : dirs) scored.emplace_back(sign * young(d), d.normalized());
    std::partial_sort(scored.begin(), scored.begin() + 8, scored.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::pair<double, Vector3>> refined;
    double bestValue = -1e300;
    for (int k = 0; k < 8; ++k) {
      const Vector3 d = canonicalDirection(young, refine(young, scored[k].second, sign), sign);
      const double v = sign * young(d);
      refined.emplace_back(v, d);
      bestValue = std::max(bestValue, v);
    }
    Vector3 best = refined.front().second;
    bool found = false;
    for (const auto& [v, d] : refined) {
      if (v < bestValue - 1e-10 * std::abs(bestValue)) continue;
      if (!found || std::lexicographical_compare(best.data(), best.data() + 3, d.data(), d.data() + 3,
                                                 [](double a, double b) { return a < b - 1e-9; })) {
        best = d;
        found = true;
      }
    }
    return best;
  };
  DirectionalExtremes x;
  x.argmax = bestK(+1.0);
  x.argmin = bestK(-1.0);
  x.max = young(x.argmax);
  x.min = young(x.argmin);
  return x;
}

const char* toString(SymmetryClass cls) {
  switch (cls) {
    case SymmetryClass::Isotropic: return "isotropic";
    case SymmetryClass::Cubic: return "cubic";
    case SymmetryClass::TransverselyIsotropic: return "transversely isotropic";
    case SymmetryClass::Tetragonal: return "tetragonal";
    case SymmetryClass::Orthotropic: return "orthotropic";
    case SymmetryClass::Anisotropic: return "anisotropic";
  }
  return "?";
}

std::string SymmetryInfo::describe() const {
  std::string s = toString(cls);
  if (axis >= 0) s += ", axis x" + std::to_string(axis + 1);
  return s;
}

SymmetryInfo classifySymmetry(const Stiffness& stiff, double relTol) {
  const Matrix6& c = stiff.voigt();
  const double tol = relTol * std::max(c.cwiseAbs().maxCoeff(), 1e-300);
  auto eq = [&](double a, double b) { return std::abs(a - b) <= tol; };

  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      if ((i >= 3 || j >= 3) && i != j && !eq(c(i, j), 0.0)) return {SymmetryClass::Anisotropic, -1};

  const bool cubic = eq(c(0, 0), c(1, 1)) && eq(c(1, 1), c(2, 2)) && eq(c(0, 1), c(0, 2)) &&
                     eq(c(0, 2), c(1, 2)) && eq(c(3, 3), c(4, 4)) && eq(c(4, 4), c(5, 5));
  if (cubic) {
    const bool iso = eq(c(3, 3), 0.5 * (c(0, 0) - c(0, 1)));
    return {iso ? SymmetryClass::Isotropic : SymmetryClass::Cubic, -1};
  }
  // Unique axis a with in-plane axes p, q: C_pp = C_qq, C_pa = C_qa, G_pa = G_qa.
  for (int a = 2; a >= 0; --a) {
    const int p = (a + 1) % 3, q = (a + 2) % 3;
    const int shearPA = 3 + q;  // Voigt index of the pair (p, a) is the one missing q
    const int shearQA = 3 + p;
    const int shearPQ = 3 + a;
    if (eq(c(p, p), c(q, q)) && eq(c(p, a), c(q, a)) && eq(c(shearPA, shearPA), c(shearQA, shearQA))) {
      const bool ti = eq(c(shearPQ, shearPQ), 0.5 * (c(p, p) - c(p, q)));
      return {ti ? SymmetryClass::TransverselyIsotropic : SymmetryClass::Tetragonal, a};
    }
  }
  return {SymmetryClass::Orthotropic, -1};
}

}  // namespace mf
