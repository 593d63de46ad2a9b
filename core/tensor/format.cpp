#include "core/tensor/format.hpp"

#include <cstdio>

namespace mf {

std::string formatNumber(double value, int significant) {
  if (value == 0.0) value = 0.0;  // drop the sign of negative zero
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, value);
  return buf;
}

}  // namespace mf
