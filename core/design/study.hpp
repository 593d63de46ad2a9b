#pragma once
// The design study (ARCHITECTURE.md): check the target → propose N cells → verify each by FE →
// rank by the true error. It is the one workflow behind the app's Generate, `metaforge-cli
// design` and `metaforge-cli bench accuracy`, for one family or several at once ("all
// families", one ranked table). A family's own idea of what a cell achieves is never trusted;
// the FE engine's is.

#include "core/design/family.hpp"
#include "core/design/metrics.hpp"
#include "core/design/session.hpp"
#include "core/jobs/progress.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mf::design {

// The metric for a target: the class's error, normalized by the first family (in the order
// given) that knows its data's ranges for that class, else by the base material's.
TargetMetric metricFor(const Stiffness& target, const std::vector<const MicrostructureFamily*>& families);

struct StudyCandidate {
  std::string family;                      // the family's id
  ProposedCell proposal;
  std::optional<Homogenized> homogenized;  // once verified; stays empty for a cell without solid
  double error = 1.0;                      // by the study's metric (1 until measured)
  double volumeFraction = 0.0;
  bool connected = false;
};

// A family that would not aim at the target, and why.
struct Declined {
  std::string family;
  TargetCheck check;
};

struct StudyResult {
  std::vector<StudyCandidate> ranked;  // best (lowest true error) first; ties keep the proposal order
  std::vector<Declined> declined;
  double samplingSeconds = 0.0, verifySeconds = 0.0;
};

// What a caller hears while a study runs, on the study's thread: each cell as soon as it is
// proposed (`index` counts the cells of the study in the order proposed), then the same cell
// verified. The GUI turns these into rows that fill in; a benchmark ignores them.
class StudyObserver {
 public:
  virtual ~StudyObserver() = default;
  virtual void proposed(std::size_t /*index*/, const StudyCandidate& /*candidate*/) {}
  virtual void verified(std::size_t /*index*/, const StudyCandidate& /*candidate*/) {}
};

// Every family is asked in turn; those that decline are listed with their reasons. Throws
// std::invalid_argument when all of them decline (their reasons, one per family), CancelledError
// when cancelled. Progress: proposing takes the first half, FE the second.
StudyResult runStudy(const std::vector<const MicrostructureFamily*>& families, const FamilyRequest& request,
                     const TargetMetric& metric, const HomogenizeSettings& fe, Progress& progress,
                     StudyObserver* observer = nullptr);

}  // namespace mf::design
