#pragma once
// Periodic homogenization of a voxel cell by the finite element method.
//
// Every voxel is a trilinear hexahedron; its Young's modulus comes from the cell (solid/void,
// two phases, or SIMP densities) and all voxels share the base Poisson's ratio. For each macro
// strain ε_a the periodic fluctuation u_a solves K u_a = −K u⁰_a with u⁰_a = ε_a·x, and
//
//   Q_ab = (1/|Y|) Σ_e E_e (u⁰_a + u_a)_eᵀ K_e (u⁰_b + u_b)_e  =  ε_aᵀ C^H ε_b
//
// (the energy form: its error is second order in the solver error). With the six unit strains
// Q is C^H itself. Units: the cell is the unit cube whatever its resolution; moduli are those of
// the cell (normalized by E_s when the base material has E_s = 1).
//
// The solver is conjugate gradients, all load cases side by side, preconditioned by one
// multigrid V-cycle (multigrid.hpp), on the CPU with OpenMP or on a CUDA device.

#include "core/fem/multigrid.hpp"
#include "core/jobs/progress.hpp"
#include "core/tensor/base_material.hpp"
#include "core/tensor/stiffness.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <Eigen/Core>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mf::fem {

enum class Precision { Float64, Float32 };
enum class Backend { Auto, Cpu, Cuda };
const char* toString(Precision p);
const char* toString(Backend b);

// Periodic fluctuation fields u_a on the full node grid, [case][node][component], in voxel
// units. Kept for warm starts and sensitivities.
struct DisplacementFields {
  std::array<int, 3> dims{};
  int cases = 0;
  std::vector<double> values;
};

struct HomogenizationOptions {
  // Macro strains (Voigt, engineering shear); empty means the six unit strains, giving C^H.
  // At most 8 per call.
  std::vector<Vector6> loadCases;
  double tolerance = 1e-6;  // relative residual per load case
  int maxIterations = 500;
  Precision precision = Precision::Float64;
  Backend backend = Backend::Auto;
  MultigridSettings multigrid;
  bool keepFields = false;
  const DisplacementFields* initialGuess = nullptr;  // warm start (same grid and load cases)
};

struct LoadCaseReport {
  Vector6 strain = Vector6::Zero();
  int iterations = 0;
  double relativeResidual = 0.0;
  bool converged = false;
  std::vector<double> residualHistory;  // relative residual after each iteration
};

struct HomogenizationResult {
  std::vector<LoadCaseReport> cases;
  Eigen::MatrixXd energy;                              // Q_ab = ε_aᵀ C^H ε_b
  Eigen::Matrix<double, 6, Eigen::Dynamic> meanStress;  // mean stress C^H ε_a of each case
  std::optional<Stiffness> stiffness;                  // when the six unit strains were solved
  std::array<int, 3> dims{};
  double solidFraction = 0.0;  // share of voxels with stiffness
  int levels = 0;
  int threads = 1;
  std::string backend;
  Precision precision = Precision::Float64;
  double setupSeconds = 0.0, solveSeconds = 0.0, totalSeconds = 0.0;
  std::size_t workingBytes = 0;  // memory the solver allocated
  std::optional<DisplacementFields> fields;

  int totalIterations() const;
  bool converged() const;
};

// Per-voxel Young's moduli (≥ 0) and one Poisson's ratio: the general entry point.
HomogenizationResult homogenizeModuli(const VoxelGrid<double>& moduli, double poisson,
                                      const HomogenizationOptions& options, Progress& progress);

// A binary cell: solid voxels are the base material, void voxels are empty.
HomogenizationResult homogenize(const BinaryCell& cell, const BaseMaterial& base,
                                const HomogenizationOptions& options, Progress& progress);

// SIMP: E = E_min + ρ^p (E_s − E_min), with E_min = minModulus · E_s.
struct Simp {
  double penalty = 3.0;
  double minModulus = 1e-9;
};
VoxelGrid<double> simpModuli(const DensityCell& density, const BaseMaterial& base, const Simp& simp);
HomogenizationResult homogenize(const DensityCell& density, const BaseMaterial& base, const Simp& simp,
                                const HomogenizationOptions& options, Progress& progress);

// ∂(Σ_ab w_ab Q_ab)/∂E_e for every voxel e: (1/|Y|) Σ_ab w_ab (u⁰_a+u_a)_eᵀ K_e (u⁰_b+u_b)_e
// with K_e of unit modulus. With w = e_a e_aᵀ this is the strain energy density of case a per
// unit modulus. Needs result.fields (keepFields); weights is m×m.
VoxelGrid<double> modulusSensitivities(const HomogenizationResult& result, const VoxelGrid<double>& moduli,
                                       double poisson, const Eigen::MatrixXd& weights);

// True when a CUDA device is usable (the CUDA backend was compiled and a device exists).
bool cudaAvailable();
// Why not, in one line ("compiled without CUDA", "no CUDA device", …); empty when available.
std::string cudaUnavailableReason();

}  // namespace mf::fem
