// metaforge-cli design: sample candidates for a cubic target with the diffusion model, verify
// each by FE, rank by the true Eq. 18 error (runs in the generative module).

#include "app/cli/command.hpp"
#include "app/cli/dataset_plots.hpp"
#include "app/cli/generative_module.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace mf::cli {
namespace {

struct DesignArgs {
  std::vector<double> cubic;
  std::optional<double> vf;
  int n = 4;
  double guidance = 1.0;
  int steps = 25;
  std::uint64_t seed = 1;
  std::string out;
  std::string model = "resources/models/default/card.json";
};

}  // namespace

void addDesignCommand(CLI::App& app, Action& action) {
  auto a = std::make_shared<DesignArgs>();
  CLI::App* cmd = app.add_subcommand("design", "Candidate cells for a cubic target by the diffusion model, each "
                                               "verified by FE and ranked by its true error");
  cmd->add_option("--cubic", a->cubic, "Target C11 C12 C44 (E_s = 1)")->expected(3)->required();
  cmd->add_option("--vf", a->vf, "Target volume fraction (default: free)");
  cmd->add_option("-n", a->n, "Candidates")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--guidance", a->guidance, "Classifier-free guidance scale")->capture_default_str();
  cmd->add_option("--steps", a->steps, "DDIM steps")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--seed", a->seed, "Sampling seed")->capture_default_str();
  cmd->add_option("--out", a->out, "Folder for the cells (.npy) and design.json")->required();
  cmd->add_option("--model", a->model, "Model card (JSON)")->capture_default_str();
  cmd->callback([a, &action] {
    action = [a] {
      nlohmann::json j = {{"c11", a->cubic[0]}, {"c12", a->cubic[1]}, {"c44", a->cubic[2]}, {"n", a->n},
                          {"guidance", a->guidance}, {"steps", a->steps}, {"seed", a->seed},
                          {"out", a->out}, {"model", a->model}};
      j["vf"] = a->vf ? nlohmann::json(*a->vf) : nlohmann::json();
      const int rc = runGenerativeCommand("design", j.dump());
      if (rc == 0) {
        const std::string png = (std::filesystem::path(a->out) / "elastic_surface.png").string();
        writeElasticComparison((std::filesystem::path(a->out) / "design.json").string(), png);
        if (std::filesystem::exists(png)) std::printf("wrote %s\n", png.c_str());
      }
      return rc;
    };
  });
}

}  // namespace mf::cli
