#pragma once
// The spinodoid family's networks (seed 004, Kumar et al. 2020; SEED_SPECS §4, the authors' code):
//   f-NN  F: Θ (4) → S (9)   hidden 128-128-64-64-32-32, ReLU; MSE (Eq. 6)
//   i-NN  G: S (9) → Θ (4)   six hidden layers of 100, ReLU, linear output; trained in tandem
//         through the frozen F (Eq. 7): ‖F(G(S)) − S‖² + λ‖G(S) − Θ‖², λ = 0.5 for the first 40
//         epochs, then 0 (the prediction term only at first, so G may find any Θ that gives S)
// Adam, lr 1e-4, batch 64, 200 epochs each. Θ and S are min–max scaled to [0, 1]: ρ over
// [0.3, 1], θ over [0°, 90°], each constant over the training data. G's output is corrected as
// the authors do: θ below θ_min/2 → 0, below θ_min → θ_min; then clamped into the design space.
// LibTorch stays behind this header (a pimpl), so its users need not see it.

#include "core/dataset/sample.hpp"
#include "core/jobs/progress.hpp"
#include "plugins/spinodoid/spinodoid_geometry.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mf::spinodoid {

using Constants = std::array<double, 9>;  // C11 C12 C13 C22 C23 C33 C44 C55 C66 (E_s = 1)

Constants constantsOf(const Matrix6& voigt);

// The 10 % of a dataset the networks never train on, by a fixed hash of each sample's seed: the
// targets of `bench accuracy --family spinodoid`.
bool isHeldOut(const dataset::Sample& s);

struct Scaling {
  Constants lo{}, hi{};  // of the nine constants over the training data
  static Scaling of(const std::vector<Constants>& data);  // throws std::invalid_argument for none
  bool operator==(const Scaling&) const = default;
};

class Networks {
 public:
  explicit Networks(std::uint64_t seed = 1);  // untrained (LibTorch's default initialization)
  ~Networks();
  Networks(Networks&&) noexcept;
  Networks& operator=(Networks&&) noexcept;

  const Scaling& scaling() const;
  void setScaling(const Scaling& scaling);

  // F on designs, in E_s = 1 units.
  std::vector<Constants> forward(const std::vector<Design>& designs) const;
  // G on constants, post-corrected into the design space.
  std::vector<Design> inverse(const std::vector<Constants>& constants) const;

  // Both networks' weights in one LibTorch archive (the scaling goes in the card).
  void save(const std::filesystem::path& weights) const;
  // Throws std::runtime_error for a file that is not such an archive.
  static Networks load(const std::filesystem::path& weights, const Scaling& scaling);

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// A trained bundle as shipped: card.json (format, the weights' name and SHA-256, the scaling,
// the dataset, how it was trained, its held-out figures) and the weights beside it. Throws
// std::runtime_error "<card>: what is wrong" for anything missing, damaged or implausible.
struct Bundle {
  Networks networks;
  std::filesystem::path dataset;  // as the card names it (may be gone)
};
Bundle loadBundle(const std::filesystem::path& card);

struct TrainingPlan {
  std::filesystem::path dataset, runFolder;  // the run folder gets checkpoint.pt, log.csv, card.json, model.pt
  int epochs = 200, batch = 64;
  double learningRate = 1e-4, lambda = 0.5;
  int lambdaEpochs = 40;
  std::uint64_t seed = 1;
  int threads = 0;          // 0: all cores
  double maxHours = 0;      // stop after a checkpoint once this much wall time has passed; 0: none
  std::string command;      // for the card
};

struct TrainingReport {
  std::size_t trainSamples = 0, heldOutSamples = 0;
  std::vector<double> forwardLoss, inverseLoss;  // per epoch (scaled units)
  Constants forwardR2{};  // F on the held-out samples, per constant
  Constants tandemR2{};   // F(G(S)) against S on the held-out samples
  bool finished = false;
};

// Trains F, then G through the frozen F, from the run folder's checkpoint when there is one (a
// checkpoint after every epoch), and writes the bundle when both are done. Cancel-aware.
TrainingReport train(const TrainingPlan& plan, Progress& progress);

}  // namespace mf::spinodoid
