#pragma once
// The spinodoid family (seed 004) behind MicrostructureFamily: the i-NN turns the target's nine
// orthotropic constants into a design Θ in milliseconds; the candidates are that Θ with several
// field seeds, and the nearby designs the f-NN rates closest to the target, each realized at the
// resolution the data was labelled at and verified by the study's FE like every family's cells.
// Targets outside the data are refused with the reason and the nearest sample as the way out.

#include "core/design/family.hpp"
#include "plugins/spinodoid/spinodoid_networks.hpp"

#include <filesystem>
#include <memory>
#include <vector>

namespace mf::spinodoid {

class SpinodoidFamily final : public design::MicrostructureFamily, public design::HeldOutData, public design::BatchDesign {
 public:
  // Throws std::runtime_error with the reason for a missing or damaged card or dataset.
  explicit SpinodoidFamily(const std::filesystem::path& card);
  ~SpinodoidFamily() override;

  std::string id() const override { return "spinodoid"; }
  std::string displayName() const override { return "Spinodoid"; }
  std::string modelSummary() const override;
  // Admissible, cubic or orthotropic (spinodoids have no shear–normal coupling), and within the
  // data: its scaled distance to the nearest sample no larger than the 99th percentile of the
  // held-out samples' (what a genuine spinodoid tensor is from the data).
  design::TargetCheck checkTarget(const design::FamilyRequest& request) const override;
  std::vector<design::ProposedCell> propose(const design::FamilyRequest& request, Progress& progress) const override;
  // One i-NN call (and one f-NN call rating the nearby designs) for all requests.
  Batch proposeBatch(const std::vector<design::FamilyRequest>& requests, Progress& progress) const override;
  const design::BatchDesign* batchDesign() const override { return this; }
  std::optional<design::PropertyRanges> propertyRanges() const override;
  std::optional<design::OrthotropicRanges> orthotropicRanges() const override;

  const design::HeldOutData* heldOutData() const override { return this; }
  std::vector<Target> heldOutTargets(const std::string& dataset = {}) const override;
  // Empty: the 19,000 training cells would have to be realized at 64³ first (30 min).
  std::vector<BinaryCell> trainingCells() const override { return {}; }
  std::vector<Example> examples() const override;

  // The designs the family would realize for these constants, best first by the f-NN (for
  // tests and reports): the i-NN's, then nearby ones.
  std::vector<Design> designsFor(const Constants& target, int count, std::optional<double> density) const;
  const Networks& networks() const { return bundle_.networks; }

 private:
  std::vector<std::vector<Design>> designsForAll(const std::vector<Constants>& targets, const std::vector<int>& counts,
                                                 const std::vector<std::optional<double>>& densities) const;
  std::vector<design::ProposedCell> realizeCells(const design::FamilyRequest& request, const std::vector<Design>& designs,
                                                 Progress& progress) const;

  std::filesystem::path card_;
  Bundle bundle_;
  int resolution_ = 64;
  std::vector<dataset::Sample> labels_;
  std::vector<Constants> trainConstants_;
  double reach_ = 0;  // the scaled distance a target may lie from the data
  design::OrthotropicRanges orthotropicRanges_;
};

}  // namespace mf::spinodoid
