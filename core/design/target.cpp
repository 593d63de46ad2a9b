#include "core/design/target.hpp"

#include "core/tensor/bounds.hpp"
#include "core/tensor/format.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mf::design {

const char* toString(TargetForm form) {
  switch (form) {
    case TargetForm::Cubic: return "cubic";
    case TargetForm::Orthotropic: return "orthotropic";
    case TargetForm::Full: return "full";
    case TargetForm::Engineering: return "engineering";
  }
  return "?";
}

TargetForm parseTargetForm(const std::string& text) {
  for (const TargetForm f : {TargetForm::Cubic, TargetForm::Orthotropic, TargetForm::Full, TargetForm::Engineering})
    if (text == toString(f)) return f;
  throw std::invalid_argument("unknown target form '" + text + "' (cubic, orthotropic, full or engineering)");
}

const std::vector<std::string>& fieldNames(TargetForm form) {
  static const std::vector<std::string> cubic = {"C11", "C12", "C44"};
  static const std::vector<std::string> ortho = {"C11", "C12", "C13", "C22", "C23", "C33", "C44", "C55", "C66"};
  static const std::vector<std::string> engineering = {"E", "ν", "G"};
  static const std::vector<std::string> full = [] {
    std::vector<std::string> names;
    for (int i = 1; i <= 6; ++i)
      for (int j = i; j <= 6; ++j) names.push_back("C" + std::to_string(i) + std::to_string(j));
    return names;
  }();
  switch (form) {
    case TargetForm::Cubic: return cubic;
    case TargetForm::Orthotropic: return ortho;
    case TargetForm::Full: return full;
    case TargetForm::Engineering: return engineering;
  }
  return cubic;
}

DesignTarget DesignTarget::cubic(double c11, double c12, double c44, double vf) {
  DesignTarget t;
  t.form = TargetForm::Cubic;
  t.values = {c11, c12, c44};
  t.volumeFraction = vf;
  return t;
}

Stiffness DesignTarget::stiffness() const {
  const std::size_t need = fieldNames(form).size();
  if (values.size() != need)
    throw std::invalid_argument(std::string("a ") + toString(form) + " target needs " + std::to_string(need) +
                                " values, not " + std::to_string(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i])) throw std::invalid_argument(fieldNames(form)[i] + " is not a number");
  const auto& v = values;
  switch (form) {
    case TargetForm::Cubic: return Stiffness::cubic(v[0], v[1], v[2]);
    case TargetForm::Orthotropic: return Stiffness::orthotropic(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    case TargetForm::Full: return Stiffness::fromConstants21(std::span<const double, 21>(v.data(), 21));
    case TargetForm::Engineering: {
      const double e = v[0], nu = v[1], g = v[2];
      if (!(e > 0.0)) throw std::invalid_argument("E must be > 0, it is " + formatNumber(e));
      if (!(g > 0.0)) throw std::invalid_argument("G must be > 0, it is " + formatNumber(g));
      if (!(nu > -1.0 && nu < 0.5)) throw std::invalid_argument("ν must lie in (−1, 0.5), it is " + formatNumber(nu));
      // Cubic compliance S11 = 1/E, S12 = −ν/E, S44 = 1/G, inverted in closed form.
      const double s11 = 1.0 / e, s12 = -nu / e;
      const double c11 = (s11 + s12) / ((s11 - s12) * (s11 + 2.0 * s12));
      const double c12 = -s12 / ((s11 - s12) * (s11 + 2.0 * s12));
      return Stiffness::cubic(c11, c12, g);
    }
  }
  throw std::invalid_argument("unknown target form");
}

DesignTarget DesignTarget::convertedTo(TargetForm to) const {
  const Stiffness c = stiffness();
  DesignTarget t = *this;
  t.form = to;
  const auto& m = c.voigt();
  const double c11 = (m(0, 0) + m(1, 1) + m(2, 2)) / 3.0;
  const double c12 = (m(0, 1) + m(0, 2) + m(1, 2)) / 3.0;
  const double c44 = (m(3, 3) + m(4, 4) + m(5, 5)) / 3.0;
  switch (to) {
    case TargetForm::Cubic: t.values = {c11, c12, c44}; break;
    case TargetForm::Orthotropic:
      t.values = {m(0, 0), m(0, 1), m(0, 2), m(1, 1), m(1, 2), m(2, 2), m(3, 3), m(4, 4), m(5, 5)};
      break;
    case TargetForm::Full: {
      const auto a = c.constants21();
      t.values.assign(a.begin(), a.end());
      break;
    }
    case TargetForm::Engineering: {
      // The cubic average, read as E, ν along the axes and G.
      const double e = (c11 - c12) * (c11 + 2.0 * c12) / (c11 + c12);
      const double nu = c12 / (c11 + c12);
      t.values = {e, nu, c44};
      break;
    }
  }
  return t;
}

std::string conversionNote(const DesignTarget& from, TargetForm to) {
  const Stiffness before = from.stiffness();
  const Stiffness after = from.convertedTo(to).stiffness();
  const auto& b = before.voigt();
  double scale = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) scale = std::max(scale, std::abs(b(i, j)));
  const double tol = 1e-9 * scale;
  auto differs = [&](int i, int j) { return std::abs(before(i, j) - after(i, j)) > tol; };
  auto name = [](int i, int j) { return "C" + std::to_string(i) + std::to_string(j); };
  std::vector<std::string> parts;
  // Cubic (and E, ν, G) keep one value per group of cubic-equivalent entries: their mean.
  const int groups[3][3][2] = {{{1, 1}, {2, 2}, {3, 3}}, {{1, 2}, {1, 3}, {2, 3}}, {{4, 4}, {5, 5}, {6, 6}}};
  std::vector<std::pair<int, int>> grouped;
  if (to == TargetForm::Cubic || to == TargetForm::Engineering) {
    for (const auto& g : groups) {
      bool averaged = false;
      for (const auto& e : g) averaged = averaged || differs(e[0], e[1]);
      for (const auto& e : g) grouped.emplace_back(e[0], e[1]);
      if (!averaged) continue;
      std::string text = name(g[0][0], g[0][1]) + " " + formatNumber(after(g[0][0], g[0][1]), 4) + " is the mean of";
      for (int k = 0; k < 3; ++k)
        text += (k ? ", " : " ") + name(g[k][0], g[k][1]) + " " + formatNumber(before(g[k][0], g[k][1]), 4);
      parts.push_back(text);
    }
  }
  for (int i = 1; i <= 6; ++i)
    for (int j = i; j <= 6; ++j) {
      if (std::find(grouped.begin(), grouped.end(), std::pair{i, j}) != grouped.end() || !differs(i, j)) continue;
      parts.push_back(name(i, j) + " " + formatNumber(before(i, j), 4) + (std::abs(after(i, j)) <= tol ? " is dropped" : " becomes " + formatNumber(after(i, j), 4)));
    }
  std::string note;
  for (std::size_t k = 0; k < parts.size(); ++k) note += (k ? "; " : "") + parts[k];
  return note;
}

std::string describe(const DesignTarget& t) {
  std::string text;
  const auto& names = fieldNames(t.form);
  for (std::size_t i = 0; i < t.values.size() && i < names.size(); ++i)
    text += (i ? ", " : "") + names[i] + " " + formatNumber(t.values[i], 4);
  return text + (t.volumeFractionFree ? " at any vf" : " at vf " + formatNumber(t.volumeFraction, 3));
}

std::vector<TargetPreset> targetPresets(const BaseMaterial& base, double vf) {
  const IsotropicModuli hs = hashinShtrikmanUpper(base, vf);
  auto isotropic = [](double k, double g) {
    return std::array<double, 3>{k + 4.0 * g / 3.0, k - 2.0 * g / 3.0, g};
  };
  std::vector<TargetPreset> presets;
  {
    const auto c = isotropic(0.9 * hs.bulk, 0.9 * hs.shear);
    presets.push_back({"Isotropic near the HS bound", "K and G at 90 % of the Hashin–Shtrikman upper bounds, Zener ratio 1",
                       DesignTarget::cubic(c[0], c[1], c[2], vf)});
  }
  {
    // ν = −0.3 at a tenth of the HS Young's modulus: auxetic cells are compliant.
    const double ehs = 9.0 * hs.bulk * hs.shear / (3.0 * hs.bulk + hs.shear);
    const double e = 0.1 * ehs, nu = -0.3;
    DesignTarget t;
    t.form = TargetForm::Engineering;
    t.values = {e, nu, e / (2.0 * (1.0 + nu))};
    t.volumeFraction = vf;
    presets.push_back({"Auxetic (ν = −0.3)", "isotropic, negative Poisson's ratio, E at 10 % of the HS bound", t});
  }
  {
    // Stiff along x3: a third of the Voigt bound's C11 there, a tenth across.
    const double cv = vf * base.stiffness()(1, 1);
    DesignTarget t;
    t.form = TargetForm::Orthotropic;
    t.values = {0.1 * cv, 0.03 * cv, 0.03 * cv, 0.1 * cv, 0.03 * cv, 0.35 * cv, 0.05 * cv, 0.05 * cv, 0.03 * cv};
    t.volumeFraction = vf;
    presets.push_back({"Stiff in one axis (x3)", "orthotropic: C33 about 3.5 × C11 = C22", t});
  }
  return presets;
}

}  // namespace mf::design
