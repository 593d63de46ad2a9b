#pragma once
// The units a printed cell can be exported in (the set 3MF defines).

#include <optional>
#include <string>
#include <vector>

namespace mf::io {

enum class LengthUnit { Micrometer, Millimeter, Centimeter, Inch, Foot, Meter };

// "mm", "µm", … and back; parseLengthUnit also accepts "um", "micron", "millimeter", ….
std::string unitSymbol(LengthUnit unit);
std::optional<LengthUnit> parseLengthUnit(const std::string& text);
const std::vector<LengthUnit>& allLengthUnits();

}  // namespace mf::io
