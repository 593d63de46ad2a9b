#pragma once
// The elastic-surface comparison of a `design` run (elastic_surface.png): E(d)/E_s of the target
// (dashed) and of each verified candidate as polar curves in the (001) and (1-10) planes, which
// for cubic tensors hold every extreme of E(d). Each plot names its plane and the directions of
// its axes, and its rings carry their E/E_s values.

#include <string>

namespace mf::cli {

// Reads design.json, writes the PNG. Throws UserError when the PNG cannot be written. Without
// Qt in the build it writes nothing.
void writeElasticComparison(const std::string& designJson, const std::string& png);

}  // namespace mf::cli
