#pragma once
// One labelled cell of the dataset: the octant of a cubic-symmetric cell, its homogenized
// stiffness, and everything needed to make it again (generator, parameters, FE settings, seed).

#include "core/tensor/voigt.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cstdint>
#include <string>

namespace mf::dataset {

struct Sample {
  std::uint64_t index = 0;  // position in its generation run (runs are reproducible per index)
  std::uint64_t seed = 0;   // the seed the cell was drawn with (derived from run seed and index)
  BinaryCell octant;        // the corner [m, 2m)³ of the 2m-voxel cell (core/voxel/symmetry.hpp)
  Matrix6 stiffness = Matrix6::Zero();  // C^H in Voigt notation, E_s = 1
  double volumeFraction = 0;
  std::string generator;    // "trig", "spinodoid", "tpms", "to"
  std::string params;       // JSON object: the generator's parameters
  std::string fe;           // JSON object: the FE settings of the label

  bool operator==(const Sample&) const = default;
};

}  // namespace mf::dataset
