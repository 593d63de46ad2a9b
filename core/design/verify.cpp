#include "core/design/verify.hpp"

#include "core/fem/homogenize.hpp"
#include "core/tensor/format.hpp"
#include "core/voxel/resample.hpp"

#include <algorithm>
#include <stdexcept>

namespace mf::design {

Homogenized homogenizeCandidate(const BinaryCell& cell, const HomogenizeSettings& s, Progress& progress) {
  if (const std::string why = s.base.validate(); !why.empty()) throw std::invalid_argument(why);
  if (cell.empty()) throw std::invalid_argument("the cell is empty");
  fem::HomogenizationOptions options;
  options.tolerance = s.tolerance;
  options.maxIterations = s.maxIterations;
  if (s.precision == "float64") options.precision = fem::Precision::Float64;
  else if (s.precision == "float32") options.precision = fem::Precision::Float32;
  else throw std::invalid_argument("precision must be float64 or float32, not '" + s.precision + "'");
  const BinaryCell* input = &cell;
  BinaryCell resampled;
  if (s.resolution > 0 && s.resolution != cell.nx()) {
    resampled = resample(cell, s.resolution, s.resolution, s.resolution);
    input = &resampled;
  }
  const fem::HomogenizationResult r = fem::homogenize(*input, s.base, options, progress);
  if (!r.converged())
    throw std::runtime_error("the solver did not reach the tolerance " + formatNumber(s.tolerance, 3) + " in " +
                             std::to_string(s.maxIterations) + " iterations");
  Homogenized h;
  h.stiffness = *r.stiffness;
  h.base = s.base;
  h.resolution = input->nx();
  h.tolerance = s.tolerance;
  for (const auto& c : r.cases) h.iterations = std::max(h.iterations, c.iterations);
  h.seconds = r.totalSeconds;
  h.backend = r.backend;
  h.precision = fem::toString(r.precision);
  return h;
}

}  // namespace mf::design
