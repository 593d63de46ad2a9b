#pragma once
// The design session as the GUI sees it: one design::Session plus what the views share — the
// current and selected candidates, the metrics, undo/redo, the file it lives in and whether it
// changed since it was saved. Every view reads from here and changes go through here, so the
// table, the gallery, the plots and the viewports always agree.

#include "core/design/metrics.hpp"
#include "core/design/session.hpp"

#include <QObject>
#include <QStringList>
#include <QUndoStack>

#include <map>
#include <optional>

namespace mf::gui {

class SessionModel : public QObject {
  Q_OBJECT

 public:
  explicit SessionModel(QObject* parent = nullptr);

  const design::Session& session() const { return session_; }
  QUndoStack* undoStack() { return &undo_; }

  // --- target (undoable; consecutive edits of one field merge into one step) ---------------
  const design::DesignTarget& target() const { return session_.target; }
  // The target tensor when the values make an admissible tensor.
  const std::optional<Stiffness>& targetStiffness() const { return targetStiffness_; }
  void setTarget(const design::DesignTarget& target, const QString& what = {});

  // --- candidates ----------------------------------------------------------------------------
  int candidateCount() const { return static_cast<int>(session_.candidates.size()); }
  const design::Candidate& candidate(int index) const { return session_.candidates[static_cast<std::size_t>(index)]; }
  const design::Candidate* candidateById(const QString& id) const;
  int indexOf(const QString& id) const { return session_.indexOf(id.toStdString()); }
  QStringList candidateIds() const;  // in session order
  const design::CandidateMetrics& metrics(int index) const { return metrics_[static_cast<std::size_t>(index)]; }
  // Adds (undoable) and returns the new candidates' ids; the first becomes current. At `position`
  // (a polished cell beside its parent), at the end when it is out of range.
  QStringList addCandidates(std::vector<design::Candidate> candidates, int position = -1);
  void removeCandidates(const QStringList& ids);  // undoable
  // Stores an FE result (not undoable: results are facts, not edits).
  void setHomogenized(const QString& id, const design::Homogenized& result);

  // --- shared selection -----------------------------------------------------------------------
  QString currentId() const { return currentId_; }
  void setCurrentId(const QString& id);
  QStringList selectedIds() const { return selectedIds_; }
  void setSelectedIds(const QStringList& ids);

  // --- settings and view state ----------------------------------------------------------------
  const design::HomogenizeSettings& homogenizeSettings() const { return session_.homogenize; }
  void setHomogenizeSettings(const design::HomogenizeSettings& settings);
  // The ranges Eq. 18 normalizes by: chosen when the session is made (the default family's
  // training data) and kept for its whole life, so that errors never move under the user.
  const design::PropertyRanges& ranges() const { return session_.ranges; }
  // Orthotropic targets' spans: set once, by the first Generate for such a target (the family's
  // data), then kept like the cubic ranges; the base material's until then.
  const std::optional<design::OrthotropicRanges>& orthotropicRanges() const { return session_.orthotropicRanges; }
  void adoptOrthotropicRanges(const design::OrthotropicRanges& ranges);
  // The error a candidate's row shows for this target (its class's, with the ranges above): the
  // one a study run from this session ranks by.
  design::TargetMetric metricFor(const Stiffness& target) const { return session_.metricFor(target); }
  // The current target's error in words (Eq. 18 with the session's ranges while there is no target).
  std::string errorDescription() const {
    return (targetStiffness_ ? metricFor(*targetStiffness_) : design::TargetMetric::cubic(session_.ranges)).describe();
  }
  // A printable base material (its ν_s for the FE, its E_s in GPa for display), or none for
  // normalized values (E_s = 1, ν_s = 0.3). Changes the FE settings' ν_s: the candidates' results then stand for
  // the old material until they are verified again.
  void setMaterial(const std::optional<MaterialPreset>& preset);
  const std::optional<design::PhysicalUnit>& unit() const { return session_.unit; }
  // What a normalized stiffness is multiplied by for display (1 when normalized), and its unit.
  double displayScale() const { return session_.unit ? session_.unit->youngsGPa : 1.0; }
  QString displayUnit() const { return session_.unit ? QStringLiteral("GPa") : QString(); }
  const nlohmann::json& viewState() const { return session_.viewState; }
  void setViewState(const nlohmann::json& state);  // not an edit: does not mark the session modified

  // --- file -------------------------------------------------------------------------------------
  QString filePath() const { return filePath_; }
  QString displayName() const;  // file name, or the session title when unsaved
  bool isModified() const { return !undo_.isClean() || resultsChanged_; }
  // Counts every change to the session's content (for autosave: nothing new, nothing to write).
  quint64 revision() const { return revision_; }
  // Throw std::runtime_error with the reason; the current session is untouched on failure.
  void save(const QString& path);
  void open(const QString& path);
  // Replaces everything (new session, example, autosave restore); clears undo.
  void reset(design::Session session, const QString& filePath = {}, bool modified = false);
  // Writes a copy without changing the file path or the modified flag (autosave).
  void saveCopy(const QString& path) const;

 Q_SIGNALS:
  void targetChanged();
  void candidatesChanged();                  // added, removed or replaced
  void candidateUpdated(const QString& id);  // new FE result
  void metricsChanged();
  void settingsChanged();  // FE settings (base material, solver) or the display unit
  void currentChanged(const QString& id);
  void selectionChanged(const QStringList& ids);
  void modifiedChanged(bool modified);
  void fileChanged(const QString& path);

 private:
  friend class TargetCommand;
  friend class AddCandidatesCommand;
  friend class RemoveCandidatesCommand;
  void applyTarget(const design::DesignTarget& target);
  void insertCandidates(const std::vector<std::pair<int, design::Candidate>>& items);
  void eraseCandidates(const QStringList& ids);
  void recomputeShapeMetrics();
  void recomputeErrors();
  void emitModified();

  design::Session session_;
  std::optional<Stiffness> targetStiffness_;
  std::vector<design::CandidateMetrics> metrics_;
  QString currentId_;
  QStringList selectedIds_;
  QString filePath_;
  bool resultsChanged_ = false;
  bool lastModified_ = false;
  quint64 revision_ = 0;
  QUndoStack undo_;
};

}  // namespace mf::gui
