// metaforge-cli train: trains the diffusion model on a dataset, resumably (see
// core/generative/training.hpp). The work runs in the generative module (generative_module.hpp).

#include "app/cli/command.hpp"
#include "app/cli/option_checks.hpp"
#include "core/io/resources.hpp"
#include "app/cli/generative_module.hpp"
#include "core/generative/bulk_regressor.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace mf::cli {
namespace {

struct TrainArgs {
  std::string family = "voxel-diffusion";
  bool epochsGiven = false, batchGiven = false, lrGiven = false;
  std::string network = "diffusion";
  std::vector<std::string> datasets{io::findResource("datasets/default.h5").string()};
  std::string dataset;  // the one dataset of the diffusion model and the spinodoid networks
  std::string out;
  int epochs = 100;
  int batch = 16;
  std::vector<int> widths{16, 32, 64};
  int threads = 0;
  double maxHours = 0;
  std::uint64_t seed = 1;
  double learningRate = 2e-4;
  int annealFrom = 0;  // 1-based epoch; 0: no anneal
  double annealTo = 0.1;
};

// The spinodoid family's f-NN and i-NN (plugins/spinodoid/spinodoid_networks.hpp), with the
// authors' settings unless asked otherwise: 200 epochs each, batch 64, Adam at 1e-4.
int runSpinodoidTrain(const TrainArgs& a) {
  const int epochs = a.epochsGiven ? a.epochs : 200, batch = a.batchGiven ? a.batch : 64;
  const double lr = a.lrGiven ? a.learningRate : 1e-4;
  char command[1024];
  std::snprintf(command, sizeof command, "metaforge-cli train --family spinodoid --dataset %s --out %s --epochs %d --batch %d --seed %llu --lr %g",
                a.dataset.c_str(), a.out.c_str(), epochs, batch, static_cast<unsigned long long>(a.seed), lr);
  const nlohmann::json j = {{"dataset", a.dataset}, {"out", a.out},       {"epochs", epochs},
                            {"batch", batch},       {"threads", a.threads}, {"max_hours", a.maxHours},
                            {"seed", a.seed},       {"lr", lr},            {"command", command}};
  return runGenerativeCommand("spinodoid-train", j.dump());
}

// The K/K_HS regressor of the voxel family's guidance (core/generative/bulk_regressor.hpp) on
// one or more voxel datasets: 30 epochs, batch 64, Adam at 2e-3 unless asked otherwise.
int runRegressorTrain(const TrainArgs& a) {
  const generative::RegressorTrainingPlan defaults;
  const int epochs = a.epochsGiven ? a.epochs : defaults.epochs, batch = a.batchGiven ? a.batch : defaults.batch;
  const double lr = a.lrGiven ? a.learningRate : defaults.learningRate;
  std::string command = "metaforge-cli train --network regressor";
  for (const auto& d : a.datasets) command += " --dataset " + d;
  char rest[512];
  std::snprintf(rest, sizeof rest, " --out %s --epochs %d --batch %d --seed %llu --lr %g", a.out.c_str(), epochs, batch,
                static_cast<unsigned long long>(a.seed), lr);
  const nlohmann::json j = {{"datasets", a.datasets}, {"out", a.out},  {"epochs", epochs}, {"batch", batch},
                            {"threads", a.threads},   {"max_hours", a.maxHours}, {"seed", a.seed}, {"lr", lr},
                            {"command", command + rest}};
  return runGenerativeCommand("regressor-train", j.dump());
}

int runTrain(TrainArgs a) {
  if (a.network == "regressor") {
    if (a.family != "voxel-diffusion") throw UserError("--network regressor belongs to the voxel-diffusion family");
    return runRegressorTrain(a);
  }
  if (a.network != "diffusion") throw UserError("--network is diffusion or regressor, not '" + a.network + "'");
  if (a.datasets.size() != 1) throw UserError("this training takes one --dataset (merge them first: dataset merge)");
  a.dataset = a.datasets.front();
  if (a.family == "spinodoid") return runSpinodoidTrain(a);
  if (a.family != "voxel-diffusion") throw UserError("--family '" + a.family + "' has nothing to train; known: voxel-diffusion, spinodoid");
  std::string widths;
  for (int w : a.widths) widths += (widths.empty() ? "" : ",") + std::to_string(w);
  char command[1024];
  std::snprintf(command, sizeof command,
                "metaforge-cli train --dataset %s --out %s --epochs %d --batch %d --widths %s --seed %llu --lr %g",
                a.dataset.c_str(), a.out.c_str(), a.epochs, a.batch, widths.c_str(),
                static_cast<unsigned long long>(a.seed), a.learningRate);
  std::string commandLine = command;
  if (a.annealFrom > 0) {
    std::snprintf(command, sizeof command, " --anneal-from %d --anneal-to %g", a.annealFrom, a.annealTo);
    commandLine += command;
  }
  nlohmann::json j = {{"dataset", a.dataset},  {"out", a.out},    {"epochs", a.epochs},
                      {"batch", a.batch},      {"widths", a.widths}, {"threads", a.threads},
                      {"max_hours", a.maxHours}, {"seed", a.seed}, {"lr", a.learningRate},
                      {"anneal_from", a.annealFrom - 1}, {"anneal_to", a.annealTo}};
  j["command"] = commandLine;
  return runGenerativeCommand("train", j.dump());
}

}  // namespace

void addTrainCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train a family's networks on a dataset: the diffusion model, or the "
                                              "spinodoid f-NN and i-NN (resumable: run again on the same folder to continue)");
  cmd->add_option("--family", args->family, "voxel-diffusion or spinodoid (its dataset: dataset generate --family spinodoid)")
      ->capture_default_str();
  cmd->add_option("--network", args->network, "diffusion (the family's generator) or regressor (K/K_HS, the voxel family's guidance)")
      ->capture_default_str();
  cmd->add_option("--dataset", args->datasets, "Dataset .h5 (the regressor takes several: repeat the option)")->capture_default_str();
  cmd->add_option("--out", args->out, "Run folder: checkpoint.pt, history.json, model.pt (EMA weights)")->required();
  cmd->add_option("--epochs", args->epochs, "Epochs in all")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->add_option("--batch", args->batch, "Samples per step")->capture_default_str()->check(CLI::Range(1, 4096));
  cmd->add_option("--widths", args->widths, "Channels per U-Net level")->delimiter(',')->capture_default_str()->check(CLI::Range(1, 512));
  cmd->add_option("--threads", args->threads, "LibTorch threads (default: all cores)")->check(CLI::Range(0, 256));
  cmd->add_option("--max-hours", args->maxHours, "Stop after the epoch that passes this much time")->check(CLI::Range(0.0, 100000.0));
  cmd->add_option("--seed", args->seed, "Seed of initialization, order and noise")->capture_default_str()->check(seedNumber());
  cmd->add_option("--lr", args->learningRate, "AdamW learning rate (a resumed run takes it up again)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            char* end = nullptr;
            const double lr = std::strtod(text.c_str(), &end);
            return *end == '\0' && lr > 0.0 && lr <= 1.0 ? "" : "a learning rate is above 0 and at most 1, not '" + text + "'";
          },
          "RATE"));
  cmd->add_option("--anneal-from", args->annealFrom,
                  "From this epoch (1-based) to the last, anneal the learning rate on a cosine")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--anneal-to", args->annealTo, "The last epoch's learning rate, as a share of --lr")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->callback([args, cmd, &action] {
    args->epochsGiven = cmd->count("--epochs") > 0;
    args->batchGiven = cmd->count("--batch") > 0;
    args->lrGiven = cmd->count("--lr") > 0;
    action = [args] { return runTrain(*args); };
  });
}

}  // namespace mf::cli
