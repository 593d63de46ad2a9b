// metaforge-cli train: trains the diffusion model on a dataset, resumably (see
// core/generative/training.hpp). Without LibTorch the command says so.

#include "app/cli/command.hpp"
#include "app/cli/terminal_progress.hpp"

#ifdef MF_CLI_HAS_TORCH
#include "core/generative/training.hpp"
#endif

#include <cstdio>
#include <memory>

namespace mf::cli {
namespace {

struct TrainArgs {
  std::string dataset = "resources/datasets/default.h5";
  std::string out;
  int epochs = 100;
  int batch = 16;
  std::vector<int> widths{16, 32, 64};
  int threads = 0;
  double maxHours = 0;
  std::uint64_t seed = 1;
  double learningRate = 2e-4;
};

int runTrain(const TrainArgs& a) {
#ifdef MF_CLI_HAS_TORCH
  generative::TrainingPlan plan;
  plan.dataset = a.dataset;
  plan.runFolder = a.out;
  plan.epochs = a.epochs;
  plan.batch = a.batch;
  plan.threads = a.threads;
  plan.maxHours = a.maxHours;
  plan.model.widths = a.widths;
  plan.trainer.seed = a.seed;
  plan.trainer.learningRate = a.learningRate;
  TerminalProgress progress("train");
  generative::TrainingReport r;
  try {
    r = generative::train(plan, progress);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  } catch (const std::runtime_error& e) {
    throw UserError(e.what());
  }
  for (const auto& e : r.epochs)
    std::printf("epoch %4d  steps %7ld  train loss %.5f  held-out loss %.5f  %.1f s\n", e.epoch, e.steps, e.trainLoss,
                e.heldOutLoss, e.seconds);
  std::printf("%s: %zu training and %zu held-out samples; %s\n", a.out.c_str(), r.trainSamples, r.heldOutSamples,
              r.finished ? "finished" : "stopped at the time limit (run again to continue)");
  return 0;
#else
  (void)a;
  throw UserError("this metaforge-cli was built without LibTorch (install libtorch-dev and rebuild)");
#endif
}

}  // namespace

void addTrainCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train the diffusion model on a dataset (resumable: run again on the same "
                                              "folder to continue)");
  cmd->add_option("--dataset", args->dataset, "Dataset .h5")->capture_default_str();
  cmd->add_option("--out", args->out, "Run folder: checkpoint.pt, history.json, model.pt (EMA weights)")->required();
  cmd->add_option("--epochs", args->epochs, "Epochs in all")->capture_default_str();
  cmd->add_option("--batch", args->batch, "Samples per step")->capture_default_str();
  cmd->add_option("--widths", args->widths, "Channels per U-Net level")->delimiter(',')->capture_default_str();
  cmd->add_option("--threads", args->threads, "LibTorch threads (default: all cores)");
  cmd->add_option("--max-hours", args->maxHours, "Stop after the epoch that passes this much time");
  cmd->add_option("--seed", args->seed, "Seed of initialization, order and noise")->capture_default_str();
  cmd->add_option("--lr", args->learningRate, "AdamW learning rate")->capture_default_str();
  cmd->callback([args, &action] { action = [args] { return runTrain(*args); }; });
}

}  // namespace mf::cli
