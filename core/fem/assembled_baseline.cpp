#include "core/fem/assembled_baseline.hpp"

#include "core/fem/element_energies.hpp"
#include "core/fem/fine_operator.hpp"

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>

#include <algorithm>
#include <chrono>

namespace mf::fem {

AssembledResult homogenizeAssembled(const VoxelGrid<double>& grid, double poisson, double tolerance,
                                    int maxIterations, Progress& progress) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const ElementModuli m = ElementModuli::fromGrid(grid);
  const Hex8 h = Hex8::make(poisson);
  const FineMesh mesh(m);  // active nodes and their neighbours: the sparsity pattern
  const std::size_t n = mesh.activeNodes();
  AssembledResult out;
  out.unknowns = 3 * n;

  // Pattern: every active neighbour of a node couples its 3 DOFs to the node's 3 DOFs.
  using SpMat = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
  SpMat a(static_cast<Eigen::Index>(3 * n), static_cast<Eigen::Index>(3 * n));
  Eigen::VectorXi perRow(3 * n);
  std::vector<std::vector<std::int32_t>> columns(n);
  for (std::size_t p = 0; p < n; ++p) {
    for (std::int32_t q : mesh.neighbours[p])
      if (q >= 0) columns[p].push_back(q);
    std::sort(columns[p].begin(), columns[p].end());
    columns[p].erase(std::unique(columns[p].begin(), columns[p].end()), columns[p].end());
    for (int r = 0; r < 3; ++r) perRow(static_cast<Eigen::Index>(3 * p + r)) = static_cast<int>(3 * columns[p].size());
  }
  a.reserve(perRow);
  for (std::size_t p = 0; p < n; ++p)
    for (int r = 0; r < 3; ++r)
      for (std::int32_t q : columns[p])
        for (int c = 0; c < 3; ++c) a.insert(static_cast<Eigen::Index>(3 * p + r), 3 * q + c) = 0.0;
  a.makeCompressed();

  // Element by element: A += E_e · K_e, b_a −= E_e · K_e ξ_a.
  const int cases = 6;
  LaneMatrix24 affine(24, cases);
  for (int c = 0; c < cases; ++c) affine.col(c) = Hex8::affineField(Vector6::Unit(c));
  const LaneMatrix24 forces = h.stiffness * affine;
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(3 * n), cases);
  for (std::size_t e = 0; e < m.elements(); ++e) {
    const double modulus = m.values[e];
    if (modulus == 0.0) continue;
    const auto nodes = elementNodes(m.dims, e);
    std::int32_t idx[8];
    for (int q = 0; q < 8; ++q) idx[q] = mesh.gridToActive[nodes[q]];
    for (int p = 0; p < 8; ++p)
      for (int r = 0; r < 3; ++r) {
        const Eigen::Index row = 3 * idx[p] + r;
        for (int q = 0; q < 8; ++q)
          for (int c = 0; c < 3; ++c) a.coeffRef(row, 3 * idx[q] + c) += modulus * h.stiffness(3 * p + r, 3 * q + c);
        b.row(row) -= modulus * forces.row(3 * p + r);
      }
  }
  out.matrixBytes = static_cast<std::size_t>(a.nonZeros()) * (sizeof(double) + sizeof(int)) + (3 * n + 1) * sizeof(int);
  const auto t1 = Clock::now();
  out.assembleSeconds = std::chrono::duration<double>(t1 - t0).count();
  progress.checkCancelled();

  Eigen::ConjugateGradient<SpMat, Eigen::Lower | Eigen::Upper, Eigen::DiagonalPreconditioner<double>> cg;
  cg.setTolerance(tolerance);
  cg.setMaxIterations(maxIterations);
  cg.compute(a);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(3 * n), cases);
  for (int c = 0; c < cases; ++c) {
    progress.report(static_cast<double>(c) / cases, "assembled baseline: load case " + std::to_string(c + 1));
    x.col(c) = cg.solve(b.col(c));
    out.iterations.push_back(static_cast<int>(cg.iterations()));
    progress.checkCancelled();
  }
  out.solveSeconds = std::chrono::duration<double>(Clock::now() - t1).count();

  Eigen::MatrixXd q;
  Eigen::Matrix<double, 6, Eigen::Dynamic> stress;
  auto fluct = [&](std::size_t e, LaneMatrix24& xe) {
    const auto nodes = elementNodes(m.dims, e);
    for (int qn = 0; qn < 8; ++qn) {
      const std::int32_t an = mesh.gridToActive[nodes[qn]];
      if (an < 0) continue;
      for (int d = 0; d < 3; ++d) xe.row(3 * qn + d) += x.row(3 * an + d);
    }
  };
  elementEnergies(m, h, affine, fluct, q, stress, nullptr, nullptr);
  out.stiffness = q;
  out.totalSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return out;
}

}  // namespace mf::fem
