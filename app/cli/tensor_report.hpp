#pragma once
// The tensor report of metaforge-cli: the same TensorSummary as text or as JSON.

#include "core/tensor/summary.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace mf::cli {

std::string tensorReportText(const TensorSummary& s);
// Non-finite numbers (an undefined ratio) are written as null.
nlohmann::json tensorReportJson(const TensorSummary& s);

// "[111]" for low-index directions, "(0.123, 0.456, 0.789)" otherwise.
std::string describeDirection(const Vector3& d);

}  // namespace mf::cli
