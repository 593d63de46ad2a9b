#include "core/design/metrics.hpp"

#include "core/tensor/engineering.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mf::design {

PropertyRanges PropertyRanges::ofBaseMaterial(const BaseMaterial& base) {
  const Stiffness c = base.stiffness();
  return {{0.0, 0.0, 0.0}, {c(1, 1), c(1, 2), c(4, 4)}, "base material"};
}

std::array<double, 3> cubicParts(const Stiffness& c) {
  const auto& m = c.voigt();
  return {(m(0, 0) + m(1, 1) + m(2, 2)) / 3.0, (m(0, 1) + m(0, 2) + m(1, 2)) / 3.0, (m(3, 3) + m(4, 4) + m(5, 5)) / 3.0};
}

double targetError(const Stiffness& target, const Stiffness& achieved, const PropertyRanges& r) {
  const auto t = cubicParts(target), a = cubicParts(achieved);
  double sum = 0.0;
  for (int i = 0; i < 3; ++i) {
    const double span = r.max[static_cast<std::size_t>(i)] - r.min[static_cast<std::size_t>(i)];
    if (!(span > 0.0)) throw std::invalid_argument("the property range of " + std::string(i == 0 ? "C11" : i == 1 ? "C12" : "C44") + " is empty");
    sum += std::abs(t[static_cast<std::size_t>(i)] - a[static_cast<std::size_t>(i)]) / span;
  }
  return sum / 3.0;
}

std::array<double, 9> orthotropicParts(const Stiffness& c) {
  const auto& m = c.voigt();
  return {m(0, 0), m(0, 1), m(0, 2), m(1, 1), m(1, 2), m(2, 2), m(3, 3), m(4, 4), m(5, 5)};
}

OrthotropicRanges OrthotropicRanges::of(const std::vector<Stiffness>& tensors, std::string source) {
  if (tensors.empty()) throw std::invalid_argument("orthotropic ranges of no tensors");
  OrthotropicRanges r;
  r.min.fill(std::numeric_limits<double>::infinity());
  r.max.fill(-std::numeric_limits<double>::infinity());
  for (const Stiffness& c : tensors) {
    const auto p = orthotropicParts(c);
    for (std::size_t i = 0; i < 9; ++i) r.min[i] = std::min(r.min[i], p[i]), r.max[i] = std::max(r.max[i], p[i]);
  }
  r.source = std::move(source);
  return r;
}

OrthotropicRanges OrthotropicRanges::ofBaseMaterial(const BaseMaterial& base) {
  OrthotropicRanges r;
  r.max = orthotropicParts(base.stiffness());
  r.source = "base material";
  return r;
}

double orthotropicError(const Stiffness& target, const Stiffness& achieved, const OrthotropicRanges& r) {
  const auto t = orthotropicParts(target), a = orthotropicParts(achieved);
  double sum = 0.0;
  for (std::size_t i = 0; i < 9; ++i) {
    const double span = r.max[i] - r.min[i];
    if (!(span > 0.0)) throw std::invalid_argument(std::string("the property range of ") + kOrthotropicNames[i] + " is empty");
    sum += std::abs(t[i] - a[i]) / span;
  }
  return sum / 9.0;
}

double normalizedSquaredError(const Stiffness& target, const Stiffness& achieved) {
  const auto& t = target.voigt();
  const auto& a = achieved.voigt();
  const double zero = 1e-6 * t.cwiseAbs().maxCoeff();
  double sum = 0.0;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      if (std::abs(t(i, j)) > zero) sum += (t(i, j) - a(i, j)) * (t(i, j) - a(i, j)) / (t(i, j) * t(i, j));
  return sum;
}

namespace {

ConstantError relativeTo(std::string name, double target, double achieved, double floor) {
  return {std::move(name), target, achieved, (achieved - target) / std::max(std::abs(target), floor)};
}

}  // namespace

std::vector<ConstantError> constantErrors(const DesignTarget& target, const Stiffness& achieved) {
  const Stiffness t = target.stiffness();
  const auto& tv = t.voigt();
  const double floor = 0.01 * std::max({tv(0, 0), tv(1, 1), tv(2, 2)});
  std::vector<ConstantError> out;
  const auto& names = fieldNames(target.form);
  switch (target.form) {
    case TargetForm::Cubic: {
      const auto want = cubicParts(t), got = cubicParts(achieved);
      for (std::size_t i = 0; i < 3; ++i) out.push_back(relativeTo(names[i], want[i], got[i], floor));
      break;
    }
    case TargetForm::Orthotropic:
    case TargetForm::Full:
      for (const std::string& name : names) {
        const int i = name[1] - '0', j = name[2] - '0';  // "C23" → (2, 3), 1-based
        out.push_back(relativeTo(name, t(i, j), achieved(i, j), floor));
      }
      break;
    case TargetForm::Engineering: {
      if (!achieved.admissibility().ok()) return {};
      const EngineeringConstants e = engineeringConstants(achieved);
      const double youngs = (e.youngs[0] + e.youngs[1] + e.youngs[2]) / 3.0;
      const double nu = (e.poisson(0, 1) + e.poisson(0, 2) + e.poisson(1, 2) + e.poisson(1, 0) + e.poisson(2, 0) +
                         e.poisson(2, 1)) / 6.0;
      const double shear = (e.shear[0] + e.shear[1] + e.shear[2]) / 3.0;
      out.push_back(relativeTo(names[0], target.values[0], youngs, floor));
      out.push_back(relativeTo(names[1], target.values[1], nu, 0.01));
      out.push_back(relativeTo(names[2], target.values[2], shear, floor));
      break;
    }
  }
  return out;
}

std::optional<ConstantError> furthestOff(const std::vector<ConstantError>& errors) {
  std::optional<ConstantError> worst;
  for (const ConstantError& e : errors)
    if (!worst || std::abs(e.relative) > std::abs(worst->relative)) worst = e;
  return worst;
}

bool isConnected(const BinaryCell& cell) {
  const ComponentLabels c = periodicComponents(cell, Connectivity::Face);
  return c.sizes.size() == 1 && c.wraps[0][0] && c.wraps[0][1] && c.wraps[0][2];
}

namespace {

// How far `c` is from the tensors that keep only the entries `keep` says (relative to its largest
// entry); 0 for a tensor of that form.
template <class Keep>
double offForm(const Stiffness& c, Keep keep) {
  const auto& m = c.voigt();
  const double scale = m.cwiseAbs().maxCoeff();
  if (!(scale > 0)) return 0.0;
  const Stiffness projected = keep(c);
  return (m - projected.voigt()).cwiseAbs().maxCoeff() / scale;
}

constexpr double kFormTolerance = 1e-9;

}  // namespace

Stiffness projectOnto(TargetClass c, const Stiffness& t) {
  switch (c) {
    case TargetClass::Cubic: {
      const auto p = cubicParts(t);
      return Stiffness::cubic(p[0], p[1], p[2]);
    }
    case TargetClass::Orthotropic: {
      const auto p = orthotropicParts(t);
      return Stiffness::orthotropic(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    }
    case TargetClass::Full: break;
  }
  return t;
}

TargetClass targetClassOf(const Stiffness& t) {
  const auto off = [&](TargetClass c) { return offForm(t, [c](const Stiffness& x) { return projectOnto(c, x); }); };
  if (off(TargetClass::Cubic) <= kFormTolerance) return TargetClass::Cubic;
  return off(TargetClass::Orthotropic) <= kFormTolerance ? TargetClass::Orthotropic : TargetClass::Full;
}

const char* toString(TargetClass c) {
  switch (c) {
    case TargetClass::Cubic: return "cubic";
    case TargetClass::Orthotropic: return "orthotropic";
    case TargetClass::Full: return "full";
  }
  return "?";
}

TargetMetric TargetMetric::cubic(PropertyRanges ranges) { return TargetMetric(std::move(ranges)); }
TargetMetric TargetMetric::orthotropic(OrthotropicRanges ranges) { return TargetMetric(std::move(ranges)); }
TargetMetric TargetMetric::full() { return TargetMetric(std::monostate{}); }

TargetClass TargetMetric::targetClass() const {
  return norm_.index() == 0 ? TargetClass::Cubic : norm_.index() == 1 ? TargetClass::Orthotropic : TargetClass::Full;
}

std::optional<PropertyRanges> TargetMetric::cubicRanges() const {
  if (const auto* cubic = std::get_if<PropertyRanges>(&norm_)) return *cubic;
  return std::nullopt;
}

double TargetMetric::operator()(const Stiffness& target, const Stiffness& achieved) const {
  if (const auto* cubic = std::get_if<PropertyRanges>(&norm_)) return targetError(target, achieved, *cubic);
  if (const auto* ortho = std::get_if<OrthotropicRanges>(&norm_)) return orthotropicError(target, achieved, *ortho);
  return normalizedSquaredError(target, achieved);
}

std::string TargetMetric::describe() const {
  if (const auto* cubic = std::get_if<PropertyRanges>(&norm_))
    return "Eq. 18 (C11, C12, C44; ranges of " + cubic->source + ")";
  if (const auto* ortho = std::get_if<OrthotropicRanges>(&norm_))
    return "mean over the nine orthotropic constants (ranges of " + ortho->source + ")";
  return "NMSE (seed 003, Eq. 8)";
}

std::vector<std::string> TargetMetric::constantNames() const {
  switch (targetClass()) {
    case TargetClass::Cubic: return {"C11", "C12", "C44"};
    case TargetClass::Orthotropic: return {kOrthotropicNames.begin(), kOrthotropicNames.end()};
    case TargetClass::Full: break;
  }
  std::vector<std::string> names;
  for (int i = 1; i <= 6; ++i)
    for (int j = i; j <= 6; ++j) names.push_back("C" + std::to_string(i) + std::to_string(j));
  return names;
}

std::vector<double> TargetMetric::constants(const Stiffness& t) const {
  switch (targetClass()) {
    case TargetClass::Cubic: {
      const auto p = cubicParts(t);
      return {p.begin(), p.end()};
    }
    case TargetClass::Orthotropic: {
      const auto p = orthotropicParts(t);
      return {p.begin(), p.end()};
    }
    case TargetClass::Full: break;
  }
  std::vector<double> v;
  for (int i = 0; i < 6; ++i)
    for (int j = i; j < 6; ++j) v.push_back(t.voigt()(i, j));
  return v;
}

std::vector<double> rSquaredPerConstant(const std::vector<std::vector<double>>& targets,
                                        const std::vector<std::vector<double>>& achieved) {
  if (targets.empty()) return {};
  const std::size_t m = targets.front().size();
  std::vector<double> out(m, 0.0);
  for (std::size_t j = 0; j < m; ++j) {
    double mean = 0, res = 0, tot = 0;
    for (const auto& t : targets) mean += t[j] / static_cast<double>(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
      res += (achieved[i][j] - targets[i][j]) * (achieved[i][j] - targets[i][j]);
      tot += (targets[i][j] - mean) * (targets[i][j] - mean);
    }
    out[j] = tot > 0 ? 1.0 - res / tot : 0.0;
  }
  return out;
}

std::vector<CandidateMetrics> evaluateCandidates(const std::optional<Stiffness>& target,
                                                 const std::vector<Candidate>& candidates, const TargetMetric& metric) {
  std::vector<CandidateMetrics> out(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    CandidateMetrics& m = out[i];
    m.volumeFraction = c.cell.empty() ? 0.0 : volumeFraction(c.cell);
    m.connected = !c.cell.empty() && isConnected(c.cell);
    if (c.homogenized) {
      if (target) m.error = metric(*target, c.homogenized->stiffness);
      if (c.homogenized->stiffness.admissibility().ok()) m.zener = engineeringConstants(c.homogenized->stiffness).zener;
    }
    double sum = 0.0;
    int count = 0;
    for (std::size_t j = 0; j < candidates.size(); ++j) {
      if (j == i || candidates[j].cell.dims() != c.cell.dims() || c.cell.empty()) continue;
      const double s = shapeSimilarity(c.cell, candidates[j].cell);
      sum += s;
      ++count;
      if (!m.maxSimilarity || s > *m.maxSimilarity) {
        m.maxSimilarity = s;
        m.mostSimilar = static_cast<int>(j);
      }
    }
    if (count > 0) m.meanSimilarity = sum / count;
  }
  return out;
}

std::optional<double> diversity(const std::vector<const BinaryCell*>& cells) {
  if (cells.size() < 2) return std::nullopt;
  double sum = 0.0;
  int pairs = 0;
  for (std::size_t i = 0; i < cells.size(); ++i)
    for (std::size_t j = i + 1; j < cells.size(); ++j) {
      sum += shapeSimilarity(*cells[i], *cells[j]);
      ++pairs;
    }
  return sum / pairs;
}

std::optional<double> novelty(const BinaryCell& cell, const std::vector<PackedCell>& reference) {
  const PackedCell packed(cell);
  std::optional<double> best;
  for (const PackedCell& r : reference)
    if (r.dims() == packed.dims()) best = std::max(best.value_or(0.0), packed.similarity(r));
  return best;
}

}  // namespace mf::design
