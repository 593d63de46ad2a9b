#include "gui/microstructure_view.hpp"

#include "gui/session_model.hpp"
#include "gui/surface_cache.hpp"
#include "core/io/json_fields.hpp"
#include "core/io/length_unit.hpp"
#include "render/microstructure_scene.hpp"
#include "render/scale_bar.hpp"
#include "render/vtk_viewport.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <vtkPolyData.h>

namespace mf::gui {

MicrostructureView::MicrostructureView(SessionModel* session, SurfaceCache* surfaces, QWidget* parent)
    : QWidget(parent), session_(session), surfaces_(surfaces) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(6, 2, 6, 2);

  bar->addWidget(new QLabel(tr("Tiling"), this));
  tiles_ = new QSpinBox(this);
  tiles_->setObjectName("tilesSpin");
  tiles_->setRange(1, 4);
  tiles_->setSuffix(QString::fromUtf8("³"));
  tiles_->setToolTip(tr("Cells per axis (keys 1–4)"));
  bar->addWidget(tiles_);

  clip_ = new QCheckBox(tr("Clip"), this);
  clip_->setObjectName("clipCheck");
  clip_->setToolTip(tr("Cut the block with a plane (key C)"));
  bar->addWidget(clip_);
  clipAxis_ = new QComboBox(this);
  clipAxis_->setObjectName("clipAxisCombo");
  clipAxis_->addItems({"x1", "x2", "x3"});
  bar->addWidget(clipAxis_);
  clipPosition_ = new QSlider(Qt::Horizontal, this);
  clipPosition_->setObjectName("clipSlider");
  clipPosition_->setRange(0, 100);
  clipPosition_->setValue(50);
  clipPosition_->setMaximumWidth(140);
  bar->addWidget(clipPosition_);

  octant_ = new QCheckBox(tr("Cubic octant"), this);
  octant_->setObjectName("octantCheck");
  octant_->setToolTip(tr("Highlight the octant [0, ½]³ of every cell: cubic symmetry mirrors it into the rest"));
  bar->addWidget(octant_);
  smooth_ = new QCheckBox(tr("Smooth"), this);
  smooth_->setObjectName("smoothCheck");
  smooth_->setToolTip(tr("Show the smoothed surface (as exported with smoothing)"));
  bar->addWidget(smooth_);
  bar->addStretch(1);
  info_ = new QLabel(this);
  info_->setObjectName("microstructureInfo");
  info_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  info_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // changing text, stable layout
  bar->addWidget(info_);
  layout->addLayout(bar);

  viewport_ = new render::VtkViewport(this);
  viewport_->setObjectName("microstructureViewport");
  viewport_->setFitZoom(1.0);  // a cell fills its box to the corners: fit the box, do not crop it
  layout->addWidget(viewport_, 1);
  scene_ = std::make_unique<render::MicrostructureScene>(viewport_->renderer());
  scaleBar_ = std::make_unique<render::ScaleBar>(viewport_->renderer());

  connect(tiles_, &QSpinBox::valueChanged, this, &MicrostructureView::showCurrent);
  connect(clip_, &QCheckBox::toggled, this, &MicrostructureView::updateClip);
  connect(clipAxis_, &QComboBox::currentIndexChanged, this, &MicrostructureView::updateClip);
  connect(clipPosition_, &QSlider::valueChanged, this, &MicrostructureView::updateClip);
  connect(octant_, &QCheckBox::toggled, this, [this](bool on) {
    scene_->setOctantHighlight(on);
    // The octant [0, ½]³ sits at the cells' origin corner, behind the rest from the usual view:
    // while it is highlighted the camera looks from the −x1 −x2 side, where it shows.
    viewport_->setHomeDirection(on ? -1.0 : 1.0, on ? -0.78 : 0.78, 0.62);
    if (scene_->hasSurface()) viewport_->resetCamera();
    viewport_->requestRender();
  });
  connect(smooth_, &QCheckBox::toggled, this, &MicrostructureView::showCurrent);
  connect(session_, &SessionModel::currentChanged, this, &MicrostructureView::showCurrent);
  connect(session_, &SessionModel::candidatesChanged, this, &MicrostructureView::showCurrent);
  connect(surfaces_, &SurfaceCache::ready, this, [this](const QString& id) {
    if (id == session_->currentId()) showCurrent();
  });
  showCurrent();
}

MicrostructureView::~MicrostructureView() = default;

void MicrostructureView::setTiles(int tiles) { tiles_->setValue(tiles); }
int MicrostructureView::tiles() const { return tiles_->value(); }
void MicrostructureView::setClipEnabled(bool on) { clip_->setChecked(on); }
bool MicrostructureView::clipEnabled() const { return clip_->isChecked(); }
void MicrostructureView::setOctantHighlight(bool on) { octant_->setChecked(on); }
bool MicrostructureView::octantHighlight() const { return octant_->isChecked(); }
void MicrostructureView::setSmooth(bool on) { smooth_->setChecked(on); }

long long MicrostructureView::budgetFor(int tiles) {
  return tiles <= 1 ? 0 : render::kDisplayTriangleBudget / (static_cast<long long>(tiles) * tiles * tiles);
}

void MicrostructureView::showCurrent() {
  const QString id = session_->currentId();
  const int smoothing = smooth_->isChecked() ? 4 : 0;
  const int tiles = tiles_->value();
  scaleBar_->setVisible(!id.isEmpty() && session_->indexOf(id) >= 0);
  if (id.isEmpty() || session_->indexOf(id) < 0) {
    scene_->setSurface(nullptr);
    shownId_.clear();
    updateInfo();
    viewport_->requestRender();
    return;
  }
  if (id == shownId_ && smoothing == shownSmoothing_ && tiles == scene_->tiles()) return;
  // Until the surface for this tiling is ready, the view keeps what it shows.
  const auto surface = surfaces_->find(id, smoothing, budgetFor(tiles));
  if (!surface) {
    surfaces_->request(id, smoothing, budgetFor(tiles));
    info_->setText(tr("meshing…"));
    return;
  }
  // The scale bar speaks the unit and size the cell was (or will be) printed at.
  const QSettings settings;
  const auto unit = static_cast<io::LengthUnit>(settings.value("export/unit", static_cast<int>(io::LengthUnit::Millimeter)).toInt());
  scaleBar_->setPrintedCell(settings.value("export/cellSize", 10.0).toDouble(), io::unitSymbol(unit));
  const bool first = shownId_.isEmpty();
  const bool retiled = tiles != scene_->tiles();
  scene_->setSurface(surface, 1.0);
  scene_->setTiles(tiles);
  shownId_ = id;
  shownSmoothing_ = smoothing;
  updateClip();
  if (first || retiled) viewport_->resetCamera();
  updateInfo();
  viewport_->requestRender();
  Q_EMIT surfaceShown(id);
}

void MicrostructureView::updateClip() {
  scene_->setClip(clip_->isChecked(), clipAxis_->currentIndex(), clipPosition_->value() / 100.0);
  clipAxis_->setEnabled(clip_->isChecked());
  clipPosition_->setEnabled(clip_->isChecked());
  viewport_->requestRender();
}

void MicrostructureView::updateInfo() {
  const design::Candidate* c = session_->candidateById(shownId_);
  if (!c) {
    info_->setText(session_->candidateCount() == 0 ? tr("no candidate: open a cell (Ctrl+O)") : QString());
    return;
  }
  info_->setText(tr("%1 · %2 voxels · %3 triangles%4")
                     .arg(QString::fromStdString(c->name))
                     .arg(QString::number(c->cell.nx()) + QString::fromUtf8("³"))
                     .arg(scene_->triangleCount())
                     .arg(scene_->tiles() > 1 ? tr(" (decimated for display)") : QString()));
}

nlohmann::json MicrostructureView::viewState() const {
  return {{"tiles", tiles_->value()},
          {"clip", clip_->isChecked()},
          {"clip_axis", clipAxis_->currentIndex()},
          {"clip_position", clipPosition_->value()},
          {"octant", octant_->isChecked()},
          {"smooth", smooth_->isChecked()}};
}

void MicrostructureView::restoreViewState(io::JsonFields s) {
  tiles_->setValue(s.integer("tiles", 1, 1, 4));
  clipAxis_->setCurrentIndex(s.integer("clip_axis", 0, 0, 2));
  clipPosition_->setValue(s.integer("clip_position", 50, 0, 100));
  clip_->setChecked(s.boolean("clip", false));
  octant_->setChecked(s.boolean("octant", false));
  smooth_->setChecked(s.boolean("smooth", false));
}

}  // namespace mf::gui
