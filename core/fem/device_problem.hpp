#pragma once
// The solve handed to the CUDA backend, in plain arrays: everything the device needs is built on
// the host by the same code as the CPU solver (mesh, operator tables, Galerkin levels, spectrum
// bounds, right-hand sides), so both backends solve the same discrete problem. No Eigen or Qt
// types cross this boundary; nvcc only sees this header.

#include "core/jobs/progress.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mf::fem::device {

struct FineTables {
  std::size_t nodes = 0;
  std::array<int, 3> dims{};
  bool twoPhase = false;
  const std::int32_t* neighbours = nullptr;   // nodes × 27, active index or −1
  const std::int32_t* activeToGrid = nullptr;
  const std::int32_t* gridToActive = nullptr; // grid nodes
  // Two-phase cells.
  const std::uint8_t* pattern = nullptr;      // per node
  const std::uint8_t* offsets = nullptr;      // non-zero stencil blocks per pattern, back to back
  std::size_t offsetCount = 0;
  const std::uint16_t* offsetStart = nullptr; // 257 entries
  const double* table64 = nullptr;            // 256 × 243
  const double* tableDiag64 = nullptr;        // 256 × 9
  const float* table32 = nullptr;
  const float* tableDiag32 = nullptr;
  // Graded cells: every node's stencil and inverse diagonal block.
  const double* stencil64 = nullptr;          // nodes × 243
  const double* diag64 = nullptr;             // nodes × 9
  const float* stencil32 = nullptr;
  const float* diag32 = nullptr;
};

struct CoarseLevel {
  std::array<int, 3> dims{};
  const float* stencil = nullptr;  // nodes × 243
  const float* diagInv = nullptr;  // nodes × 9
  const std::uint8_t* active = nullptr;
  double lambdaMax = 1.0;
};

struct Problem {
  FineTables fine;
  double fineLambda = 1.0;
  std::vector<CoarseLevel> levels;  // finest first
  // Dense solve on the coarsest level (when present): x = inverse · b, then the translation part
  // of x over the active nodes is removed.
  int denseUnknowns = 0;
  const float* denseInverse = nullptr;         // row-major unknowns²
  const std::uint8_t* denseActive = nullptr;   // per coarsest node
  int smoothingDegree = 2;      // coarse levels
  int fineSmoothingDegree = 1;  // fine level
  double smoothingRange = 15.0;
  int coarsestSmoothing = 16;
  // The CG: lanes (1, 2, 4 or 8), of which `cases` carry load cases.
  int lanes = 8;
  int cases = 6;
  bool doublePrecision = true;
  const double* rhs = nullptr;      // nodes × 3 × lanes
  const double* initial = nullptr;  // same layout, or null for zero
  std::array<double, 8> reference{}; // per lane: residuals are measured relative to this
  double tolerance = 1e-6;
  int maxIterations = 500;
};

struct Result {
  std::vector<double> solution;  // nodes × 3 × lanes
  std::array<int, 8> iterations{};
  std::array<double, 8> relativeResidual{};
  std::vector<std::vector<double>> history;  // per case
  double seconds = 0.0;
  std::size_t deviceBytes = 0;
  std::string deviceName;
};

// False, with the reason, when no CUDA device can be used.
bool available(std::string* reason);
Result solve(const Problem& problem, Progress& progress);

}  // namespace mf::fem::device
