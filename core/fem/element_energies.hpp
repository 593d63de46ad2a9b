#pragma once
// Integration of element energies over a cell, shared by the solvers: given the affine nodal
// fields ξ_a of the load cases and a way to add each element's fluctuation, it returns
//   Q_ab = (1/|Y|) Σ_e E_e (ξ_a + u_a)_eᵀ K (ξ_b + u_b)_e   and the mean stresses,
// and optionally per-element weighted energies (sensitivities).

#include "core/fem/element_moduli.hpp"
#include "core/fem/hex8_element.hpp"

#include <Eigen/Core>

#include <array>
#include <cstddef>
#include <vector>

namespace mf::fem {

// At most 8 load cases: fixed maximum sizes keep these small matrices off the heap.
using LaneMatrix24 = Eigen::Matrix<double, 24, Eigen::Dynamic, Eigen::ColMajor, 24, 8>;
using CaseMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, 8, 8>;

inline std::array<int, 3> gridCoords(std::size_t g, const std::array<int, 3>& d) {
  return {static_cast<int>(g % d[0]), static_cast<int>((g / d[0]) % d[1]),
          static_cast<int>(g / (static_cast<std::size_t>(d[0]) * d[1]))};
}

// Nodes of voxel e in local-corner order.
inline std::array<std::size_t, 8> elementNodes(const std::array<int, 3>& d, std::size_t e) {
  const auto p = gridCoords(e, d);
  std::array<std::size_t, 8> out{};
  for (int q = 0; q < 8; ++q) {
    const auto c = localCorner(q);
    out[q] = (static_cast<std::size_t>(VoxelGrid<int>::wrap(p[2] + c[2], d[2])) * d[1] +
              VoxelGrid<int>::wrap(p[1] + c[1], d[1])) * d[0] + VoxelGrid<int>::wrap(p[0] + c[0], d[0]);
  }
  return out;
}

// Q (m×m) and mean stress (6×m) from the fluctuation of each case (fluct(e, X) adds the
// element's fluctuation to the affine part already in X), and optionally per-element
// weighted energies.
template <class Fluct>
void elementEnergies(const ElementModuli& m, const Hex8& h, const LaneMatrix24& affine, Fluct&& fluct,
                     Eigen::MatrixXd& q, Eigen::Matrix<double, 6, Eigen::Dynamic>& stress,
                     const Eigen::MatrixXd* weights, std::vector<double>* perElement) {
  const Eigen::Index cases = affine.cols();
  q = Eigen::MatrixXd::Zero(cases, cases);
  stress = Eigen::Matrix<double, 6, Eigen::Dynamic>::Zero(6, cases);
  const double volume = static_cast<double>(m.elements());
  if (perElement) perElement->assign(m.elements(), 0.0);
#pragma omp parallel
  {
    CaseMatrix qLocal = CaseMatrix::Zero(cases, cases);
    Eigen::Matrix<double, 6, Eigen::Dynamic, Eigen::ColMajor, 6, 8> sLocal =
        Eigen::Matrix<double, 6, Eigen::Dynamic, Eigen::ColMajor, 6, 8>::Zero(6, cases);
    LaneMatrix24 x(24, cases), kx(24, cases);
    CaseMatrix xkx(cases, cases);
#pragma omp for schedule(static) nowait
    for (std::size_t e = 0; e < m.elements(); ++e) {
      const double modulus = m.values[e];
      if (modulus == 0.0 && !perElement) continue;
      x = affine;
      fluct(e, x);
      kx.noalias() = h.stiffness * x;
      xkx.noalias() = x.transpose() * kx;
      if (modulus != 0.0) {
        qLocal += modulus * xkx;
        sLocal += modulus * (h.stressMatrix * x);
      }
      if (perElement) (*perElement)[e] = weights->cwiseProduct(xkx).sum() / volume;
    }
#pragma omp critical
    {
      q += qLocal;
      stress += sLocal;
    }
  }
  q /= volume;
  q = 0.5 * (q + q.transpose()).eval();
  stress /= volume;
}

}  // namespace mf::fem
