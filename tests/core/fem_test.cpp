// Periodic FE homogenization against exact answers: closed forms, symmetries, bounds,
// convergence under refinement, and the internal operators against dense assemblies.

#include "core/fem/assembled_baseline.hpp"
#include "core/fem/coarse_grid.hpp"
#include "core/fem/fine_operator.hpp"
#include "core/fem/hex8_element.hpp"
#include "core/fem/homogenize.hpp"
#include "core/tensor/bounds.hpp"
#include "core/tensor/engineering.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/symmetry.hpp"

#include <Eigen/Dense>
#include "tests/core/test_cells.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

namespace mf::fem {
namespace {

NullProgress quiet;

double relDiff(const Matrix6& a, const Matrix6& b) {
  return (a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
}

Matrix6 solveC(const VoxelGrid<double>& moduli, double nu, double tol = 1e-10) {
  HomogenizationOptions o;
  o.tolerance = tol;
  const HomogenizationResult r = homogenizeModuli(moduli, nu, o, quiet);
  EXPECT_TRUE(r.converged());
  return r.stiffness->voigt();
}

Matrix6 solveC(const BinaryCell& cell, double tol = 1e-10) {
  HomogenizationOptions o;
  o.tolerance = tol;
  const HomogenizationResult r = homogenize(cell, BaseMaterial{}, o, quiet);
  EXPECT_TRUE(r.converged());
  return r.stiffness->voigt();
}

using test::randomCell;

// Sheet gyroid |sin x cos y + sin y cos z + sin z cos x| < t sampled at voxel centres.
BinaryCell gyroid(int n, double t = 0.45) {
  BinaryCell c(n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = 2 * M_PI * (i + 0.5) / n, y = 2 * M_PI * (j + 0.5) / n, z = 2 * M_PI * (k + 0.5) / n;
        c(i, j, k) = std::abs(std::sin(x) * std::cos(y) + std::sin(y) * std::cos(z) + std::sin(z) * std::cos(x)) < t;
      }
  return c;
}

// Solid matrix with a centred spherical pore of radius r (cell units).
BinaryCell sphericalPore(int n, double r) {
  BinaryCell c(n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = (i + 0.5) / n - 0.5, y = (j + 0.5) / n - 0.5, z = (k + 0.5) / n - 0.5;
        c(i, j, k) = x * x + y * y + z * z > r * r;
      }
  return c;
}

// ---------------------------------------------------------------------------------------
// The element

TEST(Hex8, StiffnessIsSymmetricWithRigidBodyNullSpace) {
  const Hex8 h = Hex8::make(0.3);
  EXPECT_LT((h.stiffness - h.stiffness.transpose()).cwiseAbs().maxCoeff(), 1e-15);
  Eigen::SelfAdjointEigenSolver<Matrix24> eig(h.stiffness);
  int zeros = 0;
  for (int i = 0; i < 24; ++i) zeros += std::abs(eig.eigenvalues()(i)) < 1e-12;
  EXPECT_EQ(zeros, 6);  // 3 translations + 3 rotations
  EXPECT_GT(eig.eigenvalues()(6), 1e-3);
  Vector24 t = Vector24::Zero();
  for (int q = 0; q < 8; ++q) t(3 * q + 1) = 1.0;
  EXPECT_LT((h.stiffness * t).norm(), 1e-14);
}

TEST(Hex8, AffineFieldEnergyIsTheMaterialEnergy) {
  const Hex8 h = Hex8::make(0.27);
  const Matrix6 d = Stiffness::isotropicEnu(1.0, 0.27).voigt();
  std::mt19937 rng(1);
  std::normal_distribution<double> n;
  for (int t = 0; t < 5; ++t) {
    Vector6 a, b;
    for (int i = 0; i < 6; ++i) a(i) = n(rng), b(i) = n(rng);
    EXPECT_NEAR(Hex8::affineField(a).dot(h.stiffness * Hex8::affineField(b)), a.dot(d * b), 1e-13);
    EXPECT_LT((h.stressMatrix * Hex8::affineField(a) - d * a).norm(), 1e-13);
  }
}

// ---------------------------------------------------------------------------------------
// Internal operators against dense assemblies

// Dense periodic stiffness on all nodes of an n³ grid, element by element.
Eigen::MatrixXd denseStiffness(const ElementModuli& m, const Hex8& h) {
  const auto d = m.dims;
  const Eigen::Index nodes = static_cast<Eigen::Index>(d[0]) * d[1] * d[2];
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(3 * nodes, 3 * nodes);
  for (int k = 0; k < d[2]; ++k)
    for (int j = 0; j < d[1]; ++j)
      for (int i = 0; i < d[0]; ++i) {
        const double e = m.values[m.index(i, j, k)];
        Eigen::Index node[8];
        for (int q = 0; q < 8; ++q) {
          const auto c = localCorner(q);
          node[q] = ((k + c[2]) % d[2] * d[1] + (j + c[1]) % d[1]) * d[0] + (i + c[0]) % d[0];
        }
        for (int p = 0; p < 8; ++p)
          for (int q = 0; q < 8; ++q) a.block<3, 3>(3 * node[p], 3 * node[q]) += e * h.stiffness.block<3, 3>(3 * p, 3 * q);
      }
  return a;
}

// Trilinear periodic prolongation from (n/2)³ to n³ nodes.
Eigen::MatrixXd denseProlongation(const std::array<int, 3>& fd) {
  const std::array<int, 3> cd = {fd[0] / 2, fd[1] / 2, fd[2] / 2};
  const Eigen::Index nf = static_cast<Eigen::Index>(fd[0]) * fd[1] * fd[2], nc = static_cast<Eigen::Index>(cd[0]) * cd[1] * cd[2];
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(3 * nf, 3 * nc);
  for (int k = 0; k < fd[2]; ++k)
    for (int j = 0; j < fd[1]; ++j)
      for (int i = 0; i < fd[0]; ++i) {
        const int f[3] = {i, j, k};
        std::vector<std::pair<int, double>> axis[3];
        for (int a = 0; a < 3; ++a) {
          if (f[a] % 2 == 0) axis[a] = {{f[a] / 2, 1.0}};
          else axis[a] = {{(f[a] - 1) / 2, 0.5}, {((f[a] + 1) / 2) % cd[a], 0.5}};
        }
        const Eigen::Index fi = (static_cast<Eigen::Index>(k) * fd[1] + j) * fd[0] + i;
        for (auto [x, wx] : axis[0])
          for (auto [y, wy] : axis[1])
            for (auto [z, wz] : axis[2]) {
              const Eigen::Index ci = (static_cast<Eigen::Index>(z) * cd[1] + y) * cd[0] + x;
              for (int c = 0; c < 3; ++c) p(3 * fi + c, 3 * ci + c) += wx * wy * wz;
            }
      }
  return p;
}

Eigen::MatrixXd denseFromCoarse(const CoarseGrid& g) {
  const auto d = g.dims;
  const Eigen::Index nodes = static_cast<Eigen::Index>(g.nodes());
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(3 * nodes, 3 * nodes);
  for (int k = 0; k < d[2]; ++k)
    for (int j = 0; j < d[1]; ++j)
      for (int i = 0; i < d[0]; ++i) {
        const Eigen::Index n = (static_cast<Eigen::Index>(k) * d[1] + j) * d[0] + i;
        for (int o = 0; o < kStencilSize; ++o) {
          const auto off = offsetOf(o);
          const Eigen::Index m = (static_cast<Eigen::Index>((k + off[2] + d[2]) % d[2]) * d[1] + (j + off[1] + d[1]) % d[1]) * d[0] +
                                 (i + off[0] + d[0]) % d[0];
          for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) a(3 * n + r, 3 * m + c) += g.stencil[n * kStencilValues + o * kBlock + 3 * r + c];
        }
      }
  return a;
}

VoxelGrid<double> randomModuli(int n, bool twoPhase, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  VoxelGrid<double> g(n);
  for (auto& v : g.data()) v = twoPhase ? (u(rng) < 0.55 ? 1.0 : 0.0) : 0.01 + u(rng);
  return g;
}

TEST(FineOperator, MatchesTheDenselyAssembledStiffness) {
  for (bool twoPhase : {true, false}) {
    const ElementModuli m = ElementModuli::fromGrid(randomModuli(6, twoPhase, 3));
    ASSERT_EQ(m.twoPhase, twoPhase);
    const Hex8 h = Hex8::make(0.3);
    const FineMesh mesh(m);
    const FineOperator<double> op(mesh, m, h);
    const Eigen::MatrixXd a = denseStiffness(m, h);
    constexpr int W = 4;
    std::mt19937 rng(4);
    std::normal_distribution<double> n;
    const std::size_t nodes = op.activeNodes();
    std::vector<double> x(nodes * 3 * W), y(nodes * 3 * W);
    for (double& v : x) v = n(rng);
    op.apply<W>(x.data(), y.data());
    for (int w = 0; w < W; ++w) {
      Eigen::VectorXd full = Eigen::VectorXd::Zero(a.rows());
      for (std::size_t p = 0; p < nodes; ++p)
        for (int d = 0; d < 3; ++d) full(3 * op.activeToGrid()[p] + d) = x[(p * 3 + d) * W + w];
      const Eigen::VectorXd ref = a * full;
      for (std::size_t p = 0; p < nodes; ++p)
        for (int d = 0; d < 3; ++d) EXPECT_NEAR(y[(p * 3 + d) * W + w], ref(3 * op.activeToGrid()[p] + d), 1e-12);
    }
  }
}

TEST(CoarseGrid, GalerkinLevelsEqualPtAP) {
  for (bool twoPhase : {true, false}) {
    const ElementModuli m = ElementModuli::fromGrid(randomModuli(8, twoPhase, 5));
    const Hex8 h = Hex8::make(0.3);
    const Eigen::MatrixXd a0 = denseStiffness(m, h);
    const Eigen::MatrixXd p1 = denseProlongation(m.dims);
    const Eigen::MatrixXd a1 = p1.transpose() * a0 * p1;
    const CoarseGrid g1 = galerkinFromElements(m, h);
    EXPECT_LT((denseFromCoarse(g1) - a1).cwiseAbs().maxCoeff(), 2e-6 * a1.cwiseAbs().maxCoeff());  // float storage
    const CoarseGrid g2 = galerkinFromStencils(g1);
    const Eigen::MatrixXd p2 = denseProlongation(g1.dims);
    const Eigen::MatrixXd a2 = p2.transpose() * denseFromCoarse(g1) * p2;
    EXPECT_LT((denseFromCoarse(g2) - a2).cwiseAbs().maxCoeff(), 2e-6 * a2.cwiseAbs().maxCoeff());
  }
}

// ---------------------------------------------------------------------------------------
// Exact answers

TEST(Homogenize, FullSolidReturnsTheBaseMaterial) {
  for (const BaseMaterial base : {BaseMaterial{1.0, 0.3}, BaseMaterial{2.5, 0.17}}) {
    const HomogenizationResult r = homogenize(BinaryCell(8, 1), base, {}, quiet);
    EXPECT_LT(relDiff(r.stiffness->voigt(), base.stiffness().voigt()), 1e-12);
    EXPECT_EQ(r.totalIterations(), 0);  // the affine field is already the solution
    EXPECT_DOUBLE_EQ(r.solidFraction, 1.0);
  }
}

// Backus average of layers stacked along x3 with the same ν: closed-form laminate stiffness.
Matrix6 laminateAlongX3(const std::vector<double>& youngs, const std::vector<double>& fractions, double nu) {
  double invP = 0, lp = 0, cross = 0, mu = 0, invMu = 0;
  for (std::size_t i = 0; i < youngs.size(); ++i) {
    const double m = youngs[i] / (2 * (1 + nu)), l = youngs[i] * nu / ((1 + nu) * (1 - 2 * nu)), f = fractions[i];
    invP += f / (l + 2 * m);          // ⟨1/(λ+2μ)⟩
    lp += f * l / (l + 2 * m);        // ⟨λ/(λ+2μ)⟩
    cross += f * 2 * l * m / (l + 2 * m);  // ⟨2λμ/(λ+2μ)⟩
    mu += f * m;                      // ⟨μ⟩
    invMu += f / m;                   // ⟨1/μ⟩
  }
  const double c33 = 1 / invP;                       // Reuss-type, normal to the layers
  const double c13 = lp * c33;
  const double c12 = cross + lp * lp * c33;
  const double c11 = c12 + 2 * mu;                   // C11 − C12 = 2⟨μ⟩
  return Stiffness::orthotropic(c11, c12, c13, c11, c13, c33, 1 / invMu, 1 / invMu, mu).voigt();
}

TEST(Homogenize, LaminateMatchesTheClosedForm) {
  const double nu = 0.3;
  // 3 stiff layers (E = 1) and 5 soft ones (E = 0.1) along each axis in turn.
  const Matrix6 along3 = laminateAlongX3({1.0, 0.1}, {3.0 / 8, 5.0 / 8}, nu);
  for (int axis = 0; axis < 3; ++axis) {
    std::array<int, 3> dims = {4, 4, 4};
    dims[axis] = 8;
    VoxelGrid<double> g(dims[0], dims[1], dims[2]);
    for (int k = 0; k < dims[2]; ++k)
      for (int j = 0; j < dims[1]; ++j)
        for (int i = 0; i < dims[0]; ++i) {
          const int layer = axis == 0 ? i : axis == 1 ? j : k;
          g(i, j, k) = layer < 3 ? 1.0 : 0.1;
        }
    // The closed form in the laminate's axes: x3 → axis, by the cyclic relabelling of axes.
    const Matrix3 r = axis == 2 ? Matrix3::Identity()
                      : axis == 0 ? (Matrix3() << 0, 0, 1, 1, 0, 0, 0, 1, 0).finished()
                                  : (Matrix3() << 0, 1, 0, 0, 0, 1, 1, 0, 0).finished();
    const Matrix6 expected = Stiffness::fromVoigt(along3).rotated(r).voigt();
    EXPECT_LT(relDiff(solveC(g, nu), expected), 1e-9) << "layers along axis " << axis;
  }
}

TEST(Homogenize, PeriodicShiftLeavesTheStiffnessUnchanged) {
  const BinaryCell c = gyroid(16);
  const Matrix6 a = solveC(c), b = solveC(circularShift(c, 3, 7, -5));
  EXPECT_LT(relDiff(b, a), 1e-8);
}

// C'_ijkl = C_π(i)π(j)π(k)π(l) for axes relabelled by out axis a = in axis perm[a].
Matrix6 permuteTensor(const Matrix6& c, const std::array<int, 3>& perm) {
  const Tensor4 t = Stiffness::fromVoigt(c).tensor4();
  Tensor4 out;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        for (int l = 0; l < 3; ++l) out(i, j, k, l) = t(perm[i], perm[j], perm[k], perm[l]);
  return Stiffness::fromTensor4(out).voigt();
}

TEST(Homogenize, AxisPermutationPermutesTheStiffness) {
  BinaryCell c = randomCell(12, 0.6, 8);
  c = keepLargestComponent(c, Connectivity::Vertex);
  const Matrix6 base = solveC(c);
  for (const std::array<int, 3> perm : {std::array<int, 3>{1, 2, 0}, std::array<int, 3>{1, 0, 2}, std::array<int, 3>{2, 1, 0}}) {
    const Matrix6 permuted = solveC(permuteAxes(c, perm));
    EXPECT_LT(relDiff(permuted, permuteTensor(base, perm)), 1e-8);
  }
}

TEST(Homogenize, RandomCellsAreSymmetricPositiveDefiniteAndWithinTheBounds) {
  for (unsigned seed = 10; seed < 15; ++seed) {
    // Two phases, both stiff: the Voigt (upper) and Reuss (lower) bounds are both non-trivial.
    const double soft = 0.05;
    VoxelGrid<double> g(10);
    std::mt19937 rng(seed);
    std::bernoulli_distribution b(0.5);
    double f = 0;
    for (auto& v : g.data()) {
      v = b(rng) ? 1.0 : soft;
      f += v == 1.0;
    }
    f /= static_cast<double>(g.size());
    const Matrix6 c = solveC(g, 0.3);
    EXPECT_LT((c - c.transpose()).cwiseAbs().maxCoeff(), 1e-12 * c.cwiseAbs().maxCoeff());
    const Matrix6 voigt = f * Stiffness::isotropicEnu(1.0, 0.3).voigt() + (1 - f) * Stiffness::isotropicEnu(soft, 0.3).voigt();
    const Matrix6 reuss = (f * Stiffness::isotropicEnu(1.0, 0.3).complianceVoigt() +
                           (1 - f) * Stiffness::isotropicEnu(soft, 0.3).complianceVoigt()).inverse();
    const Vector6 w = mandelWeights();
    auto minEig = [&](const Matrix6& m) {
      return Eigen::SelfAdjointEigenSolver<Matrix6>(w.asDiagonal() * m * w.asDiagonal()).eigenvalues()(0);
    };
    EXPECT_GT(minEig(c), 0.0);
    EXPECT_GT(minEig(voigt - c), -1e-12);
    EXPECT_GT(minEig(c - reuss), -1e-12);
    // Solid/void at the same density: positive definite (the solid percolates) and below Voigt.
    BinaryCell porous(10);
    for (std::size_t n = 0; n < porous.size(); ++n) porous[n] = g[n] == 1.0;
    const Matrix6 cp = solveC(porous);
    EXPECT_GT(minEig(cp), 0.0);
    EXPECT_GT(minEig(f * Stiffness::isotropicEnu(1.0, 0.3).voigt() - cp), -1e-12);
  }
}

TEST(Homogenize, CubicSymmetricCellGivesACubicTensor) {
  const BinaryCell cell = mirrorOctant(extractOctant(cubicSymmetrize(randomCell(16, 0.55, 21))));
  ASSERT_TRUE(isCubicSymmetric(cell));
  const Matrix6 c = solveC(cell);
  const SymmetryInfo s = classifySymmetry(Stiffness::fromVoigt(c), 1e-9);
  EXPECT_TRUE(s.cls == SymmetryClass::Cubic || s.cls == SymmetryClass::Isotropic) << s.describe();
}

TEST(Homogenize, ConvergesUnderRefinement) {
  // A spherical pore (vf ≈ 0.73) voxelized ever finer: the differences between successive
  // resolutions shrink, roughly with the voxel size.
  const Matrix6 c16 = solveC(sphericalPore(16, 0.35), 1e-8), c32 = solveC(sphericalPore(32, 0.35), 1e-8),
                c64 = solveC(sphericalPore(64, 0.35), 1e-8);
  const double d1 = relDiff(c32, c16), d2 = relDiff(c64, c32);
  EXPECT_LT(d2, 0.7 * d1);
  EXPECT_LT(d2, 0.01);
  // Cubic symmetry of the pore at every resolution.
  for (const Matrix6* c : {&c16, &c32, &c64})
    EXPECT_EQ(classifySymmetry(Stiffness::fromVoigt(*c), 1e-9).cls, SymmetryClass::Cubic);
}

// ---------------------------------------------------------------------------------------
// Load cases, precision, warm starts and sensitivities

TEST(Homogenize, HydrostaticLoadCaseGivesTheBulkResponse) {
  const BinaryCell c = gyroid(16);
  const Matrix6 full = solveC(c);
  HomogenizationOptions o;
  o.tolerance = 1e-10;
  o.loadCases = {(Vector6() << 1, 1, 1, 0, 0, 0).finished()};
  const HomogenizationResult r = homogenize(c, BaseMaterial{}, o, quiet);
  ASSERT_EQ(r.energy.rows(), 1);
  EXPECT_FALSE(r.stiffness.has_value());
  const double bulkSum = full.topLeftCorner<3, 3>().sum();  // ε·C·ε for ε = (1, 1, 1, 0, 0, 0)
  EXPECT_NEAR(r.energy(0, 0), bulkSum, 1e-10 * full.maxCoeff());  // ε·C·ε = 9K_V-type sum
  EXPECT_LT((r.meanStress.col(0) - full * o.loadCases[0]).norm(), 1e-7);
}

TEST(Homogenize, Float32AgreesWithFloat64) {
  const BinaryCell c = gyroid(24);
  HomogenizationOptions o;
  o.precision = Precision::Float32;
  const HomogenizationResult r = homogenize(c, BaseMaterial{}, o, quiet);
  EXPECT_EQ(r.precision, Precision::Float32);
  EXPECT_LT(relDiff(r.stiffness->voigt(), solveC(c)), 1e-5);
}

TEST(Homogenize, WarmStartFromTheSolutionNeedsNoIterations) {
  const BinaryCell c = gyroid(16);
  HomogenizationOptions o;
  o.keepFields = true;
  const HomogenizationResult first = homogenize(c, BaseMaterial{}, o, quiet);
  ASSERT_TRUE(first.fields.has_value());
  EXPECT_GT(first.totalIterations(), 3);
  o.initialGuess = &*first.fields;
  const HomogenizationResult second = homogenize(c, BaseMaterial{}, o, quiet);
  EXPECT_LE(second.totalIterations(), 1);
  EXPECT_LT(relDiff(second.stiffness->voigt(), first.stiffness->voigt()), 1e-9);
}

TEST(Homogenize, ModulusSensitivitiesMatchFiniteDifferences) {
  VoxelGrid<double> g = randomModuli(8, false, 31);
  HomogenizationOptions o;
  o.tolerance = 1e-12;
  o.keepFields = true;
  const HomogenizationResult r = homogenizeModuli(g, 0.3, o, quiet);
  // d(C11 + 2·C12 + C44)/dE_e: weights on the Q entries.
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(6, 6);
  w(0, 0) = 1;
  w(0, 1) = w(1, 0) = 1;
  w(3, 3) = 1;
  const VoxelGrid<double> s = modulusSensitivities(r, g, 0.3, w);
  auto objective = [&](const VoxelGrid<double>& m) {
    const Matrix6 c = solveC(m, 0.3, 1e-12);
    return c(0, 0) + 2 * c(0, 1) + c(3, 3);
  };
  for (std::size_t e : {0ul, 77ul, 200ul, 511ul}) {
    const double h = 1e-4 * g[e];
    VoxelGrid<double> plus = g, minus = g;
    plus[e] += h;
    minus[e] -= h;
    const double fd = (objective(plus) - objective(minus)) / (2 * h);
    EXPECT_NEAR(s[e], fd, 1e-6 * std::abs(fd) + 1e-12) << "element " << e;
  }
  // The energy of each case is homogeneous of degree one in the moduli: Σ_e E_e ∂Q/∂E_e = Q.
  double euler = 0;
  for (std::size_t e = 0; e < g.size(); ++e) euler += g[e] * s[e];
  EXPECT_NEAR(euler, r.energy(0, 0) + 2 * r.energy(0, 1) + r.energy(3, 3), 1e-10);
}

TEST(Homogenize, LoadCasesSolvedTogetherEqualThoseSolvedAlone) {
  const BinaryCell c = gyroid(16);
  const Matrix6 all = solveC(c);
  for (int i : {0, 4}) {
    HomogenizationOptions o;
    o.tolerance = 1e-10;
    o.loadCases = {Vector6::Unit(i)};
    const HomogenizationResult r = homogenize(c, BaseMaterial{}, o, quiet);
    EXPECT_NEAR(r.energy(0, 0), all(i, i), 1e-11);
  }
}

TEST(Homogenize, OddAndUnevenGridsWork) {
  // 15³ cannot be coarsened at all, 12×12×6 stops at 3×3×… : same physics (a laminate).
  for (const std::array<int, 3> dims : {std::array<int, 3>{5, 5, 15}, std::array<int, 3>{12, 12, 6}}) {
    VoxelGrid<double> g(dims[0], dims[1], dims[2]);
    for (int k = 0; k < dims[2]; ++k)
      for (int j = 0; j < dims[1]; ++j)
        for (int i = 0; i < dims[0]; ++i) g(i, j, k) = k < dims[2] / 3 ? 1.0 : 0.2;
    const double f = static_cast<double>(dims[2] / 3) / dims[2];
    EXPECT_LT(relDiff(solveC(g, 0.3), laminateAlongX3({1.0, 0.2}, {f, 1 - f}, 0.3)), 1e-9);
  }
}

TEST(Homogenize, AgreesWithTheAssembledJacobiBaseline) {
  // An independent operator (assembled element by element into a sparse matrix) and solver.
  BinaryCell c = keepLargestComponent(randomCell(12, 0.55, 41), Connectivity::Vertex);
  VoxelGrid<double> m(12);
  for (std::size_t n = 0; n < c.size(); ++n) m[n] = c[n];
  const AssembledResult b = homogenizeAssembled(m, 0.3, 1e-10, 100000, quiet);
  EXPECT_LT(relDiff(b.stiffness, solveC(c)), 1e-8);
}

TEST(Homogenize, StackedPlatesHaveNoStiffnessAcrossThem) {
  // Two solid plates normal to x3 separated by void: in-plane plane-stress stiffness
  // f·E/(1 − ν²), in-plane shear f·G, nothing along x3.
  BinaryCell c(8);
  for (int k : {1, 2, 5})
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 8; ++i) c(i, j, k) = 1;
  const Matrix6 m = solveC(c);
  const double f = 3.0 / 8, nu = 0.3;
  EXPECT_NEAR(m(0, 0), f / (1 - nu * nu), 1e-10);
  EXPECT_NEAR(m(0, 1), f * nu / (1 - nu * nu), 1e-10);
  EXPECT_NEAR(m(5, 5), f / (2 * (1 + nu)), 1e-10);
  for (int i : {2, 3, 4}) EXPECT_NEAR(m(i, i), 0.0, 1e-10);
}

// ---------------------------------------------------------------------------------------
// Bad input and cancellation

TEST(Homogenize, RejectsBadInputWithSpecificErrors) {
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([] { homogenize(BinaryCell(0), BaseMaterial{}, {}, quiet); }), "the cell is empty (0 voxels)");
  EXPECT_NE(message([] { homogenize(BinaryCell(6), BaseMaterial{}, {}, quiet); }).find("no solid voxels"), std::string::npos);
  DensityCell d(4, 0.5);
  d(1, 2, 3) = std::nan("");
  EXPECT_EQ(message([&] { homogenize(d, BaseMaterial{}, Simp{}, {}, quiet); }), "density is NaN at voxel (1, 2, 3)");
  d(1, 2, 3) = 1.5;
  EXPECT_EQ(message([&] { homogenize(d, BaseMaterial{}, Simp{}, {}, quiet); }), "density 1.5 at voxel (1, 2, 3) is outside [0, 1]");
  VoxelGrid<double> m(4, 1.0);
  m(0, 0, 0) = -1;
  EXPECT_EQ(message([&] { homogenizeModuli(m, 0.3, {}, quiet); }), "modulus -1 is negative at voxel (0, 0, 0)");
  EXPECT_NE(message([] { homogenize(BinaryCell(4, 1), BaseMaterial{1.0, 0.5}, {}, quiet); }).find("Poisson"), std::string::npos);
  // Mismatched sizes: a warm start from another grid, sensitivity weights of the wrong shape.
  HomogenizationOptions o;
  o.keepFields = true;
  const HomogenizationResult r8 = homogenize(gyroid(8), BaseMaterial{}, o, quiet);
  o.initialGuess = &*r8.fields;
  EXPECT_NE(message([&] { homogenize(gyroid(16), BaseMaterial{}, o, quiet); }).find("warm start"), std::string::npos);
  VoxelGrid<double> mod8(8);
  for (std::size_t n = 0; n < mod8.size(); ++n) mod8[n] = gyroid(8)[n];
  EXPECT_NE(message([&] { modulusSensitivities(r8, mod8, 0.3, Eigen::MatrixXd::Identity(3, 3)); }).find("weights must be 6×6"),
            std::string::npos);
  EXPECT_NE(message([&] { modulusSensitivities(r8, VoxelGrid<double>(4, 1.0), 0.3, Eigen::MatrixXd::Identity(6, 6)); })
                .find("the fields are 8×8×8 but the cell is 4×4×4"),
            std::string::npos);
  HomogenizationOptions many;
  many.loadCases.assign(9, Vector6::Unit(0));
  EXPECT_NE(message([&] { homogenize(gyroid(8), BaseMaterial{}, many, quiet); }).find("at most 8"), std::string::npos);
}

TEST(Homogenize, CancelReturnsWithinOneSecond) {
  const BinaryCell c = gyroid(96);
  CancelFlagProgress progress;
  std::chrono::steady_clock::time_point cancelledAt;
  bool threwCancelled = false;
  std::thread worker([&] {
    try {
      HomogenizationOptions o;
      o.tolerance = 1e-12;
      homogenize(c, BaseMaterial{}, o, progress);
    } catch (const CancelledError&) {
      threwCancelled = true;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  cancelledAt = std::chrono::steady_clock::now();
  progress.cancel();
  worker.join();
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelledAt).count();
  EXPECT_TRUE(threwCancelled);
  EXPECT_LT(waited, 1.0);
}

TEST(Homogenize, ReportsSolverStatistics) {
  const HomogenizationResult r = homogenize(gyroid(32), BaseMaterial{}, {}, quiet);
  EXPECT_TRUE(r.converged());
  ASSERT_EQ(r.cases.size(), 6u);
  for (const LoadCaseReport& c : r.cases) {
    EXPECT_GT(c.iterations, 0);
    EXPECT_EQ(c.residualHistory.size(), static_cast<std::size_t>(c.iterations));
    EXPECT_LE(c.relativeResidual, 1e-6);
  }
  EXPECT_EQ(r.levels, 4);  // 32 nodes per axis, then 16, 8 and 4
  EXPECT_GT(r.totalSeconds, 0.0);
  EXPECT_GT(r.workingBytes, 0u);
  EXPECT_EQ(r.backend, "cpu");
}

}  // namespace
}  // namespace mf::fem
