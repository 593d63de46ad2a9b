#include "core/generative/guidance_energy.hpp"

#include "core/generative/bulk_regressor.hpp"

namespace mf::generative {

// The boundary faces of octants [B, 1, m, m, m]: their three outer slices, where the cell
// (mirrored from the octant) meets its neighbours.
torch::Tensor boundaryFaces(const torch::Tensor& x) {
  const long m = x.size(2);
  return torch::cat({x.select(2, m - 1).flatten(1), x.select(3, m - 1).flatten(1), x.select(4, m - 1).flatten(1)}, 1);
}

torch::Tensor steepProjection(const torch::Tensor& x0, double slope) { return (torch::tanh(slope * x0) + 1) / 2; }

// E_b: the mean square difference of the boundary faces, per batch entry.
torch::Tensor faceDifference(const torch::Tensor& p, const torch::Tensor& y) {
  return (boundaryFaces(p) - boundaryFaces(y)).pow(2).mean(1);
}

// Eq. 14 for interior member i of n, given the member before it (finished) and the ends.
StepGuidance memberGuidance(const PropertyGuidance& g, const torch::Tensor& prev, const torch::Tensor& start,
                            const torch::Tensor& end, double alpha) {
  StepGuidance step;
  step.scale = g.scale;
  step.energy = [=](const torch::Tensor& x0) {
    const torch::Tensor p = steepProjection(x0, g.projectionSlope);
    torch::Tensor e = g.boundaryWeight * (faceDifference(p, prev.to(p.device())) + (1 - alpha) * faceDifference(p, start.to(p.device())) +
                                          alpha * faceDifference(p, end.to(p.device())));
    if (g.propertyWeight != 0.0) e = e - g.propertyWeight * regressorForward(*g.regressor, p);
    return e.sum();
  };
  return step;
}

}  // namespace mf::generative
