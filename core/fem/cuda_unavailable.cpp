// Built when CMake found no CUDA compiler: the CPU solver is the only backend.

#include "core/fem/cuda_backend.hpp"

#include <stdexcept>

namespace mf::fem {

bool cudaAvailable() { return false; }
std::string cudaUnavailableReason() { return "MetaForge was built without CUDA (no nvcc at configure time)"; }

namespace cuda {
HomogenizationResult homogenize(const ElementModuli&, const Hex8&, const std::vector<Vector6>&,
                                const HomogenizationOptions&, Progress&) {
  throw std::logic_error("CUDA homogenization called in a build without CUDA");
}
}  // namespace cuda

}  // namespace mf::fem
