#include "gui/candidates_panel.hpp"

#include "gui/candidate_table_model.hpp"
#include "gui/session_model.hpp"
#include "gui/thumbnail_cache.hpp"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace mf::gui {

CandidatesPanel::CandidatesPanel(SessionModel* session, CandidateTableModel* model, QWidget* parent)
    : QWidget(parent), session_(session), model_(model) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* split = new QSplitter(Qt::Vertical, this);

  gallery_ = new QListView(split);
  gallery_->setObjectName("candidateGallery");
  gallery_->setModel(model_);
  gallery_->setModelColumn(CandidateTableModel::Name);
  gallery_->setViewMode(QListView::IconMode);
  gallery_->setIconSize(QSize(ThumbnailCache::kSize, ThumbnailCache::kSize));
  gallery_->setGridSize(QSize(ThumbnailCache::kSize + 16, ThumbnailCache::kSize + 26));
  gallery_->setResizeMode(QListView::Adjust);
  gallery_->setMovement(QListView::Static);
  gallery_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  gallery_->setUniformItemSizes(true);
  gallery_->setWordWrap(true);

  sorted_ = new QSortFilterProxyModel(this);
  sorted_->setSourceModel(model_);
  sorted_->setSortRole(CandidateTableModel::kSortRole);
  table_ = new QTableView(split);
  table_->setObjectName("candidateTable");
  table_->setModel(sorted_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(CandidateTableModel::Error, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setIconSize(QSize(28, 28));
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(30);
  table_->horizontalHeader()->setStretchLastSection(true);
  // Fixed widths that fit the numbers: sizing columns to their contents asks every cell for its
  // data (thumbnails included) on every change, which is slow with many candidates.
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  const int widths[CandidateTableModel::ColumnCount] = {170, 72, 84, 170, 56, 60, 80, 80, 70, 200, 110};
  for (int c = 0; c < CandidateTableModel::ColumnCount; ++c) table_->setColumnWidth(c, widths[c]);
  table_->setAlternatingRowColors(true);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);

  split->addWidget(gallery_);
  split->addWidget(table_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);
  buttons_ = new QHBoxLayout;
  layout->addLayout(buttons_);

  auto idsOf = [](const QModelIndexList& rows) {
    QStringList ids;
    for (const QModelIndex& i : rows) ids << i.data(CandidateTableModel::kIdRole).toString();
    return ids;
  };
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this, idsOf] { pushSelection(idsOf(table_->selectionModel()->selectedRows())); });
  connect(gallery_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this, idsOf] { pushSelection(idsOf(gallery_->selectionModel()->selectedIndexes())); });
  connect(session_, &SessionModel::selectionChanged, this, &CandidatesPanel::pullSelection);
  connect(session_, &SessionModel::candidatesChanged, this, &CandidatesPanel::pullSelection);
}

void CandidatesPanel::setActions(const QList<QAction*>& actions) {
  for (QAction* a : actions) {
    auto* b = new QToolButton(this);
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setObjectName(a->objectName() + "Button");
    buttons_->addWidget(b);
  }
  buttons_->addStretch(1);
}

void CandidatesPanel::pushSelection(const QStringList& ids) {
  if (syncing_) return;
  syncing_ = true;
  session_->setSelectedIds(ids);
  if (!ids.isEmpty() && !ids.contains(session_->currentId())) session_->setCurrentId(ids.front());
  else if (ids.size() == 1) session_->setCurrentId(ids.front());
  syncing_ = false;
  pullSelection();
}

void CandidatesPanel::pullSelection() {
  if (syncing_) return;
  syncing_ = true;
  const QStringList ids = session_->selectedIds();
  QItemSelection inTable, inGallery;
  for (const QString& id : ids) {
    const int row = model_->rowOf(id);
    if (row < 0) continue;
    const QModelIndex source = model_->index(row, 0);
    inGallery.select(source, source);
    const QModelIndex first = sorted_->mapFromSource(source);
    const QModelIndex last = sorted_->mapFromSource(model_->index(row, CandidateTableModel::ColumnCount - 1));
    inTable.select(first, last);
  }
  table_->selectionModel()->select(inTable, QItemSelectionModel::ClearAndSelect);
  gallery_->selectionModel()->select(inGallery, QItemSelectionModel::ClearAndSelect);
  if (!ids.isEmpty()) {
    const int row = model_->rowOf(ids.front());
    if (row >= 0) table_->scrollTo(sorted_->mapFromSource(model_->index(row, 0)));
  }
  syncing_ = false;
}

}  // namespace mf::gui
