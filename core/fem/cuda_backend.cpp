// The host half of the CUDA backend: builds the problem with the CPU solver's own code (mesh,
// operator tables, multigrid hierarchy, right-hand sides), hands it to the device as plain arrays
// (cuda_solver.cu), and integrates the energies of the returned fields exactly as the CPU does.

#include "core/fem/cuda_backend.hpp"

#include "core/fem/device_problem.hpp"
#include "core/fem/load_cases.hpp"
#include "core/fem/multigrid.hpp"

#include <chrono>
#include <mutex>

namespace mf::fem {
namespace {

struct Availability {
  bool ok = false;
  std::string reason;
};

const Availability& availability() {
  static Availability a;
  static std::once_flag once;
  std::call_once(once, [] { a.ok = device::available(&a.reason); });
  return a;
}

}  // namespace

bool cudaAvailable() { return availability().ok; }
std::string cudaUnavailableReason() { return availability().ok ? std::string() : availability().reason; }

namespace cuda {
namespace {

template <int W>
HomogenizationResult run(const ElementModuli& m, const Hex8& h, const std::vector<Vector6>& strains,
                         const HomogenizationOptions& opt, Progress& progress) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const bool doublePrecision = opt.precision == Precision::Float64;
  HomogenizationResult res;
  res.dims = m.dims;
  res.backend = "cuda";
  res.precision = opt.precision;
  res.threads = 1;
  progress.report(0.0, "preparing the FE mesh");

  const FineMesh mesh(m);
  const FineOperator<double> a64(mesh, m, h);
  const FineOperator<float> a32(mesh, m, h);
  const std::size_t n = mesh.activeNodes();
  const LoadCaseSetup setup = prepareLoadCases(m, h, strains);
  res.solidFraction = static_cast<double>(setup.stiffElements) / static_cast<double>(m.elements());

  std::vector<double> rhs(n * 3 * W, 0.0);
  assembleRightHandSide<double, W>(m, mesh, setup, rhs.data());
  const LaneScalars ref = residualReference<double, W>(rhs.data(), n, setup, opt.tolerance, doublePrecision ? 1e-12 : 1e-5);
  std::vector<double> initial;
  if (opt.initialGuess) {
    initial.assign(n * 3 * W, 0.0);
    fillInitialGuess<double, W>(*opt.initialGuess, m, mesh, setup.cases, initial.data());
  }
  SubProgress setupProgress(progress, 0.0, 0.1);
  setupProgress.report(0.0, "building the multigrid hierarchy");
  const MultigridHierarchy hierarchy = buildMultigridHierarchy(a32, opt.multigrid, setupProgress);

  device::Problem p;
  p.fine.nodes = n;
  p.fine.dims = m.dims;
  p.fine.twoPhase = m.twoPhase;
  std::vector<std::int32_t> neighbours(n * 27);
  for (std::size_t a = 0; a < n; ++a)
    std::copy(mesh.neighbours[a].begin(), mesh.neighbours[a].end(), neighbours.begin() + static_cast<std::ptrdiff_t>(a * 27));
  p.fine.neighbours = neighbours.data();
  p.fine.activeToGrid = mesh.activeToGrid.data();
  p.fine.gridToActive = mesh.gridToActive.data();
  std::vector<double> stencil64, diag64;
  std::vector<float> stencil32, diag32;
  if (m.twoPhase) {
    p.fine.pattern = mesh.pattern.data();
    p.fine.offsets = a64.patternOffsets().data();
    p.fine.offsetCount = a64.patternOffsets().size();
    p.fine.offsetStart = a64.patternOffsetStart().data();
    p.fine.table64 = a64.patternStencils().data();
    p.fine.tableDiag64 = a64.patternDiagInv().data();
    p.fine.table32 = a32.patternStencils().data();
    p.fine.tableDiag32 = a32.patternDiagInv().data();
  } else {
    // Graded cells: every node's stencil, built once on the host.
    stencil64.resize(n * kStencilValues);
#pragma omp parallel for schedule(static)
    for (std::size_t a = 0; a < n; ++a) {
      const auto s = a64.stencil(a);
      std::copy(s.begin(), s.end(), stencil64.begin() + static_cast<std::ptrdiff_t>(a * kStencilValues));
    }
    stencil32.assign(stencil64.begin(), stencil64.end());
    p.fine.stencil64 = stencil64.data();
    p.fine.diag64 = a64.nodeDiagInv().data();
    p.fine.stencil32 = stencil32.data();
    p.fine.diag32 = a32.nodeDiagInv().data();
  }
  p.fineLambda = hierarchy.fineLambda;
  for (const MultigridLevel& l : hierarchy.levels)
    p.levels.push_back({l.grid.dims, l.grid.stencil.data(), l.grid.diagInv.data(), l.grid.active.data(), l.lambdaMax});
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> denseInverse;
  if (hierarchy.dense) {
    denseInverse = hierarchy.dense->inverse();
    p.denseUnknowns = static_cast<int>(denseInverse.rows());
    p.denseInverse = denseInverse.data();
    p.denseActive = hierarchy.dense->activeNodes().data();
  }
  p.smoothingDegree = opt.multigrid.smoothingDegree;
  p.fineSmoothingDegree = opt.multigrid.fineSmoothingDegree;
  p.smoothingRange = opt.multigrid.smoothingRange;
  p.coarsestSmoothing = opt.multigrid.coarsestSmoothing;
  p.lanes = W;
  p.cases = setup.cases;
  p.doublePrecision = doublePrecision;
  p.rhs = rhs.data();
  p.initial = initial.empty() ? nullptr : initial.data();
  for (int w = 0; w < W; ++w) p.reference[w] = ref[w];
  p.tolerance = opt.tolerance;
  p.maxIterations = opt.maxIterations;
  res.levels = hierarchy.count();
  res.setupSeconds = std::chrono::duration<double>(Clock::now() - t0).count();

  const device::Result d = device::solve(p, progress);
  res.solveSeconds = d.seconds;
  res.backend = "cuda (" + d.deviceName + ")";
  res.workingBytes = d.deviceBytes;
  res.cases.resize(setup.cases);
  for (int c = 0; c < setup.cases; ++c) {
    res.cases[c].strain = strains[c];
    res.cases[c].iterations = d.iterations[c];
    res.cases[c].relativeResidual = d.relativeResidual[c];
    res.cases[c].converged = d.relativeResidual[c] <= opt.tolerance;
    res.cases[c].residualHistory = d.history[c];
  }
  progress.report(0.95, "integrating the energies");
  finishResult<double, W>(res, m, h, mesh, setup, strains, d.solution.data(), opt.keepFields);
  res.totalSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  progress.report(1.0, "done");
  return res;
}

}  // namespace

HomogenizationResult homogenize(const ElementModuli& m, const Hex8& h, const std::vector<Vector6>& strains,
                                const HomogenizationOptions& opt, Progress& progress) {
  const std::size_t cases = strains.size();
  if (cases <= 1) return run<1>(m, h, strains, opt, progress);
  if (cases <= 2) return run<2>(m, h, strains, opt, progress);
  if (cases <= 4) return run<4>(m, h, strains, opt, progress);
  return run<8>(m, h, strains, opt, progress);
}

}  // namespace cuda
}  // namespace mf::fem
