// The spinodoid networks' training (Eq. 6, then Eq. 7 through the frozen f-NN) on a dataset whose
// labels are a known smooth function of Θ: the f-NN learns it (held-out R²), the tandem i-NN
// finds designs the f-NN maps back onto the asked constants, its output always lies in the
// design space, a run stopped part-way resumes to the same result, and damaged cards are refused.

#include "plugins/spinodoid/spinodoid_networks.hpp"

#include "core/dataset/dataset_store.hpp"
#include "core/design/metrics.hpp"
#include "plugins/spinodoid/spinodoid_dataset.hpp"
#include "tests/core/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

namespace mf::spinodoid {
namespace {

// A stand-in for C^H(Θ) with the right shape: stiffer with density, along the cones' axes.
Matrix6 knownStiffness(const Design& d) {
  const double r = d.density * d.density;
  const auto c = [&](int j) { return std::cos(d.coneDegrees[static_cast<std::size_t>(j)] * 3.14159265 / 180.0); };
  Matrix6 m = Matrix6::Zero();
  m(0, 0) = r * (0.6 + 0.3 * c(0));
  m(1, 1) = r * (0.6 + 0.3 * c(1));
  m(2, 2) = r * (0.6 + 0.3 * c(2));
  m(0, 1) = m(1, 0) = 0.3 * r;
  m(0, 2) = m(2, 0) = 0.25 * r;
  m(1, 2) = m(2, 1) = 0.2 * r;
  m(3, 3) = r * (0.2 + 0.1 * c(0));
  m(4, 4) = r * (0.2 + 0.1 * c(1));
  m(5, 5) = r * (0.2 + 0.1 * c(2));
  return m;
}

std::filesystem::path knownDataset(const std::filesystem::path& dir, int n) {
  std::vector<dataset::Sample> samples;
  Rng rng(3);
  for (int i = 0; i < n; ++i) {
    dataset::Sample s;
    s.index = static_cast<std::uint64_t>(i);
    s.seed = rng.next();
    const Design d = drawDesign(rng);
    s.stiffness = knownStiffness(d);
    s.volumeFraction = d.density;
    s.generator = kGeneratorName;
    s.params = toJson({d, rng.next()});
    s.fe = "{}";
    samples.push_back(s);
  }
  const auto path = dir / "known.h5";
  dataset::writeDataset(path, samples, 64, dataset::CellStorage::Regenerated);
  return path;
}

TrainingPlan planFor(const std::filesystem::path& data, const std::filesystem::path& run) {
  TrainingPlan p;
  p.dataset = data;
  p.runFolder = run;
  p.epochs = 60;
  p.batch = 32;
  p.learningRate = 3e-3;
  p.lambdaEpochs = 10;
  p.threads = 1;
  return p;
}

TEST(SpinodoidNetworks, LearnAKnownMapAndInvertItIntoTheDesignSpace) {
  test::TempDir dir;
  const auto data = knownDataset(dir.path, 600);
  NullProgress quiet;
  const TrainingReport r = train(planFor(data, dir.path / "run"), quiet);
  ASSERT_TRUE(r.finished);
  EXPECT_GT(r.heldOutSamples, 30u);
  EXPECT_LT(r.forwardLoss.back(), r.forwardLoss.front() / 10);
  for (std::size_t j = 0; j < 9; ++j) {
    EXPECT_GT(r.forwardR2[j], 0.9) << design::kOrthotropicNames[j];
    EXPECT_GT(r.tandemR2[j], 0.85) << design::kOrthotropicNames[j];
  }
  const Bundle b = loadBundle(dir.path / "run" / "card.json");
  // Whatever it is asked, the i-NN answers with an admissible design (the post-correction).
  Rng rng(9);
  std::vector<Constants> asks;
  for (int i = 0; i < 50; ++i) {
    Constants c;
    for (double& v : c) v = rng.uniform(-0.5, 1.5);
    asks.push_back(c);
  }
  for (const Design& d : b.networks.inverse(asks)) EXPECT_EQ(whyInadmissible(d), "");
  // The bundle is the trained networks: the same answers as the report's.
  const Design probe{0.6, {40, 0, 70}};
  const Constants want = constantsOf(knownStiffness(probe));
  const Constants got = b.networks.forward({probe})[0];
  for (std::size_t j = 0; j < 9; ++j) EXPECT_NEAR(got[j], want[j], 0.1 * want[0]) << design::kOrthotropicNames[j];
}

TEST(SpinodoidNetworks, AStoppedRunResumesToTheSameNetworks) {
  test::TempDir dir;
  const auto data = knownDataset(dir.path, 200);
  TrainingPlan plan = planFor(data, dir.path / "whole");
  plan.epochs = 6;
  NullProgress quiet;
  const TrainingReport whole = train(plan, quiet);
  // Cancelled after three epochs (the checkpoint of each epoch is on disk), then run again.
  class CancelAfter : public Progress {
   public:
    void report(double, std::string_view) override { ++reports; }
    bool cancelled() const override { return reports >= 3; }
    int reports = 0;
  } stop;
  plan.runFolder = dir.path / "resumed";
  EXPECT_THROW(train(plan, stop), CancelledError);
  const TrainingReport resumed = train(plan, quiet);
  ASSERT_EQ(resumed.forwardLoss.size(), whole.forwardLoss.size());
  ASSERT_EQ(resumed.inverseLoss.size(), whole.inverseLoss.size());
  for (std::size_t e = 0; e < whole.forwardLoss.size(); ++e) EXPECT_DOUBLE_EQ(resumed.forwardLoss[e], whole.forwardLoss[e]) << e;
  for (std::size_t e = 0; e < whole.inverseLoss.size(); ++e) EXPECT_DOUBLE_EQ(resumed.inverseLoss[e], whole.inverseLoss[e]) << e;
  // A run folder resumes only on its own data: a grown dataset is refused, saying so, not mixed in.
  std::filesystem::create_directories(dir.path / "grown");
  plan.dataset = knownDataset(dir.path / "grown", 240);
  try {
    train(plan, quiet);
    ADD_FAILURE() << "resumed a training on other data";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("holds a training on other data"), std::string::npos) << e.what();
  }
}

TEST(SpinodoidNetworks, DamagedCardsAreRefusedWithTheReason) {
  test::TempDir dir;
  const auto data = knownDataset(dir.path, 100);
  TrainingPlan plan = planFor(data, dir.path / "run");
  plan.epochs = 1;
  NullProgress quiet;
  train(plan, quiet);
  const auto card = dir.path / "run" / "card.json";
  const auto why = [&](const std::function<void(nlohmann::json&)>& damage) {
    nlohmann::json j = nlohmann::json::parse(std::ifstream(card));
    damage(j);
    const auto bad = dir.path / "run" / "bad.json";
    std::ofstream(bad) << j.dump();
    try {
      loadBundle(bad);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(why([](nlohmann::json& j) { j["format"] = "other"; }).find("not a spinodoid model card"), std::string::npos);
  EXPECT_NE(why([](nlohmann::json& j) { j["weights"] = "../model.pt"; }).find("beside the card"), std::string::npos);
  EXPECT_NE(why([](nlohmann::json& j) { j["weights_sha256"] = "00"; }).find("SHA-256 differs"), std::string::npos);
  EXPECT_NE(why([](nlohmann::json& j) { j["scaling"]["hi"][3] = -1.0; }).find("empty or broken range"), std::string::npos);
  EXPECT_NE(why([](nlohmann::json& j) { j["scaling"]["lo"] = 3; }).find("nine lo and hi"), std::string::npos);
  EXPECT_THROW(loadBundle(dir.path / "none.json"), std::runtime_error);
  EXPECT_NO_THROW(loadBundle(card));
}

}  // namespace
}  // namespace mf::spinodoid
