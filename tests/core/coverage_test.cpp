// What a dataset covers (core/dataset/coverage.hpp): the Hashin–Shtrikman ratios of cells whose
// tensors attain or halve the bound, and what a grown dataset adds beyond a reference's range.

#include "core/dataset/coverage.hpp"
#include "core/tensor/bounds.hpp"
#include "core/tensor/stiffness.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace mf::dataset {
namespace {

// An isotropic cell of these moduli at volume fraction vf, as a dataset sample.
Sample isotropicSample(double bulk, double shear, double vf, std::uint64_t seed) {
  Sample s;
  s.seed = seed;
  s.index = seed;
  s.generator = "test";
  s.stiffness = Stiffness::isotropicLame(bulk - 2.0 * shear / 3.0, shear).voigt();
  s.volumeFraction = vf;
  return s;
}

TEST(Coverage, BoundRatiosAreOneAtTheHashinShtrikmanBoundAndTheSolidsPoissonRatio) {
  const IsotropicModuli at = hashinShtrikmanUpper(BaseMaterial{}, 0.4), solid = hashinShtrikmanUpper(BaseMaterial{}, 1.0);
  const BoundStatistics b = boundStatistics({isotropicSample(at.bulk, at.shear, 0.4, 1),
                                             isotropicSample(solid.bulk / 2, solid.shear / 2, 1.0, 2)});
  EXPECT_NEAR(b.maxBulkRatio, 1.0, 1e-12);
  EXPECT_NEAR(b.maxShearRatio, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(b.shareBulkNearBound, 0.5);  // the half-solid cell is at 1/2 of its bound
  EXPECT_DOUBLE_EQ(b.shareShearNearBound, 0.5);
  // ν = C12/(C11 + C12) is the isotropic Poisson's ratio: the solid's 0.3 for the halved solid.
  EXPECT_NEAR(b.maxPoisson, 0.3, 1e-12);
  EXPECT_NEAR(b.minPoisson, at.poisson, 1e-12);
  // Band by band: the cell at the bound in [0.4, 0.5), the half-solid in the last band [0.9, 1]
  // (vf 1 belongs to it), nothing elsewhere.
  EXPECT_EQ(b.bands[4].count, 1u);
  EXPECT_NEAR(b.bands[4].maxBulkRatio, 1.0, 1e-12);
  EXPECT_NEAR(b.bands[4].minPoisson, at.poisson, 1e-12);
  EXPECT_EQ(b.bands[9].count, 1u);
  EXPECT_NEAR(b.bands[9].maxShearRatio, 0.5, 1e-12);
  std::size_t total = 0;
  for (const auto& band : b.bands) total += band.count;
  EXPECT_EQ(total, 2u);
}

TEST(Coverage, NewSamplesBeyondTheReferenceAreCountedAndFillNewBins) {
  std::vector<Sample> ref;
  for (int i = 0; i < 40; ++i) {
    const double vf = 0.2 + 0.01 * i;
    const IsotropicModuli hs = hashinShtrikmanUpper(BaseMaterial{}, vf);
    ref.push_back(isotropicSample(0.5 * hs.bulk, 0.5 * hs.shear, vf, static_cast<std::uint64_t>(i)));
  }
  std::vector<Sample> grown = ref;
  const IsotropicModuli far = hashinShtrikmanUpper(BaseMaterial{}, 0.9);
  // Dense but compliant: its moduli inside the reference's span, its volume fraction far beyond.
  grown.push_back(isotropicSample(0.15 * far.bulk, 0.15 * far.shear, 0.9, 100));
  const Coverage c = coverage(grown, ref, 10);
  EXPECT_EQ(c.added, 1u);
  EXPECT_EQ(c.addedOutside, 1u);
  EXPECT_EQ(c.addedInBand, 0u);
  ASSERT_TRUE(c.lowestAddedSdf.has_value());
  EXPECT_LT(*c.lowestAddedSdf, -0.025);
  EXPECT_EQ(c.binsAfter, c.binsBefore + 1);  // a bin of its own, in the layer beyond the box's vf
  EXPECT_GT(c.box.hi[3], c.referenceBox.hi[3]);
  EXPECT_EQ(coverage(ref, ref, 10).added, 0u);  // nothing new against itself
  EXPECT_THROW(coverage({}, ref, 10), std::invalid_argument);
  EXPECT_THROW(coverage(grown, ref, 1), std::invalid_argument);
}

}  // namespace
}  // namespace mf::dataset
