#include "plugins/spinodoid/spinodoid_family.hpp"

#include "core/dataset/dataset_store.hpp"
#include "core/design/study.hpp"
#include "core/io/resources.hpp"
#include "core/tensor/admissibility.hpp"
#include "core/voxel/random_fields.hpp"
#include "plugins/spinodoid/spinodoid_dataset.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace mf::spinodoid {
namespace {

// The RMS over the nine constants of their differences scaled by the data's spans.
double scaledDistance(const Constants& a, const Constants& b, const Scaling& s) {
  double sum = 0;
  for (std::size_t j = 0; j < 9; ++j) {
    const double d = (a[j] - b[j]) / (s.hi[j] - s.lo[j]);
    sum += d * d;
  }
  return std::sqrt(sum / 9.0);
}

std::size_t nearestIndex(const Constants& c, const std::vector<Constants>& data, const Scaling& s, double& distance) {
  std::size_t best = 0;
  distance = 1e300;
  for (std::size_t i = 0; i < data.size(); ++i)
    if (const double d = scaledDistance(c, data[i], s); d < distance) distance = d, best = i;
  return best;
}

Constants targetConstants(const Stiffness& t) { return constantsOf(t.voigt()); }

std::string describeDesign(const Design& d) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "ρ %.3f, θ (%.1f°, %.1f°, %.1f°)", d.density, d.coneDegrees[0], d.coneDegrees[1], d.coneDegrees[2]);
  return buf;
}

std::filesystem::path datasetOf(const std::filesystem::path& named, const std::filesystem::path& card) {
  std::error_code ec;
  if (named.empty()) throw std::runtime_error(card.string() + ": the card names no dataset");
  if (named.is_absolute() && std::filesystem::exists(named, ec)) return named;
  for (const std::filesystem::path& p : {card.parent_path() / named, io::findResource(named.string())})
    if (std::filesystem::exists(p, ec)) return p;
  throw std::runtime_error(card.string() + ": its dataset " + named.string() + " is missing");
}

// A spinodoid in its own terms: Θ and the field seed make the same cell at any resolution (the
// random field is continuous; only its sampling changes).
class SpinodoidMicrostructure final : public design::Microstructure {
 public:
  SpinodoidMicrostructure(const Design& d, std::uint64_t fieldSeed, int resolution)
      : design_(d), seed_(fieldSeed), resolution_(resolution) {}
  std::vector<Parameter> parameters() const override {
    return {{"density", design_.density},
            {"theta1", design_.coneDegrees[0]},
            {"theta2", design_.coneDegrees[1]},
            {"theta3", design_.coneDegrees[2]}};
  }
  std::uint64_t seed() const override { return seed_; }
  int nativeResolution() const override { return resolution_; }
  BinaryCell realize(int n) const override {
    if (n < 2 || n > 1024) throw std::invalid_argument("a spinodoid is realized at 2 to 1024 voxels per axis, not " + std::to_string(n));
    return spinodoid::realize(design_, n, seed_);
  }

 private:
  Design design_;
  std::uint64_t seed_;
  int resolution_;
};

}  // namespace

SpinodoidFamily::SpinodoidFamily(const std::filesystem::path& card) : card_(card), bundle_(loadBundle(card)) {
  const std::filesystem::path data = datasetOf(bundle_.dataset, card);
  resolution_ = dataset::readDatasetInfo(data).cellResolution;
  std::vector<Constants> held;
  for (dataset::Sample& s : dataset::readDatasetLabels(data)) {
    if (s.generator != kGeneratorName) continue;
    (isHeldOut(s) ? held : trainConstants_).push_back(constantsOf(s.stiffness));
    labels_.push_back(std::move(s));
  }
  if (trainConstants_.empty() || held.empty()) throw std::runtime_error(data.string() + ": too few spinodoid samples for the family");
  // How far a genuine spinodoid tensor lies from the training data: the held-out samples' own
  // distances, 99th percentile.
  std::vector<double> distances;
  for (const Constants& c : held) {
    double d = 0;
    nearestIndex(c, trainConstants_, bundle_.networks.scaling(), d);
    distances.push_back(d);
  }
  std::sort(distances.begin(), distances.end());
  std::vector<Stiffness> tensors;
  for (const Constants& c : trainConstants_)
    tensors.push_back(Stiffness::orthotropic(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]));
  orthotropicRanges_ = design::OrthotropicRanges::of(tensors, "spinodoid data (" + data.filename().string() + ")");
  reach_ = distances[std::min(distances.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(distances.size())))];
}

SpinodoidFamily::~SpinodoidFamily() = default;

std::string SpinodoidFamily::modelSummary() const {
  return "spinodoid-" + std::to_string(resolution_) + " (" + std::to_string(trainConstants_.size()) + " cells)";
}

design::TargetCheck SpinodoidFamily::checkTarget(const design::FamilyRequest& r) const {
  if (const Admissibility adm = r.target.admissibility(); !adm.ok()) return {"inadmissible target: " + adm.reason, {}};
  if (design::targetClassOf(r.target) == design::TargetClass::Full)
    return {"spinodoids are orthotropic: the target must have no shear–normal or shear–shear coupling (only the nine "
            "orthotropic constants)",
            {}};
  if (r.volumeFraction && (*r.volumeFraction < kMinDensity || *r.volumeFraction > kMaxDensity)) {
    char buf[120];
    std::snprintf(buf, sizeof buf, "spinodoids have volume fractions %.1f–%.1f, not %.3f", kMinDensity, kMaxDensity, *r.volumeFraction);
    return {buf, {}};
  }
  double distance = 0;
  const std::size_t nearest = nearestIndex(targetConstants(r.target), trainConstants_, bundle_.networks.scaling(), distance);
  if (distance <= reach_) return {};
  char buf[200];
  std::snprintf(buf, sizeof buf, "outside the spinodoid data: %.3f from the nearest of its %zu cells, where genuine spinodoid "
                "tensors lie within %.3f", distance, trainConstants_.size(), reach_);
  design::DesignTarget way;
  way.form = design::TargetForm::Orthotropic;
  way.values.assign(trainConstants_[nearest].begin(), trainConstants_[nearest].end());
  way.volumeFractionFree = true;
  return {buf, way};
}

std::vector<Design> SpinodoidFamily::designsFor(const Constants& target, int count, std::optional<double> density) const {
  return designsForAll({target}, {count}, {density}).front();
}

// Nearby designs of each i-NN answer, kept only where the f-NN rates them closer to the target:
// one i-NN call and one f-NN call for all targets.
std::vector<std::vector<Design>> SpinodoidFamily::designsForAll(const std::vector<Constants>& targets,
                                                                 const std::vector<int>& counts,
                                                                 const std::vector<std::optional<double>>& densities) const {
  constexpr int kNearby = 96;
  std::vector<Design> firsts = bundle_.networks.inverse(targets);
  std::vector<Design> all;
  all.reserve(targets.size() * (kNearby + 1));
  for (std::size_t t = 0; t < targets.size(); ++t) {
    Design& first = firsts[t];
    if (densities[t]) first.density = std::clamp(*densities[t], kMinDensity, kMaxDensity);
    all.push_back(first);
    Rng rng(0x5B1D);
    for (int k = 0; k < kNearby; ++k) {
      Design d = first;
      if (!densities[t]) d.density = std::clamp(d.density + rng.uniform(-0.03, 0.03), kMinDensity, kMaxDensity);
      for (double& a : d.coneDegrees)
        if (a > 0) a = std::clamp(a + rng.uniform(-6.0, 6.0), kMinConeDegrees, 90.0);
      all.push_back(d);
    }
  }
  const std::vector<Constants> predicted = bundle_.networks.forward(all);
  const Scaling& s = bundle_.networks.scaling();
  std::vector<std::vector<Design>> out;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const std::size_t base = t * (kNearby + 1);
    const double firstError = scaledDistance(predicted[base], targets[t], s);
    std::vector<std::pair<double, std::size_t>> better;
    for (std::size_t i = base + 1; i < base + kNearby + 1; ++i)
      if (const double e = scaledDistance(predicted[i], targets[t], s); e < firstError) better.push_back({e, i});
    std::sort(better.begin(), better.end());
    std::vector<Design> designs{firsts[t]};
    for (const auto& [e, i] : better) {
      if (static_cast<int>(designs.size()) >= std::max(1, counts[t] / 2)) break;  // at least half the cells keep the i-NN's design
      designs.push_back(all[i]);
    }
    out.push_back(std::move(designs));
  }
  return out;
}

std::vector<design::ProposedCell> SpinodoidFamily::realizeCells(const design::FamilyRequest& r, const std::vector<Design>& designs,
                                                                Progress& progress) const {
  std::vector<design::ProposedCell> out;
  for (int i = 0; i < r.count; ++i) {
    progress.checkCancelled();
    // Cells take the designs in turn, each with a field seed of its own.
    const Design& d = designs[static_cast<std::size_t>(i) % designs.size()];
    const std::uint64_t fieldSeed = deriveSeed(r.seed, static_cast<std::uint64_t>(i));
    design::Provenance p = design::familyProvenance(id(), card_.string(), r.seed, static_cast<std::size_t>(i));
    p.fields.insert({{"design", describeDesign(d)},
                     {"density", std::to_string(d.density)},
                     {"theta1", std::to_string(d.coneDegrees[0])},
                     {"theta2", std::to_string(d.coneDegrees[1])},
                     {"theta3", std::to_string(d.coneDegrees[2])},
                     {"field_seed", std::to_string(fieldSeed)},
                     {"resolution", std::to_string(resolution_)}});
    auto made = std::make_shared<const SpinodoidMicrostructure>(d, fieldSeed, resolution_);
    out.push_back({made->realize(resolution_), std::move(p), std::move(made)});
    progress.report(double(i + 1) / r.count, "realized " + std::to_string(i + 1) + " of " + std::to_string(r.count));
  }
  return out;
}

std::vector<design::ProposedCell> SpinodoidFamily::propose(const design::FamilyRequest& r, Progress& progress) const {
  return proposeBatch({r}, progress).cells.front();
}

design::BatchDesign::Batch SpinodoidFamily::proposeBatch(const std::vector<design::FamilyRequest>& requests, Progress& progress) const {
  std::vector<Constants> targets;
  std::vector<int> counts;
  std::vector<std::optional<double>> densities;
  for (const design::FamilyRequest& r : requests) {
    if (const design::TargetCheck check = checkTarget(r); !check.ok()) throw std::invalid_argument(check.describe());
    targets.push_back(targetConstants(r.target));
    counts.push_back(r.count);
    densities.push_back(r.volumeFraction);
  }
  Batch batch;
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<std::vector<Design>> designs = designsForAll(targets, counts, densities);
  batch.networkSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const double n = static_cast<double>(requests.size());
    SubProgress part(progress, static_cast<double>(i) / n, static_cast<double>(i + 1) / n);
    batch.cells.push_back(realizeCells(requests[i], designs[i], part));
  }
  return batch;
}

std::vector<design::HeldOutData::Example> SpinodoidFamily::examples() const {
  // Paper 004's example design (its Fig. 3), with a field seed of ours (the paper's field is not published).
  const Design paper{0.35, {70.0, 70.0, 0.0}};
  return {{"paper 004: Θ = (0.35, 70°, 70°, 0°)", realize(paper, resolution_, 4004)}};
}

std::optional<design::PropertyRanges> SpinodoidFamily::propertyRanges() const {
  design::PropertyRanges r{{1e300, 1e300, 1e300}, {-1e300, -1e300, -1e300}, "spinodoid data"};
  for (const Constants& c : trainConstants_) {
    const std::array<double, 3> p{(c[0] + c[3] + c[5]) / 3, (c[1] + c[2] + c[4]) / 3, (c[6] + c[7] + c[8]) / 3};
    for (std::size_t i = 0; i < 3; ++i) r.min[i] = std::min(r.min[i], p[i]), r.max[i] = std::max(r.max[i], p[i]);
  }
  return r;
}

std::optional<design::OrthotropicRanges> SpinodoidFamily::orthotropicRanges() const { return orthotropicRanges_; }

std::vector<design::HeldOutData::Target> SpinodoidFamily::heldOutTargets(const std::string& other) const {
  std::vector<Target> out;
  const auto use = [&](const dataset::Sample& s) {
    if (s.generator != kGeneratorName || !isHeldOut(s)) return;
    const Constants c = constantsOf(s.stiffness);
    out.push_back({Stiffness::orthotropic(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]), std::nullopt});
  };
  if (other.empty())
    for (const dataset::Sample& s : labels_) use(s);
  else
    for (const dataset::Sample& s : dataset::readDatasetLabels(other)) use(s);
  return out;
}

}  // namespace mf::spinodoid
