#pragma once
// Checks on the parsed command line that CLI11's own validators cannot make.

#include <CLI/CLI.hpp>

#include <string>

namespace mf::cli {

// Checks on the raw arguments before CLI11 sees them: an empty argument ('') is refused. CLI11
// 2.1 loops forever on an empty word followed by an unknown short option (`tensor '' -x`, found
// by the tensor_args fuzz harness), and an empty word is never a value MetaForge takes.
// Returns "argument 2 is empty …", or empty.
std::string badArgument(int argc, const char* const* argv);

// Every number on the command line is finite. NaN and Inf pass CLI11's conversions and its
// ranges (every comparison with NaN is false), and then turn silently into nonsense: design
// --guidance nan exited 0, --vf nan reached the model. An option value that is a whole
// non-finite number ("nan", "inf", "1e999") is refused, for every option of the commands that
// ran, option groups included. Returns "--vf: 'nan' is not a finite number", or empty.
std::string nonFiniteOption(const CLI::App& app);

// A seed: a whole number 0 … 2⁶⁴−1, written in decimal digits. CLI11 2.1 reads "-1" into an
// unsigned seed as 2⁶⁴−1 and 99999999999999999999 as its largest value, without a word.
CLI::Validator seedNumber();

}  // namespace mf::cli
