#include "core/voxel/random_fields.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace mf {

std::uint64_t Rng::next() {
  // SplitMix64 (Steele, Lea, Flood 2014).
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
int Rng::uniformInt(int lo, int hi) {
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<int>(next() % span);
}
double Rng::normal() {
  const double u1 = 1.0 - uniform();  // (0, 1]
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::uint64_t deriveSeed(std::uint64_t runSeed, std::uint64_t index) {
  Rng a(runSeed ^ 0xD1B54A32D192ED03ull);
  const std::uint64_t salt = a.next();
  Rng b(salt + index * 0x9E3779B97F4A7C15ull);
  b.next();
  return b.next();
}

DensityCell sumWaves(int n, const std::vector<Wave>& waves) {
  if (n <= 0) throw std::invalid_argument("random field: resolution must be positive");
  DensityCell out(n);
  // a cos t + b sin t = Re((a − ib)·e^{it}), and e^{2πik·x} factors into one table per axis: three
  // multiplications per voxel and wave instead of a cosine and a sine.
  using Complex = std::complex<double>;
  std::array<std::vector<Complex>, 3> table;
  for (auto& t : table) t.resize(static_cast<std::size_t>(n));
  for (const Wave& w : waves) {
    for (std::size_t axis = 0; axis < 3; ++axis)
      for (int i = 0; i < n; ++i)
        table[axis][static_cast<std::size_t>(i)] = std::polar(1.0, 2.0 * std::numbers::pi * w.k[axis] * (i + 0.5) / n);
    const Complex amplitude(w.cosAmp, -w.sinAmp);
    for (int k = 0; k < n; ++k)
      for (int j = 0; j < n; ++j) {
        const Complex c = amplitude * table[1][static_cast<std::size_t>(j)] * table[2][static_cast<std::size_t>(k)];
        double* line = &out(0, j, k);
        for (int i = 0; i < n; ++i) {
          const Complex& e = table[0][static_cast<std::size_t>(i)];
          line[i] += c.real() * e.real() - c.imag() * e.imag();
        }
      }
  }
  return out;
}

DensityCell trigBasisField(int n, int maxWave, int terms, Rng& rng) {
  if (maxWave < 1 || terms < 1) throw std::invalid_argument("trigBasisField: maxWave and terms must be ≥ 1");
  std::vector<Wave> waves;
  while (static_cast<int>(waves.size()) < terms) {
    Wave w{{rng.uniformInt(-maxWave, maxWave), rng.uniformInt(-maxWave, maxWave), rng.uniformInt(-maxWave, maxWave)},
           0, 0};
    if (w.k == std::array<int, 3>{0, 0, 0}) continue;
    const double len = std::sqrt(double(w.k[0] * w.k[0] + w.k[1] * w.k[1] + w.k[2] * w.k[2]));
    w.cosAmp = rng.normal() / len;
    w.sinAmp = rng.normal() / len;
    waves.push_back(w);
  }
  return sumWaves(n, waves);
}

DensityCell gaussianRandomField(int n, double wavenumber, int waves, double coneDegrees, Rng& rng) {
  if (wavenumber < 1 || waves < 1) throw std::invalid_argument("gaussianRandomField: wavenumber and waves must be ≥ 1");
  const double cosCone = std::cos(std::clamp(coneDegrees, 1.0, 90.0) * std::numbers::pi / 180.0);
  // Every integer vector on the shell |k| ∈ [k0 − ½, k0 + ½] inside the cone.
  std::vector<std::array<int, 3>> shell;
  const int r = static_cast<int>(std::ceil(wavenumber + 0.5));
  for (int a = -r; a <= r; ++a)
    for (int b = -r; b <= r; ++b)
      for (int c = -r; c <= r; ++c) {
        const double len = std::sqrt(double(a * a + b * b + c * c));
        if (len < 0.5 || std::abs(len - wavenumber) > 0.5) continue;
        const double maxCos = std::max({std::abs(a), std::abs(b), std::abs(c)}) / len;
        if (maxCos + 1e-12 >= cosCone) shell.push_back({a, b, c});
      }
  if (shell.empty()) throw std::invalid_argument("gaussianRandomField: no wave vectors on that shell and cone");
  std::vector<Wave> list;
  for (int w = 0; w < waves; ++w) {
    const auto& k = shell[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(shell.size()) - 1))];
    const double phi = rng.uniform(0.0, 2.0 * std::numbers::pi);
    list.push_back({k, std::cos(phi), -std::sin(phi)});  // cos(2πk·x + φ)
  }
  return sumWaves(n, list);
}

BinaryCell thresholdToFraction(const DensityCell& field, double fraction) {
  if (!(fraction > 0.0 && fraction < 1.0)) throw std::invalid_argument("thresholdToFraction: fraction must be in (0, 1)");
  std::vector<double> sorted(field.data());
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const std::size_t n = sorted.size();
  const auto want = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
  if (want == 0) return BinaryCell(field.nx(), field.ny(), field.nz());
  const double t = sorted[want - 1];
  // The tie group of t spans [first, last) in the sorted order: take all of it or none.
  const auto first = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), t, std::greater<>()) - sorted.begin());
  const auto last = static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), t, std::greater<>()) - sorted.begin());
  const bool takeGroup = (last - want) <= (want - first) || first == 0;
  BinaryCell out(field.nx(), field.ny(), field.nz());
  for (std::size_t v = 0; v < n; ++v) out[v] = (takeGroup ? field[v] >= t : field[v] > t) ? 1 : 0;
  return out;
}

DensityCell densityWithMean(const DensityCell& field, double mean, double spread) {
  double avg = 0;
  for (double v : field.data()) avg += v;
  avg /= static_cast<double>(field.size());
  double dev = 0;
  for (double v : field.data()) dev = std::max(dev, std::abs(v - avg));
  const double room = std::min(mean, 1.0 - mean) * spread;
  const double scale = dev > 0 ? room / dev : 0.0;
  DensityCell out = field;
  for (double& v : out.data()) v = std::clamp(mean + scale * (v - avg), 0.0, 1.0);
  return out;
}

}  // namespace mf
