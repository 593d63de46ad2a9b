#pragma once
// How element matrices become 27-point node stencils on a voxel grid.
//
// Node n belongs to the 8 elements n − s, s ∈ {0, 1}³, and is their local node s. Within
// element n − s, local node q lies at node n − s + q, i.e. at offset d = q − s ∈ {−1, 0, 1}³
// from n. So the stencil block of n at offset d is Σ_s E_{n−s} · K[s][s + d] over the s for
// which s + d is again a corner. Offsets are numbered o = (dx+1) + 3(dy+1) + 9(dz+1);
// o = 13 is the node itself.

#include "core/fem/hex8_element.hpp"

#include <array>

namespace mf::fem {

constexpr int kStencilSize = 27;
constexpr int kCenter = 13;
constexpr int kBlock = 9;  // 3×3 block, row-major
constexpr int kStencilValues = kStencilSize * kBlock;

constexpr int offsetIndex(int dx, int dy, int dz) { return (dx + 1) + 3 * (dy + 1) + 9 * (dz + 1); }
constexpr std::array<int, 3> offsetOf(int o) { return {o % 3 - 1, (o / 3) % 3 - 1, o / 9 - 1}; }

// One (offset, local node pair) term of an element's contribution to the stencil of its
// local node s.
struct StencilTerm {
  int offset;  // o of d = q − s
  int q;       // the other local node
};

// The 8 terms of local node s (one per local node q of the element).
inline std::array<StencilTerm, 8> stencilTerms(int s) {
  std::array<StencilTerm, 8> t{};
  const auto cs = localCorner(s);
  for (int q = 0; q < 8; ++q) {
    const auto cq = localCorner(q);
    t[q] = {offsetIndex(cq[0] - cs[0], cq[1] - cs[1], cq[2] - cs[2]), q};
  }
  return t;
}

// Adds weight · K[s][q] (3×3) into block `offset` of a stencil of kStencilValues values.
template <class S>
inline void addBlock(S* stencil, const Matrix24& k, int s, const StencilTerm& t, double weight) {
  S* b = stencil + t.offset * kBlock;
  for (int a = 0; a < 3; ++a)
    for (int c = 0; c < 3; ++c) b[3 * a + c] += static_cast<S>(weight * k(3 * s + a, 3 * t.q + c));
}

}  // namespace mf::fem
