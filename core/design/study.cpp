#include "core/design/study.hpp"

#include "core/design/verify.hpp"
#include "core/voxel/measures.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace mf::design {

TargetMetric metricFor(const Stiffness& target, const std::vector<const MicrostructureFamily*>& families) {
  switch (targetClassOf(target)) {
    case TargetClass::Cubic:
      for (const MicrostructureFamily* f : families)
        if (auto r = f->propertyRanges()) return TargetMetric::cubic(std::move(*r));
      return TargetMetric::cubic(PropertyRanges::ofBaseMaterial({}));
    case TargetClass::Orthotropic:
      for (const MicrostructureFamily* f : families)
        if (auto r = f->orthotropicRanges()) return TargetMetric::orthotropic(std::move(*r));
      return TargetMetric::orthotropic(OrthotropicRanges::ofBaseMaterial({}));
    case TargetClass::Full: break;
  }
  return TargetMetric::full();
}

namespace {

struct Proposals {
  std::vector<StudyCandidate> cells;
  std::vector<Declined> declined;
};

// Asks each family in turn; the first half of the progress, shared equally among them.
Proposals propose(const std::vector<const MicrostructureFamily*>& families, const FamilyRequest& request,
                  const HomogenizeSettings& fe, Progress& progress, StudyObserver* observer) {
  Proposals out;
  const double share = 0.5 / static_cast<double>(std::max<std::size_t>(families.size(), 1));
  for (std::size_t f = 0; f < families.size(); ++f) {
    const MicrostructureFamily& family = *families[f];
    if (TargetCheck check = family.checkTarget(request); !check.ok()) {
      out.declined.push_back({family.id(), std::move(check)});
      continue;
    }
    SubProgress sampling(progress, share * static_cast<double>(f), share * static_cast<double>(f + 1));
    for (ProposedCell& cell : family.propose(request, sampling)) {
      StudyCandidate c;
      c.family = family.id();
      c.proposal = std::move(cell);
      // A design is realized at the FE resolution asked (the FE would resample bare voxels).
      if (c.proposal.design && fe.resolution > 0 && fe.resolution != c.proposal.cell.nx()) {
        c.proposal.cell = c.proposal.design->realize(fe.resolution);
        c.proposal.provenance.fields["resolution"] = std::to_string(fe.resolution);
      }
      c.volumeFraction = volumeFraction(c.proposal.cell);
      c.connected = isConnected(c.proposal.cell);
      if (observer) observer->proposed(out.cells.size(), c);
      out.cells.push_back(std::move(c));
    }
  }
  return out;
}

std::string declinedByAll(const std::vector<Declined>& declined) {
  if (declined.size() == 1) return declined.front().check.describe();
  std::string why;
  for (const Declined& d : declined) why += (why.empty() ? "" : "; ") + d.family + ": " + d.check.describe();
  return why;
}

// Best first; ranked through an index: std::stable_sort's temporary buffer comes from plain
// operator new, which does not honour the over-alignment of the Eigen matrices inside (a crash
// under AVX).
std::vector<StudyCandidate> ranked(std::vector<StudyCandidate> cells) {
  std::vector<std::size_t> order(cells.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cells[a].error < cells[b].error; });
  std::vector<StudyCandidate> out;
  out.reserve(order.size());
  for (std::size_t i : order) out.push_back(std::move(cells[i]));
  return out;
}

}  // namespace

StudyResult runStudy(const std::vector<const MicrostructureFamily*>& families, const FamilyRequest& request,
                     const TargetMetric& metric, const HomogenizeSettings& fe, Progress& progress,
                     StudyObserver* observer) {
  using Clock = std::chrono::steady_clock;
  if (families.empty()) throw std::invalid_argument("a design study needs at least one family");
  StudyResult result;
  const auto t0 = Clock::now();
  Proposals proposals = propose(families, request, fe, progress, observer);
  result.declined = std::move(proposals.declined);
  if (result.declined.size() == families.size()) throw std::invalid_argument(declinedByAll(result.declined));
  const auto t1 = Clock::now();
  result.samplingSeconds = std::chrono::duration<double>(t1 - t0).count();
  std::vector<StudyCandidate>& cells = proposals.cells;
  const double n = static_cast<double>(std::max<std::size_t>(cells.size(), 1));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    StudyCandidate& c = cells[i];
    if (c.volumeFraction > 0) {
      SubProgress solve(progress, 0.5 + 0.5 * static_cast<double>(i) / n, 0.5 + 0.5 * static_cast<double>(i + 1) / n);
      c.homogenized = homogenizeCandidate(c.proposal.cell, fe, solve);
      c.error = metric(request.target, c.homogenized->stiffness);
    }
    if (observer) observer->verified(i, c);
  }
  result.verifySeconds = std::chrono::duration<double>(Clock::now() - t1).count();
  result.ranked = ranked(std::move(cells));
  progress.report(1.0, "verified");
  return result;
}

}  // namespace mf::design
