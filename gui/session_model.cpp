#include "gui/session_model.hpp"

#include "core/io/session_file.hpp"
#include "core/tensor/engineering.hpp"
#include "gui/session_commands.hpp"

#include <QFileInfo>

#include <algorithm>

namespace mf::gui {

SessionModel::SessionModel(QObject* parent) : QObject(parent) {
  connect(&undo_, &QUndoStack::cleanChanged, this, [this] { emitModified(); });
  applyTarget(session_.target);
}

// --- target -----------------------------------------------------------------------------------

void SessionModel::setTarget(const design::DesignTarget& target, const QString& what) {
  if (target == session_.target) return;
  undo_.push(new TargetCommand(this, session_.target, target, what));
}

void SessionModel::applyTarget(const design::DesignTarget& target) {
  ++revision_;
  session_.target = target;
  targetStiffness_.reset();
  try {
    const Stiffness c = target.stiffness();
    if (c.admissibility().ok()) targetStiffness_ = c;
  } catch (const std::invalid_argument&) {
  }
  recomputeErrors();
  Q_EMIT targetChanged();
  Q_EMIT metricsChanged();
}

// --- candidates -------------------------------------------------------------------------------

const design::Candidate* SessionModel::candidateById(const QString& id) const {
  const int i = indexOf(id);
  return i < 0 ? nullptr : &session_.candidates[static_cast<std::size_t>(i)];
}

QStringList SessionModel::candidateIds() const {
  QStringList ids;
  for (const auto& c : session_.candidates) ids << QString::fromStdString(c.id);
  return ids;
}

QStringList SessionModel::addCandidates(std::vector<design::Candidate> candidates, int at) {
  std::vector<std::pair<int, design::Candidate>> items;
  QStringList ids;
  int position = at >= 0 && at <= candidateCount() ? at : candidateCount();
  for (auto& c : candidates) {
    c.id = session_.takeCandidateId();
    if (c.name.empty()) c.name = "candidate " + c.id.substr(1);
    ids << QString::fromStdString(c.id);
    items.emplace_back(position++, std::move(c));
  }
  if (items.empty()) return ids;
  undo_.push(new AddCandidatesCommand(this, std::move(items)));
  setCurrentId(ids.front());
  setSelectedIds({ids.front()});
  return ids;
}

void SessionModel::removeCandidates(const QStringList& ids) {
  std::vector<std::pair<int, design::Candidate>> items;
  for (int i = 0; i < candidateCount(); ++i)
    if (ids.contains(QString::fromStdString(candidate(i).id))) items.emplace_back(i, candidate(i));
  if (items.empty()) return;
  undo_.push(new RemoveCandidatesCommand(this, std::move(items)));
}

void SessionModel::insertCandidates(const std::vector<std::pair<int, design::Candidate>>& items) {
  ++revision_;
  // Ascending positions: each insert lands where it was.
  for (const auto& [position, c] : items) {
    const auto at = std::min<std::size_t>(static_cast<std::size_t>(position), session_.candidates.size());
    session_.candidates.insert(session_.candidates.begin() + static_cast<std::ptrdiff_t>(at), c);
  }
  recomputeShapeMetrics();
  Q_EMIT candidatesChanged();
  Q_EMIT metricsChanged();
}

void SessionModel::eraseCandidates(const QStringList& ids) {
  ++revision_;
  auto& cs = session_.candidates;
  cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const design::Candidate& c) { return ids.contains(QString::fromStdString(c.id)); }),
           cs.end());
  recomputeShapeMetrics();
  QStringList selected;
  for (const QString& id : selectedIds_)
    if (!ids.contains(id)) selected << id;
  if (ids.contains(currentId_)) setCurrentId(cs.empty() ? QString() : QString::fromStdString(cs.front().id));
  Q_EMIT candidatesChanged();
  Q_EMIT metricsChanged();
  setSelectedIds(selected);
}

void SessionModel::setHomogenized(const QString& id, const design::Homogenized& result) {
  ++revision_;
  const int i = indexOf(id);
  if (i < 0) return;  // removed while it was being solved
  session_.candidates[static_cast<std::size_t>(i)].homogenized = result;
  recomputeErrors();
  resultsChanged_ = true;
  Q_EMIT candidateUpdated(id);
  Q_EMIT metricsChanged();
  emitModified();
}

void SessionModel::recomputeShapeMetrics() {
  metrics_ = design::evaluateCandidates(std::nullopt, session_.candidates, design::TargetMetric::cubic(session_.ranges));
  recomputeErrors();
}

void SessionModel::recomputeErrors() {
  if (metrics_.size() != session_.candidates.size()) {
    metrics_ = design::evaluateCandidates(std::nullopt, session_.candidates, design::TargetMetric::cubic(session_.ranges));
  }
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    const auto& c = session_.candidates[i];
    metrics_[i].error.reset();
    metrics_[i].zener.reset();
    metrics_[i].constantErrors.clear();
    if (!c.homogenized) continue;
    if (targetStiffness_) {
      metrics_[i].error = session_.metricFor(*targetStiffness_)(*targetStiffness_, c.homogenized->stiffness);
      metrics_[i].constantErrors = design::constantErrors(session_.target, c.homogenized->stiffness);
    }
    if (c.homogenized->stiffness.admissibility().ok())
      metrics_[i].zener = engineeringConstants(c.homogenized->stiffness).zener;
  }
}

// --- selection --------------------------------------------------------------------------------

void SessionModel::setCurrentId(const QString& id) {
  if (id == currentId_) return;
  currentId_ = id;
  Q_EMIT currentChanged(id);
}

void SessionModel::setSelectedIds(const QStringList& ids) {
  if (ids == selectedIds_) return;
  selectedIds_ = ids;
  Q_EMIT selectionChanged(ids);
}

// --- settings ---------------------------------------------------------------------------------

void SessionModel::setHomogenizeSettings(const design::HomogenizeSettings& settings) {
  ++revision_;
  if (settings == session_.homogenize) return;
  session_.homogenize = settings;
  // Eq. 18 ranges that come from the base material follow it.
  if (session_.ranges.source == "base material") session_.ranges = design::PropertyRanges::ofBaseMaterial(settings.base);
  recomputeErrors();
  resultsChanged_ = true;
  Q_EMIT settingsChanged();
  Q_EMIT metricsChanged();
  emitModified();
}

void SessionModel::adoptOrthotropicRanges(const design::OrthotropicRanges& ranges) {
  if (session_.orthotropicRanges) return;  // errors never move under the user
  ++revision_;
  session_.orthotropicRanges = ranges;
  recomputeErrors();
  Q_EMIT metricsChanged();
  emitModified();
}

void SessionModel::setMaterial(const std::optional<MaterialPreset>& preset) {
  design::HomogenizeSettings settings = session_.homogenize;
  settings.base = BaseMaterial{};  // normalized: E_s = 1, ν_s = 0.3
  std::optional<design::PhysicalUnit> unit;
  if (preset) {
    settings.base = {1.0, preset->poisson};
    unit = design::PhysicalUnit{preset->name, preset->youngsGPa};
  }
  if (unit == session_.unit && settings == session_.homogenize) return;
  session_.unit = unit;
  if (settings == session_.homogenize) {
    ++revision_;
    resultsChanged_ = true;
    Q_EMIT settingsChanged();
    Q_EMIT metricsChanged();
    emitModified();
  } else {
    setHomogenizeSettings(settings);
  }
}

void SessionModel::setViewState(const nlohmann::json& state) { session_.viewState = state; }

// --- file -------------------------------------------------------------------------------------

QString SessionModel::displayName() const {
  return filePath_.isEmpty() ? QString::fromStdString(session_.title) : QFileInfo(filePath_).fileName();
}

void SessionModel::save(const QString& path) {
  io::writeSession(path.toStdString(), session_);
  filePath_ = path;
  resultsChanged_ = false;
  undo_.setClean();
  Q_EMIT fileChanged(path);
  emitModified();
}

void SessionModel::saveCopy(const QString& path) const { io::writeSession(path.toStdString(), session_); }

void SessionModel::open(const QString& path) {
  design::Session s = io::readSession(path.toStdString());  // throws before anything changes
  reset(std::move(s), path, false);
}

void SessionModel::reset(design::Session session, const QString& filePath, bool modified) {
  ++revision_;
  session_ = std::move(session);
  filePath_ = filePath;
  undo_.clear();
  resultsChanged_ = modified;
  metrics_.clear();
  recomputeShapeMetrics();
  applyTarget(session_.target);
  currentId_.clear();
  selectedIds_.clear();
  Q_EMIT candidatesChanged();
  Q_EMIT metricsChanged();
  Q_EMIT fileChanged(filePath_);
  if (!session_.candidates.empty()) {
    setCurrentId(QString::fromStdString(session_.candidates.front().id));
    setSelectedIds({currentId_});
  } else {
    Q_EMIT currentChanged({});
    Q_EMIT selectionChanged({});
  }
  emitModified();
}

void SessionModel::emitModified() {
  const bool m = isModified();
  if (m == lastModified_) return;
  lastModified_ = m;
  Q_EMIT modifiedChanged(m);
}

}  // namespace mf::gui
