#pragma once
// metaforge-cli bench accuracy: the arguments, and the run (core/design/accuracy_benchmark.hpp
// does the work; this prints it).

#include <string>

namespace mf::cli {

struct AccuracyArgs {
  std::string family = "voxel-diffusion";
  std::string model;  // empty: the family's bundled default
  int targets = 200, skip = 0, n = 4, steps = 25;
  double guidance = 5.0;
  std::string json, dataset, cells;
  bool plainThreshold = false;
};

int runBenchAccuracy(const AccuracyArgs& a);

}  // namespace mf::cli
