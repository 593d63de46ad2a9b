#pragma once
// The textbook way to homogenize a voxel cell, kept as the yardstick for the matrix-free
// multigrid solver: assemble the periodic stiffness matrix on the active nodes into an Eigen
// sparse matrix (row-major, so Eigen multiplies with both cores), then solve each load case with
// Eigen's ConjugateGradient and its diagonal (Jacobi) preconditioner, to the same relative
// residual. C^H comes from the same energy integration as the fast solver, so the two must agree
// to solver tolerance.

#include "core/jobs/progress.hpp"
#include "core/tensor/stiffness.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <vector>

namespace mf::fem {

struct AssembledResult {
  Matrix6 stiffness = Matrix6::Zero();
  std::vector<int> iterations;  // per load case
  double assembleSeconds = 0.0, solveSeconds = 0.0, totalSeconds = 0.0;
  std::size_t matrixBytes = 0;
  std::size_t unknowns = 0;
};

AssembledResult homogenizeAssembled(const VoxelGrid<double>& moduli, double poisson, double tolerance,
                                    int maxIterations, Progress& progress);

}  // namespace mf::fem
