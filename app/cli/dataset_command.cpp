// metaforge-cli dataset: generate (resumable, MPI-aware), stats (counts, ranges, coverage
// plots), thin (even density in property space), merge (shards or runs).

#include "app/cli/command.hpp"
#include "app/cli/option_checks.hpp"
#include "app/cli/dataset_plots.hpp"
#include "app/cli/generative_module.hpp"
#include "app/cli/terminal_progress.hpp"
#include "app/cli/cell_input.hpp"
#include "core/dataset/cleaning.hpp"
#include "core/dataset/dataset_store.hpp"
#include "core/dataset/coverage.hpp"
#include "core/dataset/generation.hpp"
#include "core/dataset/property_range.hpp"
#include "core/files/atomic_file.hpp"
#include "core/io/resources.hpp"
#include "core/tensor/bounds.hpp"
#include "plugins/spinodoid/spinodoid_dataset.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <thread>

namespace mf::cli {
namespace {

// A dataset's samples (labels only, or with voxels); a file that cannot be read is the user's
// problem, said in one line.
std::vector<dataset::Sample> readSamples(const std::string& path, bool voxels) {
  try {
    return voxels ? dataset::readDataset(path) : dataset::readDatasetLabels(path);
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
}

dataset::PropertyRange propertyRangeOf(const std::string& path, const std::vector<dataset::Sample>& samples) {
  if (samples.empty()) throw UserError(path + " holds no samples");
  return dataset::PropertyRange::build(samples);
}

struct GenerateArgs {
  std::string family;  // empty: the cubic generators of --mix
  bool mixGiven = false, resolutionGiven = false;
  int resolution = 32;
  std::uint64_t count = 100;
  std::uint64_t first = 0;
  std::string mix = "to:0.3,procedural:0.7";
  std::string out;
  int jobs = 0;
  std::uint64_t seed = 1;
  int rank = -1, ranks = -1;
  int batch = 32;
  std::string vfRange;       // "LO:HI", empty: each generator's own
  std::string toObjectives;  // "bulk,shear", empty: the standard four
  bool json = false;
};

// --vf-range and --to-objectives as the generators' options (a data round's reach).
dataset::GeneratorOptions reachOf(const GenerateArgs& a) {
  dataset::GeneratorOptions o;
  if (!a.vfRange.empty()) {
    const auto colon = a.vfRange.find(':');
    std::size_t used = 0, usedHi = 0;
    try {
      if (colon == std::string::npos) throw std::invalid_argument("no colon");
      const std::string loText = a.vfRange.substr(0, colon), hiText = a.vfRange.substr(colon + 1);
      const double lo = std::stod(loText, &used), hi = std::stod(hiText, &usedHi);
      if (used != loText.size() || usedHi != hiText.size()) throw std::invalid_argument("trailing text");
      o.volumeFractions = std::make_pair(lo, hi);
    } catch (const std::exception&) {
      throw UserError("--vf-range must be LO:HI, e.g. 0.55:0.8, not '" + a.vfRange + "'");
    }
  }
  std::size_t start = 0;
  while (!a.toObjectives.empty() && start <= a.toObjectives.size()) {
    const std::size_t comma = std::min(a.toObjectives.find(',', start), a.toObjectives.size());
    try {
      o.objectives.push_back(optimize::objectiveFromString(a.toObjectives.substr(start, comma - start)));
    } catch (const std::invalid_argument& e) {
      throw UserError(std::string("--to-objectives: ") + e.what());
    }
    start = comma + 1;
  }
  try {
    dataset::checkGeneratorOptions(o);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  return o;
}

int runGenerate(const GenerateArgs& a) {
  dataset::GenerationPlan plan;
  if (a.resolution < 4 || a.resolution % 2 || a.resolution > 256)
    throw UserError("--resolution must be even and in [4, 256]");
  if (a.count == 0) throw UserError("--count must be positive");
  plan.resolution = a.resolution;
  plan.count = a.count;
  if (a.first >= a.count) throw UserError("--first must be below --count");
  plan.first = a.first;
  if (a.family == "spinodoid") {
    if (a.mixGiven) throw UserError("--mix picks cubic generators; --family spinodoid draws its own cells");
    plan.source = std::make_shared<spinodoid::SpinodoidSource>();
    // One wavelength (l/5) over at least 10 voxels (SEED_SPECS §4): 64³ unless asked otherwise.
    if (!a.resolutionGiven) plan.resolution = 64;
    // The energy form of C^H is second-order in the solve's error: at a relative residual of 1e-4
    // a 64³ spinodoid's nine constants agree with those at 1e-6 to 1e-7 (E_s = 1) in 30 % fewer
    // iterations. Each sample's "fe" records the tolerance.
    plan.feTolerance = 1e-4;
  } else if (!a.family.empty()) {
    throw UserError("--family '" + a.family + "' makes no dataset; known: spinodoid");
  }
  if (!a.family.empty() && (!a.vfRange.empty() || !a.toObjectives.empty()))
    throw UserError("--vf-range and --to-objectives reach the cubic generators; a family draws its own cells");
  plan.reach = reachOf(a);
  try {
    plan.mix = dataset::GeneratorMix::parse(a.mix);
  } catch (const std::invalid_argument& e) {
    throw UserError(std::string("--mix: ") + e.what());
  }
  plan.seed = a.seed;
  plan.batch = std::max(1, a.batch);
  plan.jobs = a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (a.ranks > 0) {
    plan.rank = std::max(0, a.rank);
    plan.ranks = a.ranks;
  } else if (const auto mpi = dataset::mpiRankFromEnvironment()) {
    plan.rank = mpi->first;
    plan.ranks = mpi->second;
  }
  if (plan.rank >= plan.ranks) throw UserError("--rank must be below --ranks");
  const std::filesystem::path shard = dataset::shardPath(a.out, plan.rank, plan.ranks);
  TerminalProgress progress("dataset generate");
  dataset::GenerationReport r;
  try {
    r = dataset::runGeneration(plan, shard, progress);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  if (a.json) {
    nlohmann::json j = {{"shard", shard.string()}, {"rank", plan.rank}, {"ranks", plan.ranks},
                        {"written", r.written},     {"resumed", r.resumed}, {"skipped", r.skipped},
                        {"seconds", r.seconds},     {"mix", plan.mix.describe()}};
    for (const auto& [g, n] : r.perGenerator) {
      j["per_generator"][g] = n;
      j["seconds_per_sample"][g] = r.secondsPerGenerator[g] / double(n);
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%s: %llu new samples (%llu already there, %llu rejected after %d attempts) in %.1f s, rank %d of %d\n",
              shard.c_str(), static_cast<unsigned long long>(r.written), static_cast<unsigned long long>(r.resumed),
              static_cast<unsigned long long>(r.skipped), plan.attempts, r.seconds, plan.rank, plan.ranks);
  for (const auto& [g, n] : r.perGenerator)
    std::printf("  %-10s %6llu samples, %.3f s per sample (one core)\n", g.c_str(), static_cast<unsigned long long>(n),
                r.secondsPerGenerator[g] / double(n));
  return 0;
}

struct AddArgs {
  std::vector<std::string> cells;
  std::string generator = "added";
  std::string out;
};

// Verified cells from elsewhere (family members, extreme cells) as a dataset to merge into a
// data round: each cleaned and labelled by FE (dataset::sampleOfCell); rejected ones are named.
int runAdd(const AddArgs& a) {
  if (std::filesystem::exists(a.out)) throw UserError(a.out + " exists: write the added cells to a new file and merge it");
  std::vector<dataset::Sample> samples;
  int resolution = 0;
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    const BinaryCell cell = loadCell(a.cells[i]);
    if (resolution && cell.nx() != resolution)
      throw UserError(a.cells[i] + " is a " + std::to_string(cell.nx()) + "³ cell, the others " + std::to_string(resolution) + "³");
    resolution = cell.nx();
    const std::string params = nlohmann::json{{"file", std::filesystem::path(a.cells[i]).filename().string()}}.dump();
    dataset::AddedCell added = dataset::sampleOfCell(cell, i, a.generator, params);
    if (!added.sample) {
      std::fprintf(stderr, "%s: not added (%s)\n", a.cells[i].c_str(), added.rejection.c_str());
      continue;
    }
    samples.push_back(std::move(*added.sample));
  }
  if (samples.empty()) throw UserError("none of the cells could be added");
  dataset::writeDataset(a.out, samples, resolution);
  std::printf("wrote %s: %zu of %zu cells, labelled by FE (generator '%s')\n", a.out.c_str(), samples.size(), a.cells.size(),
              a.generator.c_str());
  return 0;
}

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out;
};

struct ThinArgs {
  std::string input, out;
  int bins = 10, cap = 6;
};

struct StatsArgs {
  std::string input;
  std::string plots;
  bool json = false;
};

int runStats(const StatsArgs& a) {
  const std::vector<dataset::Sample> samples = readSamples(a.input, false);
  const dataset::DatasetInfo info = dataset::readDatasetInfo(a.input);
  std::map<std::string, std::size_t> perGenerator;
  for (const auto& s : samples) perGenerator[s.generator]++;
  nlohmann::json j = {{"file", a.input}, {"cell_resolution", info.cellResolution}, {"count", samples.size()}};
  for (const auto& [g, n] : perGenerator) j["per_generator"][g] = n;
  if (!samples.empty()) {
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end(),
                                              [](const dataset::Sample& x, const dataset::Sample& y) { return x.index < y.index; });
    j["index_range"] = {lo->index, hi->index};
    const dataset::PropertyBox box = dataset::PropertyBox::of(samples);
    const char* names[4] = {"C11", "C12", "C44", "vf"};
    for (int c = 0; c < 4; ++c) j["range"][names[c]] = {box.lo[static_cast<std::size_t>(c)], box.hi[static_cast<std::size_t>(c)]};
    const dataset::BoundStatistics bounds = dataset::boundStatistics(samples);
    j["max_K_over_HS"] = bounds.maxBulkRatio;
    j["max_C44_over_G_HS"] = bounds.maxShearRatio;
    j["poisson_range"] = {bounds.minPoisson, bounds.maxPoisson};
    j["share_K_over_HS_ge_0.8"] = bounds.shareBulkNearBound;
    j["share_C44_over_G_HS_ge_0.8"] = bounds.shareShearNearBound;
    for (int b = 0; b < dataset::BoundStatistics::kBands; ++b) {
      const auto& f = bounds.bands[static_cast<std::size_t>(b)];
      if (f.count == 0) continue;
      j["vf_bands"].push_back({{"vf", {0.1 * b, 0.1 * (b + 1)}},
                               {"count", f.count},
                               {"max_K_over_HS", f.maxBulkRatio},
                               {"max_C44_over_G_HS", f.maxShearRatio},
                               {"min_poisson", f.minPoisson}});
    }
  }
  if (!a.plots.empty()) {
    const auto written = writeDatasetPlots(samples, a.plots);
    j["plots"] = written;
  }
  if (a.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%s: %zu cells of %d³ voxels%s\n", a.input.c_str(), samples.size(), info.cellResolution,
              info.storage == dataset::CellStorage::Regenerated ? " (stored as parameters, made again from them)" : "");
  for (const auto& [g, n] : perGenerator) std::printf("  %-10s %zu\n", g.c_str(), n);
  if (j.contains("range"))
    for (const auto& [k, v] : j["range"].items())
      std::printf("  %-4s %.5g … %.5g\n", k.c_str(), v[0].get<double>(), v[1].get<double>());
  if (j.contains("vf_bands")) {
    std::printf("  vf band    cells  max K/K_HS  max C44/G_HS  min nu\n");
    for (const auto& b : j["vf_bands"])
      std::printf("  %.1f-%.1f  %6zu  %10.3f  %12.3f  %6.3f\n", b["vf"][0].get<double>(), b["vf"][1].get<double>(),
                  b["count"].get<std::size_t>(), b["max_K_over_HS"].get<double>(), b["max_C44_over_G_HS"].get<double>(),
                  b["min_poisson"].get<double>());
  }
  if (j.contains("plots"))
    for (const auto& p : j["plots"]) std::printf("wrote %s\n", p.get<std::string>().c_str());
  return 0;
}

}  // namespace

void addDatasetCommand(CLI::App& app, Action& action) {
  CLI::App* ds = app.add_subcommand("dataset", "Build and inspect microstructure datasets (HDF5)");
  ds->require_subcommand(1);

  auto g = std::make_shared<GenerateArgs>();
  CLI::App* gen = ds->add_subcommand("generate", "Generate FE-labelled cubic cells; resumable; under mpirun each rank "
                                                 "writes its own shard (join them with dataset merge)");
  gen->add_option("--resolution", g->resolution, "Voxels per cell side (even)")->capture_default_str()->check(CLI::Range(4, 256));
  gen->add_option("--count", g->count, "Samples (over all ranks)")->capture_default_str()->check(CLI::Range(1, 100000000));
  gen->add_option("--first", g->first, "Make only samples first … count−1 (one part of a run grown over sessions; merge joins the parts)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000000));
  gen->add_option("--mix", g->mix, "Generator weights, e.g. to:0.3,procedural:0.7 or trig:1,tpms:1")->capture_default_str();
  gen->add_option("--family", g->family, "A family's own cells instead of the cubic mix: spinodoid (Θ uniform over its "
                                         "design space, stored as parameters; 64³ by default)");
  gen->add_option("--out", g->out, "Output .h5 (a rank's shard gets .rankR-of-K before the extension)")->required();
  gen->add_option("--jobs", g->jobs, "Worker threads (default: all cores)")->check(CLI::Range(1, 256));
  gen->add_option("--seed", g->seed, "Run seed: sample i is a function of (seed, i)")->capture_default_str()->check(seedNumber());
  gen->add_option("--rank", g->rank, "This process's rank (default: from the MPI launcher, else 0)")->check(CLI::Range(0, 100000));
  gen->add_option("--ranks", g->ranks, "Number of ranks (default: from the MPI launcher, else 1)")->check(CLI::Range(1, 100000));
  gen->add_option("--batch", g->batch, "Samples per checkpoint")->capture_default_str()->check(CLI::Range(1, 1000000));
  gen->add_option("--vf-range", g->vfRange,
                  "LO:HI: every generator draws its volume fraction from this range (a data round beyond the bundled "
                  "data's 0.08-0.55)");
  gen->add_option("--to-objectives", g->toObjectives,
                  "The objectives topology optimization draws from, e.g. bulk,shear (default: bulk,shear,npr,isotropic)");
  gen->add_flag("--json", g->json, "Print JSON");
  gen->callback([g, gen, &action] {
    g->mixGiven = gen->count("--mix") > 0;
    g->resolutionGiven = gen->count("--resolution") > 0;
    action = [g] { return runGenerate(*g); };
  });

  auto ad = std::make_shared<AddArgs>();
  CLI::App* add = ds->add_subcommand("add", "Verified cells from elsewhere (family members, extreme cells) as a dataset to merge "
                                            "into a data round: cleaned and labelled by FE");
  add->add_option("cells", ad->cells, "Cubic-symmetric cells (.npy, .raw, .vdb) of one resolution")->required();
  add->add_option("--generator", ad->generator, "What made them, kept in each sample (e.g. family, explore)")->capture_default_str();
  add->add_option("--out", ad->out, "Output .h5 (a new file)")->required();
  add->callback([ad, &action] { action = [ad] { return runAdd(*ad); }; });

  auto m = std::make_shared<MergeArgs>();
  CLI::App* merge = ds->add_subcommand("merge", "Join datasets or shards into one file, ordered, without duplicates");
  merge->add_option("inputs", m->inputs, "Input .h5 files")->required();
  merge->add_option("--out", m->out, "Output .h5")->required();
  merge->callback([m, &action] {
    action = [m] {
      std::vector<std::filesystem::path> in(m->inputs.begin(), m->inputs.end());
      std::uint64_t n = 0;
      try {
        n = dataset::mergeDatasets(in, m->out);
      } catch (const std::exception& e) {
        throw UserError(e.what());
      }
      std::printf("wrote %s: %llu samples from %zu files\n", m->out.c_str(), static_cast<unsigned long long>(n), in.size());
      return 0;
    };
  });

  auto t = std::make_shared<ThinArgs>();
  CLI::App* thin = ds->add_subcommand("thin", "Even out the density in (C11, C12, C44, vf): at most CAP samples per bin");
  thin->add_option("input", t->input, "Input .h5")->required();
  thin->add_option("--out", t->out, "Output .h5")->required();
  thin->add_option("--bins", t->bins, "Bins per axis of the normalized property space")->capture_default_str()->check(CLI::Range(1, 1000));
  thin->add_option("--cap", t->cap, "Samples kept per bin")->capture_default_str()->check(CLI::Range(1, 100000000));
  thin->callback([t, &action] {
    action = [t] {
      std::vector<dataset::Sample> all = readSamples(t->input, true);
      const int res = dataset::readDatasetInfo(t->input).cellResolution;
      const auto keep = dataset::thinSamples(all, t->bins, t->cap);
      std::vector<dataset::Sample> kept;
      for (std::size_t i : keep) kept.push_back(std::move(all[i]));
      dataset::writeDataset(t->out, kept, res);
      std::printf("wrote %s: kept %zu of %zu samples (%d bins per axis, at most %d per bin)\n", t->out.c_str(),
                  kept.size(), all.size(), t->bins, t->cap);
      return 0;
    };
  });

  auto st = std::make_shared<StatsArgs>();
  CLI::App* stats = ds->add_subcommand("stats", "Counts, ranges and coverage plots (PNG) of a dataset");
  stats->add_option("input", st->input, "Dataset .h5")->required();
  stats->add_option("--plots", st->plots, "Write coverage plots (PNG) into this folder");
  stats->add_flag("--json", st->json, "Print JSON");
  stats->callback([st, &action] { action = [st] { return runStats(*st); }; });

  struct RangeArgs {
    std::string input;
    std::vector<double> point;
  };
  auto rg = std::make_shared<RangeArgs>();
  CLI::App* range = ds->add_subcommand("range", "f_SDF of the dataset's property range at a point (C11 C12 C44 vf): "
                                                "positive inside, negative outside, in normalized units");
  range->add_option("input", rg->input, "Dataset .h5")->required();
  range->add_option("--point", rg->point, "C11 C12 C44 vf")->expected(4)->required();
  range->callback([rg, &action] {
    action = [rg] {
      const std::vector<dataset::Sample> samples = readSamples(rg->input, false);
      const dataset::PropertyRange r = propertyRangeOf(rg->input, samples);
      const std::array<double, 4> p = {rg->point[0], rg->point[1], rg->point[2], rg->point[3]};
      const double f = r.sdf(p);
      std::printf("f_SDF %.4f: %s the range of %zu samples (closing radius %.3f)\n", f,
                  f > 0 ? "inside" : (f > -0.025 ? "just outside (within 0.025 of)" : "outside"), samples.size(),
                  r.closingRadius());
      return 0;
    };
  });

  struct TargetsArgs {
    std::string input, out;
    std::size_t count = 100;
    double minSdf = -0.025, maxSdf = 1e9;
    std::uint64_t seed = 1;
  };
  auto tg = std::make_shared<TargetsArgs>();
  CLI::App* targets = ds->add_subcommand("targets", "Draw targets (C11 C12 C44 vf) in an f_SDF band of the dataset's "
                                                    "range, for active learning (seed 000: f_SDF > -0.025)");
  targets->add_option("input", tg->input, "Dataset .h5")->required();
  targets->add_option("--count", tg->count, "Targets")->capture_default_str()->check(CLI::Range(1, 10000000));
  targets->add_option("--min-sdf", tg->minSdf, "Keep f_SDF above this")->capture_default_str();
  targets->add_option("--max-sdf", tg->maxSdf, "... and at most this");
  targets->add_option("--seed", tg->seed, "Seed")->capture_default_str()->check(seedNumber());
  targets->add_option("--out", tg->out, "JSON file of targets")->required();
  targets->callback([tg, &action] {
    action = [tg] {
      const std::vector<dataset::Sample> samples = readSamples(tg->input, false);
      const dataset::PropertyRange r = propertyRangeOf(tg->input, samples);
      std::vector<std::array<double, 4>> drawn;
      try {
        drawn = r.sampleTargets(tg->count, tg->minSdf, tg->maxSdf, tg->seed);
      } catch (const std::runtime_error& e) {
        throw UserError(e.what());
      }
      nlohmann::json j = nlohmann::json::array();
      for (const auto& p : drawn)
        j.push_back({{"C11", p[0]}, {"C12", p[1]}, {"C44", p[2]}, {"vf", p[3]}, {"f_sdf", r.sdf(p)}});
      files::writeTextAtomically(tg->out, j.dump(2));
      std::printf("wrote %s: %zu targets with %g < f_SDF <= %g\n", tg->out.c_str(), drawn.size(), tg->minSdf, tg->maxSdf);
      return 0;
    };
  });

  // Active learning's report: what a grown dataset adds to the reference's property range.
  struct CoverageArgs {
    std::string input, reference, json;
    int bins = 10;
  };
  auto cv = std::make_shared<CoverageArgs>();
  CLI::App* coverage = ds->add_subcommand("coverage", "What a dataset covers beyond a reference (active learning): "
                                                      "samples outside the reference's range, ranges, occupied bins");
  coverage->add_option("input", cv->input, "Dataset .h5 (e.g. after merge and thin)")->required();
  coverage->add_option("--reference", cv->reference, "The dataset before")->required();
  coverage->add_option("--bins", cv->bins, "Bins per axis of the reference's normalized box")->capture_default_str()->check(CLI::Range(1, 1000));
  coverage->add_option("--json", cv->json, "Also write the figures to this JSON file");
  coverage->callback([cv, &action] {
    action = [cv] {
      const std::vector<dataset::Sample> ref = readSamples(cv->reference, false);
      const std::vector<dataset::Sample> now = readSamples(cv->input, false);
      if (ref.empty()) throw UserError(cv->reference + " holds no samples");
      if (now.empty()) throw UserError(cv->input + " holds no samples");
      const dataset::Coverage c = dataset::coverage(now, ref, std::max(2, cv->bins));
      const dataset::PropertyBox &box = c.referenceBox, &after = c.box;
      const std::size_t added = c.added, outside = c.addedOutside, band = c.addedInBand;
      const int b = c.bins;
      const char* names[4] = {"C11", "C12", "C44", "vf"};
      std::printf("%s against %s: %zu samples (reference %zu), %zu not in the reference\n", cv->input.c_str(),
                  cv->reference.c_str(), now.size(), ref.size(), added);
      std::printf("  new samples outside the reference's range (f_SDF < 0): %zu; in the border band |f_SDF| < 0.025: %zu\n",
                  outside, band);
      for (std::size_t k = 0; k < 4; ++k)
        std::printf("  %-4s %.5g … %.5g  (reference %.5g … %.5g)\n", names[k], after.lo[k], after.hi[k], box.lo[k], box.hi[k]);
      const std::size_t binsBefore = c.binsBefore, binsAfter = c.binsAfter;
      std::printf("  occupied bins (%d⁴ over the reference's box, plus one layer outside): %zu → %zu\n", b, binsBefore,
                  binsAfter);
      if (!cv->json.empty()) {
        nlohmann::json j = {{"samples", now.size()}, {"reference_samples", ref.size()}, {"added", added},
                            {"added_outside_reference_range", outside}, {"added_in_border_band", band},
                            {"occupied_bins_before", binsBefore}, {"occupied_bins_after", binsAfter}, {"bins", b}};
        if (c.lowestAddedSdf) j["lowest_added_f_sdf"] = *c.lowestAddedSdf;
        for (std::size_t k = 0; k < 4; ++k) {
          j["range"][names[k]] = {after.lo[k], after.hi[k]};
          j["reference_range"][names[k]] = {box.lo[k], box.hi[k]};
        }
        files::writeTextAtomically(cv->json, j.dump(2));
      }
      return 0;
    };
  });

  struct GrowArgs {
    std::string model = io::findResource("models/default/card.json").string(), targets, out;
    std::uint64_t seed = 1;
    int batch = 16, steps = 25;
    double guidance = 1.0;
  };
  auto gr = std::make_shared<GrowArgs>();
  CLI::App* grow = ds->add_subcommand("grow", "Active learning: one model-generated cell per target (from dataset "
                                              "targets), cleaned and labelled by FE, as a new dataset to merge");
  grow->add_option("--model", gr->model, "Model card (JSON)")->capture_default_str();
  grow->add_option("--targets", gr->targets, "Targets JSON (dataset targets)")->required();
  grow->add_option("--out", gr->out, "Output .h5")->required();
  grow->add_option("--seed", gr->seed, "Seed")->capture_default_str()->check(seedNumber());
  grow->add_option("--batch", gr->batch, "Targets sampled together")->capture_default_str()->check(CLI::Range(1, 4096));
  grow->add_option("--steps", gr->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  grow->add_option("--guidance", gr->guidance, "Guidance scale")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  grow->callback([gr, &action] {
    action = [gr] {
      const nlohmann::json j = {{"model", gr->model}, {"targets", gr->targets}, {"out", gr->out}, {"seed", gr->seed},
                                {"batch", gr->batch}, {"steps", gr->steps}, {"guidance", gr->guidance}};
      return runGenerativeCommand("dataset-grow", j.dump());
    };
  });

  auto cmp = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* compare = ds->add_subcommand("compare", "Exit 0 when two datasets hold the same samples bit for bit "
                                                    "(in any order), 1 otherwise");
  compare->add_option("a", cmp->first, "First .h5")->required();
  compare->add_option("b", cmp->second, "Second .h5")->required();
  compare->callback([cmp, &action] {
    action = [cmp] {
      std::optional<std::string> difference;
      try {
        difference = dataset::datasetDifference(cmp->first, cmp->second);
      } catch (const std::exception& e) {
        throw UserError(e.what());
      }
      if (difference) {
        std::printf("different: %s\n", difference->c_str());
        return 1;
      }
      std::printf("identical: %zu samples\n", dataset::readDatasetInfo(cmp->first).count);
      return 0;
    };
  });
}

}  // namespace mf::cli
