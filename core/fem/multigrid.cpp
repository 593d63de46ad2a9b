#include "core/fem/multigrid.hpp"

#include "core/fem/transfer.hpp"

#include <cmath>
#include <random>

namespace mf::fem {
namespace {

bool canCoarsen(const std::array<int, 3>& d, std::size_t minNodes) {
  const std::size_t nodes = static_cast<std::size_t>(d[0]) * d[1] * d[2];
  return nodes > minNodes && d[0] % 2 == 0 && d[1] % 2 == 0 && d[2] % 2 == 0 && d[0] >= 4 &&
         d[1] >= 4 && d[2] >= 4;
}

// Chebyshev smoothing of A x = b with the block-Jacobi preconditioner (Saad, Alg. 12.1).
// x is overwritten from zero when zeroGuess, else improved; z and d are scratch. Each step is
// one fused sweep z = D⁻¹(b − A x) and one update pass.
template <class S, int W, class Op>
void chebyshev(const Op& op, std::size_t nodes, const S* b, S* x, bool zeroGuess, int degree,
               double lambdaMax, double range, S* z, S* d) {
  using V = typename LaneVec<S, W>::type;
  const std::size_t vecs = nodes * 3;  // W-lane vectors
  const double lmin = lambdaMax / range;
  const double theta = 0.5 * (lambdaMax + lmin), delta = 0.5 * (lambdaMax - lmin);
  const double sigma = theta / delta;
  double rho = 1.0 / sigma;
  if (zeroGuess) op.template blockJacobi<W>(b, z);
  else op.template jacobiResidual<W>(b, x, z);
  const S c = static_cast<S>(1.0 / theta);
#pragma omp parallel for schedule(static)
  for (std::size_t v = 0; v < vecs; ++v) {
    const V dv = c * BlockAccumulator<S, W>::load(z + v * W);
    BlockAccumulator<S, W>::store(d + v * W, dv);
    const V xv = zeroGuess ? dv : BlockAccumulator<S, W>::load(x + v * W) + dv;
    BlockAccumulator<S, W>::store(x + v * W, xv);
  }
  for (int k = 1; k < degree; ++k) {
    op.template jacobiResidual<W>(b, x, z);
    const double rhoNew = 1.0 / (2.0 * sigma - rho);
    const S c1 = static_cast<S>(rhoNew * rho), c2 = static_cast<S>(2.0 * rhoNew / delta);
#pragma omp parallel for schedule(static)
    for (std::size_t v = 0; v < vecs; ++v) {
      const V dv = c1 * BlockAccumulator<S, W>::load(d + v * W) + c2 * BlockAccumulator<S, W>::load(z + v * W);
      BlockAccumulator<S, W>::store(d + v * W, dv);
      BlockAccumulator<S, W>::store(x + v * W, BlockAccumulator<S, W>::load(x + v * W) + dv);
    }
    rho = rhoNew;
  }
}

// λmax of D⁻¹A by power iteration on W random lanes (the largest estimate wins), with a 15 %
// margin: an underestimate would let the smoother amplify the top of the spectrum.
template <class S, int W, class Op>
double estimateLambdaMax(const Op& op, std::size_t nodes, int iterations, S* x, S* y,
                         const std::uint8_t* active = nullptr) {
  const std::size_t n = nodes * 3 * W;
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (std::size_t v = 0; v < n; ++v) x[v] = (active && !active[v / (3 * W)]) ? S(0) : static_cast<S>(u(rng));
  double lambda = 0.0;
  for (int it = 0; it < iterations; ++it) {
    op.template apply<W>(x, y);
    op.template blockJacobi<W>(y, y);
    const LaneScalars xx = laneDot<S, W>(x, x, 3 * nodes), yy = laneDot<S, W>(y, y, 3 * nodes);
    LaneScalars scale{};
    lambda = 0.0;
    for (int w = 0; w < W; ++w) {
      const double ratio = xx[w] > 0.0 ? std::sqrt(yy[w] / xx[w]) : 0.0;
      lambda = std::max(lambda, ratio);
      scale[w] = yy[w] > 0.0 ? 1.0 / std::sqrt(yy[w]) : 0.0;
    }
#pragma omp parallel for schedule(static)
    for (std::size_t v = 0; v < n; ++v) x[v] = static_cast<S>(scale[v % W] * y[v]);
  }
  return 1.15 * lambda;
}

}  // namespace

MultigridHierarchy buildMultigridHierarchy(const FineOperator<float>& fine, const MultigridSettings& settings,
                                           Progress& progress) {
  constexpr int W = 4;  // four random starts for each spectrum estimate
  MultigridHierarchy h;
  {
    LaneField<float, W> x(fine.activeNodes()), y(fine.activeNodes());
    h.fineLambda = estimateLambdaMax<float, W>(fine, fine.activeNodes(), settings.powerIterations, x.data(), y.data());
  }
  progress.checkCancelled();
  std::array<int, 3> dims = fine.dims();
  while (canCoarsen(dims, settings.coarsestNodes)) {
    MultigridLevel level;
    level.grid = h.levels.empty() ? galerkinFromElements(fine.moduli(), fine.element())
                                  : galerkinFromStencils(h.levels.back().grid);
    const std::size_t nodes = level.grid.nodes();
    LaneField<float, W> x(nodes), y(nodes);
    level.lambdaMax = estimateLambdaMax<float, W>(level.grid, nodes, settings.powerIterations, x.data(), y.data(),
                                                  level.grid.active.data());
    dims = level.grid.dims;
    h.levels.push_back(std::move(level));
    progress.checkCancelled();
  }
  if (!h.levels.empty() && 3 * h.levels.back().grid.nodes() <= kMaxDenseCoarseUnknowns)
    h.dense.emplace(h.levels.back().grid);
  return h;
}

template <int W>
Multigrid<W>::Multigrid(const FineOperator<float>& fine, const MultigridSettings& settings, Progress& progress)
    : fine_(fine), settings_(settings), hierarchy_(buildMultigridHierarchy(fine, settings, progress)) {
  const std::size_t fineNodes = fine.activeNodes();
  fb_ = LaneField<float, W>(fineNodes);
  fx_ = LaneField<float, W>(fineNodes);
  fr_ = LaneField<float, W>(fineNodes);
  fd_ = LaneField<float, W>(fineNodes);
  for (const MultigridLevel& l : hierarchy_.levels) {
    const std::size_t nodes = l.grid.nodes();
    work_.push_back({LaneField<float, W>(nodes), LaneField<float, W>(nodes), LaneField<float, W>(nodes),
                     LaneField<float, W>(nodes)});
  }
}

template <int W>
template <class T>
void Multigrid<W>::apply(const T* r, T* z) {
  const std::size_t n = fine_.activeNodes();
  const std::size_t values = n * 3 * W;
  float* b = fb_.data();
  float* x = fx_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t v = 0; v < values; ++v) b[v] = static_cast<float>(r[v]);
  const int deg = settings_.smoothingDegree;
  const double lambda = hierarchy_.fineLambda;
  if (hierarchy_.levels.empty()) {
    chebyshev<float, W>(fine_, n, b, x, true, 2 * deg, lambda, settings_.smoothingRange, fr_.data(), fd_.data());
  } else {
    chebyshev<float, W>(fine_, n, b, x, true, deg, lambda, settings_.smoothingRange, fr_.data(), fd_.data());
    // Residual of the smoothed guess, restricted to level 1.
    float* res = fr_.data();
    fine_.template residual<W>(b, x, res);
    const auto& map = fine_.gridToActive();
    const auto& toGrid = fine_.activeToGrid();
    const CoarseGrid& g1 = hierarchy_.levels.front().grid;
    restrictField<W>(fine_.dims(), [&](std::size_t g) { return static_cast<std::int64_t>(map[g]); }, res,
                     g1.dims, work_.front().b.data());
    cycle(0);
    prolongAdd<W>(fine_.dims(), n, [&](std::size_t a) { return static_cast<std::size_t>(toGrid[a]); },
                  g1.dims, work_.front().x.data(), x);
    chebyshev<float, W>(fine_, n, b, x, false, deg, lambda, settings_.smoothingRange, fr_.data(), fd_.data());
  }
#pragma omp parallel for schedule(static)
  for (std::size_t v = 0; v < values; ++v) z[v] = static_cast<T>(x[v]);
}

template <int W>
void Multigrid<W>::cycle(std::size_t idx) {
  const MultigridLevel& l = hierarchy_.levels[idx];
  Work& w = work_[idx];
  const std::size_t n = l.grid.nodes();
  if (idx + 1 == hierarchy_.levels.size()) {
    if (hierarchy_.dense) hierarchy_.dense->template solve<W>(w.b.data(), w.x.data());
    else
      chebyshev<float, W>(l.grid, n, w.b.data(), w.x.data(), true, settings_.coarsestSmoothing, l.lambdaMax,
                          4.0 * settings_.smoothingRange, w.r.data(), w.d.data());
    return;
  }
  const int deg = settings_.smoothingDegree;
  chebyshev<float, W>(l.grid, n, w.b.data(), w.x.data(), true, deg, l.lambdaMax, settings_.smoothingRange,
                      w.r.data(), w.d.data());
  l.grid.template residual<W>(w.b.data(), w.x.data(), w.r.data());
  const MultigridLevel& next = hierarchy_.levels[idx + 1];
  Work& nw = work_[idx + 1];
  restrictField<W>(l.grid.dims, [](std::size_t g) { return static_cast<std::int64_t>(g); }, w.r.data(),
                   next.grid.dims, nw.b.data());
  cycle(idx + 1);
  prolongAdd<W>(l.grid.dims, n, [](std::size_t a) { return a; }, next.grid.dims, nw.x.data(), w.x.data());
  chebyshev<float, W>(l.grid, n, w.b.data(), w.x.data(), false, deg, l.lambdaMax, settings_.smoothingRange,
                      w.r.data(), w.d.data());
}

template <int W>
std::size_t Multigrid<W>::memoryBytes() const {
  std::size_t bytes = (fb_.v.size() + fx_.v.size() + fr_.v.size() + fd_.v.size()) * sizeof(float);
  for (const auto& l : hierarchy_.levels)
    bytes += (l.grid.stencil.size() + l.grid.diagInv.size()) * sizeof(float) + l.grid.active.size();
  for (const auto& w : work_) bytes += (w.b.v.size() + w.x.v.size() + w.r.v.size() + w.d.v.size()) * sizeof(float);
  if (hierarchy_.dense) bytes += hierarchy_.dense->unknowns() * hierarchy_.dense->unknowns() * sizeof(float);
  return bytes;
}

#define MF_INSTANTIATE_MG(W)                                        \
  template class Multigrid<W>;                                      \
  template void Multigrid<W>::apply<float>(const float*, float*);   \
  template void Multigrid<W>::apply<double>(const double*, double*);
MF_INSTANTIATE_MG(1)
MF_INSTANTIATE_MG(2)
MF_INSTANTIATE_MG(4)
MF_INSTANTIATE_MG(8)

}  // namespace mf::fem
