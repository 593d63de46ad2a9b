// Generate: candidates for the target from a family plugin (the diffusion model first). The
// families load in the background as the window opens, so that the Target dock can check every
// target against the chosen one live. One job runs the design study (progress, Cancel): the
// cells join the session as they are proposed, the table fills with their true errors as each
// FE solve finishes and sorts by them, and the best verified one is then shown.

#include "gui/candidate_table_model.hpp"
#include "gui/family_cache.hpp"
#include "gui/generate_box.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/session_model.hpp"
#include "gui/target_panel.hpp"
#include "core/design/study.hpp"
#include "plugins/registry/family_registry.hpp"

#include <QLabel>
#include <QPointer>

#include <functional>

#include <memory>

namespace mf::gui {

using FamilyPtr = std::shared_ptr<const design::MicrostructureFamily>;

namespace {

// The study's events, carried from the job's thread to the window's, in order. A call that
// arrives after the window is gone is dropped (Qt discards queued calls to a deleted context).
class StudyFeed : public design::StudyObserver {
 public:
  using Proposed = std::function<void(design::StudyCandidate&)>;
  using Verified = std::function<void(std::size_t, design::StudyCandidate&)>;
  StudyFeed(QObject* context, Proposed proposed, Verified verified)
      : context_(context), proposed_(std::move(proposed)), verified_(std::move(verified)) {}
  void proposed(std::size_t, const design::StudyCandidate& c) override {
    auto copy = std::make_shared<design::StudyCandidate>(c);
    QMetaObject::invokeMethod(context_, [f = proposed_, copy] { f(*copy); }, Qt::QueuedConnection);
  }
  void verified(std::size_t index, const design::StudyCandidate& c) override {
    auto copy = std::make_shared<design::StudyCandidate>(c);
    QMetaObject::invokeMethod(context_, [f = verified_, index, copy] { f(index, *copy); }, Qt::QueuedConnection);
  }

 private:
  QObject* context_;
  Proposed proposed_;
  Verified verified_;
};

}  // namespace

void MainWindow::offerFamilies() {
  const plugins::FamilyRegistry& registry = plugins::FamilyRegistry::instance();
  std::vector<std::array<QString, 3>> offered;
  for (const plugins::FamilyInfo& f : registry.families())
    offered.push_back({QString::fromStdString(f.id), QString::fromStdString(f.name), QString::fromStdString(f.description)});
  QString why;
  if (offered.empty()) {
    QStringList looked;
    for (const std::string& p : plugins::FamilyRegistry::defaultSearchPaths()) looked << QString::fromStdString(p);
    why = tr("no family plugins were found (looked in %1)").arg(looked.join(", "));
  }
  targetPanel_->generateBox()->setFamilies(offered, why);
  for (const plugins::FamilyInfo& f : registry.families())
    targetPanel_->generateBox()->setFamilyParameters(QString::fromStdString(f.id), f.parameters);
  // A session's Eq. 18 errors are normalized by the default family's training data from the
  // start, so that they never change under the user when that family is first used.
  if (!registry.families().empty()) defaultRanges_ = registry.defaultErrorRanges(registry.families().front().id);
}

void MainWindow::loadFamilies() {
  for (const plugins::FamilyInfo& info : plugins::FamilyRegistry::instance().families()) {
    const QString id = QString::fromStdString(info.id), name = QString::fromStdString(info.name);
    Job* job = jobs_->submit<FamilyPtr>(
        tr("Load %1").arg(name), JobLane::Background,
        [id](Progress& progress) {
          progress.report(0.1, "loading the model");
          return FamilyCache::instance().get(id);
        },
        [this, id](FamilyPtr& family) {
          readyFamilies_[id] = family;
          targetPanel_->generateBox()->setFamilyReady(id, family);
          if (modelSummary_.isEmpty()) modelSummary_ = QString::fromStdString(family->modelSummary());
          updateStatus();
          return tr("ready");
        },
        [this, id, name](const QString& reason) {
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
  // The families asked: the one chosen, or every one the registry offers.
  const bool all = options.family == kAllFamilies;
  std::vector<QString> familyIds;
  for (const plugins::FamilyInfo& f : plugins::FamilyRegistry::instance().families())
    if (all || f.id == options.family.toStdString()) familyIds.push_back(QString::fromStdString(f.id));
  if (familyIds.empty()) {
    banner_->showError(tr("There is no family \"%1\" to generate with.").arg(options.family));
    return nullptr;
  }
  const QString familyName =
      all ? tr("all families")
          : QString::fromStdString(plugins::FamilyRegistry::instance().find(options.family.toStdString())->name);
  design::FamilyRequest request;
  request.target = *target;
  if (!session_->target().volumeFractionFree) request.volumeFraction = session_->target().volumeFraction;
  request.count = options.count;
  request.guidance = options.guidance;
  request.seed = static_cast<std::uint64_t>(options.seed);
  request.steps = options.steps;
  request.parameters = options.parameters;
  // A refusal the family can tell at once is said before anything runs, with the way out.
  if (const auto ready = readyFamilies_.find(options.family); !all && ready != readyFamilies_.end()) {
    const design::TargetCheck check = ready->second->checkTarget(request);
    if (!check.ok()) {
      std::vector<MessageBanner::Choice> choices;
      if (check.nearest)
        choices.push_back({tr("Use nearest reachable target"), [this, nearest = *check.nearest] {
                             session_->setTarget(nearest, tr("nearest reachable target"));
                             banner_->hide();
                           }});
      banner_->showMessage(MessageBanner::Kind::Error,
                           tr("%1 cannot generate for this target: %2").arg(familyName, QString::fromStdString(check.describe())),
                           choices);
      return nullptr;
    }
  }
  targetPanel_->generateBox()->setGenerating(true);
  // One job runs the design study (core/design/study.hpp), the same one `metaforge-cli design`
  // and `bench accuracy` run: the cells join the session as they are proposed and their true
  // errors fill in as each FE solve finishes, through the feed below, on this thread.
  auto ids = std::make_shared<std::vector<QString>>();
  // The selection the new cells got; if the user picks something else meanwhile, theirs stays.
  auto selectedThen = std::make_shared<QStringList>();
  auto feed = std::make_shared<StudyFeed>(
      this,
      [this, ids, selectedThen, options](design::StudyCandidate& c) {
        design::Candidate added;
        const plugins::FamilyInfo* of = plugins::FamilyRegistry::instance().find(c.family);
        const QString name = of ? QString::fromStdString(of->name) : QString::fromStdString(c.family);
        added.name = QString("%1 s%2-%3").arg(name.section(' ', -1).toLower()).arg(options.seed).arg(ids->size() + 1).toStdString();
        added.cell = std::move(c.proposal.cell);
        added.provenance = std::move(c.proposal.provenance);
        const QStringList one = session_->addCandidates({std::move(added)});
        ids->push_back(one.value(0));
        table_->setStatus(one.value(0), tr("queued"));
        *selectedThen = session_->selectedIds();
      },
      [this, ids](std::size_t index, design::StudyCandidate& c) {
        if (index >= ids->size()) return;
        const QString& id = (*ids)[index];
        if (c.homogenized) session_->setHomogenized(id, *c.homogenized);
        table_->setStatus(id, QString());
      });
  // The study ranks by the error the table shows: the session's for the target's class. An
  // orthotropic target's spans come from the first ready family that knows them, once.
  if (design::targetClassOf(request.target) == design::TargetClass::Orthotropic)
    for (const QString& id : familyIds)
      if (const auto it = readyFamilies_.find(id); it != readyFamilies_.end())
        if (const auto ranges = it->second->orthotropicRanges()) {
          session_->adoptOrthotropicRanges(*ranges);
          break;
        }
  const design::TargetMetric metric = session_->metricFor(request.target);
  Job* job = jobs_->submit<design::StudyResult>(
      tr("Generate %1 × %2 (seed %3)").arg(options.count).arg(familyName).arg(options.seed), JobLane::Compute,
      [familyIds, all, request, metric, settings = session_->homogenizeSettings(), feed](Progress& progress) {
        progress.report(0.0, "loading the model");
        std::vector<FamilyPtr> families;  // the study refuses a target none of them can make
        std::vector<const design::MicrostructureFamily*> asked;
        for (const QString& id : familyIds) {
          try {
            families.push_back(FamilyCache::instance().get(id));
            asked.push_back(families.back().get());
          } catch (const std::exception&) {
            if (!all) throw;  // "all" asks the families there are
          }
        }
        if (asked.empty()) throw std::runtime_error("no family could be made");
        SubProgress study(progress, 0.05, 1.0);
        return design::runStudy(asked, request, metric, settings, study, feed.get());
      },
      [this, options, ids, selectedThen](design::StudyResult& result) {
        targetPanel_->generateBox()->seedUsed(options.seed);  // the next press gives new cells
        if (!banner_->isHidden() && banner_->kind() == MessageBanner::Kind::Error) banner_->hide();  // it is stale now
        if (session_->selectedIds() == *selectedThen) showBest(*ids);
        return tr("%1 candidates verified by FE in %2 s").arg(result.ranked.size()).arg(result.verifySeconds, 0, 'f', 1);
      },
      [this, familyName](const QString& reason) {
        banner_->showError(tr("%1 could not generate: %2").arg(familyName, reason));
      },
      this);
  connect(job, &Job::updated, this, [this, job, ids] {
    if (job->state() != JobState::Running) return;
    for (const QString& id : *ids)
      if (const design::Candidate* c = session_->candidateById(id); c && !c->homogenized) {
        table_->setStatus(id, tr("solving"));
        break;
      }
  });
  connect(job, &Job::finished, this, [this, job, ids] {
    targetPanel_->generateBox()->setGenerating(false);
    if (job->state() == JobState::Finished) return;
    for (const QString& id : *ids)  // the cells proposed before a Cancel stay, unverified
      if (const design::Candidate* c = session_->candidateById(id); c && !c->homogenized)
        table_->setStatus(id, job->state() == JobState::Failed ? tr("failed") : tr("cancelled"));
  });
  return job;
}

void MainWindow::followFamilyTargetForm(const QString& id) {
  const plugins::FamilyInfo* info = plugins::FamilyRegistry::instance().find(id.toStdString());
  if (!info || info->targetForms.empty()) return;
  const design::DesignTarget& target = session_->target();
  // E ν G is a cubic target written otherwise: it stays as typed for a cubic family.
  const design::TargetForm current = target.form == design::TargetForm::Engineering ? design::TargetForm::Cubic : target.form;
  const design::TargetForm widest = design::parseTargetForm(info->targetForms.back());
  if (current == widest) return;
  try {
    session_->setTarget(target.convertedTo(widest), tr("the %1 family's target form").arg(QString::fromStdString(info->name)));
  } catch (const std::invalid_argument&) {
    // A target still being typed: it keeps its form, and the family's check says what is wrong.
  }
}

void MainWindow::showBest(const std::vector<QString>& ids) {
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
}

}  // namespace mf::gui
