#pragma once
// Number formatting for messages shown to users: short, exact enough to act on.

#include <string>

namespace mf {

// %g-style with `significant` digits; "-0" prints as "0".
std::string formatNumber(double value, int significant = 6);

// "512 B", "4.2 kB", "17.3 MB", "1.05 GB" (decimal units).
std::string formatBytes(double bytes);

// Round numbers for scales (rings of a polar plot, a scale bar): 1, 2 or 5 × 10^k.
// The smallest one ≥ x, and the largest one ≤ x (x > 0).
double roundNumberAtLeast(double x);
double roundNumberAtMost(double x);

}  // namespace mf
