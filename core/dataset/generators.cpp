#include "core/dataset/generators.hpp"

#include "core/dataset/tpms.hpp"
#include "core/optimize/topology_optimization.hpp"
#include "core/voxel/resample.hpp"
#include "core/voxel/symmetry.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace mf::dataset {

const char* toString(Generator g) {
  switch (g) {
    case Generator::Trig: return "trig";
    case Generator::Spinodoid: return "spinodoid";
    case Generator::Tpms: return "tpms";
    case Generator::TopologyOptimized: return "to";
  }
  return "?";
}

Generator generatorFromString(const std::string& name) {
  for (Generator g : {Generator::Trig, Generator::Spinodoid, Generator::Tpms, Generator::TopologyOptimized})
    if (name == toString(g)) return g;
  throw std::invalid_argument("unknown generator '" + name + "' (trig, spinodoid, tpms or to)");
}

namespace {

constexpr double kMinFraction = 0.08, kMaxFraction = 0.55;
constexpr int kOptimizationGrid = 16;

// A cubic-symmetric cell from a field: symmetrize the field (bit-exact per orbit), threshold at
// the fraction, and vote once more so that the binary cell is exactly symmetric.
BinaryCell symmetricLevelSet(const DensityCell& field, double fraction) {
  return cubicSymmetrize(thresholdToFraction(cubicSymmetrize(field), fraction));
}

// The volume fraction of a procedural cell: the run's range, else the generators' own.
double drawFraction(Rng& rng, const GeneratorOptions& o) {
  return o.volumeFractions ? rng.uniform(o.volumeFractions->first, o.volumeFractions->second) : rng.uniform(kMinFraction, kMaxFraction);
}

GeneratedCell trig(int n, Rng& rng, const GeneratorOptions& o) {
  const double vf = drawFraction(rng, o);
  const int maxWave = rng.uniformInt(1, 3);
  const int terms = rng.uniformInt(3, 12);
  const BinaryCell cell = symmetricLevelSet(trigBasisField(n, maxWave, terms, rng), vf);
  return {cell, nlohmann::json{{"volume_fraction", vf}, {"max_wave", maxWave}, {"terms", terms}}.dump()};
}

GeneratedCell spinodoid(int n, Rng& rng, const GeneratorOptions& o) {
  const double vf = drawFraction(rng, o);
  const double wavenumber = rng.uniform(1.0, 3.5);
  const int waves = rng.uniformInt(16, 96);
  const double cone = rng.uniform() < 0.5 ? 90.0 : rng.uniform(15.0, 50.0);
  const BinaryCell cell = symmetricLevelSet(gaussianRandomField(n, wavenumber, waves, cone, rng), vf);
  return {cell, nlohmann::json{{"volume_fraction", vf}, {"wavenumber", wavenumber}, {"waves", waves}, {"cone_degrees", cone}}
                    .dump()};
}

GeneratedCell tpms(int n, Rng& rng, const GeneratorOptions& o) {
  const Tpms kind = static_cast<Tpms>(rng.uniformInt(0, 2));
  const bool sheet = rng.uniform() < 0.5;
  const double vf = drawFraction(rng, o);
  // A random shift of the surface before symmetrizing: the mirror planes of the octant scheme
  // cut the surface at different places, which gives different cubic cells.
  const std::array<int, 3> shift = {rng.uniformInt(0, n - 1), rng.uniformInt(0, n - 1), rng.uniformInt(0, n - 1)};
  const double offset = rng.uniform(-0.3, 0.3);  // level offset, as a share of the field's range
  DensityCell f = tpmsField(kind, n);
  if (sheet)
    for (double& v : f.data()) v = -std::abs(v - offset);
  else
    for (double& v : f.data()) v = v - offset;
  f = circularShift(f, shift[0], shift[1], shift[2]);
  const BinaryCell cell = symmetricLevelSet(f, vf);
  return {cell, nlohmann::json{{"kind", mf::toString(kind)}, {"sheet", sheet}, {"volume_fraction", vf},
                               {"shift", shift}, {"level_offset", offset}}
                    .dump()};
}

GeneratedCell topologyOptimized(int n, Rng& rng, Progress& progress, const GeneratorOptions& o) {
  using optimize::Objective;
  static const std::vector<Objective> standard = {Objective::MaxBulk, Objective::MaxShear, Objective::MinPoisson,
                                                  Objective::MaxIsotropicE};
  const std::vector<Objective>& objectives = o.objectives.empty() ? standard : o.objectives;
  optimize::TopologySettings s;
  s.objective = objectives[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(objectives.size()) - 1))];
  s.volumeFraction = o.volumeFractions ? rng.uniform(o.volumeFractions->first, o.volumeFractions->second) : rng.uniform(0.12, 0.5);
  s.filterRadius = rng.uniform(1.3, 2.2);
  s.maxIterations = 50;
  s.betaEvery = 10;
  s.betaMax = 16;
  s.stiffnessDecay = 0.9;
  const int maxWave = rng.uniformInt(1, 3);
  const std::uint64_t startSeed = rng.next();
  // Optimize on a grid of at most 16³ and refine by voxel doubling: 8× fewer unknowns per
  // solve (a 32³ run costs ~25 s on one core here, a 16³ one ~3 s). The refined cell is the
  // same shape, and its label is computed at full resolution.
  const int coarse = n > kOptimizationGrid && n % kOptimizationGrid == 0 ? kOptimizationGrid : n;
  const DensityCell start = optimize::trigInitialDensity(coarse, s.volumeFraction, startSeed, maxWave);
  const optimize::TopologyResult r = optimize::optimizeTopology(start, s, progress);
  const BinaryCell cell = coarse == n ? r.cell : resample(r.cell, n, n, n);
  const auto& last = r.history.back();
  return {cell, nlohmann::json{{"objective", optimize::toString(s.objective)},
                                 {"optimization_grid", coarse},
                                 {"volume_fraction", s.volumeFraction},
                                 {"filter_radius", s.filterRadius},
                                 {"max_wave", maxWave},
                                 {"start_seed", startSeed},
                                 {"iterations", r.history.size()},
                                 {"final_objective", last.objective},
                                 {"final_grayness", last.grayness}}
                      .dump()};
}

}  // namespace

void checkGeneratorOptions(const GeneratorOptions& o) {
  if (o.volumeFractions) {
    const auto [lo, hi] = *o.volumeFractions;
    if (!(lo > 0.0 && hi < 1.0 && lo <= hi))
      throw std::invalid_argument("a volume-fraction range must lie within (0, 1), low to high, not " + std::to_string(lo) + ":" +
                                  std::to_string(hi));
  }
  for (const optimize::Objective objective : o.objectives)
    if (objective == optimize::Objective::MatchTarget)
      throw std::invalid_argument("a dataset run cannot optimize toward a target: it has none");
}

GeneratedCell generateCell(Generator g, int resolution, Rng& rng, Progress& progress, const GeneratorOptions& options) {
  if (resolution < 4 || resolution % 2) throw std::invalid_argument("dataset cells need an even resolution ≥ 4");
  checkGeneratorOptions(options);
  switch (g) {
    case Generator::Trig: return trig(resolution, rng, options);
    case Generator::Spinodoid: return spinodoid(resolution, rng, options);
    case Generator::Tpms: return tpms(resolution, rng, options);
    case Generator::TopologyOptimized: return topologyOptimized(resolution, rng, progress, options);
  }
  throw std::invalid_argument("unknown generator");
}

}  // namespace mf::dataset
