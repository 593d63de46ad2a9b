// metaforge-cli optimize: inverse-homogenization topology optimization of one cubic cell, from
// a trigonometric start (seeded) or from a given cell, then the FE check of the binary result.

#include "app/cli/cell_input.hpp"
#include "app/cli/command.hpp"
#include "app/cli/option_checks.hpp"
#include "app/cli/terminal_progress.hpp"
#include "core/fem/homogenize.hpp"
#include "core/io/npy_cell.hpp"
#include "core/io/raw_cell.hpp"
#include "core/optimize/topology_optimization.hpp"
#include "core/tensor/bounds.hpp"
#include "core/voxel/components.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace mf::cli {
namespace {

struct OptimizeArgs {
  std::string objective = "bulk";
  std::string update = "mma";
  std::string from;
  int resolution = 16;
  double volumeFraction = 0.3;
  std::uint64_t seed = 1;
  int maxWave = 2;
  double filterRadius = 1.5;
  int iterations = 90;
  double isotropyTolerance = 0.05;
  double stiffnessDecay = 0.9;
  int betaEvery = 15;
  double betaMax = 16;
  double penalty = 3;
  std::vector<double> target;
  std::string out;
  bool history = false;
  bool json = false;
};

int runOptimize(const OptimizeArgs& a) {
  optimize::TopologySettings s;
  try {
    s.objective = optimize::objectiveFromString(a.objective);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  if (a.update == "oc") s.update = optimize::UpdateRule::OC;
  else if (a.update != "mma") throw UserError("--update must be mma or oc");
  s.volumeFraction = a.volumeFraction;
  s.filterRadius = a.filterRadius;
  s.maxIterations = a.iterations;
  s.isotropyTolerance = a.isotropyTolerance;
  s.stiffnessDecay = a.stiffnessDecay;
  s.betaEvery = a.betaEvery;
  s.betaMax = a.betaMax;
  s.penalty = a.penalty;
  if (s.objective == optimize::Objective::MatchTarget) {
    if (a.target.size() != 3) throw UserError("--objective target needs --target C11 C12 C44");
    s.target = {a.target[0], a.target[1], a.target[2], {a.target[0], a.target[0], a.target[2]}};
  }
  DensityCell start;
  if (!a.from.empty()) {
    start = toDensity(loadCell(a.from));
  } else {
    if (a.resolution < 4 || a.resolution % 2) throw UserError("--resolution must be even and ≥ 4");
    start = optimize::trigInitialDensity(a.resolution, a.volumeFraction, a.seed, a.maxWave);
  }
  TerminalProgress progress("optimize");
  optimize::TopologyResult r;
  try {
    r = optimize::optimizeTopology(start, s, progress);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  const BinaryCell cell = keepLargestComponent(r.cell);
  NullProgress quiet;
  const Stiffness c = *fem::homogenize(cell, s.base, fem::HomogenizationOptions{}, quiet).stiffness;
  const double vf = volumeFraction(cell);
  const IsotropicModuli hs = hashinShtrikmanUpper(s.base, vf);
  const double k = (c(1, 1) + 2 * c(1, 2)) / 3.0;
  const double nu = c(1, 2) / (c(1, 1) + c(1, 2));
  const double zener = 2 * c(4, 4) / (c(1, 1) - c(1, 2));
  if (!a.out.empty()) {
    const std::filesystem::path out(a.out);
    if (out.extension() == ".npy") io::writeNpyCell(out, cell);
    else if (out.extension() == ".raw") io::writeRawCell(out, cell);
    else throw UserError("the output must end in .npy or .raw: " + a.out);
  }
  if (a.json) {
    nlohmann::json j = {{"objective", a.objective}, {"iterations", r.history.size()}, {"solves", r.solves},
                        {"cg_iterations", r.cgIterations}, {"seconds", r.seconds}, {"converged", r.converged},
                        {"volume_fraction", vf}, {"C11", c(1, 1)}, {"C12", c(1, 2)}, {"C44", c(4, 4)},
                        {"K_over_HS", k / hs.bulk}, {"C44_over_G_HS", c(4, 4) / hs.shear}, {"poisson", nu},
                        {"zener", zener}, {"objective_value", optimize::objectiveValue(s.objective, c, s.target)}};
    if (a.history) {
      nlohmann::json h = nlohmann::json::array();
      for (const auto& e : r.history)
        h.push_back({{"iteration", e.iteration}, {"objective", e.objective}, {"volume", e.volume},
                     {"grayness", e.grayness}, {"beta", e.beta}, {"change", e.change}, {"zener", e.zener}});
      j["history"] = h;
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  if (a.history)
    for (const auto& e : r.history)
      std::printf("%4d  objective %-12.6g volume %.4f  grayness %.3f  beta %-3.0f change %.4f\n", e.iteration,
                  e.objective, e.volume, e.grayness, e.beta, e.change);
  std::printf("%s: %zu iterations (%d CG iterations) in %.2f s%s\n", a.objective.c_str(), r.history.size(),
              r.cgIterations, r.seconds, r.converged ? ", converged" : "");
  std::printf("binary cell: volume fraction %.4f, C11 %.5g C12 %.5g C44 %.5g\n", vf, c(1, 1), c(1, 2), c(4, 4));
  std::printf("K/K_HS %.3f  C44/G_HS %.3f  Poisson %.3f  Zener %.3f\n", k / hs.bulk, c(4, 4) / hs.shear, nu, zener);
  if (!a.out.empty()) std::printf("wrote %s\n", a.out.c_str());
  return 0;
}

}  // namespace

void addOptimizeCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<OptimizeArgs>();
  CLI::App* cmd = app.add_subcommand("optimize", "Topology-optimize a cubic-symmetric cell (SIMP, filter, projection, "
                                                 "MMA/OC) and check the binary result by FE");
  cmd->add_option("--objective", args->objective, "bulk, shear, npr, isotropic (E), isotropic-shear (G) or target")->capture_default_str();
  cmd->add_option("--update", args->update, "mma or oc (oc: bulk and shear only)")->capture_default_str();
  cmd->add_option("--from", args->from, "Start from this cell (.raw, .npy, .vdb) instead of a trigonometric field");
  cmd->add_option("--resolution", args->resolution, "Voxels per side (even)")->capture_default_str()->check(CLI::Range(4, 256));
  cmd->add_option("--vf", args->volumeFraction, "Volume fraction (upper bound)")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the trigonometric start")->capture_default_str()->check(seedNumber());
  cmd->add_option("--max-wave", args->maxWave, "Largest wave number of the start")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--filter", args->filterRadius, "Density filter radius in voxels")->capture_default_str()->check(CLI::Range(0.0, 64.0));
  cmd->add_option("--iterations", args->iterations, "Iteration limit")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--isotropy-tolerance", args->isotropyTolerance, "|Zener − 1| allowed (isotropic)")->capture_default_str();
  cmd->add_option("--stiffness-decay", args->stiffnessDecay, "npr: decay per iteration of the stiffness term")->capture_default_str();
  cmd->add_option("--beta-every", args->betaEvery, "Iterations between doublings of the projection sharpness")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--beta-max", args->betaMax, "Final projection sharpness")->capture_default_str()->check(CLI::Range(1.0, 1e6));
  cmd->add_option("--penalty", args->penalty, "SIMP exponent p")->capture_default_str()->check(CLI::Range(1.0, 10.0));
  cmd->add_option("--target", args->target, "C11 C12 C44 for --objective target")->expected(3);
  cmd->add_option("--out", args->out, "Write the binary cell (.npy or .raw)");
  cmd->add_flag("--history", args->history, "Print every iteration");
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &action] { action = [args] { return runOptimize(*args); }; });
}

}  // namespace mf::cli
