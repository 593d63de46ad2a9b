#include "core/design/extreme_exploration.hpp"

#include "core/design/metrics.hpp"
#include "core/design/verify.hpp"
#include "core/optimize/topology_optimization.hpp"
#include "core/tensor/format.hpp"
#include "core/tensor/summary.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/random_fields.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace mf::design {

const char* toString(Extreme e) {
  switch (e) {
    case Extreme::MinPoisson: return "min-poisson";
    case Extreme::MaxIsotropicE: return "max-E-iso";
    case Extreme::MaxIsotropicG: return "max-G-iso";
  }
  return "?";
}

Extreme extremeFromString(const std::string& name) {
  for (Extreme e : {Extreme::MinPoisson, Extreme::MaxIsotropicE, Extreme::MaxIsotropicG})
    if (name == toString(e)) return e;
  throw std::invalid_argument("unknown objective '" + name + "' (min-poisson, max-E-iso or max-G-iso)");
}

const char* toString(ExploreStart::Origin o) { return o == ExploreStart::Origin::Generated ? "generated" : "random"; }

ExtremeMeasure measureExtreme(const ExploreSettings& s, const Stiffness& c, double vf, const BaseMaterial& base) {
  ExtremeMeasure m;
  m.volumeFraction = vf;
  const double c11 = c(1, 1), c12 = c(1, 2), c44 = c(4, 4);
  m.zener = 2 * c44 / (c11 - c12);
  m.isotropic = std::abs(m.zener - 1.0) <= s.zenerTolerance;
  switch (s.objective) {
    case Extreme::MinPoisson: m.value = c12 / (c11 + c12); break;
    case Extreme::MaxIsotropicE: m.value = boundRatios(c, base, vf).youngsRatio; break;
    case Extreme::MaxIsotropicG: m.value = boundRatios(c, base, vf).shearRatio; break;
  }
  if (!std::isfinite(m.value)) m.value = s.objective == Extreme::MinPoisson ? 1.0 : 0.0;  // a cell that carries nothing
  return m;
}

bool betterExtreme(const ExploreSettings& s, const ExtremeMeasure& a, const ExtremeMeasure& b) {
  if (s.objective == Extreme::MinPoisson) return a.value < b.value;
  if (a.isotropic != b.isotropic) return a.isotropic;
  return a.value > b.value;
}

std::vector<std::size_t> datasetBand(const std::vector<dataset::Sample>& samples, const ExploreSettings& s) {
  std::vector<std::size_t> band;
  std::vector<ExtremeMeasure> measures(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const dataset::Sample& x = samples[i];
    if (std::abs(x.volumeFraction - s.volumeFraction) > s.bandTolerance) continue;
    measures[i] = measureExtreme(s, Stiffness::fromVoigt(x.stiffness), x.volumeFraction);
    if (s.objective != Extreme::MinPoisson && !measures[i].isotropic) continue;
    band.push_back(i);
  }
  std::stable_sort(band.begin(), band.end(),
                   [&](std::size_t a, std::size_t b) { return betterExtreme(s, measures[a], measures[b]); });
  return band;
}

namespace {
constexpr double kWidestBand = 0.16;
}  // namespace

Band nearestBand(const std::vector<dataset::Sample>& samples, const ExploreSettings& s) {
  ExploreSettings widened = s;
  Band b{datasetBand(samples, widened), widened.bandTolerance};
  while (b.cells.empty() && widened.bandTolerance < kWidestBand) {
    widened.bandTolerance = std::min(2 * widened.bandTolerance, kWidestBand);
    b = {datasetBand(samples, widened), widened.bandTolerance};
  }
  return b;
}

namespace {

void validate(const ExploreSettings& s) {
  if (!(s.volumeFraction > 0.0 && s.volumeFraction < 1.0)) throw std::invalid_argument("the volume fraction must be in (0, 1)");
  if (s.starts < 1) throw std::invalid_argument("exploration needs at least one start of each kind");
  if (s.conditions < 1) throw std::invalid_argument("exploration needs at least one dataset cell as a condition");
  if (s.iterations < 1) throw std::invalid_argument("the TO budget must be at least one iteration");
  if (!(s.bandTolerance > 0.0)) throw std::invalid_argument("the dataset's volume-fraction band must have a width");
  if (!(s.zenerTolerance > 0.0)) throw std::invalid_argument("the Zener tolerance must be positive");
}

optimize::TopologySettings topologySettings(const ExploreSettings& s) {
  optimize::TopologySettings t;
  switch (s.objective) {
    case Extreme::MinPoisson: t.objective = optimize::Objective::MinPoisson; break;
    case Extreme::MaxIsotropicE: t.objective = optimize::Objective::MaxIsotropicE; break;
    case Extreme::MaxIsotropicG: t.objective = optimize::Objective::MaxIsotropicG; break;
  }
  // The dataset generator's TO (core/dataset/generators.cpp), so that both kinds of start get
  // what the random starts of the bundled data got.
  t.volumeFraction = s.volumeFraction;
  t.filterRadius = s.filterRadius;
  t.maxIterations = s.iterations;
  t.betaEvery = 10;
  t.betaMax = 16;
  t.stiffnessDecay = 0.9;
  t.stiffnessWeight = s.stiffnessWeight;
  t.betaStart = s.betaStart;
  t.isotropyTolerance = s.zenerTolerance;
  return t;
}

// The generated starts: `starts` cells, drawn round-robin over the conditions (each condition's
// cells come from one request with its own seed).
std::vector<ExploreStart> generateStarts(const MicrostructureFamily& family, const std::vector<dataset::Sample>& samples,
                                         const std::vector<std::size_t>& conditions, const ExploreSettings& s,
                                         std::vector<BinaryCell>& cells, Progress& progress) {
  const int perCondition = (s.starts + static_cast<int>(conditions.size()) - 1) / static_cast<int>(conditions.size());
  std::vector<std::vector<ProposedCell>> proposed;
  for (std::size_t c = 0; c < conditions.size(); ++c) {
    const dataset::Sample& x = samples[conditions[c]];
    FamilyRequest r = s.generation;
    r.target = Stiffness::fromVoigt(x.stiffness);
    r.volumeFraction = x.volumeFraction;
    r.count = perCondition;
    r.seed = s.seed + c;
    SubProgress part(progress, double(c) / conditions.size(), double(c + 1) / conditions.size());
    proposed.push_back(family.propose(r, part));
  }
  std::vector<ExploreStart> starts;
  for (int k = 0; static_cast<int>(starts.size()) < s.starts; ++k) {
    const std::size_t c = static_cast<std::size_t>(k) % conditions.size();
    const std::size_t i = static_cast<std::size_t>(k) / conditions.size();
    if (i >= proposed[c].size()) break;  // a family that gave fewer cells than asked
    ExploreStart st;
    st.origin = ExploreStart::Origin::Generated;
    st.condition = conditions[c];
    st.seed = s.seed + c;
    cells.push_back(proposed[c][i].cell);
    starts.push_back(st);
  }
  return starts;
}

// One start: TO from `initial`, the result's islands removed and verified by FE; a generated
// start is verified too and kept where TO did worse.
void runStart(ExploreStart& st, const DensityCell& initial, const BinaryCell* startCell, const ExploreSettings& s,
              const HomogenizeSettings& fe, Progress& progress) {
  const auto begin = std::chrono::steady_clock::now();
  NullProgress quiet;
  const auto verify = [&](const BinaryCell& cell) {
    Homogenized h = homogenizeCandidate(cell, fe, quiet);
    const ExtremeMeasure m = measureExtreme(s, h.stiffness, volumeFraction(cell), fe.base);
    return std::pair{std::move(h), m};
  };
  SubProgress optimizing(progress, 0.0, 0.9);
  const optimize::TopologyResult r = optimize::optimizeTopology(initial, topologySettings(s), optimizing);
  st.iterations = static_cast<int>(r.history.size());
  progress.checkCancelled();
  st.cell = removeIslands(r.cell);
  auto [h, m] = verify(st.cell);
  st.homogenized = std::move(h);
  st.measure = st.optimizedMeasure = m;
  if (startCell) {
    auto [h0, m0] = verify(*startCell);
    st.startMeasure = m0;
    if (betterExtreme(s, m0, m)) {
      st.keptStart = true;
      st.cell = *startCell;
      st.homogenized = std::move(h0);
      st.measure = m0;
    }
  }
  st.connected = isConnected(st.cell);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

std::optional<std::size_t> bestOf(const std::vector<ExploreStart>& starts, ExploreStart::Origin origin,
                                  const ExploreSettings& s) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < starts.size(); ++i)
    if (starts[i].origin == origin && (!best || betterExtreme(s, starts[i].measure, starts[*best].measure))) best = i;
  return best;
}

}  // namespace

Exploration exploreExtreme(const MicrostructureFamily& family, const std::vector<dataset::Sample>& samples,
                           const ExploreSettings& s, const HomogenizeSettings& fe, Progress& progress) {
  validate(s);
  Exploration out;
  const Band near = nearestBand(samples, s);
  const std::vector<std::size_t>& band = near.cells;
  out.datasetInBand = band.size();
  out.bandTolerance = near.tolerance;
  if (band.empty())
    throw std::invalid_argument("the dataset holds no cell at vf " + formatNumber(s.volumeFraction) + " ± " +
                                formatNumber(s.bandTolerance) +
                                (s.objective == Extreme::MinPoisson ? "" : " with a Zener ratio near 1") +
                                " (nor within ± " + formatNumber(kWidestBand) + ") to condition the generation on");
  out.datasetBest = band.front();
  const dataset::Sample& best = samples[band.front()];
  out.datasetMeasure = measureExtreme(s, Stiffness::fromVoigt(best.stiffness), best.volumeFraction, fe.base);
  const std::vector<std::size_t> conditions(band.begin(), band.begin() + std::min<std::ptrdiff_t>(s.conditions, band.size()));

  // Generation: the first tenth of the progress; the starts share the rest.
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<BinaryCell> generated;
  {
    SubProgress part(progress, 0.0, 0.1);
    out.starts = generateStarts(family, samples, conditions, s, generated, part);
  }
  out.generationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (generated.empty()) throw std::runtime_error("the family " + family.id() + " generated no start");
  const int n = generated.front().nx();
  Rng rng(deriveSeed(s.seed, 0x6578706c));  // the random starts' own stream
  for (int k = 0; k < s.starts; ++k) {
    ExploreStart st;
    st.seed = rng.next();
    out.starts.push_back(st);
  }
  for (std::size_t i = 0; i < out.starts.size(); ++i) {
    progress.checkCancelled();
    ExploreStart& st = out.starts[i];
    const double share = 0.9 / static_cast<double>(out.starts.size());
    SubProgress part(progress, 0.1 + share * i, 0.1 + share * (i + 1));
    if (st.origin == ExploreStart::Origin::Generated) {
      runStart(st, toDensity(generated[i]), &generated[i], s, fe, part);
    } else {
      // The dataset generator's random start: a trigonometric level set, waves up to 1–3.
      const int maxWave = 1 + static_cast<int>(st.seed % 3);
      runStart(st, optimize::trigInitialDensity(n, s.volumeFraction, st.seed, maxWave), nullptr, s, fe, part);
    }
    progress.report(0.1 + share * (i + 1), std::string(toString(st.origin)) + " start " + std::to_string(i + 1) + " of " +
                                               std::to_string(out.starts.size()) + " done");
  }
  out.bestGenerated = bestOf(out.starts, ExploreStart::Origin::Generated, s);
  out.bestRandom = bestOf(out.starts, ExploreStart::Origin::Random, s);
  return out;
}

}  // namespace mf::design
