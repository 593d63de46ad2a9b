#pragma once
// A family's own cells for a dataset generation run, in place of the cubic generators: drawn
// from the family's design space (a spinodoid's Θ), labelled by the same FE, and stored as the
// parameters that make each cell again (CellStorage::Regenerated: no voxels in the file).

#include "core/dataset/generators.hpp"
#include "core/voxel/random_fields.hpp"

#include <optional>
#include <string>

namespace mf::dataset {

class CellSource {
 public:
  virtual ~CellSource() = default;
  // The samples' generator column, e.g. "spinodoid-theta".
  virtual std::string name() const = 0;
  // A cell of resolution³ voxels drawn with `rng`, with the parameters (a JSON object) that make
  // it again; nullopt when the draw cannot carry load (the run draws again, up to its attempts).
  virtual std::optional<GeneratedCell> draw(int resolution, Rng& rng) const = 0;
};

}  // namespace mf::dataset
