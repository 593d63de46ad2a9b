#include "core/design/session.hpp"

namespace mf::design {

int Session::indexOf(const std::string& id) const {
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (candidates[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace mf::design
