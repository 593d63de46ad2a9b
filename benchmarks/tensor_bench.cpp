// Tensor library: the operations the GUI repeats on every keystroke, each against the
// textbook way of computing the same number.
//
//   ./build/release/benchmarks/mf_bench_tensor

#include "core/tensor/engineering.hpp"
#include "core/tensor/stiffness.hpp"

#include <Eigen/LU>
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace {

using namespace mf;

std::vector<Vector3> directions(int n) {
  std::vector<Vector3> d;
  d.reserve(n);
  const double golden = M_PI * (3.0 - std::sqrt(5.0));
  for (int i = 0; i < n; ++i) {
    const double z = 1.0 - 2.0 * (i + 0.5) / n;
    const double r = std::sqrt(1.0 - z * z);
    d.emplace_back(r * std::cos(golden * i), r * std::sin(golden * i), z);
  }
  return d;
}

const Stiffness kCubic = Stiffness::cubic(0.30, 0.12, 0.15);

// An elastic surface has 6·32² + 2 ≈ 6 k vertices.
void BM_ElasticSurface_CachedCompliance(benchmark::State& state) {
  const auto dirs = directions(6146);
  for (auto _ : state) {
    const DirectionalYoung young(kCubic);
    double sum = 0.0;
    for (const Vector3& d : dirs) sum += young(d);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(dirs.size()));
}
BENCHMARK(BM_ElasticSurface_CachedCompliance);

// Baseline: the 4th-order contraction d_i d_j d_k d_l S_ijkl with the compliance tensor
// rebuilt from an inverse for every direction.
void BM_ElasticSurface_Baseline_Tensor4PerDirection(benchmark::State& state) {
  const auto dirs = directions(6146);
  for (auto _ : state) {
    double sum = 0.0;
    for (const Vector3& d : dirs) {
      const Matrix6 s = kCubic.voigt().inverse();
      double inv = 0.0;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          for (int k = 0; k < 3; ++k)
            for (int l = 0; l < 3; ++l) {
              const int m = voigtIndex(i, j), n = voigtIndex(k, l);
              const double f = (m >= 3 ? 0.5 : 1.0) * (n >= 3 ? 0.5 : 1.0);  // S_ijkl from Voigt
              inv += d(i) * d(j) * d(k) * d(l) * f * s(m, n);
            }
      sum += 1.0 / inv;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(dirs.size()));
}
BENCHMARK(BM_ElasticSurface_Baseline_Tensor4PerDirection);

void BM_Rotate_IndexByIndex(benchmark::State& state) {
  const Matrix3 R = rotationAboutAxis(Vector3(1, 2, 3), 0.7);
  for (auto _ : state) benchmark::DoNotOptimize(kCubic.rotated(R));
}
BENCHMARK(BM_Rotate_IndexByIndex);

// Baseline: C'_ijkl = Σ_abcd R_ia R_jb R_kc R_ld C_abcd as written (81 × 81 terms).
void BM_Rotate_Baseline_FullSum(benchmark::State& state) {
  const Matrix3 R = rotationAboutAxis(Vector3(1, 2, 3), 0.7);
  const Tensor4 c = kCubic.tensor4();
  for (auto _ : state) {
    Tensor4 out;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k)
          for (int l = 0; l < 3; ++l) {
            double s = 0.0;
            for (int a = 0; a < 3; ++a)
              for (int b = 0; b < 3; ++b)
                for (int cc = 0; cc < 3; ++cc)
                  for (int dd = 0; dd < 3; ++dd)
                    s += R(i, a) * R(j, b) * R(k, cc) * R(l, dd) * c(a, b, cc, dd);
            out(i, j, k, l) = s;
          }
    benchmark::DoNotOptimize(Stiffness::fromTensor4(out));
  }
}
BENCHMARK(BM_Rotate_Baseline_FullSum);

void BM_YoungsExtremes(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(youngsExtremes(kCubic));
}
BENCHMARK(BM_YoungsExtremes);

}  // namespace
