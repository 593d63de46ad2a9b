#include "core/io/length_unit.hpp"

#include <algorithm>
#include <cctype>

namespace mf::io {

std::string unitSymbol(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::Micrometer: return "µm";
    case LengthUnit::Millimeter: return "mm";
    case LengthUnit::Centimeter: return "cm";
    case LengthUnit::Inch: return "in";
    case LengthUnit::Foot: return "ft";
    case LengthUnit::Meter: return "m";
  }
  return "?";
}

const std::vector<LengthUnit>& allLengthUnits() {
  static const std::vector<LengthUnit> units = {LengthUnit::Micrometer, LengthUnit::Millimeter, LengthUnit::Centimeter,
                                                LengthUnit::Inch, LengthUnit::Foot, LengthUnit::Meter};
  return units;
}

std::optional<LengthUnit> parseLengthUnit(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "um" || t == "µm" || t == "micron" || t == "micrometer" || t == "micrometre") return LengthUnit::Micrometer;
  if (t == "mm" || t == "millimeter" || t == "millimetre") return LengthUnit::Millimeter;
  if (t == "cm" || t == "centimeter" || t == "centimetre") return LengthUnit::Centimeter;
  if (t == "in" || t == "inch") return LengthUnit::Inch;
  if (t == "ft" || t == "foot") return LengthUnit::Foot;
  if (t == "m" || t == "meter" || t == "metre") return LengthUnit::Meter;
  return std::nullopt;
}

}  // namespace mf::io
