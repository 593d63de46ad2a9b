#pragma once
// A trained network's card: a small JSON file that names its weights, a file beside it, with the
// weights' SHA-256. What every bundled network (the K/K_HS regressor, the spinodoid networks)
// checks before it reads a byte of weights: the card is a card of its kind, not too large, and
// the weights are the very ones it names.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace mf::files {

struct WeightsCard {
  nlohmann::json card;            // the parsed card: the caller reads its own fields
  std::filesystem::path weights;  // beside the card, checked against weights_sha256
};

// `format` is the card's "format" field; `noun` names the kind in messages ("regressor card").
// Throws std::runtime_error "CARD: why" for a missing or oversized card (1 MiB), another format,
// weights that are not a plain file beside the card, missing or over 64 MiB, or another SHA-256.
WeightsCard readWeightsCard(const std::filesystem::path& cardPath, const std::string& format, const std::string& noun);

}  // namespace mf::files
