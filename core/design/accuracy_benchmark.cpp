#include "core/design/accuracy_benchmark.hpp"

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

}  // namespace

AccuracyReport benchmarkAccuracy(const MicrostructureFamily& family, const std::vector<HeldOutData::Target>& targets,
                                 const AccuracyPlan& plan, const std::vector<PackedCell>& trainingCells,
                                 const std::vector<std::string>& diagnosticFields, Progress& progress) {
  if (targets.empty()) throw std::invalid_argument("bench accuracy: no targets");
  AccuracyReport r;
  r.targets = static_cast<int>(targets.size());
  r.cellsPerTarget = plan.cellsPerTarget;
  std::vector<double> means, bests;
  double diversity = 0, novelty = 0;
  int connected = 0, novelCells = 0;
  std::map<std::string, int> flagged;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    progress.checkCancelled();
    const int number = plan.firstNumber + static_cast<int>(t);
    FamilyRequest request;
    request.target = targets[t].stiffness;
    request.volumeFraction = targets[t].volumeFraction;
    request.count = plan.cellsPerTarget;
    request.steps = plan.steps;
    request.guidance = plan.guidance;
    request.seed = static_cast<std::uint64_t>(number) + 1;
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
    diversity += design::diversity(group).value_or(1.0) / r.targets;
    progress.report(double(t + 1) / r.targets,
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
  return r;
}

}  // namespace mf::design
