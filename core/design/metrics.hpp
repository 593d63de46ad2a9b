#pragma once
// The numbers a candidate is judged by (ARCHITECTURE.md, "Metrics everyone uses").
//
// Error to the target (seed 000, Eq. 18): the mean over i ∈ {11, 12, 44} of
//   |C_i^target − C_i^achieved| / (C_i^max − C_i^min),
// with the ranges taken over a dataset. Until a dataset is loaded the ranges are those of the
// base material: [0, C_i of the solid], which every cell of it lies in.

#include "core/design/candidate.hpp"
#include "core/design/target.hpp"
#include "core/voxel/measures.hpp"

#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mf::design {

struct PropertyRanges {
  std::array<double, 3> min{}, max{};  // C11, C12, C44
  std::string source;                  // "base material", or the dataset's name

  static PropertyRanges ofBaseMaterial(const BaseMaterial& base);
  bool operator==(const PropertyRanges&) const = default;
};

// The cubic parts of a tensor used by Eq. 18: C11, C12, C44 averaged over their cubic-equivalent
// entries (exactly C11, C12, C44 for a cubic tensor).
std::array<double, 3> cubicParts(const Stiffness& c);

// Eq. 18 as a fraction (×100 for %). Throws std::invalid_argument for an empty range.
double targetError(const Stiffness& target, const Stiffness& achieved, const PropertyRanges& ranges);

// The nine orthotropic constants in Voigt order: C11 C12 C13 C22 C23 C33 C44 C55 C66.
inline constexpr std::array<const char*, 9> kOrthotropicNames = {"C11", "C12", "C13", "C22", "C23",
                                                                  "C33", "C44", "C55", "C66"};
std::array<double, 9> orthotropicParts(const Stiffness& c);

// The spans of the nine constants over a family's data (the orthotropic error's normalization).
struct OrthotropicRanges {
  std::array<double, 9> min{}, max{};
  std::string source;  // the dataset's name
  // The smallest box holding every tensor; throws std::invalid_argument for none.
  static OrthotropicRanges of(const std::vector<Stiffness>& tensors, std::string source);
  // [0, C_ij of the solid] for each, the fallback before a family's data is known (as
  // PropertyRanges::ofBaseMaterial is for cubic targets).
  static OrthotropicRanges ofBaseMaterial(const BaseMaterial& base);
  bool operator==(const OrthotropicRanges&) const = default;
};

// The error of an orthotropic target (the extension of Eq. 18 to nine constants): the
// mean over the nine of |C_ij^target − C_ij^achieved| / (C_ij^max − C_ij^min). A fraction (×100
// for %). Throws std::invalid_argument for an empty range.
double orthotropicError(const Stiffness& target, const Stiffness& achieved, const OrthotropicRanges& ranges);

// The error of a full (21-constant) target, seed 003's Eq. 8: Σ over the 36 entries of the Voigt
// matrix of (C^t_ij − C^a_ij)² / (C^t_ij)², leaving out entries the target has as zero (below
// 10⁻⁶ of its largest entry in magnitude, where the ratio means nothing). 0 for equal tensors.
double normalizedSquaredError(const Stiffness& target, const Stiffness& achieved);

// The symmetry class a target asks for, read from its tensor (a cubic tensor typed in the
// orthotropic form is a cubic target): what decides its error and which families can aim at it.
enum class TargetClass { Cubic, Orthotropic, Full };
TargetClass targetClassOf(const Stiffness& target);
const char* toString(TargetClass c);  // "cubic", "orthotropic", "full"
// The nearest tensor of that class by its own parts (cubicParts, orthotropicParts; a full
// tensor is its own): how an FE tensor, never exactly of a form, becomes a target of the form.
Stiffness projectOnto(TargetClass c, const Stiffness& tensor);

// The error a study ranks by: one per target class, each implemented once in metrics.hpp.
class TargetMetric {
 public:
  static TargetMetric cubic(PropertyRanges ranges);           // Eq. 18 over C11, C12, C44
  static TargetMetric orthotropic(OrthotropicRanges ranges);  // the mean over the nine constants
  static TargetMetric full();                                 // seed 003's NMSE (Eq. 8)

  TargetClass targetClass() const;
  // The ranges Eq. 18 normalizes by, for a cubic metric (what target-matching TO scales by).
  std::optional<PropertyRanges> cubicRanges() const;
  double operator()(const Stiffness& target, const Stiffness& achieved) const;
  // "Eq. 18 (C11, C12, C44; ranges of <source>)", for reports.
  std::string describe() const;
  // The constants the error reads, named (C11, C12, C44; the nine; the 21 of the upper triangle),
  // and their values in a tensor, in the same order: what reports tabulate and correlate.
  std::vector<std::string> constantNames() const;
  std::vector<double> constants(const Stiffness& tensor) const;

 private:
  explicit TargetMetric(std::variant<PropertyRanges, OrthotropicRanges, std::monostate> norm) : norm_(std::move(norm)) {}
  std::variant<PropertyRanges, OrthotropicRanges, std::monostate> norm_;
};

// R² = 1 − Σ(achieved − target)² / Σ(target − mean target)², per constant (the inner index);
// 0 where the targets do not vary. How well a network or a study reaches its targets.
std::vector<double> rSquaredPerConstant(const std::vector<std::vector<double>>& targets,
                                        const std::vector<std::vector<double>>& achieved);

// How far one quantity the user targets is off: (achieved − target) / |target|. A target value
// near zero has no useful relative error, so its denominator is at least a floor: 1 % of the
// target's largest diagonal stiffness for a stiffness constant, 0.01 for a Poisson's ratio.
struct ConstantError {
  std::string name;  // "C11", "E", "ν", …
  double target = 0, achieved = 0;
  double relative = 0;  // signed; |relative| is what is "off"
};

// The quantities of the target's own form, each against what the cell achieves: the cubic form's
// C11, C12, C44 (the achieved tensor's cubic parts, as Eq. 18 reads it), the orthotropic form's
// nine constants, the full form's 21, the engineering form's E, ν, G (axis averages). Empty when
// the achieved tensor is inadmissible (it has no engineering constants).
std::vector<ConstantError> constantErrors(const DesignTarget& target, const Stiffness& achieved);
// The one furthest off (largest |relative|; the first of a tie); empty for an empty list.
std::optional<ConstantError> furthestOff(const std::vector<ConstantError>& errors);

// A cell is connected when its solid is one face-connected piece that wraps along x, y and z:
// printable as one part, and carrying load in every direction of the lattice.
bool isConnected(const BinaryCell& cell);

struct CandidateMetrics {
  std::optional<double> error;   // the target class's error, once homogenized and when the target is usable
  std::vector<ConstantError> constantErrors;  // likewise (constantErrors())
  double volumeFraction = 0.0;
  std::optional<double> zener;   // once homogenized and admissible
  bool connected = false;
  // Eq. 19 similarity to the other candidates of the same resolution: the mean and the
  // largest, and which candidate that is (−1 when there is no other).
  std::optional<double> meanSimilarity, maxSimilarity;
  int mostSimilar = -1;
};

// One entry per candidate, in order. `target` may be unusable (the user is typing): errors are
// then empty.
std::vector<CandidateMetrics> evaluateCandidates(const std::optional<Stiffness>& target,
                                                 const std::vector<Candidate>& candidates, const TargetMetric& metric);

// Diversity (mean pairwise similarity) of a set of candidates of one resolution; empty for
// fewer than two.
std::optional<double> diversity(const std::vector<const BinaryCell*>& cells);

// Novelty (seed 000): the largest Eq. 19 similarity of a cell to any cell of a reference set
// (the training data) of its dimensions; empty when none has them.
std::optional<double> novelty(const BinaryCell& cell, const std::vector<PackedCell>& reference);

}  // namespace mf::design
