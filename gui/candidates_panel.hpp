#pragma once
// The Candidates dock: a gallery of thumbnails over a sortable table of the candidates with
// their error, volume fraction, Zener ratio, connectivity, similarity, source and provenance.
// Selection is shared with the session: selecting here highlights everywhere.

#include <QList>
#include <QWidget>

class QAction;
class QHBoxLayout;
class QListView;
class QSortFilterProxyModel;
class QTableView;

namespace mf::gui {

class CandidateTableModel;
class SessionModel;

class CandidatesPanel : public QWidget {
  Q_OBJECT

 public:
  CandidatesPanel(SessionModel* session, CandidateTableModel* model, QWidget* parent = nullptr);

  // Buttons under the table, one per action.
  void setActions(const QList<QAction*>& actions);
  QTableView* table() const { return table_; }
  QListView* gallery() const { return gallery_; }
  QSortFilterProxyModel* sortedModel() const { return sorted_; }

 private:
  void pushSelection(const QStringList& ids);
  void pullSelection();

  SessionModel* session_;
  CandidateTableModel* model_;
  QSortFilterProxyModel* sorted_;
  QListView* gallery_;
  QTableView* table_;
  QHBoxLayout* buttons_;
  bool syncing_ = false;
};

}  // namespace mf::gui
