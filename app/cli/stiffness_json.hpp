#pragma once
// A stiffness tensor as the CLI's JSON reports write it: the 6×6 Voigt matrix, row by row.

#include "core/tensor/stiffness.hpp"

#include <nlohmann/json.hpp>

namespace mf::cli {

inline nlohmann::json voigtRows(const Stiffness& c) {
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 1; i <= 6; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (int j = 1; j <= 6; ++j) row.push_back(c(i, j));
    rows.push_back(row);
  }
  return rows;
}

}  // namespace mf::cli
