// The family plugin registry: plugins are found from their metadata alone, made into families on
// demand, and every way of failing says why. With the diffusion plugin built, its bundled model
// runs the whole design workflow through the plugin, and what FE measures obeys the bounds.

#include "core/design/study.hpp"
#include "core/design/session.hpp"
#include "core/tensor/bounds.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/symmetry.hpp"
#include "plugins/registry/family_registry.hpp"

#include <gtest/gtest.h>

#include "tests/core/temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mf::plugins {
namespace {

std::string mappedLibraries() {
  std::ifstream maps("/proc/self/maps");
  std::stringstream s;
  s << maps.rdbuf();
  return s.str();
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

void writeFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(FamilyRegistry, AFolderWithoutPluginsSaysWhereItLooked) {
  test::TempDir empty;
  const FamilyRegistry registry({empty.path.string()});
  EXPECT_TRUE(registry.families().empty());
  const std::string why = errorOf([&] { registry.create("voxel-diffusion"); });
  EXPECT_NE(why.find("no family plugins were found; looked in " + empty.path.string()), std::string::npos) << why;
}

// Manifests are checked before anything is loaded; each bad one is reported with its reason and
// skipped, and a library the manifest names that is no library fails when made, saying so.
TEST(FamilyRegistry, BadManifestsAreReportedAndSkipped) {
  test::TempDir dir;
  writeFile(dir.path / "a-not-json.json", "{ this is not JSON");
  writeFile(dir.path / "b-other.json", R"({"name": "some other tool's file"})");
  writeFile(dir.path / "c-future.json", R"({"metaforge_family_plugin": 2, "id": "x", "library": "libx.so"})");
  writeFile(dir.path / "d-no-id.json", R"({"metaforge_family_plugin": 1, "library": "libx.so"})");
  writeFile(dir.path / "e-missing.json", R"({"metaforge_family_plugin": 1, "id": "gone", "library": "libgone.so"})");
  writeFile(dir.path / "libfake.so", "not an ELF file");
  writeFile(dir.path / "f-fake.json",
            R"({"metaforge_family_plugin": 1, "id": "fake", "name": "Fake", "library": "libfake.so", "requires": "nothing",
                "parameters": [{"name": "steps", "label": "Steps", "type": "integer", "default": 9, "min": 1, "max": 50},
                               {"name": "tiles", "label": "Tiles", "type": "integer", "default": 9, "min": 1, "max": 4},
                               {"name": "width", "label": "Width", "type": "number", "default": 1, "min": 2, "max": 2}]})");
  const FamilyRegistry registry({dir.path.string()});
  ASSERT_EQ(registry.problems().size(), 7u);
  EXPECT_EQ(registry.problems()[0], "a-not-json.json: not a MetaForge family manifest");
  EXPECT_EQ(registry.problems()[1], "b-other.json: not a MetaForge family manifest");
  EXPECT_EQ(registry.problems()[2], "c-future.json: written for family plugin contract 2, this build reads 1");
  EXPECT_EQ(registry.problems()[3], "d-no-id.json: its manifest has no \"id\"");
  EXPECT_NE(registry.problems()[4].find("e-missing.json: its library"), std::string::npos);
  // A control that could not be used is left out, saying so; the family keeps its good ones.
  EXPECT_EQ(registry.problems()[5], "f-fake.json: its parameter \"tiles\" is left out (its range is empty or does not hold its default)");
  EXPECT_EQ(registry.problems()[6], "f-fake.json: its parameter \"width\" is left out (its range is empty or does not hold its default)");
  ASSERT_EQ(registry.families().size(), 1u);
  const FamilyInfo& fake = registry.families().front();
  ASSERT_EQ(fake.parameters.size(), 1u);
  EXPECT_EQ(fake.parameters[0].label, "Steps");
  EXPECT_TRUE(fake.parameters[0].integer);
  EXPECT_EQ(fake.parameters[0].defaultValue, 9);
  const std::string why = errorOf([&] { registry.create("fake"); });
  EXPECT_NE(why.find("the Fake plugin (" + (dir.path / "libfake.so").string() + ") does not load, it needs nothing"),
            std::string::npos)
      << why;
}

// A family built into the program is listed before the plugins and made by its factory; it must
// make the family it says.
TEST(FamilyRegistry, BuiltInFamiliesAreListedFirstAndMadeByTheirFactory) {
  class Empty : public design::MicrostructureFamily {
   public:
    explicit Empty(std::string id) : id_(std::move(id)) {}
    std::string id() const override { return id_; }
    std::string displayName() const override { return "Empty"; }
    design::TargetCheck checkTarget(const design::FamilyRequest&) const override { return {}; }
    std::vector<design::ProposedCell> propose(const design::FamilyRequest&, Progress&) const override { return {}; }
    std::string id_;
  };
  FamilyRegistry::registerBuiltIn({"test-built-in", "Built in", "", "", "", "", {}, {}, 100},
                                  [](const nlohmann::json& settings) {
                                    return std::make_unique<Empty>(settings.value("say", std::string("test-built-in")));
                                  });
  test::TempDir empty;
  const FamilyRegistry registry({empty.path.string()});
  ASSERT_FALSE(registry.families().empty());
  EXPECT_EQ(registry.families().front().id, "test-built-in");
  EXPECT_EQ(registry.create("test-built-in")->id(), "test-built-in");
  const std::string why = errorOf([&] { registry.create("test-built-in", {{"say", "other"}}); });
  EXPECT_NE(why.find("made no family with id \"test-built-in\""), std::string::npos) << why;
}

#ifdef MF_HAVE_DIFFUSION_PLUGIN

TEST(FamilyRegistry, FindsTheDiffusionPluginByItsMetadataWithoutLoadingIt) {
  const FamilyRegistry registry;
  const FamilyInfo* info = registry.find("voxel-diffusion");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->name, "Voxel diffusion");
  EXPECT_EQ(info->defaultModel, "models/default/card.json");
  EXPECT_EQ(info->requires_, "LibTorch");
  EXPECT_TRUE(std::filesystem::exists(registry.defaultModelPath("voxel-diffusion")));
  // Discovery reads metadata only: LibTorch is not in the process until a family is made.
  EXPECT_EQ(mappedLibraries().find("libtorch"), std::string::npos);
  const std::string why = errorOf([&] { registry.create("tpms"); });
  EXPECT_NE(why.find("no family plugin \"tpms\" (known: voxel-diffusion"), std::string::npos) << why;
}

TEST(FamilyRegistry, AMissingOrCorruptModelIsAClearError) {
  const FamilyRegistry registry;
  nlohmann::json settings = {{"model", "/nonexistent/card.json"}};
  std::string why = errorOf([&] { registry.create("voxel-diffusion", settings); });
  EXPECT_NE(why.find("no model card at /nonexistent/card.json"), std::string::npos) << why;
  test::TempDir dir;
  const std::string card = (dir.path / "card.json").string();
  writeFile(card, R"({"format": "metaforge-diffusion-model", "weights": "model.pt"})");
  settings["model"] = card;
  why = errorOf([&] { registry.create("voxel-diffusion", settings); });
  EXPECT_NE(why.find("incomplete model card"), std::string::npos) << why;
}

TEST(FamilyRegistry, TheBundledModelDesignsVerifiedCandidatesThroughThePlugin) {
  const FamilyRegistry registry;
  const std::unique_ptr<design::MicrostructureFamily> family = registry.create("voxel-diffusion");
  ASSERT_TRUE(family->propertyRanges());
  design::FamilyRequest request;
  request.target = Stiffness::cubic(0.15, 0.05, 0.04);
  request.volumeFraction = 0.4;
  request.count = 3;
  request.steps = 10;
  request.seed = 5;
  ASSERT_TRUE(family->checkTarget(request).ok()) << family->checkTarget(request).reason;
  NullProgress quiet;
  const design::StudyResult run = design::runStudy({family.get()}, request, design::metricFor(request.target, {family.get()}),
                                                   design::HomogenizeSettings{}, quiet);
  ASSERT_EQ(run.ranked.size(), 3u);
  for (std::size_t i = 0; i < run.ranked.size(); ++i) {
    const design::StudyCandidate& v = run.ranked[i];
    EXPECT_EQ(v.family, "voxel-diffusion");
    EXPECT_TRUE(isCubicSymmetric(v.proposal.cell));
    EXPECT_EQ(v.proposal.provenance.fields.at("family"), "voxel-diffusion");
    if (i > 0) {
      EXPECT_LE(run.ranked[i - 1].error, v.error);  // ranked by the true error
    }
    if (!v.homogenized) continue;
    // What FE measures is physics, whatever the model intended: a cubic tensor whose bulk
    // modulus stays under the Hashin–Shtrikman bound at the cell's volume fraction.
    const Stiffness& c = v.homogenized->stiffness;
    EXPECT_NEAR(c(1, 1), c(2, 2), 1e-6 * c(1, 1));
    EXPECT_NEAR(c(4, 4), c(6, 6), 1e-6 * c(1, 1) + 1e-12);
    const double bulk = (c(1, 1) + 2 * c(1, 2)) / 3;
    EXPECT_LE(bulk, hashinShtrikmanUpper(BaseMaterial{}, v.volumeFraction).bulk * (1 + 1e-9));
    EXPECT_NEAR(v.error, design::targetError(request.target, c, *family->propertyRanges()), 1e-15);
  }
  // The same seed gives the same cells, through the plugin as directly.
  const auto again = family->propose(request, quiet);
  bool found = false;
  for (const auto& p : again) found = found || p.cell == run.ranked.front().proposal.cell;
  EXPECT_TRUE(found);
}

// The bundled spinodoid model through its plugin: each cell carries its design (Θ and field
// seed), which makes exactly that cell at the native resolution and the same design at any
// other (the volume fraction ρ within 1 %); a batch of targets gives what each asked alone gives.
TEST(FamilyRegistry, SpinodoidCellsCarryTheirDesignAndABatchIsTheSameAsSingleRequests) {
  const FamilyRegistry registry;
  if (!registry.find("spinodoid")) GTEST_SKIP() << "the spinodoid plugin is not built here";
  const auto family = registry.create("spinodoid");
  const design::HeldOutData* data = family->heldOutData();
  ASSERT_TRUE(data);
  const auto targets = data->heldOutTargets();
  ASSERT_GE(targets.size(), 3u);
  std::vector<design::FamilyRequest> requests;
  for (std::size_t t = 0; t < 3; ++t) {
    design::FamilyRequest r;
    r.target = targets[t].stiffness;
    r.count = 2;
    r.seed = 11 + t;
    requests.push_back(r);
  }
  NullProgress quiet;
  const design::BatchDesign* batch = family->batchDesign();
  ASSERT_TRUE(batch);
  const design::BatchDesign::Batch b = batch->proposeBatch(requests, quiet);
  ASSERT_EQ(b.cells.size(), 3u);
  EXPECT_GT(b.networkSeconds, 0.0);
  for (std::size_t t = 0; t < 3; ++t) {
    const auto alone = family->propose(requests[t], quiet);
    ASSERT_EQ(alone.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
      const design::ProposedCell& p = alone[i];
      EXPECT_EQ(p.cell, b.cells[t][i].cell);
      EXPECT_EQ(p.provenance, b.cells[t][i].provenance);
      ASSERT_TRUE(p.design);
      EXPECT_EQ(p.design->nativeResolution(), p.cell.nx());
      EXPECT_EQ(p.design->realize(p.cell.nx()), p.cell);
      EXPECT_EQ(std::to_string(p.design->seed()), p.provenance.fields.at("field_seed"));
      const double rho = p.design->parameters().at(0).value;
      EXPECT_EQ(p.design->parameters().at(0).name, "density");
      EXPECT_NEAR(volumeFraction(p.design->realize(32)), rho, 0.01);
    }
  }
  // A batch holding one target the family refuses is refused, naming why.
  requests[1].target = Stiffness::cubic(5.0, 1.0, 1.0);
  EXPECT_THROW(batch->proposeBatch(requests, quiet), std::invalid_argument);
}

TEST(FamilyRegistry, TheDefaultErrorRangesAreTheMadeFamilysWithoutLoadingIt) {
  const FamilyRegistry registry;
  const auto ranges = registry.defaultErrorRanges("voxel-diffusion");
  ASSERT_TRUE(ranges);
  const auto family = registry.create("voxel-diffusion");
  ASSERT_TRUE(family->propertyRanges());
  EXPECT_EQ(*ranges, *family->propertyRanges());
  EXPECT_FALSE(registry.defaultErrorRanges("no-such-family"));
}

TEST(FamilyRegistry, ANewSessionsTargetIsOneTheDefaultFamilyCanReach) {
  // File › New, then Generate: the first thing a new user does must work.
  const FamilyRegistry registry;
  ASSERT_FALSE(registry.families().empty());
  const std::unique_ptr<design::MicrostructureFamily> family = registry.create(registry.families().front().id);
  const design::Session fresh;
  design::FamilyRequest request;
  request.target = fresh.target.stiffness();
  if (!fresh.target.volumeFractionFree) request.volumeFraction = fresh.target.volumeFraction;
  const design::TargetCheck check = family->checkTarget(request);
  EXPECT_TRUE(check.ok()) << check.describe();
  // And it lies under the Hashin–Shtrikman bounds of the default base material.
  const IsotropicModuli hs = hashinShtrikmanUpper(BaseMaterial{}, fresh.target.volumeFraction);
  const Stiffness c = fresh.target.stiffness();
  EXPECT_LT((c(1, 1) + 2 * c(1, 2)) / 3, hs.bulk);
}

#endif

}  // namespace
}  // namespace mf::plugins
