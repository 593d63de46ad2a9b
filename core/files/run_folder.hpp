#pragma once
// A training run folder belongs to one set of training data: resuming it on other data (a larger
// file of the same generation run, say) would mix two trainings under one card. The folder's
// run.json records the data's hash the first time; later runs on other data are refused.

#include <filesystem>
#include <string>

namespace mf::files {

// Creates runFolder/run.json naming `dataHash` if absent; throws std::invalid_argument (saying
// which folder and what to do) when it names another hash or cannot be read.
void claimRunFolder(const std::filesystem::path& runFolder, const std::string& dataHash, const std::string& dataName);

}  // namespace mf::files
