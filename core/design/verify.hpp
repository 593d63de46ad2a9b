#pragma once
// Verifying a candidate: FE homogenization with the session's settings, recorded with the
// settings it used (they are part of the candidate's provenance).

#include "core/design/candidate.hpp"
#include "core/design/session.hpp"
#include "core/jobs/progress.hpp"

namespace mf::design {

// Throws std::invalid_argument for a cell or settings the engine cannot use (the reason),
// std::runtime_error when the solver does not converge, CancelledError when cancelled.
Homogenized homogenizeCandidate(const BinaryCell& cell, const HomogenizeSettings& settings, Progress& progress);

}  // namespace mf::design
