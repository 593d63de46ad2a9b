#include "gui/session_commands.hpp"

#include "gui/session_model.hpp"

namespace mf::gui {

TargetCommand::TargetCommand(SessionModel* model, design::DesignTarget before, design::DesignTarget after,
                             const QString& what)
    : model_(model), before_(std::move(before)), after_(std::move(after)), what_(what) {
  setText(what.isEmpty() ? QObject::tr("edit target") : QObject::tr("edit %1").arg(what));
}

void TargetCommand::undo() { model_->applyTarget(before_); }
void TargetCommand::redo() { model_->applyTarget(after_); }

bool TargetCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = static_cast<const TargetCommand*>(other);
  if (o->what_.isEmpty() || o->what_ != what_) return false;
  after_ = o->after_;
  return true;
}

AddCandidatesCommand::AddCandidatesCommand(SessionModel* model, std::vector<std::pair<int, design::Candidate>> items)
    : model_(model), items_(std::move(items)) {
  setText(items_.size() == 1 ? QObject::tr("add %1").arg(QString::fromStdString(items_[0].second.name))
                             : QObject::tr("add %1 candidates").arg(items_.size()));
}

void AddCandidatesCommand::redo() { model_->insertCandidates(items_); }

void AddCandidatesCommand::undo() {
  // Keep what happened to them since (FE results) for a later redo.
  QStringList ids;
  for (auto& [position, c] : items_) {
    if (const design::Candidate* now = model_->candidateById(QString::fromStdString(c.id))) c = *now;
    ids << QString::fromStdString(c.id);
  }
  model_->eraseCandidates(ids);
}

RemoveCandidatesCommand::RemoveCandidatesCommand(SessionModel* model, std::vector<std::pair<int, design::Candidate>> items)
    : model_(model), items_(std::move(items)) {
  setText(items_.size() == 1 ? QObject::tr("remove %1").arg(QString::fromStdString(items_[0].second.name))
                             : QObject::tr("remove %1 candidates").arg(items_.size()));
}

void RemoveCandidatesCommand::redo() {
  QStringList ids;
  for (auto& [position, c] : items_) {
    if (const design::Candidate* now = model_->candidateById(QString::fromStdString(c.id))) c = *now;
    ids << QString::fromStdString(c.id);
  }
  model_->eraseCandidates(ids);
}

void RemoveCandidatesCommand::undo() { model_->insertCandidates(items_); }

}  // namespace mf::gui
