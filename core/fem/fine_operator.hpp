#pragma once
// The stiffness operator of the voxel mesh, applied without assembling a matrix.
//
// Unknowns live only on *active* nodes (touching at least one element of non-zero modulus);
// void regions cost nothing. For every active node the operator is a 27-point stencil of
// 3×3 blocks (stencil_geometry.hpp):
//  - two-phase cells: the stencil depends only on which of the node's 8 elements are stiff,
//    so the 256 possible stencils are computed once and each node keeps one byte;
//  - graded cells (SIMP densities): the stencil is built on the fly from the 8 moduli.

#include "core/fem/element_moduli.hpp"
#include "core/fem/hex8_element.hpp"
#include "core/fem/lanes.hpp"
#include "core/fem/stencil_geometry.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace mf::fem {

// Which nodes carry unknowns and who their neighbours are: shared by the operators of both
// precisions (the solver keeps float64, the preconditioner smooths in float32).
struct FineMesh {
  explicit FineMesh(const ElementModuli& moduli);

  std::array<int, 3> dims{};
  std::vector<std::int32_t> gridToActive;  // grid node → active index, or −1
  std::vector<std::int32_t> activeToGrid;
  std::vector<std::array<std::int32_t, kStencilSize>> neighbours;  // active index or −1
  std::vector<std::uint8_t> pattern;  // two-phase cells: bit s set when element n − s is stiff

  std::size_t activeNodes() const { return activeToGrid.size(); }
};

template <class T>
class FineOperator {
 public:
  FineOperator(const FineMesh& mesh, const ElementModuli& moduli, const Hex8& element);

  const std::array<int, 3>& dims() const { return mesh_->dims; }
  std::size_t activeNodes() const { return mesh_->activeNodes(); }
  const std::vector<std::int32_t>& gridToActive() const { return mesh_->gridToActive; }
  const std::vector<std::int32_t>& activeToGrid() const { return mesh_->activeToGrid; }
  const FineMesh& mesh() const { return *mesh_; }
  const ElementModuli& moduli() const { return *moduli_; }
  const Hex8& element() const { return *element_; }

  // y = A x on active nodes, W lanes (LaneField layout).
  template <int W>
  void apply(const T* x, T* y) const;
  // z = D⁻¹ r with D the 3×3 diagonal blocks.
  template <int W>
  void blockJacobi(const T* r, T* z) const;
  // y = A x, returning x·y per lane from the same sweep (CG's p·A p).
  template <int W>
  LaneScalars applyDot(const T* x, T* y) const;
  // r = b − A x, in one sweep.
  template <int W>
  void residual(const T* b, const T* x, T* r) const;
  // z = D⁻¹ (b − A x), in one sweep (the core of a smoothing step).
  template <int W>
  void jacobiResidual(const T* b, const T* x, T* z) const;
  // The 243 stencil values of active node n (for tests and coarse-grid construction).
  std::array<double, kStencilValues> stencil(std::size_t n) const;

  // The raw tables, for backends that apply the operator elsewhere (CUDA). Two-phase cells use
  // the pattern tables; graded cells the per-node inverse diagonal blocks.
  const std::vector<T>& patternStencils() const { return table_; }
  const std::vector<T>& patternDiagInv() const { return tableDiagInv_; }
  const std::vector<std::uint8_t>& patternOffsets() const { return offsets_; }
  const std::array<std::uint16_t, 257>& patternOffsetStart() const { return offsetStart_; }
  const std::vector<T>& nodeDiagInv() const { return diagInv_; }

 private:
  void buildTwoPhaseTables();
  void buildStencil(std::size_t n, T* out) const;  // graded mode
  // Calls finish(a, A x at node a, D⁻¹ block of a) for every active node a.
  template <int W, class Finish>
  void sweep(const T* x, Finish&& finish) const;

  const FineMesh* mesh_;
  const ElementModuli* moduli_;
  const Hex8* element_;
  // Two-phase mode.
  std::vector<T> table_;                              // 256 × 243
  std::vector<T> tableDiagInv_;                       // 256 × 9
  std::vector<std::uint8_t> offsets_;                 // non-zero blocks, all patterns back to back
  std::array<std::uint16_t, 257> offsetStart_{};      // pattern p: offsets_[start[p], start[p+1])
  // Graded mode.
  std::vector<T> diagInv_;                            // per active node × 9
  std::vector<T> nodeStencils_;                       // graded cells: per active node × 243, when it fits
  static constexpr std::size_t kStencilCacheBytes = std::size_t(256) << 20;
  std::array<std::array<StencilTerm, 8>, 8> terms_{};
};

// Elements (voxels) touching node (i, j, k): (i − a, j − b, k − c) for the corner s = (a, b, c),
// wrapped periodically; returns their voxel indices in the order of s.
std::array<std::size_t, 8> incidentElements(const std::array<int, 3>& dims, int i, int j, int k);

}  // namespace mf::fem
