// libmf_cli_generative.so: the LibTorch-backed commands of metaforge-cli (generative_module.hpp).

#include "app/cli/generative_module.hpp"
#include "app/cli/terminal_progress.hpp"
#include "core/dataset/cleaning.hpp"
#include "core/dataset/dataset_store.hpp"
#include "core/dataset/generation.hpp"
#include "core/voxel/random_fields.hpp"
#include "core/dataset/property_range.hpp"
#include "core/design/metrics.hpp"
#include "core/fem/homogenize.hpp"
#include "core/files/atomic_file.hpp"
#include "core/generative/training.hpp"
#include "core/generative/voxel_diffusion_family.hpp"
#include "core/io/npy_cell.hpp"
#include "core/io/vdb_cell.hpp"
#include "core/tensor/admissibility.hpp"
#include "core/tensor/stiffness.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/symmetry.hpp"

#include <cmath>
#include <memory>
#include <sstream>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace mf::cli {
namespace {

int runTrain(const nlohmann::json& a) {
  generative::TrainingPlan plan;
  plan.dataset = a.at("dataset").get<std::string>();
  plan.runFolder = a.at("out").get<std::string>();
  plan.epochs = a.at("epochs");
  plan.batch = a.at("batch");
  plan.threads = a.at("threads");
  plan.maxHours = a.at("max_hours");
  plan.model.widths = a.at("widths").get<std::vector<int>>();
  plan.trainer.seed = a.at("seed");
  plan.trainer.learningRate = a.at("lr");
  plan.annealFrom = a.at("anneal_from");
  plan.annealTo = a.at("anneal_to");
  plan.command = a.value("command", "");
  installInterruptHandler();
  TerminalProgress progress("train");
  const generative::TrainingReport r = generative::train(plan, progress);
  for (const auto& e : r.epochs)
    std::printf("epoch %4d  steps %7ld  train loss %.5f  held-out loss %.5f  %.1f s\n", e.epoch, e.steps, e.trainLoss,
                e.heldOutLoss, e.seconds);
  if (!r.mendedBundle.empty())
    std::printf("%s: the bundle was broken (%s, a run killed while writing it): written again from the checkpoint of "
                "epoch %d\n",
                plan.runFolder.c_str(), r.mendedBundle.c_str(), r.epochs.back().epoch);
  std::printf("%s: %zu training and %zu held-out samples; %s\n", plan.runFolder.c_str(), r.trainSamples,
              r.heldOutSamples, r.finished ? "finished" : "stopped at the time limit (run again to continue)");
  return 0;
}

// Octants as bit sets, for the novelty check against thousands of training cells.
struct Bits {
  std::vector<std::uint64_t> words;
  int count = 0;
  explicit Bits(const BinaryCell& o) : words((o.size() + 63) / 64, 0) {
    for (std::size_t v = 0; v < o.size(); ++v)
      if (o[v]) words[v / 64] |= std::uint64_t(1) << (v % 64), ++count;
  }
  double similarity(const Bits& b) const {
    if (count == 0 || b.count == 0) return count == b.count ? 1.0 : 0.0;
    int both = 0;
    for (std::size_t w = 0; w < words.size(); ++w) both += __builtin_popcountll(words[w] & b.words[w]);
    return both / std::sqrt(double(count) * b.count);
  }
};

int runBenchAccuracy(const nlohmann::json& a) {
  generative::VoxelDiffusionFamily family(a.at("model").get<std::string>());
  const bool plainThreshold = a.value("plain_threshold", false);
  family.setPlainThreshold(plainThreshold);
  const generative::ConditionRange& range = family.conditionRange();
  design::PropertyRanges ranges{range.lo, range.hi, "model card"};
  // The targets: the held-out samples of the model's dataset, or of another one (to compare
  // models trained on different data on the same targets).
  const std::string targetsFrom = a.value("dataset", std::string());
  const std::vector<dataset::Sample> all = dataset::readDataset(targetsFrom.empty() ? family.datasetPath().string() : targetsFrom);
  std::vector<const dataset::Sample*> heldOut;
  std::vector<Bits> training;
  for (const auto& s : all) {
    if (generative::isHeldOut(s)) heldOut.push_back(&s);
    else training.emplace_back(s.octant);
  }
  // --skip sets aside the first held-out targets (the reported ones) to tune settings on others.
  const int skip = a.value("skip", 0);
  const int available = static_cast<int>(heldOut.size()) - skip;
  if (available <= 0)
    throw std::runtime_error("the dataset has " + std::to_string(heldOut.size()) + " held-out samples; nothing is left after skipping " +
                             std::to_string(skip));
  const int targets = std::min(a.at("targets").get<int>(), available);
  const int n = a.at("n");
  generative::SamplerOptions o;
  o.steps = a.at("steps");
  o.guidance = a.at("guidance");
  generative::setTorchThreads(0);
  installInterruptHandler();
  TerminalProgress progress("bench accuracy");
  // The per-cell table is written whole at the end, atomically (a few hundred rows).
  const std::string cellsPath = a.value("cells", std::string());
  std::ostringstream perCell;
  if (!cellsPath.empty()) {
    perCell << "target,C11,C12,C44,vf,cell,achieved_C11,achieved_C12,achieved_C44,achieved_vf,error,connected,"
               "bridged_vf,islands_removed_voxels\n";
  }
  double sumMean = 0, sumBest = 0, sumDiversity = 0, sumNovelty = 0, sampleSeconds = 0;
  int cells = 0, connected = 0, rawConnected = 0, bridgedCells = 0, boundary = 0;
  for (int t = 0; t < targets; ++t) {
    progress.checkCancelled();
    const int number = skip + t;  // among the held-out samples: names the target and seeds it
    const dataset::Sample& s = *heldOut[static_cast<std::size_t>(number)];
    // What a user gets: the family's cells for the target (islands removed), measured by FE.
    design::FamilyRequest request;
    request.target = Stiffness::cubic(s.stiffness(0, 0), s.stiffness(0, 1), s.stiffness(3, 3));
    request.volumeFraction = s.volumeFraction;
    request.count = n;
    request.steps = o.steps;
    request.guidance = o.guidance;
    request.seed = static_cast<std::uint64_t>(number) + 1;
    NullProgress quiet;
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<design::ProposedCell> out = family.propose(request, quiet);
    sampleSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double best = 1e9, mean = 0;
    std::vector<const BinaryCell*> group;
    for (const design::ProposedCell& p : out) {
      const BinaryCell& c = p.cell;
      ++cells;
      const bool ok = design::isConnected(c);
      connected += ok;
      const bool bridged = std::stod(p.provenance.fields.at("bridged_volume_fraction")) > 0;
      bridgedCells += bridged;
      rawConnected += ok && !bridged && p.provenance.fields.at("islands_removed_voxels") == "0";
      boundary += dataset::octantTouchesAllFaces(extractOctant(c));
      double e = 1.0;
      Stiffness ch = Stiffness::cubic(0, 0, 0);
      if (volumeFraction(c) > 0) {
        ch = *fem::homogenize(c, BaseMaterial{}, fem::HomogenizationOptions{}, quiet).stiffness;
        e = design::targetError(request.target, ch, ranges);
      }
      if (!cellsPath.empty())
        perCell << number << ',' << s.stiffness(0, 0) << ',' << s.stiffness(0, 1) << ',' << s.stiffness(3, 3) << ','
                << s.volumeFraction << ',' << group.size() << ',' << ch(1, 1) << ',' << ch(1, 2) << ',' << ch(4, 4) << ','
                << volumeFraction(c) << ',' << e << ',' << ok << ',' << p.provenance.fields.at("bridged_volume_fraction")
                << ',' << p.provenance.fields.at("islands_removed_voxels")
                << '\n';
      best = std::min(best, e);
      mean += e / n;
      group.push_back(&c);
      const Bits bits(extractOctant(c));
      double novelty = 0;
      for (const Bits& b : training) novelty = std::max(novelty, bits.similarity(b));
      sumNovelty += novelty;
    }
    sumMean += mean;
    sumBest += best;
    sumDiversity += design::diversity(group).value_or(1.0);
    progress.report(double(t + 1) / targets, "target " + std::to_string(t + 1) + ", mean error so far " +
                                                 std::to_string(100 * sumMean / (t + 1)) + " %");
  }
  const nlohmann::json r = {{"targets", targets}, {"skipped_targets", skip}, {"cells_per_target", n}, {"steps", o.steps}, {"guidance", o.guidance},
                            {"mean_error", sumMean / targets}, {"best_of_n_error", sumBest / targets},
                            {"connected_share", double(connected) / cells},
                            {"connected_share_as_drawn", double(rawConnected) / cells},
                            {"bridged_share", double(bridgedCells) / cells},
                            {"boundary_share", double(boundary) / cells},
                            {"diversity_mean_similarity", sumDiversity / targets},
                            {"novelty_max_similarity_to_training", sumNovelty / cells},
                            {"sampling_seconds_per_target", sampleSeconds / targets},
                            {"model_epochs", family.epochs()},
                            {"threshold", plainThreshold ? "occupancy 1/2, no bridges" : "vf level, bridges"}};
  if (!cellsPath.empty()) files::writeTextAtomically(cellsPath, perCell.str());
  if (a.contains("json") && !a.at("json").get<std::string>().empty()) files::writeTextAtomically(a.at("json").get<std::string>(), r.dump(2));
  std::printf("%d held-out targets (numbers %d to %d) × %d cells (%d DDIM steps, guidance %.2g, threshold: %s), model after "
              "%d epochs:\n",
              targets, skip + 1, skip + targets, n, o.steps, o.guidance, r.at("threshold").get<std::string>().c_str(), family.epochs());
  std::printf("  mean error %.2f %%, best of %d %.2f %%\n", 100 * sumMean / targets, n, 100 * sumBest / targets);
  std::printf("  connected %.1f %% (%.1f %% as drawn; %.1f %% bridged, then islands removed), touching the "
              "boundary %.1f %%\n",
              100.0 * connected / cells, 100.0 * rawConnected / cells, 100.0 * bridgedCells / cells, 100.0 * boundary / cells);
  std::printf("  diversity (mean similarity within a target) %.3f, novelty (max similarity to training) %.3f\n",
              sumDiversity / targets, sumNovelty / cells);
  std::printf("  sampling %.2f s per target (%d cells)\n", sampleSeconds / targets, n);
  return 0;
}

// Active learning, the generate-filter-label step: one cell per target from the model, cleaned
// as the dataset's cells are (cleaning.hpp), labelled by FE, written as dataset samples
// (generator "diffusion"). Merge, thin and retrain follow with the dataset and train commands.
int runGrow(const nlohmann::json& a) {
  const generative::VoxelDiffusionFamily family(a.at("model").get<std::string>());
  std::ifstream in(a.at("targets").get<std::string>());
  if (!in) throw std::runtime_error("cannot read " + a.at("targets").get<std::string>());
  const nlohmann::json targets = nlohmann::json::parse(in);
  const std::uint64_t runSeed = a.at("seed");
  const int batch = a.at("batch");
  generative::setTorchThreads(0);
  installInterruptHandler();
  TerminalProgress progress("dataset grow");
  std::vector<dataset::Sample> out;
  std::size_t rejected = 0;
  const std::size_t n = targets.size();
  for (std::size_t b = 0; b < n; b += static_cast<std::size_t>(batch)) {
    progress.checkCancelled();
    const std::size_t e = std::min(n, b + static_cast<std::size_t>(batch));
    std::vector<generative::Condition> conds;
    for (std::size_t i = b; i < e; ++i) {
      const auto& t = targets[i];
      conds.push_back(family.conditionRange().normalize(t.at("C11"), t.at("C12"), t.at("C44"), t.at("vf")));
    }
    generative::SamplerOptions o;
    o.seed = deriveSeed(runSeed, b);
    o.steps = a.at("steps");
    o.guidance = a.at("guidance");
    NullProgress quiet;
    const auto cells = family.model().sample(conds, o, quiet);
    for (std::size_t i = b; i < e; ++i) {
      const dataset::CleanedCell clean = dataset::cleanCell(cells[i - b]);
      if (!clean.accepted()) {
        ++rejected;
        continue;
      }
      std::optional<dataset::Sample> s = dataset::labelCell(clean.cell, 1e-6);
      if (!s) {
        ++rejected;
        continue;
      }
      s->index = i;
      s->seed = deriveSeed(runSeed ^ 0xD1FF, i);
      s->generator = "diffusion";
      s->params = nlohmann::json{{"target", targets[i]}, {"model", a.at("model")}, {"model_epochs", family.epochs()},
                                 {"sample_seed", o.seed}, {"batch_position", i - b}, {"run_seed", runSeed}}
                      .dump();
      out.push_back(std::move(*s));
    }
    progress.report(double(e) / n, std::to_string(out.size()) + " cells kept of " + std::to_string(e));
  }
  const int resolution = 2 * family.model().config().octant;
  dataset::writeDataset(a.at("out").get<std::string>(), out, resolution);
  std::printf("wrote %s: %zu cells from %zu targets (%zu rejected by the cleaning: disconnected or off the boundary)\n",
              a.at("out").get<std::string>().c_str(), out.size(), n, rejected);
  return 0;
}

// Sampling speed: n candidates with CFG, the median of several runs after a warm-up. The
// weights do not change the cost, so an untrained model of the same architecture measures it.
int runBenchSample(const nlohmann::json& a) {
  generative::ModelConfig config;
  config.widths = a.at("widths").get<std::vector<int>>();
  config.octant = a.value("octant", 16);
  const bool hasCard = !a.at("model").get<std::string>().empty();
  // The bundle alone: the family would also read the dataset and build its range, which timing
  // sampling does not need.
  const std::unique_ptr<generative::DiffusionModel> model =
      hasCard ? generative::loadModelBundle(a.at("model").get<std::string>()).model
              : std::make_unique<generative::DiffusionModel>(config, 1);
  generative::setTorchThreads(a.at("threads"));
  const int n = a.at("n"), repeat = a.at("repeat");
  generative::SamplerOptions o;
  o.steps = a.at("steps");
  o.guidance = a.at("guidance");
  const std::vector<generative::Condition> cond(static_cast<std::size_t>(n), generative::Condition{0.4f, 0.3f, 0.3f, 0.3f});
  NullProgress quiet;
  std::vector<double> times;
  for (int r = 0; r <= repeat; ++r) {
    o.seed = static_cast<std::uint64_t>(r) + 1;
    const auto t0 = std::chrono::steady_clock::now();
    model->sample(cond, o, quiet);
    if (r > 0) times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  const auto& cfg = model->config();
  std::printf("sampling %d candidates, %d³ octant (cell %d³), widths", n, cfg.octant, 2 * cfg.octant);
  for (int w : cfg.widths) std::printf(" %d", w);
  std::printf(", %d DDIM steps, guidance %.2g, on the %s (%d CPU threads): median %.3f s (min %.3f, max %.3f, %d runs "
              "after a warm-up)\n",
              o.steps, o.guidance, generative::samplingDeviceName().c_str(), generative::torchThreads(),
              times[times.size() / 2], times.front(), times.back(), repeat);
  return 0;
}

}  // namespace
}  // namespace mf::cli

extern "C" int mf_generative_command(const char* command, const char* argumentsJson, char* error,
                                     unsigned long errorSize) {
  auto fail = [&](const std::string& message) {
    std::snprintf(error, errorSize, "%s", message.c_str());
    return 1;
  };
  try {
    const nlohmann::json args = nlohmann::json::parse(argumentsJson);
    if (std::strcmp(command, "train") == 0) return mf::cli::runTrain(args);
    if (std::strcmp(command, "bench-accuracy") == 0) return mf::cli::runBenchAccuracy(args);
    if (std::strcmp(command, "bench-sample") == 0) return mf::cli::runBenchSample(args);
    if (std::strcmp(command, "dataset-grow") == 0) return mf::cli::runGrow(args);
    return fail(std::string("the generative module has no command '") + command + "'");
  } catch (const mf::CancelledError&) {
    return fail("cancelled");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
