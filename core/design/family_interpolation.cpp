#include "core/design/family_interpolation.hpp"

#include "core/design/metrics.hpp"
#include "core/design/verify.hpp"
#include "core/tensor/summary.hpp"
#include "core/voxel/measures.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mf::design {

FamilySummary summarizeFamily(const std::vector<FamilyMember>& members, double bulkThreshold) {
  FamilySummary s;
  s.minBulkRatio = s.minFaceSimilarity = std::numeric_limits<double>::infinity();
  s.allConnected = !members.empty();
  bool up = true, down = true;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const FamilyMember& m = members[i];
    s.allConnected = s.allConnected && m.connected;
    if (m.bulkRatio) {
      s.minBulkRatio = std::min(s.minBulkRatio, *m.bulkRatio);
      s.belowBulkRatio += *m.bulkRatio < bulkThreshold;
    }
    if (m.faceSimilarity) s.minFaceSimilarity = std::min(s.minFaceSimilarity, *m.faceSimilarity);
    if (i > 0) {
      up = up && m.volumeFraction >= members[i - 1].volumeFraction;
      down = down && m.volumeFraction <= members[i - 1].volumeFraction;
    }
  }
  s.volumeFractionMonotone = up || down;
  if (!std::isfinite(s.minBulkRatio)) s.minBulkRatio = 0;
  if (!std::isfinite(s.minFaceSimilarity)) s.minFaceSimilarity = 0;
  return s;
}

InterpolatedFamily runInterpolation(const Interpolation& family, const BinaryCell& start, const BinaryCell& end, int members,
                                    const FamilyRequest& settings, const HomogenizeSettings& fe, Progress& progress) {
  InterpolatedFamily result;
  std::vector<FamilyMember>& out = result.members;
  auto clock = std::chrono::steady_clock::now();
  const auto lap = [&] {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - clock).count();
    clock = now;
    return s;
  };
  {
    SubProgress making(progress, 0.0, 0.5);
    for (ProposedCell& p : family.interpolate(start, end, members, settings, making)) {
      FamilyMember m;
      m.proposal = std::move(p);
      m.volumeFraction = volumeFraction(m.proposal.cell);
      m.connected = isConnected(m.proposal.cell);
      if (!out.empty() && out.back().proposal.cell.dims() == m.proposal.cell.dims())
        m.faceSimilarity = faceSimilarity(out.back().proposal.cell, m.proposal.cell);
      out.push_back(std::move(m));
    }
  }
  result.makingSeconds = lap();
  const double n = static_cast<double>(std::max<std::size_t>(out.size(), 1));
  for (std::size_t i = 0; i < out.size(); ++i) {
    FamilyMember& m = out[i];
    if (!(m.volumeFraction > 0)) continue;
    SubProgress solve(progress, 0.5 + 0.5 * static_cast<double>(i) / n, 0.5 + 0.5 * static_cast<double>(i + 1) / n);
    m.homogenized = homogenizeCandidate(m.proposal.cell, fe, solve);
    const TensorSummary s = summarize(m.homogenized->stiffness, fe.base, m.volumeFraction);
    if (s.bounds && s.constants) m.bulkRatio = s.bounds->bulkRatio;
  }
  result.verifyingSeconds = lap();
  progress.report(1.0, "verified");
  return result;
}

BinaryCell gradedBar(const std::vector<FamilyMember>& members) {
  if (members.empty()) throw std::invalid_argument("a graded bar needs at least one member");
  const int n = members.front().proposal.cell.nx();
  for (std::size_t m = 0; m < members.size(); ++m) {
    const BinaryCell& c = members[m].proposal.cell;
    if (!c.isCube() || c.nx() != n || n == 0)
      throw std::invalid_argument("member " + std::to_string(m) + " is " + std::to_string(c.nx()) + "×" + std::to_string(c.ny()) + "×" +
                                  std::to_string(c.nz()) + " voxels; a graded bar needs every member " + std::to_string(n) + "³");
  }
  BinaryCell bar(static_cast<int>(members.size()) * n, n, n);
  for (std::size_t m = 0; m < members.size(); ++m) {
    const BinaryCell& c = members[m].proposal.cell;
    const int x0 = static_cast<int>(m) * n;
    for (int k = 0; k < n; ++k)
      for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) bar(x0 + i, j, k) = c(i, j, k);
  }
  return bar;
}

}  // namespace mf::design
