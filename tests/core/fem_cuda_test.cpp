// The CUDA backend against the CPU solver: same discrete problem, same answers. Skipped, with the
// reason, where no device is usable (every CI machine).

#include "core/dataset/tpms.hpp"
#include "core/fem/homogenize.hpp"

#include <gtest/gtest.h>

#include <random>

namespace mf::fem {
namespace {

NullProgress quiet;

#define MF_REQUIRE_CUDA()                                               \
  do {                                                                  \
    if (!cudaAvailable()) GTEST_SKIP() << cudaUnavailableReason();      \
  } while (0)

double relDiff(const Matrix6& a, const Matrix6& b) {
  return (a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
}

HomogenizationResult solve(const VoxelGrid<double>& m, Backend backend, Precision precision = Precision::Float64,
                           std::vector<Vector6> cases = {}) {
  HomogenizationOptions o;
  o.backend = backend;
  o.precision = precision;
  o.tolerance = 1e-9;
  o.loadCases = std::move(cases);
  return homogenizeModuli(m, 0.3, o, quiet);
}

VoxelGrid<double> gyroidModuli(int n) {
  const BinaryCell c = tpmsCell(Tpms::Gyroid, n, 0.3, true);
  VoxelGrid<double> m(n);
  for (std::size_t i = 0; i < c.size(); ++i) m[i] = c[i];
  return m;
}

TEST(CudaBackend, ReportsWhyItIsUnavailable) {
  if (cudaAvailable()) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_FALSE(cudaUnavailableReason().empty());
  HomogenizationOptions o;
  o.backend = Backend::Cuda;
  EXPECT_THROW(homogenizeModuli(gyroidModuli(8), 0.3, o, quiet), std::runtime_error);
  o.backend = Backend::Auto;  // falls back to the CPU
  EXPECT_EQ(homogenizeModuli(gyroidModuli(8), 0.3, o, quiet).backend, "cpu");
}

TEST(CudaBackend, TwoPhaseCellMatchesTheCpu) {
  MF_REQUIRE_CUDA();
  const VoxelGrid<double> m = gyroidModuli(32);
  const HomogenizationResult gpu = solve(m, Backend::Cuda), cpu = solve(m, Backend::Cpu);
  EXPECT_TRUE(gpu.converged());
  EXPECT_LT(relDiff(gpu.stiffness->voigt(), cpu.stiffness->voigt()), 1e-8);
  EXPECT_NEAR(gpu.totalIterations(), cpu.totalIterations(), 2);  // same preconditioner, up to rounding
}

TEST(CudaBackend, GradedCellAndSinglePrecisionMatchTheCpu) {
  MF_REQUIRE_CUDA();
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.05, 1.0);
  VoxelGrid<double> m(16);
  for (auto& v : m.data()) v = u(rng);
  const Matrix6 cpu = solve(m, Backend::Cpu).stiffness->voigt();
  EXPECT_LT(relDiff(solve(m, Backend::Cuda).stiffness->voigt(), cpu), 1e-8);
  EXPECT_LT(relDiff(solve(m, Backend::Cuda, Precision::Float32).stiffness->voigt(), cpu), 1e-5);
}

TEST(CudaBackend, SingleLoadCaseAndOddGrids) {
  MF_REQUIRE_CUDA();
  const VoxelGrid<double> m = gyroidModuli(24);
  const std::vector<Vector6> hydro = {(Vector6() << 1, 1, 1, 0, 0, 0).finished()};
  EXPECT_NEAR(solve(m, Backend::Cuda, Precision::Float64, hydro).energy(0, 0),
              solve(m, Backend::Cpu, Precision::Float64, hydro).energy(0, 0), 1e-9);
  VoxelGrid<double> odd(15, 15, 15, 1.0);
  for (int k = 0; k < 5; ++k)
    for (int j = 0; j < 15; ++j)
      for (int i = 0; i < 15; ++i) odd(i, j, k) = 0.2;
  EXPECT_LT(relDiff(solve(odd, Backend::Cuda).stiffness->voigt(), solve(odd, Backend::Cpu).stiffness->voigt()), 1e-8);
}

}  // namespace
}  // namespace mf::fem
