// Spinodoid samples through the dataset machinery: Θ drawn over the paper's design space, each
// cell made again from its stored parameters exactly as it was labelled (same voxels, same FE
// tensor), the run resumable like every generation run, and broken parameters refused.

#include "plugins/spinodoid/spinodoid_dataset.hpp"

#include "core/dataset/dataset_store.hpp"
#include "core/dataset/generation.hpp"
#include "core/fem/homogenize.hpp"
#include "core/tensor/base_material.hpp"
#include "core/voxel/measures.hpp"
#include "tests/core/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mf::spinodoid {
namespace {

TEST(SpinodoidDataset, DesignsCoverTheDesignSpace) {
  Rng rng(1);
  int zeros = 0, draws = 0;
  double lo = 1, hi = 0;
  for (int i = 0; i < 3000; ++i) {
    const Design d = drawDesign(rng);
    EXPECT_EQ(whyInadmissible(d), "");
    lo = std::min(lo, d.density), hi = std::max(hi, d.density);
    for (double t : d.coneDegrees) zeros += t == 0.0, ++draws;
  }
  EXPECT_LT(lo, 0.31);
  EXPECT_GT(hi, 0.99);
  EXPECT_NEAR(double(zeros) / draws, 1.0 / 6.0, 0.02);  // θ < 15° drawn: the cone is absent
}

TEST(SpinodoidDataset, ParametersRoundTripAndBadOnesAreRefused) {
  const Parameters p{{0.35, {70, 70, 0}}, 123456789012345ull};
  const Parameters back = parametersFromJson(toJson(p));
  EXPECT_EQ(back.design, p.design);
  EXPECT_EQ(back.fieldSeed, p.fieldSeed);
  for (const char* bad : {"", "[]", R"({"density":0.5,"cones":[90,90],"field_seed":1})",
                          R"({"density":0.5,"cones":[90,90,90],"field_seed":-1})",
                          R"({"density":0.1,"cones":[90,90,90],"field_seed":1})",
                          R"({"density":0.5,"cones":[5,0,0],"field_seed":1})", R"({"cones":[90,90,90],"field_seed":1})"})
    EXPECT_THROW(parametersFromJson(bad), std::invalid_argument) << bad;
}

// A generation run stores parameters, not voxels; each cell made again from them has the
// stored volume fraction and, solved again, the stored tensor. Killed and restarted, the run
// keeps what it has and adds the rest, the same as one uninterrupted run.
TEST(SpinodoidDataset, RunsStoreParametersThatMakeTheLabelledCellsAgain) {
  test::TempDir dir;
  dataset::GenerationPlan plan;
  plan.source = std::make_shared<SpinodoidSource>();
  plan.resolution = 20;
  plan.count = 3;
  plan.batch = 2;
  plan.feTolerance = 1e-8;
  NullProgress quiet;
  const auto path = dir.path / "s.h5";
  EXPECT_EQ(dataset::runGeneration(plan, path, quiet).written, 3u);
  plan.count = 4;
  const dataset::GenerationReport resumed = dataset::runGeneration(plan, path, quiet);
  EXPECT_EQ(resumed.resumed, 3u);
  EXPECT_EQ(resumed.written, 1u);
  EXPECT_EQ(dataset::readDatasetInfo(path).storage, dataset::CellStorage::Regenerated);
  const auto samples = dataset::readDatasetLabels(path);
  ASSERT_EQ(samples.size(), 4u);
  const auto once = dir.path / "once.h5";
  dataset::runGeneration(plan, once, quiet);
  const auto straight = dataset::readDatasetLabels(once);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const dataset::Sample& s = samples[i];
    EXPECT_EQ(s.generator, kGeneratorName);
    EXPECT_EQ(s.params, straight[i].params);
    const BinaryCell cell = regenerate(s, plan.resolution);
    EXPECT_EQ(volumeFraction(cell), s.volumeFraction);
    fem::HomogenizationOptions fe;
    fe.tolerance = 1e-8;
    const auto r = fem::homogenize(cell, BaseMaterial{}, fe, quiet);
    ASSERT_TRUE(r.stiffness);
    EXPECT_LT((r.stiffness->voigt() - s.stiffness).cwiseAbs().maxCoeff(), 1e-9) << s.params;
    EXPECT_EQ(nlohmann::json::parse(s.fe)["tolerance"], 1e-8);
  }
  // Cubic samples do not go into a spinodoid file.
  dataset::GenerationPlan cubic;
  cubic.resolution = 20;
  cubic.count = 5;
  EXPECT_THROW(dataset::runGeneration(cubic, path, quiet), std::invalid_argument);
}

}  // namespace
}  // namespace mf::spinodoid
