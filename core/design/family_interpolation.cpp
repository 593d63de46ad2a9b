#include "core/design/family_interpolation.hpp"

#include "core/design/metrics.hpp"
#include "core/design/verify.hpp"
#include "core/tensor/summary.hpp"
#include "core/voxel/measures.hpp"

namespace mf::design {

std::vector<FamilyMember> runInterpolation(const Interpolation& family, const BinaryCell& start, const BinaryCell& end,
                                           int members, const FamilyRequest& settings, const HomogenizeSettings& fe,
                                           Progress& progress) {
  std::vector<FamilyMember> out;
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
  const double n = static_cast<double>(std::max<std::size_t>(out.size(), 1));
  for (std::size_t i = 0; i < out.size(); ++i) {
    FamilyMember& m = out[i];
    if (!(m.volumeFraction > 0)) continue;
    SubProgress solve(progress, 0.5 + 0.5 * static_cast<double>(i) / n, 0.5 + 0.5 * static_cast<double>(i + 1) / n);
    m.homogenized = homogenizeCandidate(m.proposal.cell, fe, solve);
    const TensorSummary s = summarize(m.homogenized->stiffness, fe.base, m.volumeFraction);
    if (s.bounds && s.constants) m.bulkRatio = s.bounds->bulkRatio;
  }
  progress.report(1.0, "verified");
  return out;
}

}  // namespace mf::design
