#include "core/design/example_session.hpp"

#include "core/dataset/tpms.hpp"
#include "core/tensor/format.hpp"

namespace mf::design {

Session exampleSession(int resolution) {
  Session s;
  s.title = "Example: isotropic stiffness at 30 % solid";
  // The isotropic preset near the HS bound at vf 0.3: the candidates below show how far TPMS
  // cells get toward it and in which directions they fall short.
  s.target = targetPresets(s.homogenize.base, 0.3)[0].target;
  struct Cell {
    Tpms kind;
    bool sheet;
    double vf;
  };
  for (const Cell c : {Cell{Tpms::Gyroid, true, 0.3}, Cell{Tpms::SchwarzP, false, 0.3}, Cell{Tpms::Diamond, true, 0.3},
                       Cell{Tpms::Gyroid, false, 0.3}}) {
    Candidate candidate;
    candidate.id = s.takeCandidateId();
    candidate.name = std::string(toString(c.kind)) + (c.sheet ? " sheet" : " network");
    candidate.cell = tpmsCell(c.kind, resolution, c.vf, c.sheet);
    candidate.provenance.kind = "example";
    candidate.provenance.fields = {{"generator", "tpms"},
                                   {"surface", toString(c.kind)},
                                   {"phase", c.sheet ? "sheet" : "network"},
                                   {"volume_fraction", formatNumber(c.vf)},
                                   {"resolution", std::to_string(resolution)}};
    s.candidates.push_back(std::move(candidate));
  }
  return s;
}

}  // namespace mf::design
