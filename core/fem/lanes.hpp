#pragma once
// Nodal fields of W load cases solved side by side. A field stores, for every node, its three
// displacement components and, innermost, the W lanes:  value(node, d, w) = v[(3·node + d)·W + w].
// Keeping the lanes innermost lets one stencil coefficient multiply all load cases in one
// SIMD instruction, which is why several load cases cost little more than one.

#include "core/fem/simd_block.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace mf::fem {

template <class T, int W>
struct LaneField {
  AlignedVector<T> v;
  LaneField() = default;
  // Uninitialized: every user writes the field before reading it, or calls zero().
  explicit LaneField(std::size_t nodes) : v(nodes * 3 * W) {}
  std::size_t nodes() const { return v.size() / (3 * W); }
  T* data() { return v.data(); }
  const T* data() const { return v.data(); }
  void zero() {
    T* d = v.data();
    const std::size_t n = v.size();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) d[i] = T(0);
  }
};

using LaneScalars = std::array<double, 8>;  // per-lane scalars (W ≤ 8)

// Below this many nodes a loop runs on one thread: on the small coarse grids, starting and
// joining a thread team costs more than the work.
constexpr std::size_t kParallelNodes = 4096;

// out[w] = Σ a·b over the lane w of n values-per-lane (n = 3·nodes).
template <class T, int W>
LaneScalars laneDot(const T* a, const T* b, std::size_t n) {
  LaneScalars total{};
#pragma omp parallel if (n > 3 * kParallelNodes)
  {
    double local[W] = {};
#pragma omp for schedule(static) nowait
    for (std::size_t i = 0; i < n; ++i)
      for (int w = 0; w < W; ++w) local[w] += static_cast<double>(a[i * W + w]) * static_cast<double>(b[i * W + w]);
#pragma omp critical
    for (int w = 0; w < W; ++w) total[w] += local[w];
  }
  return total;
}

// y += alpha[w]·x per lane.
template <class T, int W>
void laneAxpy(const LaneScalars& alpha, const T* x, T* y, std::size_t n) {
  T a[W];
  for (int w = 0; w < W; ++w) a[w] = static_cast<T>(alpha[w]);
#pragma omp parallel for schedule(static) if (n > 3 * kParallelNodes)
  for (std::size_t i = 0; i < n; ++i)
    for (int w = 0; w < W; ++w) y[i * W + w] += a[w] * x[i * W + w];
}

// y = x + beta[w]·y per lane.
template <class T, int W>
void laneXpby(const T* x, const LaneScalars& beta, T* y, std::size_t n) {
  T b[W];
  for (int w = 0; w < W; ++w) b[w] = static_cast<T>(beta[w]);
#pragma omp parallel for schedule(static) if (n > 3 * kParallelNodes)
  for (std::size_t i = 0; i < n; ++i)
    for (int w = 0; w < W; ++w) y[i * W + w] = x[i * W + w] + b[w] * y[i * W + w];
}

// The CG update in one pass: x += α·p, r −= α·q, and returns ‖r‖² per lane.
template <class T, int W>
LaneScalars laneCgUpdate(const LaneScalars& alpha, const T* p, const T* q, T* x, T* r, std::size_t n) {
  T a[W];
  for (int w = 0; w < W; ++w) a[w] = static_cast<T>(alpha[w]);
  LaneScalars rr{};
#pragma omp parallel
  {
    double local[W] = {};
#pragma omp for schedule(static) nowait
    for (std::size_t i = 0; i < n; ++i)
      for (int w = 0; w < W; ++w) {
        x[i * W + w] += a[w] * p[i * W + w];
        const T rv = r[i * W + w] - a[w] * q[i * W + w];
        r[i * W + w] = rv;
        local[w] += static_cast<double>(rv) * static_cast<double>(rv);
      }
#pragma omp critical
    for (int w = 0; w < W; ++w) rr[w] += local[w];
  }
  return rr;
}

inline int threadCount() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

}  // namespace mf::fem
