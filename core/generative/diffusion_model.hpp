#pragma once
// The guided diffusion model of seed 000 for cubic-symmetric voxel cells, in LibTorch (CPU, or
// CUDA where LibTorch has it). This header is LibTorch-free: the network lives behind a pimpl,
// so only core/generative's own files pay for torch's headers.
//
//   network   a 3D U-Net on the m³ octant predicting x0 from (x_t, x̂0', t, conditions): levels
//             from m³ down to 4³ (one ResNet block of two 3×3×3 convolutions per level, two in
//             the bottleneck), GroupNorm + SiLU, replicate padding (the octant's faces are
//             mirror planes of the cell), learnable sinusoidal embeddings of t and of the four
//             conditions (C11, C12, C44 normalized to [0, 1] over the dataset, and vf; a dropped
//             condition is −1).
//   schedule  x_t = √γ(t)·x0 + √(1 − γ(t))·ε with γ(t) = cos²(πt/2), x0 = 2·occupancy − 1.
//   sampler   DDIM (25 steps by default) with classifier-free guidance
//             x̂0 = x̂0(∅) + w·(x̂0(c) − x̂0(∅)) and self-conditioning carried between steps;
//             the result is averaged over the octant's axis permutations, thresholded, mirrored
//             and made exactly cubic-symmetric.

#include "core/generative/model_card.hpp"
#include "core/generative/octant_threshold.hpp"
#include "core/jobs/progress.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mf::generative {

// C11, C12, C44 normalized over the dataset's range, and vf; −1 marks a dropped condition.
using Condition = std::array<float, 4>;
constexpr float kDropped = -1.0f;

struct SamplerOptions {
  int steps = 25;
  double guidance = 1.0;  // w; 0 ignores the condition
  std::uint64_t seed = 1;
  // Threshold each cell at the level that gives its conditioned volume fraction (where vf is
  // given and guidance is on) instead of at occupancy ½. Guidance 0 ignores the condition here too.
  bool matchVolumeFraction = true;
  // Lower the level by at most this share of the octant where that connects a cell that would
  // fall apart (octant_threshold.hpp); 0 never does.
  double maxBridgeVolumeFraction = 0.15;
};

class DiffusionModel {
 public:
  explicit DiffusionModel(const ModelConfig& config, std::uint64_t initSeed = 0);
  ~DiffusionModel();
  DiffusionModel(DiffusionModel&&) noexcept;
  DiffusionModel& operator=(DiffusionModel&&) noexcept;

  const ModelConfig& config() const;
  std::size_t parameterCount() const;

  // One cell (2m)³ per condition, exactly cubic-symmetric. Cancel-aware between steps.
  std::vector<BinaryCell> sample(const std::vector<Condition>& conditions, const SamplerOptions& options,
                                 Progress& progress) const;
  // The same, with what the thresholding did to each cell.
  std::vector<ThresholdedCell> sampleThresholded(const std::vector<Condition>& conditions, const SamplerOptions& options,
                                                 Progress& progress) const;
  // DDIM inversion: the noise (m³ octant values, x fastest) that sampling maps back to these
  // cells (each (2m)³, cubic) under the condition, with the same number of steps.
  std::vector<std::vector<float>> invert(const std::vector<BinaryCell>& cells, const std::vector<Condition>& conditions,
                                         int steps) const;
  // Sampling from given noise (the inverse of invert).
  std::vector<BinaryCell> sampleFrom(const std::vector<std::vector<float>>& noise, const std::vector<Condition>& conditions,
                                     const SamplerOptions& options, Progress& progress) const;

  void save(const std::filesystem::path& path) const;
  static DiffusionModel load(const std::filesystem::path& path, const ModelConfig& config);

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Training: AdamW, an EMA copy of the weights, condition dropout and self-conditioning as in
// seed 000. Batches are octants (m³, 0/1) with their conditions.
struct TrainerOptions {
  double learningRate = 2e-4;
  double weightDecay = 1e-4;
  double ema = 0.999;
  double dropTensor = 0.1, dropVf = 0.1, dropBoth = 0.1;
  double selfCondition = 0.5;
  std::uint64_t seed = 1;
};

class Trainer {
 public:
  Trainer(DiffusionModel& model, const TrainerOptions& options);
  ~Trainer();
  // One optimizer step on the batch; returns the MSE on x0.
  double step(const std::vector<BinaryCell>& octants, const std::vector<Condition>& conditions);
  // The loss at fixed noise and times (no dropout, no update): for held-out evaluation.
  double evaluate(const std::vector<BinaryCell>& octants, const std::vector<Condition>& conditions,
                  std::uint64_t seed) const;
  // The EMA weights as a model (what gets shipped).
  DiffusionModel emaModel() const;
  long steps() const;
  // The optimizer's learning rate from the next step on (a schedule sets it per epoch; a loaded
  // checkpoint brings back the rate it was saved with, so a resumed run sets it again).
  void setLearningRate(double lr);
  double learningRate() const;
  // Everything needed to continue: weights, EMA weights, optimizer state, step count.
  void saveCheckpoint(const std::filesystem::path& path) const;
  void loadCheckpoint(const std::filesystem::path& path);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Where sampling runs: "CUDA" where LibTorch has CUDA and a device exists (unless MF_DEVICE=cpu),
// else "CPU". Training always runs on the CPU.
std::string samplingDeviceName();

// LibTorch's intra-op threads (it starts with one here); 0 = all cores.
void setTorchThreads(int threads);
int torchThreads();

}  // namespace mf::generative
