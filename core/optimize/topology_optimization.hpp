#pragma once
// Inverse-homogenization topology optimization on the FE engine (SIMP + cone filter +
// Heaviside projection, updated by MMA or OC), with cubic symmetry.
//
// Design variables live on the full cell but are kept in the cubic-symmetric subspace: after
// every update they are projected onto it (the average over the 48 cube symmetries), and so are
// the sensitivities. That is the same optimization as one over the 1/48 fundamental region
// with its variables shared by their images, without a second indexing scheme. The filter and
// the projection commute with the symmetries, so the physical density stays cubic.
//
// Objectives (each with mean(ρ̄) ≤ volume fraction), and the load cases they need:
//   MaxBulk        K = (C11 + 2C12)/3                 1 case: hydrostatic strain (1,1,1,0,0,0)
//   MaxShear       C44                                1 case: shear strain (0,0,0,1,0,0)
//   MinPoisson     ν = C12/(C11 + C12), by minimizing C12 − w^l·3C11 (l: iteration, w = 0.9)
//                                                     2 cases: ε11, ε22
//   MaxIsotropicE  E = (C11−C12)(C11+2C12)/(C11+C12)  3 cases: ε11, ε22, γ23
//                  with Zener A = 2C44/(C11 − C12) held at 1 by an augmented Lagrangian
//   MaxIsotropicG  G = C44 with the same constraint     3 cases: ε11, ε22, γ23
//   MatchTarget    Σ ((C_i − C_i*)/s_i)² over C11, C12, C44   3 cases
// With the cubic symmetry the other cases follow from these, so no solve is wasted. Each
// iteration's solve starts from the previous iteration's fields.

#include "core/jobs/progress.hpp"
#include "core/tensor/base_material.hpp"
#include "core/tensor/stiffness.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mf::optimize {

enum class Objective { MaxBulk, MaxShear, MinPoisson, MaxIsotropicE, MaxIsotropicG, MatchTarget };
enum class UpdateRule { MMA, OC };
const char* toString(Objective o);
// "bulk", "shear", "npr", "isotropic" (E), "isotropic-shear" (G), "target"
Objective objectiveFromString(const std::string& name);
// Whether the objective holds the Zener ratio at 1 (MaxIsotropicE, MaxIsotropicG).
bool holdsIsotropy(Objective o);

struct CubicTarget {
  double c11 = 0, c12 = 0, c44 = 0;
  std::array<double, 3> scale{1, 1, 1};  // s_i: the range of each constant (Eq. 18's normalization)
};

struct TopologySettings {
  Objective objective = Objective::MaxBulk;
  UpdateRule update = UpdateRule::MMA;
  double volumeFraction = 0.3;
  double filterRadius = 1.5;  // voxels
  double penalty = 3.0;       // SIMP exponent
  double minModulus = 1e-6;   // E_min / E_s
  double eta = 0.5;
  double betaStart = 1.0, betaMax = 16.0;
  int betaEvery = 15;         // doubles β after this many iterations (or earlier on convergence)
  int maxIterations = 90;
  double changeTolerance = 0.01;  // max |Δx| that counts as converged at the current β
  double moveLimit = 0.2;
  double isotropyTolerance = 0.05;  // |A − 1| at the end, isotropic objectives only
  CubicTarget target;               // MatchTarget only
  double stiffnessDecay = 0.9;      // w of MinPoisson's fading stiffness term
  double stiffnessWeight = 3.0;     // its weight at the first iteration: (C12 − weight·w^l·C11)
  BaseMaterial base;
  double solverTolerance = 1e-5;
  // For benchmarks: the plain way, to measure what the two savings are worth.
  bool warmStart = true;        // start each CG solve from the previous iteration's fields
  bool allLoadCases = false;    // solve all six unit strains instead of the objective's cases
};

struct IterationRecord {
  int iteration = 0;
  double objective = 0;  // the objective's own value (K, C44, ν, E or the mismatch), not scaled
  double volume = 0;     // mean physical density
  double grayness = 0;
  double beta = 0;
  double change = 0;     // max |Δx|
  double zener = 0;      // A, where the load cases give it (the isotropic objectives, MatchTarget)
};

struct TopologyResult {
  DensityCell density;  // the physical density ρ̄ of the last iteration
  DensityCell design;   // the design variables x after it: where a further run picks up
  BinaryCell cell;      // ρ̄ ≥ 0.5, cubic-symmetrized: what goes into the dataset
  std::vector<IterationRecord> history;
  bool converged = false;
  int solves = 0;
  int cgIterations = 0;
  double seconds = 0;
};

// A smooth starting density with mean `volumeFraction`, cubic-symmetric: random trigonometric
// basis functions {cos 2πk·x, sin 2πk·x}, |k_i| ≤ maxWave, as in seed 000.
DensityCell trigInitialDensity(int n, double volumeFraction, std::uint64_t seed, int maxWave = 3, int terms = 8);

// Runs the optimization from `initial` (a density, or a binary cell as 0/1 densities: the
// start for refining a given cell). The cell must be a cube with an even side. Cancel-aware.
TopologyResult optimizeTopology(const DensityCell& initial, const TopologySettings& settings, Progress& progress);

// The objective's value for a finished stiffness tensor (same definitions as above).
double objectiveValue(Objective o, const Stiffness& c, const CubicTarget& target = {});

}  // namespace mf::optimize
