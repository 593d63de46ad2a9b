#pragma once
// Extreme cells by generation + topology optimization (seed 000 §4.2, Fig. 7): for an objective
// (the least Poisson's ratio at a volume fraction; the stiffest isotropic E or G), the dataset
// cells nearest the extreme condition a family's generation, each generated cell starts a TO run
// (its density warm-starts the design), and the same number of random starts (the dataset
// generator's trigonometric fields) run with the same settings and iteration budget beside them.
// Every result is verified by FE; the true value is what is reported and ranked. The CLI's
// `explore` and the app's Explore extremes both run this.

#include "core/dataset/sample.hpp"
#include "core/design/family.hpp"
#include "core/design/session.hpp"
#include "core/jobs/progress.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mf::design {

enum class Extreme { MinPoisson, MaxIsotropicE, MaxIsotropicG };
const char* toString(Extreme e);                     // "min-poisson", "max-E-iso", "max-G-iso"
Extreme extremeFromString(const std::string& name);  // throws std::invalid_argument naming the choices

// How a cell stands on the objective: ν = C12/(C11 + C12), or E/E_HS or G/G_HS (Hill averages over
// the HS upper bounds at its volume fraction), and its Zener ratio A = 2C44/(C11 − C12).
struct ExtremeMeasure {
  double value = 0;
  double zener = 0;
  double volumeFraction = 0;
  bool isotropic = false;  // |A − 1| within the settings' tolerance
};

struct ExploreSettings {
  Extreme objective = Extreme::MinPoisson;
  double volumeFraction = 0.2;
  int starts = 20;               // of each kind
  int conditions = 10;           // dataset cells whose properties condition the generation (paper: 10)
  double bandTolerance = 0.02;   // the dataset's band: vf ± this (doubled, up to 0.16, while it is empty)
  double zenerTolerance = 0.05;  // isotropic: A within [1 − t, 1 + t]
  int iterations = 50;           // TO budget per start (the dataset generator's)
  double filterRadius = 1.5;
  double betaStart = 1.0;        // the Heaviside projection's first β (the dataset generator's: 1)
  // min-poisson: the first weight of the fading stiffness term (the dataset generator's is 3; 0.5
  // chosen at vf 0.25, docs/families.md: a warm start keeps its mechanism, and random starts
  // did better too)
  double stiffnessWeight = 0.5;
  std::uint64_t seed = 1;
  FamilyRequest generation;      // steps and guidance of the family's sampler; target, vf, count are set here
};

ExtremeMeasure measureExtreme(const ExploreSettings& s, const Stiffness& c, double volumeFraction,
                              const BaseMaterial& base = {});
// Whether a is better than b on the objective (an isotropic objective ranks isotropic cells first).
bool betterExtreme(const ExploreSettings& s, const ExtremeMeasure& a, const ExtremeMeasure& b);

// The dataset's cells in the band (vf ± tolerance; isotropic objectives: and A in tolerance),
// best on the objective first.
std::vector<std::size_t> datasetBand(const std::vector<dataset::Sample>& samples, const ExploreSettings& s);
// The band of the settings, or, while it is empty, twice as wide (up to ± 0.16): the dataset may
// stop short of the volume fraction (the bundled data ends near 0.55). Empty when even that is.
struct Band {
  std::vector<std::size_t> cells;  // best first
  double tolerance = 0;            // the one used
};
Band nearestBand(const std::vector<dataset::Sample>& samples, const ExploreSettings& s);

struct ExploreStart {
  enum class Origin { Generated, Random } origin = Origin::Random;
  std::optional<std::size_t> condition;  // generated: the dataset position whose properties conditioned it
  std::uint64_t seed = 0;                // generated: the request's seed; random: the trig field's
  BinaryCell cell;                       // the kept result (islands removed)
  Homogenized homogenized;
  ExtremeMeasure measure;
  bool connected = false;
  // Generated starts: the start itself, verified. When TO ends worse than its start, the start is
  // kept (a warm start never loses what it began with) and keptStart says so.
  std::optional<ExtremeMeasure> startMeasure;
  bool keptStart = false;
  ExtremeMeasure optimizedMeasure;  // the TO result's own, kept or not
  int iterations = 0;
  double seconds = 0;  // TO and FE of this start
};
const char* toString(ExploreStart::Origin o);  // "generated", "random"

struct Exploration {
  std::vector<ExploreStart> starts;            // generated first, then random, in their order
  std::optional<std::size_t> datasetBest;      // position in the dataset of the band's best
  std::optional<ExtremeMeasure> datasetMeasure;
  std::size_t datasetInBand = 0;
  double bandTolerance = 0;  // the band used: the settings', or wider where the dataset has no cell there
  std::optional<std::size_t> bestGenerated, bestRandom;  // into starts
  double generationSeconds = 0;
};

// Throws std::invalid_argument for settings out of range, a family that cannot aim at the
// conditions, or a band without a cell (saying which); CancelledError when cancelled.
Exploration exploreExtreme(const MicrostructureFamily& family, const std::vector<dataset::Sample>& samples,
                           const ExploreSettings& settings, const HomogenizeSettings& fe, Progress& progress);

}  // namespace mf::design
