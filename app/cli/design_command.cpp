// metaforge-cli design: candidate cells for a cubic target from a family plugin (the voxel
// diffusion model by default), each verified by FE and ranked by its true Eq. 18 error. The
// family comes from the same plugin registry the app uses.

#include "app/cli/command.hpp"
#include "app/cli/option_checks.hpp"
#include "app/cli/elastic_comparison_plot.hpp"
#include "app/cli/terminal_progress.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#ifdef MF_CLI_HAS_QT
#include "core/design/propose_and_verify.hpp"
#include "core/files/atomic_file.hpp"
#include "core/io/npy_cell.hpp"
#include "core/io/vdb_cell.hpp"
#include "core/tensor/admissibility.hpp"
#include "plugins/registry/family_registry.hpp"

#include <fstream>
#endif

namespace mf::cli {
namespace {

struct DesignArgs {
  std::vector<double> cubic;
  std::optional<double> vf;
  int n = 4;
  double guidance = design::FamilyRequest{}.guidance;
  int steps = 25;
  std::uint64_t seed = 1;
  std::string out;
  std::string model;  // empty: the family's bundled default
  std::string family = "voxel-diffusion";
};

#ifdef MF_CLI_HAS_QT
// The family's way out, as the flags that ask for it.
std::string nearestAsFlags(const design::TargetCheck& check) {
  if (!check.nearest || check.nearest->form != design::TargetForm::Cubic) return {};
  const auto& v = check.nearest->values;
  char buf[160];
  std::snprintf(buf, sizeof buf, "; nearest reachable target: --cubic %.4g %.4g %.4g", v[0], v[1], v[2]);
  std::string flags = buf;
  if (!check.nearest->volumeFractionFree) {
    std::snprintf(buf, sizeof buf, " --vf %.3f", check.nearest->volumeFraction);
    flags += buf;
  }
  return flags;
}

int runDesign(const DesignArgs& a) {
  design::FamilyRequest request;
  request.target = Stiffness::cubic(a.cubic[0], a.cubic[1], a.cubic[2]);
  request.volumeFraction = a.vf;
  request.count = a.n;
  request.steps = a.steps;
  request.guidance = a.guidance;
  request.seed = a.seed;
  // An inadmissible target is rejected before any model is loaded.
  if (const Admissibility adm = request.target.admissibility(); !adm.ok())
    throw UserError("inadmissible target: " + adm.reason);
  plugins::FamilyRegistry& registry = plugins::FamilyRegistry::instance();
  QJsonObject settings;
  if (!a.model.empty()) settings["model"] = QString::fromStdString(a.model);
  std::unique_ptr<design::MicrostructureFamily> family;
  try {
    family = registry.create(QString::fromStdString(a.family), settings);
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
  if (const design::TargetCheck check = family->checkTarget(request); !check.ok())
    throw UserError("target refused: " + check.reason + nearestAsFlags(check));
  const design::PropertyRanges ranges = family->propertyRanges().value_or(design::PropertyRanges::ofBaseMaterial({}));
  installInterruptHandler();
  const design::DesignRun run = [&] {
    TerminalProgress progress("design");
    return design::proposeAndVerify(*family, request, ranges, design::HomogenizeSettings{}, progress);
  }();

  const std::filesystem::path out = a.out;
  std::filesystem::create_directories(out);
  const std::string modelPath = a.model.empty() ? registry.defaultModelPath(QString::fromStdString(a.family)).toStdString() : a.model;
  nlohmann::json table = {
      {"target", {{"C11", a.cubic[0]}, {"C12", a.cubic[1]}, {"C44", a.cubic[2]}, {"vf", a.vf ? nlohmann::json(*a.vf) : nlohmann::json()}}},
      {"family", a.family}, {"model", modelPath}, {"steps", a.steps}, {"guidance", a.guidance}, {"seed", a.seed},
      {"error_ranges", ranges.source}, {"sampling_seconds", run.samplingSeconds}, {"verify_seconds", run.verifySeconds},
      {"candidates", nlohmann::json::array()}};
  std::printf("target C11 %.4g C12 %.4g C44 %.4g%s; %d candidates sampled in %.2f s, verified by FE in %.2f s:\n",
              a.cubic[0], a.cubic[1], a.cubic[2], a.vf ? (" vf " + std::to_string(*a.vf)).c_str() : "", a.n,
              run.samplingSeconds, run.verifySeconds);
  std::printf("  rank  file             error    vf      C11      C12      C44      connected\n");
  int rank = 0;
  for (const design::VerifiedProposal& v : run.ranked) {
    ++rank;
    const BinaryCell& cell = v.proposal.cell;
    const std::string stem = "candidate-" + std::to_string(rank);
    std::map<std::string, std::string> meta;
    for (const auto& [k, val] : v.proposal.provenance.fields) meta["metaforge_" + k] = val;
    // OpenVDB fog volumes (what the app and printers' tools open); .npy where the build has no OpenVDB.
    std::string file = stem + ".vdb";
    try {
      io::writeVdbFogCell(out / file, cell, 1.0 / cell.nx(), meta);
    } catch (const std::exception&) {
      file = stem + ".npy";
      io::writeNpyCell(out / file, cell);
    }
    const Stiffness c = v.homogenized ? v.homogenized->stiffness : Stiffness();
    std::printf("  %4d  %-15s %6.2f %%  %.3f  %.4f  %.4f  %.4f  %s\n", rank, file.c_str(), 100 * v.error,
                v.volumeFraction, c(1, 1), c(1, 2), c(4, 4), v.connected ? "yes" : "no");
    nlohmann::json row = {{"rank", rank}, {"file", file}, {"error", v.error}, {"volume_fraction", v.volumeFraction},
                          {"C11", c(1, 1)}, {"C12", c(1, 2)}, {"C44", c(4, 4)}, {"connected", v.connected},
                          {"provenance", v.proposal.provenance.fields}};
    if (v.homogenized) row["fe"] = {{"iterations", v.homogenized->iterations}, {"seconds", v.homogenized->seconds},
                                    {"tolerance", v.homogenized->tolerance}, {"backend", v.homogenized->backend}};
    table["candidates"].push_back(row);
  }
  files::writeTextAtomically(out / "design.json", table.dump(2));
  const std::string png = (out / "elastic_surface.png").string();
  writeElasticComparison((out / "design.json").string(), png);
  std::printf("wrote %s (cells, design.json%s)\n", out.string().c_str(),
              std::filesystem::exists(png) ? ", elastic_surface.png" : "");
  return 0;
}
#endif

}  // namespace

void addDesignCommand(CLI::App& app, Action& action) {
  auto a = std::make_shared<DesignArgs>();
  CLI::App* cmd = app.add_subcommand("design", "Candidate cells for a cubic target from a family (default: the "
                                               "diffusion model), each verified by FE and ranked by its true error");
  cmd->add_option("--cubic", a->cubic, "Target C11 C12 C44 (E_s = 1)")->expected(3)->required();
  cmd->add_option("--vf", a->vf, "Target volume fraction (default: free)")->check(CLI::Range(0.001, 1.0));
  cmd->add_option("-n", a->n, "Candidates")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--guidance", a->guidance, "Classifier-free guidance scale")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--steps", a->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--seed", a->seed, "Sampling seed")->capture_default_str()->check(seedNumber());
  cmd->add_option("--out", a->out, "Folder for the cells (.vdb), design.json and elastic_surface.png")->required();
  cmd->add_option("--model", a->model, "Model card (JSON); default: the bundled model");
  cmd->add_option("--family", a->family, "Family plugin")->capture_default_str();
  cmd->callback([a, &action] {
    action = [a]() -> int {
#ifdef MF_CLI_HAS_QT
      return runDesign(*a);
#else
      throw UserError("design needs the family plugins, which this build leaves out (it was built without Qt)");
#endif
    };
  });
}

}  // namespace mf::cli
