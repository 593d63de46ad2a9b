#pragma once
// Number formatting for messages shown to users: short, exact enough to act on.

#include <string>

namespace mf {

// %g-style with `significant` digits; "-0" prints as "0".
std::string formatNumber(double value, int significant = 6);

}  // namespace mf
