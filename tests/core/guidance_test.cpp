// Universal guidance of interpolation (core/generative/guidance_energy.hpp, interpolation.hpp) and
// the K/K_HS regressor it climbs (bulk_regressor.hpp): the guided path with all weights 0 gives
// the plain members bit for bit; the boundary term's gradient lowers the face difference; the
// regressor's gradient is its finite difference; guidance toward K needs the regressor; a
// regressor file that is not one is refused.

#include "core/dataset/dataset_store.hpp"
#include "core/design/metrics.hpp"
#include "core/generative/bulk_regressor.hpp"
#include "core/generative/training.hpp"
#include "core/tensor/summary.hpp"
#include "core/generative/guidance_energy.hpp"
#include "core/generative/interpolation.hpp"
#include "core/voxel/symmetry.hpp"

#include "tests/core/temp_dir.hpp"
#include "tests/core/test_cells.hpp"
#include "tests/core/tiny_model.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace mf::generative {
namespace {

RegressorConfig tinyRegressor() {
  RegressorConfig c;
  c.octant = 8;
  c.widths = {4, 8};
  c.hidden = 16;
  return c;
}

TEST(Guidance, AllWeightsZeroGiveThePlainMembersBitForBit) {
  const DiffusionModel model(test::tinyModelConfig(), 5);
  const BulkRegressor regressor(tinyRegressor(), 3);
  InterpolationPlan plan;
  plan.members = 5;
  plan.steps = 6;
  NullProgress quiet;
  const auto plainFamily = interpolate(model, test::endCell(0), test::endCell(1), plan, quiet);
  plan.property = PropertyGuidance{&regressor, 0.0, 0.0, 10.0};  // the guided path, every member alone
  const auto guided = interpolate(model, test::endCell(0), test::endCell(1), plan, quiet);
  ASSERT_EQ(guided.size(), plainFamily.size());
  for (std::size_t i = 0; i < guided.size(); ++i) EXPECT_EQ(guided[i].cell, plainFamily[i].cell) << "member " << i;
  // And guidance that does push changes the interior (so the comparison above could fail).
  plan.property = PropertyGuidance{&regressor, 0.0, 50.0, 1000.0};
  const auto pushed = interpolate(model, test::endCell(0), test::endCell(1), plan, quiet);
  EXPECT_EQ(pushed.front().cell, plainFamily.front().cell);  // the ends are never guided
  EXPECT_EQ(pushed.back().cell, plainFamily.back().cell);
  bool changed = false;
  for (std::size_t i = 1; i + 1 < pushed.size(); ++i) changed |= !(pushed[i].cell == plainFamily[i].cell);
  EXPECT_TRUE(changed);
}

TEST(Guidance, TheBoundaryTermsGradientLowersTheFaceDifference) {
  torch::manual_seed(7);
  const int m = 8;
  const torch::Tensor target = (torch::rand({1, 1, m, m, m}) > 0.5).to(torch::kFloat32);
  torch::Tensor x = (0.02 * torch::randn({1, 1, m, m, m})).requires_grad_(true);  // near the projection's steep part
  const auto energy = [&](const torch::Tensor& v) { return faceDifference(steepProjection(v), target).sum(); };
  const torch::Tensor e0 = energy(x);
  const torch::Tensor g = torch::autograd::grad({e0}, {x})[0];
  // Only the boundary faces carry gradient: the interior of the octant does not touch E_b.
  EXPECT_EQ(g.slice(2, 0, m - 1).slice(3, 0, m - 1).slice(4, 0, m - 1).abs().max().item<float>(), 0.0f);
  const torch::Tensor e1 = energy((x - 1e-4 * g).detach());
  EXPECT_LT(e1.item<double>(), e0.item<double>());
  // Gradient descent keeps lowering it on this toy case (voxels deep in the projection's flat
  // tails on the wrong side barely move: that is the steep projection, as in the paper).
  torch::Tensor y = x.detach().clone();
  for (int k = 0; k < 200; ++k) {
    torch::Tensor v = y.clone().requires_grad_(true);
    const torch::Tensor gk = torch::autograd::grad({energy(v)}, {v})[0];
    y = (y - 1e-3 * gk).detach();
  }
  EXPECT_LT(energy(y).item<double>(), 0.5 * e0.item<double>());
}

// Why the default slope is 4, not the authors' 64: a prediction whose voxels are decided
// (|x̂0| = 0.5, the wrong way round on half the face) gets no gradient through p at slope 64
// (32·sech²(32) ≈ 1e−26), so guidance cannot turn them; at slope 4 every face voxel gets one,
// and a step along it lowers the face difference.
TEST(Guidance, AGentleProjectionReachesDecidedVoxels) {
  const int m = 8;
  torch::manual_seed(3);
  const torch::Tensor target = (torch::rand({1, 1, m, m, m}) > 0.5).to(torch::kFloat32);
  const torch::Tensor decided = 0.5 * (2 * (torch::rand({1, 1, m, m, m}) > 0.5).to(torch::kFloat32) - 1);
  for (const double slope : {64.0, 4.0}) {
    torch::Tensor x = decided.clone().requires_grad_(true);
    const auto energy = [&](const torch::Tensor& v) { return faceDifference(steepProjection(v, slope), target).sum(); };
    const torch::Tensor e0 = energy(x);
    const torch::Tensor g = torch::autograd::grad({e0}, {x})[0];
    const double largest = g.abs().max().item<double>();
    if (slope == 64.0) {
      EXPECT_LT(largest, 1e-20);
    } else {
      EXPECT_GT(largest, 1e-3);
      EXPECT_LT(energy((x - 1.0 * g).detach()).item<double>(), e0.item<double>());
    }
  }
  EXPECT_EQ(PropertyGuidance{}.projectionSlope, 4.0);
}

TEST(Guidance, TheRegressorsGradientIsItsFiniteDifference) {
  const BulkRegressor regressor(tinyRegressor(), 11);
  torch::manual_seed(3);
  const torch::Tensor p = torch::rand({1, 1, 8, 8, 8}, torch::kFloat64).to(torch::kFloat32);
  torch::Tensor v = p.clone().requires_grad_(true);
  const torch::Tensor g = torch::autograd::grad({regressorForward(regressor, v).sum()}, {v})[0];
  for (long idx : {0L, 77L, 300L, 511L}) {
    torch::Tensor plus = p.clone(), minus = p.clone();
    const double h = 1e-2;
    plus.view(-1)[idx] += h;
    minus.view(-1)[idx] -= h;
    torch::NoGradGuard off;
    const double fd = (regressorForward(regressor, plus).item<double>() - regressorForward(regressor, minus).item<double>()) / (2 * h);
    EXPECT_NEAR(g.view(-1)[idx].item<double>(), fd, 2e-3 + 0.05 * std::abs(fd)) << "voxel " << idx;
  }
}

TEST(Guidance, GuidanceTowardBulkNeedsTheRegressor) {
  const DiffusionModel model(test::tinyModelConfig(), 5);
  InterpolationPlan plan;
  plan.members = 3;
  plan.steps = 2;
  plan.property = PropertyGuidance{nullptr, 3.0, 1.0, 10.0};
  NullProgress quiet;
  try {
    interpolate(model, test::endCell(0), test::endCell(1), plan, quiet);
    FAIL() << "guided without a regressor";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("regressor"), std::string::npos) << e.what();
  }
}

TEST(Guidance, ARegressorFileThatIsNotOneIsRefused) {
  test::TempDir dir;
  const BulkRegressor regressor(tinyRegressor(), 1);
  regressor.save(dir.path / "r.pt");
  // Another configuration's weights.
  RegressorConfig other = tinyRegressor();
  other.hidden = 32;
  EXPECT_THROW(BulkRegressor::load(dir.path / "r.pt", other), std::runtime_error);
  std::ofstream(dir.path / "junk.pt") << "not an archive";
  EXPECT_THROW(BulkRegressor::load(dir.path / "junk.pt", tinyRegressor()), std::runtime_error);
  std::ofstream(dir.path / "card.json") << R"({"format": "metaforge-bulk-regressor-1", "weights": "r.pt", "weights_sha256": "00"})";
  EXPECT_THROW(loadRegressorBundle(dir.path / "card.json"), std::runtime_error);
  EXPECT_THROW(loadRegressorBundle(dir.path / "missing.json"), std::runtime_error);
  // The same weights load back and predict the same.
  const BulkRegressor back = BulkRegressor::load(dir.path / "r.pt", tinyRegressor());
  EXPECT_EQ(back.predict({test::endCell(1)}), regressor.predict({test::endCell(1)}));
}

// The bundled regressor on the cells it never trained on (the diffusion model's held-out 5 % of
// both bundled datasets): K/K_HS against our FE's, R² ≥ 0.97 as the issue asks (paper: 0.99),
// and what its card reports.
TEST(Guidance, TheBundledRegressorPredictsHeldOutBulkRatios) {
  const std::filesystem::path resources = std::filesystem::path(MF_SOURCE_DIR) / "resources";
  const RegressorBundle bundle = loadRegressorBundle(resources / "models/regressor/card.json");
  std::vector<BinaryCell> octants;
  std::vector<std::vector<double>> want, got;
  for (const char* data : {"datasets/default.h5", "datasets/al-round1.h5"})
    for (const dataset::Sample& s : dataset::readDataset(resources / data))
      if (isHeldOut(s)) {
        octants.push_back(s.octant);
        want.push_back({boundRatios(Stiffness::fromVoigt(s.stiffness), BaseMaterial{}, s.volumeFraction).bulkRatio});
      }
  ASSERT_GT(octants.size(), 500u);
  for (double k : bundle.regressor.predictOctants(octants)) got.push_back({k});
  const double r2 = design::rSquaredPerConstant(want, got)[0];
  EXPECT_GE(r2, 0.97);
  EXPECT_NEAR(r2, bundle.heldOutR2, 1e-4);  // the card's figure is this one
}

}  // namespace
}  // namespace mf::generative
