#include "core/design/session.hpp"

namespace mf::design {

int Session::indexOf(const std::string& id) const {
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (candidates[i].id == id) return static_cast<int>(i);
  return -1;
}

TargetMetric Session::metricFor(const Stiffness& tensor) const {
  switch (targetClassOf(tensor)) {
    case TargetClass::Cubic: return TargetMetric::cubic(ranges);
    case TargetClass::Orthotropic:
      return TargetMetric::orthotropic(orthotropicRanges.value_or(OrthotropicRanges::ofBaseMaterial(homogenize.base)));
    case TargetClass::Full: break;
  }
  return TargetMetric::full();
}

}  // namespace mf::design
