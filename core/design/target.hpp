#pragma once
// The design target: the stiffness an engineer asks for, in the form they typed it.
//
//   Cubic        C11 C12 C44
//   Orthotropic  C11 C12 C13 C22 C23 C33 C44 C55 C66
//   Full         the 21 constants, upper triangle row by row (Stiffness::fromConstants21)
//   Engineering  E ν G: a cubic material with Young's modulus E and Poisson's ratio ν along the
//                cube axes and shear modulus G (isotropic when G = E / 2(1 + ν))
//
// Values are normalized by the base material's E_s like every stiffness in MetaForge.

#include "core/tensor/base_material.hpp"
#include "core/tensor/stiffness.hpp"

#include <string>
#include <vector>

namespace mf::design {

enum class TargetForm { Cubic, Orthotropic, Full, Engineering };

const char* toString(TargetForm form);              // "cubic", "orthotropic", "full", "engineering"
TargetForm parseTargetForm(const std::string& text);  // throws std::invalid_argument
// The labels of the values of a form, in order: {"C11", "C12", "C44"}, {"E", "ν", "G"}, ….
const std::vector<std::string>& fieldNames(TargetForm form);

struct DesignTarget {
  // A new session's target: in the middle of what the bundled model was trained on (so the
  // default family can generate for it at once; tests/plugins check that), half the HS bounds.
  TargetForm form = TargetForm::Cubic;
  std::vector<double> values{0.15, 0.05, 0.04};
  double volumeFraction = 0.40;
  bool volumeFractionFree = false;  // any volume fraction will do (the bounds use volumeFraction)

  static DesignTarget cubic(double c11, double c12, double c44, double volumeFraction);

  // The tensor; throws std::invalid_argument when the values do not make one (wrong count,
  // E ≤ 0, G ≤ 0, ν outside (−1, ½)). The tensor may still be inadmissible: ask it.
  Stiffness stiffness() const;

  // The same tensor written in another form, exactly where that form can hold it (cubic ⊂
  // orthotropic ⊂ full; engineering ↔ cubic), otherwise its closest element of that form
  // (cubic: averages of the cubic-equivalent entries). Throws like stiffness().
  DesignTarget convertedTo(TargetForm form) const;

  bool operator==(const DesignTarget&) const = default;
};

// What writing `target` in form `to` (DesignTarget::convertedTo) changes, in words: "C11 0.5 is
// the mean of C11 0.6, C22 0.6, C33 0.3; C14 0.01 is dropped". Empty when `to` holds the target
// exactly. Throws like stiffness().
std::string conversionNote(const DesignTarget& target, TargetForm to);

// The target in words, as a user reads it: "C11 0.2467, C12 0.1065, C44 0.08214 at vf 0.4"
// ("at any vf" when it is free).
std::string describe(const DesignTarget& target);

struct TargetPreset {
  std::string name;
  std::string description;
  DesignTarget target;
};

// Isotropic near the Hashin–Shtrikman bound, auxetic (ν < 0), stiff in one axis; built for the
// given base material and volume fraction so that their bound ratios read as intended.
std::vector<TargetPreset> targetPresets(const BaseMaterial& base, double volumeFraction);

}  // namespace mf::design
