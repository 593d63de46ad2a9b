#include "core/dataset/generation.hpp"

#include "core/dataset/cleaning.hpp"
#include "core/dataset/dataset_store.hpp"
#include "core/fem/homogenize.hpp"
#include "core/voxel/random_fields.hpp"
#include "core/voxel/symmetry.hpp"

#include <nlohmann/json.hpp>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace mf::dataset {

GeneratorMix GeneratorMix::parse(const std::string& text) {
  GeneratorMix mix;
  std::stringstream in(text);
  std::string item;
  double total = 0;
  std::map<Generator, double> w;
  while (std::getline(in, item, ',')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) throw std::invalid_argument("mix entry '" + item + "' is not name:weight");
    const std::string name = item.substr(0, colon);
    double weight = 0;
    try {
      weight = std::stod(item.substr(colon + 1));
    } catch (const std::exception&) {
      throw std::invalid_argument("mix entry '" + item + "' has no number after the colon");
    }
    if (!(weight >= 0)) throw std::invalid_argument("mix weights must be ≥ 0");
    if (name == "procedural") {
      for (Generator g : {Generator::Trig, Generator::Spinodoid, Generator::Tpms}) w[g] += weight / 3.0;
    } else {
      w[generatorFromString(name)] += weight;
    }
    total += weight;
  }
  if (!(total > 0)) throw std::invalid_argument("the mix '" + text + "' has no positive weight");
  for (const auto& [g, v] : w)
    if (v > 0) mix.weights.push_back({g, v / total});
  return mix;
}

Generator GeneratorMix::pick(double u) const {
  double acc = 0;
  for (const auto& [g, w] : weights) {
    acc += w;
    if (u < acc) return g;
  }
  return weights.back().first;
}

std::string GeneratorMix::describe() const {
  std::string s;
  for (const auto& [g, w] : weights) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s:%.3g", s.empty() ? "" : ",", toString(g), w);
    s += buf;
  }
  return s;
}

std::optional<std::pair<int, int>> mpiRankFromEnvironment() {
  const std::pair<const char*, const char*> vars[] = {
      {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"}, {"PMI_RANK", "PMI_SIZE"}, {"PMIX_RANK", "PMIX_SIZE"},
      {"SLURM_PROCID", "SLURM_NTASKS"}};
  for (const auto& [r, n] : vars) {
    const char* rank = std::getenv(r);
    const char* size = std::getenv(n);
    if (rank && size) return std::pair{std::atoi(rank), std::atoi(size)};
  }
  return std::nullopt;
}

std::filesystem::path shardPath(const std::filesystem::path& out, int rank, int ranks) {
  if (ranks <= 1) return out;
  std::filesystem::path p = out;
  p.replace_filename(out.stem().string() + ".rank" + std::to_string(rank) + "-of-" + std::to_string(ranks) +
                     out.extension().string());
  return p;
}

std::optional<Sample> labelCell(const BinaryCell& cell, double tolerance, CellStorage storage) {
  fem::HomogenizationOptions fe;
  fe.tolerance = tolerance;
  NullProgress quiet;
  const fem::HomogenizationResult r = fem::homogenize(cell, BaseMaterial{}, fe, quiet);
  if (!r.converged() || !r.stiffness) return std::nullopt;
  Sample s;
  if (storage == CellStorage::Octant) s.octant = extractOctant(cell);
  s.stiffness = r.stiffness->voigt();
  s.volumeFraction = volumeFraction(cell);
  s.fe = nlohmann::json{{"method", "voxel hex8, periodic, energy form"},
                        {"youngs", 1.0},
                        {"poisson", 0.3},
                        {"tolerance", tolerance},
                        {"resolution", cell.nx()},
                        {"iterations", r.totalIterations()}}
             .dump();
  return s;
}

AddedCell sampleOfCell(const BinaryCell& cell, std::uint64_t index, const std::string& generator, const std::string& params,
                       double feTolerance) {
  if (!cell.isCube() || cell.nx() % 2 || !isCubicSymmetric(cell)) return {std::nullopt, "not a cubic-symmetric cell"};
  const CleanedCell clean = cleanCell(cell);
  if (!clean.accepted()) return {std::nullopt, clean.reason};
  std::optional<Sample> s = labelCell(clean.cell, feTolerance);
  if (!s) return {std::nullopt, "the FE solve did not converge"};
  // FNV-1a over the octant's voxels: the same cell, the same seed.
  std::uint64_t hash = 1469598103934665603ull;
  for (const std::uint8_t v : s->octant.data()) hash = (hash ^ v) * 1099511628211ull;
  s->index = index;
  s->seed = hash;
  s->generator = generator;
  s->params = params;
  return {std::move(s), {}};
}

namespace {

// Sample `index` from the plan's cell source: up to `attempts` draws until one carries load.
std::optional<Sample> makeSourcedSample(const GenerationPlan& plan, std::uint64_t index, std::uint64_t seed,
                                        Progress& progress) {
  for (int attempt = 0; attempt < plan.attempts; ++attempt) {
    progress.checkCancelled();
    Rng attemptRng(deriveSeed(seed, static_cast<std::uint64_t>(attempt)));
    std::optional<GeneratedCell> made = plan.source->draw(plan.resolution, attemptRng);
    if (!made) continue;
    std::optional<Sample> s = labelCell(made->cell, plan.feTolerance, CellStorage::Regenerated);
    if (!s) continue;
    s->index = index;
    s->seed = seed;
    s->generator = plan.source->name();
    nlohmann::json params = nlohmann::json::parse(made->params);
    params["attempt"] = attempt;
    params["run_seed"] = plan.seed;
    s->params = params.dump();
    return s;
  }
  return std::nullopt;
}

CellStorage storageOf(const GenerationPlan& plan) { return plan.source ? CellStorage::Regenerated : CellStorage::Octant; }

}  // namespace

std::optional<Sample> makeSample(const GenerationPlan& plan, std::uint64_t index, Progress& progress) {
  const std::uint64_t seed = deriveSeed(plan.seed, index);
  if (plan.source) return makeSourcedSample(plan, index, seed, progress);
  Rng rng(seed);
  const Generator g = plan.mix.pick(rng.uniform());
  for (int attempt = 0; attempt < plan.attempts; ++attempt) {
    progress.checkCancelled();
    Rng attemptRng(deriveSeed(seed, static_cast<std::uint64_t>(attempt)));
    GeneratedCell made = generateCell(g, plan.resolution, attemptRng, progress, plan.reach);
    const CleanedCell clean = cleanCell(made.cell);
    if (!clean.accepted()) continue;
    std::optional<Sample> s = labelCell(clean.cell, plan.feTolerance);
    if (!s) continue;
    s->index = index;
    s->seed = seed;
    s->generator = toString(g);
    nlohmann::json params = nlohmann::json::parse(made.params);
    params["attempt"] = attempt;
    params["run_seed"] = plan.seed;
    if (plan.reach.volumeFractions) params["vf_range"] = {plan.reach.volumeFractions->first, plan.reach.volumeFractions->second};
    s->params = params.dump();
    return s;
  }
  return std::nullopt;
}

GenerationReport runGeneration(const GenerationPlan& plan, const std::filesystem::path& shard, Progress& progress) {
  if (plan.ranks < 1 || plan.rank < 0 || plan.rank >= plan.ranks) throw std::invalid_argument("bad rank/ranks");
  if (plan.jobs < 1) throw std::invalid_argument("jobs must be ≥ 1");
  if (plan.first >= plan.count) throw std::invalid_argument("the first index must be below the count");
  checkGeneratorOptions(plan.reach);
  const auto start = std::chrono::steady_clock::now();
  GenerationReport report;
  // Resume: the indices already on disk are done.
  std::set<std::uint64_t> done;
  if (std::filesystem::exists(shard)) {
    const DatasetInfo info = readDatasetInfo(shard);
    if (info.cellResolution != plan.resolution)
      throw std::invalid_argument(shard.string() + " holds " + std::to_string(info.cellResolution) +
                                  "³ cells; this run makes " + std::to_string(plan.resolution) + "³");
    if (info.storage != storageOf(plan))
      throw std::invalid_argument(shard.string() + (plan.source ? " holds cubic voxel cells; this run makes " + plan.source->name()
                                                                : std::string(" holds regenerated cells; this run makes cubic ones")));
    for (const Sample& s : readDatasetLabels(shard)) done.insert(s.index);
    report.resumed = done.size();
  }
  std::vector<std::uint64_t> todo;
  for (std::uint64_t i = static_cast<std::uint64_t>(plan.rank); i < plan.count; i += static_cast<std::uint64_t>(plan.ranks))
    if (i >= plan.first && !done.count(i)) todo.push_back(i);
  const std::size_t mine = todo.size() + done.size();

  std::mutex mutex;
  for (std::size_t b = 0; b < todo.size(); b += static_cast<std::size_t>(plan.batch)) {
    progress.checkCancelled();
    const std::size_t e = std::min(todo.size(), b + static_cast<std::size_t>(plan.batch));
    std::vector<std::optional<Sample>> results(e - b);
    std::vector<double> seconds(e - b);
    std::atomic<std::size_t> next{b};
    std::atomic<bool> cancelled{false};
    std::exception_ptr failure;
    auto worker = [&] {
      omp_set_num_threads(1);
      CancelFlagProgress local;
      while (!cancelled) {
        const std::size_t t = next++;
        if (t >= e) break;
        const auto t0 = std::chrono::steady_clock::now();
        try {
          if (progress.cancelled()) throw CancelledError();
          results[t - b] = makeSample(plan, todo[t], local);
        } catch (...) {
          std::lock_guard lock(mutex);
          if (!failure) failure = std::current_exception();
          cancelled = true;
        }
        seconds[t - b] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      }
    };
    std::vector<std::thread> threads;
    for (int j = 0; j < plan.jobs; ++j) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
    std::vector<Sample> batch;
    for (std::size_t t = 0; t < results.size(); ++t) {
      if (!results[t]) {
        ++report.skipped;
        continue;
      }
      report.perGenerator[results[t]->generator]++;
      report.secondsPerGenerator[results[t]->generator] += seconds[t];
      batch.push_back(std::move(*results[t]));
    }
    appendSamples(shard, batch, plan.resolution, storageOf(plan));  // the checkpoint: complete file or none
    report.written += batch.size();
    const std::size_t finished = done.size() + e;
    progress.report(double(finished) / double(std::max<std::size_t>(mine, 1)),
                    std::to_string(finished) + " of " + std::to_string(mine) + " samples");
  }
  if (todo.empty() && !std::filesystem::exists(shard)) writeDataset(shard, {}, plan.resolution, storageOf(plan));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::uint64_t mergeDatasets(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out) {
  if (inputs.empty()) throw std::invalid_argument("merge needs at least one input");
  int resolution = 0;
  std::optional<CellStorage> storage;
  std::vector<Sample> all;
  for (const auto& in : inputs) {
    const DatasetInfo info = readDatasetInfo(in);
    if (resolution && info.cellResolution != resolution)
      throw std::invalid_argument(in.string() + " holds " + std::to_string(info.cellResolution) + "³ cells, the others " +
                                  std::to_string(resolution) + "³");
    if (storage && info.storage != *storage)
      throw std::invalid_argument(in.string() + " stores its cells otherwise than the others (octants beside regenerated)");
    resolution = info.cellResolution;
    storage = info.storage;
    auto samples = readStoredSamples(in);
    all.insert(all.end(), std::make_move_iterator(samples.begin()), std::make_move_iterator(samples.end()));
  }
  auto runSeed = [](const Sample& s) {
    const auto j = nlohmann::json::parse(s.params, nullptr, false);
    return j.is_object() && j.contains("run_seed") && j["run_seed"].is_number_unsigned() ? j["run_seed"].get<std::uint64_t>() : 0;
  };
  std::vector<std::pair<std::pair<std::uint64_t, std::uint64_t>, std::size_t>> order;
  for (std::size_t i = 0; i < all.size(); ++i) order.push_back({{runSeed(all[i]), all[i].index}, i});
  std::sort(order.begin(), order.end());
  std::vector<Sample> merged;
  std::set<std::uint64_t> seeds;
  for (const auto& [key, i] : order)
    if (seeds.insert(all[i].seed).second) merged.push_back(std::move(all[i]));
  writeDataset(out, merged, resolution, storage.value_or(CellStorage::Octant));
  return merged.size();
}

std::optional<std::string> datasetDifference(const std::filesystem::path& a, const std::filesystem::path& b) {
  if (readDatasetInfo(a).storage != readDatasetInfo(b).storage) return "one stores octants, the other regenerates its cells";
  std::vector<Sample> x = readStoredSamples(a), y = readStoredSamples(b);
  const auto order = [](std::vector<Sample>& v) {
    std::sort(v.begin(), v.end(), [](const Sample& p, const Sample& q) { return std::pair{p.seed, p.index} < std::pair{q.seed, q.index}; });
  };
  order(x);
  order(y);
  if (x.size() != y.size()) return std::to_string(x.size()) + " and " + std::to_string(y.size()) + " samples";
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!(x[i] == y[i])) return "sample " + std::to_string(x[i].index) + " differs";
  return std::nullopt;
}

}  // namespace mf::dataset
