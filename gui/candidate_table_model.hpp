#pragma once
// The candidates as a table for Qt's views: one row per candidate, the columns of the
// Candidates dock. Numbers sort as numbers (Qt::UserRole); unknown values sort last.

#include <QAbstractTableModel>
#include <QHash>

namespace mf::gui {

class SessionModel;
class ThumbnailCache;

class CandidateTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Name, Error, Deviation, Achieved, VolumeFraction, Zener, Connected, Similarity, Source, Provenance, Status, ColumnCount };
  static constexpr int kSortRole = Qt::UserRole;
  static constexpr int kIdRole = Qt::UserRole + 1;

  CandidateTableModel(SessionModel* session, ThumbnailCache* thumbnails, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  QString idAt(int row) const;
  int rowOf(const QString& id) const;
  // What the FE engine is doing with a candidate ("queued", "solving 40 %", "failed: …");
  // empty once verified or when nothing runs.
  void setStatus(const QString& id, const QString& status);

 private:
  void refreshRow(const QString& id);
  bool cubicTarget() const;  // no target yet counts as cubic (the default form)

  SessionModel* session_;
  ThumbnailCache* thumbnails_;
  QHash<QString, QString> status_;
};

}  // namespace mf::gui
