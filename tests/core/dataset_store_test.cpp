// The dataset pipeline: generators, cleaning, thinning, the HDF5 store (bit-exact round trip),
// sharded generation (ranks and jobs give the same samples), and the property-range SDF.

#include "core/dataset/cleaning.hpp"
#include "core/dataset/dataset_store.hpp"
#include "core/dataset/generation.hpp"
#include "core/dataset/generators.hpp"
#include "core/dataset/property_range.hpp"
#include "core/fem/homogenize.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/symmetry.hpp"
#include "tests/core/temp_dir.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <set>

namespace mf::dataset {
namespace {

Sample randomSample(Rng& rng, int m, std::uint64_t index) {
  Sample s;
  s.index = index;
  s.seed = rng.next();
  s.octant = BinaryCell(m);
  for (auto& v : s.octant.data()) v = rng.uniform() < 0.4 ? 1 : 0;
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c) s.stiffness(r, c) = rng.normal() * std::pow(10.0, rng.uniformInt(-300, 300));
  s.stiffness(5, 5) = std::numeric_limits<double>::denorm_min();
  s.volumeFraction = rng.uniform();
  s.generator = index % 2 ? "trig" : "to";
  s.params = R"({"note":"ünïcode ✓","x":)" + std::to_string(rng.uniform()) + "}";
  s.fe = R"({"tolerance":1e-6})";
  return s;
}

// A family whose cells are made again from their parameters stores no voxels: the labels come
// back bit for bit, the file says so, and a reader that needs voxels is told why it gets none.
TEST(DatasetStore, RegeneratedCellsStoreLabelsAndNoVoxels) {
  test::TempDir dir;
  Rng rng(7);
  std::vector<Sample> a;
  for (std::uint64_t i = 0; i < 9; ++i) {
    a.push_back(randomSample(rng, 4, i));
    a.back().octant = BinaryCell();
  }
  const auto path = dir.path / "regenerated.h5";
  writeDataset(path, {a.begin(), a.begin() + 5}, 64, CellStorage::Regenerated);
  appendSamples(path, {a.begin() + 5, a.end()}, 64, CellStorage::Regenerated);
  const DatasetInfo info = readDatasetInfo(path);
  EXPECT_EQ(info.storage, CellStorage::Regenerated);
  EXPECT_EQ(info.count, 9u);
  EXPECT_EQ(info.cellResolution, 64);
  const std::vector<Sample> back = readDatasetLabels(path);
  ASSERT_EQ(back.size(), a.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(std::memcmp(back[i].stiffness.data(), a[i].stiffness.data(), sizeof(double) * 36), 0) << i;
    EXPECT_EQ(back[i].params, a[i].params);
    EXPECT_TRUE(back[i].octant.empty());
  }
  try {
    readDataset(path);
    ADD_FAILURE() << "read voxels from a file without any";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("stores no voxels"), std::string::npos) << e.what();
  }
  // Storage is the file's: octants do not go into it, nor parameters-only samples into a file of octants.
  EXPECT_THROW(appendSamples(path, {randomSample(rng, 32, 99)}, 64), std::invalid_argument);
  const auto octants = dir.path / "octants.h5";
  writeDataset(octants, {randomSample(rng, 8, 0)}, 16);
  EXPECT_EQ(readDatasetInfo(octants).storage, CellStorage::Octant);
  EXPECT_THROW(appendSamples(octants, {a[0]}, 16, CellStorage::Regenerated), std::invalid_argument);
  EXPECT_THROW(writeDataset(dir.path / "mixed.h5", {a[0]}, 16), std::invalid_argument);  // no octant, octant storage
  EXPECT_EQ(readDatasetLabels(path).size(), 9u);  // nothing lost
}

// Such files are compared and merged by what they hold (a reproduction of the spinodoid data is
// checked this way): merging one compacts it and keeps every sample; a changed parameter shows.
TEST(DatasetStore, RegeneratedFilesCompareAndMergeByTheirSamples) {
  test::TempDir dir;
  Rng rng(8);
  std::vector<Sample> a;
  for (std::uint64_t i = 0; i < 40; ++i) {
    a.push_back(randomSample(rng, 4, i));
    a.back().octant = BinaryCell();
  }
  const auto appended = dir.path / "appended.h5", merged = dir.path / "merged.h5", changed = dir.path / "changed.h5";
  writeDataset(appended, {a.begin(), a.begin() + 4}, 64, CellStorage::Regenerated);
  for (std::size_t i = 4; i < a.size(); i += 4) appendSamples(appended, {a.begin() + i, a.begin() + i + 4}, 64, CellStorage::Regenerated);
  EXPECT_EQ(mergeDatasets({appended}, merged), a.size());
  EXPECT_EQ(readDatasetInfo(merged).storage, CellStorage::Regenerated);
  EXPECT_EQ(datasetDifference(appended, merged), std::nullopt);
  EXPECT_LE(std::filesystem::file_size(merged), std::filesystem::file_size(appended));
  std::vector<Sample> b(a.rbegin(), a.rend());  // the same samples in another order
  b[7].params += " ";
  writeDataset(changed, b, 64, CellStorage::Regenerated);
  const auto difference = datasetDifference(merged, changed);
  ASSERT_TRUE(difference.has_value());
  EXPECT_EQ(*difference, "sample " + std::to_string(b[7].index) + " differs");
  b.pop_back();
  writeDataset(changed, b, 64, CellStorage::Regenerated);
  EXPECT_EQ(datasetDifference(merged, changed), "40 and 39 samples");
  const auto octants = dir.path / "octants.h5";
  writeDataset(octants, {randomSample(rng, 8, 0)}, 16);
  EXPECT_EQ(datasetDifference(merged, octants), "one stores octants, the other regenerates its cells");
}

TEST(DatasetStore, RoundTripIsBitForBit) {
  test::TempDir dir;
  Rng rng(42);
  std::vector<Sample> a, b;
  for (std::uint64_t i = 0; i < 37; ++i) a.push_back(randomSample(rng, 8, i));
  for (std::uint64_t i = 37; i < 50; ++i) b.push_back(randomSample(rng, 8, i));
  const auto path = dir.path / "round.h5";
  writeDataset(path, a, 16);
  appendSamples(path, b, 16);
  const std::vector<Sample> back = readDataset(path);
  ASSERT_EQ(back.size(), a.size() + b.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    const Sample& want = i < a.size() ? a[i] : b[i - a.size()];
    EXPECT_EQ(back[i].octant, want.octant) << i;
    EXPECT_EQ(std::memcmp(back[i].stiffness.data(), want.stiffness.data(), sizeof(double) * 36), 0) << i;
    EXPECT_EQ(back[i], want) << i;
  }
  EXPECT_EQ(readDatasetInfo(path).count, 50u);
  EXPECT_EQ(readDatasetInfo(path).cellResolution, 16);
  // Labels only: the same minus the voxels.
  const std::vector<Sample> labels = readDatasetLabels(path);
  EXPECT_EQ(labels[3].stiffness, a[3].stiffness);
  EXPECT_TRUE(labels[3].octant.empty());
}

TEST(DatasetStore, RejectsWrongSizesAndNonDatasets) {
  test::TempDir dir;
  Rng rng(1);
  const auto path = dir.path / "d.h5";
  writeDataset(path, {randomSample(rng, 8, 0)}, 16);
  EXPECT_THROW(appendSamples(path, {randomSample(rng, 8, 1)}, 32), std::invalid_argument);
  EXPECT_THROW(appendSamples(path, {randomSample(rng, 4, 1)}, 16), std::invalid_argument);
  EXPECT_EQ(readDatasetInfo(path).count, 1u);  // the failed appends left the file as it was
  const auto junk = dir.path / "junk.h5";
  std::ofstream(junk) << "not hdf5";
  EXPECT_THROW(readDataset(junk), std::runtime_error);
  EXPECT_THROW(readDataset(dir.path / "missing.h5"), std::runtime_error);
}

// What a reader of `path` says, or "read N samples".
std::string verdict(const std::filesystem::path& path) {
  try {
    return "read " + std::to_string(readDataset(path).size()) + " samples";
  } catch (const std::runtime_error& e) {
    return e.what();
  }
}

// A copy of a good file with one change made through HDF5 itself.
std::filesystem::path damaged(const std::filesystem::path& good, const std::string& name,
                              const std::function<void(hid_t file)>& change) {
  const auto path = good.parent_path() / name;
  std::filesystem::copy_file(good, path, std::filesystem::copy_options::overwrite_existing);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  change(file);
  H5Fclose(file);
  return path;
}

TEST(DatasetStore, InconsistentFilesSayWhatIsWrongBeforeAnythingIsRead) {
  test::TempDir dir;
  Rng rng(3);
  std::vector<Sample> samples;
  for (std::uint64_t i = 0; i < 20; ++i) samples.push_back(randomSample(rng, 8, i));
  const auto good = dir.path / "good.h5";
  writeDataset(good, samples, 16);
  ASSERT_EQ(verdict(good), "read 20 samples");
  // Columns that disagree in row count (a reader sized by index overran the others).
  const auto rows = damaged(good, "rows.h5", [](hid_t f) {
    const hid_t ds = H5Dopen2(f, "samples/stiffness", H5P_DEFAULT);
    const hsize_t dims[3] = {25, 6, 6};
    H5Dset_extent(ds, dims);
    H5Dclose(ds);
  });
  EXPECT_NE(verdict(rows).find("column stiffness holds 25 rows, index 20"), std::string::npos) << verdict(rows);
  // A cell_resolution that disagrees with the octant column (SIGBUS before).
  const auto resolution = damaged(good, "res.h5", [](hid_t f) {
    const hid_t a = H5Aopen(f, "cell_resolution", H5P_DEFAULT);
    const int wrong = 64;
    H5Awrite(a, H5T_NATIVE_INT, &wrong);
    H5Aclose(a);
  });
  EXPECT_NE(verdict(resolution).find("does not match cell_resolution 64"), std::string::npos) << verdict(resolution);
  const auto odd = damaged(good, "odd.h5", [](hid_t f) {
    const hid_t a = H5Aopen(f, "cell_resolution", H5P_DEFAULT);
    const int wrong = -7;
    H5Awrite(a, H5T_NATIVE_INT, &wrong);
    H5Aclose(a);
  });
  EXPECT_NE(verdict(odd).find("cell_resolution -7"), std::string::npos) << verdict(odd);
  // A missing column, a column of the wrong type, a missing group.
  const auto missing = damaged(good, "missing.h5", [](hid_t f) { H5Ldelete(f, "samples/seed", H5P_DEFAULT); });
  EXPECT_NE(verdict(missing).find("no column seed"), std::string::npos) << verdict(missing);
  const auto group = damaged(good, "group.h5", [](hid_t f) { H5Ldelete(f, "samples", H5P_DEFAULT); });
  EXPECT_NE(verdict(group).find("no /samples group"), std::string::npos) << verdict(group);
  // Not HDF5 at all; an empty file; a directory.
  std::ofstream(dir.path / "text.h5") << "not hdf5 at all";
  EXPECT_NE(verdict(dir.path / "text.h5").find("not an HDF5 file"), std::string::npos);
  std::ofstream(dir.path / "empty.h5");
  EXPECT_NE(verdict(dir.path / "empty.h5").find("empty"), std::string::npos);
  EXPECT_NE(verdict(dir.path).find("a directory"), std::string::npos);
}

TEST(DatasetStore, DamagedBytesGiveOneErrorNeverACrash) {
  // Flipped bytes everywhere in a small dataset, and truncations: samples or one error naming
  // the file (bit flips in HDF5's global heap crashed the library inside the read).
  test::TempDir dir;
  Rng rng(5);
  std::vector<Sample> samples;
  for (std::uint64_t i = 0; i < 6; ++i) samples.push_back(randomSample(rng, 4, i));
  const auto good = dir.path / "good.h5";
  writeDataset(good, samples, 8);
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto bad = dir.path / "bad.h5";
  int errors = 0;
  auto attempt = [&](const std::string& content) {
    std::ofstream(bad, std::ios::binary | std::ios::trunc).write(content.data(), static_cast<std::streamsize>(content.size()));
    const std::string v = verdict(bad);
    if (v.rfind("read ", 0) == 0) return;
    ++errors;
    EXPECT_NE(v.find(bad.string()), std::string::npos) << v;
    EXPECT_EQ(v.find('\n'), std::string::npos) << v;
  };
  for (std::size_t i = 0; i < bytes.size(); i += std::max<std::size_t>(1, bytes.size() / 600)) {
    std::string d = bytes;
    d[i] = static_cast<char>(~d[i]);
    attempt(d);
  }
  for (std::size_t n = 1; n < bytes.size(); n += std::max<std::size_t>(1, bytes.size() / 60)) attempt(bytes.substr(0, n));
  EXPECT_GT(errors, 0);
}

TEST(Generators, GiveCleanCubicCellsAtTheirVolumeFraction) {
  NullProgress quiet;
  for (Generator g : {Generator::Trig, Generator::Spinodoid, Generator::Tpms}) {
    int accepted = 0;
    for (std::uint64_t seed = 0; seed < 12; ++seed) {
      Rng rng(seed);
      const GeneratedCell c = generateCell(g, 24, rng, quiet);
      EXPECT_TRUE(isCubicSymmetric(c.cell)) << toString(g) << " seed " << seed;
      const auto params = c.params;
      EXPECT_NE(params.find("volume_fraction"), std::string::npos);
      const CleanedCell clean = cleanCell(c.cell);
      if (clean.accepted()) {
        ++accepted;
        EXPECT_TRUE(isCubicSymmetric(clean.cell));
        EXPECT_TRUE(octantTouchesAllFaces(extractOctant(clean.cell)));
      }
    }
    EXPECT_GE(accepted, 6) << toString(g);
  }
}

// A data round's reach: every generator draws its volume fraction from the run's range (the
// level set meets it to a voxel-count rounding), topology optimization only the objectives asked
// for; ranges outside (0, 1) or reversed, and target matching, are refused with the reason.
TEST(Generators, AReachMovesEveryGeneratorsVolumeFractionAndObjective) {
  NullProgress quiet;
  GeneratorOptions reach;
  reach.volumeFractions = std::make_pair(0.6, 0.8);
  for (Generator g : {Generator::Trig, Generator::Spinodoid, Generator::Tpms}) {
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      Rng rng(seed);
      const GeneratedCell c = generateCell(g, 24, rng, quiet, reach);
      const double drawn = nlohmann::json::parse(c.params).at("volume_fraction").get<double>();
      EXPECT_GE(drawn, 0.6) << toString(g);
      EXPECT_LE(drawn, 0.8) << toString(g);
      EXPECT_NEAR(volumeFraction(c.cell), drawn, 0.03) << toString(g) << " seed " << seed;
      EXPECT_TRUE(isCubicSymmetric(c.cell));
    }
  }
  reach.objectives = {optimize::Objective::MaxBulk};
  reach.volumeFractions = std::make_pair(0.7, 0.7);
  Rng rng(3);
  const GeneratedCell t = generateCell(Generator::TopologyOptimized, 16, rng, quiet, reach);
  const auto params = nlohmann::json::parse(t.params);
  EXPECT_EQ(params.at("objective"), "bulk");
  EXPECT_DOUBLE_EQ(params.at("volume_fraction").get<double>(), 0.7);
  EXPECT_NEAR(volumeFraction(t.cell), 0.7, 0.05);
  // Unset, the defaults: the same cell as before the options existed.
  Rng a(9), b(9);
  EXPECT_EQ(generateCell(Generator::Trig, 16, a, quiet).cell, generateCell(Generator::Trig, 16, b, quiet, GeneratorOptions{}).cell);
  for (const auto& bad : {std::make_pair(0.8, 0.6), std::make_pair(0.0, 0.5), std::make_pair(0.5, 1.0)}) {
    GeneratorOptions o;
    o.volumeFractions = bad;
    EXPECT_THROW(checkGeneratorOptions(o), std::invalid_argument);
  }
  GeneratorOptions target;
  target.objectives = {optimize::Objective::MatchTarget};
  EXPECT_THROW(checkGeneratorOptions(target), std::invalid_argument);
}

TEST(Cleaning, RejectsWhatSeed000Rejects) {
  // A ball in the middle of the cell touches no octant face (and does not span the cell).
  BinaryCell ball(16);
  for (int k = 0; k < 16; ++k)
    for (int j = 0; j < 16; ++j)
      for (int i = 0; i < 16; ++i)
        ball(i, j, k) = (i - 7.5) * (i - 7.5) + (j - 7.5) * (j - 7.5) + (k - 7.5) * (k - 7.5) < 20;
  EXPECT_FALSE(cleanCell(ball).accepted());
  EXPECT_EQ(cleanCell(ball).reason, "does not span the cell");
  // Three orthogonal plates through the centre planes span the cell.
  BinaryCell plates(16);
  for (int k = 0; k < 16; ++k)
    for (int j = 0; j < 16; ++j)
      for (int i = 0; i < 16; ++i) plates(i, j, k) = (i == 7 || i == 8 || j == 7 || j == 8 || k == 7 || k == 8);
  EXPECT_TRUE(cleanCell(plates).accepted());
  // A loose speck is dropped and the rest kept.
  BinaryCell speck = plates;
  speck(3, 4, 2) = 1;
  const CleanedCell cleaned = cleanCell(speck);
  ASSERT_TRUE(cleaned.accepted());
  EXPECT_EQ(cleaned.cell, plates);
  // The octant face check on its own: a cube in the octant's corner reaches three faces.
  BinaryCell oct(8);
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 3; ++i) oct(i, j, k) = 1;
  EXPECT_FALSE(octantTouchesAllFaces(oct));
  oct(7, 7, 7) = 1;
  EXPECT_TRUE(octantTouchesAllFaces(oct));
}

TEST(Thinning, CapsEveryBinAndKeepsSparseRegions) {
  std::vector<Sample> s;
  Rng rng(9);
  for (int i = 0; i < 400; ++i) {  // a dense cluster ...
    Sample x;
    x.seed = rng.next();
    x.stiffness(0, 0) = 0.5 + 0.001 * rng.uniform();
    x.stiffness(0, 1) = 0.2;
    x.stiffness(3, 3) = 0.1;
    x.volumeFraction = 0.3;
    s.push_back(x);
  }
  for (int i = 0; i < 20; ++i) {  // ... and a sparse spread
    Sample x;
    x.seed = rng.next();
    x.stiffness(0, 0) = rng.uniform();
    x.stiffness(0, 1) = rng.uniform();
    x.stiffness(3, 3) = rng.uniform();
    x.volumeFraction = rng.uniform();
    s.push_back(x);
  }
  const auto kept = thinSamples(s, 8, 3);
  std::size_t cluster = 0, spread = 0;
  for (std::size_t i : kept) (i < 400 ? cluster : spread)++;
  EXPECT_LE(cluster, 3u);
  EXPECT_GE(spread, 15u);  // nearly all sparse points are alone in their bin
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
}

GenerationPlan smallPlan() {
  GenerationPlan p;
  p.resolution = 16;
  p.count = 24;
  p.mix = GeneratorMix::parse("procedural:1");
  p.seed = 77;
  p.batch = 5;
  return p;
}

TEST(Generation, RanksAndJobsGiveTheSameSamplesAsOneRun) {
  test::TempDir dir;
  NullProgress quiet;
  GenerationPlan single = smallPlan();
  runGeneration(single, dir.path / "single.h5", quiet);
  GenerationPlan rank = smallPlan();
  rank.ranks = 2;
  rank.jobs = 2;
  std::vector<std::filesystem::path> shards;
  for (int r = 0; r < 2; ++r) {
    rank.rank = r;
    shards.push_back(shardPath(dir.path / "multi.h5", r, 2));
    runGeneration(rank, shards.back(), quiet);
  }
  EXPECT_EQ(shards[1].filename(), "multi.rank1-of-2.h5");
  mergeDatasets(shards, dir.path / "merged.h5");
  const auto a = readDataset(dir.path / "single.h5");
  const auto b = readDataset(dir.path / "merged.h5");
  ASSERT_EQ(a.size(), b.size());
  EXPECT_GE(a.size(), 20u);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << i;
  // Merging a shard twice adds nothing.
  EXPECT_EQ(mergeDatasets({shards[0], shards[0], shards[1]}, dir.path / "again.h5"), a.size());
}

TEST(Generation, MixParsing) {
  const GeneratorMix m = GeneratorMix::parse("to:0.3,procedural:0.7");
  double total = 0;
  for (const auto& [g, w] : m.weights) total += w;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(m.pick(0.0), Generator::Trig);
  EXPECT_EQ(m.pick(0.99), Generator::TopologyOptimized);
  EXPECT_THROW(GeneratorMix::parse("to"), std::invalid_argument);
  EXPECT_THROW(GeneratorMix::parse("magic:1"), std::invalid_argument);
  EXPECT_THROW(GeneratorMix::parse("to:0"), std::invalid_argument);
}

TEST(PropertyRange, PositiveOnTheDataNegativeFarAway) {
  test::TempDir dir;
  NullProgress quiet;
  GenerationPlan p = smallPlan();
  p.count = 60;
  p.jobs = 2;
  runGeneration(p, dir.path / "d.h5", quiet);
  const auto samples = readDatasetLabels(dir.path / "d.h5");
  const PropertyRange range = PropertyRange::build(samples);
  for (const Sample& s : samples) EXPECT_GT(range.sdf(propertyPoint(s)), 0.0) << s.index;
  // Far outside the data box, and far from the data inside the box's corner: negative, with
  // the distance it should have.
  EXPECT_LT(range.sdfNormalized({3, 0.5, 0.5, 0.5}), -2.0);
  EXPECT_LT(range.sdfNormalized({-1, -1, -1, -1}), -1.0);
  const auto hi = range.box().hi;
  EXPECT_LT(range.sdf({hi[0] * 2, hi[1] * 2, hi[2] * 2, 0.99}), 0.0);
}

TEST(PropertyRange, SamplesActiveLearningTargetsInTheBand) {
  std::vector<Sample> s;
  for (int a = 0; a <= 5; ++a)
    for (int b = 0; b <= 5; ++b)
      for (int c = 0; c <= 5; ++c)
        for (int d = 0; d <= 5; ++d) {
          Sample x;
          x.stiffness(0, 0) = 0.1 + 0.3 * a / 5.0;  // physical ranges, not [0, 1]
          x.stiffness(0, 1) = 0.02 + 0.1 * b / 5.0;
          x.stiffness(3, 3) = 0.01 + 0.1 * c / 5.0;
          x.volumeFraction = 0.1 + 0.4 * d / 5.0;
          s.push_back(x);
        }
  const PropertyRange r = PropertyRange::build(s);
  const auto band = r.sampleTargets(200, -0.025, 0.025, 7);
  ASSERT_EQ(band.size(), 200u);
  for (const auto& t : band) {
    const double f = r.sdf(t);
    EXPECT_GT(f, -0.025 - 1e-9);
    EXPECT_LE(f, 0.025 + 1e-9);
  }
  EXPECT_EQ(r.sampleTargets(10, -0.025, 1e9, 3), r.sampleTargets(10, -0.025, 1e9, 3));  // seeded
  EXPECT_THROW(r.sampleTargets(5, 5.0, 6.0, 1), std::runtime_error);  // nothing is that deep inside
}

TEST(PropertyRange, IsASignedDistanceForABox) {
  // Points filling [0, 1]⁴ densely: the range is the box, and f_SDF is the distance to its border.
  std::vector<Sample> s;
  for (int a = 0; a <= 6; ++a)
    for (int b = 0; b <= 6; ++b)
      for (int c = 0; c <= 6; ++c)
        for (int d = 0; d <= 6; ++d) {
          Sample x;
          x.stiffness(0, 0) = a / 6.0;
          x.stiffness(0, 1) = b / 6.0;
          x.stiffness(3, 3) = c / 6.0;
          x.volumeFraction = d / 6.0;
          s.push_back(x);
        }
  const PropertyRange r = PropertyRange::build(s);
  const double step = 2 * r.closingRadius() / 20;  // generous: a few grid steps
  EXPECT_NEAR(r.sdfNormalized({0.5, 0.5, 0.5, 0.5}), 0.5, 2 * step);
  EXPECT_NEAR(r.sdfNormalized({0.9, 0.5, 0.5, 0.5}), 0.1, 2 * step);
  EXPECT_NEAR(r.sdfNormalized({1.1, 0.5, 0.5, 0.5}), -0.1, 2 * step);
  EXPECT_NEAR(r.sdfNormalized({1.0, 0.5, 0.5, 0.5}), 0.0, 2 * step);
}

}  // namespace
}  // namespace mf::dataset

namespace mf::dataset {
namespace {

// HDF5 trusts the chunk shape a file declares: an octant column whose chunks were 10,000 times
// taller than the cell made H5Dread copy past its buffer (a fuzz finding). The store checks
// how every column is stored before HDF5 reads it, and says which column is wrong.
TEST(DatasetStore, AColumnWhoseChunksAreLargerThanASampleIsRefusedBeforeItIsRead) {
  const auto file = std::filesystem::path(MF_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / "dataset" / "regress-chunk-past-cell.h5";
  for (const bool withCells : {true, false}) {
    try {
      if (withCells) readDataset(file);
      else readDatasetInfo(file);
      FAIL() << "a damaged dataset was read";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(file.string() + ": a damaged dataset (column octant has chunks larger than a sample)"),
                std::string::npos)
          << e.what();
    }
  }
}

// The bundled dataset is what its card says, and its labels are real: a few samples, mirrored
// from their octants and homogenized again here, give the stored C^H.
TEST(BundledDataset, MatchesItsCardAndItsLabelsAreReproducible) {
  const std::filesystem::path dir = std::filesystem::path(MF_SOURCE_DIR) / "resources" / "datasets";
  std::ifstream cardFile(dir / "default.json");
  ASSERT_TRUE(cardFile.good()) << "resources/datasets/default.json is missing";
  const nlohmann::json card = nlohmann::json::parse(cardFile);
  const DatasetInfo info = readDatasetInfo(dir / "default.h5");
  EXPECT_EQ(info.count, card["count"].get<std::size_t>());
  EXPECT_GE(info.count, 5000u);
  EXPECT_EQ(info.cellResolution, 32);
  EXPECT_EQ(static_cast<std::uintmax_t>(card["bytes"].get<std::uint64_t>()), std::filesystem::file_size(dir / "default.h5"));
  const std::vector<Sample> samples = readDataset(dir / "default.h5");
  std::map<std::string, std::size_t> perGenerator;
  for (const Sample& s : samples) perGenerator[s.generator]++;
  for (const auto& [g, n] : card["per_generator"].items()) EXPECT_EQ(perGenerator[g], n.get<std::size_t>()) << g;
  for (std::size_t i : {std::size_t(0), samples.size() / 3, samples.size() - 1}) {
    const Sample& s = samples[i];
    const BinaryCell cell = mirrorOctant(s.octant);
    EXPECT_TRUE(isCubicSymmetric(cell));
    EXPECT_TRUE(cleanCell(cell).accepted()) << i;
    EXPECT_DOUBLE_EQ(volumeFraction(cell), s.volumeFraction);
    NullProgress quiet;
    const Matrix6 c = fem::homogenize(cell, BaseMaterial{}, fem::HomogenizationOptions{}, quiet).stiffness->voigt();
    EXPECT_LT((c - s.stiffness).norm(), 1e-5 * s.stiffness.norm()) << "sample " << i << " (" << s.generator << ")";
  }
}

}  // namespace
}  // namespace mf::dataset
