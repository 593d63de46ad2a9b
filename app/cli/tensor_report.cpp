#include "app/cli/tensor_report.hpp"

#include "app/cli/text.hpp"
#include "core/tensor/format.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace mf::cli {
namespace {

std::string num(double v) { return formatNumber(v, 6); }

nlohmann::json vec3(const Vector3& v) { return {v(0), v(1), v(2)}; }

nlohmann::json moduli(const IsotropicModuli& m) {
  return {{"K", m.bulk}, {"G", m.shear}, {"E", m.youngs}, {"nu", m.poisson}};
}

}  // namespace

std::string describeDirection(const Vector3& direction) {
  // E(d) = E(−d): show the representative whose first non-zero component is positive.
  Vector3 d = direction;
  for (int i = 0; i < 3; ++i)
    if (std::abs(d(i)) > 1e-12) {
      if (d(i) < 0) d = -d;
      break;
    }
  const Vector3 u = d / d.cwiseAbs().maxCoeff();
  bool lowIndex = true, negative = false;
  int digits[3];
  for (int i = 0; i < 3; ++i) {
    const double r = std::round(u(i));
    if (std::abs(u(i) - r) > 1e-6) lowIndex = false;
    digits[i] = static_cast<int>(r);
    negative = negative || digits[i] < 0;
  }
  if (lowIndex) {
    // [111] for positive indices, [1 -1 1] when a sign must be shown.
    std::string miller = "[";
    for (int i = 0; i < 3; ++i) {
      if (negative && i > 0) miller += ' ';
      miller += std::to_string(digits[i]);
    }
    return miller + "]";
  }
  Vector3 n = d.normalized();
  for (int i = 0; i < 3; ++i)
    if (std::abs(n(i)) < 5e-5) n(i) = 0.0;  // below the printed precision: no "-0.0000"
  char buf[96];
  std::snprintf(buf, sizeof buf, "(%.4f, %.4f, %.4f)", n(0), n(1), n(2));
  return buf;
}

std::string tensorReportText(const TensorSummary& s) {
  std::ostringstream out;
  out << "Stiffness C  (Voigt order 11 22 33 23 13 12, engineering shear; normalized by E_s = "
      << num(s.base.youngs) << ", ν_s = " << num(s.base.poisson) << ")\n";
  // Entries below 1e-12·max|C| are round-off (a rotated tensor's zeros) and print as 0.
  const double scale = s.stiffness.voigt().cwiseAbs().maxCoeff();
  for (int i = 0; i < 6; ++i) {
    out << " ";
    for (int j = 0; j < 6; ++j) {
      double v = s.stiffness.voigt()(i, j);
      if (std::abs(v) < 1e-12 * scale) v = 0.0;
      char buf[32];
      std::snprintf(buf, sizeof buf, " %11.6g", v);
      out << buf;
    }
    out << '\n';
  }
  out << '\n';
  const Admissibility& a = s.admissibility;
  out << padded("Admissible", 24)
      << (a.ok() ? "yes (smallest Kelvin modulus " + num(a.minEigenvalue) + ")" : "no: " + a.reason) << '\n';
  out << padded("Symmetry", 24) << s.symmetry.describe() << " (in the given axes)\n";
  if (s.constants) {
    const EngineeringConstants& e = *s.constants;
    out << padded("Zener ratio A", 24) << num(e.zener)
        << "   universal anisotropy A^U = " << num(e.universalAnisotropy) << "\n\n";
    out << "Engineering constants\n";
    out << padded("  E1  E2  E3", 24) << num(e.youngs[0]) << "  " << num(e.youngs[1]) << "  "
        << num(e.youngs[2]) << '\n';
    out << padded("  G23 G13 G12", 24) << num(e.shear[0]) << "  " << num(e.shear[1]) << "  "
        << num(e.shear[2]) << '\n';
    out << padded("  ν12 ν13 ν23", 24) << num(e.poisson(0, 1)) << "  " << num(e.poisson(0, 2))
        << "  " << num(e.poisson(1, 2)) << '\n';
    out << padded("  ν21 ν31 ν32", 24) << num(e.poisson(1, 0)) << "  " << num(e.poisson(2, 0))
        << "  " << num(e.poisson(2, 1)) << '\n';
    out << padded("  K Voigt/Reuss/Hill", 24) << num(e.bulkVoigt) << "  " << num(e.bulkReuss)
        << "  " << num(e.bulkHill) << '\n';
    out << padded("  G Voigt/Reuss/Hill", 24) << num(e.shearVoigt) << "  " << num(e.shearReuss)
        << "  " << num(e.shearHill) << '\n';
    out << padded("  E[100] E[110] E[111]", 24) << num(s.youngs100) << "  " << num(s.youngs110)
        << "  " << num(s.youngs111) << '\n';
    out << padded("  E(d) min", 24) << num(s.extremes->min) << " along "
        << describeDirection(s.extremes->argmin) << '\n';
    out << padded("  E(d) max", 24) << num(s.extremes->max) << " along "
        << describeDirection(s.extremes->argmax) << '\n';
  }
  if (s.bounds) {
    const BoundRatios& b = *s.bounds;
    out << "\nBounds at volume fraction " << num(b.volumeFraction)
        << " (porous isotropic base material)\n";
    out << padded("", 6) << padded("Voigt", 14) << padded("HS upper", 14)
        << padded("tensor (Hill)", 16) << "ratio to HS\n";
    auto row = [&](const char* name, double voigt, double hs, double hill, double ratio) {
      out << padded(std::string("  ") + name, 6) << padded(num(voigt), 14) << padded(num(hs), 14)
          << padded(s.constants ? num(hill) : "-", 16) << (std::isfinite(ratio) ? num(ratio) : "-")
          << '\n';
    };
    const double kH = s.constants ? s.constants->bulkHill : 0.0;
    const double gH = s.constants ? s.constants->shearHill : 0.0;
    const double eH = IsotropicModuli::fromBulkShear(kH, gH).youngs;
    row("K", b.voigt.bulk, b.hashinShtrikman.bulk, kH, b.bulkRatio);
    row("G", b.voigt.shear, b.hashinShtrikman.shear, gH, b.shearRatio);
    row("E", b.voigt.youngs, b.hashinShtrikman.youngs, eH, b.youngsRatio);
    // A ratio above 1 is not a better design: it is a target no porous cell can reach.
    for (const auto& [name, ratio] : {std::pair{"K", b.bulkRatio}, std::pair{"G", b.shearRatio}})
      if (std::isfinite(ratio) && ratio > 1.0)
        out << "  note: " << name << " exceeds the Hashin–Shtrikman upper bound at this volume "
            << "fraction; no porous cell of this base material can reach it\n";
  }
  return out.str();
}

nlohmann::json tensorReportJson(const TensorSummary& s) {
  using nlohmann::json;
  json j;
  j["convention"] = {{"voigt_order", {"11", "22", "33", "23", "13", "12"}},
                     {"shear_strain", "engineering"},
                     {"normalized_by", {{"E_s", s.base.youngs}, {"nu_s", s.base.poisson}}}};
  json rows = json::array();
  for (int i = 0; i < 6; ++i) {
    json row = json::array();
    for (int k = 0; k < 6; ++k) row.push_back(s.stiffness.voigt()(i, k));
    rows.push_back(row);
  }
  j["stiffness"] = rows;
  j["admissible"] = s.admissibility.ok();
  j["reason"] = s.admissibility.reason;
  j["min_kelvin_modulus"] = s.admissibility.minEigenvalue;
  j["symmetry"] = s.symmetry.describe();
  if (s.constants) {
    const EngineeringConstants& e = *s.constants;
    j["engineering"] = {
        {"E", {e.youngs[0], e.youngs[1], e.youngs[2]}},
        {"G", {{"23", e.shear[0]}, {"13", e.shear[1]}, {"12", e.shear[2]}}},
        {"nu", {{"12", e.poisson(0, 1)}, {"13", e.poisson(0, 2)}, {"23", e.poisson(1, 2)},
                {"21", e.poisson(1, 0)}, {"31", e.poisson(2, 0)}, {"32", e.poisson(2, 1)}}},
        {"bulk", {{"voigt", e.bulkVoigt}, {"reuss", e.bulkReuss}, {"hill", e.bulkHill}}},
        {"shear", {{"voigt", e.shearVoigt}, {"reuss", e.shearReuss}, {"hill", e.shearHill}}},
        {"zener", e.zener},
        {"universal_anisotropy", e.universalAnisotropy},
        {"E_100", s.youngs100},
        {"E_110", s.youngs110},
        {"E_111", s.youngs111},
        {"E_min", {{"value", s.extremes->min}, {"direction", vec3(s.extremes->argmin)}}},
        {"E_max", {{"value", s.extremes->max}, {"direction", vec3(s.extremes->argmax)}}}};
  }
  if (s.bounds) {
    const BoundRatios& b = *s.bounds;
    j["bounds"] = {{"volume_fraction", b.volumeFraction},
                   {"voigt", moduli(b.voigt)},
                   {"hashin_shtrikman_upper", moduli(b.hashinShtrikman)},
                   {"ratios", {{"K_over_K_HS", b.bulkRatio},
                               {"G_over_G_HS", b.shearRatio},
                               {"E_over_E_HS", b.youngsRatio}}}};
  }
  return j;
}

}  // namespace mf::cli
