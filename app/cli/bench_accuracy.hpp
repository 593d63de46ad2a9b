#pragma once
// metaforge-cli bench accuracy: the arguments, and the run (core/design/accuracy_benchmark.hpp
// does the work; this prints it).

#include "core/design/polish.hpp"

#include <string>

namespace mf::cli {

struct AccuracyArgs {
  std::string family = "voxel-diffusion";
  std::string model;  // empty: the family's bundled default
  int targets = 200, skip = 0, n = 4, steps = 25;
  double guidance = 5.0;
  std::string json, dataset, cells;
  bool plainThreshold = false;
  bool polish = false;       // also polish every cell toward its target (core/design/polish.hpp)
  int polishResolution = 0;  // 0: the cell's own
  int polishCells = 0;       // the best this many of each target's cells (0: all)
  double polishFilter = design::PolishSettings{}.filterRadius;
  double polishBeta = design::PolishSettings{}.betaStart;
  double polishMove = design::PolishSettings{}.moveLimit;
};

int runBenchAccuracy(const AccuracyArgs& a);

}  // namespace mf::cli
