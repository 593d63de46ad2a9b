// libmf_cli_generative.so: the LibTorch-backed commands of metaforge-cli (generative_module.hpp).

#include "app/cli/generative_module.hpp"
#include "app/cli/terminal_progress.hpp"
#include "core/generative/training.hpp"

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
  installInterruptHandler();
  TerminalProgress progress("train");
  const generative::TrainingReport r = generative::train(plan, progress);
  for (const auto& e : r.epochs)
    std::printf("epoch %4d  steps %7ld  train loss %.5f  held-out loss %.5f  %.1f s\n", e.epoch, e.steps, e.trainLoss,
                e.heldOutLoss, e.seconds);
  std::printf("%s: %zu training and %zu held-out samples; %s\n", plan.runFolder.c_str(), r.trainSamples,
              r.heldOutSamples, r.finished ? "finished" : "stopped at the time limit (run again to continue)");
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
    return fail(std::string("the generative module has no command '") + command + "'");
  } catch (const mf::CancelledError&) {
    return fail("cancelled");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
