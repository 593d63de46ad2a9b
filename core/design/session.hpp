#pragma once
// Everything a design session holds, independent of any window: the target, the candidates
// with their provenance, the metric ranges, the FE settings, and the view state the GUI wants
// back (opaque JSON to core). core/io/session_file.hpp stores it in a .mfsession file.

#include "core/design/candidate.hpp"
#include "core/design/metrics.hpp"
#include "core/design/target.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mf::design {

// How the FE engine is run on candidates.
struct HomogenizeSettings {
  BaseMaterial base;
  double tolerance = 1e-6;
  int maxIterations = 500;
  std::string precision = "float64";  // or "float32"
  int resolution = 0;                 // resample to this many voxels per axis first; 0 keeps the cell's
  bool operator==(const HomogenizeSettings& o) const {
    return base.youngs == o.base.youngs && base.poisson == o.base.poisson && tolerance == o.tolerance &&
           maxIterations == o.maxIterations && precision == o.precision && resolution == o.resolution;
  }
};

// How normalized stiffness reads in physical units, once the user picks a printable material
// (core/tensor/base_material.hpp's presets): a normalized value times youngsGPa is GPa. The FE
// still works normalized (E_s = 1) with the material's ν_s.
struct PhysicalUnit {
  std::string material;  // "Ti-6Al-4V"
  double youngsGPa = 0;  // E_s in GPa
  bool operator==(const PhysicalUnit&) const = default;
};

struct Session {
  std::string title = "Untitled";
  DesignTarget target;
  std::vector<Candidate> candidates;
  PropertyRanges ranges = PropertyRanges::ofBaseMaterial({});  // cubic targets' Eq. 18
  // Orthotropic targets' spans, from the family that first designed for one (spinodoids' data);
  // the base material's until then.
  std::optional<OrthotropicRanges> orthotropicRanges;
  HomogenizeSettings homogenize;
  std::optional<PhysicalUnit> unit;  // none: values are shown normalized by E_s
  nlohmann::json viewState = nlohmann::json::object();
  int nextCandidateNumber = 1;  // ids "c1", "c2", … are never reused

  // The error the target's class is judged by (metrics.hpp), with this session's ranges.
  TargetMetric metricFor(const Stiffness& tensor) const;

  // A fresh id for a new candidate.
  std::string takeCandidateId() { return "c" + std::to_string(nextCandidateNumber++); }
  // Index of the candidate with this id, or -1.
  int indexOf(const std::string& id) const;

  bool operator==(const Session&) const = default;
};

}  // namespace mf::design
