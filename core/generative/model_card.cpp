#include "core/generative/model_card.hpp"

#include "core/files/checksum.hpp"
#include "core/files/input_file.hpp"
#include "core/files/json_integer.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace mf::generative {

std::string validate(const ModelConfig& c) {
  const int levels = static_cast<int>(c.widths.size());
  if (levels < 1 || levels > 6) return "the network needs 1–6 levels, not " + std::to_string(levels);
  if (c.octant < 4 || c.octant > 64 || (c.octant & (c.octant - 1)) != 0)
    return "the octant must be 4, 8, 16, 32 or 64 voxels, not " + std::to_string(c.octant);
  if ((c.octant >> (levels - 1)) < 2) return "the octant " + std::to_string(c.octant) + " cannot halve " + std::to_string(levels - 1) + " times";
  for (const int w : c.widths)
    if (w < 1 || w > 512) return "a level's width must lie in 1–512 channels, not " + std::to_string(w);
  if (c.embedding < 8 || c.embedding > 1024) return "the embedding must lie in 8–1024, not " + std::to_string(c.embedding);
  if (c.frequencies < 1 || c.frequencies > 128) return "the frequencies must lie in 1–128, not " + std::to_string(c.frequencies);
  // Parameters, roughly: two 3×3×3 convolutions per block.
  double params = 0;
  for (const int w : c.widths) params += 4.0 * 27.0 * w * w + 2.0 * w * c.embedding;
  if (params > 200e6) return "the network would have " + std::to_string(static_cast<long long>(params)) + " parameters";
  return {};
}

namespace {

// "name": [lo, hi], finite, lo < hi.
std::array<double, 2> rangeEntry(const nlohmann::json& range, const char* name, const std::filesystem::path& card) {
  const auto it = range.find(name);
  if (it == range.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number() || !(*it)[1].is_number())
    throw std::runtime_error(card.string() + ": condition_range." + name + " must be [min, max]");
  const double lo = (*it)[0], hi = (*it)[1];
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo))
    throw std::runtime_error(card.string() + ": condition_range." + name + " must be two finite numbers, min < max");
  return {lo, hi};
}

}  // namespace

ModelCard readModelCard(const std::filesystem::path& cardPath) {
  if (!std::filesystem::exists(cardPath))
    throw std::runtime_error("no model card at " + cardPath.string() + " (a model bundle comes from training: docs/diffusion.md)");
  files::checkInputFile(cardPath, files::Limits::kMaxCardBytes, "model card");
  std::ifstream in(cardPath);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(cardPath.string() + ": not a model card (" + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("format") || !j["format"].is_string() || j["format"] != "metaforge-diffusion-model")
    throw std::runtime_error(cardPath.string() + ": not a MetaForge diffusion model card");
  ModelCard card;
  try {
    const auto& a = j.at("architecture");
    // Any int here; validate() below says what a network may actually ask for.
    auto whole = [&](const nlohmann::json& v, const std::string& what) {
      return static_cast<int>(files::integerField(v, cardPath.string() + ": " + what, std::numeric_limits<int>::min(),
                                                  std::numeric_limits<int>::max()));
    };
    card.config.octant = whole(a.at("octant"), "architecture.octant");
    const auto& widths = a.at("widths");
    if (!widths.is_array() || widths.size() > 64) throw std::runtime_error(cardPath.string() + ": architecture.widths must be a short list");
    card.config.widths.clear();
    for (const auto& w : widths) card.config.widths.push_back(whole(w, "each of architecture.widths"));
    card.config.embedding = whole(a.at("embedding"), "architecture.embedding");
    card.config.frequencies = whole(a.at("frequencies"), "architecture.frequencies");
    const auto& cr = j.at("condition_range");
    if (!cr.is_object()) throw std::runtime_error(cardPath.string() + ": condition_range must be an object");
    const char* names[3] = {"C11", "C12", "C44"};
    for (std::size_t i = 0; i < 3; ++i) {
      const auto r = rangeEntry(cr, names[i], cardPath);
      card.lo[i] = r[0], card.hi[i] = r[1];
    }
    card.epochs = j.contains("epochs") ? whole(j.at("epochs"), "epochs") : 0;
    // A bundled card names its dataset relative to itself, so the bundle can move with the repository.
    card.dataset = j.value("dataset", "");
    if (!card.dataset.empty() && card.dataset.is_relative()) card.dataset = (cardPath.parent_path() / card.dataset).lexically_normal();
    const std::string name = j.at("weights").get<std::string>();
    if (name.empty() || name.find('/') != std::string::npos)
      throw std::runtime_error(cardPath.string() + ": weights must name a file beside the card");
    card.weights = cardPath.parent_path() / name;
    card.weightsSha256 = j.value("weights_sha256", "");
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(cardPath.string() + ": incomplete model card (" + e.what() + ")");
  }
  if (const std::string why = validate(card.config); !why.empty()) throw std::runtime_error(cardPath.string() + ": " + why);
  if (card.weightsSha256.size() != 64)
    throw std::runtime_error(cardPath.string() + ": the card has no weights_sha256 (a card from `metaforge-cli train` since 0.2 "
                             "carries one)");
  return card;
}

void checkWeights(const ModelCard& card) {
  files::checkInputFile(card.weights, 1ull << 30, "weights file");
  if (files::sha256OfFile(card.weights) != card.weightsSha256)
    throw std::runtime_error(card.weights.string() + ": the weights do not match their card's checksum (damaged or replaced)");
}

}  // namespace mf::generative
