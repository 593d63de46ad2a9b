#include "core/design/family.hpp"

namespace mf::design {

std::string TargetCheck::describe() const {
  if (ok()) return {};
  return nearest ? reason + "; the nearest reachable target is " + design::describe(*nearest) : reason;
}

}  // namespace mf::design
