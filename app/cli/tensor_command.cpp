// metaforge-cli tensor: everything about one stiffness tensor, as text or JSON.

#include "app/cli/command.hpp"
#include "app/cli/tensor_report.hpp"

#include <cmath>
#include <iostream>
#include <memory>
#include <numbers>

namespace mf::cli {
namespace {

struct TensorArgs {
  std::vector<double> cubic, iso, lame, ortho, full, rotate;
  double volumeFraction = std::nan("");
  double baseYoungs = 1.0;
  double basePoisson = 0.3;
  bool json = false;
};

Stiffness buildStiffness(const TensorArgs& a) {
  try {
    if (!a.cubic.empty()) return Stiffness::cubic(a.cubic[0], a.cubic[1], a.cubic[2]);
    if (!a.iso.empty()) return Stiffness::isotropicEnu(a.iso[0], a.iso[1]);
    if (!a.lame.empty()) return Stiffness::isotropicLame(a.lame[0], a.lame[1]);
    if (!a.ortho.empty())
      return Stiffness::orthotropic(a.ortho[0], a.ortho[1], a.ortho[2], a.ortho[3], a.ortho[4],
                                    a.ortho[5], a.ortho[6], a.ortho[7], a.ortho[8]);
    std::array<double, 21> k{};
    std::copy(a.full.begin(), a.full.end(), k.begin());
    return Stiffness::fromConstants21(k);
  } catch (const std::invalid_argument& e) {
    throw UserError(e.what());
  }
}

int runTensor(const TensorArgs& a) {
  Stiffness c = buildStiffness(a);
  if (!a.rotate.empty()) {
    const Vector3 axis(a.rotate[0], a.rotate[1], a.rotate[2]);
    if (!(axis.norm() > 0.0)) throw UserError("--rotate: the rotation axis must be non-zero");
    c = c.rotated(rotationAboutAxis(axis, a.rotate[3] * std::numbers::pi / 180.0));
  }
  const BaseMaterial base{a.baseYoungs, a.basePoisson};
  if (const std::string why = base.validate(); !why.empty()) throw UserError(why);
  std::optional<double> vf;
  if (!std::isnan(a.volumeFraction)) vf = a.volumeFraction;

  const TensorSummary s = summarize(c, base, vf);
  if (a.json) std::cout << tensorReportJson(s).dump(2) << '\n';
  else if (s.admissibility.ok()) std::cout << tensorReportText(s);
  if (!s.admissibility.ok()) throw UserError("inadmissible tensor: " + s.admissibility.reason);
  return 0;
}

}  // namespace

void addTensorCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<TensorArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tensor",
      "Engineering constants, symmetry, admissibility and bound ratios of a stiffness tensor.\n"
      "Voigt order 11 22 33 23 13 12 with engineering shear; values normalized by E_s.");
  auto* input = cmd->add_option_group("tensor", "The tensor (give exactly one)");
  input->add_option("--cubic", args->cubic, "Cubic: C11 C12 C44")->expected(3);
  input->add_option("--iso", args->iso, "Isotropic: E nu")->expected(2);
  input->add_option("--lame", args->lame, "Isotropic: lambda mu")->expected(2);
  input->add_option("--ortho", args->ortho, "Orthotropic: C11 C12 C13 C22 C23 C33 C44 C55 C66")
      ->expected(9);
  input->add_option("--full", args->full,
                    "All 21 constants, upper triangle row by row: C11 C12 ... C16 C22 ... C66")
      ->expected(21);
  input->require_option(1);
  cmd->add_option("--rotate", args->rotate, "Rotate the tensor: axis x y z and angle in degrees")
      ->expected(4);
  cmd->add_option("--vf", args->volumeFraction,
                  "Volume fraction of solid, for the Voigt and Hashin-Shtrikman bounds")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--base-E", args->baseYoungs, "Young's modulus of the base material")
      ->capture_default_str();
  cmd->add_option("--base-nu", args->basePoisson, "Poisson's ratio of the base material")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON instead of text");
  cmd->callback([args, &action] { action = [args] { return runTensor(*args); }; });
}

}  // namespace mf::cli
