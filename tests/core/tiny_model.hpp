#pragma once
// The smallest diffusion model the generative tests use: 8³ octants (16³ cells), two levels.
// Its contracts (symmetry, seeds, inversion) hold for any weights, so untrained ones do.

#include "core/generative/diffusion_model.hpp"

namespace mf::test {

inline generative::ModelConfig tinyModelConfig() {
  generative::ModelConfig c;
  c.octant = 8;
  c.widths = {8, 16};
  c.embedding = 32;
  c.frequencies = 4;
  return c;
}

}  // namespace mf::test
