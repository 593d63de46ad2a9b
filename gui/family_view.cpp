#include "gui/family_view.hpp"

#include "core/io/surface.hpp"
#include "gui/session_model.hpp"
#include "render/mesh_polydata.hpp"
#include "render/microstructure_scene.hpp"
#include "render/vtk_viewport.hpp"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <vtkPolyData.h>

#include <algorithm>
#include <limits>

namespace mf::gui {
namespace {

// The cell's mid-plane section (z = n/2), solid dark: what a strip of 30 members can afford.
QPixmap sectionOf(const BinaryCell& cell, int size) {
  QImage image(cell.nx(), cell.ny(), QImage::Format_Grayscale8);
  const int k = cell.nz() / 2;
  for (int j = 0; j < cell.ny(); ++j)
    for (int i = 0; i < cell.nx(); ++i) image.setPixel(i, j, cell(i, j, k) ? qRgb(40, 60, 90) : qRgb(235, 235, 235));
  return QPixmap::fromImage(image.scaled(size, size, Qt::KeepAspectRatio, Qt::FastTransformation));
}

}  // namespace

FamilyTrajectoryPlot::FamilyTrajectoryPlot(QWidget* parent) : QWidget(parent) {
  setObjectName("familyTrajectoryPlot");
  setMinimumSize(320, 200);
}

void FamilyTrajectoryPlot::setPoints(std::vector<QPointF> points) {
  points_ = std::move(points);
  update();
}

void FamilyTrajectoryPlot::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(rect(), Qt::white);
  const QRectF area = QRectF(rect()).adjusted(52, 16, -16, -40);
  // Axes: vf over the members' span (at least 0.1 wide), K/K_HS from 0 to 1.1.
  double lo = 0.0, hi = 1.0;
  if (!points_.empty()) {
    lo = hi = points_.front().x();
    for (const QPointF& q : points_) lo = std::min(lo, q.x()), hi = std::max(hi, q.x());
    const double pad = std::max(0.05, 0.1 * (hi - lo));
    lo = std::max(0.0, lo - pad), hi = std::min(1.0, hi + pad);
  }
  const auto at = [&](double vf, double k) {
    return QPointF(area.left() + (vf - lo) / (hi - lo) * area.width(), area.bottom() - k / 1.1 * area.height());
  };
  p.setPen(QPen(Qt::black, 1));
  p.drawRect(area);
  p.drawText(QRectF(area.left(), area.bottom() + 18, area.width(), 18), Qt::AlignCenter, tr("volume fraction"));
  p.save();
  p.translate(14, area.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-60, -10, 120, 20), Qt::AlignCenter, QStringLiteral("K / K_HS"));
  p.restore();
  for (double k : {0.0, 0.5, 1.0})
    p.drawText(QRectF(area.left() - 40, at(lo, k).y() - 8, 34, 16), Qt::AlignRight | Qt::AlignVCenter, QString::number(k, 'f', 1));
  for (double vf : {lo, hi})
    p.drawText(QRectF(at(vf, 0).x() - 25, area.bottom() + 2, 50, 16), Qt::AlignCenter, QString::number(vf, 'f', 2));
  // The HS bound (every cell lies below it) and the 0.86 line of a graded part.
  p.setPen(QPen(QColor(200, 60, 40), 1.5));
  p.drawLine(at(lo, 1.0), at(hi, 1.0));
  p.drawText(QRectF(area.right() - 110, at(hi, 1.0).y() - 18, 106, 16), Qt::AlignRight, tr("HS bound"));
  p.setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  p.drawLine(at(lo, 0.86), at(hi, 0.86));
  p.drawText(QRectF(area.right() - 110, at(hi, 0.86).y() + 2, 106, 16), Qt::AlignRight, QStringLiteral("0.86"));
  if (points_.empty()) return;
  QPainterPath path(at(points_.front().x(), points_.front().y()));
  for (const QPointF& q : points_) path.lineTo(at(q.x(), q.y()));
  p.setPen(QPen(QColor(40, 90, 160), 1.5));
  p.drawPath(path);
  p.setBrush(QColor(40, 90, 160));
  for (const QPointF& q : points_) p.drawEllipse(at(q.x(), q.y()), 3.5, 3.5);
}

FamilyConstantsPlot::FamilyConstantsPlot(QWidget* parent) : QWidget(parent) {
  setObjectName("familyConstantsPlot");
  setMinimumSize(320, 200);
}

void FamilyConstantsPlot::setConstants(std::vector<std::array<double, 3>> constants) {
  constants_ = std::move(constants);
  update();
}

void FamilyConstantsPlot::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(rect(), Qt::white);
  const QRectF area = QRectF(rect()).adjusted(60, 16, -16, -40);
  double lo = 0.0, hi = 1e-12;
  for (const auto& c : constants_)
    for (double v : c) lo = std::min(lo, v), hi = std::max(hi, v);
  const double span = hi - lo;
  const int n = std::max(2, static_cast<int>(constants_.size()));
  const auto at = [&](int i, double v) {
    return QPointF(area.left() + double(i) / (n - 1) * area.width(), area.bottom() - (v - lo) / span * area.height());
  };
  p.setPen(QPen(Qt::black, 1));
  p.drawRect(area);
  p.drawText(QRectF(area.left(), area.bottom() + 18, area.width(), 18), Qt::AlignCenter, tr("member"));
  for (double v : {lo, hi})
    p.drawText(QRectF(2, at(0, v).y() - 8, 54, 16), Qt::AlignRight | Qt::AlignVCenter, QString::number(v, 'g', 3));
  if (lo < 0) {  // an auxetic member: C12 below zero
    p.setPen(QPen(QColor(160, 160, 160), 1, Qt::DotLine));
    p.drawLine(at(0, 0.0), at(n - 1, 0.0));
  }
  const QColor colours[3] = {QColor(40, 90, 160), QColor(60, 150, 70), QColor(200, 110, 30)};
  const char* names[3] = {"C11", "C12", "C44"};
  for (int k = 0; k < 3; ++k) {
    p.setPen(QPen(colours[k], 1.5));
    p.drawText(QRectF(area.left() + 8 + 48 * k, area.top() + 4, 44, 16), Qt::AlignLeft, QString::fromLatin1(names[k]));
    if (constants_.empty()) continue;
    QPainterPath path(at(0, constants_[0][static_cast<std::size_t>(k)]));
    for (std::size_t i = 0; i < constants_.size(); ++i) path.lineTo(at(static_cast<int>(i), constants_[i][static_cast<std::size_t>(k)]));
    p.drawPath(path);
  }
}

FamilyView::FamilyView(SessionModel* session, QWidget* parent) : QWidget(parent), session_(session) {
  setObjectName("familyView");
  auto* layout = new QVBoxLayout(this);
  auto* controls = new QHBoxLayout;
  ends_ = new QLabel(this);
  useSelected_ = new QPushButton(tr("Use selected as ends"), this);
  useSelected_->setObjectName("familyUseSelected");
  useSelected_->setToolTip(tr("The first two selected candidates become the start and the end"));
  datasetEnd_ = new QPushButton(tr("Dataset cell as end…"), this);
  datasetEnd_->setObjectName("familyDatasetEnd");
  datasetEnd_->setToolTip(tr("A cell of the bundled dataset joins the candidates as the end; the current candidate is the start"));
  members_ = new QSpinBox(this);
  members_->setObjectName("familyMembers");
  members_->setRange(3, 51);
  members_->setValue(11);
  members_->setPrefix(tr("members "));
  guided_ = new QCheckBox(tr("Guide toward K near the HS bound"), this);
  guided_->setObjectName("familyGuided");
  guided_->setChecked(true);
  guided_->setToolTip(tr("Universal guidance (seed 000 Eq. 14): the bundled K/K_HS regressor and shared faces"));
  interpolate_ = new QPushButton(tr("Interpolate"), this);
  interpolate_->setObjectName("familyInterpolate");
  controls->addWidget(ends_, 1);
  controls->addWidget(useSelected_);
  controls->addWidget(datasetEnd_);
  controls->addWidget(members_);
  controls->addWidget(guided_);
  controls->addWidget(interpolate_);
  layout->addLayout(controls);
  strip_ = new QListWidget(this);
  strip_->setObjectName("familyStrip");
  strip_->setViewMode(QListView::IconMode);
  strip_->setFlow(QListView::LeftToRight);
  strip_->setWrapping(false);
  strip_->setIconSize(QSize(72, 72));
  strip_->setMinimumHeight(140);
  layout->addWidget(strip_);
  auto* lower = new QHBoxLayout;
  plot_ = new FamilyTrajectoryPlot(this);
  lower->addWidget(plot_, 1);
  constantsPlot_ = new FamilyConstantsPlot(this);
  lower->addWidget(constantsPlot_, 1);
  auto* side = new QVBoxLayout;
  summary_ = new QLabel(tr("No family yet: pick two candidates as ends and press Interpolate."), this);
  summary_->setObjectName("familySummary");
  summary_->setWordWrap(true);
  addMember_ = new QPushButton(tr("Add member to candidates"), this);
  addMember_->setObjectName("familyAddMember");
  addMember_->setEnabled(false);
  exportBar_ = new QPushButton(tr("Export graded bar…"), this);
  exportBar_->setObjectName("familyExportBar");
  exportBar_->setToolTip(tr("The members side by side as one watertight part (STL or 3MF)"));
  exportBar_->setEnabled(false);
  preview_ = new render::VtkViewport(this);
  preview_->setObjectName("familyPreview");
  preview_->setFitZoom(1.0);
  preview_->setMinimumSize(220, 220);
  previewScene_ = std::make_unique<render::MicrostructureScene>(preview_->renderer());
  side->addWidget(summary_);
  side->addWidget(addMember_);
  side->addWidget(exportBar_);
  side->addWidget(preview_, 1);
  lower->addLayout(side);
  layout->addLayout(lower, 1);

  connect(useSelected_, &QPushButton::clicked, this, &FamilyView::useSelection);
  connect(datasetEnd_, &QPushButton::clicked, this, [this] {
    bool ok = false;
    const int index = QInputDialog::getInt(this, tr("Dataset cell as end"), tr("Sample of the bundled dataset (its position):"),
                                           0, 0, std::numeric_limits<int>::max(), 1, &ok);
    if (ok) Q_EMIT datasetEndRequested(index);
  });
  connect(interpolate_, &QPushButton::clicked, this,
          [this] { Q_EMIT interpolateRequested(startId_, endId_, members_->value(), guided_->isChecked()); });
  connect(strip_, &QListWidget::currentRowChanged, this, [this](int row) {
    addMember_->setEnabled(row >= 0);
    showMember(row);
  });
  connect(exportBar_, &QPushButton::clicked, this, &FamilyView::exportBarRequested);
  connect(addMember_, &QPushButton::clicked, this, [this] {
    if (strip_->currentRow() >= 0) Q_EMIT addMemberRequested(strip_->currentRow());
  });
  connect(session_, &SessionModel::candidatesChanged, this, &FamilyView::updateEnds);
  updateEnds();
}

FamilyView::~FamilyView() = default;

void FamilyView::showMember(int member) {
  const bool valid = member >= 0 && member < static_cast<int>(family_.members.size());
  shownMember_ = valid ? member : -1;
  if (!valid) {
    previewScene_->setSurface(nullptr);
  } else {
    // Members are cells of the model's resolution (32³ to 64³): their voxel surface meshes in
    // tens of milliseconds (a whole 64³ export, process start-up included, takes 0.3 s), so the
    // click shows it at once rather than through a job.
    NullProgress none;
    const BinaryCell& cell = family_.members[static_cast<std::size_t>(member)].proposal.cell;
    const bool first = !previewScene_->hasSurface();
    previewScene_->setSurface(render::toPolyData(io::extractSurface(cell, {}, none)), 1.0);
    if (first) preview_->resetCamera();
  }
  preview_->requestRender();
}

void FamilyView::useSelection() {
  const QStringList ids = session_->selectedIds();
  if (ids.size() < 2) return;
  startId_ = ids[0];
  endId_ = ids[1];
  updateEnds();
}

void FamilyView::setEnds(const QString& startId, const QString& endId) {
  startId_ = startId;
  endId_ = endId;
  updateEnds();
}

void FamilyView::updateEnds() {
  const design::Candidate* a = session_->candidateById(startId_);
  const design::Candidate* b = session_->candidateById(endId_);
  if (!a) startId_.clear();
  if (!b) endId_.clear();
  interpolate_->setEnabled(a && b);
  ends_->setText(a && b ? tr("%1 → %2").arg(QString::fromStdString(a->name), QString::fromStdString(b->name))
                        : tr("Ends: select two candidates, then “Use selected as ends”"));
}

void FamilyView::setFamily(design::InterpolatedFamily family) {
  family_ = std::move(family);
  strip_->clear();
  std::vector<QPointF> points;
  std::vector<std::array<double, 3>> constants;
  for (std::size_t i = 0; i < family_.members.size(); ++i) {
    const design::FamilyMember& m = family_.members[i];
    QString text = tr("%1 · vf %2").arg(i).arg(m.volumeFraction, 0, 'f', 3);
    if (m.bulkRatio) text += tr("\nK/K_HS %1").arg(*m.bulkRatio, 0, 'f', 3);
    if (m.faceSimilarity) text += tr("\nface %1").arg(*m.faceSimilarity, 0, 'f', 2);
    auto* item = new QListWidgetItem(QIcon(sectionOf(m.proposal.cell, 72)), text, strip_);
    item->setToolTip(m.connected ? tr("one connected piece") : tr("not connected"));
    if (m.bulkRatio) points.emplace_back(m.volumeFraction, *m.bulkRatio);
    if (m.homogenized) {
      const Stiffness& c = m.homogenized->stiffness;
      constants.push_back({c(1, 1), c(1, 2), c(4, 4)});
    }
  }
  plot_->setPoints(std::move(points));
  constantsPlot_->setConstants(std::move(constants));
  const design::FamilySummary s = design::summarizeFamily(family_.members);
  summary_->setText(tr("%1 members · weakest K/K_HS %2 (%3 below 0.86) · weakest join %4 · %5 · vf %6 · made in %7 s")
                        .arg(family_.members.size())
                        .arg(s.minBulkRatio, 0, 'f', 3)
                        .arg(s.belowBulkRatio)
                        .arg(s.minFaceSimilarity, 0, 'f', 2)
                        .arg(s.allConnected ? tr("all connected") : tr("not all connected"))
                        .arg(s.volumeFractionMonotone ? tr("monotone") : tr("not monotone"))
                        .arg(family_.makingSeconds, 0, 'f', 1));
  addMember_->setEnabled(false);
  exportBar_->setEnabled(!family_.members.empty());
  // The first member shows until the user picks another: the tab never shows a stale cell.
  if (!family_.members.empty()) strip_->setCurrentRow(0);
  else showMember(-1);
}

}  // namespace mf::gui
