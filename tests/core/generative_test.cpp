// The diffusion model's contracts that hold for any weights (symmetry, seeds, guidance 0,
// save/load) and the trainer's basic promise (a few steps lower the loss).
#include "core/files/checksum.hpp"
#include "core/generative/diffusion_model.hpp"
#include "core/generative/training.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/symmetry.hpp"

#include "tests/core/tiny_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace mf::generative {
namespace {

ModelConfig tiny() { return test::tinyModelConfig(); }

// Four 8³ octants, each a diagonal line of solid voxels in its own plane: a tiny batch for the
// trainer's bookkeeping tests.
std::vector<BinaryCell> diagonalOctants() {
  std::vector<BinaryCell> octants(4, BinaryCell(8));
  for (int v = 0; v < 4; ++v)
    for (int i = 0; i < 8; ++i) octants[static_cast<std::size_t>(v)](i, v, (i + v) % 8) = 1;
  return octants;
}

const std::vector<Condition> kConditions = {{0.2f, 0.3f, 0.4f, 0.3f}, {0.8f, 0.1f, 0.6f, 0.5f}, {0.5f, 0.5f, 0.5f, 0.2f}};

TEST(DiffusionModel, SamplesAreExactlyCubicSymmetric) {
  const DiffusionModel model(tiny(), 3);
  NullProgress quiet;
  SamplerOptions o;
  o.steps = 6;
  const auto cells = model.sample(kConditions, o, quiet);
  ASSERT_EQ(cells.size(), 3u);
  for (const BinaryCell& c : cells) {
    EXPECT_EQ(c.nx(), 16);
    EXPECT_TRUE(isCubicSymmetric(c));
  }
}

TEST(DiffusionModel, TheSameSeedGivesTheSameCells) {
  const DiffusionModel model(tiny(), 3);
  NullProgress quiet;
  SamplerOptions o;
  o.steps = 5;
  o.seed = 42;
  const auto a = model.sample(kConditions, o, quiet), b = model.sample(kConditions, o, quiet);
  EXPECT_EQ(a, b);
  o.seed = 43;
  EXPECT_NE(model.sample(kConditions, o, quiet), a);
}

TEST(DiffusionModel, GuidanceZeroIgnoresTheCondition) {
  const DiffusionModel model(tiny(), 5);
  NullProgress quiet;
  SamplerOptions o;
  o.steps = 5;
  o.guidance = 0.0;
  const std::vector<Condition> a(2, kConditions[0]), b(2, kConditions[1]);
  EXPECT_EQ(model.sample(a, o, quiet), model.sample(b, o, quiet));
}

// Whatever the weights, a cell comes out at its conditioned volume fraction: the threshold takes
// whole symmetry orbits of the octant (at most 6 voxels of the 8³), so it lands within 6/512.
TEST(DiffusionModel, CellsComeOutAtTheConditionedVolumeFraction) {
  const DiffusionModel model(tiny(), 7);
  NullProgress quiet;
  SamplerOptions o;
  o.steps = 5;
  const auto cells = model.sample(kConditions, o, quiet);
  for (std::size_t i = 0; i < cells.size(); ++i)
    EXPECT_NEAR(volumeFraction(cells[i]), kConditions[i][3], 6.0 / 512.0) << "condition " << i;
  // Without it the untrained network's cells sit wherever occupancy ½ falls.
  o.matchVolumeFraction = false;
  const auto loose = model.sample(kConditions, o, quiet);
  double worst = 0;
  for (std::size_t i = 0; i < loose.size(); ++i) worst = std::max(worst, std::abs(volumeFraction(loose[i]) - kConditions[i][3]));
  EXPECT_GT(worst, 0.02);
  // A dropped vf keeps occupancy ½.
  std::vector<Condition> free = kConditions;
  for (Condition& c : free) c[3] = kDropped;
  const auto half = model.sample(free, o, quiet);
  o.matchVolumeFraction = true;
  EXPECT_EQ(model.sample(free, o, quiet), half);
}

TEST(DiffusionModel, SaveAndLoadGiveTheSameModel) {
  const auto dir = std::filesystem::temp_directory_path() / ("mf_gen_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const DiffusionModel model(tiny(), 9);
  model.save(dir / "m.pt");
  const DiffusionModel back = DiffusionModel::load(dir / "m.pt", tiny());
  NullProgress quiet;
  SamplerOptions o;
  o.steps = 4;
  EXPECT_EQ(model.sample(kConditions, o, quiet), back.sample(kConditions, o, quiet));
  EXPECT_EQ(model.parameterCount(), back.parameterCount());
  std::ofstream(dir / "bad.pt") << "not a model";
  EXPECT_THROW(DiffusionModel::load(dir / "bad.pt", tiny()), std::runtime_error);
  EXPECT_THROW(DiffusionModel::load(dir / "missing.pt", tiny()), std::runtime_error);
  ModelConfig other = tiny();
  other.widths = {8, 8};
  EXPECT_THROW(DiffusionModel::load(dir / "m.pt", other), std::runtime_error);
  std::filesystem::remove_all(dir);
}

TEST(Trainer, AFewStepsLowerTheLossOnATinySet) {
  // Two kinds of octant (plates and a corner block), each with its own condition.
  std::vector<BinaryCell> octants;
  std::vector<Condition> conditions;
  for (int v = 0; v < 8; ++v) {
    BinaryCell o(8);
    for (int k = 0; k < 8; ++k)
      for (int j = 0; j < 8; ++j)
        for (int i = 0; i < 8; ++i) o(i, j, k) = v % 2 ? (i < 2 || j < 2 || k < 2) : (i + j + k < 6 + v / 2);
    octants.push_back(o);
    conditions.push_back(v % 2 ? Condition{0.8f, 0.2f, 0.5f, 0.4f} : Condition{0.2f, 0.6f, 0.1f, 0.1f});
  }
  DiffusionModel model(tiny(), 1);
  TrainerOptions opt;
  opt.learningRate = 2e-3;
  Trainer trainer(model, opt);
  const double before = trainer.evaluate(octants, conditions, 7);
  for (int s = 0; s < 60; ++s) trainer.step(octants, conditions);
  const double after = trainer.evaluate(octants, conditions, 7);
  std::printf("  held-noise loss %.4f → %.4f after %ld steps\n", before, after, trainer.steps());
  EXPECT_LT(after, 0.7 * before);
}

TEST(Trainer, ACheckpointResumesExactly) {
  const std::vector<BinaryCell> octants = diagonalOctants();
  const std::vector<Condition> conditions(4, Condition{0.1f, 0.2f, 0.3f, 0.4f});
  const auto dir = std::filesystem::temp_directory_path() / ("mf_ckpt_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  DiffusionModel a(tiny(), 2);
  Trainer ta(a, TrainerOptions{});
  for (int s = 0; s < 3; ++s) ta.step(octants, conditions);
  ta.saveCheckpoint(dir / "c.pt");
  std::vector<double> straight;
  for (int s = 0; s < 3; ++s) straight.push_back(ta.step(octants, conditions));
  DiffusionModel b(tiny(), 99);  // different initial weights: the checkpoint must replace them
  Trainer tb(b, TrainerOptions{});
  tb.loadCheckpoint(dir / "c.pt");
  EXPECT_EQ(tb.steps(), 3);
  for (int s = 0; s < 3; ++s) EXPECT_DOUBLE_EQ(tb.step(octants, conditions), straight[static_cast<std::size_t>(s)]) << s;
  std::filesystem::remove_all(dir);
}

TEST(Trainer, TheLearningRateSetReachesTheOptimizer) {
  const std::vector<BinaryCell> octants = diagonalOctants();
  const std::vector<Condition> conditions(4, Condition{0.1f, 0.2f, 0.3f, 0.4f});
  DiffusionModel model(tiny(), 3);
  Trainer trainer(model, TrainerOptions{});
  EXPECT_DOUBLE_EQ(trainer.learningRate(), 2e-4);
  trainer.step(octants, conditions);
  // At rate 0 AdamW moves nothing (its weight decay scales with the rate too): the loss at
  // held noise stays where it was.
  trainer.setLearningRate(0.0);
  const double before = trainer.evaluate(octants, conditions, 5);
  for (int s = 0; s < 3; ++s) trainer.step(octants, conditions);
  EXPECT_DOUBLE_EQ(trainer.evaluate(octants, conditions, 5), before);
  trainer.setLearningRate(2e-3);
  for (int s = 0; s < 3; ++s) trainer.step(octants, conditions);
  EXPECT_NE(trainer.evaluate(octants, conditions, 5), before);
}

TEST(Training, TheAnnealRunsACosineFromTheRateDownToItsShare) {
  TrainingPlan plan;
  plan.epochs = 50;
  plan.trainer.learningRate = 2e-4;
  for (int e = 0; e < plan.epochs; ++e) EXPECT_DOUBLE_EQ(learningRateAt(plan, e), 2e-4);  // no anneal
  plan.annealFrom = 30;
  plan.annealTo = 0.1;
  EXPECT_DOUBLE_EQ(learningRateAt(plan, 0), 2e-4);
  EXPECT_DOUBLE_EQ(learningRateAt(plan, 29), 2e-4);
  EXPECT_DOUBLE_EQ(learningRateAt(plan, 30), 2e-4);
  EXPECT_NEAR(learningRateAt(plan, 49), 2e-5, 1e-18);
  // Half-way along the cosine, half-way between the two rates.
  plan.epochs = 51;
  EXPECT_NEAR(learningRateAt(plan, 40), 1.1e-4, 1e-15);
  for (int e = 31; e < plan.epochs; ++e) EXPECT_LT(learningRateAt(plan, e), learningRateAt(plan, e - 1)) << e;
}

}  // namespace
}  // namespace mf::generative

namespace mf::generative {
namespace {

double similarity(const BinaryCell& a, const BinaryCell& b) {
  double both = 0, na = 0, nb = 0;
  for (std::size_t v = 0; v < a.size(); ++v) both += a[v] && b[v], na += a[v] != 0, nb += b[v] != 0;
  return both / std::sqrt(na * nb);
}

TEST(DiffusionModel, DdimInversionThenSamplingReconstructsATrainingCell) {
  // A small model fitted to three cells, then: cell → noise → cell.
  std::vector<BinaryCell> octants;
  std::vector<Condition> conditions;
  for (int v = 0; v < 3; ++v) {
    BinaryCell o(8);
    for (int k = 0; k < 8; ++k)
      for (int j = 0; j < 8; ++j)
        for (int i = 0; i < 8; ++i) {
          const int a = std::min({i, j, k}), b = std::max({i, j, k});
          o(i, j, k) = v == 0 ? (a < 2) : v == 1 ? (i + j + k < 9) : (b > 5 || a < 1);
        }
    octants.push_back(extractOctant(cubicSymmetrize(mirrorOctant(o))));
    // One condition for all three: only the noise can tell them apart, so a reconstruction
    // proves that the inversion found the right noise.
    conditions.push_back(Condition{0.5f, 0.5f, 0.3f, 0.3f});
  }
  DiffusionModel model(tiny(), 4);
  TrainerOptions opt;
  opt.learningRate = 3e-3;
  opt.ema = 0.9;
  Trainer trainer(model, opt);
  for (int s = 0; s < 250; ++s) trainer.step(octants, conditions);
  const DiffusionModel fitted = trainer.emaModel();
  std::vector<BinaryCell> cells;
  for (const auto& o : octants) cells.push_back(mirrorOctant(o));
  const int steps = 20;
  const auto noise = fitted.invert(cells, conditions, steps);
  NullProgress quiet;
  SamplerOptions o;
  o.steps = steps;
  o.matchVolumeFraction = false;  // the shared condition's vf is none of the three cells' own
  const auto back = fitted.sampleFrom(noise, conditions, o, quiet);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const double s = similarity(back[i], cells[i]);
    std::printf("  cell %zu: similarity after inversion and sampling %.3f\n", i, s);
    EXPECT_GE(s, 0.9) << i;
  }
  // Fresh noise does not give back each cell in turn: the inverted noise carried the shape.
  const auto fresh = fitted.sample(conditions, o, quiet);
  int reproduced = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) reproduced += similarity(fresh[i], cells[i]) >= 0.9;
  EXPECT_LT(reproduced, 3);
}

}  // namespace
}  // namespace mf::generative

#include "core/dataset/generation.hpp"
#include "core/generative/voxel_diffusion_family.hpp"
#include "core/voxel/components.hpp"

#include <nlohmann/json.hpp>

namespace mf::generative {
namespace {

// A bundle on disk: a small generated dataset, an (untrained) model and its card.
struct TinyBundle {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("mf_family_" + std::to_string(::getpid()));
  TinyBundle() {
    std::filesystem::create_directories(dir);
    dataset::GenerationPlan plan;
    plan.resolution = 16;
    plan.count = 30;
    plan.mix = dataset::GeneratorMix::parse("procedural:1");
    NullProgress quiet;
    dataset::runGeneration(plan, dir / "d.h5", quiet);
    DiffusionModel(tiny(), 1).save(dir / "model.pt");
    const nlohmann::json card = {
        {"format", "metaforge-diffusion-model"}, {"version", 1}, {"weights", "model.pt"},
        {"weights_sha256", files::sha256OfFile(dir / "model.pt")},
        {"architecture", {{"octant", 8}, {"widths", {8, 16}}, {"embedding", 32}, {"frequencies", 4}}},
        {"condition_range", {{"C11", {0.0, 0.4}}, {"C12", {0.0, 0.15}}, {"C44", {0.0, 0.12}}}},
        {"dataset", (dir / "d.h5").string()}, {"epochs", 0}};
    std::ofstream(dir / "card.json") << card.dump();
  }
  ~TinyBundle() { std::filesystem::remove_all(dir); }
};

TEST(VoxelDiffusionFamily, ProposesCubicCellsWithProvenanceAndRejectsUnreachableTargets) {
  TinyBundle bundle;
  const VoxelDiffusionFamily family(bundle.dir / "card.json");
  EXPECT_EQ(family.id(), "voxel-diffusion");
  ASSERT_FALSE(family.datasetLabels().empty());
  // A target at a dataset sample is in reach.
  const dataset::Sample& s = family.datasetLabels().front();
  design::FamilyRequest r;
  r.target = Stiffness::cubic(s.stiffness(0, 0), s.stiffness(0, 1), s.stiffness(3, 3));
  r.volumeFraction = s.volumeFraction;
  r.count = 3;
  r.steps = 4;
  EXPECT_TRUE(family.checkTarget(r).ok()) << family.checkTarget(r).reason;
  NullProgress quiet;
  const auto cells = family.propose(r, quiet);
  ASSERT_EQ(cells.size(), 3u);
  for (const auto& c : cells) {
    EXPECT_TRUE(isCubicSymmetric(c.cell));  // island removal keeps it so
    EXPECT_EQ(c.provenance.kind, "family");
    EXPECT_EQ(c.provenance.fields.at("family"), "voxel-diffusion");
    // No islands are left: every solid component is as large as the largest.
    const ComponentLabels comps = periodicComponents(c.cell);
    for (const auto size : comps.sizes) EXPECT_EQ(size, comps.sizes[static_cast<std::size_t>(comps.largest())]);
  }
  // The Eq. 18 ranges are the model's training data's.
  ASSERT_TRUE(family.propertyRanges());
  EXPECT_EQ(family.propertyRanges()->min, family.conditionRange().lo);
  // A target of lower symmetry is refused, not silently projected onto a cubic one.
  design::FamilyRequest tetragonal = r;
  tetragonal.target = Stiffness::fromVoigt([&] {
    Matrix6 v = r.target.voigt();
    v(2, 2) *= 1.1;
    return v;
  }());
  EXPECT_NE(family.checkTarget(tetragonal).reason.find("must be cubic"), std::string::npos);
  // Inadmissible, and far outside: rejected with the reason (and a reachable target).
  r.target = Stiffness::cubic(0.1, 0.2, 0.05);
  EXPECT_NE(family.checkTarget(r).reason.find("inadmissible"), std::string::npos);
  EXPECT_THROW(family.propose(r, quiet), std::invalid_argument);
  r.target = Stiffness::cubic(3.0, 1.0, 1.0);
  const design::TargetCheck far = family.checkTarget(r);
  EXPECT_NE(far.reason.find("outside the model's range"), std::string::npos);
  // The way out is a target the same check accepts, and the message is plain words: the CLI
  // and the GUI add their own syntax (flags, a button).
  ASSERT_TRUE(far.nearest);
  EXPECT_FALSE(far.nearest->volumeFractionFree);  // the request fixed vf, so does the way out
  design::FamilyRequest wayOut = r;
  wayOut.target = far.nearest->stiffness();
  wayOut.volumeFraction = far.nearest->volumeFraction;
  EXPECT_TRUE(family.checkTarget(wayOut).ok()) << family.checkTarget(wayOut).reason;
  EXPECT_NE(far.describe().find("nearest reachable target is C11 "), std::string::npos) << far.describe();
  EXPECT_EQ(far.describe().find("--"), std::string::npos) << far.describe();
  EXPECT_THROW(family.propose(r, quiet), std::invalid_argument);
  // A broken bundle says what is wrong.
  std::ofstream(bundle.dir / "broken.json") << "{";
  EXPECT_THROW(VoxelDiffusionFamily(bundle.dir / "broken.json"), std::runtime_error);
  EXPECT_THROW(VoxelDiffusionFamily(bundle.dir / "none.json"), std::runtime_error);
}

TEST(ModelBundle, HostileCardsAndDamagedWeightsAreRefusedBeforeAnythingIsBuilt) {
  TinyBundle bundle;
  std::ifstream in(bundle.dir / "card.json");
  const nlohmann::json good = nlohmann::json::parse(in);
  auto refusal = [&](const nlohmann::json& card) {
    std::ofstream(bundle.dir / "x.json") << card.dump();
    try {
      loadModelBundle(bundle.dir / "x.json");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  EXPECT_EQ(refusal(good), "loaded");
  nlohmann::json c = good;
  c["condition_range"]["C12"] = nlohmann::json::array();  // indexed out of range before
  EXPECT_NE(refusal(c).find("condition_range.C12 must be [min, max]"), std::string::npos) << refusal(c);
  c = good;
  c["condition_range"]["C44"] = {0.2, 0.1};
  EXPECT_NE(refusal(c).find("min < max"), std::string::npos) << refusal(c);
  c = good;
  c["architecture"]["widths"] = {100000, 100000};  // built an enormous network before any check
  EXPECT_NE(refusal(c).find("width must lie in 1–512"), std::string::npos) << refusal(c);
  c = good;
  c["architecture"]["frequencies"] = 1 << 30;
  EXPECT_NE(refusal(c).find("frequencies must lie in 1–128"), std::string::npos) << refusal(c);
  c = good;
  c["architecture"]["octant"] = 12;
  EXPECT_NE(refusal(c).find("octant must be 4, 8, 16, 32 or 64"), std::string::npos) << refusal(c);
  // Numbers no int can hold (get<int>() of them was undefined behaviour: the model-card fuzzer).
  c = good;
  c["architecture"]["embedding"] = 1e300;
  EXPECT_NE(refusal(c).find("architecture.embedding must be a whole number"), std::string::npos) << refusal(c);
  c = good;
  c["architecture"]["widths"] = {8, -1e19};
  EXPECT_NE(refusal(c).find("architecture.widths must be a whole number"), std::string::npos) << refusal(c);
  c = good;
  c["architecture"]["octant"] = 8.5;
  EXPECT_NE(refusal(c).find("architecture.octant must be a whole number"), std::string::npos) << refusal(c);
  c = good;
  c["weights"] = "../../etc/passwd";
  EXPECT_NE(refusal(c).find("a file beside the card"), std::string::npos) << refusal(c);
  c = good;
  c.erase("weights_sha256");
  EXPECT_NE(refusal(c).find("no weights_sha256"), std::string::npos) << refusal(c);
  // Weights with any byte changed fail their checksum (most loaded silently before).
  std::string weights;
  {
    std::ifstream w(bundle.dir / "model.pt", std::ios::binary);
    weights.assign(std::istreambuf_iterator<char>(w), {});
  }
  for (const std::size_t at : {std::size_t{0}, weights.size() / 2, weights.size() - 1}) {
    std::string damaged = weights;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    std::ofstream(bundle.dir / "model.pt", std::ios::binary | std::ios::trunc) << damaged;
    EXPECT_NE(refusal(good).find("do not match their card's checksum"), std::string::npos) << refusal(good);
  }
  std::ofstream(bundle.dir / "model.pt", std::ios::binary | std::ios::trunc) << weights;
  EXPECT_EQ(refusal(good), "loaded");
}

}  // namespace
}  // namespace mf::generative
