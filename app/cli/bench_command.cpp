// metaforge-cli bench homogenize: the FE engine on a sheet gyroid at about 30 % solid, at
// several resolutions, against a textbook assembled-matrix Jacobi-CG in the same process.

#include "app/cli/command.hpp"
#include "app/cli/bench_accuracy.hpp"
#include "app/cli/bench_interpolate.hpp"
#include "core/io/resources.hpp"
#include "app/cli/generative_module.hpp"
#include "app/cli/terminal_progress.hpp"
#include "app/cli/text.hpp"
#include "core/dataset/tpms.hpp"
#include "core/design/family.hpp"
#include "core/fem/assembled_baseline.hpp"
#include "core/fem/homogenize.hpp"
#include "core/files/atomic_file.hpp"
#include "core/optimize/topology_optimization.hpp"

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace mf::cli {
namespace {

struct BenchArgs {
  std::vector<int> sizes = {32, 64, 128};
  std::vector<int> baselineSizes = {32, 64};
  int repeat = 3;
  double volumeFraction = 0.3;
  double tolerance = 1e-6;
  std::string precision = "float64";
  std::string json;
};

// Peak resident memory since the last reset (Linux: VmHWM, reset through clear_refs).
void resetPeakMemory() {
  std::ofstream("/proc/self/clear_refs") << "5";
}
double peakMemoryMB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0.0;
}

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

const char* simdWidth() {
#if defined(__AVX512F__)
  return "AVX-512";
#elif defined(__AVX2__)
  return "AVX2";
#else
  return "SSE2";
#endif
}

VoxelGrid<double> moduliOf(const BinaryCell& c) {
  VoxelGrid<double> m(c.nx(), c.ny(), c.nz());
  for (std::size_t i = 0; i < c.size(); ++i) m[i] = c[i] ? 1.0 : 0.0;
  return m;
}

int runBench(BenchArgs a) {
  // 0 means "none" (for --baseline-sizes 0); anything else must be a real grid.
  for (auto* list : {&a.sizes, &a.baselineSizes}) {
    list->erase(std::remove(list->begin(), list->end(), 0), list->end());
    for (int n : *list)
      if (n < 2) throw UserError("benchmark sizes must be at least 2, got " + std::to_string(n));
  }
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  fem::HomogenizationOptions opt;
  opt.tolerance = a.tolerance;
  opt.precision = a.precision == "float32" ? fem::Precision::Float32 : fem::Precision::Float64;
  if (a.precision != "float32" && a.precision != "float64") throw UserError("--precision must be float64 or float32");
  opt.backend = fem::Backend::Cpu;

  std::printf("Homogenization benchmark: sheet gyroid at volume fraction %.2f, six load cases, tolerance %g, %s\n",
              a.volumeFraction, a.tolerance, a.precision.c_str());
  std::printf("Machine: %s, %d thread%s, %s kernels\n\n", cpuModel().c_str(), threads, threads == 1 ? "" : "s", simdWidth());
  std::printf("Matrix-free multigrid CG (median of %d runs)\n", a.repeat);
  std::printf("  %-6s %-7s %-6s %-6s %-9s %-9s %-9s %-12s %s\n", "size", "solid", "levels", "iters", "setup s",
              "solve s", "total s", "peak RSS MB", "C11 C12 C44");

  nlohmann::json out;
  out["machine"] = {{"cpu", cpuModel()}, {"threads", threads}, {"simd", simdWidth()}};
  out["settings"] = {{"volume_fraction", a.volumeFraction}, {"tolerance", a.tolerance}, {"precision", a.precision}};
  std::map<int, std::pair<double, Matrix6>> fast;  // size → (median total, C^H)
  std::map<int, double> fastSolve;
  for (int n : a.sizes) {
    const BinaryCell cell = tpmsCell(Tpms::Gyroid, n, a.volumeFraction, true);
    std::vector<fem::HomogenizationResult> runs;
    double peak = 0.0;
    for (int r = 0; r < a.repeat; ++r) {
      TerminalProgress progress("bench " + std::to_string(n) + "³");
      resetPeakMemory();
      runs.push_back(fem::homogenize(cell, BaseMaterial{}, opt, progress));
      peak = std::max(peak, peakMemoryMB());
    }
    std::sort(runs.begin(), runs.end(), [](const auto& x, const auto& y) { return x.totalSeconds < y.totalSeconds; });
    const fem::HomogenizationResult& med = runs[runs.size() / 2];
    const Matrix6 c = med.stiffness->voigt();
    fast[n] = {med.totalSeconds, c};
    fastSolve[n] = med.solveSeconds;
    std::printf("  %s%-7.4f %-6d %-6d %-9.3f %-9.3f %-9.3f %-12.0f %.5f %.5f %.5f\n", padded(std::to_string(n) + "³", 7).c_str(),
                med.solidFraction, med.levels, med.totalIterations(), med.setupSeconds, med.solveSeconds,
                med.totalSeconds, peak, c(0, 0), c(0, 1), c(3, 3));
    out["multigrid"].push_back({{"size", n},
                                {"solid_fraction", med.solidFraction},
                                {"levels", med.levels},
                                {"iterations", med.totalIterations()},
                                {"setup_seconds", med.setupSeconds},
                                {"solve_seconds", med.solveSeconds},
                                {"total_seconds", med.totalSeconds},
                                {"all_totals", [&] {
                                   std::vector<double> t;
                                   for (const auto& x : runs) t.push_back(x.totalSeconds);
                                   return t;
                                 }()},
                                {"peak_rss_mb", peak},
                                {"working_mb", med.workingBytes / 1e6}});
  }

  if (!a.baselineSizes.empty()) {
    std::printf("\nAssembled baseline: Eigen SparseMatrix (row-major, Eigen using %d thread%s) + ConjugateGradient\n"
                "with the diagonal (Jacobi) preconditioner, same active-node system and tolerance, one run\n",
                Eigen::nbThreads(), Eigen::nbThreads() == 1 ? "" : "s");
    std::printf("  %-6s %-10s %-11s %-9s %-9s %-12s %-17s %-17s %s\n", "size", "iters", "assemble s", "solve s",
                "total s", "peak RSS MB", "ratio (total)", "ratio (solve)", "max |ΔC|/|C|");
  }
  for (int n : a.baselineSizes) {
    const BinaryCell cell = tpmsCell(Tpms::Gyroid, n, a.volumeFraction, true);
    TerminalProgress progress("baseline " + std::to_string(n) + "³");
    resetPeakMemory();
    const fem::AssembledResult b = fem::homogenizeAssembled(moduliOf(cell), 0.3, a.tolerance, 100000, progress);
    const double peak = peakMemoryMB();
    const int maxIt = *std::max_element(b.iterations.begin(), b.iterations.end());
    double ratio = 0.0, ratioSolve = 0.0, diff = 0.0;
    if (fast.count(n)) {
      ratio = b.totalSeconds / fast[n].first;
      ratioSolve = b.solveSeconds / fastSolve[n];
      diff = (b.stiffness - fast[n].second).cwiseAbs().maxCoeff() / fast[n].second.cwiseAbs().maxCoeff();
    }
    char r1[32] = "-", r2[32] = "-", d[32] = "-";
    if (fast.count(n)) {
      std::snprintf(r1, sizeof r1, "%.1f×", ratio);
      std::snprintf(r2, sizeof r2, "%.1f×", ratioSolve);
      std::snprintf(d, sizeof d, "%.1e", diff);
    }
    std::printf("  %s%-10d %-11.2f %-9.2f %-9.2f %-12.0f %s%s%s\n", padded(std::to_string(n) + "³", 7).c_str(), maxIt,
                b.assembleSeconds, b.solveSeconds, b.totalSeconds, peak, padded(r1, 17).c_str(), padded(r2, 17).c_str(), d);
    out["baseline"].push_back({{"size", n},
                               {"iterations", b.iterations},
                               {"assemble_seconds", b.assembleSeconds},
                               {"solve_seconds", b.solveSeconds},
                               {"total_seconds", b.totalSeconds},
                               {"peak_rss_mb", peak},
                               {"ratio_total", ratio},
                               {"ratio_solve", ratioSolve},
                               {"max_relative_difference", diff}});
  }
  if (!a.json.empty()) {
    files::writeAtomically(a.json, [&](const std::filesystem::path& tmp) { std::ofstream(tmp) << out.dump(2) << '\n'; });
    std::printf("\nwrote %s\n", a.json.c_str());
  }
  return 0;
}

struct ToleranceArgs {
  int size = 64;
  double volumeFraction = 0.3;
  std::vector<double> tolerances = {1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8};
};

// How accurate C^H is at each solver tolerance, against a solve to 1e-11: the energy form makes
// the error quadratic in the residual, so loose tolerances already give many exact digits.
int runTolerance(const ToleranceArgs& a) {
  if (a.size < 2) throw UserError("--size must be at least 2");
  const BinaryCell cell = tpmsCell(Tpms::Gyroid, a.size, a.volumeFraction, true);
  fem::HomogenizationOptions opt;
  opt.backend = fem::Backend::Cpu;
  opt.tolerance = 1e-11;
  opt.maxIterations = 1000;
  TerminalProgress progress("reference");
  const fem::HomogenizationResult ref = fem::homogenize(cell, BaseMaterial{}, opt, progress);
  const Matrix6 c = ref.stiffness->voigt();
  std::printf("C^H accuracy against the solver tolerance: %d³ sheet gyroid, volume fraction %.2f, six load cases\n",
              a.size, volumeFraction(cell));
  std::printf("reference: tolerance 1e-11, %d iterations\n\n", ref.totalIterations());
  std::printf("  %-10s %-11s %-9s %-26s %s\n", "tolerance", "iterations", "total s", "C^H (energy) max rel error",
              "mean stress max rel error");
  for (double tol : a.tolerances) {
    opt.tolerance = tol;
    const fem::HomogenizationResult r = fem::homogenize(cell, BaseMaterial{}, opt, progress);
    const double scale = c.cwiseAbs().maxCoeff();
    std::printf("  %-10.0e %-11d %-9.3f %-26.1e %.1e\n", tol, r.totalIterations(), r.totalSeconds,
                (r.stiffness->voigt() - c).cwiseAbs().maxCoeff() / scale,
                (Matrix6(r.meanStress) - c).cwiseAbs().maxCoeff() / scale);
  }
  for (fem::Precision precision : {fem::Precision::Float32}) {
    opt.tolerance = 1e-6;
    opt.precision = precision;
    const fem::HomogenizationResult r = fem::homogenize(cell, BaseMaterial{}, opt, progress);
    std::printf("\n%s at tolerance 1e-6: %d iterations, %.3f s, C^H max rel error %.1e\n", fem::toString(precision),
                r.totalIterations(), r.totalSeconds,
                (r.stiffness->voigt() - c).cwiseAbs().maxCoeff() / c.cwiseAbs().maxCoeff());
  }
  return 0;
}

struct OptimizeBenchArgs {
  int resolution = 24;
  int iterations = 30;
  std::string objective = "bulk";
};

// Topology optimization, three ways in one process, same start and settings: every solve cold
// with all six load cases (the plain way), warm-started with all six, and warm-started with
// only the objective's cases (what core/optimize does).
int runOptimizeBench(const OptimizeBenchArgs& a) {
  if (a.resolution < 4 || a.resolution % 2) throw UserError("--resolution must be even and ≥ 4");
  optimize::TopologySettings base;
  try {
    base.objective = optimize::objectiveFromString(a.objective);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
  base.volumeFraction = 0.3;
  base.maxIterations = a.iterations;
  base.changeTolerance = 0;  // run every iteration, so that the three runs do the same work
  const DensityCell start = optimize::trigInitialDensity(a.resolution, 0.3, 2, 2);
  struct Variant {
    const char* name;
    bool warm, all;
  };
  const Variant variants[] = {{"cold, six load cases", false, true},
                              {"warm start, six load cases", true, true},
                              {"warm start, objective's cases", true, false}};
  std::printf("topology optimization (%s), %d³, %d iterations, %d threads\n", a.objective.c_str(), a.resolution,
              a.iterations, omp_get_max_threads());
  double baseline = 0;
  for (const Variant& v : variants) {
    optimize::TopologySettings s = base;
    s.warmStart = v.warm;
    s.allLoadCases = v.all;
    NullProgress quiet;
    const optimize::TopologyResult r = optimize::optimizeTopology(start, s, quiet);
    if (baseline == 0) baseline = r.seconds;
    std::printf("  %-32s %7.2f s  %6.3f s/iteration  %6d CG iterations  objective %.6g  speed-up %.2f×\n", v.name,
                r.seconds, r.seconds / r.history.size(), r.cgIterations, r.history.back().objective, baseline / r.seconds);
  }
  return 0;
}

}  // namespace

void addBenchCommand(CLI::App& app, Action& action) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks (timings, never run by the tests)");
  bench->require_subcommand(1);
  auto args = std::make_shared<BenchArgs>();
  CLI::App* h = bench->add_subcommand(
      "homogenize", "Six-case homogenization of a ~30 % sheet gyroid at several resolutions, with\n"
                    "the ratio against an assembled-matrix Jacobi-CG baseline run in the same process.");
  h->add_option("--sizes", args->sizes, "Resolutions for the multigrid solver")->delimiter(',')->capture_default_str()->check(CLI::Range(2, 1024));
  h->add_option("--baseline-sizes", args->baselineSizes, "Resolutions for the assembled baseline (slow; 0 for none)")
      ->delimiter(',')
      ->capture_default_str();
  h->add_option("--repeat", args->repeat, "Runs per size; the median is reported")->capture_default_str()->check(CLI::PositiveNumber);
  h->add_option("--vf", args->volumeFraction, "Volume fraction of the gyroid")->capture_default_str()->check(CLI::Range(0.01, 1.0));
  h->add_option("--tolerance", args->tolerance, "Relative residual")->capture_default_str()->check(CLI::Range(1e-14, 0.1));
  h->add_option("--precision", args->precision, "float64 or float32")->capture_default_str();
  h->add_option("--json", args->json, "Also write the results to this JSON file");
  h->callback([args, &action] { action = [args] { return runBench(*args); }; });
  auto tol = std::make_shared<ToleranceArgs>();
  CLI::App* t = bench->add_subcommand("tolerance", "Accuracy of C^H against the CG tolerance (and float32)");
  t->add_option("--size", tol->size, "Resolution of the gyroid")->capture_default_str()->check(CLI::Range(2, 1024));
  t->add_option("--vf", tol->volumeFraction, "Volume fraction")->capture_default_str()->check(CLI::Range(0.01, 1.0));
  t->add_option("--tolerances", tol->tolerances, "Tolerances to try")->delimiter(',');
  t->callback([tol, &action] { action = [tol] { return runTolerance(*tol); }; });
  auto opt = std::make_shared<OptimizeBenchArgs>();
  CLI::App* o = bench->add_subcommand("optimize", "Topology optimization: what warm starts and objective-only load\n"
                                                  "cases save, against cold six-case solves in the same process");
  o->add_option("--resolution", opt->resolution, "Voxels per side (even)")->capture_default_str()->check(CLI::Range(4, 256));
  o->add_option("--iterations", opt->iterations, "Iterations per run")->capture_default_str()->check(CLI::Range(1, 100000));
  o->add_option("--objective", opt->objective, "bulk, shear, npr, isotropic (E), isotropic-shear (G) or target")->capture_default_str();
  o->callback([opt, &action] { action = [opt] { return runOptimizeBench(*opt); }; });
  auto acc = std::make_shared<AccuracyArgs>();
  acc->guidance = design::FamilyRequest{}.guidance;
  CLI::App* ac = bench->add_subcommand("accuracy", "Held-out targets (never trained on), n cells each through the design "
                                                   "study, every cell measured by FE:\nmean and best-of-n error, "
                                                   "connectivity, diversity and novelty");
  ac->add_option("--family", acc->family, "Family plugin")->capture_default_str();
  ac->add_option("--model", acc->model, "Model card (JSON); default: the family's bundled model");
  ac->add_option("--targets", acc->targets, "Held-out targets")->capture_default_str()->check(CLI::Range(1, 100000));
  ac->add_option("--skip", acc->skip,
                 "Start after this many held-out targets (to choose settings on targets other than the reported ones)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  ac->add_option("-n", acc->n, "Cells per target")->capture_default_str()->check(CLI::Range(1, 64));
  ac->add_option("--steps", acc->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  ac->add_option("--guidance", acc->guidance, "Guidance scale")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  ac->add_option("--json", acc->json, "Also write the figures to this JSON file");
  ac->add_option("--dataset", acc->dataset, "Draw the held-out targets from this dataset (default: the model's)");
  ac->add_flag("--polish", acc->polish, "Also polish every cell toward its target by target-matching TO (cubic targets)");
  ac->add_option("--polish-resolution", acc->polishResolution, "Polish at this resolution (0: the cell's; 64 doubles 32³)")
      ->capture_default_str()
      ->check(CLI::IsMember({0, 16, 32, 48, 64}));
  ac->add_option("--polish-cells", acc->polishCells, "Polish the best this many of each target's cells (0: all)")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  ac->add_option("--polish-filter", acc->polishFilter, "The polishing TO's filter radius (voxels)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 4.0));
  ac->add_option("--polish-beta", acc->polishBeta, "The polishing TO's first projection β")->capture_default_str()->check(CLI::Range(1.0, 64.0));
  ac->add_option("--polish-move", acc->polishMove, "The polishing TO's MMA move limit")->capture_default_str()->check(CLI::Range(0.001, 1.0));
  ac->add_option("--cells", acc->cells, "Also write one CSV row per cell: target, achieved C^H and vf, error");
  ac->add_flag("--plain-threshold", acc->plainThreshold,
               "Threshold at occupancy 1/2 without bridges (to measure what the vf level and bridges add)");
  ac->callback([acc, &action] { action = [acc] { return runBenchAccuracy(*acc); }; });
  addBenchInterpolate(bench, action);
  struct SampleArgs {
    std::string model;
    std::vector<int> widths{16, 32, 64};
    int n = 4, steps = 25, repeat = 5, threads = 0, octant = 16;
    double guidance = 1.0;
  };
  auto smp = std::make_shared<SampleArgs>();
  CLI::App* sm = bench->add_subcommand("sample", "Time sampling n candidates with the diffusion model (DDIM, CFG)");
  sm->add_option("--model", smp->model, "Model card (JSON); default: an untrained model of --widths (same cost)");
  sm->add_option("--widths", smp->widths, "Channels per level, without --model")->delimiter(',')->capture_default_str()->check(CLI::Range(1, 512));
  sm->add_option("--octant", smp->octant, "Octant voxels per side, without --model (cell: twice that; 32 for 64³ cells)")
      ->capture_default_str()->check(CLI::Range(4, 128));
  sm->add_option("-n", smp->n, "Candidates")->capture_default_str()->check(CLI::Range(1, 256));
  sm->add_option("--steps", smp->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  sm->add_option("--guidance", smp->guidance, "Guidance scale (0: one pass per step instead of two)")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  sm->add_option("--repeat", smp->repeat, "Timed runs after one warm-up")->capture_default_str()->check(CLI::Range(1, 1000));
  sm->add_option("--threads", smp->threads, "LibTorch threads (default: all cores)")->check(CLI::Range(0, 256));
  sm->callback([smp, &action] {
    action = [smp] {
      const nlohmann::json j = {{"model", smp->model}, {"widths", smp->widths}, {"n", smp->n}, {"steps", smp->steps},
                                {"guidance", smp->guidance}, {"repeat", smp->repeat}, {"threads", smp->threads},
                                {"octant", smp->octant}};
      return runGenerativeCommand("bench-sample", j.dump());
    };
  });
}

}  // namespace mf::cli
