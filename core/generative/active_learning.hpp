#pragma once
// Active learning's generate-filter-label step (seed 000 §3.2, docs/diffusion.md): one cell per
// target from the diffusion model, cleaned as the dataset's own cells are (dataset/cleaning.hpp),
// labelled by FE, kept as dataset samples (generator "diffusion"). Merging, thinning and
// retraining follow with the dataset and train commands.

#include "core/dataset/sample.hpp"
#include "core/generative/voxel_diffusion_family.hpp"
#include "core/jobs/progress.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mf::generative {

struct GrowTarget {
  double c11 = 0, c12 = 0, c44 = 0, volumeFraction = 0;
  std::string record;  // the target as its file had it (a JSON object, f_SDF included), kept in the sample
};

struct GrowPlan {
  std::uint64_t seed = 1;  // the run's: batch b samples with deriveSeed(seed, b)
  int batch = 16;          // cells sampled at once
  int steps = 25;
  double guidance = 5.0;
  double feTolerance = 1e-6;
  std::string model;       // the card's path, recorded in each sample's parameters
};

struct GrowResult {
  std::vector<dataset::Sample> samples;  // index = the target's position
  std::size_t rejected = 0;              // disconnected, off the boundary, or not labelled
  int cellResolution = 0;
};

// Cancel-aware; reproducible from the plan's seed.
GrowResult growDataset(const VoxelDiffusionFamily& family, const std::vector<GrowTarget>& targets, const GrowPlan& plan,
                       Progress& progress);

}  // namespace mf::generative
