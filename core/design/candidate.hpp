#pragma once
// A candidate cell of a design session: the voxels, where they came from, and — once the FE
// engine has run — what they achieve.

#include "core/tensor/base_material.hpp"
#include "core/tensor/stiffness.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace mf::design {

// Where a cell came from, enough to make it again: kind is "file", "family", "dataset" or "example";
// fields hold the details (path, family, model hash, seed, guidance scale, steps, …).
struct Provenance {
  std::string kind = "file";
  std::map<std::string, std::string> fields;

  std::string summary() const;  // one line: "file gyroid32.raw", "family tpms (seed 7)", …
  bool operator==(const Provenance&) const = default;
};

// What every family's cell records first: kind "family" with the family's id, the model it was
// made from (a card's path), the request's seed and the cell's index among the request's cells.
// A family adds its own fields (guidance, Θ, field seed, …).
Provenance familyProvenance(const std::string& family, const std::string& model, std::uint64_t seed, std::size_t index);

// The homogenized stiffness and how it was obtained (the FE settings are provenance too).
struct Homogenized {
  Stiffness stiffness;
  BaseMaterial base;
  int resolution = 0;       // voxels per axis the FE engine used
  double tolerance = 0.0;   // CG relative residual
  int iterations = 0;       // the most of any load case
  double seconds = 0.0;
  std::string backend;      // "CPU", "CUDA"
  std::string precision;    // "float64", "float32"

  bool operator==(const Homogenized& o) const {
    return stiffness.voigt() == o.stiffness.voigt() && base.youngs == o.base.youngs && base.poisson == o.base.poisson &&
           resolution == o.resolution && tolerance == o.tolerance && iterations == o.iterations && seconds == o.seconds &&
           backend == o.backend && precision == o.precision;
  }
};

struct Candidate {
  std::string id;    // unique within a session, stable across saves ("c1", "c2", …)
  std::string name;  // what the user sees ("gyroid32", "candidate 3")
  BinaryCell cell;
  Provenance provenance;
  std::optional<Homogenized> homogenized;

  bool operator==(const Candidate&) const = default;
};

}  // namespace mf::design
