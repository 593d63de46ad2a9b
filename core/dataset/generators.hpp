#pragma once
// Where dataset cells come from. Every generator returns a cubic-symmetric binary cell with a
// side of 2m voxels, drawn from a seeded Rng, and the parameters it used (JSON).
//
//   trig       a thresholded level set of random trigonometric basis functions
//   spinodoid  a thresholded Gaussian random field of one wavelength (spinodal-like)
//   tpms       gyroid, Schwarz P or diamond, sheet or network, shifted by a random offset
//   to         topology optimization (core/optimize) for a random objective and volume fraction
//              from a trigonometric start: the expensive, high-performance part of the data
// The procedural ones cost a few milliseconds; `to` costs dozens of FE solves.

#include "core/jobs/progress.hpp"
#include "core/optimize/topology_optimization.hpp"
#include "core/voxel/random_fields.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mf::dataset {

enum class Generator { Trig, Spinodoid, Tpms, TopologyOptimized };
const char* toString(Generator g);
Generator generatorFromString(const std::string& name);

struct GeneratedCell {
  BinaryCell cell;
  std::string params;  // JSON object
};

// Where a run reaches beyond the bundled data (seed 000's data rounds: the volume fractions and
// objectives the data lacks). Unset, every generator keeps its own range, and a run's samples stay
// bit for bit those of the runs made before these options existed.
struct GeneratorOptions {
  // Volume fractions drawn uniformly from [lo, hi] by every generator (default: [0.08, 0.55] for
  // the procedural ones, [0.12, 0.5] for `to`).
  std::optional<std::pair<double, double>> volumeFractions;
  // The objectives `to` draws from uniformly (default: bulk, shear, npr, isotropic).
  std::vector<optimize::Objective> objectives;
};

// Throws std::invalid_argument for a range outside (0, 1) or reversed, or an objective a dataset
// run cannot pursue (target matching needs a target).
void checkGeneratorOptions(const GeneratorOptions& options);

GeneratedCell generateCell(Generator g, int resolution, Rng& rng, Progress& progress, const GeneratorOptions& options = {});

}  // namespace mf::dataset
