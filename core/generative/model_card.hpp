#pragma once
// A trained model's card (card.json beside its weights), read and checked without LibTorch:
// the architecture within MetaForge's limits, the condition range, the weights file beside the
// card and its SHA-256. A card is a file users download and edit, so every claim in it is
// checked before a network is built or a byte of weights is trusted (what the fuzz harness
// tests/fuzz/model_card.cpp drives).

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace mf::generative {

struct ModelConfig {
  int octant = 16;                  // m: the octant's side (the cell is 2m)
  std::vector<int> widths{16, 32, 64};  // channels per level, from m³ down to 4³
  int embedding = 64;               // width of the t/condition embedding
  int frequencies = 16;             // sinusoidal frequencies per scalar
};

// Empty when the architecture can be built within MetaForge's limits (octant 4–64 halving once
// per level, 1–6 levels of 1–512 channels, embedding 8–1024, 1–128 frequencies, at most 200 M
// parameters), else why not: a card asking for an absurd network is refused before it is made.
std::string validate(const ModelConfig& config);

struct ModelCard {
  ModelConfig config;
  std::array<double, 3> lo{}, hi{};  // condition_range of C11, C12, C44
  int epochs = 0;
  std::filesystem::path dataset;  // the training data, as the card names it (may be gone)
  std::filesystem::path weights;  // beside the card
  std::string weightsSha256;
};

// Throws std::runtime_error "<card>: what is wrong" for a missing, unparsable, incomplete or
// implausible card. The weights are not opened (checkWeights does that).
ModelCard readModelCard(const std::filesystem::path& cardPath);
// Throws std::runtime_error unless the weights file is a regular file of at most 1 GiB whose
// SHA-256 is the card's.
void checkWeights(const ModelCard& card);

}  // namespace mf::generative
