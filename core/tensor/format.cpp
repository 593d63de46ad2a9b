#include "core/tensor/format.hpp"

#include <cmath>
#include <cstdio>

namespace mf {

std::string formatNumber(double value, int significant) {
  if (value == 0.0) value = 0.0;  // drop the sign of negative zero
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, value);
  return buf;
}

std::string formatBytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000.0 && u < 4) {
    bytes /= 1000.0;
    ++u;
  }
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%.0f B", bytes);
  else std::snprintf(buf, sizeof buf, "%.3g %s", bytes, units[u]);
  return buf;
}

double roundNumberAtLeast(double x) {
  const double decade = std::pow(10.0, std::floor(std::log10(x)));
  for (const double m : {1.0, 2.0, 5.0})
    if (m * decade >= x * (1.0 - 1e-12)) return m * decade;
  return 10.0 * decade;
}

double roundNumberAtMost(double x) {
  const double decade = std::pow(10.0, std::floor(std::log10(x)));
  for (const double m : {5.0, 2.0, 1.0})
    if (m * decade <= x * (1.0 + 1e-12)) return m * decade;
  return decade;
}

}  // namespace mf
