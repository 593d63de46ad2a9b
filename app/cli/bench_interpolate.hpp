#pragma once
// metaforge-cli bench interpolate: plain and guided families between the same two dataset cells
// near the bulk bound, in one run (docs/benchmarks.md "Guided families").

#include "app/cli/command.hpp"
#include "app/cli/guide_options.hpp"

#include <cstdint>
#include <string>

namespace mf::cli {

struct InterpolateBenchArgs {
  int pair = 0;
  double vfStart = 0.3, vfEnd = 0.55, vfTolerance = 0.03, minBulkRatio = 0.9;
  int members = 11, steps = 25;
  double guidance = 5.0;
  std::uint64_t seed = 1;
  GuideOptions guide;  // the guided run's
  std::string model, regressor, json;
};

int runBenchInterpolate(const InterpolateBenchArgs& a);
void addBenchInterpolate(CLI::App* bench, Action& action);

}  // namespace mf::cli
