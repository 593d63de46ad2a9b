#pragma once
// The numbers a candidate is judged by (ARCHITECTURE.md, "Metrics everyone uses").
//
// Error to the target (seed 000, Eq. 18): the mean over i ∈ {11, 12, 44} of
//   |C_i^target − C_i^achieved| / (C_i^max − C_i^min),
// with the ranges taken over a dataset. Until a dataset is loaded the ranges are those of the
// base material: [0, C_i of the solid], which every cell of it lies in.

#include "core/design/candidate.hpp"
#include "core/design/target.hpp"

#include <array>
#include <optional>
#include <string>
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

// A cell is connected when its solid is one face-connected piece that wraps along x, y and z:
// printable as one part, and carrying load in every direction of the lattice.
bool isConnected(const BinaryCell& cell);

struct CandidateMetrics {
  std::optional<double> error;   // Eq. 18, once homogenized and when the target is usable
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
                                                 const std::vector<Candidate>& candidates, const PropertyRanges& ranges);

// Diversity (mean pairwise similarity) of a set of candidates of one resolution; empty for
// fewer than two.
std::optional<double> diversity(const std::vector<const BinaryCell*>& cells);

}  // namespace mf::design
