#pragma once
// `metaforge-cli bench accuracy`: how close a family's cells come to targets it never trained on,
// through the design study a user runs (core/design/study.hpp): for each held-out target, n cells
// proposed, each measured by FE, the true errors averaged (mean of all cells, and the best of each
// target's n), with connectivity, diversity (mean similarity within a target), novelty (largest
// similarity to a training cell) and the share of cells each numeric provenance field marks.

#include "core/design/family.hpp"
#include "core/design/polish.hpp"
#include "core/design/study.hpp"
#include "core/jobs/progress.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mf::design {

struct AccuracyPlan {
  int cellsPerTarget = 4;
  int steps = 25;
  double guidance = FamilyRequest{}.guidance;
  // Target k of the list (counting from firstNumber) is asked with seed firstNumber + k + 1, so
  // a run that skips the first targets gives the others what a full run gives them.
  int firstNumber = 0;
  HomogenizeSettings fe;
  // When set, every cell of every target is also polished toward its target (core/design/polish.hpp)
  // and the report gains the polished figures beside the generated ones.
  std::optional<PolishSettings> polish;
  int polishCells = 0;  // polish the best this many of each target's cells (0: all of them)
};

// The same targets' cells after polishing: the best of each target's n and the mean, whether
// they stayed connected, and what it cost.
struct PolishReport {
  double meanError = 0, bestOfNError = 0;
  double meanErrorStdErr = 0, bestOfNErrorStdErr = 0;
  double connectedShare = 0;
  double improvedShare = 0;         // cells whose error fell
  double medianSecondsPerCell = 0;  // TO rounds and their FE
  double meanRounds = 0;
  int cellsPerTarget = 0;  // polished of each target's n
};

struct AccuracyCell {
  int target = 0;  // its number
  int cell = 0;    // its rank among the target's n (0: the best)
  Stiffness want, achieved;
  std::optional<double> wantVolumeFraction;
  double achievedVolumeFraction = 0, error = 1;
  bool connected = false;
  std::map<std::string, std::string> provenance;
};

// A family's example (HeldOutData::Example): its FE tensor, asked of the study, and how close
// the study's cells come back.
struct ExampleRoundTrip {
  std::string name;
  Stiffness target;  // the example's C^H, projected onto the class of the family's held-out targets
  double meanError = 0, bestError = 0;
};

struct AccuracyReport {
  int targets = 0, cellsPerTarget = 0;
  double meanError = 0, bestOfNError = 0;                // fractions
  double meanErrorStdErr = 0, bestOfNErrorStdErr = 0;    // over targets
  double connectedShare = 0;
  double diversity = 0;                                  // mean similarity within a target
  std::optional<double> novelty;                         // mean over cells, when training cells are given
  double samplingSecondsPerTarget = 0, verifySecondsPerTarget = 0;
  std::map<std::string, double> provenanceShares;        // field → share of cells where it is > 0
  std::string metric;                                    // TargetMetric::describe()
  // R² between target and achieved over all targets, per constant the metric reads: over every
  // cell, and over each target's best.
  std::vector<std::string> constantNames;
  std::vector<double> r2AllCells, r2BestCells;
  // BatchDesign families: the inference for all targets in one batch, and realizing one cell each.
  std::optional<double> networkSecondsAllTargets, realizeSecondsAllTargets;
  std::vector<ExampleRoundTrip> examples;
  std::vector<AccuracyCell> cells;
  std::optional<PolishReport> polished;
};


// Throws std::invalid_argument for no targets; CancelledError when cancelled. The family's
// examples (HeldOutData), where `examples` has them, are verified and asked of the study too.
// `diagnosticFields`: HeldOutData::diagnosticFields() of the family, where it has them.
AccuracyReport benchmarkAccuracy(const MicrostructureFamily& family, const std::vector<HeldOutData::Target>& targets,
                                 const AccuracyPlan& plan, const std::vector<PackedCell>& trainingCells,
                                 const std::vector<std::string>& diagnosticFields, Progress& progress,
                                 const std::vector<HeldOutData::Example>& examples = {});

}  // namespace mf::design
