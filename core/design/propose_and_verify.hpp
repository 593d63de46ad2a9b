#pragma once
// The design workflow every family shares: sample candidates for a target, verify each by FE
// homogenization, rank them by their true (Eq. 18) error. The model's own idea of what a cell
// achieves is never trusted; the FE engine's is.

#include "core/design/family.hpp"
#include "core/design/metrics.hpp"
#include "core/design/session.hpp"

#include <optional>
#include <vector>

namespace mf::design {

struct VerifiedProposal {
  ProposedCell proposal;
  std::optional<Homogenized> homogenized;  // empty for a cell without solid
  double error = 1.0;                      // Eq. 18 against the target (1 when nothing was measured)
  double volumeFraction = 0.0;
  bool connected = false;
};

struct DesignRun {
  std::vector<VerifiedProposal> ranked;  // best (lowest true error) first
  double samplingSeconds = 0.0, verifySeconds = 0.0;
};

// Throws std::invalid_argument when the family rejects the target (its reason, from propose), CancelledError
// when cancelled. Progress: sampling takes the first half, FE the second.
DesignRun proposeAndVerify(const MicrostructureFamily& family, const FamilyRequest& request,
                           const PropertyRanges& ranges, const HomogenizeSettings& settings, Progress& progress);

}  // namespace mf::design
