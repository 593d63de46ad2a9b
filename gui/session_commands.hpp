#pragma once
// Undo steps of a design session: target edits and changes to the candidate list.

#include "core/design/candidate.hpp"
#include "core/design/target.hpp"

#include <QStringList>
#include <QUndoCommand>

#include <vector>

namespace mf::gui {

class SessionModel;

class TargetCommand : public QUndoCommand {
 public:
  TargetCommand(SessionModel* model, design::DesignTarget before, design::DesignTarget after, const QString& what);
  void undo() override;
  void redo() override;
  int id() const override { return 1; }
  // Edits of the same field in a row are one step.
  bool mergeWith(const QUndoCommand* other) override;

 private:
  SessionModel* model_;
  design::DesignTarget before_, after_;
  QString what_;
};

class AddCandidatesCommand : public QUndoCommand {
 public:
  AddCandidatesCommand(SessionModel* model, std::vector<std::pair<int, design::Candidate>> items);
  void undo() override;
  void redo() override;

 private:
  SessionModel* model_;
  std::vector<std::pair<int, design::Candidate>> items_;  // position, candidate
};

class RemoveCandidatesCommand : public QUndoCommand {
 public:
  RemoveCandidatesCommand(SessionModel* model, std::vector<std::pair<int, design::Candidate>> items);
  void undo() override;
  void redo() override;

 private:
  SessionModel* model_;
  std::vector<std::pair<int, design::Candidate>> items_;
};

}  // namespace mf::gui
