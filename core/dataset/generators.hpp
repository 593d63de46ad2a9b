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
#include "core/voxel/random_fields.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <string>

namespace mf::dataset {

enum class Generator { Trig, Spinodoid, Tpms, TopologyOptimized };
const char* toString(Generator g);
Generator generatorFromString(const std::string& name);

struct GeneratedCell {
  BinaryCell cell;
  std::string params;  // JSON object
};

// Volume fractions are drawn from [0.08, 0.55].
GeneratedCell generateCell(Generator g, int resolution, Rng& rng, Progress& progress);

}  // namespace mf::dataset
