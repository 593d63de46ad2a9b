#pragma once
// A family's design of a cell in its own terms (ARCHITECTURE.md): the parameters that make it
// (a spinodoid's Θ, a truss's struts and radii), the seed that fixes the rest (a random field's
// phases), and the periodic voxel cell it makes at any resolution. The study realizes a cell at
// the FE resolution the user chose from its design, where resampling the proposed voxels would
// lose what the design says (a spinodoid's smooth interface, a strut thinner than a voxel).

#include "core/voxel/voxel_grid.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mf::design {

class Microstructure {
 public:
  virtual ~Microstructure() = default;
  struct Parameter {
    std::string name;  // "density", "theta1", …
    double value = 0;
  };
  virtual std::vector<Parameter> parameters() const = 0;
  virtual std::uint64_t seed() const = 0;
  // The resolution the family proposes its cells at (its data's).
  virtual int nativeResolution() const = 0;
  // Periodic: opposite faces continue each other. Throws std::invalid_argument for a resolution
  // the design cannot be made at (below 2 voxels, above 1024).
  virtual BinaryCell realize(int resolution) const = 0;
};

}  // namespace mf::design
