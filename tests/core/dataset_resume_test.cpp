// A generation run killed with SIGKILL and then resumed ends with exactly the samples of a run
// that was never interrupted: none lost, none twice. Its own executable, because the child is
// forked before anything starts OpenMP threads (they do not survive a fork).

#include "core/dataset/dataset_store.hpp"
#include "core/dataset/generation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace mf::dataset {
namespace {

GenerationPlan plan() {
  GenerationPlan p;
  p.resolution = 16;
  p.count = 40;
  p.mix = GeneratorMix::parse("procedural:1");
  p.seed = 5;
  p.batch = 4;
  return p;
}

// Slows the child down between checkpoints so that the kill lands in the middle of the run.
struct SlowProgress final : Progress {
  void report(double, std::string_view) override { std::this_thread::sleep_for(std::chrono::milliseconds(150)); }
  bool cancelled() const override { return false; }
};

TEST(GenerationResume, AKilledRunResumesWithoutLossOrDuplicates) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("mf_resume_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path killed = dir / "killed.h5";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    SlowProgress slow;
    runGeneration(plan(), killed, slow);
    ::_exit(0);
  }
  // Kill it once two checkpoints are on disk (the count is read from the file, which every
  // checkpoint replaces whole).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::size_t before = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(killed)) {
      try {
        before = readDatasetInfo(killed).count;
      } catch (const std::exception&) {
        before = 0;
      }
      if (before >= 8) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished before it was killed";
  const std::size_t atKill = readDatasetInfo(killed).count;  // the file is whole after a kill
  EXPECT_GE(atKill, 8u);
  EXPECT_LT(atKill, 40u);

  NullProgress quiet;
  const GenerationReport resumed = runGeneration(plan(), killed, quiet);
  EXPECT_EQ(resumed.resumed, atKill);
  runGeneration(plan(), dir / "straight.h5", quiet);

  const auto a = readDataset(killed), b = readDataset(dir / "straight.h5");
  std::set<std::uint64_t> indices;
  for (const auto& s : a) EXPECT_TRUE(indices.insert(s.index).second) << "index " << s.index << " twice";
  ASSERT_EQ(a.size(), b.size());
  // Same samples; the resumed file holds them in the order they were written.
  std::map<std::uint64_t, const Sample*> byIndex;
  for (const auto& s : b) byIndex[s.index] = &s;
  for (const auto& s : a) {
    ASSERT_TRUE(byIndex.count(s.index));
    EXPECT_EQ(s, *byIndex[s.index]);
  }
  fs::remove_all(dir);
}

// A run grown in parts over sessions (GenerationPlan::first): the parts merged are the samples of
// the run made in one go, and a part holds only its own indices.
TEST(GenerationResume, PartsOfARunMergedAreTheWholeRun) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("mf_parts_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  NullProgress quiet;
  GenerationPlan first = plan(), second = plan();
  first.count = 13;
  second.first = 13;
  runGeneration(first, dir / "part-0.h5", quiet);
  runGeneration(second, dir / "part-13.h5", quiet);
  for (const auto& s : readDatasetLabels(dir / "part-13.h5")) EXPECT_GE(s.index, 13u);
  mergeDatasets({dir / "part-0.h5", dir / "part-13.h5"}, dir / "merged.h5");
  runGeneration(plan(), dir / "whole.h5", quiet);
  EXPECT_EQ(datasetDifference(dir / "merged.h5", dir / "whole.h5"), std::nullopt);
  GenerationPlan beyond = plan();
  beyond.first = beyond.count;
  EXPECT_THROW(runGeneration(beyond, dir / "none.h5", quiet), std::invalid_argument);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mf::dataset
