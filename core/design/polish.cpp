#include "core/design/polish.hpp"

#include "core/design/verify.hpp"
#include "core/optimize/topology_optimization.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/resample.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace mf::design {
namespace {

optimize::TopologySettings matchSettings(const Stiffness& target, double volumeCap, const PropertyRanges& ranges,
                                         const PolishSettings& s) {
  optimize::TopologySettings t;
  t.objective = optimize::Objective::MatchTarget;
  const std::array<double, 3> c = cubicParts(target);
  t.target = {c[0], c[1], c[2], {ranges.max[0] - ranges.min[0], ranges.max[1] - ranges.min[1], ranges.max[2] - ranges.min[2]}};
  t.volumeFraction = volumeCap;
  t.filterRadius = s.filterRadius;
  t.maxIterations = s.iterationsPerRound;
  // A verified cell is already crisp: a soft projection would first blur it into grey, and the
  // thresholded cell would no longer be the design the TO improves (PolishSettings::betaStart).
  t.betaStart = s.betaStart;
  t.betaMax = std::max(16.0, s.betaStart);
  t.moveLimit = s.moveLimit;
  t.betaEvery = 10;
  return t;
}

}  // namespace

Polished polishCandidate(const BinaryCell& cell, const Stiffness& target, std::optional<double> targetVf,
                         const PropertyRanges& ranges, const PolishSettings& s, const HomogenizeSettings& fe,
                         Progress& progress) {
  if (targetClassOf(target) != TargetClass::Cubic)
    throw std::invalid_argument("polishing aims at C11, C12 and C44: it needs a cubic target");
  if (s.iterationsPerRound < 1 || s.maxRounds < 1 || s.patience < 1) throw std::invalid_argument("polishing needs at least one round of one iteration");
  if (s.resolution < 0 || s.resolution % 2) throw std::invalid_argument("the polishing resolution must be even (0: the cell's)");
  const auto begin = std::chrono::steady_clock::now();
  const BinaryCell start = s.resolution ? resample(cell, s.resolution, s.resolution, s.resolution) : cell;
  if (!start.isCube() || start.nx() % 2) throw std::invalid_argument("polishing needs a cubic cell with an even side");
  NullProgress quiet;
  Polished out;
  out.cell = start;
  out.homogenized = homogenizeCandidate(start, fe, quiet);
  out.error = out.startError = targetError(target, out.homogenized.stiffness, ranges);
  const double cap = std::min(0.95, std::max(volumeFraction(start), targetVf.value_or(0.0)) + s.volumeSlack);
  optimize::TopologySettings t = matchSettings(target, cap, ranges, s);
  DensityCell design = toDensity(start);
  int stale = 0;
  for (int round = 0; round < s.maxRounds; ++round) {
    SubProgress part(progress, double(round) / s.maxRounds, double(round + 1) / s.maxRounds);
    const optimize::TopologyResult r = optimize::optimizeTopology(design, t, part);
    design = r.design;
    t.betaStart = r.history.back().beta;  // the next round goes on where this one stopped
    const BinaryCell candidate = removeIslands(r.cell);
    PolishRound pr;
    pr.volumeFraction = volumeFraction(candidate);
    pr.connected = isConnected(candidate);
    Homogenized h = homogenizeCandidate(candidate, fe, quiet);
    pr.error = targetError(target, h.stiffness, ranges);
    out.rounds.push_back(pr);
    progress.report(double(round + 1) / s.maxRounds, "round " + std::to_string(round + 1) + ": error " +
                                                         std::to_string(100 * pr.error).substr(0, 5) + " %");
    if (!pr.connected || pr.error >= out.error) {
      if (++stale >= s.patience) break;  // the true error stopped falling
      continue;
    }
    stale = 0;
    out.cell = candidate;
    out.homogenized = std::move(h);
    out.error = pr.error;
    out.improved = true;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return out;
}

}  // namespace mf::design
