#pragma once
// f of seed 000's guidance objective (Eq. 14; ../shared/SEED_SPECS.md §1): K/K_HS of a
// cubic-symmetric voxel cell predicted from its octant, so that a denoising step can be pushed
// toward cells near the Hashin–Shtrikman bulk bound by a gradient. A small 3D CNN in the spirit
// of the authors' "HalfUNet", sized to our 16³ octant:
//   input     the octant's occupancy in [0, 1] (a sampled x̂0 goes through the steep projection
//             p(x) = (tanh(64x) + 1)/2 first), mirror-padded like the U-Net (its faces are mirror
//             planes of the cell)
//   encoder   one ResNet block per level, a strided convolution between levels (16³ → 8³ → 4³)
//   head      the flattened features and the octant's mean occupancy (vf: K_HS depends on it)
//             → Linear → SiLU → Linear → K/K_HS
// Labels are our FE's: K_H/K_HS at the cell's own vf, K_H = (C11 + 2·C12)/3 (boundRatios,
// core/tensor/summary.hpp). Training sees each batch under one of the octant's 48 symmetries
// (axis permutations, and flips = half-period shifts of the mirrored cell), which leave K alone.
// LibTorch stays behind this header.

#include "core/jobs/progress.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mf::generative {

struct RegressorConfig {
  int octant = 16;
  std::vector<int> widths{4, 8, 16};  // channels per level; the octant halves between levels
  int hidden = 64;
  bool operator==(const RegressorConfig&) const = default;
};
// Empty when usable; else why not (the octant must halve cleanly once per level).
std::string validate(const RegressorConfig& config);

class BulkRegressor {
 public:
  explicit BulkRegressor(const RegressorConfig& config = {}, std::uint64_t initSeed = 1);
  ~BulkRegressor();
  BulkRegressor(BulkRegressor&&) noexcept;
  BulkRegressor& operator=(BulkRegressor&&) noexcept;

  const RegressorConfig& config() const;
  // K/K_HS of each octant (m³, 0/1). Throws std::invalid_argument for an octant of another size.
  std::vector<double> predictOctants(const std::vector<BinaryCell>& octants) const;
  // The same for whole cubic-symmetric cells ((2m)³): their octant.
  std::vector<double> predict(const std::vector<BinaryCell>& cells) const;

  void save(const std::filesystem::path& path) const;
  // Throws std::runtime_error for a file that is not such a network of this configuration.
  static BulkRegressor load(const std::filesystem::path& path, const RegressorConfig& config);

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// A bundle as shipped (resources/models/regressor/): card.json (format, configuration, the
// weights' name and SHA-256, the data, held-out R²) and the weights. Throws std::runtime_error
// "<card>: what is wrong" for anything missing, damaged or implausible.
struct RegressorBundle {
  BulkRegressor regressor;
  double heldOutR2 = 0;
};
RegressorBundle loadRegressorBundle(const std::filesystem::path& card);

struct RegressorTrainingPlan {
  std::vector<std::filesystem::path> datasets;  // voxel datasets (octants with FE labels)
  std::filesystem::path runFolder;              // checkpoint.pt, history.json, then card.json + model.pt
  RegressorConfig model;
  int epochs = 30, batch = 64;
  double learningRate = 2e-3;  // Adam; cosine down to 1 % of it over the epochs
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  double maxHours = 0;
  std::string command;
};

struct RegressorTrainingReport {
  std::size_t trainSamples = 0, heldOutSamples = 0;
  std::vector<double> trainLoss, heldOutLoss;  // per epoch, the whole history
  double heldOutR2 = 0;                        // of K/K_HS on the held-out cells
  double heldOutMeanAbsError = 0;
  bool finished = false;
};

// Trains on every sample of the datasets except the diffusion model's held-out 5 %
// (generative::isHeldOut): the cells `bench accuracy` draws its targets from stay unseen by
// both networks. Resumable: each epoch ends with a checkpoint in the run folder; a run folder
// started on other data is refused.
RegressorTrainingReport trainRegressor(const RegressorTrainingPlan& plan, Progress& progress);

}  // namespace mf::generative
