#include "core/generative/training.hpp"

#include "core/files/atomic_file.hpp"
#include "core/files/checksum.hpp"
#include "core/files/json_integer.hpp"

#include "core/dataset/dataset_store.hpp"
#include "core/voxel/random_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <numeric>
#include <stdexcept>

namespace mf::generative {

Condition ConditionRange::normalize(double c11, double c12, double c44, double vf) const {
  const double v[3] = {c11, c12, c44};
  Condition c{};
  for (int k = 0; k < 3; ++k) c[static_cast<std::size_t>(k)] = static_cast<float>((v[k] - lo[k]) / (hi[k] - lo[k]));
  c[3] = static_cast<float>(vf);
  return c;
}

ConditionRange ConditionRange::of(const dataset::PropertyBox& box) {
  if (box.empty()) throw std::invalid_argument("no samples to take the condition range from");
  return {{box.lo[0], box.lo[1], box.lo[2]}, {box.hi[0], box.hi[1], box.hi[2]}};
}

bool isHeldOut(const dataset::Sample& s) { return deriveSeed(s.seed, 0x5EED) % 20 == 0; }

namespace {

nlohmann::json toJson(const EpochRecord& e) {
  return {{"epoch", e.epoch},           {"steps", e.steps},     {"train_loss", e.trainLoss},
          {"held_out_loss", e.heldOutLoss}, {"seconds", e.seconds}, {"learning_rate", e.learningRate}};
}

}  // namespace

double learningRateAt(const TrainingPlan& plan, int epoch) {
  const double base = plan.trainer.learningRate;
  if (plan.annealFrom < 0 || epoch < plan.annealFrom || plan.epochs <= plan.annealFrom) return base;
  const double final = base * plan.annealTo;
  // Epoch annealFrom runs at the base rate, the last epoch at the final one.
  const int span = std::max(1, plan.epochs - 1 - plan.annealFrom);
  const double s = std::min(1.0, double(epoch - plan.annealFrom) / span);
  return final + (base - final) * 0.5 * (1.0 + std::cos(M_PI * s));
}

// The bundle of the run as it stands after `rec`: model.pt (the EMA weights) and card.json.
void writeBundle(const TrainingPlan& plan, const TrainingReport& report, const EpochRecord& rec, const DiffusionModel& ema,
                 const ConditionRange& range);

std::string checkBundle(const std::filesystem::path& runFolder, int epoch) {
  try {
    const auto card = runFolder / "card.json";
    if (!std::filesystem::exists(card)) return "no card.json";
    std::ifstream in(card);
    const nlohmann::json j = nlohmann::json::parse(in);
    const auto weights = runFolder / j.at("weights").get<std::string>();
    if (!std::filesystem::exists(weights)) return "no " + weights.filename().string();
    const auto cardEpoch = j.contains("epochs") ? files::integerIn(j.at("epochs"), 0, 1 << 30) : std::nullopt;
    if (cardEpoch != epoch)
      return "the card is of epoch " + (cardEpoch ? std::to_string(*cardEpoch) : std::string("?")) + ", the checkpoint of " +
             std::to_string(epoch);
    if (files::sha256OfFile(weights) != j.value("weights_sha256", "")) return "the weights do not match the card";
    return {};
  } catch (const std::exception& e) {
    return std::string("an unreadable card (") + e.what() + ")";
  }
}

TrainingReport train(const TrainingPlan& plan, Progress& progress) {
  setTorchThreads(plan.threads);
  const std::vector<dataset::Sample> all = dataset::readDataset(plan.dataset);
  const int m = plan.model.octant;
  std::vector<const dataset::Sample*> trainSet, heldOut;
  for (const auto& s : all) {
    if (s.octant.nx() != m) throw std::invalid_argument("the dataset's octants are not " + std::to_string(m) + "³");
    (isHeldOut(s) ? heldOut : trainSet).push_back(&s);
  }
  if (trainSet.empty()) throw std::invalid_argument("no training samples");
  dataset::PropertyBox trainBox;
  for (const auto* s : trainSet) trainBox.include(*s);
  ConditionRange range = ConditionRange::of(trainBox);
  const auto checkpoint = plan.runFolder / "checkpoint.pt";
  const auto historyFile = plan.runFolder / "history.json";
  // A resumed run's history: its epochs, and the normalization it started with, which it keeps
  // even on a grown dataset (active learning continues a run on more data): the network has
  // learned that scale.
  nlohmann::json history;
  if (std::filesystem::exists(checkpoint)) {
    std::ifstream in(historyFile);
    if (in) history = nlohmann::json::parse(in);
  }
  if (history.contains("condition_range")) {
    range.lo = history["condition_range"]["lo"].get<std::array<double, 3>>();
    range.hi = history["condition_range"]["hi"].get<std::array<double, 3>>();
  }
  auto condition = [&](const dataset::Sample& s) {
    return range.normalize(s.stiffness(0, 0), s.stiffness(0, 1), s.stiffness(3, 3), s.volumeFraction);
  };

  std::filesystem::create_directories(plan.runFolder);
  DiffusionModel model(plan.model, plan.trainer.seed);
  Trainer trainer(model, plan.trainer);
  TrainingReport report;
  report.trainSamples = trainSet.size();
  report.heldOutSamples = heldOut.size();
  if (std::filesystem::exists(checkpoint)) trainer.loadCheckpoint(checkpoint);
  if (history.contains("epochs"))
    for (const auto& e : history["epochs"])
      report.epochs.push_back({e["epoch"], e["steps"], e["train_loss"], e["held_out_loss"], e["seconds"],
                               e.value("learning_rate", plan.trainer.learningRate)});
  // A run killed while it wrote its bundle left the checkpoint and history of that epoch whole
  // (they are written first, atomically) but the bundle torn or stale: rebuild it from them.
  if (!report.epochs.empty()) {
    if (const std::string broken = checkBundle(plan.runFolder, report.epochs.back().epoch); !broken.empty()) {
      writeBundle(plan, report, report.epochs.back(), trainer.emaModel(), range);
      report.mendedBundle = broken;
    }
  }
  // A fixed held-out batch for a comparable loss across epochs.
  std::vector<BinaryCell> evalOctants;
  std::vector<Condition> evalConditions;
  for (std::size_t i = 0; i < heldOut.size() && i < 128; ++i) {
    evalOctants.push_back(heldOut[i]->octant);
    evalConditions.push_back(condition(*heldOut[i]));
  }
  const auto start = std::chrono::steady_clock::now();
  for (int epoch = static_cast<int>(report.epochs.size()); epoch < plan.epochs; ++epoch) {
    const auto t0 = std::chrono::steady_clock::now();
    trainer.setLearningRate(learningRateAt(plan, epoch));
    // The epoch's order: a permutation seeded by (seed, epoch), so a resumed run repeats it.
    std::vector<std::size_t> order(trainSet.size());
    std::iota(order.begin(), order.end(), 0);
    Rng rng(deriveSeed(plan.trainer.seed, static_cast<std::uint64_t>(epoch)));
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.next() % i]);
    double lossSum = 0;
    long batches = 0;
    for (std::size_t b = 0; b + static_cast<std::size_t>(plan.batch) <= order.size(); b += static_cast<std::size_t>(plan.batch)) {
      progress.checkCancelled();
      std::vector<BinaryCell> octants;
      std::vector<Condition> conditions;
      for (std::size_t i = b; i < b + static_cast<std::size_t>(plan.batch); ++i) {
        octants.push_back(trainSet[order[i]]->octant);
        conditions.push_back(condition(*trainSet[order[i]]));
      }
      lossSum += trainer.step(octants, conditions);
      ++batches;
      progress.report((epoch + double(b) / order.size()) / plan.epochs,
                      "epoch " + std::to_string(epoch + 1) + ", loss " + std::to_string(lossSum / batches));
    }
    EpochRecord rec;
    rec.epoch = epoch + 1;
    rec.steps = trainer.steps();
    rec.learningRate = trainer.learningRate();
    rec.trainLoss = lossSum / std::max(1L, batches);
    rec.heldOutLoss = evalOctants.empty() ? 0 : trainer.evaluate(evalOctants, evalConditions, 12345);
    rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    report.epochs.push_back(rec);
    trainer.saveCheckpoint(checkpoint);
    nlohmann::json h = {{"train_samples", report.trainSamples},
                        {"held_out_samples", report.heldOutSamples},
                        {"condition_range", {{"lo", range.lo}, {"hi", range.hi}}},
                        {"epochs", nlohmann::json::array()}};
    for (const auto& e : report.epochs) h["epochs"].push_back(toJson(e));
    files::writeTextAtomically(historyFile, h.dump(2));
    writeBundle(plan, report, rec, trainer.emaModel(), range);
    const double hours = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 3600.0;
    if (plan.maxHours > 0 && hours >= plan.maxHours) return report;
  }
  report.finished = true;
  return report;
}

void writeBundle(const TrainingPlan& plan, const TrainingReport& report, const EpochRecord& rec, const DiffusionModel& ema,
                 const ConditionRange& range) {
  {
    // Weights first, then the card that names them with their checksum: a kill between the two
    // leaves a card whose checksum the weights fail, which the next run finds and mends.
    const auto weights = plan.runFolder / "model.pt";
    files::writeAtomically(weights, [&](const std::filesystem::path& tmp) { ema.save(tmp); });
    double wallSeconds = 0;  // over all sessions of the run, resumed ones included
    for (const auto& e : report.epochs) wallSeconds += e.seconds;
    const std::string checksum = files::sha256OfFile(weights);
    // The bundle's card: what a sampler needs to load and condition the model.
    nlohmann::json card = {
        {"format", "metaforge-diffusion-model"},
        {"version", 1},
        {"weights", "model.pt"},
        {"weights_sha256", checksum},
        {"architecture",
         {{"octant", plan.model.octant}, {"widths", plan.model.widths}, {"embedding", plan.model.embedding},
          {"frequencies", plan.model.frequencies}, {"parameters", ema.parameterCount()}}},
        {"condition_range", {{"C11", {range.lo[0], range.hi[0]}}, {"C12", {range.lo[1], range.hi[1]}},
                             {"C44", {range.lo[2], range.hi[2]}}}},
        {"dataset", std::filesystem::absolute(plan.dataset).string()},
        {"train_samples", report.trainSamples},
        {"held_out_samples", report.heldOutSamples},
        {"epochs", rec.epoch},
        {"wall_seconds", wallSeconds},
        {"command", plan.command},
        {"steps", rec.steps},
        {"train_loss", rec.trainLoss},
        {"held_out_loss", rec.heldOutLoss},
        {"training",
         {{"optimizer", "AdamW"}, {"learning_rate", plan.trainer.learningRate}, {"ema", plan.trainer.ema},
          {"batch", plan.batch}, {"seed", plan.trainer.seed}, {"last_learning_rate", rec.learningRate},
          {"planned_epochs", plan.epochs},
          {"anneal", plan.annealFrom < 0 ? nlohmann::json(nullptr)
                                         : nlohmann::json{{"from_epoch", plan.annealFrom + 1}, {"to", plan.annealTo},
                                                          {"shape", "cosine"}}}}}};
    files::writeTextAtomically(plan.runFolder / "card.json", card.dump(2));
  }
}

}  // namespace mf::generative
