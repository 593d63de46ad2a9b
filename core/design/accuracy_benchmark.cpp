#include "core/design/accuracy_benchmark.hpp"

#include "core/design/verify.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace mf::design {
namespace {

double standardError(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  double mean = 0, sq = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  for (double v : values) sq += (v - mean) * (v - mean);
  return std::sqrt(sq / static_cast<double>(values.size() - 1) / static_cast<double>(values.size()));
}

bool positive(const std::map<std::string, std::string>& fields, const std::string& key) {
  const auto it = fields.find(key);
  if (it == fields.end()) return false;
  try {
    return std::stod(it->second) > 0;
  } catch (const std::exception&) {
    return false;
  }
}

constexpr double kTargetsShare = 0.95;  // of the progress; the batch timing and the examples take the rest

FamilyRequest requestFor(const HeldOutData::Target& target, int number, const AccuracyPlan& plan) {
  FamilyRequest request;
  request.target = target.stiffness;
  request.volumeFraction = target.volumeFraction;
  request.count = plan.cellsPerTarget;
  request.steps = plan.steps;
  request.guidance = plan.guidance;
  request.seed = static_cast<std::uint64_t>(number) + 1;
  return request;
}

// Target and achieved constants over all cells, and over each target's best (ranked first).
void correlate(AccuracyReport& r) {
  if (r.cells.empty()) return;
  const TargetMetric metric = metricFor(r.cells.front().want, {});  // the class decides the constants, not the ranges
  r.constantNames = metric.constantNames();
  std::vector<std::vector<double>> want, got, wantBest, gotBest;
  for (const AccuracyCell& c : r.cells) {
    want.push_back(metric.constants(c.want));
    got.push_back(metric.constants(c.achieved));
    if (c.cell == 0) wantBest.push_back(want.back()), gotBest.push_back(got.back());
  }
  r.r2AllCells = rSquaredPerConstant(want, got);
  r.r2BestCells = rSquaredPerConstant(wantBest, gotBest);
}

// The network part of all targets' queries in one batch, timed by the family, and one cell each.
void timeBatch(const BatchDesign& batch, const std::vector<HeldOutData::Target>& targets, const AccuracyPlan& plan,
               AccuracyReport& r, Progress& progress) {
  std::vector<FamilyRequest> requests;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    requests.push_back(requestFor(targets[t], plan.firstNumber + static_cast<int>(t), plan));
    requests.back().count = 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const BatchDesign::Batch b = batch.proposeBatch(requests, progress);
  r.networkSecondsAllTargets = b.networkSeconds;
  r.realizeSecondsAllTargets = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - b.networkSeconds;
}

ExampleRoundTrip roundTrip(const MicrostructureFamily& family, const HeldOutData::Example& example, TargetClass targetClass,
                           const AccuracyPlan& plan, Progress& progress) {
  ExampleRoundTrip out;
  out.name = example.name;
  out.target = projectOnto(targetClass, homogenizeCandidate(example.cell, plan.fe, progress).stiffness);
  FamilyRequest request = requestFor({out.target, std::nullopt}, 0, plan);
  const StudyResult study = runStudy({&family}, request, metricFor(out.target, {&family}), plan.fe, progress);
  for (const StudyCandidate& c : study.ranked) out.meanError += c.error / static_cast<double>(study.ranked.size());
  out.bestError = study.ranked.empty() ? 1.0 : study.ranked.front().error;
  return out;
}

// Every cell of a target's study polished toward the target, tallied (the target's mean and best).
struct PolishTally {
  std::vector<double> means, bests, seconds;
  int connected = 0, improved = 0, cells = 0, rounds = 0;
};
void polishStudy(const StudyResult& study, const FamilyRequest& request, const PropertyRanges& ranges, const AccuracyPlan& plan,
                 PolishTally& tally, Progress& progress) {
  double mean = 0, best = 1e300;
  const std::size_t n = plan.polishCells > 0 ? std::min<std::size_t>(plan.polishCells, study.ranked.size()) : study.ranked.size();
  for (std::size_t k = 0; k < n; ++k) {
    const StudyCandidate& c = study.ranked[k];  // ranked by the true error: the best first
    const Polished p = polishCandidate(c.proposal.cell, request.target, request.volumeFraction, ranges, *plan.polish, plan.fe, progress);
    mean += p.error / static_cast<double>(n);
    best = std::min(best, p.error);
    tally.connected += isConnected(p.cell);
    tally.improved += p.improved;
    tally.rounds += static_cast<int>(p.rounds.size());
    tally.seconds.push_back(p.seconds);
    ++tally.cells;
  }
  tally.means.push_back(mean);
  tally.bests.push_back(best);
}

PolishReport reportOf(PolishTally& t) {
  PolishReport r;
  const double targets = static_cast<double>(t.means.size()), cells = std::max(1, t.cells);
  for (double m : t.means) r.meanError += m / targets;
  for (double b : t.bests) r.bestOfNError += b / targets;
  r.meanErrorStdErr = standardError(t.means);
  r.bestOfNErrorStdErr = standardError(t.bests);
  r.connectedShare = t.connected / cells;
  r.improvedShare = t.improved / cells;
  r.meanRounds = t.rounds / cells;
  if (!t.seconds.empty()) {
    std::nth_element(t.seconds.begin(), t.seconds.begin() + t.seconds.size() / 2, t.seconds.end());
    r.medianSecondsPerCell = t.seconds[t.seconds.size() / 2];
  }
  return r;
}

}  // namespace

AccuracyReport benchmarkAccuracy(const MicrostructureFamily& family, const std::vector<HeldOutData::Target>& targets,
                                 const AccuracyPlan& plan, const std::vector<PackedCell>& trainingCells,
                                 const std::vector<std::string>& diagnosticFields, Progress& progress,
                                 const std::vector<HeldOutData::Example>& examples) {
  if (targets.empty()) throw std::invalid_argument("bench accuracy: no targets");
  if (plan.polish && targetClassOf(targets.front().stiffness) != TargetClass::Cubic)
    throw std::invalid_argument("polishing aims at cubic targets; this family's are " +
                                std::string(toString(targetClassOf(targets.front().stiffness))));
  AccuracyReport r;
  r.targets = static_cast<int>(targets.size());
  r.cellsPerTarget = plan.cellsPerTarget;
  std::vector<double> means, bests;
  double diversity = 0, novelty = 0;
  int connected = 0, novelCells = 0;
  std::map<std::string, int> flagged;
  PolishTally polishTally;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    progress.checkCancelled();
    const int number = plan.firstNumber + static_cast<int>(t);
    const FamilyRequest request = requestFor(targets[t], number, plan);
    const TargetMetric metric = metricFor(request.target, {&family});
    if (t == 0) r.metric = metric.describe();
    NullProgress quiet;
    const StudyResult study = runStudy({&family}, request, metric, plan.fe, quiet);
    r.samplingSecondsPerTarget += study.samplingSeconds / r.targets;
    r.verifySecondsPerTarget += study.verifySeconds / r.targets;
    double mean = 0, best = 1e300;
    std::vector<const BinaryCell*> group;
    for (const StudyCandidate& c : study.ranked) {
      mean += c.error / static_cast<double>(study.ranked.size());
      best = std::min(best, c.error);
      connected += c.connected;
      group.push_back(&c.proposal.cell);
      if (const auto n = design::novelty(c.proposal.cell, trainingCells)) novelty += *n, ++novelCells;
      for (const std::string& field : diagnosticFields) flagged[field] += positive(c.proposal.provenance.fields, field);
      AccuracyCell row{number, static_cast<int>(group.size()) - 1, request.target, c.homogenized ? c.homogenized->stiffness : Stiffness(),
                       request.volumeFraction, c.volumeFraction, c.error, c.connected, c.proposal.provenance.fields};
      r.cells.push_back(std::move(row));
    }
    means.push_back(mean);
    bests.push_back(best);
    if (plan.polish) {
      SubProgress here(progress, kTargetsShare * double(t) / r.targets, kTargetsShare * double(t) / r.targets);  // cancel only
      polishStudy(study, request, *metric.cubicRanges(), plan, polishTally, here);
    }
    diversity += design::diversity(group).value_or(1.0) / r.targets;
    progress.report(kTargetsShare * double(t + 1) / r.targets,
                    "target " + std::to_string(t + 1) + ", mean error so far " + std::to_string(100 * [&] {
                      double s = 0;
                      for (double m : means) s += m;
                      return s / static_cast<double>(means.size());
                    }()) + " %");
  }
  for (double m : means) r.meanError += m / r.targets;
  for (double b : bests) r.bestOfNError += b / r.targets;
  r.meanErrorStdErr = standardError(means);
  r.bestOfNErrorStdErr = standardError(bests);
  const double cells = static_cast<double>(r.cells.size());
  r.connectedShare = connected / cells;
  r.diversity = diversity;
  if (novelCells > 0) r.novelty = novelty / novelCells;
  for (const auto& [field, n] : flagged) r.provenanceShares[field] = n / cells;
  correlate(r);
  if (plan.polish) {
    r.polished = reportOf(polishTally);
    r.polished->cellsPerTarget = plan.polishCells > 0 ? std::min(plan.polishCells, plan.cellsPerTarget) : plan.cellsPerTarget;
  }
  SubProgress tail(progress, kTargetsShare, 1.0);  // cancel-aware; the batch and the examples are short
  if (const BatchDesign* batch = family.batchDesign()) timeBatch(*batch, targets, plan, r, tail);
  for (const HeldOutData::Example& e : examples)
    r.examples.push_back(roundTrip(family, e, targetClassOf(targets.front().stiffness), plan, tail));
  tail.report(1.0, "done");
  return r;
}

}  // namespace mf::design
