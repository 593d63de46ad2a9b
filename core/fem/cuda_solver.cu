// CUDA backend: the CPU solver's iteration, step for step, on the device. The problem (operator
// tables, Galerkin levels, spectrum bounds, right-hand sides) arrives fully built from the host
// (device_problem.hpp); the device runs the lockstep CG, the V-cycle with Chebyshev smoothing,
// the grid transfers and the dense coarsest solve. Every kernel is a direct transcription of its
// CPU counterpart (fine_operator.cpp, coarse_grid.cpp, transfer.hpp, multigrid.cpp,
// homogenize.cpp), with one thread per node and the load-case lanes innermost.

#include "core/fem/device_problem.hpp"

#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace mf::fem::device {
namespace {

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("CUDA ") + what + ": " + cudaGetErrorString(e));
}

// Owning device allocation.
template <class T>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(std::size_t count) : count_(count) {
    if (count > 0) check(cudaMalloc(&ptr_, count * sizeof(T)), "cudaMalloc");
  }
  Buffer(const T* host, std::size_t count) : Buffer(count) { upload(host, count); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& o) noexcept : ptr_(std::exchange(o.ptr_, nullptr)), count_(std::exchange(o.count_, 0)) {}
  Buffer& operator=(Buffer&& o) noexcept {
    std::swap(ptr_, o.ptr_);
    std::swap(count_, o.count_);
    return *this;
  }
  ~Buffer() {
    if (ptr_) cudaFree(ptr_);
  }
  void upload(const T* host, std::size_t count) {
    if (count > 0) check(cudaMemcpy(ptr_, host, count * sizeof(T), cudaMemcpyHostToDevice), "upload");
  }
  void download(T* host, std::size_t count) const {
    if (count > 0) check(cudaMemcpy(host, ptr_, count * sizeof(T), cudaMemcpyDeviceToHost), "download");
  }
  T* get() const { return ptr_; }
  std::size_t bytes() const { return count_ * sizeof(T); }

 private:
  T* ptr_ = nullptr;
  std::size_t count_ = 0;
};

constexpr int kThreads = 256;  // a multiple of every lane count
int blocksFor(std::size_t n) {
  // At least one block: a launch with zero blocks is an error, and the kernels stride anyway.
  return static_cast<int>(std::clamp<std::size_t>((n + kThreads - 1) / kThreads, 1, 4096));
}
void launched(const char* what) { check(cudaGetLastError(), what); }

struct Coeffs {
  double v[8];
};

enum : int { kApply = 0, kResidual = 1, kJacobiResidual = 2 };

// acc (3 rows × W lanes) += b (3×3) · u (3 rows × W lanes).
template <class T, int W>
__device__ inline void blockMulAdd(const T* __restrict__ b, const T* __restrict__ u, T (&acc)[3][W]) {
#pragma unroll
  for (int r = 0; r < 3; ++r) {
    const T b0 = b[3 * r], b1 = b[3 * r + 1], b2 = b[3 * r + 2];
#pragma unroll
    for (int w = 0; w < W; ++w) acc[r][w] += b0 * u[w] + b1 * u[W + w] + b2 * u[2 * W + w];
  }
}

// What a sweep does with A x at node a: store it, b − A x, or D⁻¹(b − A x).
template <class T, int W, int M>
__device__ inline void finish(std::size_t a, const T (&acc)[3][W], const T* __restrict__ b,
                              const T* __restrict__ dinv, T* __restrict__ out) {
  T* o = out + a * 3 * W;
  if (M == kApply) {
#pragma unroll
    for (int r = 0; r < 3; ++r)
#pragma unroll
      for (int w = 0; w < W; ++w) o[r * W + w] = acc[r][w];
    return;
  }
  T res[3 * W];
  const T* bb = b + a * 3 * W;
#pragma unroll
  for (int r = 0; r < 3; ++r)
#pragma unroll
    for (int w = 0; w < W; ++w) res[r * W + w] = bb[r * W + w] - acc[r][w];
  if (M == kResidual) {
#pragma unroll
    for (int v = 0; v < 3 * W; ++v) o[v] = res[v];
    return;
  }
  T z[3][W] = {};
  blockMulAdd<T, W>(dinv, res, z);
#pragma unroll
  for (int r = 0; r < 3; ++r)
#pragma unroll
    for (int w = 0; w < W; ++w) o[r * W + w] = z[r][w];
}

template <class T, int W, int M>
__global__ void fineTwoPhaseSweep(std::size_t n, const std::int32_t* __restrict__ nb,
                                  const std::uint8_t* __restrict__ pattern, const std::uint8_t* __restrict__ offsets,
                                  const std::uint16_t* __restrict__ offsetStart, const T* __restrict__ table,
                                  const T* __restrict__ diag, const T* __restrict__ x, const T* __restrict__ b,
                                  T* __restrict__ out) {
  for (std::size_t a = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; a < n;
       a += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const int p = pattern[a];
    const T* s = table + p * 243;
    T acc[3][W] = {};
    for (int i = offsetStart[p], end = offsetStart[p + 1]; i < end; ++i) {
      const int o = offsets[i];
      blockMulAdd<T, W>(s + o * 9, x + static_cast<std::size_t>(nb[a * 27 + o]) * 3 * W, acc);
    }
    finish<T, W, M>(a, acc, b, diag + p * 9, out);
  }
}

template <class T, int W, int M>
__global__ void fineGradedSweep(std::size_t n, const std::int32_t* __restrict__ nb, const T* __restrict__ stencils,
                                const T* __restrict__ diag, const T* __restrict__ x, const T* __restrict__ b,
                                T* __restrict__ out) {
  for (std::size_t a = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; a < n;
       a += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const T* s = stencils + a * 243;
    T acc[3][W] = {};
    for (int o = 0; o < 27; ++o) {
      const std::int32_t m = nb[a * 27 + o];
      if (m >= 0) blockMulAdd<T, W>(s + o * 9, x + static_cast<std::size_t>(m) * 3 * W, acc);
    }
    finish<T, W, M>(a, acc, b, diag + a * 9, out);
  }
}

__device__ inline int wrapIndex(int i, int n) {
  const int r = i % n;
  return r < 0 ? r + n : r;
}

template <int W, int M>
__global__ void coarseSweep(int nx, int ny, int nz, const float* __restrict__ stencil, const float* __restrict__ diag,
                            const std::uint8_t* __restrict__ active, const float* __restrict__ x,
                            const float* __restrict__ b, float* __restrict__ out) {
  const std::size_t nodes = static_cast<std::size_t>(nx) * ny * nz;
  for (std::size_t n = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; n < nodes;
       n += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const int i = static_cast<int>(n % nx), j = static_cast<int>((n / nx) % ny),
              k = static_cast<int>(n / (static_cast<std::size_t>(nx) * ny));
    float acc[3][W] = {};
    if (active[n]) {
      const float* s = stencil + n * 243;
      for (int o = 0; o < 27; ++o) {
        const int dx = o % 3 - 1, dy = (o / 3) % 3 - 1, dz = o / 9 - 1;
        const std::size_t m = (static_cast<std::size_t>(wrapIndex(k + dz, nz)) * ny + wrapIndex(j + dy, ny)) * nx +
                              wrapIndex(i + dx, nx);
        blockMulAdd<float, W>(s + o * 9, x + m * 3 * W, acc);
      }
    }
    finish<float, W, M>(n, acc, b, diag + n * 9, out);
  }
}

// z = D⁻¹ r with the 3×3 block of each node: diag[index(a) · 9].
template <class T, int W>
__global__ void blockJacobi(std::size_t n, const std::uint8_t* __restrict__ pattern, const T* __restrict__ diag,
                            const T* __restrict__ r, T* __restrict__ z) {
  for (std::size_t a = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; a < n;
       a += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const T* d = diag + (pattern ? static_cast<std::size_t>(pattern[a]) : a) * 9;
    T acc[3][W] = {};
    blockMulAdd<T, W>(d, r + a * 3 * W, acc);
#pragma unroll
    for (int row = 0; row < 3; ++row)
#pragma unroll
      for (int w = 0; w < W; ++w) z[a * 3 * W + row * W + w] = acc[row][w];
  }
}

// Chebyshev step: d = c1·d + c2·z (first step: d = c2·z); x = d (from zero) or x + d.
template <class T>
__global__ void chebyshevUpdate(std::size_t count, T c1, T c2, const T* __restrict__ z, T* __restrict__ d,
                                T* __restrict__ x, bool first, bool zeroGuess) {
  for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < count;
       v += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const T dv = first ? c2 * z[v] : c1 * d[v] + c2 * z[v];
    d[v] = dv;
    x[v] = (first && zeroGuess) ? dv : x[v] + dv;
  }
}

// Restriction R = Pᵀ onto the full coarse grid; fineIndex maps fine grid nodes to field rows
// (null: identity).
template <class TF, int W>
__global__ void restrictKernel(int cx, int cy, int cz, int fx, int fy, int fz, const std::int32_t* __restrict__ fineIndex,
                               const TF* __restrict__ rf, float* __restrict__ bc) {
  const std::size_t nodes = static_cast<std::size_t>(cx) * cy * cz;
  for (std::size_t n = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; n < nodes;
       n += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const int i = static_cast<int>(n % cx), j = static_cast<int>((n / cx) % cy),
              k = static_cast<int>(n / (static_cast<std::size_t>(cx) * cy));
    float acc[3 * W] = {};
    for (int dz = -1; dz <= 1; ++dz)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const std::size_t g = (static_cast<std::size_t>(wrapIndex(2 * k + dz, fz)) * fy + wrapIndex(2 * j + dy, fy)) * fx +
                                wrapIndex(2 * i + dx, fx);
          const long long a = fineIndex ? fineIndex[g] : static_cast<long long>(g);
          if (a < 0) continue;
          const float w = (dx ? 0.5f : 1.0f) * (dy ? 0.5f : 1.0f) * (dz ? 0.5f : 1.0f);
          const TF* src = rf + static_cast<std::size_t>(a) * 3 * W;
#pragma unroll
          for (int v = 0; v < 3 * W; ++v) acc[v] += w * static_cast<float>(src[v]);
        }
#pragma unroll
    for (int v = 0; v < 3 * W; ++v) bc[n * 3 * W + v] = acc[v];
  }
}

// xf += P · xc for `count` fine rows; fineNode maps a row to its fine grid node (null: identity).
template <class TF, int W>
__global__ void prolongKernel(std::size_t count, const std::int32_t* __restrict__ fineNode, int fx, int fy, int cx,
                              int cy, int cz, const float* __restrict__ xc, TF* __restrict__ xf) {
  for (std::size_t a = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; a < count;
       a += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const std::size_t g = fineNode ? static_cast<std::size_t>(fineNode[a]) : a;
    const int p[3] = {static_cast<int>(g % fx), static_cast<int>((g / fx) % fy),
                      static_cast<int>(g / (static_cast<std::size_t>(fx) * fy))};
    const int cd[3] = {cx, cy, cz};
    int idx[3][2];
    float wt[3][2];
    int cnt[3];
    for (int d = 0; d < 3; ++d) {
      if (p[d] % 2 == 0) {
        idx[d][0] = p[d] / 2;
        wt[d][0] = 1.0f;
        cnt[d] = 1;
      } else {
        idx[d][0] = (p[d] - 1) / 2;
        idx[d][1] = wrapIndex((p[d] + 1) / 2, cd[d]);
        wt[d][0] = wt[d][1] = 0.5f;
        cnt[d] = 2;
      }
    }
    float acc[3 * W] = {};
    for (int c = 0; c < cnt[2]; ++c)
      for (int b = 0; b < cnt[1]; ++b)
        for (int e = 0; e < cnt[0]; ++e) {
          const float w = wt[0][e] * wt[1][b] * wt[2][c];
          const float* src = xc + ((static_cast<std::size_t>(idx[2][c]) * cy + idx[1][b]) * cx + idx[0][e]) * 3 * W;
#pragma unroll
          for (int v = 0; v < 3 * W; ++v) acc[v] += w * src[v];
        }
#pragma unroll
    for (int v = 0; v < 3 * W; ++v) xf[a * 3 * W + v] += static_cast<TF>(acc[v]);
  }
}

// out[w] += Σ a·b over lane w. The grid stride is a multiple of W, so each thread stays on one
// lane; a tree reduction in shared memory stops at W partial sums per block.
template <class T, int W>
__global__ void laneDotKernel(std::size_t count, const T* __restrict__ a, const T* __restrict__ b, double* out) {
  __shared__ double sh[kThreads];
  double local = 0.0;
  for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < count;
       v += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    local += static_cast<double>(a[v]) * static_cast<double>(b[v]);
  sh[threadIdx.x] = local;
  __syncthreads();
  for (int s = blockDim.x / 2; s >= W; s /= 2) {
    if (static_cast<int>(threadIdx.x) < s) sh[threadIdx.x] += sh[threadIdx.x + s];
    __syncthreads();
  }
  if (static_cast<int>(threadIdx.x) < W) atomicAdd(&out[threadIdx.x], sh[threadIdx.x]);
}

template <class T, int W>
__global__ void laneAxpyKernel(std::size_t count, Coeffs alpha, const T* __restrict__ x, T* __restrict__ y) {
  for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < count;
       v += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    y[v] += static_cast<T>(alpha.v[v % W]) * x[v];
}

template <class T, int W>
__global__ void laneXpbyKernel(std::size_t count, const T* __restrict__ x, Coeffs beta, T* __restrict__ y) {
  for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < count;
       v += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    y[v] = x[v] + static_cast<T>(beta.v[v % W]) * y[v];
}

template <class S, class D>
__global__ void convertKernel(std::size_t count, const S* __restrict__ s, D* __restrict__ d) {
  for (std::size_t v = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; v < count;
       v += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    d[v] = static_cast<D>(s[v]);
}

// The dense coarsest solve in one block: x = inverse · b, then the mean of each displacement
// component over the active nodes is removed (the translation part), inactive nodes set to 0.
template <int W>
__global__ void denseSolveKernel(int n, const float* __restrict__ inv, const std::uint8_t* __restrict__ active,
                                 const float* __restrict__ b, float* __restrict__ x) {
  __shared__ float sums[3 * W];
  __shared__ float count;
  for (int v = threadIdx.x; v < 3 * W; v += blockDim.x) sums[v] = 0.0f;
  if (threadIdx.x == 0) count = 0.0f;
  __syncthreads();
  for (int row = threadIdx.x; row < n; row += blockDim.x) {
    float acc[W] = {};
    for (int col = 0; col < n; ++col) {
      const float m = inv[static_cast<std::size_t>(row) * n + col];
#pragma unroll
      for (int w = 0; w < W; ++w) acc[w] += m * b[col * W + w];
    }
    const bool on = active[row / 3] != 0;
#pragma unroll
    for (int w = 0; w < W; ++w) {
      x[row * W + w] = acc[w];
      if (on) atomicAdd(&sums[(row % 3) * W + w], acc[w]);
    }
    if (on && row % 3 == 0) atomicAdd(&count, 1.0f);
  }
  __syncthreads();
  for (int row = threadIdx.x; row < n; row += blockDim.x) {
    const bool on = active[row / 3] != 0;
#pragma unroll
    for (int w = 0; w < W; ++w)
      x[row * W + w] = on && count > 0.0f ? x[row * W + w] - sums[(row % 3) * W + w] / count : 0.0f;
  }
}

// ---------------------------------------------------------------------------------------
// Host side: the device copy of the problem and the iteration.

struct DeviceFine {
  std::size_t nodes = 0;
  std::array<int, 3> dims{};
  bool twoPhase = false;
  Buffer<std::int32_t> neighbours, activeToGrid, gridToActive;
  Buffer<std::uint8_t> pattern, offsets;
  Buffer<std::uint16_t> offsetStart;
  Buffer<double> table64, diag64;  // pattern tables (two-phase) or per-node arrays (graded)
  Buffer<float> table32, diag32;
};

struct DeviceLevel {
  std::array<int, 3> dims{};
  std::size_t nodes = 0;
  Buffer<float> stencil, diag;
  Buffer<std::uint8_t> active;
  double lambdaMax = 1.0;
  Buffer<float> b, x, r, d;
};

template <class T, int W>
class Solver {
 public:
  explicit Solver(const Problem& p) : p_(p) {
    const FineTables& f = p.fine;
    fine_.nodes = f.nodes;
    fine_.dims = f.dims;
    fine_.twoPhase = f.twoPhase;
    const std::size_t gridNodes = static_cast<std::size_t>(f.dims[0]) * f.dims[1] * f.dims[2];
    fine_.neighbours = Buffer<std::int32_t>(f.neighbours, f.nodes * 27);
    fine_.activeToGrid = Buffer<std::int32_t>(f.activeToGrid, f.nodes);
    fine_.gridToActive = Buffer<std::int32_t>(f.gridToActive, gridNodes);
    if (f.twoPhase) {
      fine_.pattern = Buffer<std::uint8_t>(f.pattern, f.nodes);
      fine_.offsets = Buffer<std::uint8_t>(f.offsets, f.offsetCount);
      fine_.offsetStart = Buffer<std::uint16_t>(f.offsetStart, 257);
      fine_.table64 = Buffer<double>(f.table64, 256 * 243);
      fine_.diag64 = Buffer<double>(f.tableDiag64, 256 * 9);
      fine_.table32 = Buffer<float>(f.table32, 256 * 243);
      fine_.diag32 = Buffer<float>(f.tableDiag32, 256 * 9);
    } else {
      if (std::is_same_v<T, double>) {
        fine_.table64 = Buffer<double>(f.stencil64, f.nodes * 243);
        fine_.diag64 = Buffer<double>(f.diag64, f.nodes * 9);
      }
      fine_.table32 = Buffer<float>(f.stencil32, f.nodes * 243);
      fine_.diag32 = Buffer<float>(f.diag32, f.nodes * 9);
    }
    for (const CoarseLevel& l : p.levels) {
      DeviceLevel d;
      d.dims = l.dims;
      d.nodes = static_cast<std::size_t>(l.dims[0]) * l.dims[1] * l.dims[2];
      d.stencil = Buffer<float>(l.stencil, d.nodes * 243);
      d.diag = Buffer<float>(l.diagInv, d.nodes * 9);
      d.active = Buffer<std::uint8_t>(l.active, d.nodes);
      d.lambdaMax = l.lambdaMax;
      d.b = Buffer<float>(d.nodes * 3 * W);
      d.x = Buffer<float>(d.nodes * 3 * W);
      d.r = Buffer<float>(d.nodes * 3 * W);
      d.d = Buffer<float>(d.nodes * 3 * W);
      levels_.push_back(std::move(d));
    }
    if (p.denseUnknowns > 0) {
      denseInverse_ = Buffer<float>(p.denseInverse, static_cast<std::size_t>(p.denseUnknowns) * p.denseUnknowns);
      denseActive_ = Buffer<std::uint8_t>(p.denseActive, static_cast<std::size_t>(p.denseUnknowns / 3));
    }
    const std::size_t values = f.nodes * 3 * W;
    x_ = Buffer<T>(values);
    r_ = Buffer<T>(values);
    p__ = Buffer<T>(values);
    qz_ = Buffer<T>(values);
    fb_ = Buffer<float>(values);
    fx_ = Buffer<float>(values);
    fr_ = Buffer<float>(values);
    fd_ = Buffer<float>(values);
    dot_ = Buffer<double>(8);
  }

  std::size_t deviceBytes() const {
    std::size_t b = fine_.neighbours.bytes() + fine_.activeToGrid.bytes() + fine_.gridToActive.bytes() +
                    fine_.pattern.bytes() + fine_.offsets.bytes() + fine_.offsetStart.bytes() + fine_.table64.bytes() +
                    fine_.diag64.bytes() + fine_.table32.bytes() + fine_.diag32.bytes() + x_.bytes() + r_.bytes() +
                    p__.bytes() + qz_.bytes() + fb_.bytes() + fx_.bytes() + fr_.bytes() + fd_.bytes() +
                    denseInverse_.bytes() + denseActive_.bytes();
    for (const DeviceLevel& l : levels_)
      b += l.stencil.bytes() + l.diag.bytes() + l.active.bytes() + l.b.bytes() + l.x.bytes() + l.r.bytes() + l.d.bytes();
    return b;
  }

  Result run(Progress& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = fine_.nodes, values = n * 3 * W;
    const int cases = p_.cases;
    Result out;
    out.history.resize(cases);
    // b is built in r; x starts from the initial guess or zero.
    uploadConverted(p_.rhs, r_, values);
    if (p_.initial) {
      uploadConverted(p_.initial, x_, values);
      fineSweep<T, kResidual>(x_.get(), r_.get(), r_.get());
    } else {
      check(cudaMemset(x_.get(), 0, values * sizeof(T)), "cudaMemset");
    }
    auto relative = [&](const std::array<double, 8>& rr) {
      std::array<double, 8> o{};
      for (int w = 0; w < W; ++w) o[w] = p_.reference[w] > 0.0 ? std::sqrt(rr[w]) / p_.reference[w] : 0.0;
      return o;
    };
    std::array<double, 8> rel = relative(dot(r_.get(), r_.get(), values));
    vcycle(r_.get(), p__.get());
    std::array<double, 8> rz = dot(r_.get(), p__.get(), values);
    const double firstRel = *std::max_element(rel.begin(), rel.begin() + cases);
    for (int it = 0; it < p_.maxIterations; ++it) {
      std::array<bool, 8> active{};
      bool any = false;
      for (int w = 0; w < cases; ++w) {
        active[w] = rel[w] > p_.tolerance;
        any = any || active[w];
      }
      if (!any) break;
      fineSweep<T, kApply>(p__.get(), nullptr, qz_.get());
      const std::array<double, 8> pq = dot(p__.get(), qz_.get(), values);
      Coeffs alpha{}, minusAlpha{};
      for (int w = 0; w < W; ++w) {
        alpha.v[w] = active[w] && pq[w] > 0.0 ? rz[w] / pq[w] : 0.0;
        minusAlpha.v[w] = -alpha.v[w];
      }
      laneAxpyKernel<T, W><<<blocksFor(values), kThreads>>>(values, alpha, p__.get(), x_.get());
      laneAxpyKernel<T, W><<<blocksFor(values), kThreads>>>(values, minusAlpha, qz_.get(), r_.get());
      launched("axpy");
      rel = relative(dot(r_.get(), r_.get(), values));
      double worst = 0.0;
      bool stillActive = false;
      for (int w = 0; w < cases; ++w) {
        if (active[w]) {
          ++out.iterations[w];
          out.history[w].push_back(rel[w]);
        }
        worst = std::max(worst, rel[w]);
        stillActive = stillActive || rel[w] > p_.tolerance;
      }
      const double span = std::log(std::max(firstRel, p_.tolerance * 10) / p_.tolerance);
      const double done =
          span > 0 ? std::log(std::max(firstRel, p_.tolerance * 10) / std::max(worst, p_.tolerance)) / span : 1.0;
      progress.report(0.1 + 0.85 * std::clamp(done, 0.0, 1.0), "solving on the GPU: iteration " + std::to_string(it + 1));
      progress.checkCancelled();
      if (!stillActive) break;
      vcycle(r_.get(), qz_.get());  // z into the buffer q no longer needs
      const std::array<double, 8> rzNew = dot(r_.get(), qz_.get(), values);
      Coeffs beta{};
      for (int w = 0; w < W; ++w) beta.v[w] = active[w] && rz[w] != 0.0 ? rzNew[w] / rz[w] : 0.0;
      rz = rzNew;
      laneXpbyKernel<T, W><<<blocksFor(values), kThreads>>>(values, qz_.get(), beta, p__.get());
      launched("xpby");
    }
    for (int w = 0; w < W; ++w) out.relativeResidual[w] = rel[w];
    out.solution.resize(values);
    if constexpr (std::is_same_v<T, double>) {
      x_.download(out.solution.data(), values);
    } else {
      std::vector<float> tmp(values);
      x_.download(tmp.data(), values);
      std::copy(tmp.begin(), tmp.end(), out.solution.begin());
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.deviceBytes = deviceBytes();
    return out;
  }

 private:
  template <class S>
  void uploadConverted(const double* host, Buffer<S>& dst, std::size_t count) {
    if constexpr (std::is_same_v<S, double>) {
      dst.upload(host, count);
    } else {
      std::vector<S> tmp(host, host + count);
      dst.upload(tmp.data(), count);
    }
  }

  std::array<double, 8> dot(const T* a, const T* b, std::size_t count) { return dotOf<T>(a, b, count); }
  template <class S>
  std::array<double, 8> dotOf(const S* a, const S* b, std::size_t count) {
    check(cudaMemset(dot_.get(), 0, 8 * sizeof(double)), "cudaMemset");
    laneDotKernel<S, W><<<blocksFor(count), kThreads>>>(count, a, b, dot_.get());
    launched("dot");
    std::array<double, 8> h{};
    dot_.download(h.data(), 8);
    return h;
  }

  // Fine sweep in precision S (S = T: the CG operator; float: the smoother's copy).
  template <class S, int M>
  void fineSweep(const S* x, const S* b, S* out) {
    const std::size_t n = fine_.nodes;
    const S* table;
    const S* diag;
    if constexpr (std::is_same_v<S, double>) {
      table = fine_.table64.get();
      diag = fine_.diag64.get();
    } else {
      table = fine_.table32.get();
      diag = fine_.diag32.get();
    }
    if (fine_.twoPhase)
      fineTwoPhaseSweep<S, W, M><<<blocksFor(n), kThreads>>>(n, fine_.neighbours.get(), fine_.pattern.get(),
                                                             fine_.offsets.get(), fine_.offsetStart.get(), table, diag,
                                                             x, b, out);
    else
      fineGradedSweep<S, W, M><<<blocksFor(n), kThreads>>>(n, fine_.neighbours.get(), table, diag, x, b, out);
    launched("fine sweep");
  }

  void fineJacobi(const float* r, float* z) {
    const std::size_t n = fine_.nodes;
    blockJacobi<float, W><<<blocksFor(n), kThreads>>>(n, fine_.twoPhase ? fine_.pattern.get() : nullptr,
                                                       fine_.diag32.get(), r, z);
    launched("jacobi");
  }

  template <int M>
  void coarseSweepAt(DeviceLevel& l, const float* x, const float* b, float* out) {
    coarseSweep<W, M><<<blocksFor(l.nodes), kThreads>>>(l.dims[0], l.dims[1], l.dims[2], l.stencil.get(), l.diag.get(),
                                                          l.active.get(), x, b, out);
    launched("coarse sweep");
  }

  // The CPU's chebyshev() (multigrid.cpp), with the operator given by two callables.
  template <class Sweep, class Jacobi>
  void chebyshev(std::size_t nodes, const float* b, float* x, bool zeroGuess, int degree, double lambdaMax,
                 double range, float* z, float* d, Sweep&& jacobiResidual, Jacobi&& jacobi) {
    const std::size_t count = nodes * 3 * W;
    const double lmin = lambdaMax / range;
    const double theta = 0.5 * (lambdaMax + lmin), delta = 0.5 * (lambdaMax - lmin);
    const double sigma = theta / delta;
    double rho = 1.0 / sigma;
    if (zeroGuess) jacobi(b, z);
    else jacobiResidual(x, b, z);
    chebyshevUpdate<float><<<blocksFor(count), kThreads>>>(count, 0.0f, static_cast<float>(1.0 / theta), z, d, x, true,
                                                            zeroGuess);
    launched("chebyshev");
    for (int k = 1; k < degree; ++k) {
      jacobiResidual(x, b, z);
      const double rhoNew = 1.0 / (2.0 * sigma - rho);
      chebyshevUpdate<float><<<blocksFor(count), kThreads>>>(count, static_cast<float>(rhoNew * rho),
                                                              static_cast<float>(2.0 * rhoNew / delta), z, d, x, false,
                                                              false);
      launched("chebyshev");
      rho = rhoNew;
    }
  }

  void fineChebyshev(const float* b, float* x, bool zeroGuess, int degree) {
    chebyshev(
        fine_.nodes, b, x, zeroGuess, degree, p_.fineLambda, p_.smoothingRange, fr_.get(), fd_.get(),
        [&](const float* xx, const float* bb, float* z) { fineSweep<float, kJacobiResidual>(xx, bb, z); },
        [&](const float* r, float* z) { fineJacobi(r, z); });
  }

  void levelChebyshev(DeviceLevel& l, bool zeroGuess, int degree, double range) {
    chebyshev(
        l.nodes, l.b.get(), l.x.get(), zeroGuess, degree, l.lambdaMax, range, l.r.get(), l.d.get(),
        [&](const float* xx, const float* bb, float* z) { coarseSweepAt<kJacobiResidual>(l, xx, bb, z); },
        [&](const float* r, float* z) {
          blockJacobi<float, W><<<blocksFor(l.nodes), kThreads>>>(l.nodes, nullptr, l.diag.get(), r, z);
          launched("jacobi");
        });
  }

  // z = B r, as Multigrid<W>::apply (multigrid.cpp).
  void vcycle(const T* r, T* z) {
    const std::size_t n = fine_.nodes, count = n * 3 * W;
    convertKernel<T, float><<<blocksFor(count), kThreads>>>(count, r, fb_.get());
    launched("convert");
    const int deg = p_.fineSmoothingDegree;
    if (levels_.empty()) {
      fineChebyshev(fb_.get(), fx_.get(), true, 2 * deg);
    } else {
      fineChebyshev(fb_.get(), fx_.get(), true, deg);
      fineSweep<float, kResidual>(fx_.get(), fb_.get(), fr_.get());
      DeviceLevel& l1 = levels_.front();
      restrictKernel<float, W><<<blocksFor(l1.nodes), kThreads>>>(l1.dims[0], l1.dims[1], l1.dims[2], fine_.dims[0],
                                                                   fine_.dims[1], fine_.dims[2], fine_.gridToActive.get(),
                                                                   fr_.get(), l1.b.get());
      launched("restrict");
      cycle(0);
      prolongKernel<float, W><<<blocksFor(n), kThreads>>>(n, fine_.activeToGrid.get(), fine_.dims[0], fine_.dims[1],
                                                           l1.dims[0], l1.dims[1], l1.dims[2], l1.x.get(), fx_.get());
      launched("prolong");
      fineChebyshev(fb_.get(), fx_.get(), false, deg);
    }
    convertKernel<float, T><<<blocksFor(count), kThreads>>>(count, fx_.get(), z);
    launched("convert");
  }

  void cycle(std::size_t idx) {
    DeviceLevel& l = levels_[idx];
    if (idx + 1 == levels_.size()) {
      if (p_.denseUnknowns > 0) {
        denseSolveKernel<W><<<1, kThreads>>>(p_.denseUnknowns, denseInverse_.get(), denseActive_.get(), l.b.get(), l.x.get());
        launched("dense solve");
      } else {
        levelChebyshev(l, true, p_.coarsestSmoothing, 4.0 * p_.smoothingRange);
      }
      return;
    }
    const int deg = p_.smoothingDegree;
    levelChebyshev(l, true, deg, p_.smoothingRange);
    coarseSweepAt<kResidual>(l, l.x.get(), l.b.get(), l.r.get());
    DeviceLevel& next = levels_[idx + 1];
    restrictKernel<float, W><<<blocksFor(next.nodes), kThreads>>>(next.dims[0], next.dims[1], next.dims[2], l.dims[0],
                                                                   l.dims[1], l.dims[2], nullptr, l.r.get(), next.b.get());
    launched("restrict");
    cycle(idx + 1);
    prolongKernel<float, W><<<blocksFor(l.nodes), kThreads>>>(l.nodes, nullptr, l.dims[0], l.dims[1], next.dims[0],
                                                               next.dims[1], next.dims[2], next.x.get(), l.x.get());
    launched("prolong");
    levelChebyshev(l, false, deg, p_.smoothingRange);
  }

  const Problem& p_;
  DeviceFine fine_;
  std::vector<DeviceLevel> levels_;
  Buffer<float> denseInverse_;
  Buffer<std::uint8_t> denseActive_;
  Buffer<T> x_, r_, p__, qz_;
  Buffer<float> fb_, fx_, fr_, fd_;
  Buffer<double> dot_;
};

template <class T>
Result solveLanes(const Problem& p, Progress& progress) {
  switch (p.lanes) {
    case 1: return Solver<T, 1>(p).run(progress);
    case 2: return Solver<T, 2>(p).run(progress);
    case 4: return Solver<T, 4>(p).run(progress);
    case 8: return Solver<T, 8>(p).run(progress);
    default: throw std::invalid_argument("lanes must be 1, 2, 4 or 8");
  }
}

}  // namespace

bool available(std::string* reason) {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    if (reason) {
      if (e == cudaErrorInsufficientDriver)
        *reason = "no NVIDIA driver for CUDA 13 on this machine (no GPU, or a driver too old)";
      else if (e == cudaErrorNoDevice)
        *reason = "no CUDA device on this machine";
      else
        *reason = std::string("no usable CUDA device (") + cudaGetErrorString(e) + ")";
    }
    cudaGetLastError();  // clear the sticky error state
    return false;
  }
  if (count == 0) {
    if (reason) *reason = "no CUDA device";
    return false;
  }
  return true;
}

Result solve(const Problem& p, Progress& progress) {
  std::string why;
  if (!available(&why)) throw std::runtime_error(why);
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, 0), "cudaGetDeviceProperties");
  Result r = p.doublePrecision ? solveLanes<double>(p, progress) : solveLanes<float>(p, progress);
  r.deviceName = prop.name;
  return r;
}

}  // namespace mf::fem::device
