#pragma once
// Text helpers for aligned console output with UTF-8 symbols (ν, ³, …).

#include <string>

namespace mf::cli {

// Number of code points, i.e. the width of plain UTF-8 text on a terminal.
inline std::size_t displayWidth(const std::string& s) {
  std::size_t chars = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) ++chars;
  return chars;
}

// s padded with spaces to `width` columns (at least one space after it).
inline std::string padded(const std::string& s, std::size_t width) {
  const std::size_t w = displayWidth(s);
  return w >= width ? s + " " : s + std::string(width - w, ' ');
}

}  // namespace mf::cli
