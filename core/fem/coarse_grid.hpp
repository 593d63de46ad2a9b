#pragma once
// A coarse level of the multigrid hierarchy: the Galerkin operator Pᵀ A P of the level below,
// stored as one 27-point stencil of 3×3 blocks per node (single precision: it only serves the
// preconditioner), on the full periodic node grid. P is trilinear interpolation from a grid
// with half as many nodes per axis.
//
// Level 1 is built from the fine elements directly: with factor-2 coarsening a fine element
// lies inside one coarse element, so the coarse element matrix is Σ_c E_c · P_cᵀ K P_c over its
// 8 children c, a combination of 8 fixed matrices. Deeper levels are built from stencils.

#include "core/fem/element_moduli.hpp"
#include "core/fem/hex8_element.hpp"
#include "core/fem/simd_block.hpp"
#include "core/fem/stencil_geometry.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace mf::fem {

struct CoarseGrid {
  std::array<int, 3> dims{};    // nodes per axis
  AlignedVector<float> stencil; // nodes × 243 (builders write every value)
  std::vector<float> diagInv;   // nodes × 9 (zero for nodes without stiffness)
  std::vector<std::uint8_t> active;

  std::size_t nodes() const { return static_cast<std::size_t>(dims[0]) * dims[1] * dims[2]; }
  template <int W>
  void apply(const float* x, float* y) const;
  template <int W>
  void blockJacobi(const float* r, float* z) const;
  template <int W>
  void residual(const float* b, const float* x, float* r) const;        // r = b − A x
  template <int W>
  void jacobiResidual(const float* b, const float* x, float* z) const;  // z = D⁻¹(b − A x)
  // Inverts the centre blocks and marks active nodes; builders call it last.
  void finish();
};

// Level 1 from the element moduli (fine dims must all be even).
CoarseGrid galerkinFromElements(const ElementModuli& moduli, const Hex8& element);
// Level l + 1 from level l (dims must all be even).
CoarseGrid galerkinFromStencils(const CoarseGrid& fine);

// Trilinear weight of coarse-node offset D for a fine node at offset s = 2·(coarse) + s from the
// coarse node's fine image, per axis: s = 0 → 1; |s| = 1 → ½; |s| = 2 → 0.
constexpr double interpolationWeight1D(int s) { return s == 0 ? 1.0 : (s == 1 || s == -1 ? 0.5 : 0.0); }

}  // namespace mf::fem
