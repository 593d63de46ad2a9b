#pragma once
// The stages of a homogenization that do not depend on where the iteration runs, shared by the
// CPU and CUDA backends: the affine fields of the load cases, the right-hand sides, the residual
// reference, warm starts, and the energies and fields of the solution.

#include "core/fem/element_energies.hpp"
#include "core/fem/fine_operator.hpp"
#include "core/fem/homogenize.hpp"
#include "core/fem/lanes.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace mf::fem {

struct LoadCaseSetup {
  int cases = 0;
  LaneMatrix24 affine;  // ξ_a: nodal values of u = ε_a·x on the unit voxel, one column per case
  LaneMatrix24 forces;  // K ξ_a
  double maxModulus = 0.0;
  std::size_t stiffElements = 0;
};

inline LoadCaseSetup prepareLoadCases(const ElementModuli& m, const Hex8& h, const std::vector<Vector6>& strains) {
  LoadCaseSetup s;
  s.cases = static_cast<int>(strains.size());
  s.affine = LaneMatrix24::Zero(24, s.cases);
  for (int c = 0; c < s.cases; ++c) s.affine.col(c) = Hex8::affineField(strains[c]);
  s.forces = h.stiffness * s.affine;
  for (double v : m.values) {
    s.maxModulus = std::max(s.maxModulus, v);
    s.stiffElements += v > 0.0;
  }
  return s;
}

// b = −Σ_e E_e K ξ_a at every active node, lanes ≥ cases left as they are (zero them first).
template <class T, int W>
void assembleRightHandSide(const ElementModuli& m, const FineMesh& mesh, const LoadCaseSetup& s, T* b) {
  const std::size_t n = mesh.activeNodes();
#pragma omp parallel for schedule(static)
  for (std::size_t node = 0; node < n; ++node) {
    const auto c = gridCoords(mesh.activeToGrid[node], m.dims);
    const auto elems = incidentElements(m.dims, c[0], c[1], c[2]);
    for (int d = 0; d < 3; ++d)
      for (int w = 0; w < s.cases; ++w) {
        double f = 0.0;
        for (int e = 0; e < 8; ++e) f -= m.values[elems[e]] * s.forces(3 * e + d, w);
        b[(node * 3 + d) * W + w] = static_cast<T>(f);
      }
  }
}

// Residuals are measured against ‖b‖. When b itself is at round-off level (a uniform cell, or a
// laminate sheared in its plane: the affine field is already the solution), a floor
// proportional to the size of the element forces takes over, so that no load case chases
// round-off: converged ⇔ ‖r‖ ≤ max(tol·‖b‖, ε·|f|), ε the attainable relative accuracy.
// roundOff: the relative accuracy the iteration can attain (1e-12 in float64, 1e-5 in float32).
template <class T, int W>
LaneScalars residualReference(const T* b, std::size_t nodes, const LoadCaseSetup& s, double tolerance,
                              double roundOff = std::is_same_v<T, float> ? 1e-5 : 1e-12) {
  LaneScalars ref = laneDot<T, W>(b, b, 3 * nodes);
  for (int w = 0; w < W; ++w) {
    const double forceSize = w < s.cases ? s.maxModulus * s.forces.col(w).norm() *
                                               std::sqrt(static_cast<double>(s.stiffElements))
                                         : 0.0;
    ref[w] = std::max(std::sqrt(ref[w]), roundOff * forceSize / tolerance);
  }
  return ref;
}

template <class T, int W>
void fillInitialGuess(const DisplacementFields& g, const ElementModuli& m, const FineMesh& mesh, int cases, T* x) {
  if (g.dims != m.dims || g.cases != cases || g.values.size() != static_cast<std::size_t>(cases) * m.elements() * 3)
    throw std::invalid_argument("warm start: the initial fields (" + describeDims(g.dims) + ", " +
                                std::to_string(g.cases) + " load cases) do not match this problem (" +
                                describeDims(m.dims) + ", " + std::to_string(cases) + " load cases)");
  const std::size_t n = mesh.activeNodes();
#pragma omp parallel for schedule(static)
  for (std::size_t node = 0; node < n; ++node)
    for (int d = 0; d < 3; ++d)
      for (int w = 0; w < cases; ++w)
        x[(node * 3 + d) * W + w] =
            static_cast<T>(g.values[(static_cast<std::size_t>(w) * m.elements() + mesh.activeToGrid[node]) * 3 + d]);
}

// Energies, mean stresses, C^H (for the six unit strains) and, on request, the fields, from a
// solution x in lane layout on the active nodes.
template <class T, int W>
void finishResult(HomogenizationResult& res, const ElementModuli& m, const Hex8& h, const FineMesh& mesh,
                  const LoadCaseSetup& s, const std::vector<Vector6>& strains, const T* x, bool keepFields) {
  const int cases = s.cases;
  auto fluct = [&](std::size_t e, LaneMatrix24& xe) {
    const auto nodes = elementNodes(m.dims, e);
    for (int q = 0; q < 8; ++q) {
      const std::int32_t a = mesh.gridToActive[nodes[q]];
      if (a < 0) continue;
      for (int d = 0; d < 3; ++d)
        for (int w = 0; w < cases; ++w) xe(3 * q + d, w) += static_cast<double>(x[(a * 3 + d) * W + w]);
    }
  };
  elementEnergies(m, h, s.affine, fluct, res.energy, res.meanStress, nullptr, nullptr);
  bool unit = strains.size() == 6;
  for (int i = 0; unit && i < 6; ++i) unit = strains[i] == Vector6::Unit(i);
  if (unit) res.stiffness = Stiffness::fromVoigt(Matrix6(res.energy));
  if (keepFields) {
    DisplacementFields f;
    f.dims = m.dims;
    f.cases = cases;
    f.values.assign(static_cast<std::size_t>(cases) * m.elements() * 3, 0.0);
    const std::size_t n = mesh.activeNodes();
#pragma omp parallel for schedule(static)
    for (std::size_t node = 0; node < n; ++node)
      for (int d = 0; d < 3; ++d)
        for (int w = 0; w < cases; ++w)
          f.values[(static_cast<std::size_t>(w) * m.elements() + mesh.activeToGrid[node]) * 3 + d] =
              static_cast<double>(x[(node * 3 + d) * W + w]);
    res.fields = std::move(f);
  }
}

}  // namespace mf::fem
