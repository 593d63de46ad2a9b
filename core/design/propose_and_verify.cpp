#include "core/design/propose_and_verify.hpp"

#include "core/design/verify.hpp"
#include "core/voxel/measures.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace mf::design {

DesignRun proposeAndVerify(const MicrostructureFamily& family, const FamilyRequest& request,
                           const PropertyRanges& ranges, const HomogenizeSettings& settings, Progress& progress) {
  using Clock = std::chrono::steady_clock;
  DesignRun run;
  const auto t0 = Clock::now();
  std::vector<ProposedCell> cells;
  {
    SubProgress sampling(progress, 0.0, 0.5);
    cells = family.propose(request, sampling);
  }
  const auto t1 = Clock::now();
  run.samplingSeconds = std::chrono::duration<double>(t1 - t0).count();
  const double n = static_cast<double>(std::max<std::size_t>(cells.size(), 1));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    VerifiedProposal v;
    v.proposal = std::move(cells[i]);
    v.volumeFraction = volumeFraction(v.proposal.cell);
    v.connected = isConnected(v.proposal.cell);
    if (v.volumeFraction > 0) {
      SubProgress fe(progress, 0.5 + 0.5 * static_cast<double>(i) / n, 0.5 + 0.5 * static_cast<double>(i + 1) / n);
      v.homogenized = homogenizeCandidate(v.proposal.cell, settings, fe);
      v.error = targetError(request.target, v.homogenized->stiffness, ranges);
    }
    run.ranked.push_back(std::move(v));
  }
  run.verifySeconds = std::chrono::duration<double>(Clock::now() - t1).count();
  // Ranked through an index: std::stable_sort's temporary buffer comes from plain operator new,
  // which does not honour the over-alignment of the Eigen matrices inside (a crash under AVX).
  std::vector<std::size_t> order(run.ranked.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return run.ranked[a].error < run.ranked[b].error; });
  std::vector<VerifiedProposal> ranked;
  ranked.reserve(order.size());
  for (std::size_t i : order) ranked.push_back(std::move(run.ranked[i]));
  run.ranked = std::move(ranked);
  progress.report(1.0, "verified");
  return run;
}

}  // namespace mf::design
