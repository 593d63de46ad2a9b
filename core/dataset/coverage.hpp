#pragma once
// Active learning's report (seed 000 §3.2): what a grown dataset covers beyond the one it grew
// from, in the reference's property range (f_SDF) and in occupied bins of its normalized
// (C11, C12, C44, vf) box.

#include "core/dataset/cleaning.hpp"
#include "core/dataset/sample.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

namespace mf::dataset {

struct Coverage {
  std::size_t added = 0;          // samples not in the reference (by seed and generator)
  std::size_t addedOutside = 0;   // of those, f_SDF < 0: beyond the reference's range
  std::size_t addedInBand = 0;    // |f_SDF| < 0.025: the border band active learning aims at
  std::optional<double> lowestAddedSdf;
  PropertyBox box, referenceBox;  // C11, C12, C44, vf
  int bins = 0;                   // per axis of the reference's box
  std::size_t binsBefore = 0, binsAfter = 0;  // occupied, with one layer outside the box
};

// How near a dataset's cells come to the Hashin–Shtrikman upper bounds of the base material
// (E_s = 1, ν_s = 0.3) at their volume fractions, read as cubic cells (K = (C11 + 2·C12)/3 exactly
// for a cubic tensor, G = C44), and the span of their Poisson's ratios ν = C12/(C11 + C12).
struct BoundStatistics {
  double maxBulkRatio = 0, maxShearRatio = 0;          // K/K_HS, C44/G_HS
  double shareBulkNearBound = 0, shareShearNearBound = 0;  // ratio ≥ 0.8
  double minPoisson = 1, maxPoisson = -1;
  // The frontier band by band of vf, [0, 0.1), [0.1, 0.2), … [0.9, 1]: where a data round moves it.
  struct Band {
    std::size_t count = 0;
    double maxBulkRatio = 0, maxShearRatio = 0, minPoisson = 1;
  };
  static constexpr int kBands = 10;
  std::array<Band, kBands> bands{};
};
BoundStatistics boundStatistics(const std::vector<Sample>& samples);

// The positions of the samples with K/K_HS ≥ minBulkRatio and vf within tolerance of vf, the
// stiffest first (ties by position): a family benchmark's ends "near the bulk bound at vf".
std::vector<std::size_t> nearBulkBound(const std::vector<Sample>& samples, double vf, double tolerance, double minBulkRatio);

// Throws std::invalid_argument for an empty dataset or reference, or bins < 2.
Coverage coverage(const std::vector<Sample>& samples, const std::vector<Sample>& reference, int bins);

}  // namespace mf::dataset
