#include "core/files/weights_card.hpp"

#include "core/files/checksum.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mf::files {

WeightsCard readWeightsCard(const std::filesystem::path& cardPath, const std::string& format, const std::string& noun) {
  const auto bad = [&](const std::string& why) { return std::runtime_error(cardPath.string() + ": " + why); };
  std::error_code ec;
  if (!std::filesystem::is_regular_file(cardPath, ec)) throw bad("no " + noun + " there");
  if (std::filesystem::file_size(cardPath, ec) > (1u << 20)) throw bad("a " + noun + " over 1 MiB");
  std::ifstream in(cardPath);
  std::stringstream text;
  text << in.rdbuf();
  WeightsCard out;
  out.card = nlohmann::json::parse(text.str(), nullptr, false);
  if (!out.card.is_object() || out.card.value("format", std::string()) != format) throw bad("not a " + noun);
  const std::string weights = out.card.value("weights", std::string());
  if (weights.empty() || weights.find('/') != std::string::npos) throw bad("its weights must be a file beside the card");
  out.weights = cardPath.parent_path() / weights;
  if (!std::filesystem::is_regular_file(out.weights, ec) || std::filesystem::file_size(out.weights, ec) > (64u << 20))
    throw bad("its weights " + out.weights.string() + " are missing or over 64 MiB");
  if (sha256OfFile(out.weights) != out.card.value("weights_sha256", std::string()))
    throw bad("its weights " + out.weights.string() + " are not the ones the card names (SHA-256 differs)");
  return out;
}

}  // namespace mf::files
