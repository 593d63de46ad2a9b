#pragma once
// The time a job has left, from the rate its progress is moving at now.
//
// Dividing the time so far by the fraction done assumes one speed from start to end, and jobs
// have stages that do not: a model loaded in the first 5 % at once, sampling, then bridging and
// island removal. The estimate here takes the rate over the last `window` seconds of reports,
// so it follows the stage the job is in; until that much history exists it uses what there is.

#include <deque>
#include <optional>
#include <utility>

namespace mf {

class EtaEstimator {
 public:
  explicit EtaEstimator(double windowSeconds = 3.0) : window_(windowSeconds) {}

  // A progress report: seconds since the job started and the fraction done (in time order).
  void add(double seconds, double fraction) {
    if (!samples_.empty() && seconds <= samples_.back().first) return;
    samples_.emplace_back(seconds, fraction);
    // Keep one sample at or before the window's start, so the window is always covered.
    while (samples_.size() > 2 && samples_[1].first <= seconds - window_) samples_.pop_front();
  }

  // Seconds left; empty until there are 0.3 s of reports and some progress in them.
  std::optional<double> remaining() const {
    if (samples_.size() < 2) return std::nullopt;
    const auto& [t0, f0] = samples_.front();
    const auto& [t1, f1] = samples_.back();
    if (t1 - t0 < 0.3 || !(f1 > f0) || f1 >= 1.0) return std::nullopt;
    return (1.0 - f1) * (t1 - t0) / (f1 - f0);
  }

 private:
  double window_;
  std::deque<std::pair<double, double>> samples_;
};

}  // namespace mf
