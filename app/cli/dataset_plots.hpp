#pragma once
// Coverage plots of a dataset (PNG): C11–C12, C44–vf, K/K_HS and G/G_HS against vf with the
// Hashin–Shtrikman bounds, ν against vf. Drawn with QPainter when the CLI is built with Qt;
// without Qt, the call explains that and writes nothing.

#include "core/dataset/sample.hpp"

#include <string>
#include <vector>

namespace mf::cli {

// Returns the files written into `folder`.
std::vector<std::string> writeDatasetPlots(const std::vector<dataset::Sample>& samples, const std::string& folder);

}  // namespace mf::cli
