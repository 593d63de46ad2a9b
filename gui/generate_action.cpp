// Generate: candidates for the target from a family plugin (the diffusion model first). The
// families load in the background as the window opens, so that the Target dock can check every
// target against the chosen one live. One job samples the cells (progress, Cancel); they join
// the session at once and each is verified by its own FE job, so the table fills with true
// errors as the solves finish and sorts by them; the best verified one is then shown.

#include "gui/candidate_table_model.hpp"
#include "gui/family_cache.hpp"
#include "gui/generate_box.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/session_model.hpp"
#include "gui/target_panel.hpp"
#include "plugins/registry/family_registry.hpp"

#include <QLabel>

#include <memory>

namespace mf::gui {

using FamilyPtr = std::shared_ptr<const design::MicrostructureFamily>;

void MainWindow::offerFamilies() {
  const plugins::FamilyRegistry& registry = plugins::FamilyRegistry::instance();
  std::vector<std::array<QString, 3>> offered;
  for (const plugins::FamilyInfo& f : registry.families()) offered.push_back({f.id, f.name, f.description});
  QString why;
  if (offered.empty())
    why = tr("no family plugins were found (looked in %1)").arg(plugins::FamilyRegistry::defaultSearchPaths().join(", "));
  targetPanel_->generateBox()->setFamilies(offered, why);
  // A session's Eq. 18 errors are normalized by the default family's training data from the
  // start, so that they never change under the user when that family is first used.
  if (!registry.families().empty()) defaultRanges_ = registry.defaultErrorRanges(registry.families().front().id);
}

void MainWindow::loadFamilies() {
  for (const plugins::FamilyInfo& info : plugins::FamilyRegistry::instance().families()) {
    Job* job = jobs_->submit<FamilyPtr>(
        tr("Load %1").arg(info.name), JobLane::Background,
        [id = info.id](Progress& progress) {
          progress.report(0.1, "loading the model");
          return FamilyCache::instance().get(id);
        },
        [this, id = info.id](FamilyPtr& family) {
          readyFamilies_[id] = family;
          targetPanel_->generateBox()->setFamilyReady(id, family);
          if (modelSummary_.isEmpty()) modelSummary_ = QString::fromStdString(family->modelSummary());
          updateStatus();
          return tr("ready");
        },
        [this, id = info.id, name = info.name](const QString& reason) {
          targetPanel_->generateBox()->setFamilyProblem(id, reason);
          if (modelSummary_.isEmpty()) modelSummary_ = tr("%1 unavailable").arg(name);
          updateStatus();
        },
        this);
    job->setQuiet(true);
  }
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
  // A refusal the family can tell at once is said before anything runs, with the way out.
  if (const auto ready = readyFamilies_.find(options.family); ready != readyFamilies_.end()) {
    const design::TargetCheck check = ready->second->checkTarget(request);
    if (!check.ok()) {
      std::vector<MessageBanner::Choice> choices;
      if (check.nearest)
        choices.push_back({tr("Use nearest reachable target"), [this, nearest = *check.nearest] {
                             session_->setTarget(nearest, tr("nearest reachable target"));
                             banner_->hide();
                           }});
      banner_->showMessage(MessageBanner::Kind::Error,
                           tr("%1 cannot generate for this target: %2").arg(info->name, QString::fromStdString(check.describe())),
                           choices);
      return nullptr;
    }
  }
  targetPanel_->generateBox()->setGenerating(true);
  Job* job = jobs_->submit<std::vector<design::ProposedCell>>(
      tr("Generate %1 × %2 (seed %3)").arg(options.count).arg(info->name).arg(options.seed), JobLane::Compute,
      [id = options.family, request](Progress& progress) {
        progress.report(0.0, "loading the model");
        const FamilyPtr family = FamilyCache::instance().get(id);  // its propose() refuses a target it cannot make
        SubProgress sampling(progress, 0.05, 1.0);
        return family->propose(request, sampling);
      },
      [this, options, name = info->name](std::vector<design::ProposedCell>& cells) {
        std::vector<design::Candidate> added;
        for (std::size_t i = 0; i < cells.size(); ++i) {
          design::Candidate c;
          c.name = QString("%1 s%2-%3").arg(name.section(' ', -1).toLower()).arg(options.seed).arg(i + 1).toStdString();
          c.cell = std::move(cells[i].cell);
          c.provenance = std::move(cells[i].provenance);
          added.push_back(std::move(c));
        }
        const QStringList ids = session_->addCandidates(std::move(added));
        showBestWhenVerified(ids, homogenize(ids));
        targetPanel_->generateBox()->seedUsed(options.seed);  // the next press gives new cells
        if (!banner_->isHidden() && banner_->kind() == MessageBanner::Kind::Error) banner_->hide();  // it is stale now
        return tr("%1 candidates, verifying each by FE").arg(ids.size());
      },
      [this, name = info->name](const QString& reason) {
        banner_->showError(tr("%1 could not generate: %2").arg(name, reason));
      },
      this);
  connect(job, &Job::finished, targetPanel_, [this] { targetPanel_->generateBox()->setGenerating(false); });
  return job;
}

void MainWindow::showBestWhenVerified(const QStringList& ids, const std::vector<Job*>& verifying) {
  // The selection the new cells got; if the user picks something else meanwhile, theirs stays.
  const QStringList selectedThen = session_->selectedIds();
  auto pending = std::make_shared<int>(static_cast<int>(verifying.size()));
  auto pickBest = [this, ids, selectedThen] {
    if (session_->selectedIds() != selectedThen) return;
    QString best;
    double bestError = 0;
    for (const QString& id : ids) {
      const int index = session_->indexOf(id);
      if (index < 0 || !session_->metrics(index).error) continue;
      if (best.isEmpty() || *session_->metrics(index).error < bestError) best = id, bestError = *session_->metrics(index).error;
    }
    if (best.isEmpty()) return;
    session_->setCurrentId(best);
    session_->setSelectedIds({best});
  };
  if (verifying.empty()) return;
  for (Job* job : verifying)
    connect(job, &Job::finished, this, [pending, pickBest] {
      if (--*pending == 0) pickBest();
    });
}

}  // namespace mf::gui
