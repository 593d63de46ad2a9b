// metaforge-cli design: candidate cells for a target from a family plugin (the voxel diffusion
// model by default) or from all of them, through the design study (core/design/study.hpp):
// each verified by FE and ranked by its true error. The families come from the same plugin
// registry the app uses. This file parses and prints; the study does the work.

#include "app/cli/command.hpp"
#include "app/cli/option_checks.hpp"
#include "app/cli/elastic_comparison_plot.hpp"
#include "app/cli/terminal_progress.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/design/polish.hpp"
#include "core/design/study.hpp"
#include "core/files/atomic_file.hpp"
#include "core/io/npy_cell.hpp"
#include "core/io/vdb_cell.hpp"
#include "core/tensor/admissibility.hpp"
#include "plugins/registry/family_registry.hpp"

#include <fstream>

namespace mf::cli {
namespace {

struct DesignArgs {
  std::vector<double> cubic, orthotropic;
  std::optional<double> vf;
  int n = 4;
  double guidance = design::FamilyRequest{}.guidance;
  int steps = 25;
  std::uint64_t seed = 1;
  std::string out;
  std::string model;  // empty: the family's bundled default
  std::string family = "voxel-diffusion";
  bool polish = false;       // polish every candidate toward the target (core/design/polish.hpp)
  int polishResolution = 0;  // 0: the cell's own
};

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

// The families the study asks: one by id, or every registered one for "all".
std::vector<std::unique_ptr<design::MicrostructureFamily>> makeFamilies(const DesignArgs& a) {
  plugins::FamilyRegistry& registry = plugins::FamilyRegistry::instance();
  std::vector<std::unique_ptr<design::MicrostructureFamily>> out;
  std::vector<std::string> ids;
  if (a.family == "all") {
    for (const plugins::FamilyInfo& f : registry.families()) ids.push_back(f.id);
    if (ids.empty()) throw UserError("no family plugins were found");
  } else {
    ids.push_back(a.family);
  }
  for (const std::string& id : ids) {
    nlohmann::json settings = nlohmann::json::object();
    if (!a.model.empty() && a.family != "all") settings["model"] = a.model;
    try {
      out.push_back(registry.create(id, settings));
    } catch (const std::exception& e) {
      if (a.family != "all") throw UserError(e.what());
      std::printf("%s unavailable: %s\n", id.c_str(), e.what());  // "all" asks the families there are
    }
  }
  if (out.empty()) throw UserError("no family could be made");
  return out;
}

Stiffness targetOf(const DesignArgs& a) {
  if (!a.cubic.empty() == !a.orthotropic.empty()) throw UserError("give the target once: --cubic C11 C12 C44 or --orthotropic (nine constants)");
  if (!a.cubic.empty()) return Stiffness::cubic(a.cubic[0], a.cubic[1], a.cubic[2]);
  const auto& o = a.orthotropic;
  return Stiffness::orthotropic(o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8]);
}

// A tensor's constants by name, as the metric of its class reads them (cubic parts, the nine).
nlohmann::json constantsOf(const Stiffness& c, const design::TargetMetric& metric) {
  nlohmann::json j;
  const std::vector<std::string> names = metric.constantNames();
  const std::vector<double> values = metric.constants(c);
  for (std::size_t i = 0; i < names.size(); ++i) j[names[i]] = values[i];
  return j;
}

// The table's stiffness columns: for a cubic target the diagonal and C12, C44 of the cell (how
// cubic it came out); otherwise the constants the error reads.
std::vector<std::pair<std::string, double>> tableConstants(const Stiffness& c, const design::TargetMetric& metric) {
  if (metric.targetClass() == design::TargetClass::Cubic)
    return {{"C11", c(1, 1)}, {"C22", c(2, 2)}, {"C33", c(3, 3)}, {"C12", c(1, 2)}, {"C44", c(4, 4)}};
  std::vector<std::pair<std::string, double>> out;
  const std::vector<std::string> names = metric.constantNames();
  const std::vector<double> values = metric.constants(c);
  for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i], values[i]});
  return out;
}

// A family's own parameters of a cell, in one short cell of the table ("seed 7, guidance 5").
std::string nativeParameters(const design::Provenance& p) {
  std::string out;
  for (const char* key : {"design", "seed", "guidance", "steps"}) {
    const auto it = p.fields.find(key);
    if (it == p.fields.end()) continue;
    out += (out.empty() ? "" : ", ") + std::string(key) + " " + it->second;
  }
  return out;
}

// OpenVDB fog volumes (what the app and printers' tools open), with the provenance as metadata;
// .npy where the build has no OpenVDB. Returns the file's name.
std::string writeCandidate(const std::filesystem::path& out, const std::string& stem, const BinaryCell& cell,
                           const design::Provenance& provenance) {
  std::map<std::string, std::string> meta;
  for (const auto& [k, val] : provenance.fields) meta["metaforge_" + k] = val;
  std::string file = stem + ".vdb";
  try {
    io::writeVdbFogCell(out / file, cell, 1.0 / cell.nx(), meta);
  } catch (const std::exception&) {
    file = stem + ".npy";
    io::writeNpyCell(out / file, cell);
  }
  return file;
}

// Each candidate polished toward the target (target-matching TO, verified by FE each round),
// written beside its parent as candidate-K-polished with provenance naming it.
nlohmann::json polishCandidates(const DesignArgs& a, const design::StudyResult& run, const Stiffness& target,
                                const design::TargetMetric& metric, const std::filesystem::path& out) {
  design::PolishSettings ps;
  ps.resolution = a.polishResolution;
  nlohmann::json rows = nlohmann::json::array();
  std::printf("polished toward the target:\n  rank  file                       error (parent's)   vf     connected  rounds  s\n");
  TerminalProgress progress("polish");
  int rank = 0;
  for (const design::StudyCandidate& v : run.ranked) {
    ++rank;
    SubProgress part(progress, double(rank - 1) / run.ranked.size(), double(rank) / run.ranked.size());
    const design::Polished p = design::polishCandidate(v.proposal.cell, target, a.vf, *metric.cubicRanges(), ps, {}, part);
    design::Provenance provenance;
    provenance.kind = "polish";
    provenance.fields = {{"parent", "candidate-" + std::to_string(rank)},
                         {"parent_error", std::to_string(v.error)},
                         {"rounds", std::to_string(p.rounds.size())},
                         {"resolution", std::to_string(p.cell.nx())}};
    const std::string file = writeCandidate(out, "candidate-" + std::to_string(rank) + "-polished", p.cell, provenance);
    const bool connected = design::isConnected(p.cell);
    std::printf("  %4d  %-25s  %6.2f %% (%5.2f %%)  %.3f  %-9s  %6zu  %.1f\n", rank, file.c_str(), 100 * p.error, 100 * p.startError,
                volumeFraction(p.cell), connected ? "yes" : "no", p.rounds.size(), p.seconds);
    const Stiffness& c = p.homogenized.stiffness;
    rows.push_back({{"parent_rank", rank}, {"file", file}, {"error", p.error}, {"parent_error", p.startError},
                    {"improved", p.improved}, {"volume_fraction", volumeFraction(p.cell)}, {"C11", c(1, 1)}, {"C12", c(1, 2)},
                    {"C44", c(4, 4)}, {"connected", connected}, {"rounds", p.rounds.size()}, {"seconds", p.seconds},
                    {"provenance", provenance.fields}});
  }
  return rows;
}

int runDesign(const DesignArgs& a) {
  design::FamilyRequest request;
  request.target = targetOf(a);
  request.volumeFraction = a.vf;
  request.count = a.n;
  request.steps = a.steps;
  request.guidance = a.guidance;
  request.seed = a.seed;
  // An inadmissible target is rejected before any model is loaded.
  if (const Admissibility adm = request.target.admissibility(); !adm.ok())
    throw UserError("inadmissible target: " + adm.reason);
  if (a.polish && design::targetClassOf(request.target) != design::TargetClass::Cubic)
    throw UserError("--polish aims at C11, C12 and C44: it needs a --cubic target");
  const auto owned = makeFamilies(a);
  std::vector<const design::MicrostructureFamily*> families;
  for (const auto& f : owned) families.push_back(f.get());
  const design::TargetMetric metric = design::metricFor(request.target, families);
  installInterruptHandler();
  design::StudyResult run;
  try {
    TerminalProgress progress("design");
    run = design::runStudy(families, request, metric, design::HomogenizeSettings{}, progress);
  } catch (const std::invalid_argument& e) {
    std::string flags;
    for (const auto& f : owned)
      if (const design::TargetCheck check = f->checkTarget(request); !check.ok()) flags = nearestAsFlags(check);
    throw UserError("target refused: " + std::string(e.what()) + flags);
  }
  const design::TargetClass cls = design::targetClassOf(request.target);
  for (const design::Declined& d : run.declined)
    std::printf("%s declined: %s\n", d.family.c_str(), d.check.describe().c_str());

  const std::filesystem::path out = a.out;
  std::filesystem::create_directories(out);
  nlohmann::json target = constantsOf(request.target, metric);
  target["vf"] = a.vf ? nlohmann::json(*a.vf) : nlohmann::json();
  nlohmann::json table = {{"target", target}, {"target_class", design::toString(cls)}, {"family", a.family},
                          {"steps", a.steps}, {"guidance", a.guidance}, {"seed", a.seed}, {"error", metric.describe()},
                          {"sampling_seconds", run.samplingSeconds}, {"verify_seconds", run.verifySeconds},
                          {"declined", nlohmann::json::object()}, {"candidates", nlohmann::json::array()}};
  for (const design::Declined& d : run.declined) table["declined"][d.family] = d.check.describe();
  if (owned.size() == 1) {
    plugins::FamilyRegistry& registry = plugins::FamilyRegistry::instance();
    table["model"] = a.model.empty() ? registry.defaultModelPath(a.family) : a.model;
  }
  std::printf("%s target %s%s; %zu candidates proposed in %.2f s, verified by FE in %.2f s; error: %s\n",
              design::toString(cls), constantsOf(request.target, metric).dump().c_str(),
              a.vf ? (" vf " + std::to_string(*a.vf)).c_str() : "", run.ranked.size(), run.samplingSeconds,
              run.verifySeconds, metric.describe().c_str());
  std::printf("  rank  family            file             error    vf   ");
  for (const auto& [name, value] : tableConstants(Stiffness::cubic(1, 0, 1), metric)) std::printf("  %-6s", name.c_str());
  std::printf("  connected  parameters\n");
  int rank = 0;
  for (const design::StudyCandidate& v : run.ranked) {
    ++rank;
    const BinaryCell& cell = v.proposal.cell;
    const std::string file = writeCandidate(out, "candidate-" + std::to_string(rank), cell, v.proposal.provenance);
    const Stiffness c = v.homogenized ? v.homogenized->stiffness : Stiffness();
    const std::string params = nativeParameters(v.proposal.provenance);
    std::printf("  %4d  %-16s  %-15s %6.2f %%  %.3f", rank, v.family.c_str(), file.c_str(), 100 * v.error, v.volumeFraction);
    for (const auto& [name, value] : tableConstants(c, metric)) std::printf("  %.4f", value);
    std::printf("  %-9s  %s\n", v.connected ? "yes" : "no", params.c_str());
    nlohmann::json row = {{"rank", rank}, {"family", v.family}, {"file", file}, {"error", v.error},
                          {"volume_fraction", v.volumeFraction}, {"C11", c(1, 1)}, {"C12", c(1, 2)}, {"C44", c(4, 4)},
                          {"achieved", constantsOf(c, cls == design::TargetClass::Cubic
                                                          ? design::TargetMetric::orthotropic(design::OrthotropicRanges::ofBaseMaterial({}))
                                                          : metric)},
                          {"connected", v.connected}, {"provenance", v.proposal.provenance.fields}};
    if (v.homogenized) row["fe"] = {{"iterations", v.homogenized->iterations}, {"seconds", v.homogenized->seconds},
                                    {"tolerance", v.homogenized->tolerance}, {"backend", v.homogenized->backend}};
    table["candidates"].push_back(row);
  }
  if (a.polish) table["polished"] = polishCandidates(a, run, request.target, metric, out);
  files::writeTextAtomically(out / "design.json", table.dump(2));
  const std::string png = (out / "elastic_surface.png").string();
  writeElasticComparison((out / "design.json").string(), png);
  std::printf("wrote %s (cells, design.json%s)\n", out.string().c_str(),
              std::filesystem::exists(png) ? ", elastic_surface.png" : "");
  return 0;
}

}  // namespace

void addDesignCommand(CLI::App& app, Action& action) {
  auto a = std::make_shared<DesignArgs>();
  CLI::App* cmd = app.add_subcommand("design", "Candidate cells for a target from a family (default: the "
                                               "diffusion model), each verified by FE and ranked by its true error");
  cmd->add_option("--cubic", a->cubic, "Target C11 C12 C44 (E_s = 1)")->expected(3);
  cmd->add_option("--orthotropic", a->orthotropic, "Target C11 C12 C13 C22 C23 C33 C44 C55 C66 (E_s = 1)")->expected(9);
  cmd->add_option("--vf", a->vf, "Target volume fraction (default: free)")->check(CLI::Range(0.001, 1.0));
  cmd->add_option("-n", a->n, "Candidates")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--guidance", a->guidance, "Classifier-free guidance scale")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--steps", a->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--seed", a->seed, "Sampling seed")->capture_default_str()->check(seedNumber());
  cmd->add_option("--out", a->out, "Folder for the cells (.vdb), design.json and elastic_surface.png")->required();
  cmd->add_option("--model", a->model, "Model card (JSON); default: the bundled model");
  cmd->add_flag("--polish", a->polish, "Polish each candidate toward the target by target-matching TO until its true "
                                       "error stops falling (cubic targets); written beside it as candidate-K-polished");
  cmd->add_option("--polish-resolution", a->polishResolution, "Polish at this resolution (0: the cell's; 64 doubles 32³)")
      ->capture_default_str()
      ->check(CLI::IsMember({0, 16, 32, 48, 64}));
  cmd->add_option("--family", a->family, "Family plugin, or all: every family that accepts the target, ranked in one table")
      ->capture_default_str();
  cmd->callback([a, &action] {
    action = [a] { return runDesign(*a); };
  });
}

}  // namespace mf::cli
