#pragma once
// The guidance objective of guided interpolation (seed 000 Eq. 14; interpolation.hpp has it in
// full), as LibTorch expressions for the sampler's StepGuidance. Internal to core/generative
// (LibTorch); its own header so that the tests can check each term.

#include "core/generative/interpolation.hpp"
#include "core/generative/unet.hpp"

namespace mf::generative {

// p(x) = (tanh(slope·x) + 1)/2: a predicted x̂0 ∈ [−1, 1] as occupancy in [0, 1] (the authors'
// slope is 64).
torch::Tensor steepProjection(const torch::Tensor& x0, double slope = 64.0);
// The three outer slices of octants [B, 1, m, m, m], flattened: where the mirrored cell meets its
// neighbours.
torch::Tensor boundaryFaces(const torch::Tensor& x);
// E_b: the mean square difference of the boundary faces, per batch entry [B].
torch::Tensor faceDifference(const torch::Tensor& p, const torch::Tensor& y);
// Eq. 14 for an interior member at α = i/(n − 1): prev, start and end as occupancy octants
// [1, 1, m, m, m]. The energy is summed over the batch.
StepGuidance memberGuidance(const PropertyGuidance& g, const torch::Tensor& prev, const torch::Tensor& start,
                            const torch::Tensor& end, double alpha);

}  // namespace mf::generative
