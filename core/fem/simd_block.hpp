#pragma once
// The innermost kernel of every stencil product: acc (3 rows × W lanes) += B (3×3) · u
// (3 rows × W lanes). Written with GCC/Clang vector types so that the three accumulators stay
// in registers across a whole stencil; the compiler's auto-vectorizer spilled one of them to
// the stack on every neighbour, which made the loop latency-bound.

#include <cstddef>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

namespace mf::fem {

// W lanes of T as one vector type (GCC cannot apply vector_size to a template parameter, so
// the supported widths are spelled out).
template <class T, int W>
struct LaneVec;
template <class T>
struct LaneVec<T, 1> {
  using type = T;
};
#define MF_LANE_VEC(T, W)                                          \
  typedef T T##x##W __attribute__((vector_size(sizeof(T) * W)));  \
  template <>                                                      \
  struct LaneVec<T, W> {                                           \
    using type = T##x##W;                                          \
  };
MF_LANE_VEC(float, 2)
MF_LANE_VEC(float, 4)
MF_LANE_VEC(float, 8)
MF_LANE_VEC(double, 2)
MF_LANE_VEC(double, 4)
MF_LANE_VEC(double, 8)
#undef MF_LANE_VEC

template <class T, int W>
struct BlockAccumulator {
  using V = typename LaneVec<T, W>::type;
  V r0{}, r1{}, r2{};

  static V load(const T* p) {
    V v;
    std::memcpy(&v, p, sizeof(V));  // compiles to one (unaligned) vector load
    return v;
  }
  static void store(T* p, const V& v) { std::memcpy(p, &v, sizeof(V)); }

  // acc += b · u, b row-major 3×3, u three rows of W lanes.
  inline void add(const T* b, const T* u) {
    const V u0 = load(u), u1 = load(u + W), u2 = load(u + 2 * W);
    r0 += b[0] * u0 + b[1] * u1 + b[2] * u2;
    r1 += b[3] * u0 + b[4] * u1 + b[5] * u2;
    r2 += b[6] * u0 + b[7] * u1 + b[8] * u2;
  }
  void write(T* out) const {
    store(out, r0);
    store(out + W, r1);
    store(out + 2 * W, r2);
  }
  // out = b − acc (the residual of a node, with acc = (A x) at that node).
  void writeResidual(const T* b, T* out) const {
    store(out, load(b) - r0);
    store(out + W, load(b + W) - r1);
    store(out + 2 * W, load(b + 2 * W) - r2);
  }
  // out = D⁻¹ (b − acc), dinv the node's inverse 3×3 diagonal block.
  void writeJacobiResidual(const T* b, const T* dinv, T* out) const {
    alignas(64) T r[3 * W];
    writeResidual(b, r);
    BlockAccumulator z;
    z.add(dinv, r);
    z.write(out);
  }
};

// 64-byte aligned storage for lane fields. Elements are default-initialized, i.e. not zeroed:
// the solver's big buffers are written before they are read, and zeroing hundreds of megabytes
// (plus the page faults of touching them) cost as much as several CG iterations. Code that
// needs zeros asks for them (LaneField::zero()).
template <class T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(64)); }
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialization: no zeroing
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
};

template <class T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

}  // namespace mf::fem
