// metaforge-cli homogenize: the homogenized stiffness of a voxel cell by periodic FE.

#include "app/cli/cell_input.hpp"
#include "app/cli/command.hpp"
#include "app/cli/tensor_report.hpp"
#include "app/cli/terminal_progress.hpp"
#include "core/fem/homogenize.hpp"
#include "core/tensor/format.hpp"
#include "core/voxel/components.hpp"

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace mf::cli {
namespace {

// How the solid connects across the periodic cell, as the FE mesh couples it (voxels sharing
// at least a corner): a singular C^H is explained by an axis no component spans.
struct Connectivity3 {
  std::size_t components = 0;
  std::array<bool, 3> spans{};
  std::string describe() const {
    std::string axes;
    for (int a = 0; a < 3; ++a)
      if (spans[a]) axes += std::string(axes.empty() ? "" : " ") + "xyz"[a];
    std::string s = std::to_string(components) + (components == 1 ? " component" : " components");
    s += axes.empty() ? ", spanning no axis" : ", spanning " + axes;
    return s;
  }
};

Connectivity3 connectivityOf(const BinaryCell& cell) {
  const ComponentLabels l = periodicComponents(cell, mf::Connectivity::Vertex);
  Connectivity3 c;
  c.components = l.sizes.size();
  for (const auto& w : l.wraps)
    for (int a = 0; a < 3; ++a) c.spans[a] = c.spans[a] || w[a];
  return c;
}

struct HomogenizeArgs {
  std::string cell;
  int resolution = 0;
  double youngs = 1.0, poisson = 0.3;
  double tolerance = 1e-6;
  int maxIterations = 500;
  std::string precision = "float64";
  std::string backend = "auto";
  int threads = 0;
  bool json = false;
};

const char* kCaseNames[6] = {"ε11", "ε22", "ε33", "γ23", "γ13", "γ12"};

std::string solverText(const fem::HomogenizationResult& r, const HomogenizeArgs& a) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "Solver           %s, %s, %d thread%s, %d multigrid level%s, tolerance %s\n",
                r.backend.c_str(), fem::toString(r.precision), r.threads, r.threads == 1 ? "" : "s", r.levels,
                r.levels == 1 ? "" : "s", formatNumber(a.tolerance, 3).c_str());
  out << line;
  out << "  load case      iterations   relative residual\n";
  for (std::size_t c = 0; c < r.cases.size(); ++c) {
    std::snprintf(line, sizeof line, "  %-12s   %10d   %17s%s\n", c < 6 ? kCaseNames[c] : "?", r.cases[c].iterations,
                  formatNumber(r.cases[c].relativeResidual, 3).c_str(), r.cases[c].converged ? "" : "  not converged");
    out << line;
  }
  std::snprintf(line, sizeof line, "Time             set-up %.3f s, solve %.3f s, total %.3f s; working memory %.0f MB\n",
                r.setupSeconds, r.solveSeconds, r.totalSeconds, r.workingBytes / 1e6);
  out << line;
  return out.str();
}

int runHomogenize(const HomogenizeArgs& a) {
  fem::HomogenizationOptions opt;
  opt.tolerance = a.tolerance;
  opt.maxIterations = a.maxIterations;
  if (a.precision == "float64") opt.precision = fem::Precision::Float64;
  else if (a.precision == "float32") opt.precision = fem::Precision::Float32;
  else throw UserError("--precision must be float64 or float32, not '" + a.precision + "'");
  if (a.backend == "auto") opt.backend = fem::Backend::Auto;
  else if (a.backend == "cpu") opt.backend = fem::Backend::Cpu;
  else if (a.backend == "cuda") opt.backend = fem::Backend::Cuda;
  else throw UserError("--backend must be auto, cpu or cuda, not '" + a.backend + "'");
  if (a.backend == "cuda" && !fem::cudaAvailable()) throw UserError("--backend cuda: " + fem::cudaUnavailableReason());
#ifdef _OPENMP
  if (a.threads > 0) omp_set_num_threads(a.threads);
#endif
  const BaseMaterial base{a.youngs, a.poisson};
  if (const std::string why = base.validate(); !why.empty()) throw UserError(why);

  const BinaryCell cell = loadCell(a.cell, a.resolution > 0 ? std::optional<int>(a.resolution) : std::nullopt);
  fem::HomogenizationResult r;
  {
    TerminalProgress progress("homogenize");
    try {
      r = fem::homogenize(cell, base, opt, progress);
    } catch (const std::invalid_argument& e) {
      throw UserError(std::string(a.cell) + ": " + e.what());
    } catch (const std::domain_error& e) {
      throw UserError(std::string(a.cell) + ": " + e.what());
    }
  }
  const Stiffness& c = *r.stiffness;
  const TensorSummary summary = summarize(c, base, r.solidFraction);
  const Connectivity3 conn = connectivityOf(cell);

  if (a.json) {
    nlohmann::json j;
    j["cell"] = {{"path", a.cell},
                 {"dims", {r.dims[0], r.dims[1], r.dims[2]}},
                 {"solid_fraction", r.solidFraction},
                 {"components", conn.components},
                 {"spans", {conn.spans[0], conn.spans[1], conn.spans[2]}}};
    nlohmann::json cases = nlohmann::json::array();
    for (const auto& lc : r.cases)
      cases.push_back({{"strain", std::vector<double>(lc.strain.data(), lc.strain.data() + 6)},
                       {"iterations", lc.iterations},
                       {"relative_residual", lc.relativeResidual},
                       {"converged", lc.converged}});
    j["solver"] = {{"backend", r.backend},        {"precision", fem::toString(r.precision)},
                   {"threads", r.threads},        {"levels", r.levels},
                   {"tolerance", a.tolerance},    {"setup_seconds", r.setupSeconds},
                   {"solve_seconds", r.solveSeconds}, {"total_seconds", r.totalSeconds},
                   {"memory_bytes", r.workingBytes}, {"cases", cases}};
    j["tensor"] = tensorReportJson(summary);
    std::cout << j.dump(2) << '\n';
  } else {
    std::printf("Cell             %s, %s voxels, solid fraction %s\n", a.cell.c_str(), describeDims(r.dims).c_str(),
                formatNumber(r.solidFraction, 4).c_str());
    std::printf("Connectivity     %s\n", conn.describe().c_str());
    std::printf("Base material    E_s = %s, ν_s = %s\n", formatNumber(base.youngs).c_str(), formatNumber(base.poisson).c_str());
    std::cout << solverText(r, a) << '\n' << tensorReportText(summary);
    if (!summary.admissibility.ok())
      std::printf("\nnote: C^H is singular: the solid does not carry load in every direction%s\n",
                  conn.spans[0] && conn.spans[1] && conn.spans[2] ? "" : " (no component spans the cell along every axis)");
  }
  if (!r.converged()) {
    double worst = 0;
    for (const auto& lc : r.cases) worst = std::max(worst, lc.relativeResidual);
    throw UserError(a.cell + ": the solver did not reach the tolerance in " + std::to_string(a.maxIterations) +
                    " iterations (worst relative residual " + formatNumber(worst, 3) + "); the numbers are not reliable");
  }
  return 0;
}

}  // namespace

void addHomogenizeCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<HomogenizeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "homogenize", "Homogenized stiffness C^H of a periodic voxel cell (.raw or .vdb) by FE, with\n"
                    "engineering constants, Hashin-Shtrikman ratios and solver statistics.");
  cmd->add_option("cell", args->cell, "The cell: .raw (bytes, 0 = void, x fastest) or .vdb")->required();
  cmd->add_option("--resolution", args->resolution, "Resample the cell to N×N×N voxels first")->check(CLI::Range(2, 1024));
  cmd->add_option("--E", args->youngs, "Young's modulus of the base material")->capture_default_str()->check(CLI::Range(1e-12, 1e12));
  cmd->add_option("--nu", args->poisson, "Poisson's ratio of the base material")->capture_default_str()->check(CLI::Range(-0.999, 0.499));
  cmd->add_option("--tolerance", args->tolerance, "Relative residual of the CG solver")->capture_default_str()->check(CLI::Range(1e-14, 0.1));
  cmd->add_option("--max-iterations", args->maxIterations, "CG iteration limit")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->add_option("--precision", args->precision, "float64 or float32")->capture_default_str();
  cmd->add_option("--backend", args->backend, "auto, cpu or cuda")->capture_default_str();
  cmd->add_option("--threads", args->threads, "CPU threads (default: all cores)")->check(CLI::Range(1, 256));
  cmd->add_flag("--json", args->json, "Print JSON instead of text");
  cmd->callback([args, &action] { action = [args] { return runHomogenize(*args); }; });
}

}  // namespace mf::cli
