#pragma once
// A microstructure family proposes candidate cells for a target (ARCHITECTURE.md: the voxel
// diffusion model is the first; TPMS and lattice families follow). The design workflow is the
// same for every family: check the target, propose N cells, verify each by FE, rank by the
// true error. The CLI and the GUI both go through this interface.

#include "core/design/candidate.hpp"
#include "core/design/metrics.hpp"
#include "core/design/microstructure.hpp"
#include "core/jobs/progress.hpp"
#include "core/tensor/stiffness.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mf::design {

struct FamilyRequest {
  Stiffness target;                       // cubic: C11, C12, C44 are read from it
  std::optional<double> volumeFraction;   // free when empty
  int count = 4;
  std::uint64_t seed = 1;
  double guidance = 5.0;                  // families without guidance ignore it; the default of the CLI and the
                                          // app (chosen for the bundled model on held-out targets other than
                                          // the reported ones: docs/diffusion.md)
  int steps = 25;                         // sampler steps, where the family has them
  // The family's other options, by the names of its manifest's parameters (the Generate box's
  // controls beyond guidance and steps); a family reads those it knows.
  std::map<std::string, double> parameters;
};

// What a family says of a target before it proposes anything.
struct TargetCheck {
  // Empty when the family can aim at the target; else why not, in one plain sentence (callers
  // add their own syntax: the CLI its flags, the GUI a button).
  std::string reason;
  // The target the family can reach that lies nearest to the one asked, where it knows one.
  std::optional<DesignTarget> nearest;

  bool ok() const { return reason.empty(); }
  // The reason, and the nearest reachable target in words.
  std::string describe() const;
};

struct ProposedCell {
  BinaryCell cell;        // at the family's native resolution
  Provenance provenance;  // kind "family", with the family, seed, settings
  // The design the cell was made from, where the family has one beyond its voxels (a spinodoid's
  // Θ and field seed): a study at another FE resolution realizes the cell from it.
  std::shared_ptr<const Microstructure> design;
};

// Optional capability of a family trained on data: the targets it never trained on (the C^H of
// held-out cells, what `bench accuracy` aims at) and the cells it trained on (for novelty).
class HeldOutData {
 public:
  virtual ~HeldOutData() = default;
  struct Target {
    Stiffness stiffness;
    std::optional<double> volumeFraction;  // the held-out cell's, where the family conditions on it
  };
  // In a fixed order. `dataset` (when not empty) draws them from another dataset by the same split.
  virtual std::vector<Target> heldOutTargets(const std::string& dataset = {}) const = 0;
  virtual std::vector<BinaryCell> trainingCells() const = 0;
  // Numeric provenance fields that mark what the family did to a cell (bridges added, islands
  // removed): a benchmark reports the share of cells where each is above 0.
  virtual std::vector<std::string> diagnosticFields() const { return {}; }
  // Cells a paper reports, as the family realizes them: a benchmark verifies each by FE, asks for
  // that tensor and reports how close the study comes back (a round trip through the inverse).
  struct Example {
    std::string name;  // "paper 004: Θ = (0.35, 70°, 70°, 0°)"
    BinaryCell cell;
  };
  virtual std::vector<Example> examples() const { return {}; }
};

// Optional capability: cells for many targets in one go (the cloak asks for hundreds), the
// family's fast part (a network's inference) done once for all and timed apart from realizing
// the cells. Each request's cells are what propose() gives for it alone.
class BatchDesign {
 public:
  virtual ~BatchDesign() = default;
  struct Batch {
    std::vector<std::vector<ProposedCell>> cells;  // per request, in order
    double networkSeconds = 0;                     // the inference for all requests together
  };
  // Throws std::invalid_argument naming the first request the family rejects.
  virtual Batch proposeBatch(const std::vector<FamilyRequest>& requests, Progress& progress) const = 0;
};

// Optional capability: a smooth family of cells between two (seed 000 §3.3): `members` cells
// from `start` to `end`, both ends included, reproducible from the request's seed; its steps and
// guidance apply. Throws std::invalid_argument, saying why, for ends the family cannot start from.
class Interpolation {
 public:
  virtual ~Interpolation() = default;
  virtual std::vector<ProposedCell> interpolate(const BinaryCell& start, const BinaryCell& end, int members,
                                                const FamilyRequest& settings, Progress& progress) const = 0;
};

class MicrostructureFamily {
 public:
  virtual ~MicrostructureFamily() = default;
  virtual std::string id() const = 0;           // stable, e.g. "voxel-diffusion"
  virtual std::string displayName() const = 0;  // for menus and tables
  // Whether the family can aim at this target: cheap (the app asks on every keystroke) and
  // thread-safe beside propose().
  virtual TargetCheck checkTarget(const FamilyRequest& request) const = 0;
  // `count` cells for the target, reproducible from the seed. Cancel-aware. Throws
  // std::invalid_argument with checkTarget().describe() for a target it rejects.
  virtual std::vector<ProposedCell> propose(const FamilyRequest& request, Progress& progress) const = 0;
  // The ranges Eq. 18 should normalize by for this family's targets (a model's training data);
  // empty when the family has none of its own.
  virtual std::optional<PropertyRanges> propertyRanges() const { return std::nullopt; }
  // The same for orthotropic targets: the spans of the nine constants over the family's data.
  virtual std::optional<OrthotropicRanges> orthotropicRanges() const { return std::nullopt; }
  // What it runs on, for the status bar: "default-32 (CPU)" (model and device), or the name.
  virtual std::string modelSummary() const { return displayName(); }
  // Optional capabilities (a family without one returns nullptr).
  virtual const HeldOutData* heldOutData() const { return nullptr; }
  virtual const BatchDesign* batchDesign() const { return nullptr; }
  virtual const Interpolation* interpolation() const { return nullptr; }
};

}  // namespace mf::design
