#include "core/dataset/coverage.hpp"

#include "core/dataset/property_range.hpp"
#include "core/tensor/bounds.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace mf::dataset {
namespace {

// The bins of the box's normalized unit cube that hold a sample, with one more bin on each side
// for what lies beyond it.
std::size_t occupiedBins(const std::vector<Sample>& samples, const PropertyBox& box, int b) {
  std::set<std::array<int, 4>> bins;
  for (const Sample& s : samples) {
    const auto p = box.normalize(propertyPoint(s));
    std::array<int, 4> key{};
    for (std::size_t k = 0; k < 4; ++k) key[k] = std::clamp(static_cast<int>(std::floor(p[k] * b)), -1, b);
    bins.insert(key);
  }
  return bins.size();
}

// K/K_HS of a dataset cell read as cubic: K = (C11 + 2·C12)/3 exactly.
double bulkRatioOf(const Sample& s) {
  return (s.stiffness(0, 0) + 2 * s.stiffness(0, 1)) / 3.0 / hashinShtrikmanUpper(BaseMaterial{}, s.volumeFraction).bulk;
}

}  // namespace

std::vector<std::size_t> nearBulkBound(const std::vector<Sample>& samples, double vf, double tolerance, double minBulkRatio) {
  std::vector<std::pair<double, std::size_t>> found;
  for (std::size_t i = 0; i < samples.size(); ++i)
    if (std::abs(samples[i].volumeFraction - vf) <= tolerance) {
      const double k = bulkRatioOf(samples[i]);
      if (k >= minBulkRatio) found.emplace_back(-k, i);
    }
  std::sort(found.begin(), found.end());
  std::vector<std::size_t> out;
  for (const auto& f : found) out.push_back(f.second);
  return out;
}

BoundStatistics boundStatistics(const std::vector<Sample>& samples) {
  BoundStatistics b;
  std::size_t nearK = 0, nearG = 0;
  for (const Sample& s : samples) {
    const IsotropicModuli hs = hashinShtrikmanUpper(BaseMaterial{}, s.volumeFraction);
    const double c11 = s.stiffness(0, 0), c12 = s.stiffness(0, 1), c44 = s.stiffness(3, 3);
    const double k = bulkRatioOf(s), g = c44 / hs.shear, nu = c12 / (c11 + c12);
    nearK += k >= 0.8;
    nearG += g >= 0.8;
    b.maxBulkRatio = std::max(b.maxBulkRatio, k);
    b.maxShearRatio = std::max(b.maxShearRatio, g);
    b.minPoisson = std::min(b.minPoisson, nu);
    b.maxPoisson = std::max(b.maxPoisson, nu);
    const int band = std::clamp(static_cast<int>(s.volumeFraction * BoundStatistics::kBands), 0, BoundStatistics::kBands - 1);
    BoundStatistics::Band& f = b.bands[static_cast<std::size_t>(band)];
    ++f.count;
    f.maxBulkRatio = std::max(f.maxBulkRatio, k);
    f.maxShearRatio = std::max(f.maxShearRatio, g);
    f.minPoisson = std::min(f.minPoisson, nu);
  }
  if (!samples.empty()) {
    b.shareBulkNearBound = static_cast<double>(nearK) / static_cast<double>(samples.size());
    b.shareShearNearBound = static_cast<double>(nearG) / static_cast<double>(samples.size());
  }
  return b;
}

Coverage coverage(const std::vector<Sample>& samples, const std::vector<Sample>& reference, int bins) {
  if (samples.empty() || reference.empty()) throw std::invalid_argument("coverage: the dataset and the reference need samples");
  if (bins < 2) throw std::invalid_argument("coverage: at least 2 bins per axis, not " + std::to_string(bins));
  const PropertyRange range = PropertyRange::build(reference);
  Coverage c;
  c.referenceBox = range.box();
  c.box = PropertyBox::of(samples);
  c.bins = bins;
  std::set<std::pair<std::uint64_t, std::string>> before;
  for (const Sample& s : reference) before.insert({s.seed, s.generator});
  for (const Sample& s : samples) {
    if (before.count({s.seed, s.generator})) continue;
    ++c.added;
    const double f = range.sdf(propertyPoint(s));
    c.addedOutside += f < 0;
    c.addedInBand += f >= -0.025 && f < 0.025;
    c.lowestAddedSdf = std::min(c.lowestAddedSdf.value_or(f), f);
  }
  c.binsBefore = occupiedBins(reference, c.referenceBox, bins);
  c.binsAfter = occupiedBins(samples, c.referenceBox, bins);
  return c;
}

}  // namespace mf::dataset
