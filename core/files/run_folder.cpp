#include "core/files/run_folder.hpp"

#include "core/files/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mf::files {

void claimRunFolder(const std::filesystem::path& runFolder, const std::string& dataHash, const std::string& dataName) {
  const std::filesystem::path run = runFolder / "run.json";
  if (!std::filesystem::exists(run)) {
    std::filesystem::create_directories(runFolder);
    writeTextAtomically(run, nlohmann::json{{"dataset_sha256", dataHash}}.dump(2));
    return;
  }
  std::error_code ec;
  nlohmann::json j;
  if (std::filesystem::file_size(run, ec) < (1u << 16)) {
    std::ifstream in(run);
    std::stringstream text;
    text << in.rdbuf();
    j = nlohmann::json::parse(text.str(), nullptr, false);
  }
  if (!j.is_object() || j.value("dataset_sha256", std::string()) != dataHash)
    throw std::invalid_argument(runFolder.string() + " holds a training on other data than " + dataName +
                                "; train into another folder (--out) or delete it");
}

}  // namespace mf::files
