// Model cards (card.json) as `design --model` and the app's family plugin read them, beside a
// fixed small weights file: generative::readModelCard and checkWeights (what is checked before
// LibTorch is given anything).

#include "core/generative/model_card.hpp"
#include "tests/fuzz/harness.hpp"

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::uint8_t weights[] = "not really weights, but a file to checksum";
  mf::fuzz::asFile(weights, sizeof weights - 1, "model.pt");
  const auto path = mf::fuzz::asFile(data, size, "card.json");
  try {
    const mf::generative::ModelCard card = mf::generative::readModelCard(path);
    if (!mf::generative::validate(card.config).empty()) __builtin_trap();  // an unchecked architecture got through
    mf::generative::checkWeights(card);
  } catch (const std::exception&) {
  }
  return 0;
}
