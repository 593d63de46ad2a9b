// The design study (core/design/study.hpp) with two small real families of TPMS cells: it
// ranks by the error the FE engine measures (checked against an independent solve), tells its
// observer of every cell proposed and then verified, lists the families that decline and why,
// refuses a target every family declines, and stops on Cancel.

#include "core/dataset/tpms.hpp"
#include "core/design/family_interpolation.hpp"
#include "core/design/study.hpp"
#include "core/tensor/summary.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/measures.hpp"
#include "core/fem/homogenize.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace mf::design {
namespace {

// Network TPMS cells at volume fractions spread about the asked one; a cubic-only family
// declines other targets, as the voxel diffusion family does.
class TpmsFamily : public MicrostructureFamily {
 public:
  TpmsFamily(Tpms kind, bool cubicOnly, std::vector<double> fractions)
      : kind_(kind), cubicOnly_(cubicOnly), fractions_(std::move(fractions)) {}
  std::string id() const override { return std::string("tpms-") + toString(kind_); }
  std::string displayName() const override { return id(); }
  TargetCheck checkTarget(const FamilyRequest& r) const override {
    if (cubicOnly_ && targetClassOf(r.target) != TargetClass::Cubic) return {"makes cubic cells only", {}};
    return {};
  }
  std::vector<ProposedCell> propose(const FamilyRequest& r, Progress& progress) const override {
    std::vector<ProposedCell> out;
    for (int i = 0; i < r.count; ++i) {
      progress.checkCancelled();
      const double vf = fractions_[static_cast<std::size_t>(i) % fractions_.size()];
      ProposedCell p{tpmsCell(kind_, 16, vf, false), {}, nullptr};
      p.provenance.kind = "family";
      p.provenance.fields = {{"family", id()}, {"vf", std::to_string(vf)}};
      out.push_back(std::move(p));
    }
    return out;
  }
  std::optional<PropertyRanges> propertyRanges() const override { return PropertyRanges{{0, 0, 0}, {0.5, 0.2, 0.1}, id()}; }

 private:
  Tpms kind_;
  bool cubicOnly_;
  std::vector<double> fractions_;
};

// A gyroid in its own terms: its volume fraction makes the same surface at any resolution.
class GyroidDesign : public Microstructure {
 public:
  explicit GyroidDesign(double vf) : vf_(vf) {}
  std::vector<Parameter> parameters() const override { return {{"vf", vf_}}; }
  std::uint64_t seed() const override { return 0; }
  int nativeResolution() const override { return 16; }
  BinaryCell realize(int n) const override { return tpmsCell(Tpms::Gyroid, n, vf_, false); }

 private:
  double vf_;
};

class DesignedGyroids : public TpmsFamily {
 public:
  DesignedGyroids() : TpmsFamily(Tpms::Gyroid, true, {0.3}) {}
  std::vector<ProposedCell> propose(const FamilyRequest& r, Progress& progress) const override {
    std::vector<ProposedCell> out = TpmsFamily::propose(r, progress);
    for (ProposedCell& p : out) p.design = std::make_shared<const GyroidDesign>(0.3);
    return out;
  }
};

Stiffness solve(const BinaryCell& cell) {
  NullProgress quiet;
  return *fem::homogenize(cell, BaseMaterial{}, {}, quiet).stiffness;
}

class Recorder : public StudyObserver {
 public:
  void proposed(std::size_t index, const StudyCandidate& c) override {
    EXPECT_EQ(index, proposedCount++);
    EXPECT_EQ(verifiedCount, 0u) << "every cell is proposed before any is verified";
    EXPECT_FALSE(c.homogenized);
  }
  void verified(std::size_t index, const StudyCandidate& c) override {
    EXPECT_EQ(index, verifiedCount++);
    EXPECT_TRUE(c.homogenized);
  }
  std::size_t proposedCount = 0, verifiedCount = 0;
};

TEST(Study, RanksByTheErrorTheFeEngineMeasures) {
  const TpmsFamily gyroids(Tpms::Gyroid, true, {0.2, 0.45, 0.3});
  FamilyRequest request;
  request.target = solve(tpmsCell(Tpms::Gyroid, 16, 0.3, false));  // what the third cell achieves
  request.count = 3;
  const TargetMetric metric = metricFor(request.target, {&gyroids});
  EXPECT_EQ(metric.targetClass(), TargetClass::Cubic);
  NullProgress quiet;
  Recorder recorder;
  const StudyResult r = runStudy({&gyroids}, request, metric, HomogenizeSettings{}, quiet, &recorder);
  EXPECT_EQ(recorder.proposedCount, 3u);
  EXPECT_EQ(recorder.verifiedCount, 3u);
  ASSERT_EQ(r.ranked.size(), 3u);
  EXPECT_EQ(r.ranked[0].proposal.provenance.fields.at("vf"), std::to_string(0.3));
  EXPECT_LT(r.ranked[0].error, 1e-9);  // the same cell, solved again
  for (std::size_t i = 0; i < r.ranked.size(); ++i) {
    const StudyCandidate& c = r.ranked[i];
    EXPECT_EQ(c.family, "tpms-gyroid");
    if (i > 0) {
      EXPECT_LE(r.ranked[i - 1].error, c.error);
    }
    // The error is Eq. 18 with the family's ranges of what an independent solve measures.
    EXPECT_NEAR(c.error, targetError(request.target, solve(c.proposal.cell), *gyroids.propertyRanges()), 1e-9);
    EXPECT_NEAR(c.volumeFraction, std::stod(c.proposal.provenance.fields.at("vf")), 0.01);
    EXPECT_TRUE(c.connected);
  }
  EXPECT_TRUE(r.declined.empty());
}

TEST(Study, FamiliesThatDeclineAreListedAndAllDecliningIsAnError) {
  const TpmsFamily gyroids(Tpms::Gyroid, true, {0.3});
  const TpmsFamily anything(Tpms::SchwarzP, false, {0.3, 0.4});
  FamilyRequest request;
  request.target = Stiffness::orthotropic(0.2, 0.05, 0.05, 0.15, 0.05, 0.1, 0.04, 0.04, 0.03);
  request.count = 2;
  NullProgress quiet;
  const StudyResult r = runStudy({&gyroids, &anything}, request, metricFor(request.target, {&gyroids, &anything}),
                                 HomogenizeSettings{}, quiet);
  ASSERT_EQ(r.declined.size(), 1u);
  EXPECT_EQ(r.declined[0].family, "tpms-gyroid");
  EXPECT_EQ(r.declined[0].check.reason, "makes cubic cells only");
  ASSERT_EQ(r.ranked.size(), 2u);
  for (const StudyCandidate& c : r.ranked) EXPECT_EQ(c.family, "tpms-Schwarz P");
  try {
    runStudy({&gyroids}, request, TargetMetric::full(), HomogenizeSettings{}, quiet);
    ADD_FAILURE() << "a target every family declines was studied";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("makes cubic cells only"), std::string::npos) << e.what();
  }
}

TEST(Study, CancelStopsTheStudy) {
  const TpmsFamily gyroids(Tpms::Gyroid, true, {0.3});
  FamilyRequest request;
  request.target = Stiffness::cubic(0.1, 0.04, 0.03);
  request.count = 4;
  CancelFlagProgress progress;
  class CancelAfterFirst : public StudyObserver {
   public:
    explicit CancelAfterFirst(CancelFlagProgress& p) : p_(p) {}
    void verified(std::size_t, const StudyCandidate&) override { p_.cancel(); }
    CancelFlagProgress& p_;
  } observer(progress);
  EXPECT_THROW(runStudy({&gyroids}, request, metricFor(request.target, {&gyroids}), HomogenizeSettings{}, progress, &observer),
               CancelledError);
}

TEST(Study, TheTargetClassIsTheTensorsAndPicksTheMetric) {
  EXPECT_EQ(targetClassOf(Stiffness::cubic(0.2, 0.05, 0.04)), TargetClass::Cubic);
  EXPECT_EQ(targetClassOf(Stiffness::orthotropic(0.2, 0.05, 0.05, 0.2, 0.05, 0.2, 0.04, 0.04, 0.04)), TargetClass::Cubic);
  EXPECT_EQ(targetClassOf(Stiffness::orthotropic(0.2, 0.05, 0.05, 0.21, 0.05, 0.2, 0.04, 0.04, 0.04)), TargetClass::Orthotropic);
  Matrix6 m = Stiffness::cubic(0.2, 0.05, 0.04).voigt();
  m(0, 3) = m(3, 0) = 0.01;
  EXPECT_EQ(targetClassOf(Stiffness::fromVoigt(m)), TargetClass::Full);
  EXPECT_EQ(metricFor(Stiffness::fromVoigt(m), {}).targetClass(), TargetClass::Full);
  // Without a family's ranges, the base material's; with them, the family's.
  const TargetMetric ortho = metricFor(Stiffness::orthotropic(0.2, 0.05, 0.05, 0.21, 0.05, 0.2, 0.04, 0.04, 0.04), {});
  EXPECT_EQ(ortho.targetClass(), TargetClass::Orthotropic);
  EXPECT_NE(ortho.describe().find("base material"), std::string::npos);
  const TpmsFamily gyroids(Tpms::Gyroid, true, {0.3});
  EXPECT_NE(metricFor(Stiffness::cubic(0.2, 0.05, 0.04), {&gyroids}).describe().find("tpms-gyroid"), std::string::npos);
}

}  // namespace
}  // namespace mf::design

namespace mf::design {
namespace {

// At an FE resolution other than the family's, a cell with a design is made again from it (the
// gyroid surface at 24³, not the 16³ voxels resampled), and that is the cell shown and verified.
TEST(Study, ACellWithADesignIsRealizedAtTheFeResolution) {
  const DesignedGyroids gyroids;
  FamilyRequest request;
  request.target = Stiffness::cubic(0.2, 0.08, 0.06);
  request.count = 1;
  HomogenizeSettings fe;
  fe.resolution = 24;
  NullProgress quiet;
  const StudyResult r = runStudy({&gyroids}, request, metricFor(request.target, {&gyroids}), fe, quiet);
  ASSERT_EQ(r.ranked.size(), 1u);
  const BinaryCell want = tpmsCell(Tpms::Gyroid, 24, 0.3, false);
  EXPECT_EQ(r.ranked[0].proposal.cell, want);
  EXPECT_EQ(r.ranked[0].proposal.provenance.fields.at("resolution"), "24");
  ASSERT_TRUE(r.ranked[0].homogenized);
  EXPECT_EQ(r.ranked[0].homogenized->resolution, 24);
  const Stiffness direct = solve(want);
  EXPECT_NEAR(r.ranked[0].homogenized->stiffness(1, 1), direct(1, 1), 1e-5 * direct(1, 1));
  // A family without a design keeps its voxels; the FE resamples them as before.
  const TpmsFamily plain(Tpms::Gyroid, true, {0.3});
  const StudyResult q = runStudy({&plain}, request, metricFor(request.target, {&plain}), fe, quiet);
  EXPECT_EQ(q.ranked[0].proposal.cell.nx(), 16);
  EXPECT_EQ(q.ranked[0].homogenized->resolution, 24);
}

}  // namespace
}  // namespace mf::design

namespace mf::design {
namespace {

// A family "interpolating" by gyroids of volume fractions between the ends': the members come
// back verified by FE, each with K/K_HS at its volume fraction and its face agreement with the
// member before it, computed independently here.
class GyroidLadder : public Interpolation {
 public:
  std::vector<ProposedCell> interpolate(const BinaryCell& start, const BinaryCell& end, int members, const FamilyRequest&,
                                        Progress&) const override {
    std::vector<ProposedCell> out;
    for (int i = 0; i < members; ++i) {
      const double a = static_cast<double>(i) / (members - 1);
      out.push_back({tpmsCell(Tpms::Gyroid, 16, (1 - a) * volumeFraction(start) + a * volumeFraction(end), false), {}, nullptr});
    }
    return out;
  }
};

TEST(FamilyInterpolation, MembersAreVerifiedWithTheirBulkRatioAndTheirJoinToTheLast) {
  const GyroidLadder ladder;
  NullProgress quiet;
  const InterpolatedFamily result =
      runInterpolation(ladder, tpmsCell(Tpms::Gyroid, 16, 0.2, false), tpmsCell(Tpms::Gyroid, 16, 0.5, false), 4, {}, {}, quiet);
  const std::vector<FamilyMember>& family = result.members;
  ASSERT_EQ(family.size(), 4u);
  EXPECT_FALSE(family[0].faceSimilarity);
  for (std::size_t i = 0; i < family.size(); ++i) {
    const FamilyMember& m = family[i];
    ASSERT_TRUE(m.homogenized && m.bulkRatio);
    const Stiffness direct = solve(m.proposal.cell);
    EXPECT_NEAR(m.homogenized->stiffness(1, 1), direct(1, 1), 1e-6 * direct(1, 1));
    EXPECT_NEAR(*m.bulkRatio, summarize(direct, BaseMaterial{}, m.volumeFraction).bounds->bulkRatio, 1e-5);
    EXPECT_GT(*m.bulkRatio, 0.0);
    EXPECT_LE(*m.bulkRatio, 1.0 + 1e-9);  // Hashin–Shtrikman holds for every cell
    EXPECT_TRUE(m.connected);
    if (i > 0) {
      EXPECT_DOUBLE_EQ(*m.faceSimilarity, faceSimilarity(family[i - 1].proposal.cell, m.proposal.cell));
      EXPECT_GT(m.volumeFraction, family[i - 1].volumeFraction);
    }
  }
  // The family as a whole: its weakest member and join, connected, vf rising.
  const FamilySummary s = summarizeFamily(family, 0.0);
  double minK = 1e9, minFace = 1e9;
  for (const FamilyMember& m : family) {
    minK = std::min(minK, *m.bulkRatio);
    if (m.faceSimilarity) minFace = std::min(minFace, *m.faceSimilarity);
  }
  EXPECT_EQ(s.minBulkRatio, minK);
  EXPECT_EQ(s.minFaceSimilarity, minFace);
  EXPECT_TRUE(s.allConnected);
  EXPECT_TRUE(s.volumeFractionMonotone);
  EXPECT_EQ(s.belowBulkRatio, 0);
  EXPECT_EQ(summarizeFamily(family, 2.0).belowBulkRatio, 4);  // every member is below twice the bound
  std::vector<FamilyMember> zigzag = family;
  std::swap(zigzag[1], zigzag[2]);
  EXPECT_FALSE(summarizeFamily(zigzag).volumeFractionMonotone);
}

TEST(FamilyInterpolation, TheGradedBarPutsTheMembersSideBySide) {
  const GyroidLadder ladder;
  NullProgress quiet;
  const std::vector<FamilyMember> family =
      runInterpolation(ladder, tpmsCell(Tpms::Gyroid, 16, 0.2, false), tpmsCell(Tpms::Gyroid, 16, 0.5, false), 4, {}, {}, quiet).members;
  const BinaryCell bar = gradedBar(family);
  ASSERT_EQ(bar.dims(), (std::array<int, 3>{64, 16, 16}));
  double meanVf = 0;
  for (std::size_t m = 0; m < family.size(); ++m) {
    meanVf += family[m].volumeFraction / family.size();
    const BinaryCell& c = family[m].proposal.cell;
    for (int k = 0; k < 16; ++k)
      for (int j = 0; j < 16; ++j)
        for (int i = 0; i < 16; ++i) ASSERT_EQ(bar(16 * static_cast<int>(m) + i, j, k), c(i, j, k));
  }
  EXPECT_NEAR(volumeFraction(bar), meanVf, 1e-12);
  // Gyroids of any vf share their skeleton: the bar is one piece across every join, and it runs
  // through from end to end (its one component connects to its image along x).
  const ComponentLabels pieces = periodicComponents(bar);
  ASSERT_EQ(pieces.sizes.size(), 1u);
  EXPECT_TRUE(pieces.wraps[0][0]);
  std::vector<FamilyMember> mixed = family;
  mixed[2].proposal.cell = tpmsCell(Tpms::Gyroid, 8, 0.3, false);
  EXPECT_THROW(gradedBar(mixed), std::invalid_argument);
  EXPECT_THROW(gradedBar({}), std::invalid_argument);
}

}  // namespace
}  // namespace mf::design
