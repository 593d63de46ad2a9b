#pragma once
// A family of cells between two, as a user asks for one (seed 000 §3.3): the family interpolates
// (its Interpolation capability), every member is verified by the FE engine, and each is measured
// as a graded part needs it: K/K_HS at its volume fraction, whether it is one connected piece, and
// how well it joins the member before it (Eq. 19 on the shared face). The CLI's `interpolate`
// and the app's Family tab both run this.

#include "core/design/family.hpp"
#include "core/design/session.hpp"
#include "core/jobs/progress.hpp"

#include <optional>
#include <vector>

namespace mf::design {

struct FamilyMember {
  ProposedCell proposal;
  std::optional<Homogenized> homogenized;  // empty for a cell without solid
  double volumeFraction = 0;
  std::optional<double> bulkRatio;         // K/K_HS (Hill average over the HS upper bound) at its vf
  bool connected = false;
  std::optional<double> faceSimilarity;    // to the previous member; none for the first
};

// What a graded part asks of a family as a whole.
struct FamilySummary {
  double minBulkRatio = 0;       // over the members with a K/K_HS
  double minFaceSimilarity = 0;  // over the neighbour pairs
  bool allConnected = false;
  bool volumeFractionMonotone = false;  // non-decreasing or non-increasing from start to end
  int belowBulkRatio = 0;               // members under the threshold given to summarize
};
FamilySummary summarizeFamily(const std::vector<FamilyMember>& members, double bulkThreshold = 0.86);

struct InterpolatedFamily {
  std::vector<FamilyMember> members;
  double makingSeconds = 0;     // the family's interpolation (what its guidance costs)
  double verifyingSeconds = 0;  // FE of every member
};

// Progress: the family's interpolation the first half, FE the second. Throws what the family
// throws for ends it cannot use; CancelledError when cancelled.
InterpolatedFamily runInterpolation(const Interpolation& family, const BinaryCell& start, const BinaryCell& end,
                                           int members, const FamilyRequest& settings, const HomogenizeSettings& fe,
                                           Progress& progress);

// The family as one graded part: the members side by side along x in their order, one cell each,
// a (k·n)×n×n grid that io::exportCell writes with cellVoxels = n. Neighbours touch on the faces
// the face similarity measures. Throws std::invalid_argument for no members, or members that are
// not all n×n×n of one n.
BinaryCell gradedBar(const std::vector<FamilyMember>& members);

}  // namespace mf::design
