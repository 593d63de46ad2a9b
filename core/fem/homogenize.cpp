#include "core/fem/homogenize.hpp"

#include "core/fem/cuda_backend.hpp"
#include "core/fem/element_energies.hpp"
#include "core/fem/element_moduli.hpp"
#include "core/fem/fine_operator.hpp"
#include "core/fem/hex8_element.hpp"
#include "core/fem/lanes.hpp"
#include "core/fem/load_cases.hpp"
#include "core/fem/multigrid.hpp"
#include "core/tensor/format.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace mf::fem {

const char* toString(Precision p) { return p == Precision::Float64 ? "float64" : "float32"; }
const char* toString(Backend b) {
  switch (b) {
    case Backend::Auto: return "auto";
    case Backend::Cpu: return "cpu";
    case Backend::Cuda: return "cuda";
  }
  return "?";
}

int HomogenizationResult::totalIterations() const {
  int n = 0;
  for (const auto& c : cases) n = std::max(n, c.iterations);
  return n;
}

bool HomogenizationResult::converged() const {
  for (const auto& c : cases)
    if (!c.converged) return false;
  return true;
}

namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<Vector6> unitStrains() {
  std::vector<Vector6> out;
  for (int i = 0; i < 6; ++i) out.push_back(Vector6::Unit(i));
  return out;
}

template <class T, int W>
HomogenizationResult solveCpu(const ElementModuli& m, const Hex8& h, const std::vector<Vector6>& strains,
                              const HomogenizationOptions& opt, Progress& progress) {
  const auto t0 = Clock::now();
  const int cases = static_cast<int>(strains.size());
  HomogenizationResult res;
  res.dims = m.dims;
  res.backend = "cpu";
  res.precision = std::is_same_v<T, float> ? Precision::Float32 : Precision::Float64;
  res.threads = threadCount();
  progress.report(0.0, "preparing the FE mesh");

  // Cancel is checked between the set-up's stages too: at 128³ each takes a few tenths of a second.
  const FineMesh mesh(m);
  progress.checkCancelled();
  const FineOperator<T> a(mesh, m, h);
  progress.checkCancelled();
  // The preconditioner smooths in single precision; in float64 mode it needs its own copy of
  // the operator tables (the mesh is shared).
  std::optional<FineOperator<float>> singleCopy;
  if constexpr (!std::is_same_v<T, float>) singleCopy.emplace(mesh, m, h);
  progress.checkCancelled();
  const FineOperator<float>* single = nullptr;
  if constexpr (std::is_same_v<T, float>) single = &a;
  else single = &*singleCopy;
  const std::size_t n = a.activeNodes();
  const std::size_t values = n * 3 * W;
  const LoadCaseSetup setup = prepareLoadCases(m, h, strains);
  res.solidFraction = static_cast<double>(setup.stiffElements) / static_cast<double>(m.elements());

  // CG keeps four fields: x, r, p, and one shared by q = A p and z = M r, which are never
  // needed at the same time. The right-hand side is built in r.
  LaneField<T, W> x(n), r(n), p(n), qz(n);
  LaneField<T, W>& b = r;
  x.zero();  // the initial guess, and the unused lanes stay zero
  b.zero();
  assembleRightHandSide<T, W>(m, mesh, setup, b.data());
  progress.checkCancelled();
  const LaneScalars ref = residualReference<T, W>(b.data(), n, setup, opt.tolerance);
  if (opt.initialGuess) fillInitialGuess<T, W>(*opt.initialGuess, m, mesh, cases, x.data());

  SubProgress setupProgress(progress, 0.0, 0.1);
  setupProgress.report(0.0, "building the multigrid hierarchy");
  Multigrid<W> mg(*single, opt.multigrid, setupProgress);
  res.levels = mg.levels();
  res.setupSeconds = secondsSince(t0);
  res.workingBytes = 4 * values * sizeof(T) + mg.memoryBytes() +
                     n * (sizeof(std::array<std::int32_t, kStencilSize>) + 2 * sizeof(std::int32_t) + kBlock * sizeof(T)) +
                     m.elements() * sizeof(std::int32_t);

  // Conjugate gradients, one per lane, advanced together.
  const auto t1 = Clock::now();
  res.cases.resize(cases);
  for (int c = 0; c < cases; ++c) res.cases[c].strain = strains[c];
  if (opt.initialGuess) a.template residual<W>(b.data(), x.data(), r.data());  // r = b − A x, in place
  auto relResiduals = [&](const LaneScalars& rr) {
    LaneScalars out{};
    for (int w = 0; w < W; ++w) out[w] = ref[w] > 0.0 ? std::sqrt(rr[w]) / ref[w] : 0.0;
    return out;
  };
  LaneScalars rel = relResiduals(laneDot<T, W>(r.data(), r.data(), 3 * n));
  LaneScalars rz = mg.apply(r.data(), p.data());  // p = z = M r
  const double firstRel = *std::max_element(rel.begin(), rel.begin() + cases);
  for (int it = 0; it < opt.maxIterations; ++it) {
    std::array<bool, 8> active{};
    bool any = false;
    for (int w = 0; w < cases; ++w) {
      active[w] = rel[w] > opt.tolerance;
      any = any || active[w];
    }
    if (!any) break;
    T* q = qz.data();
    const LaneScalars pq = a.template applyDot<W>(p.data(), q);
    LaneScalars alpha{};
    for (int w = 0; w < W; ++w) alpha[w] = active[w] && pq[w] > 0.0 ? rz[w] / pq[w] : 0.0;
    rel = relResiduals(laneCgUpdate<T, W>(alpha, p.data(), q, x.data(), r.data(), 3 * n));
    double worst = 0.0;
    bool stillActive = false;
    for (int w = 0; w < cases; ++w) {
      if (active[w]) {
        ++res.cases[w].iterations;
        res.cases[w].residualHistory.push_back(rel[w]);
      }
      worst = std::max(worst, rel[w]);
      stillActive = stillActive || rel[w] > opt.tolerance;
    }
    // Progress in log-residual: from the first residual down to the tolerance.
    const double span = std::log(std::max(firstRel, opt.tolerance * 10) / opt.tolerance);
    const double done = span > 0 ? std::log(std::max(firstRel, opt.tolerance * 10) / std::max(worst, opt.tolerance)) / span : 1.0;
    progress.report(0.1 + 0.85 * std::clamp(done, 0.0, 1.0),
                    "solving: iteration " + std::to_string(it + 1) + ", residual " + formatNumber(worst, 3));
    progress.checkCancelled();
    if (!stillActive) break;
    T* z = qz.data();  // q is spent
    const LaneScalars rzNew = mg.apply(r.data(), z);
    LaneScalars beta{};
    for (int w = 0; w < W; ++w) beta[w] = active[w] && rz[w] != 0.0 ? rzNew[w] / rz[w] : 0.0;
    rz = rzNew;
    laneXpby<T, W>(z, beta, p.data(), 3 * n);
  }
  for (int w = 0; w < cases; ++w) {
    res.cases[w].relativeResidual = rel[w];
    res.cases[w].converged = rel[w] <= opt.tolerance;
  }
  res.solveSeconds = secondsSince(t1);

  // Energies from the converged fields.
  progress.report(0.95, "integrating the energies");
  finishResult<T, W>(res, m, h, mesh, setup, strains, x.data(), opt.keepFields);
  res.totalSeconds = secondsSince(t0);
  progress.report(1.0, "done");
  return res;
}

template <class T>
HomogenizationResult dispatchLanes(const ElementModuli& m, const Hex8& h, const std::vector<Vector6>& strains,
                                   const HomogenizationOptions& opt, Progress& progress) {
  const std::size_t cases = strains.size();
  if (cases <= 1) return solveCpu<T, 1>(m, h, strains, opt, progress);
  if (cases <= 2) return solveCpu<T, 2>(m, h, strains, opt, progress);
  if (cases <= 4) return solveCpu<T, 4>(m, h, strains, opt, progress);
  return solveCpu<T, 8>(m, h, strains, opt, progress);
}

void validateOptions(const HomogenizationOptions& opt, double poisson) {
  if (!(poisson > -1.0 && poisson < 0.5))
    throw std::invalid_argument("Poisson's ratio must lie in (-1, 0.5), it is " + formatNumber(poisson));
  if (opt.loadCases.size() > 8)
    throw std::invalid_argument("at most 8 load cases per homogenization, got " + std::to_string(opt.loadCases.size()));
  for (const Vector6& e : opt.loadCases)
    if (!e.allFinite()) throw std::invalid_argument("a load case contains a NaN or infinite strain");
  if (!(opt.tolerance > 0.0 && opt.tolerance < 1.0))
    throw std::invalid_argument("solver tolerance must lie in (0, 1), it is " + formatNumber(opt.tolerance));
  if (opt.maxIterations < 1) throw std::invalid_argument("maxIterations must be at least 1");
}

}  // namespace

HomogenizationResult homogenizeModuli(const VoxelGrid<double>& moduli, double poisson,
                                      const HomogenizationOptions& opt, Progress& progress) {
  validateOptions(opt, poisson);
  const ElementModuli m = ElementModuli::fromGrid(moduli);
  const Hex8 h = Hex8::make(poisson);
  const std::vector<Vector6> strains = opt.loadCases.empty() ? unitStrains() : opt.loadCases;

  bool useCuda = false;
  if (opt.backend == Backend::Cuda) {
    if (!cudaAvailable()) throw std::runtime_error("the CUDA backend is not available: " + cudaUnavailableReason());
    useCuda = true;
  } else if (opt.backend == Backend::Auto) {
    useCuda = cudaAvailable();
  }
  if (useCuda) return cuda::homogenize(m, h, strains, opt, progress);
  return opt.precision == Precision::Float32 ? dispatchLanes<float>(m, h, strains, opt, progress)
                                             : dispatchLanes<double>(m, h, strains, opt, progress);
}

HomogenizationResult homogenize(const BinaryCell& cell, const BaseMaterial& base,
                                const HomogenizationOptions& options, Progress& progress) {
  if (const std::string why = base.validate(); !why.empty()) throw std::invalid_argument(why);
  VoxelGrid<double> moduli(cell.nx(), cell.ny(), cell.nz());
  for (std::size_t n = 0; n < cell.size(); ++n) moduli[n] = cell[n] ? base.youngs : 0.0;
  return homogenizeModuli(moduli, base.poisson, options, progress);
}

VoxelGrid<double> simpModuli(const DensityCell& density, const BaseMaterial& base, const Simp& simp) {
  if (const std::string why = base.validate(); !why.empty()) throw std::invalid_argument(why);
  if (!(simp.penalty >= 1.0)) throw std::invalid_argument("SIMP penalty must be ≥ 1, it is " + formatNumber(simp.penalty));
  if (!(simp.minModulus >= 0.0 && simp.minModulus < 1.0))
    throw std::invalid_argument("SIMP minimum modulus must lie in [0, 1), it is " + formatNumber(simp.minModulus));
  VoxelGrid<double> moduli(density.nx(), density.ny(), density.nz());
  const double emin = simp.minModulus * base.youngs;
  for (int k = 0; k < density.nz(); ++k)
    for (int j = 0; j < density.ny(); ++j)
      for (int i = 0; i < density.nx(); ++i) {
        const double rho = density(i, j, k);
        if (std::isnan(rho))
          throw std::invalid_argument("density is NaN at voxel (" + std::to_string(i) + ", " + std::to_string(j) +
                                      ", " + std::to_string(k) + ")");
        if (rho < 0.0 || rho > 1.0)
          throw std::invalid_argument("density " + formatNumber(rho) + " at voxel (" + std::to_string(i) + ", " +
                                      std::to_string(j) + ", " + std::to_string(k) + ") is outside [0, 1]");
        moduli(i, j, k) = emin + std::pow(rho, simp.penalty) * (base.youngs - emin);
      }
  return moduli;
}

HomogenizationResult homogenize(const DensityCell& density, const BaseMaterial& base, const Simp& simp,
                                const HomogenizationOptions& options, Progress& progress) {
  if (density.empty()) throw std::invalid_argument("the cell is empty (0 voxels)");
  return homogenizeModuli(simpModuli(density, base, simp), base.poisson, options, progress);
}

VoxelGrid<double> modulusSensitivities(const HomogenizationResult& result, const VoxelGrid<double>& moduli,
                                       double poisson, const Eigen::MatrixXd& weights) {
  if (!result.fields) throw std::invalid_argument("sensitivities need the displacement fields (set keepFields)");
  const DisplacementFields& f = *result.fields;
  const ElementModuli m = ElementModuli::fromGrid(moduli);
  if (f.dims != m.dims)
    throw std::invalid_argument("sensitivities: the fields are " + describeDims(f.dims) + " but the cell is " +
                                describeDims(m.dims));
  if (weights.rows() != f.cases || weights.cols() != f.cases)
    throw std::invalid_argument("sensitivities: weights must be " + std::to_string(f.cases) + "×" +
                                std::to_string(f.cases) + " (one per pair of load cases), got " +
                                std::to_string(weights.rows()) + "×" + std::to_string(weights.cols()));
  const Hex8 h = Hex8::make(poisson);
  LaneMatrix24 affine(24, f.cases);
  for (int c = 0; c < f.cases; ++c) affine.col(c) = Hex8::affineField(result.cases.at(c).strain);
  auto fluct = [&](std::size_t e, LaneMatrix24& xe) {
    const auto nodes = elementNodes(m.dims, e);
    for (int qn = 0; qn < 8; ++qn)
      for (int d = 0; d < 3; ++d)
        for (int w = 0; w < f.cases; ++w) xe(3 * qn + d, w) += f.values[(static_cast<std::size_t>(w) * m.elements() + nodes[qn]) * 3 + d];
  };
  Eigen::MatrixXd q;
  Eigen::Matrix<double, 6, Eigen::Dynamic> s;
  std::vector<double> per;
  const Eigen::MatrixXd w = 0.5 * (weights + weights.transpose());
  elementEnergies(m, h, affine, fluct, q, s, &w, &per);
  VoxelGrid<double> out(m.dims[0], m.dims[1], m.dims[2]);
  out.data() = std::move(per);
  return out;
}

}  // namespace mf::fem
