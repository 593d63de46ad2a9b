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
#include "core/generative/active_learning.hpp"
#include "core/generative/bulk_regressor.hpp"
#include "core/generative/training.hpp"
#include "core/generative/voxel_diffusion_family.hpp"
#include "plugins/spinodoid/spinodoid_networks.hpp"
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

// The options both families' training takes, as the train command passed them.
template <class Plan>
Plan commonTrainingOptions(const nlohmann::json& a) {
  Plan plan;
  plan.dataset = a.at("dataset").get<std::string>();
  plan.runFolder = a.at("out").get<std::string>();
  plan.epochs = a.at("epochs");
  plan.batch = a.at("batch");
  plan.threads = a.at("threads");
  plan.maxHours = a.at("max_hours");
  plan.command = a.value("command", "");
  return plan;
}

int runTrain(const nlohmann::json& a) {
  auto plan = commonTrainingOptions<generative::TrainingPlan>(a);
  plan.model.widths = a.at("widths").get<std::vector<int>>();
  plan.trainer.seed = a.at("seed");
  plan.trainer.learningRate = a.at("lr");
  plan.annealFrom = a.at("anneal_from");
  plan.annealTo = a.at("anneal_to");
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

int runRegressorTrain(const nlohmann::json& a) {
  generative::RegressorTrainingPlan plan;
  for (const auto& d : a.at("datasets")) plan.datasets.push_back(d.get<std::string>());
  plan.runFolder = a.at("out").get<std::string>();
  plan.epochs = a.at("epochs");
  plan.batch = a.at("batch");
  plan.threads = a.at("threads");
  plan.maxHours = a.at("max_hours");
  plan.seed = a.at("seed");
  plan.learningRate = a.at("lr");
  plan.command = a.value("command", "");
  installInterruptHandler();
  TerminalProgress progress("train regressor");
  const generative::RegressorTrainingReport r = generative::trainRegressor(plan, progress);
  for (std::size_t e = 0; e < r.trainLoss.size(); ++e)
    std::printf("epoch %4zu  train MSE %.6f  held-out MSE %.6f\n", e + 1, r.trainLoss[e], r.heldOutLoss[e]);
  std::printf("%s: %zu training and %zu held-out cells; held-out R² of K/K_HS %.4f, mean |error| %.4f; %s\n",
              plan.runFolder.c_str(), r.trainSamples, r.heldOutSamples, r.heldOutR2, r.heldOutMeanAbsError,
              r.finished ? "finished" : "stopped at the time limit (run again to continue)");
  return 0;
}

int runSpinodoidTrain(const nlohmann::json& a) {
  auto plan = commonTrainingOptions<spinodoid::TrainingPlan>(a);
  plan.seed = a.at("seed");
  plan.learningRate = a.at("lr");
  installInterruptHandler();
  const spinodoid::TrainingReport r = [&] {
    TerminalProgress progress("train spinodoid");
    return spinodoid::train(plan, progress);
  }();
  for (std::size_t e = 0; e < r.forwardLoss.size(); e += std::max<std::size_t>(1, r.forwardLoss.size() / 10))
    std::printf("f-NN epoch %4zu  loss %.3e\n", e + 1, r.forwardLoss[e]);
  for (std::size_t e = 0; e < r.inverseLoss.size(); e += std::max<std::size_t>(1, r.inverseLoss.size() / 10))
    std::printf("i-NN epoch %4zu  loss %.3e\n", e + 1, r.inverseLoss[e]);
  std::printf("%s: %zu training and %zu held-out samples; held-out R² per constant (f-NN | F(G(S))):\n",
              plan.runFolder.c_str(), r.trainSamples, r.heldOutSamples);
  for (std::size_t j = 0; j < 9; ++j)
    std::printf("  %s  %.4f | %.4f\n", design::kOrthotropicNames[j], r.forwardR2[j], r.tandemR2[j]);
  std::printf("%s\n", r.finished ? "finished: card.json and model.pt written" : "stopped at the time limit (run again to continue)");
  return 0;
}

// Active learning's grow step (core/generative/active_learning.hpp) on a targets file.
int runGrow(const nlohmann::json& a) {
  const std::string model = a.at("model").get<std::string>(), targetsPath = a.at("targets").get<std::string>(),
                    out = a.at("out").get<std::string>();
  const generative::VoxelDiffusionFamily family(model);
  std::ifstream in(targetsPath);
  if (!in) throw std::runtime_error("cannot read " + targetsPath);
  const nlohmann::json list = nlohmann::json::parse(in, nullptr, false);
  if (!list.is_array()) throw std::runtime_error(targetsPath + ": not a list of targets (dataset targets writes one)");
  std::vector<generative::GrowTarget> targets;
  for (const nlohmann::json& t : list) targets.push_back({t.at("C11"), t.at("C12"), t.at("C44"), t.at("vf"), t.dump()});
  generative::GrowPlan plan;
  plan.seed = a.at("seed");
  plan.batch = a.at("batch");
  plan.steps = a.at("steps");
  plan.guidance = a.at("guidance");
  plan.model = model;
  generative::setTorchThreads(0);
  installInterruptHandler();
  const generative::GrowResult r = [&] {
    TerminalProgress progress("dataset grow");
    return generative::growDataset(family, targets, plan, progress);
  }();
  dataset::writeDataset(out, r.samples, r.cellResolution);
  std::printf("wrote %s: %zu cells from %zu targets (%zu rejected by the cleaning: disconnected or off the boundary)\n",
              out.c_str(), r.samples.size(), targets.size(), r.rejected);
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
    if (std::strcmp(command, "spinodoid-train") == 0) return mf::cli::runSpinodoidTrain(args);
    if (std::strcmp(command, "regressor-train") == 0) return mf::cli::runRegressorTrain(args);
    if (std::strcmp(command, "bench-sample") == 0) return mf::cli::runBenchSample(args);
    if (std::strcmp(command, "dataset-grow") == 0) return mf::cli::runGrow(args);
    return fail(std::string("the generative module has no command '") + command + "'");
  } catch (const mf::CancelledError&) {
    return fail("cancelled");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
