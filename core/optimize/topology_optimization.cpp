#include "core/optimize/topology_optimization.hpp"

#include "core/fem/homogenize.hpp"
#include "core/optimize/density_filter.hpp"
#include "core/optimize/design_update.hpp"
#include "core/voxel/random_fields.hpp"
#include "core/voxel/symmetry.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace mf::optimize {

const char* toString(Objective o) {
  switch (o) {
    case Objective::MaxBulk: return "bulk";
    case Objective::MaxShear: return "shear";
    case Objective::MinPoisson: return "npr";
    case Objective::MaxIsotropicE: return "isotropic";
    case Objective::MaxIsotropicG: return "isotropic-shear";
    case Objective::MatchTarget: return "target";
  }
  return "?";
}

Objective objectiveFromString(const std::string& name) {
  for (Objective o : {Objective::MaxBulk, Objective::MaxShear, Objective::MinPoisson, Objective::MaxIsotropicE,
                      Objective::MaxIsotropicG, Objective::MatchTarget})
    if (name == toString(o)) return o;
  throw std::invalid_argument("unknown objective '" + name + "' (bulk, shear, npr, isotropic, isotropic-shear or target)");
}

bool holdsIsotropy(Objective o) { return o == Objective::MaxIsotropicE || o == Objective::MaxIsotropicG; }

DensityCell trigInitialDensity(int n, double volumeFraction, std::uint64_t seed, int maxWave, int terms) {
  // A near-binary start: the level set of a cubic-symmetrized trigonometric field at the
  // requested fraction, with edges softened by one filter pass. A smooth grey start is a trap:
  // under SIMP the uniform grey density is a stationary point of stiffness objectives, and
  // MMA walks into it from a low-contrast field.
  Rng rng(seed);
  const BinaryCell level = thresholdToFraction(cubicSymmetrize(trigBasisField(n, maxWave, terms, rng)), volumeFraction);
  return cubicSymmetrize(DensityFilter(1.5).apply(toDensity(level)));
}

namespace {

Vector6 unitStrain(int a) {
  Vector6 e = Vector6::Zero();
  e(a) = 1.0;
  return e;
}

std::vector<Vector6> loadCases(Objective o) {
  switch (o) {
    case Objective::MaxBulk: return {(Vector6() << 1, 1, 1, 0, 0, 0).finished()};
    case Objective::MaxShear: return {unitStrain(3)};
    case Objective::MinPoisson: return {unitStrain(0), unitStrain(1)};
    case Objective::MaxIsotropicE:
    case Objective::MaxIsotropicG:
    case Objective::MatchTarget: return {unitStrain(0), unitStrain(1), unitStrain(3)};
  }
  return {};
}

// C11, C12, C44 from the energies of the three-case objectives (Q = ε_aᵀ C ε_b).
struct Cubic3 {
  double c11, c12, c44;
};

double youngsCubic(double c11, double c12) { return (c11 - c12) * (c11 + 2 * c12) / (c11 + c12); }

// The value to minimize, its raw (reported) value, and ∂/∂Q as weights for the sensitivities.
struct Evaluation {
  double minimized = 0;
  double reported = 0;
  double zener = 0;
  Eigen::MatrixXd weights;
};

// The isotropy constraint A − 1 = 0 enters as λg + μg²/2; the modulus (E or G) is measured
// against its value at the first iteration, so that the two terms weigh alike whatever the
// volume fraction.
struct AugmentedLagrangian {
  double lambda = 0.0;
  double mu = 1.0;
  double modulus0 = 0.0;
};

// −M/M0 + λg + μg²/2 with g = A − 1, A = 2C44/(C11 − C12), for a modulus M with the given
// derivatives by C11, C12 and C44.
void isotropicModulus(Evaluation& ev, double m, const std::array<double, 3>& dM, double c11, double c12, double c44,
                      const AugmentedLagrangian& al) {
  const double a = c11 - c12;
  const double ms = al.modulus0 > 0 ? al.modulus0 : m;
  ev.reported = m;
  ev.zener = 2 * c44 / a;
  const double g = ev.zener - 1.0;
  ev.minimized = -m / ms + al.lambda * g + 0.5 * al.mu * g * g;
  const double dPdg = al.lambda + al.mu * g;
  const double dAd11 = -2 * c44 / (a * a), dAd12 = 2 * c44 / (a * a), dAd44 = 2 / a;
  ev.weights(0, 0) = -dM[0] / ms + dPdg * dAd11;
  ev.weights(0, 1) = ev.weights(1, 0) = 0.5 * (-dM[1] / ms + dPdg * dAd12);
  ev.weights(2, 2) = -dM[2] / ms + dPdg * dAd44;
}

Evaluation evaluate(const TopologySettings& s, const Eigen::MatrixXd& q, const AugmentedLagrangian& al, int iteration) {
  Evaluation ev;
  ev.weights = Eigen::MatrixXd::Zero(q.rows(), q.cols());
  switch (s.objective) {
    case Objective::MaxBulk:
      ev.reported = q(0, 0) / 9.0;
      ev.minimized = -ev.reported;
      ev.weights(0, 0) = -1.0 / 9.0;
      break;
    case Objective::MaxShear:
      ev.reported = q(0, 0);
      ev.minimized = -ev.reported;
      ev.weights(0, 0) = -1.0;
      break;
    case Objective::MinPoisson: {
      // Andreassen, Lazarov, Sigmund (2014): minimize C12 − w^l (C11 + C22 + C33) (they use w = 0.8; 0.9 here)
      // and l the iteration. Minimizing ν itself rewards a cell that falls apart (ν of nothing
      // is whatever the last links make it); C12 < 0 needs a working auxetic mechanism, and the
      // fading stiffness term keeps the cell load-bearing while that mechanism forms.
      const double c11 = q(0, 0), c12 = q(0, 1);
      const double w = s.stiffnessWeight * std::pow(s.stiffnessDecay, iteration);
      ev.reported = c12 / (c11 + c12);
      ev.minimized = (c12 - w * c11) / s.base.youngs;
      ev.weights(0, 0) = -w / s.base.youngs;
      ev.weights(0, 1) = ev.weights(1, 0) = 0.5 / s.base.youngs;
      break;
    }
    case Objective::MaxIsotropicE: {
      const double c11 = q(0, 0), c12 = q(0, 1), c44 = q(2, 2);
      const double a = c11 - c12, b = c11 + 2 * c12, c = c11 + c12;
      const double dEd11 = (a + b) / c - a * b / (c * c), dEd12 = (2 * a - b) / c - a * b / (c * c);
      isotropicModulus(ev, a * b / c, {dEd11, dEd12, 0.0}, c11, c12, c44, al);
      break;
    }
    case Objective::MaxIsotropicG: {
      const double c11 = q(0, 0), c12 = q(0, 1), c44 = q(2, 2);
      isotropicModulus(ev, c44, {0.0, 0.0, 1.0}, c11, c12, c44, al);
      break;
    }
    case Objective::MatchTarget: {
      const double c[3] = {q(0, 0), q(0, 1), q(2, 2)};
      const double t[3] = {s.target.c11, s.target.c12, s.target.c44};
      double f = 0, d[3];
      for (int i = 0; i < 3; ++i) {
        const double r = (c[i] - t[i]) / s.target.scale[static_cast<std::size_t>(i)];
        f += r * r;
        d[i] = 2 * r / s.target.scale[static_cast<std::size_t>(i)];
      }
      ev.reported = ev.minimized = f;
      ev.zener = 2 * c[2] / (c[0] - c[1]);
      ev.weights(0, 0) = d[0];
      ev.weights(0, 1) = ev.weights(1, 0) = 0.5 * d[1];
      ev.weights(2, 2) = d[2];
      break;
    }
  }
  return ev;
}

void validate(const DensityCell& initial, const TopologySettings& s) {
  if (!initial.isCube() || initial.nx() % 2 || initial.nx() < 4)
    throw std::invalid_argument("topology optimization needs a cubic cell with an even side ≥ 4");
  if (!(s.volumeFraction > 0 && s.volumeFraction < 1))
    throw std::invalid_argument("volume fraction must be in (0, 1)");
  if (!(s.penalty >= 1)) throw std::invalid_argument("SIMP penalty must be ≥ 1");
  if (s.update == UpdateRule::OC && s.objective != Objective::MaxBulk && s.objective != Objective::MaxShear)
    throw std::invalid_argument("the OC update needs an objective that only improves with material (bulk or shear); use MMA");
  if (s.objective == Objective::MatchTarget)
    for (double v : s.target.scale)
      if (!(v > 0)) throw std::invalid_argument("target scales must be positive");
  if (const std::string why = s.base.validate(); !why.empty()) throw std::invalid_argument(why);
}

}  // namespace

double objectiveValue(Objective o, const Stiffness& c, const CubicTarget& target) {
  const double c11 = c(1, 1), c12 = c(1, 2), c44 = c(4, 4);
  switch (o) {
    case Objective::MaxBulk: return (c11 + 2 * c12) / 3.0;
    case Objective::MaxShear: return c44;
    case Objective::MinPoisson: return c12 / (c11 + c12);
    case Objective::MaxIsotropicE: return youngsCubic(c11, c12);
    case Objective::MaxIsotropicG: return c44;
    case Objective::MatchTarget: {
      const double r[3] = {(c11 - target.c11) / target.scale[0], (c12 - target.c12) / target.scale[1],
                           (c44 - target.c44) / target.scale[2]};
      return r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    }
  }
  return 0;
}

TopologyResult optimizeTopology(const DensityCell& initial, const TopologySettings& s, Progress& progress) {
  validate(initial, s);
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = initial.size();
  const DensityFilter filter(s.filterRadius);
  HeavisideProjection projection{s.betaStart, s.eta};

  DensityCell x = cubicSymmetrize(initial);
  for (double& v : x.data()) v = std::clamp(v, 0.0, 1.0);

  fem::HomogenizationOptions fe;
  // The objective's strains as columns: with all six unit strains solved, its energies are
  // Q = EᵀCE and its weights map back as E W Eᵀ.
  const std::vector<Vector6> needed = loadCases(s.objective);
  Eigen::MatrixXd strains(6, static_cast<Eigen::Index>(needed.size()));
  for (std::size_t a = 0; a < needed.size(); ++a) strains.col(static_cast<Eigen::Index>(a)) = needed[a];
  if (!s.allLoadCases) fe.loadCases = needed;
  fe.tolerance = s.solverTolerance;
  fe.keepFields = true;
  fem::Simp simp{s.penalty, s.minModulus};
  const double stiffRange = s.base.youngs * (1.0 - s.minModulus);

  MmaUpdater mma(s.moveLimit);
  AugmentedLagrangian al;
  std::optional<fem::DisplacementFields> previous;
  TopologyResult result;
  double scale = 0.0;  // objective normalization, fixed at the first iteration
  int sinceBeta = 0;

  for (int it = 0; it < s.maxIterations; ++it) {
    progress.checkCancelled();
    const DensityCell filtered = filter.apply(x);
    const DensityCell rho = projection.apply(filtered);

    fe.initialGuess = previous && s.warmStart ? &*previous : nullptr;
    NullProgress quiet;
    fem::HomogenizationResult r = fem::homogenize(rho, s.base, simp, fe, quiet);
    ++result.solves;
    result.cgIterations += r.totalIterations();
    const Eigen::MatrixXd q = s.allLoadCases ? Eigen::MatrixXd(strains.transpose() * r.energy * strains) : r.energy;
    const Evaluation ev = evaluate(s, q, al, it);
    const Eigen::MatrixXd weights =
        s.allLoadCases ? Eigen::MatrixXd(strains * ev.weights * strains.transpose()) : ev.weights;
    const VoxelGrid<double> moduli = fem::simpModuli(rho, s.base, simp);
    const VoxelGrid<double> dQ = fem::modulusSensitivities(r, moduli, s.base.poisson, weights);
    previous = std::move(r.fields);

    if (it == 0) scale = std::max(std::abs(ev.minimized), 1e-12);
    // Sensitivities of the (scaled) objective and of g = mean(ρ̄) − vf with respect to x.
    DensityCell dfRho(x.nx(), x.ny(), x.nz()), dgRho(x.nx(), x.ny(), x.nz());
    double volume = 0.0;
    for (std::size_t e = 0; e < n; ++e) {
      const double dE = s.penalty * std::pow(rho[e], s.penalty - 1.0) * stiffRange;
      const double dH = projection.derivative(filtered[e]);
      dfRho[e] = dQ[e] * dE * dH / scale;
      dgRho[e] = dH / static_cast<double>(n);
      volume += rho[e];
    }
    volume /= static_cast<double>(n);
    const DensityCell df = cubicSymmetrize(filter.apply(dfRho));
    const DensityCell dg = cubicSymmetrize(filter.apply(dgRho));

    const std::vector<double> before = x.data();
    if (s.update == UpdateRule::MMA) {
      mma.update(x.data(), df.data(), volume - s.volumeFraction, dg.data());
    } else {
      auto constraint = [&](const std::vector<double>& trial) {
        DensityCell t(x.nx(), x.ny(), x.nz());
        t.data() = trial;
        const DensityCell p = projection.apply(filter.apply(t));
        double v = 0;
        for (double d : p.data()) v += d;
        return v / static_cast<double>(n) - s.volumeFraction;
      };
      optimalityCriteriaUpdate(x.data(), df.data(), dg.data(), constraint, s.moveLimit);
    }
    x = cubicSymmetrize(x);
    double change = 0.0;
    for (std::size_t e = 0; e < n; ++e) change = std::max(change, std::abs(x[e] - before[e]));

    result.history.push_back({it, ev.reported, volume, grayness(rho), projection.beta, change, ev.zener});
    progress.report(double(it + 1) / s.maxIterations,
                    "iteration " + std::to_string(it + 1) + ", objective " + std::to_string(ev.reported));

    if (holdsIsotropy(s.objective)) {
      if (it == 0) al.modulus0 = ev.reported;
      // Multiplier step every fifth iteration (the inner problem is solved one MMA step at a
      // time), penalty growing slowly: |A − 1| → 0.
      if (it % 5 == 4) al.lambda += al.mu * (ev.zener - 1.0);
      al.mu = std::min(al.mu * 1.03, 100.0);
    }
    ++sinceBeta;
    const bool settled = change < s.changeTolerance;
    if (projection.beta < s.betaMax && (sinceBeta >= s.betaEvery || settled)) {
      projection.beta = std::min(2.0 * projection.beta, s.betaMax);
      sinceBeta = 0;
    } else if (settled && projection.beta >= s.betaMax) {
      const bool isotropic = !holdsIsotropy(s.objective) ||
                             std::abs(ev.zener - 1.0) <= 0.5 * s.isotropyTolerance;
      if (isotropic) {
        result.converged = true;
        break;
      }
    }
  }
  result.density = projection.apply(filter.apply(x));
  result.design = x;
  result.cell = cubicSymmetrize(threshold(result.density, 0.5));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace mf::optimize
