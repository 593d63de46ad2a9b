#include "core/fem/dense_coarse_solver.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

namespace mf::fem {

DenseCoarseSolver::DenseCoarseSolver(const CoarseGrid& g) : active_(g.active) {
  const auto d = g.dims;
  const std::size_t nodes = g.nodes();
  const Eigen::Index n = static_cast<Eigen::Index>(3 * nodes);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t node = 0; node < nodes; ++node) {
    const int i = static_cast<int>(node % d[0]), j = static_cast<int>((node / d[0]) % d[1]),
              k = static_cast<int>(node / (static_cast<std::size_t>(d[0]) * d[1]));
    for (int o = 0; o < kStencilSize; ++o) {
      const auto off = offsetOf(o);
      const std::size_t m = (static_cast<std::size_t>(VoxelGrid<int>::wrap(k + off[2], d[2])) * d[1] +
                             VoxelGrid<int>::wrap(j + off[1], d[1])) * d[0] + VoxelGrid<int>::wrap(i + off[0], d[0]);
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
          a(3 * node + r, 3 * m + c) += g.stencil[node * kStencilValues + o * kBlock + 3 * r + c];
    }
  }
  a = 0.5 * (a + a.transpose()).eval();
  double diag = 0.0;
  for (std::size_t node = 0; node < nodes; ++node) {
    if (active_[node]) {
      activeCount_ += 1.0;
      for (int r = 0; r < 3; ++r) diag += a(3 * node + r, 3 * node + r);
    } else {
      for (int r = 0; r < 3; ++r) a(3 * node + r, 3 * node + r) = 1.0;  // decoupled unknown
    }
  }
  const double tau = activeCount_ > 0 ? diag / (3.0 * activeCount_) : 1.0;
  Eigen::MatrixXd deflated = a;
  for (int c = 0; c < 3; ++c)
    for (std::size_t p = 0; p < nodes; ++p) {
      if (!active_[p]) continue;
      for (std::size_t q = 0; q < nodes; ++q)
        if (active_[q]) deflated(3 * p + c, 3 * q + c) += tau / activeCount_;
    }
  Eigen::LLT<Eigen::MatrixXd> llt(deflated);
  Eigen::MatrixXd inv;
  bool ok = llt.info() == Eigen::Success;
  if (ok) {
    inv = llt.solve(Eigen::MatrixXd::Identity(n, n));
    // A definite factorization can still hide a near-null mode; check the smallest pivot.
    const Eigen::VectorXd pivots = llt.matrixL().toDenseMatrix().diagonal();
    ok = pivots.minCoeff() * pivots.minCoeff() > 1e-10 * tau;
  }
  if (!ok) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a);
    const Eigen::VectorXd l = eig.eigenvalues();
    const double cut = 1e-6 * l.cwiseAbs().maxCoeff();
    Eigen::VectorXd invL(n);
    for (Eigen::Index v = 0; v < n; ++v) invL(v) = l(v) > cut ? 1.0 / l(v) : 0.0;
    inv = eig.eigenvectors() * invL.asDiagonal() * eig.eigenvectors().transpose();
  }
  inverse_ = inv.cast<float>();
}

template <int W>
void DenseCoarseSolver::solve(const float* b, float* x) const {
  const Eigen::Index n = inverse_.rows();
  constexpr int layout = W == 1 ? Eigen::ColMajor : Eigen::RowMajor;  // lanes innermost
  Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, W, layout>> bm(b, n, W);
  Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, W, layout>> xm(x, n, W);
  xm.noalias() = inverse_ * bm;
  // Remove the translation component (it carries no information).
  for (int c = 0; c < 3; ++c) {
    Eigen::Matrix<double, 1, W> mean = Eigen::Matrix<double, 1, W>::Zero();
    for (Eigen::Index p = 0; p < n / 3; ++p)
      if (active_[p]) mean += xm.row(3 * p + c).template cast<double>();
    if (activeCount_ > 0) mean /= activeCount_;
    for (Eigen::Index p = 0; p < n / 3; ++p)
      if (active_[p]) xm.row(3 * p + c) -= mean.template cast<float>();
      else xm.row(3 * p + c).setZero();
  }
}

template void DenseCoarseSolver::solve<1>(const float*, float*) const;
template void DenseCoarseSolver::solve<2>(const float*, float*) const;
template void DenseCoarseSolver::solve<4>(const float*, float*) const;
template void DenseCoarseSolver::solve<8>(const float*, float*) const;

}  // namespace mf::fem
