// Generate: candidates for the target from a family plugin (the diffusion model first). One job
// samples the cells (progress, Cancel); they join the session at once and each is verified by
// its own FE job, so the table fills with true errors as the solves finish and sorts by them.

#include "core/design/propose_and_verify.hpp"
#include "gui/candidate_table_model.hpp"
#include "gui/family_cache.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/session_model.hpp"
#include "gui/target_panel.hpp"
#include "plugins/registry/family_registry.hpp"

namespace mf::gui {
namespace {

struct Generated {
  std::vector<design::ProposedCell> cells;
  std::optional<design::PropertyRanges> ranges;
};

}  // namespace

void MainWindow::offerFamilies() {
  const plugins::FamilyRegistry& registry = plugins::FamilyRegistry::instance();
  std::vector<std::array<QString, 3>> offered;
  for (const plugins::FamilyInfo& f : registry.families()) offered.push_back({f.id, f.name, f.description});
  QString why;
  if (offered.empty())
    why = tr("no family plugins were found (looked in %1)").arg(plugins::FamilyRegistry::defaultSearchPaths().join(", "));
  targetPanel_->setFamilies(offered, why);
}

Job* MainWindow::generate(const GenerateOptions& options) {
  const auto& target = session_->targetStiffness();
  if (!target) {
    banner_->showError(tr("Generate needs an admissible target first."));
    return nullptr;
  }
  const plugins::FamilyInfo* info = plugins::FamilyRegistry::instance().find(options.family);
  if (!info) {
    banner_->showError(tr("There is no family \"%1\" to generate with.").arg(options.family));
    return nullptr;
  }
  design::FamilyRequest request;
  request.target = *target;
  if (!session_->target().volumeFractionFree) request.volumeFraction = session_->target().volumeFraction;
  request.count = options.count;
  request.guidance = options.guidance;
  request.seed = static_cast<std::uint64_t>(options.seed);
  request.steps = options.steps;
  targetPanel_->setGenerating(true);
  Job* job = jobs_->submit<Generated>(
      tr("Generate %1 × %2 (seed %3)").arg(options.count).arg(info->name).arg(options.seed), JobLane::Compute,
      [families = families_, id = options.family, request](Progress& progress) {
        progress.report(0.0, "loading the model");
        const auto family = families->get(id);  // its propose() refuses a target it cannot make, saying why
        SubProgress sampling(progress, 0.05, 1.0);
        return Generated{family->propose(request, sampling), family->propertyRanges()};
      },
      [this, options, name = info->name](Generated& g) {
        // Eq. 18 errors use the ranges of the model's training data, as in its benchmark.
        if (g.ranges) session_->setRanges(*g.ranges);
        std::vector<design::Candidate> added;
        for (std::size_t i = 0; i < g.cells.size(); ++i) {
          design::Candidate c;
          c.name = tr("%1 s%2·%3").arg(name.section(' ', -1).toLower()).arg(options.seed).arg(i + 1).toStdString();
          c.cell = std::move(g.cells[i].cell);
          c.provenance = std::move(g.cells[i].provenance);
          added.push_back(std::move(c));
        }
        const QStringList ids = session_->addCandidates(std::move(added));
        homogenize(ids);
        return tr("%1 candidates, verifying each by FE").arg(ids.size());
      },
      [this, name = info->name](const QString& reason) {
        banner_->showError(tr("%1 could not generate: %2").arg(name, reason));
      },
      this);
  connect(job, &Job::finished, targetPanel_, [this] { targetPanel_->setGenerating(false); });
  return job;
}

}  // namespace mf::gui
