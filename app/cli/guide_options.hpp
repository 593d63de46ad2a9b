#pragma once
// The guidance of guided interpolation (seed 000 Eq. 14) as `interpolate --guide bulk` and
// `bench interpolate` take it: the weights w_f and w_b and the step s, with core's defaults
// (chosen on endpoint pairs other than the benchmark's: docs/families.md), and the voxel
// family's parameter names they travel under (core/generative/voxel_diffusion_family.hpp).

#include "core/generative/interpolation.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <string>

namespace mf::cli {

struct GuideOptions {
  double bulkWeight = generative::PropertyGuidance{}.propertyWeight;
  double boundaryWeight = generative::PropertyGuidance{}.boundaryWeight;
  double scale = generative::PropertyGuidance{}.scale;
  double slope = generative::PropertyGuidance{}.projectionSlope;
  int stiffnessCondition = 0;  // off by default: measured in docs/families.md, not yet enough for 0.86
  std::string thetaSchedule = "linear";

  std::map<std::string, double> parameters() const {
    generative::PropertyGuidance g;
    g.propertyWeight = bulkWeight;
    g.boundaryWeight = boundaryWeight;
    g.scale = scale;
    g.projectionSlope = slope;
    return generative::guidanceParameters(g, stiffnessCondition != 0, thetaSchedule == "authors");
  }
};

inline void addGuideOptions(CLI::App* c, GuideOptions& g) {
  c->add_option("--bulk-weight", g.bulkWeight, "w_f: weight of the regressor's K/K_HS in the guidance")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  c->add_option("--boundary-weight", g.boundaryWeight, "w_b: weight of the face terms in the guidance")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  c->add_option("--guide-scale", g.scale, "s: the guidance step")->capture_default_str()->check(CLI::Range(0.0, 10000.0));
  c->add_option("--projection-slope", g.slope, "Slope of the projection p(x) = (tanh(slope·x) + 1)/2 the guidance sees")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 1000.0));
  c->add_option("--stiffness-condition", g.stiffnessCondition,
                "1: condition the members on the blend of the ends' stiffness as well as their vf; 0: on the vf alone (seed 000)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1));
  c->add_option("--theta-schedule", g.thetaSchedule,
                "How the members' slerp angles spread: linear, or authors (gathered mid-way, their guided runs)")
      ->capture_default_str()
      ->check(CLI::IsMember({"linear", "authors"}));
}

}  // namespace mf::cli
