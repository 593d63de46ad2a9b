#include "core/dataset/property_range.hpp"

#include "core/voxel/random_fields.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mf::dataset {
namespace {

constexpr double kInf = 1e30;
constexpr double kFar = 1e20;  // squared distance of "no seed"

// Squared Euclidean distance transform of f along one line (Felzenszwalb & Huttenlocher 2012):
// the lower envelope of the parabolas (q − p)² + f(p). "No seed" is a huge finite value, whose
// parabolas never reach the envelope while a real one exists.
void edt1d(const double* f, double* d, int n, std::vector<int>& v, std::vector<double>& z) {
  v.assign(static_cast<std::size_t>(n), 0);
  z.assign(static_cast<std::size_t>(n) + 1, 0.0);
  std::size_t k = 0;
  z[0] = -kInf;
  z[1] = kInf;
  for (int q = 1; q < n; ++q) {
    double s;
    while (true) {
      const int p = v[k];
      s = ((f[q] + double(q) * q) - (f[p] + double(p) * p)) / (2.0 * (q - p));
      if (s <= z[k] && k > 0) {
        --k;
        continue;
      }
      break;
    }
    if (s <= z[k]) {  // k == 0 and the new parabola is lower everywhere
      v[0] = q;
      z[0] = -kInf;
      z[1] = kInf;
      continue;
    }
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = kInf;
  }
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[k + 1] < q) ++k;
    const int p = v[k];
    d[q] = (q - p) * double(q - p) + f[p];
  }
}

// Distances (in grid steps) from every node to the nearest node where `seed` is true.
std::vector<double> distanceTo(const std::vector<char>& seed, int g) {
  const std::size_t total = seed.size();
  std::vector<double> d(total);
  for (std::size_t i = 0; i < total; ++i) d[i] = seed[i] ? 0.0 : kFar;
  std::vector<double> line(static_cast<std::size_t>(g)), out(static_cast<std::size_t>(g));
  std::vector<int> v;
  std::vector<double> z;
  std::size_t stride = 1;
  for (int axis = 0; axis < 4; ++axis, stride *= static_cast<std::size_t>(g)) {
    for (std::size_t base = 0; base < total; ++base) {
      if ((base / stride) % static_cast<std::size_t>(g) != 0) continue;  // first node of a line
      for (int t = 0; t < g; ++t) line[static_cast<std::size_t>(t)] = d[base + static_cast<std::size_t>(t) * stride];
      edt1d(line.data(), out.data(), g, v, z);
      for (int t = 0; t < g; ++t) d[base + static_cast<std::size_t>(t) * stride] = out[static_cast<std::size_t>(t)];
    }
  }
  for (double& x : d) x = x >= 0.5 * kFar ? kInf : std::sqrt(x);
  return d;
}

double medianNearestNeighbour(const std::vector<std::array<double, 4>>& pts) {
  if (pts.size() < 2) return 0.1;
  std::vector<double> nn(pts.size(), kInf);
  for (std::size_t a = 0; a < pts.size(); ++a)
    for (std::size_t b = a + 1; b < pts.size(); ++b) {
      double s = 0;
      for (int c = 0; c < 4; ++c) s += (pts[a][c] - pts[b][c]) * (pts[a][c] - pts[b][c]);
      nn[a] = std::min(nn[a], s);
      nn[b] = std::min(nn[b], s);
    }
  std::nth_element(nn.begin(), nn.begin() + static_cast<long>(nn.size() / 2), nn.end());
  return std::sqrt(nn[nn.size() / 2]);
}

}  // namespace

PropertyRange PropertyRange::build(const std::vector<Sample>& samples, const PropertyRangeOptions& o) {
  if (samples.empty()) throw std::invalid_argument("the property range of an empty dataset is undefined");
  if (o.gridPoints < 4) throw std::invalid_argument("the property range needs at least 4 grid points per axis");
  PropertyRange r;
  r.box_ = PropertyBox::of(samples);
  r.g_ = o.gridPoints;
  std::vector<std::array<double, 4>> pts;
  pts.reserve(samples.size());
  for (const Sample& s : samples) pts.push_back(r.box_.normalize(propertyPoint(s)));
  r.radius_ = o.closingRadius > 0 ? o.closingRadius : 2.5 * medianNearestNeighbour(pts);
  // The grid must hold the whole dilation with room to spare, or the erosion has no outside
  // to erode from.
  const double padding = std::max(o.padding, r.radius_ + 0.1);
  r.origin_ = -padding;
  r.step_ = (1.0 + 2.0 * padding) / (o.gridPoints - 1);
  r.radius_ = std::max(r.radius_, 2.0 * r.step_);

  const int g = r.g_;
  const std::size_t total = static_cast<std::size_t>(g) * g * g * g;
  std::vector<char> seed(total, 0);
  for (const auto& p : pts) {
    std::size_t idx = 0, stride = 1;
    for (int a = 0; a < 4; ++a, stride *= static_cast<std::size_t>(g)) {
      const int i = std::clamp(static_cast<int>(std::lround((p[a] - r.origin_) / r.step_)), 0, g - 1);
      idx += static_cast<std::size_t>(i) * stride;
    }
    seed[idx] = 1;
  }
  const double rSteps = r.radius_ / r.step_;
  // Closing: dilate the points by r, then keep the nodes at least r (less 1.5 steps, for the
  // quantization of the points to nodes) from the dilation's outside.
  const std::vector<double> toPoints = distanceTo(seed, g);
  std::vector<char> outsideDilation(total);
  for (std::size_t i = 0; i < total; ++i) outsideDilation[i] = toPoints[i] > rSteps;
  const std::vector<double> toOutsideDilation = distanceTo(outsideDilation, g);
  std::vector<char> inside(total), outside(total);
  for (std::size_t i = 0; i < total; ++i) {
    inside[i] = toOutsideDilation[i] >= rSteps - 1.5;
    outside[i] = !inside[i];
  }
  const std::vector<double> toInside = distanceTo(inside, g);
  const std::vector<double> toOutside = distanceTo(outside, g);
  r.values_.resize(total);
  for (std::size_t i = 0; i < total; ++i) {
    // Node-to-node distances put the border half a step off; centre it between the nodes.
    const double d = inside[i] ? std::min(toOutside[i], 1e6) - 0.5 : -(std::min(toInside[i], 1e6) - 0.5);
    r.values_[i] = static_cast<float>(d * r.step_);
  }
  return r;
}

double PropertyRange::sdfNormalized(const std::array<double, 4>& p) const {
  // Clamp into the grid; beyond it, the value at the edge minus the distance to it.
  double excess = 0, frac[4];
  int base[4];
  for (int a = 0; a < 4; ++a) {
    const double t = (p[a] - origin_) / step_;
    const double c = std::clamp(t, 0.0, double(g_ - 1));
    excess += (t - c) * (t - c);
    base[a] = std::min(static_cast<int>(c), g_ - 2);
    frac[a] = c - base[a];
  }
  double value = 0;
  for (int corner = 0; corner < 16; ++corner) {
    double w = 1;
    std::size_t idx = 0, stride = 1;
    for (int a = 0; a < 4; ++a, stride *= static_cast<std::size_t>(g_)) {
      const int bit = (corner >> a) & 1;
      w *= bit ? frac[a] : 1.0 - frac[a];
      idx += static_cast<std::size_t>(base[a] + bit) * stride;
    }
    if (w != 0) value += w * values_[idx];
  }
  return value - std::sqrt(excess) * step_;
}

double PropertyRange::sdf(const std::array<double, 4>& point) const { return sdfNormalized(box_.normalize(point)); }

std::vector<std::array<double, 4>> PropertyRange::sampleTargets(std::size_t count, double minSdf, double maxSdf,
                                                                std::uint64_t seed) const {
  Rng rng(seed);
  std::vector<std::array<double, 4>> out;
  const double lo = origin_, hi = origin_ + step_ * (g_ - 1);
  const std::size_t limit = 1000 * (count + 10);
  for (std::size_t draw = 0; draw < limit && out.size() < count; ++draw) {
    std::array<double, 4> p{};
    for (double& v : p) v = rng.uniform(lo, hi);
    const double f = sdfNormalized(p);
    if (!(f > minSdf && f <= maxSdf)) continue;
    std::array<double, 4> physical{};
    for (std::size_t a = 0; a < 4; ++a) physical[a] = box_.lo[a] + p[a] * (box_.hi[a] - box_.lo[a]);
    out.push_back(physical);
  }
  if (out.size() < count)
    throw std::runtime_error("the f_SDF band (" + std::to_string(minSdf) + ", " + std::to_string(maxSdf) +
                             "] holds too little of property space to draw " + std::to_string(count) + " targets");
  return out;
}

}  // namespace mf::dataset
