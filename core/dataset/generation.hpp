#pragma once
// A dataset generation run: sample i of a run is a pure function of (run seed, i), so a run
// can be split over threads, processes or MPI ranks, killed and resumed, and always gives the
// same samples. Rank r of K takes the indices i ≡ r (mod K) and writes its own shard; `merge`
// joins shards. Within a process, `jobs` worker threads label cells side by side, each FE solve
// on one thread (which also makes the labels independent of the number of jobs).
//
// Sample i: draw the generator from the mix, then up to `attempts` cells until one passes the
// cleaning (cleaning.hpp); label it by FE (six load cases, E_s = 1, ν_s = 0.3).

#include "core/dataset/cell_source.hpp"
#include "core/dataset/generators.hpp"
#include "core/dataset/dataset_store.hpp"
#include "core/dataset/sample.hpp"
#include "core/jobs/progress.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mf::dataset {

struct GeneratorMix {
  std::vector<std::pair<Generator, double>> weights;  // normalized to sum 1
  // "to:0.3,procedural:0.7" (procedural = trig, spinodoid and tpms in equal parts) or any of
  // the generator names with weights.
  static GeneratorMix parse(const std::string& text);
  Generator pick(double u) const;  // u in [0, 1)
  std::string describe() const;
};

struct GenerationPlan {
  int resolution = 32;
  std::uint64_t count = 100;  // samples first … count−1 over all ranks
  // The first index of this part of the run: a run grown over several sessions keeps each
  // session's samples in a file of its own (first = one past the last index already kept), and
  // merging the parts gives the same samples as one uninterrupted run.
  std::uint64_t first = 0;
  GeneratorMix mix = GeneratorMix::parse("to:0.3,procedural:0.7");
  GeneratorOptions reach;  // volume fractions and TO objectives beyond the defaults (a data round)
  // A family's own cells instead of the mix (cell_source.hpp): not cleaned by the cubic rules,
  // stored without voxels.
  std::shared_ptr<const CellSource> source;
  std::uint64_t seed = 1;
  int rank = 0, ranks = 1;
  int jobs = 1;
  int attempts = 8;
  int batch = 32;             // samples per checkpoint
  double feTolerance = 1e-6;
};

// Rank and size from the MPI launcher's environment (OpenMPI, MPICH/PMI, Slurm), when present.
std::optional<std::pair<int, int>> mpiRankFromEnvironment();
// "data.h5" → "data.rank1-of-4.h5" for rank 1 of 4; unchanged for a single rank.
std::filesystem::path shardPath(const std::filesystem::path& out, int rank, int ranks);

// The FE label of a cell as a sample: C^H (six load cases, E_s = 1, ν_s = 0.3), volume fraction,
// the FE settings and, for a cleaned cubic cell, its octant; the caller adds index, seed,
// generator and parameters. nullopt when the solver did not converge.
std::optional<Sample> labelCell(const BinaryCell& cell, double tolerance, CellStorage storage = CellStorage::Octant);

// A cell made elsewhere (a verified family member, an extreme cell: a data round's additions) as
// a sample: cleaned as the generators' cells are and labelled by FE. Its seed is a hash of its
// voxels, so the same cell added twice merges once. `rejection` says why there is no sample:
// not cubic-symmetric (samples keep only the octant), rejected by cleaning, or FE not converged.
struct AddedCell {
  std::optional<Sample> sample;
  std::string rejection;
};
AddedCell sampleOfCell(const BinaryCell& cell, std::uint64_t index, const std::string& generator, const std::string& params,
                       double feTolerance = 1e-6);

// Sample `index` of the run (nullopt when every attempt was rejected).
std::optional<Sample> makeSample(const GenerationPlan& plan, std::uint64_t index, Progress& progress);

struct GenerationReport {
  std::uint64_t written = 0, skipped = 0, resumed = 0;  // skipped: no attempt passed
  std::map<std::string, std::uint64_t> perGenerator;
  std::map<std::string, double> secondsPerGenerator;     // generation + FE, summed over samples
  double seconds = 0;
};

// Generates this rank's samples into `shard`, resuming from what it already holds.
GenerationReport runGeneration(const GenerationPlan& plan, const std::filesystem::path& shard, Progress& progress);

// Joins datasets (shards of one run, or different runs) into `out`, ordered by (seed run,
// index); a sample present twice (same seed) is kept once.
std::uint64_t mergeDatasets(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out);

// Empty when two datasets hold the same samples bit for bit, in any order (what reproducing a
// run from the repository is checked by); else the first difference in words.
std::optional<std::string> datasetDifference(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace mf::dataset
