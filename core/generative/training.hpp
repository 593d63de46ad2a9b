#pragma once
// Training the diffusion model on a dataset (core/dataset), resumably: `metaforge-cli train`.
//
// Conditions are C11, C12, C44 normalized to [0, 1] over the training data's range, and vf
// (already in [0, 1]). A fixed 5 % of the samples (chosen by their seeds, so the split does not
// depend on the file's order) is held out: never trained on, used for the held-out loss here
// and for `bench accuracy` later. Each epoch ends with a checkpoint in the run folder
// (weights, EMA weights, optimizer state, progress), written atomically; a run started again
// on the same folder continues from it.

#include "core/dataset/cleaning.hpp"
#include "core/dataset/sample.hpp"
#include "core/generative/diffusion_model.hpp"
#include "core/jobs/progress.hpp"

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace mf::generative {

struct ConditionRange {
  std::array<double, 3> lo{}, hi{};  // of C11, C12, C44
  Condition normalize(double c11, double c12, double c44, double vf) const;
  static ConditionRange of(const dataset::PropertyBox& box);  // its C11, C12, C44 bounds
};

bool isHeldOut(const dataset::Sample& s);  // the fixed 5 % split

struct TrainingPlan {
  std::filesystem::path dataset;
  std::filesystem::path runFolder;  // checkpoints, loss log, final bundle
  ModelConfig model;
  TrainerOptions trainer;
  int epochs = 100;
  int batch = 16;
  int threads = 0;  // 0: all cores
  // Learning-rate anneal: from epoch annealFrom (0-based; < 0: never) to the last, a cosine from
  // trainer.learningRate down to annealTo × it. Before it the rate is constant.
  int annealFrom = -1;
  double annealTo = 0.1;
  double maxHours = 0;  // stop (after a checkpoint) when this much wall time has passed; 0: no limit
  std::string command;  // how the run was started, for the model card
};

struct EpochRecord {
  int epoch = 0;
  long steps = 0;
  double trainLoss = 0, heldOutLoss = 0, seconds = 0;
  double learningRate = 0;
};

struct TrainingReport {
  std::vector<EpochRecord> epochs;  // the whole history, resumed runs included
  std::size_t trainSamples = 0, heldOutSamples = 0;
  bool finished = false;
  // Set when the run found its bundle (card.json + model.pt) broken — killed while writing it —
  // and wrote it again from the checkpoint: what was wrong.
  std::string mendedBundle;
};

// Whether runFolder/card.json and the weights it names agree (the card parses, describes epoch
// `epoch`, and the weights' SHA-256 is the card's); else what is wrong.
std::string checkBundle(const std::filesystem::path& runFolder, int epoch);

// The learning rate of a 0-based epoch under the plan's schedule.
double learningRateAt(const TrainingPlan& plan, int epoch);

TrainingReport train(const TrainingPlan& plan, Progress& progress);

}  // namespace mf::generative
